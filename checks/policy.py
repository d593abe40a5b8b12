"""Integrationsplatformen's acceptance policy (data/policy.toml), applied per environment.

Each rule is a small function of the facts that returns findings; a certificate is
accepted for an environment when no error applies to it and its chain ends in that
environment's root. The generation is the one of the pinned anchor the chain ends in;
the subject only tells it when there is no trusted chain.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from checks.catalogue import Finding, Phrase, PhraseList
from checks.chain import ChainResult
from checks.contract import Verdict
from checks.datafiles import load
from checks.identify import Identity

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "cert.expires-soon",
    "cert.wrong-kind",
    "cert.generation-mismatch",
    "cert.not-oces",
    "cert.missing-identifier",
    "policy.oces2-retired",
    "policy.wrong-environment",
    "policy.unlisted-test-ca",
)

ENVIRONMENTS = ("test", "prod")


def rules() -> dict:
    return load("policy")


def oces2_retired_from() -> datetime:
    return datetime.fromisoformat(rules()["oces2_retired_from"])


def oces2_retired(at: datetime) -> bool:
    return at >= oces2_retired_from()


def with_chain_generation(ident: Identity, chain: ChainResult) -> tuple[Identity, list[Finding]]:
    """The identity with the generation of the chain's anchor, and a finding when the subject disagrees."""
    anchor = chain.root.generation if chain.trusted and chain.root else None
    if anchor is None or ident.is_ca or ident.generation is None or ident.generation == anchor:
        return ident, []  # (a certificate not recognised as OCES stays so: cert.not-oces)
    return replace(ident, generation=anchor), [
        Finding("cert.generation-mismatch", {"claimed": ident.generation.upper(), "chain": anchor.upper()})
    ]


def kind_rule(ident: Identity, at: datetime) -> list[Finding]:
    if ident.is_ca:
        return []  # the chain's leaf rule says cert.ca-certificate
    if ident.generation is None:
        return [Finding("cert.not-oces")]
    if ident.kind is None:
        return []  # known by its OCES policy alone: identifier_rule says what it lacks
    if ident.kind not in rules()["accepted_kinds"].get(ident.generation, []):
        # Once OCES2 is retired, the text names only what is still accepted.
        accepted = "oces3" if oces2_retired(at) else "both"
        return [
            Finding(
                "cert.wrong-kind",
                {"kind": Phrase("words.kind", ident.kind), "accepted": Phrase("words.accepted", accepted)},
            )
        ]
    return []


# What STIL needs to register a certificate of each accepted kind, and which kind a certificate
# known only by its generation's policy must be to be accepted.
REQUIRED_IDENTIFIERS = {"function": ("cvr", "fid"), "organisation": ("cvr", "uuid")}
ACCEPTED_KIND = {"oces2": "function", "oces3": "organisation"}


def identifier_rule(ident: Identity) -> list[Finding]:
    """A certificate recognised only by its policy OID lacks what the registration needs."""
    kind = ident.kind or ACCEPTED_KIND.get(ident.generation or "", "")
    missing = [name for name in REQUIRED_IDENTIFIERS.get(kind, ()) if not getattr(ident, name)]
    if ident.is_ca or not missing:
        return []
    fields = PhraseList(tuple(Phrase("words.identifier", m) for m in missing), "and")
    return [Finding("cert.missing-identifier", {"fields": fields})]


def retirement_rule(ident: Identity, at: datetime) -> list[Finding]:
    if ident.generation == "oces2" and oces2_retired(at):
        return [Finding("policy.oces2-retired")]
    return []


def expiry_rule(ident: Identity, days_left: int | None, not_after: datetime) -> list[Finding]:
    """A warning while fewer days remain than the policy's threshold (none once expired)."""
    if ident.is_ca or days_left is None or days_left >= rules()["expires_soon_days"]:
        return []
    form = "one" if days_left == 1 else "many"
    return [
        Finding(
            "cert.expires-soon",
            {
                "days": Phrase("words.days", form, (("n", days_left),)),
                "not_after": not_after.date(),
            },
        )
    ]


def listed_issuer_rule(ident: Identity, chain: ChainResult, at: datetime) -> list[Finding]:
    """OCES2 test certificates from an issuing CA that the original guide does not list
    (advice that no longer matters once OCES2 is retired)."""
    listed = rules()["listed_test_issuers"].get(ident.generation or "")
    if listed is None or not chain.trusted or chain.environment != "test" or ident.is_ca:
        return []
    if ident.generation == "oces2" and oces2_retired(at):
        return []
    if chain.issuing is None or chain.issuing.id not in listed:
        issuer = chain.issuing.name if chain.issuing else chain.names()[1] if len(chain.path) > 1 else "?"
        return [Finding("policy.unlisted-test-ca", {"issuer": issuer})]
    return []


def environment_rule(chain: ChainResult, wanted: str) -> list[Finding]:
    actual = chain.environment
    if not chain.trusted or actual is None or actual == wanted:
        return []
    return [
        Finding(
            "policy.wrong-environment",
            {
                "actual": Phrase("words.environment", actual, form="certificate"),
                "wanted": Phrase("words.environment", wanted),
            },
        )
    ]


def verdicts(ident: Identity, chain: ChainResult, general: list[Finding]) -> tuple[dict[str, Verdict], list[Finding]]:
    """Accepted per environment, and the environment-specific findings that say why not.
    Which environment a certificate belongs to is a fact, never what is wrong with it: the
    finding is always a note (info), whatever else rejects the certificate, so the same
    sentence never changes type from one certificate to the next (issue 15, review n5)."""
    blocked = any(f.severity == "error" for f in general) or not chain.ok
    out: dict[str, Verdict] = {}
    extra: list[Finding] = []
    for env in ENVIRONMENTS:
        specific = environment_rule(chain, env)
        extra += specific
        out[env] = {"accepted": not blocked and not specific and chain.environment == env}
    return out, extra  # severity "info" in findings.toml
