"""What hooks/pyodide_bundle.py adds to the built site for speed (issue 18): the .gz and
.br beside each compressible file, and the memory snapshot, which Pyodide restores (in
Node here, with the pinned Pyodide) into a checker that answers, and after which
packages can still be loaded (as the PKCS#12 opener's are, on demand); the snapshot is
shipped without its zero pages (hooks/snapshot_pages.py)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import zipfile

import brotli
import pytest

from hooks import snapshot_pages
from site_helpers import ROOT


def test_compressed_copies_beside_the_files(built_site):
    pairs = 0
    for packed in built_site.rglob("*.gz"):
        original = packed.with_suffix("")
        assert original.is_file(), packed
        assert gzip.decompress(packed.read_bytes()) == original.read_bytes(), packed
        br = original.with_name(original.name + ".br")
        assert br.is_file() and brotli.decompress(br.read_bytes()) == original.read_bytes(), br
        pairs += 1
    assert pairs > 50
    out = built_site / "assets/pyodide"
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide-lock.json", "trust-anchors.pem"):
        assert (out / f"{name}.br").stat().st_size < (out / name).stat().st_size * 0.6, name
    for page in ("index.html", "en/checker/index.html", "404.html", "en/404.html", "search/search_index.json"):
        assert (built_site / f"{page}.gz").is_file(), page
    # The stdlib's zip is shipped with stored members: its .br is smaller than Pyodide's
    # own deflated zip by more than a quarter (1.8 against 2.5 MB), and holds the same modules.
    ours, pyodides = out / "python_stdlib.zip", ROOT / "node_modules/pyodide/python_stdlib.zip"
    assert (out / "python_stdlib.zip.br").stat().st_size < pyodides.stat().st_size * 0.75
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(pyodides) as b:
        assert {i.compress_type for i in a.infolist()} == {zipfile.ZIP_STORED}
        assert [(i.filename, i.CRC) for i in a.infolist()] == [(i.filename, i.CRC) for i in b.infolist()]


_RESTORE = r"""
import { loadPyodide } from %(pyodide)s;
import fs from "node:fs";
const dir = %(dir)s;
const [snapshot, cert] = process.argv.slice(2);
const py = await loadPyodide({ indexURL: dir, lockFileURL: dir + "pyodide-lock.json",
                               _loadSnapshot: fs.readFileSync(snapshot), stdout: () => {}, stderr: () => {} });
const browser = py.pyimport("checks.browser");
const before = JSON.parse(await browser.check(new Uint8Array(fs.readFileSync(cert)), "a.pem", "2024-01-01T00:00:00Z", "en"));
await py.loadPackage(["oces-checks"], { messageCallback: () => {} });  // as a package loaded on demand would
const files = py.runPython("import os, checks; sorted(os.listdir(os.path.dirname(checks.__file__)))").toJs();
// A module no check imported before the snapshot, read from the shipped stdlib zip.
const imported = py.runPython("import colorsys, xml.dom.minidom; xml.dom.minidom.parseString('<a/>').documentElement.tagName");
const after = JSON.parse(await browser.check(new Uint8Array(fs.readFileSync(cert)), "a.pem", "2024-01-01T00:00:00Z", "en"));
console.log(JSON.stringify({ before, after, files, imported }));
"""


def test_the_snapshot_restores_a_working_checker(built_site, shared, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: scripts/bootstrap installs it with the npm packages")
    start = json.loads((built_site / "assets/widgets/worker.js").read_text().split("const START = ", 1)[1]
                       .split(";\n", 1)[0])
    out = built_site / "assets/pyodide"
    script = tmp_path / "restore.mjs"
    script.write_text(_RESTORE % {"pyodide": json.dumps((ROOT / "node_modules/pyodide/pyodide.mjs").as_uri()),
                                  "dir": json.dumps(str(out) + "/")})
    cert = shared / "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem"
    snapshot = tmp_path / "snapshot.bin"  # as the worker hands it to Pyodide: with its zero pages
    snapshot.write_bytes(snapshot_pages.unpack((out / start["snapshot"]["file"]).read_bytes()))
    res = subprocess.run([node, str(script), str(snapshot), str(cert)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    got = json.loads(res.stdout.strip().splitlines()[-1])
    assert got["before"]["certificate"]["uuid"] == "9f716cec-2420-4aff-b455-4972897b6249"
    assert got["before"]["environments"]["test"]["accepted"] is True
    assert got["after"] == got["before"]
    assert "browser.py" in got["files"] and "data" in got["files"]
    assert got["imported"] == "a"


def test_the_snapshot_ships_without_its_zero_pages(built_site):
    start = json.loads((built_site / "assets/widgets/worker.js").read_text().split("const START = ", 1)[1]
                       .split(";\n", 1)[0])
    packed = (built_site / "assets/pyodide" / start["snapshot"]["file"]).read_bytes()
    full = snapshot_pages.unpack(packed)
    assert len(full) % 65536 in (0, 128) and len(full) > 16 << 20  # all of Pyodide's memory (+ its header)
    assert len(packed) < len(full) * 0.75
    assert start["sizes"][start["snapshot"]["file"]] == len(packed)  # the progress counts what travels


@pytest.mark.parametrize(
    "data",
    [b"", b"\0" * 4096, b"x", b"\0" * 5000 + b"y", bytes(range(256)) * 40, b"a" + b"\0" * 8191 + b"b" + b"\0" * 10],
)
def test_zero_pages_pack_and_unpack(data):
    packed = snapshot_pages.pack(data)
    assert snapshot_pages.unpack(packed) == data
    assert len(packed) <= len(data) + 64


@pytest.mark.parametrize("cut", [1, 100, 4096])
def test_a_damaged_packed_snapshot_is_refused(cut):
    packed = snapshot_pages.pack(b"q" * 9000 + b"\0" * 9000 + b"r" * 10)
    with pytest.raises(ValueError):
        snapshot_pages.unpack(packed[:-cut])
    with pytest.raises(ValueError):
        snapshot_pages.unpack(b"PK\3\4" + packed[4:])
