"""The entry the site's Web Worker calls in Pyodide (docs/assets/widgets/worker.js).

`init(anchors)` once with the site's PEM bundle of trust anchors (each checked again
against the committed pins), then `check(...)` / `message(...)` per request, and
`files(...)` for what the page offers to download or hand over. All return JSON text,
so that the worker hands plain data to the page.
"""

from __future__ import annotations

import json
from datetime import datetime

from checks import clock
from checks.catalogue import DEFAULT_LANGUAGE, LANGUAGES
from checks.contract import Report
from checks.trust import TrustStore
from checks.verify_webcrypto import WebCryptoVerifier

_state: dict = {}


def _bytes(data) -> bytes | None:
    """bytes from a JS Uint8Array (a JsProxy) or from Python bytes."""
    if data is None or type(data).__name__ in ("JsNull", "JsUndefined"):
        return None
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if hasattr(data, "to_bytes"):
        return data.to_bytes()
    return bytes(data.to_py())


def _lang(lang: str | None) -> str:
    """The page's language, or the default for anything else (the worker never fails on it)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def init(anchors) -> int:
    """Load the trust anchors and warm up the modules; returns how many anchors."""
    import checks.message  # noqa: PLC0415
    import checks.report  # noqa: F401,PLC0415  import now, not on the first check

    trust = TrustStore.from_pem_bundle(_bytes(anchors) or b"")
    _state["trust"] = trust
    _state["verifier"] = WebCryptoVerifier()
    return len(trust.anchors)


def _password(password) -> bytes | None:
    """The password the page passed (a JS string, or None/undefined when there is none)."""
    if password is None or type(password).__name__ in ("JsNull", "JsUndefined"):
        return None
    return password.encode("utf-8") if isinstance(password, str) else _bytes(password)


def pkcs12_opener(password: bytes | None):
    """The opener for a PKCS#12 certificate part: checks/pfx.py's path with the pure-Python
    ciphers (imported here, on first need; the worker has loaded their wheels)."""
    if password is None:
        return None
    from checks import pkcs12_ciphers  # noqa: PLC0415
    from checks.pfx import Opener  # noqa: PLC0415

    return Opener(lambda: password, pkcs12_ciphers)


async def report(data: bytes, name: str, at: datetime, lang: str, password: bytes | None = None) -> Report:
    from checks.report import check_async  # noqa: PLC0415

    if password is None:  # the core reports an encrypted PKCS#12 file as `input.pkcs12`
        return await check_async(data, at=at, lang=lang, trust=_state["trust"], verifier=_state["verifier"], name=name)
    return await _report_opened(data, name, at, lang, password)


async def _report_opened(data: bytes, name: str, at: datetime, lang: str, password: bytes) -> Report:
    """check_async's report, with the PKCS#12 certificate part opened by the password."""
    from checks.report import _CORE_FAILURES, _unprocessable, finish, prepare  # noqa: PLC0415
    from checks.verify import run_async  # noqa: PLC0415

    try:
        prep = prepare(data, _state["trust"], name, pkcs12_opener(password))
        verified = await run_async(prep.plan.checks, _state["verifier"]) if prep.plan else {}
        return finish(prep, verified, at, lang)
    except _CORE_FAILURES:
        return _unprocessable(name, at, lang)


async def check(data, name: str = "", at: str = "", lang: str = "da", password=None) -> str:
    """The JSON report (DESIGN.md's `check --json` element) of one file; `password` opens
    a PKCS#12 file's certificate part (used for this call only, never kept)."""
    result = await report(_bytes(data) or b"", name or "", clock.parse(at), _lang(lang), _password(password))
    return json.dumps(result, ensure_ascii=False)


def files(data, path_json: str = "[]", password=None) -> str:
    """The certificate files the page makes, from the file as chosen.

    `path_json`: the report's `chain.path` (pinned CAs appear under their pin names).
    Returns {"pem": leaf as PEM, "der": leaf DER in base64, "chain": the leaf and the
    pinned CAs on its path as PEM}, or {} when the file
    holds no certificate. Only certificates come out: never a key, never the file itself.
    `password`: as for `check`, for a PKCS#12 file whose certificate part is encrypted.
    """
    import base64  # noqa: PLC0415  first used here, not at start

    from asn1crypto import pem  # noqa: PLC0415

    from checks.load import load  # noqa: PLC0415

    loaded = load(_bytes(data) or b"", pkcs12_opener(_password(password)))
    if not loaded.certificates:
        return "{}"
    # The leaf's bytes as given, which the report's sha256 and sha1 are of: the thumbprint
    # shown is the downloaded file's (a BER outer wrapping, reported as input.not-der, stays).
    der = loaded.ders[0] if loaded.ders else loaded.certificates[0].dump()
    by_name = {a.name: a.cert for a in _state["trust"].anchors}
    path = [by_name[n] for n in json.loads(path_json)[1:] if n in by_name]
    armour = lambda given: pem.armor("CERTIFICATE", given).decode("ascii")  # noqa: E731
    out = {
        "pem": armour(der),
        "der": base64.b64encode(der).decode("ascii"),
        "chain": "".join(armour(given) for given in [der, *(c.dump() for c in path)]),
    }
    return json.dumps(out)


OPTIONAL_FIELDS = ("supplier", "system", "contact")


async def message(
    test_data,
    test_name: str,
    test_ws: str,
    prod_data,
    prod_name: str,
    prod_ws: str,
    at: str = "",
    lang: str = "da",
    optional_json: str = "{}",
) -> str:
    """The registration message from the certificates in the two slots.

    `optional_json`: {"supplier", "system", "contact"}, the optional lines (empty ones
    are left out). Returns {"message": text or null, "ok", "findings": [...],
    "reports": {"test": …, "prod": …}}; a slot with no certificate is left out.
    """
    from checks.message import build_message  # noqa: PLC0415

    moment, lang = clock.parse(at), _lang(lang)
    reports = {}
    for slot, data, name in (("test", test_data, test_name), ("prod", prod_data, prod_name)):
        raw = _bytes(data)
        reports[slot] = None if raw is None else await report(raw, name or "", moment, lang)
    given = json.loads(optional_json or "{}")
    optional = {k: given[k].strip() for k in OPTIONAL_FIELDS if isinstance(given.get(k), str) and given[k].strip()}
    result = build_message(
        test=(reports["test"], test_ws) if reports["test"] is not None else None,
        prod=(reports["prod"], prod_ws) if reports["prod"] is not None else None,
        lang=lang,
        **optional,
        previous=await _previous(given.get("previous"), moment, lang),
    )
    out = {"message": result["text"], "ok": result["ok"], "findings": result["findings"], "reports": reports}
    return json.dumps(out, ensure_ascii=False)


async def _previous(given, moment: datetime, lang: str) -> dict | None:
    """A renewal's old certificates, {slot: {"name", "b64"}} in the optional JSON → their
    reports (only what identifies them is used)."""
    import base64  # noqa: PLC0415  only a renewal needs it

    if not isinstance(given, dict):
        return None
    out = {}
    for slot in ("test", "prod"):
        item = given.get(slot)
        if isinstance(item, dict) and isinstance(item.get("b64"), str):
            try:
                raw = base64.b64decode(item["b64"], validate=True)
            except ValueError:
                continue
            out[slot] = await report(raw, str(item.get("name") or ""), moment, lang)
    return out or None


async def verify(checks_json: str) -> str:
    """Runs signature checks through WebCrypto; for the backend conformance test.

    `checks_json`: a JSON list of `SignatureCheck` fields, bytes as hex (`key` as a
    two-item list). Returns a JSON list of booleans, in order.
    """
    from checks.signatures import SignatureCheck  # noqa: PLC0415

    verifier = _state.get("verifier") or WebCryptoVerifier()
    out = []
    for item in json.loads(checks_json):
        fields = dict(item)
        for name in ("public_key", "signature", "message"):
            fields[name] = bytes.fromhex(fields[name])
        fields["key"] = tuple(fields["key"])
        out.append(await verifier.averify(SignatureCheck(**fields)))
    return json.dumps(out)


# The support summary and the answers page (issue 17): one small addition each.


def summary(report_json: str, lang: str = "da", at: str = "", site: str = "") -> str:
    """The checker's support summary of a report (checks.summary): {"text": …}."""
    from checks.summary import summary_text  # noqa: PLC0415

    text = summary_text(json.loads(report_json), _lang(lang), at or None, site or None)
    return json.dumps({"text": text}, ensure_ascii=False)


async def answer(
    summary_text: str = "",
    data=None,
    name: str = "",
    at: str = "",
    lang: str = "da",
    answers_json: str = "{}",
    site: str = "",
) -> str:
    """A reply draft (checks.answers) from a pasted summary, or from a certificate file
    (`data`), checked as the checker checks it. Returns compose()'s dict, with `report`
    when a file was checked."""
    from checks import answers  # noqa: PLC0415

    raw = _bytes(data)
    result = None
    if raw is not None:
        result = await report(raw, name or "", clock.parse(at), _lang(lang))
        parsed = answers.from_report(result)
    else:
        parsed = answers.read(summary_text or "")
    out = answers.compose(parsed, json.loads(answers_json), _lang(lang), site)
    out["report"] = result
    out["form"] = parsed["form"]
    return json.dumps(out, ensure_ascii=False)
