"""The registration request for STIL's support desk, built from checked certificates.

The text is Danish whatever the page language (STIL's support desk reads Danish); the
findings that explain a refusal or a warning come in `lang`.
"""

from __future__ import annotations

import unicodedata

from checks.catalogue import Finding, render

SUBJECT = "Emne: Registrering af funktionssignatur til Integrationsplatformen"
SLOT_NAMES = {"test": "test/preprod", "prod": "prod"}
SLOT_WORDS = {"test": {"da": "test/preprod", "en": "test/preprod"},
              "prod": {"da": "produktion", "en": "production"}}
HEADINGS = {"oces2": "Funktionssignatur", "oces3": "Systemcertifikat"}


def clean_ws_id(value: str | None) -> tuple[str | None, str | None]:
    """(the wsBrugerId without surrounding whitespace, or None; the problem code, or None)."""
    text = (value or "").strip()
    if not text:
        return None, "message.ws-id-missing"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        return None, "message.ws-id-invalid"
    return text, None


def _slot_params(env: str) -> dict:
    return {"slot_da": SLOT_WORDS[env]["da"], "slot_en": SLOT_WORDS[env]["en"]}


def _refusal(report: dict, env: str) -> Finding | None:
    if report["environments"][env]["accepted"]:
        return None
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    reason = f'{errors[0]["message"]} ({errors[0]["code"]})' if errors else "?"
    return Finding("message.not-accepted", {**_slot_params(env), "reason": reason})


def section(env: str, certificate: dict, ws_id: str) -> str:
    heading = HEADINGS.get(certificate.get("generation"), HEADINGS["oces2"])
    lines = [f"{heading} til {SLOT_NAMES[env]}:", f"CVR-nummer: {certificate.get('cvr') or ''}"]
    if certificate.get("generation") == "oces3":
        lines.append(f"UUID: {certificate.get('uuid') or ''}")
    else:
        lines.append(f"FID: {certificate.get('fid') or ''}")
    lines.append(f"wsBrugerId: {ws_id}")
    return "\n".join(lines)


def build_message(*, test: tuple[dict, str] | None = None, prod: tuple[dict, str] | None = None,
                  lang: str = "da") -> dict:
    """Build the message from (report, wsBrugerId) per environment; leave out a slot with None.

    Returns {"ok", "text" (None when refused), "findings" (rendered in `lang`)}.
    Refuses a certificate not accepted for its slot and a missing or broken wsBrugerId;
    warns when the CVR numbers differ or the two wsBrugerIds are equal."""
    slots = {env: value for env, value in (("test", test), ("prod", prod)) if value is not None}
    findings: list[Finding] = []
    if not slots:
        findings.append(Finding("message.no-slot"))
    sections, ws_ids = [], {}
    for env, (report, raw_ws) in slots.items():
        ws_id, problem = clean_ws_id(raw_ws)
        if problem:
            findings.append(Finding(problem, _slot_params(env)))
        refusal = _refusal(report, env)
        if refusal:
            findings.append(refusal)
        if ws_id and not refusal:
            ws_ids[env] = ws_id
            sections.append(section(env, report["certificate"], ws_id))
    if len(slots) == 2:
        cvrs = {env: (report.get("certificate") or {}).get("cvr") for env, (report, _) in slots.items()}
        if all(cvrs.values()) and cvrs["test"] != cvrs["prod"]:
            findings.append(Finding("message.cvr-differs", {"cvr_test": cvrs["test"], "cvr_prod": cvrs["prod"]}))
        if len(ws_ids) == 2 and ws_ids["test"] == ws_ids["prod"]:
            findings.append(Finding("message.same-ws-id"))
    ok = not any(f.severity == "error" for f in findings)
    text = "\n\n".join([SUBJECT] + sections) + "\n" if ok else None
    return {"ok": ok, "text": text, "findings": [render(f, lang) for f in findings]}
