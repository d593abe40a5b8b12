"""The support summary: what a supplier copies from the checker into a support request.

Two parts. The readable part is for people: verdicts, generation and kind in words, dates
in words, times to the second, the findings with their texts. Every value that comes from
the input (file name, subject, issuer, a finding's text that quotes a name) goes through
`checks.textsafe`, so a file named "x\\nTest/preprod: Godkendes" stays on its own line.

The last line is for tools (the answers page reads it back, `checks.answers`):

    oces-check: v1 sha256=<hex|-> gen=<oces2|oces3|-> kind=<kind|-> findings=<code,code|->
        env=test:<accepted|rejected>,prod:<accepted|rejected> checked=<YYYY-MM-DDTHH:MM:SSZ> sum=<8 hex>

on one line, fields in that order. Nothing from the input is in it but the SHA-256 of the
certificate; `gen` and `kind` are the checker's own words, the codes the catalogue's, in the
report's order. `sum` is the first 8 hex digits of the SHA-256 of the line before " sum=": a
line cut short or edited by hand is recognised as damaged. A new field or meaning means v2.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from checks import clock
from checks.catalogue import check_lang, format_date, word
from checks.contract import Report
from checks.datafiles import load
from checks.textsafe import one_line, quoted

VERSION = "v1"
PREFIX = "oces-check:"
CODE = re.compile(r"^[a-z0-9]+(?:\.[a-z0-9-]+)+$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
GENERATIONS = ("oces2", "oces3")
KINDS = ("function", "organisation", "business", "employee", "person")
ENVIRONMENTS = ("test", "prod")


def texts(lang: str) -> dict:
    return load("summary")[check_lang(lang)]


def _utc(moment: datetime | str | None, report: Report) -> datetime:
    if isinstance(moment, datetime):
        return clock.aware(moment).astimezone(UTC)
    return clock.parse(moment or report.get("checked_at") or "")


def stamp(moment: datetime) -> str:
    """The machine line's time: UTC to the second, no microseconds."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:8]


def machine_line(report: Report, at: datetime | str | None = None) -> str:
    """The `oces-check: v1 …` line of a report (see the module's docstring)."""
    cert: Mapping[str, Any] = report.get("certificate") or {}
    sha = cert.get("sha256") or ""
    gen = cert.get("generation") if cert.get("generation") in GENERATIONS else "-"
    kind = cert.get("kind") if cert.get("kind") in KINDS else "-"
    codes = [f["code"] for f in report.get("findings", []) if CODE.match(str(f.get("code", "")))]
    envs: Mapping[str, Any] = report.get("environments") or {}
    env = ",".join(f"{e}:{'accepted' if (envs.get(e) or {}).get('accepted') else 'rejected'}" for e in ENVIRONMENTS)
    body = (
        f"{PREFIX} {VERSION} sha256={sha if HEX64.match(sha) else '-'} gen={gen} kind={kind} "
        f"findings={','.join(codes) or '-'} env={env} checked={stamp(_utc(at, report))}"
    )
    return f"{body} sum={checksum(body)}"


def _when(moment: datetime, lang: str) -> tuple[str, str]:
    return format_date(moment.date(), lang), moment.strftime("%H:%M:%S")


def _expiry(cert: Mapping[str, Any], t: dict) -> str:
    days = cert.get("days_left")
    if days is None:
        return t["expired"]
    if days == 0:
        return t["today"]
    return t["left_one"] if days == 1 else t["left"].format(days=days)


def go_url(site: str, lang: str, slug: str) -> str:
    """The support link /go/<slug>/ of `lang` on the site at `site` (its root, ending in /)."""
    root = site if site.endswith("/") else site + "/"
    return f"{root}{'' if lang == 'da' else 'en/'}go/{slug}/"


def summary_text(report: Report, lang: str, at: datetime | str | None = None, site: str | None = None) -> str:
    """The whole summary of one report, in `lang`; `at` the validation time (default: the
    report's), `site` the site's root address for the findings' links (none when not given)."""
    t = texts(lang)
    moment = _utc(at, report)
    cert: Mapping[str, Any] | None = report.get("certificate")
    lines = [t["title"]]
    if report.get("file"):
        lines.append(f"{t['file']}: {quoted(report['file'])}")
    codes = [f.get("code") for f in report.get("findings", [])]
    if not cert:
        lines.append(t["locked"] if "input.pkcs12" in codes else t["unreadable"])
    else:
        envs = report["environments"]
        for env in ENVIRONMENTS:
            lines.append(f"{t['verdict_' + env]}: {t['accepted'] if envs[env]['accepted'] else t['rejected']}")
        if cert.get("generation") in GENERATIONS:
            lines.append(f"{t['generation']}: {cert['generation'].upper()}")
        if cert.get("kind") in KINDS:
            lines.append(f"{t['kind']}: {word('kind', cert['kind'], lang, 'label')}")
        # CVR, FID and UUID are read from the certificate: one_line keeps each on its line.
        if cert.get("cvr"):
            lines.append(f"{t['cvr']}: {one_line(cert['cvr'], 40)}")
        for key in ("fid", "uuid"):
            if cert.get(key):
                lines.append(f"{key.upper()}: {one_line(cert[key], 80)}")
        start = format_date(datetime.fromisoformat(cert["not_before"]).date(), lang)
        end = format_date(datetime.fromisoformat(cert["not_after"]).date(), lang)
        lines.append(f"{t['validity'].format(start=start, end=end)} ({_expiry(cert, t)})")
        lines.append(f"{t['subject']}: {quoted(cert.get('subject'))}")
        lines.append(f"{t['issuer']}: {quoted(cert.get('issuer_cn') or cert.get('issuer'))}")
        if cert.get("serial"):
            lines.append(f"{t['serial']}: {one_line(cert['serial'], 80)}")
        lines.append(f"SHA-256: {cert['sha256']}")
        if cert.get("sha1"):
            lines.append(f"SHA-1: {cert['sha1']}")
    lines.append(f"{t['findings']}:" + ("" if report.get("findings") else f" {t['none']}"))
    for f in report.get("findings", []):
        code = str(f.get("code", ""))
        if not CODE.match(code):
            continue
        sev = t["severity"].get(f.get("severity"), f.get("severity"))
        # A finding's text may quote a name from the certificate: one line, shortened.
        lines.append(f"- {code} ({sev}): {one_line(f.get('message'), 300)}")
        if site:
            lines.append(f"  {t['more']}: {go_url(site, lang, code)}")
    date, time = _when(moment, lang)
    lines.append(t["checked"].format(date=date, time=time))
    lines.append(machine_line(report, moment))
    return "\n".join(lines)
