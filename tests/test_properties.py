"""Property-based tests (hypothesis): whatever bytes arrive, `check` returns a report.

Random bytes, truncated and bit-flipped real certificates from ../shared/corpus, and
mangled PEM never raise; the report always serialises to JSON and, when no environment
accepts the input, carries at least one `input.*`, `cert.*` or `chain.*` finding saying
why. A damaged certificate is never accepted.

Example counts are kept moderate for the suite; `CHECKS_FUZZ_EXAMPLES=3000` (an
environment variable) runs every property with that many examples for a deeper search.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os

import pytest
from asn1crypto import pem as apem
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from support import pki

SETTINGS = settings(
    max_examples=int(os.environ.get("CHECKS_FUZZ_EXAMPLES", "200")),
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENVS = ("test", "prod")
REPORT_KEYS = {"file", "input", "certificate", "chain", "environments", "findings"}


def accepted(report: dict) -> bool:
    return any(report["environments"][e]["accepted"] for e in ENVS)


def assert_sound(report: dict, damaged: bool = True) -> None:
    """The invariants every report keeps, whatever the input. For `damaged` input (random
    or mangled bytes, certificates cut or altered), a rejection must be explained by an
    input.*, cert.* or chain.* finding; for any input, each environment that does not
    accept it has an error finding."""
    assert isinstance(report, dict)
    assert set(report) >= REPORT_KEYS, f"report lacks {REPORT_KEYS - set(report)}"
    text = json.dumps(report, ensure_ascii=False)
    assert json.loads(text) == report
    assert set(report["environments"]) == set(ENVS)
    for env in ENVS:
        assert isinstance(report["environments"][env]["accepted"], bool)
    for f in report["findings"]:
        assert f["severity"] in ("error", "warning", "info")
        assert f["message"].strip() and f["hint"].strip()
    if report["certificate"] is None:
        assert not accepted(report), "accepted without a certificate"
        assert report["chain"] is None
    errors = [f["code"] for f in report["findings"] if f["severity"] == "error"]
    notes = [f["code"] for f in report["findings"] if f["severity"] == "info"]
    for env in ENVS:
        if not report["environments"][env]["accepted"]:
            # accepted for the other environment: the reason is a note (DESIGN.md), otherwise an error
            other = any(v["accepted"] for v in report["environments"].values())
            explained = "policy.wrong-environment" in notes if other else errors
            assert explained, f"not accepted for {env} without a finding that says why: {report['findings']}"
            if other:
                assert not errors, f"accepted for one environment next to an error: {report['findings']}"
    if damaged and not accepted(report):
        reasons = [f["code"] for f in report["findings"] if f["code"].split(".", 1)[0] in ("input", "cert", "chain")]
        assert reasons, f"not accepted, and no input/cert/chain finding: {report['findings']}"


class Item(tuple):
    """(file, raw bytes, leaf DER, time) that prints as its file name in failure reports."""

    def __new__(cls, *parts):
        return super().__new__(cls, parts)

    def __repr__(self):
        return f"<{self[0]} at {self[3].isoformat()}>"


class Corpus(list):
    def __repr__(self):
        return f"<corpus of {len(self)} files>"


# ---- the corpus, loaded once -----------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(shared) -> list[tuple[str, bytes, bytes, dt.datetime]]:
    """(file, original bytes, leaf DER, a time inside the leaf's validity) for every
    corpus file that holds one certificate as PEM, DER or base64."""
    manifest = json.loads((shared / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    out = Corpus()
    for entry in manifest:
        if entry["format"] not in ("pem", "der", "base64") or entry["certificates"] != 1:
            continue
        raw = (shared / "corpus" / entry["file"]).read_bytes()
        if apem.detect(raw):
            _, _, der = apem.unarmor(raw)
        elif entry["format"] == "base64":
            der = base64.b64decode(b"".join(raw.split()))
        else:
            der = raw
        at = dt.datetime.fromisoformat(entry["not_before"]) + dt.timedelta(days=1)
        out.append(Item(entry["file"], raw, der, at))
    assert len(out) >= 20, "the corpus should give at least 20 single certificates"
    return out


@pytest.fixture(scope="module")
def run(trust):
    from checks import check

    class Run:
        def __call__(self, data: bytes, at: dt.datetime | None = None, damaged: bool = True, **kw) -> dict:
            at = at or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
            report = check(data, at=at, lang=kw.pop("lang", "en"), trust=trust, name="fuzz", **kw)
            assert_sound(report, damaged)
            return report

        def __repr__(self):
            return "<check with the real trust anchors>"

    return Run()


def to_pem(der: bytes, width: int = 64) -> bytes:
    body = base64.b64encode(der)
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    return b"-----BEGIN CERTIFICATE-----\n" + b"\n".join(lines) + b"\n-----END CERTIFICATE-----\n"


# ---- random input -------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=3000), lang=st.sampled_from(["da", "en"]))
def test_random_bytes(run, data, lang):
    report = run(data, lang=lang)
    assert not accepted(report)


@SETTINGS
@given(
    body=st.binary(min_size=0, max_size=2000),
    prefix=st.sampled_from([b"0\x82", b"0\x80", b"\x30\x82\x05\x00\x30\x82", b"\x30\x03"]),
)
def test_random_der_like(run, body, prefix):
    assert not accepted(run(prefix + body))


@SETTINGS
@given(
    text=st.text(
        alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n -"),
        max_size=2000,
    ),
    label=st.sampled_from(
        [
            "CERTIFICATE",
            "PKCS7",
            "PRIVATE KEY",
            "CERTIFICATE REQUEST",
            "X509 CERTIFICATE",
            "TRUSTED CERTIFICATE",
            "ENCRYPTED PRIVATE KEY",
        ]
    ),
)
def test_random_pem_like(run, text, label):
    data = f"-----BEGIN {label}-----\n{text}\n-----END {label}-----\n".encode()
    assert not accepted(run(data))


@SETTINGS
@given(data=st.binary(max_size=1500), password=st.binary(max_size=20))
def test_random_bytes_with_password(run, data, password):
    assert not accepted(run(data, password=password))


# ---- damaged real certificates ------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_truncated_certificates(run, corpus, data):
    file, _, der, at = data.draw(st.sampled_from(corpus), label="file")
    cut = data.draw(st.integers(min_value=0, max_value=len(der) - 1), label="cut")
    wrap = data.draw(st.sampled_from(["der", "pem", "base64"]), label="wrap")
    piece = der[:cut]
    payload = {"der": piece, "pem": to_pem(piece), "base64": base64.encodebytes(piece)}[wrap]
    report = run(payload, at=at)
    assert not accepted(report), f"{file} cut to {cut} bytes was accepted"


@SETTINGS
@given(data=st.data())
def test_bit_flipped_certificates(run, corpus, data):
    file, _, der, at = data.draw(st.sampled_from(corpus), label="file")
    bit = data.draw(st.integers(min_value=0, max_value=len(der) * 8 - 1), label="bit")
    flipped = bytearray(der)
    flipped[bit // 8] ^= 1 << (bit % 8)
    wrap = data.draw(st.sampled_from(["der", "pem"]), label="wrap")
    payload = bytes(flipped) if wrap == "der" else to_pem(bytes(flipped))
    report = run(payload, at=at)
    assert not accepted(report), f"{file} with bit {bit} flipped was accepted: {report['findings']}"


# ---- mangled PEM --------------------------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_pem_with_bad_base64(run, corpus, data):
    _file, _, der, at = data.draw(st.sampled_from(corpus), label="file")
    text = bytearray(to_pem(der))
    start = text.index(b"\n") + 1
    end = text.index(b"-----END")
    pos = data.draw(st.integers(min_value=start, max_value=end - 2), label="pos")
    assume(text[pos : pos + 1] != b"\n")
    text[pos : pos + 1] = data.draw(st.sampled_from([b"*", b"!", b"\x00", b"\xff", b"=", b"==", b"%"]))
    run(bytes(text), at=at)  # whatever it decides, it decides soundly


@SETTINGS
@given(data=st.data())
def test_pem_missing_end_or_cut(run, corpus, data):
    _file, _, der, at = data.draw(st.sampled_from(corpus), label="file")
    text = to_pem(der)
    how = data.draw(st.sampled_from(["no-end", "cut", "no-begin", "double-begin"]))
    if how == "no-end":
        text = text[: text.index(b"-----END")]
    elif how == "cut":
        text = text[: data.draw(st.integers(min_value=0, max_value=len(text) - 30))]
    elif how == "no-begin":
        text = text[text.index(b"\n") + 1 :]
    else:
        text = b"-----BEGIN CERTIFICATE-----\n" + text
    run(text, at=at)


@SETTINGS
@given(data=st.data())
def test_pem_line_endings_and_surrounding_text_do_not_matter(run, corpus, data):
    """Mixed line endings, other line widths and text around a PEM block give the same
    certificate and the same verdicts as the clean PEM."""
    file, _, der, at = data.draw(st.sampled_from(corpus), label="file")
    width = data.draw(st.sampled_from([64, 76, 40]), label="width")
    lines = to_pem(der, width).split(b"\n")
    endings = data.draw(
        st.lists(st.sampled_from([b"\n", b"\r\n", b"\r\n", b"\n"]), min_size=len(lines), max_size=len(lines)),
        label="endings",
    )
    body = b"".join(line + end for line, end in zip(lines, endings) if line)
    before = data.draw(
        st.sampled_from(
            [
                b"",
                b"subject=/C=DK/O=x\n",
                "Bag Attributes\n  friendlyName: æøå\n".encode("latin-1"),
                b"Certificate:\r\n    Data: ...\r\n",
            ]
        ),
        label="before",
    )
    after = data.draw(st.sampled_from([b"", b"\n\n", b"trailing words\n", b"\x00"]), label="after")
    mangled = run(before + body + after, at=at, damaged=False)
    clean = run(to_pem(der), at=at, damaged=False)
    assert mangled["certificate"] is not None, f"{file}: the certificate was not found"
    assert mangled["certificate"]["sha256"] == clean["certificate"]["sha256"]
    assert mangled["environments"] == clean["environments"]


# ---- damaged PKCS#12 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def p12():
    p = pki.PKI.create()
    leaf = p.oces3()
    return pki.pkcs12_file(leaf.key, leaf.cert, password=b"Test1234")


@SETTINGS
@given(data=st.data())
def test_damaged_pkcs12(run, p12, data):
    bit = data.draw(st.integers(min_value=0, max_value=len(p12) * 8 - 1), label="bit")
    flipped = bytearray(p12)
    flipped[bit // 8] ^= 1 << (bit % 8)
    password = data.draw(st.sampled_from([None, b"Test1234", b"wrong"]), label="password")
    run(bytes(flipped), password=password)


# ---- rules as properties (synthetic PKI) ----------------------------------------------------

SECOND = dt.timedelta(seconds=1)
moments = st.datetimes(min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2029, 1, 1), timezones=st.just(dt.UTC))


class Synthetic(tuple):
    def __repr__(self):
        return "<synthetic PKI and its trust store>"


@pytest.fixture(scope="module")
def synthetic():
    p = pki.PKI.create()
    return Synthetic((p, p.trust()))


@settings(max_examples=40, deadline=None)
@given(nb=moments, days=st.integers(min_value=1, max_value=3 * 366), at=moments)
def test_validity_window(synthetic, nb, days, at):
    """cert.expired exactly when `at` is past notAfter, cert.not-yet-valid exactly when it is
    before notBefore (compared by whole seconds), and accepted for test otherwise."""
    from checks import check

    p, trust = synthetic
    nb = nb.replace(microsecond=0)
    na = nb + dt.timedelta(days=days)
    leaf = p.oces3(not_before=nb.isoformat(), not_after=na.isoformat())
    report = check(leaf.pem, at=at, lang="en", trust=trust)
    assert_sound(report, damaged=False)
    found = {f["code"] for f in report["findings"]}
    whole = at.replace(microsecond=0)
    assert ("cert.expired" in found) == (whole > na)
    assert ("cert.not-yet-valid" in found) == (whole < nb)
    assert report["environments"]["test"]["accepted"] == (nb <= whole <= na)
    assert report["environments"]["prod"]["accepted"] is False


RETIRED_FROM = dt.datetime(2023, 11, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@settings(max_examples=40, deadline=None)
@given(
    at=st.one_of(
        st.datetimes(
            min_value=dt.datetime(2023, 10, 31, 22), max_value=dt.datetime(2023, 11, 1, 1), timezones=st.just(dt.UTC)
        ),
        st.datetimes(
            min_value=dt.datetime(2022, 2, 1),
            max_value=dt.datetime(2024, 12, 1),
            timezones=st.sampled_from(
                [dt.UTC, dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-5))]
            ),
        ),
    )
)
def test_oces2_retirement(synthetic, at):
    """An OCES2 FOCES test certificate valid 2022–2025 is accepted for test exactly before
    2023-11-01 00:00 Danish time (CET, UTC+1), whatever the time zone `at` is given in."""
    from checks import check

    p, trust = synthetic
    leaf = p.oces2(not_before="2022-01-01", not_after="2025-01-01")
    report = check(leaf.pem, at=at, lang="en", trust=trust)
    assert_sound(report, damaged=False)
    retired = at >= RETIRED_FROM
    assert ("policy.oces2-retired" in {f["code"] for f in report["findings"]}) == retired
    assert report["environments"]["test"]["accepted"] == (not retired)


@SETTINGS
@given(data=st.data())
def test_languages_give_the_same_verdicts(run, corpus, data):
    _file, raw, _, at = data.draw(st.sampled_from(corpus), label="file")
    shift = data.draw(st.integers(min_value=-400, max_value=4000), label="days")
    when = at + dt.timedelta(days=shift)
    da, en = run(raw, at=when, lang="da", damaged=False), run(raw, at=when, lang="en", damaged=False)
    assert [f["code"] for f in da["findings"]] == [f["code"] for f in en["findings"]]
    assert da["environments"] == en["environments"]
    assert da["certificate"] == en["certificate"] and da["chain"] == en["chain"]


# ---- the registration message ---------------------------------------------------------------


@pytest.fixture(scope="module")
def accepted_reports(synthetic):
    from checks import check

    p, trust = synthetic
    at = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    test = check(p.oces3().pem, at=at, lang="en", trust=trust)
    prod = check(p.oces3(env="prod").pem, at=at, lang="en", trust=trust)
    assert test["environments"]["test"]["accepted"] and prod["environments"]["prod"]["accepted"]
    return Synthetic((test, prod))


ws_ids = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["abc\ndef", "abc\r\nEmne: x", "abc\u2028def", "abc\x85def", "  ws-1  ", "\tws", "ws\x00", "ws\u200b"]
)


@settings(max_examples=int(os.environ.get("CHECKS_FUZZ_EXAMPLES", "150")), deadline=None)
@given(ws_test=ws_ids, ws_prod=ws_ids)
def test_ws_id_cannot_inject_lines(accepted_reports, ws_test, ws_prod):
    """Whatever is typed as wsBrugerId, the message keeps its shape: the fixed lines, each
    wsBrugerId on its own line, exactly as typed without surrounding whitespace; or it is
    refused with message.ws-id-missing / message.ws-id-invalid."""
    from checks import build_message

    test, prod = accepted_reports
    result = build_message(test=(test, ws_test), prod=(prod, ws_prod), lang="en")
    codes = {f["code"] for f in result["findings"]}
    assert codes <= {"message.ws-id-missing", "message.ws-id-invalid", "message.same-ws-id"}
    if not result["ok"]:
        assert result["text"] is None
        assert codes & {"message.ws-id-missing", "message.ws-id-invalid"}
        return
    lines = result["text"].splitlines()
    cert_t, cert_p = test["certificate"], prod["certificate"]
    assert lines == [
        "Emne: Registrering af systemcertifikat til Integrationsplatformen",
        "",
        "Systemcertifikat til test/preprod:",
        f"CVR-nummer: {cert_t['cvr']}",
        f"UUID: {cert_t['uuid']}",
        f"wsBrugerId: {ws_test.strip()}",
        "",
        "Systemcertifikat til prod:",
        f"CVR-nummer: {cert_p['cvr']}",
        f"UUID: {cert_p['uuid']}",
        f"wsBrugerId: {ws_prod.strip()}",
    ]
    assert ("message.same-ws-id" in codes) == (ws_test.strip() == ws_prod.strip())


# ---- bundles: extra CA certificates never spoil a good path -----------------------------------


@pytest.fixture(scope="module")
def ca_pool(synthetic):
    """CA certificates a bundle may carry beside a genuine OCES3 test leaf: the real chain,
    expired copies, look-alikes copying names and key identifiers, spoofed CAs, unrelated CAs."""
    p, _ = synthetic
    ca1, root = p["oces3-test-ca-1"], p["oces3-test-root"]
    ski = pki.ski_of(ca1)
    look_key = pki.rsa_key("pool-look-alike")
    fake_root, fake = p.spoofed("oces2-test-ca-xix")
    pool = {
        "ca1": ca1.cert,
        "root": root.cert,
        "prod-ca1": p["oces3-prod-ca-1"].cert,
        "xix": p["oces2-test-ca-xix"].cert,
        "fake-xix": fake.cert,
        "fake-root": fake_root.cert,
        "expired-ca1": pki.make_sub(
            "pool-expired", ca1.name, root, key_label="oces3-test-ca-1", not_after=pki.d("2021-01-01"), path_length=0
        ).cert,
    }
    for i in range(24):
        pool[f"look-{i:02}"] = pki.build(
            ca1.name,
            look_key.public_key(),
            ca1.name,
            look_key,
            scheme="pss-sha512",
            not_before=pki.d("2020-01-01"),
            not_after=pki.d("2035-01-01"),
            ca=True,
            ski=ski,
            aki=ski,
        )
    return Synthetic((p.oces3(), pool))


@settings(max_examples=int(os.environ.get("CHECKS_FUZZ_EXAMPLES", "60")), deadline=None)
@given(data=st.data())
def test_extra_ca_certificates_never_spoil_an_accepted_certificate(synthetic, ca_pool, data):
    from checks import check

    _, trust = synthetic
    leaf, pool = ca_pool
    names = data.draw(st.lists(st.sampled_from(sorted(pool)), max_size=40), label="extras")
    leaf_at = data.draw(st.integers(min_value=0, max_value=len(names)), label="leaf position")
    certs = [pool[n] for n in names]
    certs.insert(leaf_at, leaf.cert)
    at = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    report = check(pki.pem(*certs), at=at, lang="en", trust=trust)
    assert_sound(report, damaged=False)
    assert report["certificate"]["sha256"] == pki.hashlib_sha256(leaf.der)
    assert report["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}, report["findings"]


@settings(max_examples=int(os.environ.get("CHECKS_FUZZ_EXAMPLES", "25")), deadline=None)
@given(data=st.data())
def test_reports_do_not_depend_on_what_was_checked_before(run, corpus, data):
    """The verifier and name caches never carry one input's result into another's report."""
    a = data.draw(st.sampled_from(corpus), label="a")
    others = data.draw(st.lists(st.sampled_from(corpus), min_size=1, max_size=4), label="others")
    first = run(a[1], at=a[3], damaged=False)
    for other in others:
        run(other[1], at=other[3], damaged=False)
        run(pki.flip_signature_bit(other[2]), at=other[3])  # a forged twin shares every key
    assert run(a[1], at=a[3], damaged=False) == first
