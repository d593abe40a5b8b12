"""A reply draft for STIL's support desk from what a supplier sent: the checker's support
summary (pasted, with whatever text is around it) or the checker's report of their certificate.

`read(text)` finds the summary in a pasted text: the `oces-check: v1` line that
`checks.summary` writes (checked by its `sum=`), or, for summaries copied before that line
existed, the readable part in Danish or English (the verdict lines, the SHA-256 line and the
finding lines `- <code> (…)`). `from_report(report)` gives the same shape from a report.
`compose(parsed, data, lang, site)` writes the reply in `lang` from the answers data
(docs/_data/answers.yml, handed over as a dict): a greeting, the verdict in one sentence, the
answer for each finding in the report's order (each answer once) with its links written out
as full addresses, and the problems found on the way, for the support agent (not the reply).

Pure functions: the text, the data, the language and the site's address in, dicts out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from checks.catalogue import catalogue, check_lang
from checks.contract import Report
from checks.summary import CODE, ENVIRONMENTS, GENERATIONS, HEX64, KINDS, PREFIX, checksum, go_url

MAX_TEXT = 200_000  # a pasted text is read up to here (a summary is a few kB)
_QUOTE = re.compile(r"^(?:\s*>)+\s?")  # mail quoting: "> ", ">> "
_V1_KEYS = ("sha256", "gen", "kind", "findings", "env", "checked", "sum")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# The readable part, in either language (the old JavaScript summary wrote the same labels).
_TITLES = ("Resumé fra certifikatcheckeren", "Summary from the certificate checker")
_VERDICT = re.compile(r"^(Test/preprod|Produktion|Production):\s*(Godkendes|Afvises|Accepted|Rejected)\s*$")
_FINDINGS_LABEL = re.compile(r"^(Bemærkninger|Findings):")
_FINDING = re.compile(r"^-\s+([a-z0-9]+(?:\.[a-z0-9-]+)+)\s+\(")
_SHA256 = re.compile(r"^SHA-256:\s*([0-9a-fA-F:]{64,95})\s*$")
_CHECKED = re.compile(r"^(Tjekket|Checked):\s*(\S.*)$")
ACCEPTED = ("both", "test", "prod")
_UNREADABLE = ("kunne ikke læses", "could not be read", "kan ikke læses uden", "cannot be read without")


def _lines(text: str) -> list[str]:
    text = (text or "")[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n")
    return [_QUOTE.sub("", line).strip() for line in text.split("\n")]


def _empty() -> dict:
    return {
        "form": None,
        "sha256": None,
        "generation": None,
        "kind": None,
        "codes": [],
        "env": {e: None for e in ENVIRONMENTS},
        "checked": None,
        "problems": [],
    }


def _v1_lines(lines: list[str]) -> list[str]:
    """Each `oces-check: v1 …` line, rejoined where a mail program wrapped it between fields."""
    found = []
    for i, line in enumerate(lines):
        at = line.find(PREFIX)
        if at < 0:
            continue
        whole = line[at:]
        j = i + 1
        while (
            " sum=" not in whole
            and j < len(lines)
            and lines[j]
            and (whole.endswith(",") or re.match(r"^({})=".format("|".join(_V1_KEYS)), lines[j]))
        ):
            whole += ("" if whole.endswith(",") else " ") + lines[j]
            j += 1
        found.append(whole)
    return found


def parse_line(line: str) -> dict | None:
    """The fields of one `oces-check: v1` line, or None when it is damaged (a field missing,
    out of order or malformed, or its `sum=` not matching)."""
    parts = line.strip().split(" ")
    if len(parts) != 2 + len(_V1_KEYS) or parts[0] != PREFIX or parts[1] != "v1":
        return None
    fields = {}
    for key, part in zip(_V1_KEYS, parts[2:]):
        name, eq, value = part.partition("=")
        if name != key or not eq:
            return None
        fields[key] = value
    if checksum(line.strip().rsplit(" sum=", 1)[0]) != fields["sum"]:
        return None
    codes = [] if fields["findings"] == "-" else fields["findings"].split(",")
    envs = dict(p.partition(":")[::2] for p in fields["env"].split(","))
    if (
        not all(CODE.match(c) for c in codes)
        or set(envs) != set(ENVIRONMENTS)
        or not set(envs.values()) <= {"accepted", "rejected"}
        or not _STAMP.match(fields["checked"])
        or not (fields["sha256"] == "-" or HEX64.match(fields["sha256"]))
        or fields["gen"] not in (*GENERATIONS, "-")
        or fields["kind"] not in (*KINDS, "-")
    ):
        return None
    out = _empty()
    out.update(
        form="v1",
        sha256=None if fields["sha256"] == "-" else fields["sha256"],
        generation=None if fields["gen"] == "-" else fields["gen"],
        kind=None if fields["kind"] == "-" else fields["kind"],
        codes=codes,
        env={e: envs[e] == "accepted" for e in ENVIRONMENTS},
        checked=fields["checked"],
    )
    return out


def _readable(lines: list[str]) -> dict | None:
    """The summary's readable part (the old JavaScript one or the readable part of a v1
    summary), or None when the text holds none."""
    starts = [i for i, line in enumerate(lines) if line.startswith(_TITLES)]
    labels = [i for i, line in enumerate(lines) if _FINDINGS_LABEL.match(line)]
    if not starts and not labels:
        return None
    out = _empty()
    out["form"] = "old"
    body = lines[starts[0] :] if starts else lines
    verdicts: dict[str, list[bool]] = {"test": [], "prod": []}
    for line in body:
        if m := _VERDICT.match(line):
            env = "test" if m.group(1) == "Test/preprod" else "prod"
            verdicts[env].append(m.group(2) in ("Godkendes", "Accepted"))
        elif (m := _SHA256.match(line)) and out["sha256"] is None:
            out["sha256"] = m.group(1).replace(":", "").lower()
        elif (m := _CHECKED.match(line)) and out["checked"] is None:
            out["checked"] = m.group(2).strip()
    if any(len(v) > 1 for v in verdicts.values()) or len(starts) > 1:
        # Two verdicts for one environment: a forged line (a file name holding a line
        # break) or two summaries pasted together. Neither verdict can be trusted.
        out["problems"].append("ambiguous")
    elif all(len(v) == 1 for v in verdicts.values()):
        out["env"] = {e: verdicts[e][0] for e in ENVIRONMENTS}
    elif any(u in line for line in body for u in _UNREADABLE):
        out["env"] = {e: False for e in ENVIRONMENTS}
    # Findings: the lines after the LAST findings label (a forged label inside a subject
    # comes before the real one), up to the checked line.
    start = labels[-1] + 1 if labels else 0
    for line in lines[start:]:
        if _CHECKED.match(line) or line.startswith(PREFIX):
            break
        if (m := _FINDING.match(line)) and m.group(1) not in out["codes"]:
            out["codes"].append(m.group(1))
    if out["sha256"] and not HEX64.match(out["sha256"]):
        out["sha256"] = None
    return out


def read(text: str) -> dict:
    """The summary in a pasted text: {form: "v1" | "old" | None, sha256, generation, kind,
    codes (in the report's order), env {test, prod: True | False | None}, checked, problems}.
    `problems` (keys of answers.yml's `draft.problems`): empty, not-found, damaged,
    ambiguous, several."""
    if not (text or "").strip():
        out = _empty()
        out["problems"].append("empty")
        return out
    lines = _lines(text)
    candidates = _v1_lines(lines)
    parsed = [p for p in (parse_line(c) for c in candidates) if p is not None]
    if parsed:
        out = parsed[0]
        if len({(p["sha256"], tuple(p["codes"])) for p in parsed}) > 1:
            out["problems"].append("several")
        if len(parsed) < len(candidates):
            out["problems"].append("damaged")
        return out
    readable = _readable(lines)
    if readable is None:
        out = _empty()
        out["problems"].append("damaged" if candidates else "not-found")
        return out
    out = readable
    if candidates:
        out["problems"].insert(0, "damaged")  # the line is damaged, the readable part served
    if not out["codes"] and out["env"]["test"] is None:
        out["problems"].append("not-found")
    return out


def from_report(report: Report) -> dict:
    """The same shape from a checker report (a certificate dropped on the answers page)."""
    cert: Mapping[str, Any] = report.get("certificate") or {}
    out = _empty()
    out.update(
        form="report",
        sha256=cert.get("sha256"),
        generation=cert.get("generation"),
        kind=cert.get("kind"),
        checked=report.get("checked_at"),
        codes=list(dict.fromkeys(f["code"] for f in report.get("findings", []))),
        env={e: bool(report["environments"][e]["accepted"]) for e in ENVIRONMENTS},
    )
    return out


def verdict_key(parsed: dict) -> str:
    env = parsed["env"]
    if env["test"] is None or env["prod"] is None:
        return "unknown"
    if not parsed["sha256"] and not env["test"] and not env["prod"] and parsed["form"] != "old":
        return "unreadable"
    if env["test"] and env["prod"]:
        return "both"
    if env["test"]:
        return "test"
    if env["prod"]:
        return "prod"
    return "none"


def _pick(value, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else str(value)


def answer_text(answer: dict, lang: str, site: str) -> str:
    """One answer as plain text for a mail: its text, then its links as full addresses."""
    text = _pick(answer["text"], lang).strip()
    links = [go_url(site, lang, slug) for slug in answer.get("links", [])]
    return "\n".join([text, *links])


def codes_of(answer_id: str) -> list[str]:
    """The finding codes an answer answers: those whose catalogue entry names it, in the catalogue's order."""
    return [code for code, e in catalogue().items() if e.get("answer") == answer_id]


def answers_for(codes: list[str], data: dict) -> tuple[list[dict], list[str]]:
    """The answers for the codes, in the codes' order, each once; and the codes none answers
    (a code the catalogue does not know, from a summary written by a newer checker)."""
    by_id = {answer["id"]: answer for answer in data["answers"]}
    known = catalogue()
    chosen, seen, unanswered = [], set(), []
    for code in codes:
        answer = by_id.get(known[code].get("answer", "")) if code in known else None
        if answer is None:
            unanswered.append(code)
        elif answer["id"] not in seen:
            seen.add(answer["id"])
            chosen.append(answer)
    return chosen, unanswered


def compose(parsed: dict, data: dict, lang: str, site: str) -> dict:
    """The reply draft: {reply: text or None, answers: [ids], verdict, codes, unanswered,
    problems: [texts for the support agent, in `lang`]}."""
    check_lang(lang)
    draft = data["draft"]
    problems = [_pick(draft["problems"][p], lang) for p in parsed["problems"]]
    usable = parsed["form"] is not None and (parsed["codes"] or parsed["env"]["test"] is not None)
    if not usable:
        return {"reply": None, "answers": [], "verdict": None, "codes": [], "unanswered": [], "problems": problems}
    chosen, unanswered = answers_for(parsed["codes"], data)
    if unanswered:
        problems.append(_pick(draft["unanswered"], lang).format(codes=", ".join(unanswered)))
    verdict = verdict_key(parsed)
    # An answer with `when: accepted` (revocation) matters only for a certificate accepted
    # somewhere: beside a forged or expired one it is noise.
    if verdict not in ACCEPTED:
        chosen = [a for a in chosen if a.get("when") != "accepted"]
    parts = [_pick(draft["greeting"], lang), _pick(draft["verdict"][verdict], lang)]
    parts += [answer_text(a, lang, site) for a in chosen]
    parts.append(_pick(draft["closing"], lang))
    return {
        "reply": "\n\n".join(p.strip() for p in parts if p.strip()),
        "answers": [a["id"] for a in chosen],
        "verdict": verdict,
        "codes": parsed["codes"],
        "unanswered": unanswered,
        "problems": problems,
    }


def draft_from_text(text: str, data: dict, lang: str, site: str) -> dict:
    return compose(read(text), data, lang, site)
