"""Differential test: random synthetic chains, validated by checks.validate_path and by
`openssl verify -x509_strict`, must get the same verdict.

The generator leaves out the places where the two differ on purpose:
- a leaf with basicConstraints cA=TRUE: checks refuses it (cert.ca-certificate, as webpki);
  openssl accepts it as an end entity;
- a CA certificate without keyUsage: RFC 5280 6.1.4 (n) checks keyCertSign only "if a key
  usage extension is present" (checks follows that); -x509_strict demands the extension.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import pki as P

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")

AT = P.d("2025-06-01")
WINDOWS = {
    "valid": ("2020-01-01", "2030-01-01"),
    "expired": ("2020-01-01", "2025-05-31"),
    "not-yet": ("2025-06-02", "2030-01-01"),
}

ca_config = st.fixed_dictionaries(
    {
        "ca": st.sampled_from([True, True, True, True, False, None]),
        "path_length": st.sampled_from([None, None, 0, 1, 2]),
        "key_cert_sign": st.sampled_from([True, True, True, False]),
        "window": st.sampled_from(["valid", "valid", "valid", "expired", "not-yet"]),
        "critical_unknown": st.sampled_from([False, False, False, True]),
    }
)
leaf_config = st.fixed_dictionaries(
    {
        "ca": st.sampled_from([False, False, None]),
        "key_cert_sign": st.sampled_from([False, False, False, True]),
        "window": st.sampled_from(["valid", "valid", "valid", "expired", "not-yet"]),
        "critical_unknown": st.sampled_from([False, False, False, True]),
    }
)


def _ca_kwargs(cfg: dict) -> dict:
    before, after = WINDOWS[cfg["window"]]
    usage = dict(P.CA_KU, key_cert_sign=cfg["key_cert_sign"])
    return dict(
        ca=cfg["ca"],
        path_length=cfg["path_length"] if cfg["ca"] else None,
        key_usage=usage,
        critical_unknown=cfg["critical_unknown"],
        not_before=P.d(before),
        not_after=P.d(after),
    )


def build_chain(root_cfg: dict, inter_cfgs: list[dict], leaf_cfg: dict, pss: bool = False):
    ca_scheme, leaf_scheme = ("pss-sha512", "pss-sha256") if pss else ("pkcs1-sha256", "pkcs1-sha256")
    key = P.rsa_key("diff-root")
    root_name = P.oces2_ca_name("Differential Root")
    root = P.build(root_name, key.public_key(), root_name, key, scheme=ca_scheme, **_ca_kwargs(root_cfg))
    parent_name, parent_key, inters = root_name, key, []
    for i, cfg in enumerate(inter_cfgs):
        k = P.rsa_key(f"diff-int-{i}")
        name = P.oces2_ca_name(f"Differential Intermediate {i}")
        inters.append(P.build(name, k.public_key(), parent_name, parent_key, scheme=ca_scheme, **_ca_kwargs(cfg)))
        parent_name, parent_key = name, k
    before, after = WINDOWS[leaf_cfg["window"]]
    lk = P.rsa_key("diff-leaf")
    leaf = P.build(
        P.name((P.NameOID.COMMON_NAME, "differential leaf")),
        lk.public_key(),
        parent_name,
        parent_key,
        scheme=leaf_scheme,
        ca=leaf_cfg["ca"],
        key_usage=dict(P.LEAF_KU, key_cert_sign=leaf_cfg["key_cert_sign"]),
        critical_unknown=leaf_cfg["critical_unknown"],
        not_before=P.d(before),
        not_after=P.d(after),
    )
    return root, inters, leaf


def openssl_ok(tmp, root, inters, leaf) -> tuple[bool, str]:
    (tmp / "root.pem").write_bytes(P.pem(root))
    (tmp / "leaf.pem").write_bytes(P.pem(leaf))
    args = ["openssl", "verify", "-x509_strict", "-CAfile", str(tmp / "root.pem"), "-attime", str(int(AT.timestamp()))]
    if inters:
        (tmp / "inter.pem").write_bytes(P.pem(*inters))
        args += ["-untrusted", str(tmp / "inter.pem")]
    done = subprocess.run(args + [str(tmp / "leaf.pem")], capture_output=True, text=True)
    return done.returncode == 0, (done.stdout + done.stderr).strip()


@settings(
    max_examples=int(os.environ.get("CHECKS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    root_cfg=ca_config,
    inter_cfgs=st.lists(ca_config, max_size=3),
    leaf_cfg=leaf_config,
    pss=st.booleans(),
    shuffle=st.randoms(use_true_random=False),
)
def test_same_verdict_as_openssl(tmp_path, root_cfg, inter_cfgs, leaf_cfg, pss, shuffle):
    """OCES2-like (PKCS#1 v1.5) or OCES3-like (PSS) chains; intermediates in any order."""
    from checks import TrustStore, validate_path

    root, inters, leaf = build_chain(root_cfg, inter_cfgs, leaf_cfg, pss)
    shuffle.shuffle(inters)
    trust = TrustStore.from_entries(
        [
            {
                "der": P.der(root),
                "id": "diff-root",
                "name": "Differential Root",
                "generation": None,
                "environment": None,
                "role": "root",
            }
        ]
    )
    ours = validate_path(P.der(leaf), [P.der(c) for c in inters], trust, AT)
    theirs, why = openssl_ok(tmp_path, root, inters, leaf)
    assert ours.ok == theirs, f"checks ok={ours.ok} {sorted(f.code for f in ours.findings)}; openssl ok={theirs}: {why}"


def test_generator_reaches_both_verdicts(tmp_path):
    """The comparison is not vacuous: a clean chain passes both, a broken one fails both."""
    clean = dict(ca=True, path_length=None, key_cert_sign=True, window="valid", critical_unknown=False)
    leaf = dict(ca=False, key_cert_sign=False, window="valid", critical_unknown=False)
    from checks import TrustStore, validate_path

    for inter, expected in ((clean, True), (dict(clean, window="expired"), False)):
        root, inters, lf = build_chain(clean, [inter], leaf)
        trust = TrustStore.from_entries(
            [{"der": P.der(root), "id": "r", "name": "r", "generation": None, "environment": None, "role": "root"}]
        )
        assert validate_path(P.der(lf), [P.der(c) for c in inters], trust, AT).ok is expected
        assert openssl_ok(tmp_path, root, inters, lf)[0] is expected
