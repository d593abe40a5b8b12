"""From bytes to the JSON report of DESIGN.md: load → identify → chain → policy → texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from checks import chain as chains
from checks import policy
from checks.catalogue import Finding, cause_rank, render
from checks.clock import aware, iso
from checks.contract import CertificateFacts, ChainFacts, InputFacts, RenderedFinding, Report, Verdict
from checks.identify import Identity, facts, identify
from checks.load import Loaded, load
from checks.trust import TrustStore
from checks.verify import default_verifier, run, run_async

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "input.bundle",
    "cert.unprocessable",
    "chain.anchor-missing",
    "revocation.not-checked",
)

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# What asn1crypto and our own code may raise on an input nobody foresaw: a report, not a traceback.
_CORE_FAILURES = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, NameError, RecursionError)


def ordered(rendered: list[RenderedFinding]) -> list[RenderedFinding]:
    """Findings by cause (DESIGN.md; each finding's `cause` in findings.toml, the causes' order in
    causes.toml), by severity within a cause."""
    return sorted(rendered, key=lambda f: (cause_rank(f["code"]), _SEVERITY_ORDER[f["severity"]]))


@dataclass
class Prepared:
    name: str | None
    loaded: Loaded
    trust: TrustStore
    plan: chains.Plan | None


def prepare(data: bytes, trust: TrustStore, name: str | None = None, open_pkcs12=None) -> Prepared:
    loaded = load(data, open_pkcs12)
    p = None
    if loaded.certificates:
        leaf, *rest = loaded.certificates
        p = chains.plan(leaf, rest, trust)
    return Prepared(name, loaded, trust, p)


def _policy_findings(
    ident: Identity,
    chained: Identity,
    mismatch: list[Finding],
    result: chains.ChainResult,
    at: datetime,
    days_left: int | None,
) -> list[Finding]:
    """The rules on the identity read from the subject (`ident`) with the chain's generation (`chained`)."""
    kind = [] if mismatch else policy.kind_rule(chained, at) + policy.identifier_rule(chained)
    return (
        ident.findings
        + mismatch
        + kind
        + policy.retirement_rule(chained, at)
        + result.findings
        + policy.listed_issuer_rule(chained, result, at)
        + policy.expiry_rule(chained, days_left, aware(result.path[0].not_valid_after))
    )


def _no_verdicts() -> dict[str, Verdict]:
    return {env: {"accepted": False} for env in policy.ENVIRONMENTS}


def finish(prep: Prepared, verified: dict, at: datetime, lang: str) -> Report:
    at = aware(at)
    loaded = prep.loaded
    findings: list[Finding] = list(loaded.findings)
    given: InputFacts = {"format": loaded.format, "certificates": len(loaded.certificates)}
    if loaded.pkcs12 is not None:
        given["pkcs12"] = loaded.pkcs12
    certificate: CertificateFacts | None = None
    chain: ChainFacts | None = None
    environments = _no_verdicts()
    if prep.plan is not None:
        leaf = prep.plan.leaf
        ident = identify(leaf)
        result = chains.decide(prep.plan, verified, at)
        chained, mismatch = policy.with_chain_generation(ident, result)
        cert_facts = facts(leaf, chained, at, loaded.ders[0] if loaded.ders else None)
        if len(loaded.certificates) > 1:
            findings.append(
                Finding(
                    "input.bundle",
                    {"count": len(loaded.certificates), "leaf": cert_facts["subject_cn"] or cert_facts["subject"]},
                )
            )
        general = _policy_findings(ident, chained, mismatch, result, at, cert_facts["days_left"])
        environments, specific = policy.verdicts(chained, result, general)
        findings += general + specific + [Finding("revocation.not-checked")]
        certificate = cert_facts
        chain = {
            "trusted": result.trusted,
            "environment": result.environment,
            "path": result.names() if result.trusted else [],
            "root": result.root.id if result.trusted and result.root else None,
        }
    if prep.trust.missing:
        findings.append(
            Finding(
                "chain.anchor-missing",
                {"count": len(prep.trust.missing), "names": ", ".join(p["name"] for p in prep.trust.missing)},
            )
        )
    return {
        "file": prep.name,
        "checked_at": iso(at),
        "input": given,
        "certificate": certificate,
        "chain": chain,
        "environments": environments,
        "findings": ordered([render(f, lang) for f in findings]),
    }


def _unprocessable(name: str | None, at: datetime, lang: str) -> Report:
    """The report when the core itself failed on an input: never a traceback instead of a report."""
    return {
        "file": name,
        "checked_at": iso(aware(at)),
        "input": {"format": None, "certificates": 0},
        "certificate": None,
        "chain": None,
        "environments": _no_verdicts(),
        "findings": [render(Finding("cert.unprocessable"), lang)],
    }


def check(
    data: bytes,
    *,
    at: datetime,
    trust: TrustStore,
    lang: str = "da",
    verifier=None,
    password: bytes | None = None,
    name: str | None = None,
    open_pkcs12=None,
) -> Report:
    """The report for one input, with a sync signature backend (`cryptography` by default).

    PKCS#12 is opened only when `password` (or an `open_pkcs12` callable) is given."""
    if open_pkcs12 is None and password is not None:
        from checks.pkcs12 import opener  # noqa: PLC0415  cryptography's PKCS#12 only when a password is given

        open_pkcs12 = opener(password)
    try:
        prep = prepare(data, trust, name, open_pkcs12)
        verified = run(prep.plan.checks, verifier or default_verifier()) if prep.plan else {}
        return finish(prep, verified, at, lang)
    except _CORE_FAILURES:
        return _unprocessable(name, at, lang)


async def check_async(
    data: bytes, *, at: datetime, trust: TrustStore, verifier, lang: str = "da", name: str | None = None
) -> Report:
    """The same report with an async backend (WebCrypto in Pyodide); PKCS#12 is never opened."""
    try:
        prep = prepare(data, trust, name)
        verified = await run_async(prep.plan.checks, verifier) if prep.plan else {}
        return finish(prep, verified, at, lang)
    except _CORE_FAILURES:
        return _unprocessable(name, at, lang)
