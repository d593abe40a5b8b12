"""The JSON report contract of DESIGN.md ("CLI", "Registration message") as types.

These are the shapes the CLI prints with --json, the worker posts to the page and tests read:
a change here is a change of the contract. `total=False` marks keys that only some reports
carry (`input.pkcs12`, a finding's `guide`).
"""

from __future__ import annotations

from typing import Literal, TypedDict

Severity = Literal["error", "warning", "info"]


class Guide(TypedDict):
    page: str  # relative to the language's root, e.g. "oces3/export/"
    title: str


class _RenderedFinding(TypedDict):
    code: str
    severity: Severity
    message: str
    hint: str


class RenderedFinding(_RenderedFinding, total=False):
    """A finding as the report carries it: texts in the report's language."""

    guide: Guide


class Pkcs12Facts(TypedDict):
    certificate_encryption: str | None
    key_encryption: str | None
    mac: str | None
    legacy: bool


class _InputFacts(TypedDict):
    format: str | None  # pem | der | base64 | pkcs7 | pkcs12 | xml | jwk
    certificates: int


class InputFacts(_InputFacts, total=False):
    pkcs12: Pkcs12Facts


class KeyFacts(TypedDict):
    type: str
    size: int | None


class CertificateFacts(TypedDict):
    """The report's `certificate`: whole values (messages shorten long names, facts do not)."""

    subject: str  # RFC 4514
    subject_cn: str | None
    subject_serial: str | None
    issuer: str
    issuer_cn: str | None
    generation: str | None  # oces2 | oces3
    kind: str | None  # function | organisation | business | employee | person
    cvr: str | None
    fid: str | None
    uuid: str | None
    is_ca: bool
    not_before: str  # ISO-8601 UTC
    not_after: str
    days_left: int | None
    serial: str  # lower-case hex
    serial_decimal: str
    sha256: str
    sha1: str
    key: KeyFacts
    key_usage: list[str]
    signature_algorithm: str
    policies: list[str]


class ChainFacts(TypedDict):
    trusted: bool
    environment: str | None  # test | prod
    path: list[str]  # leaf CN, issuing CA CN, root CN
    root: str | None  # the pin id of the root


class Verdict(TypedDict):
    accepted: bool


class Report(TypedDict):
    """One file's report (`check --json` prints a list of these)."""

    file: str | None
    checked_at: str
    input: InputFacts
    certificate: CertificateFacts | None
    chain: ChainFacts | None
    environments: dict[str, Verdict]  # "test", "prod"
    findings: list[RenderedFinding]


class MessageResult(TypedDict):
    """What build_message returns: the message, or None and the findings that say why."""

    ok: bool
    text: str | None
    findings: list[RenderedFinding]
    swapped: bool
