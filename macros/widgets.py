"""The two browser widgets as macros: `cert_check_widget()` and `message_widget()`.

Each renders the widget's HTML in the page's language, with its texts from
`macros/widgets.toml` (Danish and English side by side), and the module script that
starts the Pyodide worker (docs/assets/widgets/widget.js). The hooks tests and scripts
rely on (`data-widget`, `data-state`, `data-field`, `data-value`, `data-code`) are
DESIGN.md's "Widget hooks". The render functions are plain: language, the path from
the page to the site root and the texts in, HTML out.
"""

from __future__ import annotations

import functools
import json
import tomllib
from pathlib import Path

from checks.catalogue import DEFAULT_LANGUAGE, LANGUAGES, check_lang
from macros.render import esc

TEXTS = Path(__file__).with_name("widgets.toml")
ASSETS = "assets/widgets/"


@functools.cache
def texts() -> dict:
    with TEXTS.open("rb") as f:
        return tomllib.load(f)


def pick(value, lang: str):
    """`value` with every {da: …, en: …} table replaced by its `lang` text."""
    check_lang(lang)
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return value[lang]
        return {k: pick(v, lang) for k, v in value.items()}
    return value


def root_from(page_url: str) -> str:
    """The relative path from a page at URL path `page_url` (e.g. `en/checker/`) to the site root."""
    depth = len([p for p in page_url.strip("/").split("/") if p])
    if page_url and not page_url.endswith("/"):
        depth -= 1  # `page.html`: the last part is a file
    return "../" * max(depth, 0) or "./"


def _lang_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def _js_texts(lang: str, root: str) -> dict:
    js = pick(texts()["js"], lang)
    js["fields"] = pick(texts()["checker"]["fields"], lang)
    js["site_root"] = root
    js["key_usage"] = pick(texts()["checker"]["key_usage"], lang)
    js["lang_root"] = base = f"{root}{_lang_prefix(lang)}"
    js["findings_url"] = f"{base}findings/"
    js["go_url"] = f"{base}go/{{code}}/"
    js["renewal_url"] = f"{base}{RENEWAL_PAGE}"
    return js


# The page-side modules (docs/assets/widgets/*.js), preloaded so that the views load
# beside the worker instead of one after another.
MODULES = (
    "client.js",
    "dom.js",
    "checker.js",
    "builder.js",
    "facts.js",
    "findings.js",
    "drop.js",
    "files.js",
    "ics.js",
    "storage.js",
    "textsafe.js",
    "attime.js",
)
RENEWAL_PAGE = "oces3/renewal/"


def _script(root: str) -> str:
    base = esc(root + ASSETS)
    preload = "".join(f'<link rel="modulepreload" href="{base}{m}">' for m in MODULES)
    return (
        f'<link rel="stylesheet" href="{base}widget.css">{preload}'
        f'<script type="module" async src="{base}widget.js"></script>'
    )


def _data_block(data: dict) -> str:
    # JSON inside <script type="application/json">: data, not code; "</" cannot end it.
    body = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" data-texts>{body}</script>'


def _progress(lang: str, uid: str) -> str:
    label = pick(texts()["common"]["loading"], lang)
    first = pick(texts()["js"]["stages"]["runtime"], lang)
    return (
        f'<div class="oces-progress" data-progress role="status" aria-live="polite">'
        f'<progress id="{uid}-progress" max="100" value="0" aria-label="{esc(label)}"></progress> '
        f"<span data-progress-text>{esc(first)}</span></div>"
    )


def _button(action: str, label: str, primary: bool = False, extra: str = "", hidden: bool = False) -> str:
    cls = "md-button md-button--primary" if primary else "md-button"
    return (
        f'<button type="button" class="{cls}" data-action="{action}"{extra}'
        f"{' hidden' if hidden else ''}>{esc(label)}</button> "
    )


# The checker's facts, in order; True for those shown with a copy button.
FACTS = (
    ("generation", False),
    ("kind", False),
    ("cvr", True),
    ("fid", True),
    ("uuid", True),
    ("subject-serial", True),
    ("environment", False),
    ("expires", False),
    ("not-before", False),
    ("not-after", False),
    ("serial", True),
    ("serial-decimal", True),
    ("sha256", True),
    ("sha256-hex", True),
    ("sha1", True),
    ("sha1-hex", True),
    ("key", False),
    ("key-usage", False),
    ("policies", True),
    ("subject", True),
    ("issuer", False),
    ("chain", False),
    ("file", False),
)
# Rows for the technically minded, folded under one "more technical details" control so
# that the result stays short on a phone (issue 15); the others are what people look for.
TECHNICAL = {
    "subject-serial",
    "serial",
    "serial-decimal",
    "sha256-hex",
    "sha1",
    "sha1-hex",
    "key",
    "key-usage",
    "policies",
    "subject",
    "chain",
    "file",
}
ACCEPT = ".cer,.crt,.pem,.der,.p7b,.p7c,.txt,.p12,.pfx"


def _facts(t: dict) -> str:
    fields = t["fields"]
    rows, technical = [], []
    for name, copyable in FACTS:
        copy = ""
        if copyable:
            copy = (
                f'<button type="button" class="oces-copy md-button" data-action="copy" data-copy="{name}" '
                f'aria-label="{esc(t["copy"] + ": " + fields[name])}">{esc(t["copy"])}</button>'
            )
        (technical if name in TECHNICAL else rows).append(
            f'<div data-row="{name}" hidden><dt>{esc(fields[name])}</dt>'
            f'<dd><span class="oces-value" data-field="{name}"></span>{copy}</dd></div>'
        )
    return (
        f'<div data-facts><h4>{esc(t["facts_title"])}</h4><dl class="oces-facts">{"".join(rows)}</dl>'
        f'<details class="oces-technical" data-technical><summary>{esc(t["technical_title"])}</summary>'
        f'<dl class="oces-facts">{"".join(technical)}</dl></details></div>'
    )


def render_checker(lang: str, root: str, uid: str = "oces-check") -> str:
    t = pick(texts()["checker"], lang)
    message_url = "../message/"
    return "".join(
        [
            f'<div class="oces-widget" data-widget="cert-check" data-state="loading" data-lang="{lang}" '
            f'data-sw="{esc(root)}sw.js" aria-labelledby="{uid}-title">',
            f'<h2 id="{uid}-title" class="oces-title">{esc(t["title"])}</h2>',
            f'<p class="oces-privacy">{esc(t["privacy"])} {esc(t["revocation"])}</p>',
            _progress(lang, uid),
            '<div class="oces-drop">',
            f'<label for="{uid}-file">{esc(t["file_label"])}</label> ',
            f'<input type="file" id="{uid}-file" multiple accept="{ACCEPT}">',
            f'<p class="oces-drop-hint">{esc(t["drop_hint"])}</p>',
            '<p class="oces-chosen" data-chosen hidden></p>',
            "</div>",
            f'<label for="{uid}-pem">{esc(t["pem_label"])}</label>',
            f'<textarea id="{uid}-pem" data-input="pem" rows="6" spellcheck="false" autocomplete="off"></textarea>',
            f"<p>{_button('check-text', t['check_text'])}{_button('clear', t['clear'], hidden=True)}</p>",
            '<p class="oces-status" data-status role="status" aria-live="polite"></p>',
            '<p class="oces-visually-hidden" data-announce role="status" aria-live="polite"></p>',
            f'<section class="oces-result" data-result hidden aria-labelledby="{uid}-result">',
            f'<h3 id="{uid}-result" data-result-heading tabindex="-1">{esc(t["result_title"])}</h3>',
            '<ul class="oces-file-list" data-file-list hidden></ul>',
            '<p class="oces-pair" data-pair-note hidden></p>',
            f"<p>{_button('pair-to-message', t['pair_to_message'], primary=True, hidden=True)}</p>",
            '<p class="oces-headline" data-headline></p>',
            '<dl class="oces-verdicts" data-verdicts>',
            f'<div><dt>{esc(t["verdict_test"])}</dt><dd data-field="verdict-test" data-value=""></dd></div>',
            f'<div><dt>{esc(t["verdict_prod"])}</dt><dd data-field="verdict-prod" data-value=""></dd></div>',
            "</dl>",
            f'<p class="oces-warning" data-warning="private-key" role="alert" hidden>{esc(t["private_key_warning"])}</p>',
            f"<h4>{esc(t['findings_title'])}</h4>",
            '<ul class="oces-findings" data-findings></ul>',
            _facts(t),
            '<p class="oces-actions">',
            _button(
                "use-in-message", t["use_in_message"], primary=True, extra=f' data-href="{message_url}"', hidden=True
            ),
            _button("copy-summary", t["copy_summary"]),
            "</p>",
            '<p class="oces-actions">',
            _button("download", t["download_cer"], extra=' data-download="cer"', hidden=True),
            _button("download", t["download_pem"], extra=' data-download="pem"', hidden=True),
            _button("download", t["download_chain"], extra=' data-download="chain"', hidden=True),
            _button("ics", t["ics"], hidden=True),
            "</p>",
            "</section>",
            f'<noscript><p class="oces-warning">{esc(t["noscript"])}</p></noscript>',
            _data_block(_js_texts(lang, root)),
            "</div>",
            _script(root),
        ]
    )


def _slot(lang: str, uid: str, slot: str, t: dict) -> str:
    sid = f"{uid}-{slot}"
    other = "prod" if slot == "test" else "test"
    return "".join(
        [
            f'<fieldset class="oces-slot" data-slot="{slot}">',
            f"<legend>{esc(t['slot_' + slot])}</legend>",
            f'<p class="oces-hint">{esc(t["slot_hint"])}</p>',
            f'<p class="oces-handed" data-handed hidden>{esc(t["handed_over"])}</p>',
            f'<p class="oces-chosen" hidden><span>{esc(t["chosen"])} </span><span data-slot-name></span></p>',
            f'<label for="{sid}-file">{esc(t["file_label"])}</label> ',
            f'<input type="file" id="{sid}-file" accept="{ACCEPT}">',
            f'<label for="{sid}-pem">{esc(t["pem_label"])}</label>',
            f'<textarea id="{sid}-pem" data-input="pem" rows="3" spellcheck="false" autocomplete="off"></textarea>',
            '<p class="oces-slot-status" data-slot-status role="status" aria-live="polite"></p>',
            f"<p>{_button('swap', t['swap_' + other], hidden=True)}{_button('clear-slot', t['clear_slot'], hidden=True)}</p>",
            f'<label for="{sid}-ws">{esc(t["ws_label"])}</label>',
            # A one-row textarea, not <input>: an input silently drops pasted line breaks,
            # and the builder must see (and refuse) them.
            f'<textarea id="{sid}-ws" data-input="ws" rows="1" spellcheck="false" autocomplete="off" '
            f'aria-describedby="{sid}-ws-hint"></textarea>',
            f'<p class="oces-hint" id="{sid}-ws-hint">{esc(t["ws_hint"])}</p>',
            "</fieldset>",
        ]
    )


def _renewal(uid: str, t: dict) -> str:
    """A renewal: each slot's old certificate, folded away, outside the slots (a slot holds
    one file input: the certificate it registers). builder.js reads them."""
    rows = []
    for slot in ("test", "prod"):
        sid = f"{uid}-{slot}-old"
        rows.append(
            f'<p><label for="{sid}">{esc(t["renewal_label_" + slot])}</label> '
            f'<input type="file" id="{sid}" data-input="old" data-for="{slot}" accept="{ACCEPT}"></p>'
            f'<p class="oces-chosen" data-old-chosen="{slot}" hidden><span>{esc(t["renewal_chosen"])} </span>'
            f"<span data-old-name></span> "
            f'<button type="button" class="md-button" data-action="clear-old" data-for="{slot}">'
            f"{esc(t['renewal_clear'])}</button></p>"
        )
    return (
        f'<details class="oces-slot oces-renewal" data-renewal><summary>{esc(t["renewal_summary"])}</summary>'
        f'<p class="oces-hint">{esc(t["renewal_hint"])}</p>{"".join(rows)}</details>'
    )


def _optional(uid: str, t: dict) -> str:
    rows = []
    for name in ("supplier", "system", "contact"):
        rows.append(
            f'<label for="{uid}-{name}">{esc(t["optional_" + name])}</label>'
            f'<input type="text" id="{uid}-{name}" data-input="{name}" autocomplete="off">'
        )
    return (
        f'<fieldset class="oces-slot oces-optional"><legend>{esc(t["optional_title"])}</legend>'
        f'<p class="oces-hint">{esc(t["optional_hint"])}</p>{"".join(rows)}</fieldset>'
    )


def render_message(lang: str, root: str, uid: str = "oces-message") -> str:
    t = pick(texts()["message"], lang)
    return "".join(
        [
            f'<div class="oces-widget" data-widget="registration-message" data-state="loading" data-lang="{lang}" '
            f'data-sw="{esc(root)}sw.js" aria-labelledby="{uid}-title">',
            f'<h2 id="{uid}-title" class="oces-title">{esc(t["title"])}</h2>',
            f'<p class="oces-privacy">{esc(t["privacy"])} {esc(t["intro"])}</p>',
            _progress(lang, uid),
            _slot(lang, uid, "test", t),
            _slot(lang, uid, "prod", t),
            f'<p class="oces-warning" data-swap-offer hidden>{esc(t["swap_offer"])} {_button("swap", t["swap"])}</p>',
            _renewal(uid, t),
            _optional(uid, t),
            f"<p>{_button('build', t['build'], primary=True)}{_button('clear', t['clear'])}</p>",
            '<p class="oces-status" data-status role="status" aria-live="polite" tabindex="-1"></p>',
            '<p class="oces-visually-hidden" data-announce role="status" aria-live="polite"></p>',
            f'<h3 class="oces-visually-hidden">{esc(t["findings_title"])}</h3>',
            '<ul class="oces-findings" data-findings></ul>',
            '<div class="oces-output" data-output hidden>',
            f'<h3 id="{uid}-label" data-output-heading tabindex="-1">{esc(t["message_label"])}</h3>',
            f'<pre class="oces-message" data-field="message" tabindex="0" aria-labelledby="{uid}-label"></pre>',
            '<p class="oces-actions">',
            f'<button type="button" class="md-button md-button--primary" data-action="copy-message" disabled>{esc(t["copy"])}</button> ',
            f'<button type="button" class="md-button" data-action="download" disabled>{esc(t["download"])}</button> ',
            # STIL's portal is another site: a new tab keeps the message (and this page) here.
            f'<a class="md-button" href="{esc(t["portal_url"])}" target="_blank" rel="noopener">{esc(t["portal"])}</a>',
            "</p></div>",
            f'<noscript><p class="oces-warning">{esc(t["noscript"])}</p></noscript>',
            _data_block(_js_texts(lang, root)),
            "</div>",
            _script(root),
        ]
    )


ANSWERS = Path(__file__).resolve().parent.parent / "docs" / "_data" / "answers.yml"


@functools.cache
def answers_data() -> dict:
    """docs/_data/answers.yml: the ready answers and the reply draft's own sentences."""
    import yaml  # noqa: PLC0415  the build has it; the widgets' other macros do not need it

    from checks.answers import codes_of  # noqa: PLC0415

    with ANSWERS.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    for answer in data["answers"]:  # each finding names its answer (findings.toml `answer`)
        answer["codes"] = codes_of(answer["id"])
    return data


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _answer(a: dict, lang: str, root: str, site: str, t: dict) -> str:
    from checks.summary import go_url  # noqa: PLC0415

    aid = a["id"]
    prefix = root + _lang_prefix(lang)
    links = "".join(
        f'<li><a href="{esc(prefix)}go/{esc(s)}/">{esc(go_url(site, lang, s))}</a></li>' for s in a.get("links", [])
    )
    codes = ""
    if a.get("codes"):
        codes = (
            f'<p class="oces-answer-codes">{esc(t["codes"])}: '
            + ", ".join(f'<a href="{esc(prefix)}findings/#{esc(c)}"><code>{esc(c)}</code></a>' for c in a["codes"])
            + "</p>"
        )
    note = (
        f'<p class="oces-answer-note"><strong>{esc(t["note"])}</strong> {esc(a["note"][lang])}</p>'
        if a.get("note")
        else ""
    )
    own = go_url(site, lang, f"answer-{aid}")
    words = " ".join([a["title"][lang], a["text"][lang], *a.get("codes", []), *a.get("links", [])]).lower()
    return "".join(
        [
            f'<section class="oces-answer" id="{esc(aid)}" data-answer="{esc(aid)}" data-words="{esc(words)}" '
            f'aria-labelledby="{esc(aid)}-title">',
            f'<h3 id="{esc(aid)}-title">{esc(a["title"][lang])}</h3>',
            _paragraphs(a["text"][lang]),
            f'<ul class="oces-answer-links">{links}</ul>' if links else "",
            codes,
            note,
            f'<p class="oces-answer-own">{esc(t["link"])}: <a href="{esc(prefix)}go/answer-{esc(aid)}/">{esc(own)}</a></p>',
            f'<p class="oces-answer-actions" hidden>'
            f'<button type="button" class="md-button" data-action="copy-answer" '
            f'aria-label="{esc(t["copy"] + ": " + a["title"][lang])}">{esc(t["copy"])}</button></p>',
            "</section>",
        ]
    )


def render_answers(lang: str, root: str, site: str, uid: str = "oces-answers") -> str:
    """The answers page's widget: the reply-draft tool (hidden until the script shows it)
    and every ready answer, readable without JavaScript."""
    t = pick(texts()["answers"], lang)
    data = answers_data()
    site = site if site.endswith("/") else site + "/"
    js = _js_texts(lang, root)
    # What each copy button copies: plain text with the links written out, by the same
    # function that writes the reply drafts in the worker.
    from checks.answers import answer_text  # noqa: PLC0415

    js.update(
        {
            "answers_ui": t,
            "site": site,
            "answers_data": {k: data[k] for k in ("draft", "answers")},
            "copy_texts": {a["id"]: answer_text(a, lang, site) for a in data["answers"]},
        }
    )
    other = [("da", "Dansk"), ("en", "English")]
    options = "".join(f'<option value="{c}"{" selected" if c == lang else ""}>{n}</option>' for c, n in other)
    return "".join(
        [
            # The root holds the tool (a box, like the other widgets) and the answers below it.
            f'<div class="oces-answers" data-widget="support-answers" data-state="loading" data-lang="{lang}">',
            f'<p class="oces-warning" data-nojs>{esc(t["noscript"])}</p>',
            f'<div class="oces-widget" data-tool hidden aria-labelledby="{uid}-title">',
            f'<h2 id="{uid}-title" class="oces-title">{esc(t["title"])}</h2>',
            f'<p class="oces-privacy">{esc(t["intro"])}</p>',
            _progress(lang, uid),
            f'<label for="{uid}-summary">{esc(t["summary_label"])}</label>',
            f'<textarea id="{uid}-summary" data-input="summary" rows="8" spellcheck="false" autocomplete="off"></textarea>',
            '<div class="oces-drop">',
            f'<label for="{uid}-file">{esc(t["file_label"])}</label> ',
            f'<input type="file" id="{uid}-file" accept="{ACCEPT}">',
            f'<p class="oces-drop-hint">{esc(t["drop_hint"])}</p>',
            "</div>",
            f'<p><label for="{uid}-lang">{esc(t["reply_lang"])}</label> '
            f'<select id="{uid}-lang" data-input="reply-lang">{options}</select></p>',
            f"<p>{_button('make-reply', t['make'], primary=True)}</p>",
            '<p class="oces-status" data-status role="status" aria-live="polite"></p>',
            '<p class="oces-visually-hidden" data-announce role="status" aria-live="polite"></p>',
            '<div class="oces-output" data-output hidden>',
            f'<h3 id="{uid}-reply" data-output-heading tabindex="-1">{esc(t["reply_title"])}</h3>',
            f'<div data-problems-box hidden><h4>{esc(t["notes_title"])}</h4><ul class="oces-findings" data-field="problems"></ul></div>',
            f'<pre class="oces-message" data-field="reply" tabindex="0" aria-labelledby="{uid}-reply"></pre>',
            f'<p class="oces-actions">{_button("copy-reply", t["copy_reply"], primary=True)}</p>',
            "</div>",
            "</div>",
            f'<h2 id="{uid}-all">{esc(pick(texts()["answers_page"]["all"], lang))}</h2>',
            f'<p class="oces-answer-filter" data-filter hidden><label for="{uid}-filter">{esc(t["filter"])}</label> '
            f'<input type="search" id="{uid}-filter" data-input="filter" autocomplete="off" aria-describedby="{uid}-filter-hint"> '
            f'<span id="{uid}-filter-hint" class="oces-hint">{esc(t["filter_hint"])}</span> '
            f'<span data-filter-count role="status" aria-live="polite"></span></p>',
            "<div data-answers>",
            "".join(_answer(a, lang, root, site, t) for a in data["answers"]),
            "</div>",
            _data_block(js),
            "</div>",
            _script(root),
        ]
    )


def register(env) -> None:
    """Called by the site's define_env: defines the widget macros."""

    def _lang() -> str:
        return env.conf["theme"]["language"]

    def _root() -> str:
        page = getattr(env, "page", None)
        return root_from(getattr(page, "url", "") or "")

    @env.macro
    def cert_check_widget() -> str:
        """The certificate checker, in the page's language."""
        return render_checker(_lang(), _root())

    @env.macro
    def message_widget() -> str:
        """The registration-message builder, in the page's language."""
        return render_message(_lang(), _root())

    @env.macro
    def support_answers_widget() -> str:
        """The answers page for STIL's support desk: the reply-draft tool and every answer."""
        return render_answers(_lang(), _root(), env.conf.get("site_url") or "http://127.0.0.1:8000/")
