"""The registration request for STIL's support desk, built from checked certificates.

The text is Danish whatever the page language (STIL's support desk reads Danish); the
findings that explain a refusal or a warning come in `lang`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from checks.catalogue import Finding, Phrase, render
from checks.contract import MessageResult, Report

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "message.not-accepted",
    "message.swapped",
    "message.ws-id-missing",
    "message.ws-id-invalid",
    "message.field-invalid",
    "message.cvr-differs",
    "message.same-ws-id",
    "message.no-slot",
)

SUBJECTS = {
    "oces2": "Emne: Registrering af funktionssignatur til Integrationsplatformen",
    "oces3": "Emne: Registrering af systemcertifikat til Integrationsplatformen",
}
SUBJECT = SUBJECTS["oces2"]  # the seed's subject, kept for OCES2
# A renewal (the old certificate of a slot given too): its own subject and a first line,
# so STIL sees at once that a registered certificate is being replaced.
RENEWAL_SUBJECTS = {
    "oces2": "Emne: Fornyelse af funktionssignatur til Integrationsplatformen",
    "oces3": "Emne: Fornyelse af systemcertifikat til Integrationsplatformen",
}
RENEWAL_LINE = "Det er en fornyelse: det nye certifikat afløser det tidligere i samme miljø."
# Optional lines after the subject, in this order: argument name → its label in the message
# (Danish, as the message is); the field's name in findings is words.toml [field].
OPTIONAL_FIELDS = {"supplier": "Leverandør", "system": "System", "contact": "Kontaktperson"}
SLOT_NAMES = {"test": "test/preprod", "prod": "prod"}
HEADINGS = {"oces2": "Funktionssignatur", "oces3": "Systemcertifikat"}


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


# A wsBrugerId is one identifier copied from one field: no whitespace inside it, and far
# shorter than this (a bound on what goes into the message, not a claim about STIL's format).
WS_ID_MAX = 64


def ws_id_problem(value: str | None) -> tuple[str | None, str | None, str | None]:
    """(the wsBrugerId without surrounding whitespace, or None; the problem code, or None;
    the reason's key in words.toml [ws-id], or None)."""
    text = (value or "").strip()
    if not text:
        return None, "message.ws-id-missing", None
    if _has_control(text):
        return None, "message.ws-id-invalid", "control"
    if any(ch.isspace() or unicodedata.category(ch) == "Zs" for ch in text):  # NBSP, thin space, …
        return None, "message.ws-id-invalid", "space"
    if len(text) > WS_ID_MAX:
        return None, "message.ws-id-invalid", "long"
    return text, None, None


def clean_ws_id(value: str | None) -> tuple[str | None, str | None]:
    """(the wsBrugerId without surrounding whitespace, or None; the problem code, or None)."""
    text, problem, _ = ws_id_problem(value)
    return text, problem


def _ws_id_params(env: str, reason: str | None) -> dict:
    params = _slot_params(env)
    if reason:
        params["reason"] = Phrase("words.ws-id", reason, (("limit", WS_ID_MAX),))
    return params


def clean_field(value: str | None) -> tuple[str | None, bool]:
    """(an optional field without surrounding whitespace, or None when empty; whether it is refused)."""
    text = (value or "").strip()
    if _has_control(text):
        return None, True
    return text or None, False


def _accepted_only_for(report: Mapping[str, Any] | None) -> str | None:
    envs = [env for env, v in ((report or {}).get("environments") or {}).items() if v.get("accepted")]
    return envs[0] if len(envs) == 1 else None


def is_swapped(test: Mapping[str, Any] | None, prod: Mapping[str, Any] | None) -> bool:
    """True when the test slot's report is accepted only for production and the prod slot's only
    for test/preprod: the builder can offer to swap them."""
    return _accepted_only_for(test) == "prod" and _accepted_only_for(prod) == "test"


def _slot_params(env: str) -> dict:
    return {"slot": Phrase("words.environment", env)}  # "test/preprod", "produktion"/"production"


def _refusal(report: Report, env: str) -> Finding | None:
    if report["environments"][env]["accepted"]:
        return None
    # The first error, or else the note that says it belongs to the other environment.
    why = [f for f in report["findings"] if f["severity"] == "error"] or [
        f for f in report["findings"] if f["code"] == "policy.wrong-environment"
    ]
    reason = f"{why[0]['message']} ({why[0]['code']})" if why else "?"
    return Finding("message.not-accepted", {**_slot_params(env), "reason": reason})


def _certificate(report: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A report's certificate facts, empty when it has none (a report may come back from the page)."""
    return (report or {}).get("certificate") or {}


def _identifier(certificate: Mapping[str, Any]) -> tuple[str, str]:
    """("UUID" or "FID", its value) of a certificate as the message names it."""
    if certificate.get("generation") == "oces3":
        return "UUID", certificate.get("uuid") or ""
    return "FID", certificate.get("fid") or ""


def section(env: str, certificate: Mapping[str, Any], ws_id: str, previous: Mapping[str, Any] | None = None) -> str:
    """One environment's lines; with `previous` (the old certificate of a renewal) the old
    UUID or FID follows the new one."""
    heading = HEADINGS.get(certificate.get("generation") or "oces2", HEADINGS["oces2"])
    lines = [f"{heading} til {SLOT_NAMES[env]}:", f"CVR-nummer: {certificate.get('cvr') or ''}"]
    name, value = _identifier(certificate)
    lines.append(f"{name}: {value}")
    if previous:
        old_name, old_value = _identifier(previous)
        if old_value:
            lines.append(f"Tidligere {old_name}: {old_value}")
    lines.append(f"wsBrugerId: {ws_id}")
    return "\n".join(lines)


def build_message(
    *,
    test: tuple[Report, str] | None = None,
    prod: tuple[Report, str] | None = None,
    lang: str = "da",
    supplier: str | None = None,
    system: str | None = None,
    contact: str | None = None,
    previous: dict[str, Report] | None = None,
) -> MessageResult:
    """Build the message from (report, wsBrugerId) per environment; leave out a slot with None.
    `supplier`, `system` and `contact` (optional) become lines after the subject.
    `previous` ({"test"|"prod": report of the old certificate}) makes it a renewal: its own
    subject and first line, and each renewed section names the old UUID or FID too. The old
    certificate need not be valid any more; only what identifies it is used.

    Returns {"ok", "text" (None when refused), "findings" (rendered in `lang`), "swapped"}.
    Refuses a certificate not accepted for its slot, a missing or broken wsBrugerId and an
    optional field with line breaks or control characters; warns when the CVR numbers differ,
    the two wsBrugerIds are equal or the two certificates are in each other's slots."""
    slots = {env: value for env, value in (("test", test), ("prod", prod)) if value is not None}
    findings: list[Finding] = []
    if not slots:
        findings.append(Finding("message.no-slot"))
    extra_lines = []
    for arg, value in (("supplier", supplier), ("system", system), ("contact", contact)):
        label = OPTIONAL_FIELDS[arg]
        text, refused = clean_field(value)
        if refused:
            findings.append(Finding("message.field-invalid", {"field": Phrase("words.field", arg)}))
        elif text:
            extra_lines.append(f"{label}: {text}")
    sections, ws_ids, renewed = [], {}, []
    for env, (report, raw_ws) in slots.items():
        ws_id, problem, reason = ws_id_problem(raw_ws)
        if problem:
            findings.append(Finding(problem, _ws_id_params(env, reason)))
        refusal = _refusal(report, env)
        if refusal:
            findings.append(refusal)
        if ws_id and not refusal:
            ws_ids[env] = ws_id
            old = _certificate((previous or {}).get(env))
            if old:
                renewed.append(env)
            sections.append(section(env, _certificate(report), ws_id, old or None))
    swapped = len(slots) == 2 and is_swapped(slots["test"][0], slots["prod"][0])
    if swapped:
        findings.append(Finding("message.swapped"))
    if len(slots) == 2:
        cvrs = {env: _certificate(report).get("cvr") for env, (report, _) in slots.items()}
        if all(cvrs.values()) and cvrs["test"] != cvrs["prod"]:
            findings.append(Finding("message.cvr-differs", {"cvr_test": cvrs["test"], "cvr_prod": cvrs["prod"]}))
        if len(ws_ids) == 2 and ws_ids["test"] == ws_ids["prod"]:
            findings.append(Finding("message.same-ws-id"))
    ok = not any(f.severity == "error" for f in findings)
    generations = {_certificate(report).get("generation") for report, _ in slots.values()}
    generation = "oces3" if "oces3" in generations else "oces2"
    subject = (RENEWAL_SUBJECTS if renewed else SUBJECTS)[generation]
    head = [subject] + ([RENEWAL_LINE] if renewed else []) + (["\n".join(extra_lines)] if extra_lines else [])
    text = "\n\n".join(head + sections) + "\n" if ok else None
    return {"ok": ok, "text": text, "findings": [render(f, lang) for f in findings], "swapped": swapped}
