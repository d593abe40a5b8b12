"""The WebCrypto signature backend in each engine against the `cryptography` backend, on
signatures of every algorithm family made here with `cryptography`: RSA PKCS#1 v1.5,
RSA-PSS with the certificate's parameters, ECDSA on the three NIST curves (DER
signatures, converted by asn1crypto), Ed25519; each also with a tampered message, and
algorithms WebCrypto cannot do, which must give False rather than an error."""

from __future__ import annotations

import pytest


def _cases() -> list[tuple[str, dict, bool]]:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, padding, rsa

    def spki(key):
        return key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    hashes_by_name = {
        "sha1": hashes.SHA1(),
        "sha256": hashes.SHA256(),
        "sha384": hashes.SHA384(),
        "sha512": hashes.SHA512(),
    }
    message = b"tbsCertificate stand-in \x00\x01\x02" * 20
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cases = []

    def add(name, algorithm, key, signature, hash_=None, salt=None, mgf=None, curve=None, expected=True):
        base = {
            "key": [name, "issuer"],
            "algorithm": algorithm,
            "hash": hash_,
            "salt_length": salt,
            "mgf_hash": mgf,
            "curve": curve,
            "public_key": spki(key).hex(),
            "signature": signature.hex(),
        }
        cases.append((name, {**base, "message": message.hex()}, expected))
        cases.append((name + "/tampered", {**base, "message": (message + b"!").hex()}, False))

    for h in ("sha1", "sha256", "sha512"):
        add(
            f"pkcs1v15-{h}", "rsassa_pkcs1v15", rsa_key, rsa_key.sign(message, padding.PKCS1v15(), hashes_by_name[h]), h
        )
    for h, salt in (("sha256", 32), ("sha512", 64), ("sha256", 20)):
        sig = rsa_key.sign(message, padding.PSS(padding.MGF1(hashes_by_name[h]), salt), hashes_by_name[h])
        add(f"pss-{h}-salt{salt}", "rsassa_pss", rsa_key, sig, h, salt, h)
    for curve, h in (
        (ec.SECP256R1(), "sha256"),
        (ec.SECP384R1(), "sha384"),
        (ec.SECP521R1(), "sha512"),
        (ec.SECP256R1(), "sha384"),
    ):
        key = ec.generate_private_key(curve)
        add(
            f"ecdsa-{curve.name}-{h}", "ecdsa", key, key.sign(message, ec.ECDSA(hashes_by_name[h])), h, curve=curve.name
        )
    ed = ed25519.Ed25519PrivateKey.generate()
    add("ed25519", "ed25519", ed, ed.sign(message))
    # What WebCrypto cannot verify is "not verified", never an error.
    dsa_key = dsa.generate_private_key(2048)
    add("dsa-sha256", "dsa", dsa_key, dsa_key.sign(message, hashes.SHA256()), "sha256", expected=False)
    sig = rsa_key.sign(message, padding.PSS(padding.MGF1(hashes.SHA1()), 32), hashes.SHA256())
    add("pss-sha256-mgf1-sha1", "rsassa_pss", rsa_key, sig, "sha256", 32, "sha1", expected=False)
    cases.append(("garbage-key", {**cases[0][1], "public_key": "3000"}, False))
    return cases


@pytest.mark.engine_area("webcrypto")
def test_webcrypto_backend_agrees_with_cryptography(page, site_url):
    from checks.signatures import SignatureCheck
    from checks.verify_cryptography import CryptographyVerifier

    cases = _cases()
    page.goto(site_url + "/checker/")
    got = page.evaluate(
        """async (checks) => {
        const worker = new Worker(new URL("assets/widgets/worker.js", location.origin + "/"), {type: "module"});
        return await new Promise((resolve, reject) => {
            worker.onmessage = ({data}) => {
                if (data.type === "result") resolve(data.result);
                if (data.type === "error" || data.type === "failed") reject(new Error(data.error));
            };
            worker.postMessage({type: "verify", id: 1, checks});
        });
    }""",
        [c for _, c, _ in cases],
    )
    expected = [e for _, _, e in cases]
    names = [n for n, _, _ in cases]
    assert dict(zip(names, got)) == dict(zip(names, expected))

    cpython = CryptographyVerifier()
    for (name, fields, _), webcrypto in zip(cases, got):
        if name.startswith(("dsa", "pss-sha256-mgf1-sha1")):
            continue  # cryptography can verify these; WebCrypto cannot, and says so with False
        f = dict(
            fields,
            key=tuple(fields["key"]),
            **{k: bytes.fromhex(fields[k]) for k in ("public_key", "signature", "message")},
        )
        assert cpython.verify(SignatureCheck(**f)) == webcrypto, name
