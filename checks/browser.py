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
    return "en" if lang == "en" else "da"


def init(anchors) -> int:
    """Load the trust anchors and warm up the modules; returns how many anchors."""
    import checks.report  # noqa: F401,PLC0415  import now, not on the first check
    import checks.message  # noqa: F401,PLC0415

    trust = TrustStore.from_pem_bundle(_bytes(anchors))
    _state["trust"] = trust
    _state["verifier"] = WebCryptoVerifier()
    return len(trust.anchors)


async def report(data: bytes, name: str, at: datetime, lang: str) -> dict:
    from checks.report import check_async  # noqa: PLC0415

    # No password is ever passed: the core reports a PKCS#12 file as `input.pkcs12`.
    return await check_async(data, at=at, lang=lang, trust=_state["trust"],
                             verifier=_state["verifier"], name=name)


async def check(data, name: str = "", at: str = "", lang: str = "da") -> str:
    """The JSON report (DESIGN.md's `check --json` element) of one file."""
    result = await report(_bytes(data) or b"", name or "", clock.parse(at), _lang(lang))
    return json.dumps(result, ensure_ascii=False)


def files(data, path_json: str = "[]") -> str:
    """The certificate files the page makes, from the file as chosen.

    `path_json`: the report's `chain.path` (pinned CAs appear under their pin names).
    Returns {"pem": leaf as PEM, "der": leaf DER in base64, "chain": the leaf and the
    pinned CAs on its path as PEM}, or {} when the file
    holds no certificate. Only certificates come out: never a key, never the file itself.
    """
    import base64  # noqa: PLC0415  first used here, not at start

    from asn1crypto import pem  # noqa: PLC0415

    from checks.load import load  # noqa: PLC0415

    certificates = load(_bytes(data) or b"").certificates
    if not certificates:
        return "{}"
    leaf = certificates[0]
    der = leaf.dump()
    by_name = {a.name: a.cert for a in _state["trust"].anchors}
    path = [by_name[n] for n in json.loads(path_json)[1:] if n in by_name]
    armour = lambda cert: pem.armor("CERTIFICATE", cert.dump()).decode("ascii")  # noqa: E731
    out = {
        "pem": armour(leaf),
        "der": base64.b64encode(der).decode("ascii"),
        "chain": "".join(armour(c) for c in [leaf, *path]),
    }
    return json.dumps(out)


OPTIONAL_FIELDS = ("supplier", "system", "contact")


async def message(test_data, test_name: str, test_ws: str, prod_data, prod_name: str,
                  prod_ws: str, at: str = "", lang: str = "da", optional_json: str = "{}") -> str:
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
        lang=lang, **optional,
    )
    out = {"message": result["text"], "ok": result["ok"], "findings": result["findings"], "reports": reports}
    return json.dumps(out, ensure_ascii=False)


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


async def answer(summary_text: str = "", data=None, name: str = "", at: str = "", lang: str = "da",
                 answers_json: str = "{}", site: str = "") -> str:
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
