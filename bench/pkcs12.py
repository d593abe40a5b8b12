"""Benchmark: opening a PKCS#12 certificate part with its password, side by side in the three
places it runs: CPython with `cryptography`'s ciphers (the CLI), CPython with the pure-Python
ciphers (the browser's code under CPython), and Pyodide in Node with the site's own wheels
(what the worker runs, without the page around it).

Files: the corpus .pfx (MitID Erhverv's layout: RC2-40), the corpus 3DES .p12, OpenSSL 3's
default (AES-256, PBKDF2), and the two worst cases the limits allow (input.toml's
[pkcs12.limits]): a triple-DES certificate part just under the size limit, and a file at the
iteration limit. Each is opened several times; medians are printed with the ratios.

    .venv/bin/python bench/pkcs12.py --site <built site folder> [--runs 3]

(`mkdocs build --site-dir DIR` makes the folder; Node and node_modules/pyodide are needed.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from checks import pfx, pkcs12_ciphers
from checks.load import load
from checks.pkcs12 import CryptographyCiphers
from support.paths import ROOT, SHARED

FORMATS = SHARED / "corpus" / "formats"


def _self_signed(n: int) -> tuple:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, f"bench {n} " + "x" * 40)])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(n + 1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _files() -> dict[str, tuple[bytes, bytes]]:
    limits = pfx.limits()
    files = {}
    if FORMATS.is_dir():
        files["corpus .pfx (RC2-40)"] = ((FORMATS / "pkcs12-oces3-testwsc-Test1234.pfx").read_bytes(), b"Test1234")
        files["corpus .p12 (3DES)"] = ((FORMATS / "pkcs12-foces-gyldig-Test1234.p12").read_bytes(), b"Test1234")
    key, cert = _self_signed(0)

    def build(algorithm, rounds, cas):
        enc = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(rounds)
            .key_cert_algorithm(algorithm)
            .hmac_hash(hashes.SHA1())
            .build(b"pw")
        )
        return pkcs12.serialize_key_and_certificates(b"b", key, cert, cas or None, enc)

    files["AES-256, 2048 iterations"] = (
        pkcs12.serialize_key_and_certificates(b"b", key, cert, None, serialization.BestAvailableEncryption(b"pw")),
        b"pw",
    )
    cas = []
    data = build(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC, 2048, cas)
    while True:  # as many certificates as stay under the size limit
        cas.append(_self_signed(len(cas) + 1)[1])
        bigger = build(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC, 2048, cas)
        structure = pfx.read(bigger)
        if sum(len(c) for _, c in structure._encrypted) > limits["ciphertext"]:
            break
        data = bigger
    files["3DES at the size limit"] = (data, b"pw")
    files["3DES at the iteration limit"] = (
        build(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC, limits["iterations"], None),
        b"pw",
    )
    files["AES-256 at the iteration limit"] = (
        build(pkcs12.PBES.PBESv2SHA256AndAES256CBC, limits["iterations"], None),
        b"pw",
    )
    return files


def _cpython(data: bytes, password: bytes, ciphers, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        loaded = load(data, pfx.Opener(lambda: password, ciphers))
        times.append(time.perf_counter() - t)
        assert loaded.certificates, [f.code for f in loaded.findings]
    return statistics.median(times)


_NODE = r"""
import { loadPyodide } from %(pyodide)s;
import fs from "node:fs";
const [wheels, inputs, runs] = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const py = await loadPyodide({ indexURL: %(index)s });
for (const w of wheels) await py.loadPackage(w, { messageCallback: () => {} });
py.globals.set("inputs", inputs);
py.globals.set("runs", runs);
console.log(py.runPython(`
import base64, json, statistics, time
from checks import pfx, pkcs12_ciphers
from checks.load import load
out = {}
for name, (data, password) in inputs.to_py().items():
    data, password = base64.b64decode(data), password.encode()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        loaded = load(data, pfx.Opener(lambda: password, pkcs12_ciphers))
        times.append(time.perf_counter() - t)
        assert loaded.certificates, [f.code for f in loaded.findings]
    out[name] = statistics.median(times)
json.dumps(out)
`));
"""


def _pyodide(site: Path, files: dict, runs: int) -> dict[str, float]:
    import base64

    folder = site / "assets" / "pyodide"
    wheels = [str(p) for p in sorted(folder.glob("*.whl"))]
    pyodide = ROOT / "node_modules" / "pyodide"
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.mjs"
        script.write_text(
            _NODE % {"pyodide": json.dumps((pyodide / "pyodide.mjs").as_uri()), "index": json.dumps(str(pyodide) + "/")}
        )
        args = Path(tmp) / "args.json"
        args.write_text(
            json.dumps([wheels, {k: [base64.b64encode(d).decode(), p.decode()] for k, (d, p) in files.items()}, runs])
        )
        res = subprocess.run(["node", str(script), str(args)], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, required=True, help="a built site (for its wheels)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    files = _files()
    worker = _pyodide(args.site, files, args.runs)
    print(f"{'file':32} {'cryptography':>13} {'pure CPython':>13} {'Pyodide':>9} {'Pyodide/CLI':>12}")
    for name, (data, password) in files.items():
        cli = _cpython(data, password, CryptographyCiphers(), args.runs)
        pure = _cpython(data, password, pkcs12_ciphers, args.runs)
        print(f"{name:32} {cli:12.3f}s {pure:12.3f}s {worker[name]:8.3f}s {worker[name] / cli:11.1f}x")


if __name__ == "__main__":
    main()
