// The answers page for STIL's support desk (page side): the ready answers with their copy
// buttons and filter, and the reply draft from a pasted summary or a dropped certificate.
// The summary is read and the draft written in the worker (checks/answers.py); a dropped
// certificate is checked there as the checker checks it. Nothing is uploaded.
//
// Hooks: root [data-widget="support-answers"], textarea[data-input="summary"], the draft
// [data-field="reply"], each answer [data-answer="<id>"]. After each draft the root counts
// `data-replies` up and fires `oces-reply` with the worker's result.

import { request, state as worker, onWorker } from "./client.js";
import { announce, bump, format, reveal, texts, validationTime, el } from "./dom.js";
import { dropZone } from "./drop.js";
import { copyText } from "./files.js";

export function setupAnswers(root) {
  const t = texts(root);
  const ui = t.answers_ui;
  const q = (sel) => root.querySelector(sel);
  const summary = q("textarea[data-input='summary']");
  const fileInput = q("input[type=file]");
  const langSelect = q("[data-input='reply-lang']");
  const status = q("[data-status]");
  const output = q("[data-output]");
  const reply = q("[data-field='reply']");
  const problems = q("[data-field='problems']");

  // With JavaScript: the tool, the copy buttons and the filter appear; the sentence for
  // pages without it goes.
  q("[data-nojs]").hidden = true;
  q("[data-tool]").hidden = false;
  q("[data-filter]").hidden = false;
  for (const p of root.querySelectorAll(".oces-answer-actions")) p.hidden = false;

  onWorker((msg) => {
    if (msg.type === "failed") status.textContent = t.stages.failed;
  });

  async function make(input) {
    status.textContent = input.name ? format(ui.working_file, { name: input.name }) : ui.working;
    try {
      const result = await request({
        type: "answer", at: validationTime(root), lang: langSelect.value, answers: t.answers_data,
        site: t.site, ...input,
      }, input.data ? [input.data] : []);
      show(result);
      bump(root, "replies");
      root.dispatchEvent(new CustomEvent("oces-reply", { detail: result }));
    } catch (err) {
      status.textContent = format(ui.error, { error: err.message });
      bump(root, "replies");
      root.dispatchEvent(new CustomEvent("oces-reply", { detail: { error: err.message } }));
    }
  }

  function show(result) {
    const notes = [...result.problems];
    // What the chosen answers' notes ask the agent to check, in the reply's language.
    const lang = langSelect.value;
    for (const id of result.answers) {
      const a = t.answers_data.answers.find((x) => x.id === id);
      if (a && a.note) notes.push(`${a.title[lang]}: ${a.note[lang]}`);
    }
    problems.replaceChildren(...notes.map((n) => el("li", {}, n)));
    q("[data-problems-box]").hidden = !notes.length;
    reply.textContent = result.reply || "";
    reply.hidden = !result.reply;
    q("[data-action='copy-reply']").hidden = !result.reply;
    output.hidden = false;
    root.dataset.state = result.reply ? "done" : "no-draft";
    status.textContent = result.reply ? ui.done : ui.no_draft;
    announce(root, status.textContent);
    reveal(q("[data-output-heading]"));
  }

  root.addEventListener("click", (e) => {
    const btn = e.target.closest("[data-action]");
    if (!btn) return;
    if (btn.dataset.action === "make-reply") {
      make({ summary: summary.value }); // the text stays in the box
    } else if (btn.dataset.action === "copy-reply") {
      copyText(root, btn, reply.textContent, t.copied);
    } else if (btn.dataset.action === "copy-answer") {
      const id = btn.closest("[data-answer]").dataset.answer;
      copyText(root, btn, t.copy_texts[id], t.copied);
    }
  });

  // A pasted summary gives a draft at once; the text stays in the box.
  summary.addEventListener("paste", () => setTimeout(() => make({ summary: summary.value }), 0));

  async function fromFiles(files) {
    const f = files[0];
    if (!f) return;
    make({ name: f.name, data: await f.arrayBuffer() });
  }
  fileInput.addEventListener("change", () => {
    const files = [...(fileInput.files || [])];
    fileInput.value = "";
    fromFiles(files);
  });
  dropZone(q("[data-tool]"), (files) => fromFiles(files));

  // The filter: every word typed must occur in the answer's title, text, codes or links.
  const filter = q("[data-input='filter']");
  const count = q("[data-filter-count]");
  const all = [...root.querySelectorAll("[data-answer]")];
  filter.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const a of all) {
      const hit = words.every((w) => a.dataset.words.includes(w));
      a.hidden = !hit;
      if (hit) shown++;
    }
    count.textContent = words.length ? format(ui.shown, { shown, total: all.length }) : "";
  });

  if (worker.ready) root.dataset.state = "ready";
}
