"""Path building and validation from a leaf to a pinned OCES root.

Three steps, so that signature checks can be done by a sync or an async backend:
`plan` finds every issuer candidate (by full name and key identifiers) reachable from
the leaf and lists the signature checks needed; the caller verifies them; `decide`
builds paths over the edges whose signatures verified and applies the rules at the
validation time `at`. Every rule reports a finding with a stable code.
"""

from __future__ import annotations

import functools
import hashlib
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import x509

from checks.catalogue import Finding, Phrase, PhraseList
from checks.clock import aware
from checks.identify import OID_CN, attributes, first, rfc4514
from checks.load import parse_certificate
from checks.signatures import SignatureCheck, Unsupported, edge, signature_check
from checks.trust import Anchor, TrustStore
from checks.verify import default_verifier

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "cert.expired",
    "cert.not-yet-valid",
    "cert.ca-certificate",
    "cert.invalid",
    "cert.no-authority-key-id",
    "chain.untrusted",
    "chain.bad-signature",
    "chain.unsupported-algorithm",
    "chain.browser-cannot-verify",
    "chain.ca-expired",
    "chain.invalid-ca",
    "chain.unknown-critical-extension",
    "chain.algorithm-mismatch",
)

MAX_DEPTH = 10
MAX_PATHS = 64  # complete paths judged at most
MAX_EXPANSIONS = 4096  # edges followed at most while searching
MAX_ISSUERS = 16  # issuer candidates kept per certificate
MAX_CHECKS = 256  # signature checks asked for at most

# Extensions this validator understands or may safely ignore when marked critical.
KNOWN_EXTENSIONS = {
    "basic_constraints",
    "key_usage",
    "extended_key_usage",
    "subject_alt_name",
    "issuer_alt_name",
    "name_constraints",
    "certificate_policies",
    "policy_mappings",
    "policy_constraints",
    "inhibit_any_policy",
    "subject_key_identifier",
    "authority_key_identifier",
    "crl_distribution_points",
    "freshest_crl",
    "authority_information_access",
    "subject_information_access",
    "subject_directory_attributes",
    "ocsp_no_check",
}


@dataclass
class Plan:
    leaf: x509.Certificate
    issuers: dict[str, list[x509.Certificate]]  # child sha256 → candidate issuers
    checks: list[SignatureCheck]
    trust: TrustStore
    unsupported: dict[tuple[str, str], Unsupported] = field(default_factory=dict)  # edges never asked of a backend


@dataclass
class ChainResult:
    trusted: bool
    path: list[x509.Certificate] = field(default_factory=list)  # leaf → root
    root: Anchor | None = None
    issuing: Anchor | None = None  # the pinned CA that issued the leaf, if any
    findings: list[Finding] = field(default_factory=list)

    @property
    def environment(self) -> str | None:
        return self.root.environment if self.trusted and self.root else None

    @property
    def ok(self) -> bool:
        return self.trusted and not any(f.severity == "error" for f in self.findings)

    anchors: dict = field(default_factory=dict)  # sha256 → Anchor, for naming pinned CAs

    def names(self) -> list[str]:
        """The path's names; pinned CAs by their pin name (test and prod OCES3 CAs share a CN)."""
        return [self.anchors[c.sha256.hex()].name if c.sha256.hex() in self.anchors else cn(c) for c in self.path]


def cn(cert: x509.Certificate) -> str:
    return first(attributes(cert.subject), OID_CN) or rfc4514(cert.subject)


def plan(leaf: x509.Certificate, intermediates: list[x509.Certificate], trust: TrustStore) -> Plan:
    # Pinned CAs come first among candidates, and their own edges are planned outside the
    # budget, so that look-alikes in a bundle cannot crowd the genuine path out.
    pinned = trust.by_sha256
    pool = {a.cert.sha256.hex(): a.cert for a in trust.anchors}
    for c in intermediates:
        pool.setdefault(c.sha256.hex(), c)
    by_subject: dict[str, list[x509.Certificate]] = {}
    for c in pool.values():
        by_subject.setdefault(_name_key(c.subject), []).append(c)
    roots = _root_digests(trust)

    issuers: dict[str, list[x509.Certificate]] = {}
    checks, unsupported, budget = [], {}, MAX_CHECKS
    todo, seen = deque([leaf]), set()
    while todo:
        child = todo.popleft()  # breadth first: the pinned issuers of the leaf before look-alikes' issuers
        digest = child.sha256.hex()
        if digest in seen or digest in roots:
            continue
        seen.add(digest)
        candidates = [
            c
            for c in by_subject.get(_name_key(child.issuer), [])
            if _key_ids_match(child, c) and c.sha256.hex() != digest
        ][:MAX_ISSUERS]
        if digest not in pinned:
            candidates = candidates[: max(0, budget)]
            budget -= len(candidates)
        issuers[digest] = candidates
        for issuer in candidates:
            check = signature_check(child, issuer)
            if isinstance(check, Unsupported):
                unsupported[check.key] = check  # never asked of a backend: it never verifies
            else:
                checks.append(check)
            todo.append(issuer)
    return Plan(leaf, issuers, checks, trust, unsupported)


def decide(p: Plan, verified: dict[tuple[str, str], bool | None], at: datetime) -> ChainResult:
    """Build paths over verified edges and apply the rules; the best path wins."""
    roots = _root_digests(p.trust)
    at = aware(at).replace(microsecond=0)  # certificate times have whole seconds; so does the check
    leaf_findings = _validity(p.leaf, at, leaf=True) + _structure(p.leaf) + _leaf_rules(p.leaf)
    bad_edges: list[tuple[x509.Certificate, x509.Certificate]] = []
    best: ChainResult | None = None
    for path in _paths(p, verified, roots, bad_edges):
        result = _judge(path, p.trust, at, leaf_findings)
        if best is None or _rank(result) < _rank(best):
            best = result
        if best.ok:
            break
    if best is not None:
        return best
    findings = list(leaf_findings)
    # None from a backend: it cannot check this algorithm at all (a browser whose WebCrypto
    # lacks it). That edge is named first, and nothing is said about trust: nothing was seen.
    unchecked = [e for e in bad_edges if verified.get(edge(*e), False) is None]
    for child, issuer in (unchecked or bad_edges)[:1]:
        unsupported = p.unsupported.get(edge(child, issuer))
        if unsupported:
            findings.append(Finding("chain.unsupported-algorithm", {"subject": cn(child), **_why(unsupported)}))
        elif unchecked:
            check = next(c for c in p.checks if c.key == edge(child, issuer))
            algorithm = f"{check.algorithm}-{check.hash}" if check.hash else check.algorithm
            findings.append(Finding("chain.browser-cannot-verify", {"subject": cn(child), "algorithm": algorithm}))
        else:
            findings.append(Finding("chain.bad-signature", {"subject": cn(child), "issuer": cn(issuer)}))
    if not unchecked:
        findings.append(Finding("chain.untrusted", {"issuer": rfc4514(p.leaf.issuer)}))
    return ChainResult(False, [p.leaf], findings=findings)


def _why(u: Unsupported) -> dict:
    """The finding's `algorithm`: the name, and what is wrong with its parameters (words.toml [unsupported])."""
    if not u.problem:
        return {"algorithm": u.algorithm}
    return {
        "algorithm": PhraseList((u.algorithm, Phrase("words.unsupported", u.problem, (("value", u.value),))), "comma")
    }


def _rank(result: ChainResult) -> tuple:
    return (not result.ok, len(result.findings), len(result.path))


def _paths(p: Plan, verified: dict, roots: set[str], bad_edges: list):
    """Complete paths over verified edges, shortest first; bounded, so that a crafted
    bundle of look-alike CAs cannot make the search run for ever."""
    queue = deque([[p.leaf]])
    expansions = found = 0
    while queue and expansions < MAX_EXPANSIONS and found < MAX_PATHS:
        path = queue.popleft()
        digest = path[-1].sha256.hex()
        if digest in roots:
            found += 1
            yield path
            continue
        if len(path) > MAX_DEPTH:
            continue
        on_path = {c.sha256.hex() for c in path}
        for issuer in p.issuers.get(digest, []):
            expansions += 1
            key = (digest, issuer.sha256.hex())
            if key[1] in on_path:
                continue  # a cycle
            if verified.get(key):
                queue.append(path + [issuer])
            else:
                bad_edges.append((path[-1], issuer))


def _judge(path, trust: TrustStore, at: datetime, leaf_findings: list[Finding]) -> ChainResult:
    findings = list(leaf_findings)
    below = 0  # non-self-issued intermediates between a CA and the leaf
    for position, ca in enumerate(path[1:], start=1):
        findings += _issuer_rules(path[position - 1], ca)
        findings += _validity(ca, at, leaf=False) + _structure(ca)
        findings += _ca_rules(ca, below)
        if ca.subject.dump() != ca.issuer.dump() and position < len(path) - 1:
            below += 1
    anchors = trust.by_sha256
    root = anchors.get(path[-1].sha256.hex())
    issuing = anchors.get(path[1].sha256.hex()) if len(path) > 1 else None
    return ChainResult(True, path, root, issuing, _unique(findings), anchors)


def _validity(cert: x509.Certificate, at: datetime, leaf: bool) -> list[Finding]:
    before, after = aware(cert.not_valid_before), aware(cert.not_valid_after)
    if before <= at <= after:
        return []
    if leaf:
        if at > after:
            return [Finding("cert.expired", {"not_after": after.date()})]
        return [Finding("cert.not-yet-valid", {"not_before": before.date()})]
    return [Finding("chain.ca-expired", {"subject": cn(cert), "not_before": before.date(), "not_after": after.date()})]


def _structure(cert: x509.Certificate) -> list[Finding]:
    """Rules every certificate on the path must keep, whatever its place."""
    findings = [
        Finding("chain.unknown-critical-extension", {"subject": cn(cert), "oid": oid})
        for oid in sorted(e for e in cert.critical_extensions if e not in KNOWN_EXTENSIONS)
    ]
    if cert["signature_algorithm"].dump() != cert["tbs_certificate"]["signature"].dump():
        findings.append(Finding("chain.algorithm-mismatch", {"subject": cn(cert)}))
    for detail in _profile_problems(cert):
        findings.append(Finding("cert.invalid", {"subject": cn(cert), "detail": detail}))
    # (Self-issued by the names' bytes: asn1crypto's self_issued normalises both names, slow for huge ones.)
    if cert.authority_key_identifier_value is None and cert.subject.dump() != cert.issuer.dump():
        # OpenSSL's -x509_strict: "Missing Authority Key Identifier". RFC 5280 §4.2.1.1 makes
        # it a MUST, but path validation (§6) does not use it, and Java, .NET and OpenSSL
        # without the strict flag accept such a certificate: a warning, not a rejection.
        findings.append(Finding("cert.no-authority-key-id", {"subject": cn(cert)}))
    return findings


def _issuer_rules(child: x509.Certificate, issuer: x509.Certificate) -> list[Finding]:
    """The child's authorityKeyIdentifier against the issuer found for it (the key identifier
    itself is matched when the path is planned). OpenSSL refuses a mismatch of the issuer's
    serial number or name (X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH): the identifier then
    points at another certificate, and validators that follow it find no issuer. An error."""
    aki = child.authority_key_identifier_value
    if aki is None:
        return []
    serial = aki["authority_cert_serial_number"].native
    names = aki["authority_cert_issuer"]
    wrong_serial = serial is not None and serial != issuer.serial_number
    wrong_name = bool(names) and not any(
        n.name == "directory_name" and _name_key(n.chosen) == _name_key(issuer.issuer) for n in names
    )
    if not (wrong_serial or wrong_name):
        return []
    return [
        Finding(
            "cert.invalid",
            {"subject": cn(child), "detail": _invalid("other-issuer")},
        )
    ]


_EXTENSION_NAMES = {
    "authority_information_access": "authorityInfoAccess",
    "authority_key_identifier": "authorityKeyIdentifier",
    "subject_key_identifier": "subjectKeyIdentifier",
}  # RFC 5280's names, for the texts
_MUST_NOT_BE_CRITICAL = set(_EXTENSION_NAMES)


def _invalid(key: str, **values) -> Phrase:
    """What is wrong, for cert.invalid's `detail` (words.toml [invalid])."""
    return Phrase("words.invalid", key, tuple(values.items()))


def _profile_problems(cert: x509.Certificate) -> list[Phrase]:
    tbs = cert["tbs_certificate"]
    problems = []
    if tbs["version"].native != "v3":
        problems.append(_invalid("version"))
    oids = [ext["extn_id"].dotted for ext in tbs["extensions"]]
    if len(oids) != len(set(oids)):
        problems.append(_invalid("duplicate-extension"))
    for ext in tbs["extensions"]:
        if ext["critical"].native and ext["extn_id"].native in _MUST_NOT_BE_CRITICAL:
            ext_name = _EXTENSION_NAMES[ext["extn_id"].native]
            problems.append(_invalid("critical", extension=ext_name))
    eku = cert.extended_key_usage_value
    if eku is not None and len(eku) == 0:
        problems.append(_invalid("empty-eku"))
    # Two more that OpenSSL's -x509_strict refuses, both a MUST of RFC 5280: a subjectAltName
    # with no name in it (§4.2.1.6, "at least one entry"), and a pathLenConstraint on a
    # certificate that is no CA (§4.2.1.9). Errors, as the empty extKeyUsage above.
    san = cert.subject_alt_name_value
    if san is not None and len(san) == 0:
        problems.append(_invalid("empty-san"))
    constraints = cert.basic_constraints_value
    if (
        constraints is not None
        and not constraints["ca"].native
        and constraints["path_len_constraint"].native is not None
    ):
        problems.append(_invalid("path-length"))
    validity = tbs["validity"]
    if aware(cert.not_valid_before) > aware(cert.not_valid_after):
        problems.append(_invalid("validity-reversed"))
    if any(
        validity[t].name == "general_time" and validity[t].native.tzinfo is None for t in ("not_before", "not_after")
    ):
        problems.append(_invalid("time-zone"))
    try:
        key = cert.public_key
        if key.algorithm == "ec" and key.curve[0] != "named":
            problems.append(_invalid("explicit-curve"))
    except Exception:
        problems.append(_invalid("unreadable-key"))
    return problems


def _leaf_rules(leaf: x509.Certificate) -> list[Finding]:
    """The leaf must be an end-entity certificate."""
    if leaf.ca:
        return [Finding("cert.ca-certificate", {"subject": cn(leaf)})]
    usage = leaf.key_usage_value
    if usage is not None and "key_cert_sign" in usage.native:
        return [
            Finding(
                "cert.invalid",
                {"subject": cn(leaf), "detail": _invalid("key-cert-sign")},
            )
        ]
    return []


def _ca_rules(ca: x509.Certificate, below: int) -> list[Finding]:
    def invalid(key: str, **values) -> list[Finding]:
        detail = Phrase("words.invalid-ca", key, tuple(values.items()))  # words.toml [invalid-ca]
        return [Finding("chain.invalid-ca", {"subject": cn(ca), "detail": detail})]

    if not ca.subject.chosen:
        return invalid("empty-name")
    constraints = ca.basic_constraints_value
    if constraints is None or not constraints["ca"].native:
        return invalid("not-ca")
    usage = ca.key_usage_value
    if usage is not None and "key_cert_sign" not in usage.native:
        return invalid("no-cert-sign")
    limit = constraints["path_len_constraint"].native
    if limit is not None and below > limit:
        return invalid("path-length", limit=limit)
    return []


def _root_digests(trust: TrustStore) -> set[str]:
    return {a.cert.sha256.hex() for a in trust.roots}


# Names longer than this are compared byte for byte, not normalised: RFC 4518 preparation
# (NFKC, case folding) is pure Python per character, so a 1 MB name, or one whose
# characters grow eighteenfold under NFKC (U+FDFA), would take tens of seconds. Real CA
# names are a few hundred bytes (the upper bounds of RFC 5280 appendix A add up to ~2 KB),
# so no pinned CA's name is ever compared this way.
MAX_NORMALISED_NAME = 4096


def _name_key(name: x509.Name) -> str:
    """Names compare by their normalised form (case and spacing of strings folded)."""
    der = name.dump()
    if len(der) > MAX_NORMALISED_NAME:
        return "der:" + hashlib.sha256(der).hexdigest()
    return _normalised(der)


@functools.lru_cache(maxsize=512)
def _normalised(name_der: bytes) -> str:
    # Normalising is slow and the CA names recur in every check: do it once per name.
    try:
        return x509.Name.load(name_der).hashable
    except Exception:
        return "der:" + name_der.hex()


def _key_ids_match(child: x509.Certificate, issuer: x509.Certificate) -> bool:
    aki, ski = child.authority_key_identifier, issuer.key_identifier
    return aki is None or ski is None or aki == ski


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, tuple(sorted(f.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def validate_path(
    leaf: bytes, intermediates: list[bytes], trust: TrustStore, at: datetime, verifier=None
) -> ChainResult:
    """Validate DER `leaf` against `trust` with untrusted DER `intermediates` (sync backend)."""
    verifier = verifier or default_verifier()
    leaf_cert, problem = parse_certificate(leaf)
    if leaf_cert is None:
        return ChainResult(False, findings=[problem] if problem else [])
    pool = [c for c in (parse_certificate(d)[0] for d in intermediates) if c is not None]
    p = plan(leaf_cert, pool, trust)
    return decide(p, {c.key: verifier.verify(c) for c in p.checks}, at)
