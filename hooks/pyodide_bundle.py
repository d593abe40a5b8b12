"""MkDocs hook: ship the in-browser checker's runtime with the site.

At build time this hook
- copies the pinned Pyodide (npm `pyodide`, version in package.json/package-lock.json)
  from node_modules/pyodide into `<site>/assets/pyodide/`, its standard library's zip
  with the members stored rather than deflated (smaller once the site's .br is made);
- builds a wheel of `checks` from this repository's source (`pip wheel --no-deps .`,
  the same source the CLI runs) and fetches the pure `asn1crypto` wheel from PyPI with
  a pinned sha256 (cached under `.cache/wheels/`, never committed);
- writes `<site>/assets/pyodide/pyodide-lock.json`: Pyodide's own lock file extended
  with entries for those two wheels, each with its sha256, which Pyodide's loader
  checks before installing (`lockFileURL` in the worker points at it);
- bundles the verified trust anchors (`OCES_TRUST_DIR`, default ../shared/trust, read
  with `checks.trust.TrustStore.from_directory`) as `<site>/assets/pyodide/trust-anchors.pem`;
- makes a memory snapshot of Pyodide with our modules imported and the anchors parsed
  (in Node, with the pinned Pyodide), `<site>/assets/pyodide/snapshot-<hash>.bin`, the
  hash being that of everything it was made from, shipped without its zero pages
  (hooks/snapshot_pages.py); the worker starts from it and falls
  back to the full start when it is missing, stale or damaged (cached under
  `.cache/snapshot/`, so a build with nothing changed does not make it again);
- writes the service worker `<site>/sw.js` from `docs/assets/widgets/sw.js`, with the
  list of pinned runtime files and their sha256 filled in, so that repeat visits load
  the runtime from a cache that only ever holds bytes with the pinned digest, and fills
  the worker's start data (the snapshot's name and digest, the files' sizes for the
  progress shown) into `<site>/assets/widgets/worker.js`;
- writes `.gz` and `.br` beside every compressible file of the site (cached by content
  digest under `.cache/compressed/`), for servers that send precompressed files
  (scripts/serve_site.py, deploy/nginx.conf).

Nothing here downloads anything at page view time: the site serves every file itself.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import gzip
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from mkdocs.plugins import event_priority

from hooks import snapshot_pages

log = logging.getLogger("mkdocs.hooks.pyodide_bundle")

PYODIDE_VERSION = "314.0.7"
# The Pyodide files the worker needs. Source maps, the classic-script loader and the
# consoles are left out: nothing on the site asks for them.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"  # shipped repacked (_stored_stdlib)
ASN1CRYPTO = (
    "asn1crypto",
    "1.5.1",
    "asn1crypto-1.5.1-py2.py3-none-any.whl",
    "db4e40728b728508912cbb3d44f19ce188f218e9eba635821bb4b68564f8fd67",
)
# Loaded by the worker only when a PKCS#12 file's certificate part needs a password (never at
# start-up): the pure-Python block ciphers checks/pkcs12_ciphers.py uses. PyPI has them
# only as source archives, pinned here by sha256; the hook builds the wheels from them.
# (lock name, PyPI name, version, source archive, its sha256, import names)
PKCS12_WHEELS = (
    (
        "pyaes",
        "pyaes",
        "1.6.1",
        "pyaes-1.6.1.tar.gz",
        "02c1b1405c38d3c370b085fb952dd8bea3fadcee6411ad99f312cc129c536d8f",
        ["pyaes"],
    ),
    (
        "pydes",
        "pyDes",
        "2.0.1",
        "pyDes-2.0.1.tar.gz",
        "e2ab8e21d2b83e90d90dbfdcb6fb8ac0000b813238b7ecaede04f8435c389012",
        ["pyDes"],
    ),
    ("rc2", "rc2", "0.11", "rc2-0.11.zip", "e57b995d6d7c85ebec8db9197a36e4c93f912cfa7938a4a70bbc3914cf292326", ["rc2"]),
)
OUT_DIR = "assets/pyodide"
SW_TEMPLATE = "assets/widgets/sw.js"
SW_PLACEHOLDER = "/*__OCES_SW_MANIFEST__*/{}"
WORKER = "assets/widgets/worker.js"
WORKER_PLACEHOLDER = "/*__OCES_START__*/null"
# Files worth sending compressed (the rest are compressed already or tiny).
COMPRESSIBLE = (
    ".html",
    ".js",
    ".mjs",
    ".css",
    ".json",
    ".wasm",
    ".zip",
    ".bin",
    ".pem",
    ".svg",
    ".xml",
    ".txt",
    ".map",
    ".ics",
)
MIN_COMPRESS = 1024
BIG = 1 << 20  # above this, a quicker level: brotli 11 on the 9.6 MB wasm takes ~40 s


def _root(config) -> Path:
    """The repository: this hook lives in <repo>/hooks/."""
    return Path(__file__).resolve().parent.parent


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pyodide_dir(root: Path) -> Path:
    src = root / "node_modules" / "pyodide"
    pkg = src / "package.json"
    if not pkg.is_file():
        raise SystemExit(f"pyodide_bundle: {src} is missing: run `npm ci` (scripts/bootstrap does)")
    version = json.loads(pkg.read_text())["version"]
    if version != PYODIDE_VERSION:
        raise SystemExit(f"pyodide_bundle: node_modules has pyodide {version}, the site pins {PYODIDE_VERSION}")
    return src


def _source_digest(root: Path) -> str:
    """A digest of everything that goes into the `checks` wheel."""
    h = hashlib.sha256()
    files = [root / "pyproject.toml", *sorted((root / "checks").rglob("*"))]
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _into_cache(src: Path, dst: Path) -> None:
    """Copies under a temporary name, then renames: a build running beside this one (the
    test suite builds several sites at once) never reads a half-written wheel."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    part = dst.with_name(f"{dst.name}.{os.getpid()}.part")
    shutil.copy2(src, part)
    os.replace(part, dst)


def _build_checks_wheel(root: Path, cache: Path) -> Path:
    """`pip wheel --no-deps .` from this repository, cached by a digest of the source."""
    out = cache / ("checks-" + _source_digest(root))
    found = sorted(out.glob("*.whl")) if out.is_dir() else []
    if found:
        return found[0]
    with tempfile.TemporaryDirectory() as tmp:
        # Build from a copy so that setuptools' build/ and egg-info never land in the
        # work tree while other people edit it.
        src = Path(tmp) / "src"
        shutil.copytree(root / "checks", src / "checks", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for name in ("pyproject.toml", "README.md"):
            if (root / name).is_file():
                shutil.copy2(root / name, src / name)
        # Offline and quick with the venv's setuptools; where there is none (Python 3.12+
        # venvs), pip fetches the build backend from PyPI into an isolated environment.
        isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            *isolation,
            "-q",
            "-w",
            str(Path(tmp) / "dist"),
            str(src),
        ]
        env = dict(os.environ, SOURCE_DATE_EPOCH="315532800")  # reproducible zip times
        res = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if res.returncode:
            raise SystemExit(f"pyodide_bundle: building the checks wheel failed:\n{res.stderr}")
        wheel = next((Path(tmp) / "dist").glob("*.whl"))
        for old in cache.glob("checks-*"):  # wheels of earlier sources, not just made
            if time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)
        _into_cache(wheel, out / wheel.name)
        return out / wheel.name


def _asn1crypto_wheel(cache: Path) -> Path:
    name, version, file_name, sha = ASN1CRYPTO
    dest = cache / file_name
    if dest.is_file() and _sha256(dest) == sha:
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "req.txt"
        req.write_text(f"{name}=={version} --hash=sha256:{sha}\n")
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--require-hashes",
            "-q",
            "-r",
            str(req),
            "-d",
            tmp,
        ]
        res = subprocess.run(cmd, capture_output=True, text=True)
        got = Path(tmp) / file_name
        if res.returncode or not got.is_file():
            raise SystemExit(f"pyodide_bundle: could not fetch {file_name} from PyPI:\n{res.stderr}")
        if _sha256(got) != sha:
            raise SystemExit(f"pyodide_bundle: {file_name} does not match its pinned sha256")
        _into_cache(got, dest)
    return dest


# Run in Node with the pinned Pyodide itself, so that the bytecode is exactly what the
# browser's Python (3.14) reads: each wheel gains __pycache__/*.pyc (unchecked hash
# pycs, valid whatever the installed files' times) beside its unchanged sources.
_PYC_SCRIPT = r"""
import { loadPyodide } from %(pyodide)s;
import fs from "node:fs";
const pairs = JSON.parse(process.argv[2]);
const py = await loadPyodide({ indexURL: %(index)s });
py.FS.mkdirTree("/w");
for (const [src, dst] of pairs) {
  py.FS.writeFile("/w/in.whl", fs.readFileSync(src));
  py.runPython(`
import io, os, py_compile, sys, zipfile
zin = zipfile.ZipFile("/w/in.whl")
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        zout.writestr(info, data)
        if info.filename.endswith(".py") and "/" in info.filename:
            os.makedirs("/w/src", exist_ok=True)
            with open("/w/src/m.py", "wb") as f:
                f.write(data)
            py_compile.compile("/w/src/m.py", cfile="/w/src/m.pyc", dfile=info.filename, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            folder, name = info.filename.rsplit("/", 1)
            with open("/w/src/m.pyc", "rb") as f:
                zout.writestr(f"{folder}/__pycache__/{name[:-3]}.{sys.implementation.cache_tag}.pyc", f.read())
with open("/w/out.whl", "wb") as f:
    f.write(out.getvalue())
`);
  fs.writeFileSync(dst, py.FS.readFile("/w/out.whl"));
}
"""


def _with_bytecode(root: Path, cache: Path, wheels: list[Path]) -> list[Path]:
    """The wheels with Python 3.14 bytecode added (imports in the browser then skip
    compiling), made once per wheel digest; the plain wheels where Node is missing."""
    out = cache / "bytecode"
    todo, result = [], []
    for wheel in wheels:
        dst = out / _sha256(wheel)[:16] / wheel.name
        result.append(dst)
        if not dst.is_file():
            todo.append((wheel, dst))
    if not todo:
        return result
    node = shutil.which("node")
    if node is None:
        log.info("pyodide_bundle: no node here: the wheels ship without bytecode (imports compile in the browser)")
        return wheels
    pyodide = root / "node_modules" / "pyodide"
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "pyc.mjs"
        script.write_text(
            _PYC_SCRIPT
            % {"pyodide": json.dumps((pyodide / "pyodide.mjs").as_uri()), "index": json.dumps(str(pyodide) + "/")}
        )
        pairs = [(str(src), str(Path(tmp) / f"{i}.whl")) for i, (src, _) in enumerate(todo)]
        res = subprocess.run([node, str(script), json.dumps(pairs)], capture_output=True, text=True)
        if res.returncode:
            log.info("pyodide_bundle: adding bytecode failed, the wheels ship without it:\n%s", res.stderr[-2000:])
            return wheels
        for (_, dst), (_, made) in zip(todo, pairs):
            _into_cache(Path(made), dst)
    return result


def _sdist_wheel(cache: Path, name: str, version: str, archive: str, sha: str) -> Path:
    """The wheel built from a pinned source archive (downloaded once, checked, cached)."""
    out = cache / "sdist" / sha[:16]
    found = sorted(out.glob("*.whl")) if out.is_dir() else []
    if found:
        return found[0]
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "req.txt"
        req.write_text(f"{name}=={version} --hash=sha256:{sha}\n")
        res = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary=:all:",
                "--require-hashes",
                "-q",
                "-r",
                str(req),
                "-d",
                tmp,
            ],
            capture_output=True,
            text=True,
        )
        got = Path(tmp) / archive
        if res.returncode or not got.is_file() or _sha256(got) != sha:
            raise SystemExit(f"pyodide_bundle: could not fetch {archive} with its pinned sha256:\n{res.stderr}")
        isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
        env = dict(os.environ, SOURCE_DATE_EPOCH="315532800")
        res = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                *isolation,
                "-q",
                "-w",
                str(Path(tmp) / "dist"),
                str(got),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if res.returncode:
            raise SystemExit(f"pyodide_bundle: building a wheel from {archive} failed:\n{res.stderr}")
        wheel = next((Path(tmp) / "dist").glob("*.whl"))
        _into_cache(wheel, out / wheel.name)
    return out / wheel.name


def _add_pkcs12_wheels(root: Path, cache: Path, out: Path, lock: dict) -> None:
    """The PKCS12_WHEELS into the site and its lock file (the worker loads them on need)."""
    for lock_name, name, version, archive, sha, imports in PKCS12_WHEELS:
        wheel = _with_bytecode(root, cache, [_sdist_wheel(cache, name, version, archive, sha)])[0]
        shutil.copy2(wheel, out / wheel.name)
        lock["packages"][lock_name] = _lock_entry(lock_name, version, wheel, imports, [])


def _lock_entry(name: str, version: str, wheel: Path, imports: list[str], depends: list[str]) -> dict:
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": _sha256(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
    }


def _trust_bundle(root: Path) -> bytes:
    """The verified anchors as one PEM bundle (each anchor checked against its pin)."""
    from checks.trust import TrustStore  # noqa: PLC0415

    trust_dir = Path(os.environ.get("OCES_TRUST_DIR", "../shared/trust"))
    if not trust_dir.is_absolute():
        trust_dir = (root / trust_dir).resolve()
    store = TrustStore.from_directory(trust_dir)
    for pin in store.missing:
        log.info(
            "pyodide_bundle: trust anchor %s is not in %s: the checker cannot accept certificates that chain to it",
            pin.get("name", pin.get("id")),
            trust_dir,
        )
    for refused in store.refused:
        log.info("pyodide_bundle: %s matches no pin and is not bundled", refused)
    return store.to_pem_bundle()


# Run in Node with the pinned Pyodide: start it as the worker does, with our wheels
# unpacked into site-packages (no loadPackage: JavaScript objects held at snapshot time
# cannot be restored), import every module a check can use, read every data file (the
# restored runtime has an empty site-packages: only memory comes back), parse the
# anchors, and write the memory snapshot.
_SNAPSHOT_SCRIPT = r"""
import { loadPyodide } from %(pyodide)s;
import fs from "node:fs";
const [wheels, anchors, dest] = JSON.parse(process.argv[2]);
const py = await loadPyodide({ indexURL: %(index)s, stdLibURL: %(stdlib)s, _makeSnapshot: true });
py.FS.mkdirTree("/tmp/in");
wheels.forEach((w, i) => py.FS.writeFile(`/tmp/in/${i}.whl`, fs.readFileSync(w)));
py.FS.writeFile("/tmp/in/anchors.pem", fs.readFileSync(anchors));
py.runPython(`
import glob, importlib, os, pkgutil, site, zipfile
for w in sorted(glob.glob("/tmp/in/*.whl")):
    zipfile.ZipFile(w).extractall(site.getsitepackages()[0])
importlib.invalidate_caches()
import asn1crypto, checks
from checks import browser, datafiles
# CPython-only modules (cryptography, the terminal) are not in Pyodide.
cpython_only = {"checks.__main__", "checks.cli", "checks.fetch", "checks.pkcs12", "checks.verify_cryptography"}
for package in (asn1crypto, checks):
    for m in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if m.name not in cpython_only:
            importlib.import_module(m.name)
for f in sorted(os.listdir(datafiles.DATA)):
    if f.endswith(".toml"):
        datafiles.load(f[:-5])
import base64, json
with open("/tmp/in/anchors.pem", "rb") as f:
    browser.init(f.read())
import gc
gc.collect()
`);
fs.writeFileSync(dest, py.makeMemorySnapshot());
"""


@contextlib.contextmanager
def _locked(folder: Path):
    """One build at a time makes what goes into `folder` (the test suite builds several
    sites at once; the others wait and then find it made)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _stored_stdlib(src: Path, cache: Path) -> Path:
    """Pyodide's standard library with its members stored, not deflated: brotli on the
    whole zip then finds what the 559 modules share: 2.5 MB → 1.8 MB on the wire (the
    site's .br; 2.2 MB as .gz). The same files, names and dates; made once per source."""
    dest = cache / f"{src.stem}-{_sha256(src)[:16]}.zip"
    if dest.is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.external_attr = info.external_attr
            zout.writestr(member, zin.read(info))
    os.replace(part, dest)
    return dest


def _snapshot_key(root: Path, inputs: list[Path]) -> str:
    """The hash of what a snapshot is made from: the Pyodide files, the wheels, the
    anchors and the script that makes it."""
    h = hashlib.sha256(PYODIDE_VERSION.encode() + _SNAPSHOT_SCRIPT.encode())
    src = root / "node_modules" / "pyodide"
    for f in [*(src / n for n in PYODIDE_FILES), *inputs]:
        h.update(f.name.encode() + b"\0" + _sha256(f).encode())
    return h.hexdigest()[:16]


def _snapshot(root: Path, wheels: list[Path], anchors: Path, stdlib: Path) -> Path | None:
    """The memory snapshot for these inputs, made once (None where Node is missing or
    making it fails: the worker then does the full start). Made with the standard library's
    zip the site ships, so that the memory restored matches the files beside it."""
    key = _snapshot_key(root, [*wheels, anchors, stdlib])
    cache = root / ".cache" / "snapshot"
    dest = cache / f"snapshot-{key}.bin"
    if dest.is_file():
        return dest
    node = shutil.which("node")
    if node is None:
        log.info("pyodide_bundle: no node here: the site ships without a memory snapshot (full start)")
        return None
    with _locked(cache):
        if dest.is_file():  # made by a build beside this one while we waited
            return dest
        pyodide = root / "node_modules" / "pyodide"
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "snapshot.mjs"
            script.write_text(
                _SNAPSHOT_SCRIPT
                % {
                    "pyodide": json.dumps((pyodide / "pyodide.mjs").as_uri()),
                    "index": json.dumps(str(pyodide) + "/"),
                    "stdlib": json.dumps(str(stdlib)),
                }
            )
            made = Path(tmp) / "snapshot.bin"
            args = json.dumps([[str(w) for w in wheels], str(anchors), str(made)])
            res = subprocess.run([node, str(script), args], capture_output=True, text=True)
            if res.returncode or not made.is_file():
                log.info(
                    "pyodide_bundle: making the memory snapshot failed, the site ships without it:\n%s",
                    res.stderr[-2000:],
                )
                return None
            for old in cache.glob("snapshot-*.bin"):  # snapshots of earlier inputs
                if time.time() - old.stat().st_mtime > 3600:
                    old.unlink(missing_ok=True)
            _into_cache(made, dest)
    return dest


def _compressed(data: bytes, cache: Path) -> tuple[bytes, bytes | None]:
    """gzip and brotli of `data` (brotli None where the library is missing), made once
    per content digest."""
    digest = hashlib.sha256(data).hexdigest()
    gz_path, br_path = cache / digest[:2] / f"{digest}.gz", cache / digest[:2] / f"{digest}.br"
    try:
        import brotli  # noqa: PLC0415  (pinned in requirements.lock; optional for the build)
    except ImportError:
        brotli = None
    if not gz_path.is_file():
        # mtime=0: the same bytes give the same .gz, build after build.
        _write_atomic(gz_path, gzip.compress(data, 9 if len(data) < BIG else 6, mtime=0))
    if brotli is not None and not br_path.is_file():
        _write_atomic(br_path, brotli.compress(data, quality=11 if len(data) < BIG else 9))
    return gz_path.read_bytes(), br_path.read_bytes() if brotli is not None else None


def _write_atomic(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, dest)


def _compress_site(root: Path, site: Path) -> None:
    """`.gz` and `.br` beside every compressible file, kept only where they are smaller."""
    cache = root / ".cache" / "compressed"
    for f in sorted(site.rglob("*")):
        if not f.is_file() or f.suffix not in COMPRESSIBLE or f.stat().st_size < MIN_COMPRESS:
            continue
        data = f.read_bytes()
        gz, br = _compressed(data, cache)
        for suffix, packed in ((".gz", gz), (".br", br)):
            target = f.with_name(f.name + suffix)
            if packed is not None and len(packed) < len(data) * 0.95:
                target.write_bytes(packed)
            else:
                target.unlink(missing_ok=True)


def _fill_worker(site: Path, docs: Path, start: dict) -> None:
    """The worker's start data: the snapshot to start from and the sizes of the files."""
    text = (docs / WORKER).read_text()
    if WORKER_PLACEHOLDER not in text:
        raise SystemExit("pyodide_bundle: the worker lost its start-data placeholder")
    (site / WORKER).write_text(text.replace(WORKER_PLACEHOLDER, json.dumps(start, separators=(",", ":"))))


def _integrity(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def on_files(files, config):
    # The service-worker template is written to the site root by on_post_build.
    tpl = files.get_file_from_path(SW_TEMPLATE)
    if tpl is not None:
        files.remove(tpl)
    return files


@event_priority(-100)  # after the other hooks and plugins have written their files: all get compressed
def on_post_build(config):
    # mkdocs-static-i18n builds each further language inside the main build, which
    # calls this hook once per language: do the work once, after the last language.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    root = _root(config)
    site = Path(config["site_dir"])
    out = site / OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    src = _pyodide_dir(root)
    for name in PYODIDE_FILES:
        shutil.copy2(src / name, out / name)
    stdlib = _stored_stdlib(src / STDLIB, root / ".cache" / "stdlib")
    shutil.copy2(stdlib, out / STDLIB)

    cache = root / ".cache" / "wheels"
    checks_whl, asn1_whl = _with_bytecode(root, cache, [_build_checks_wheel(root, cache), _asn1crypto_wheel(cache)])
    shutil.copy2(checks_whl, out / checks_whl.name)
    shutil.copy2(asn1_whl, out / asn1_whl.name)

    lock = json.loads((src / "pyodide-lock.json").read_text())
    version = checks_whl.name.split("-")[1]
    lock["packages"]["asn1crypto"] = _lock_entry("asn1crypto", ASN1CRYPTO[1], asn1_whl, ["asn1crypto"], [])
    lock["packages"]["oces-checks"] = _lock_entry("oces-checks", version, checks_whl, ["checks"], ["asn1crypto"])
    _add_pkcs12_wheels(root, cache, out, lock)
    (out / "pyodide-lock.json").write_text(json.dumps(lock, separators=(",", ":")))

    anchors = out / "trust-anchors.pem"
    anchors.write_bytes(_trust_bundle(root))
    for old_snapshot in out.glob("snapshot-*.bin"):  # a site dir built before
        old_snapshot.unlink()
    snapshot = None
    if os.environ.get("OCES_SNAPSHOT", "1") != "0":
        made = _snapshot(root, [checks_whl, asn1_whl], anchors, stdlib)
        if made is not None:
            snapshot = out / made.name
            full = made.read_bytes()
            packed = snapshot_pages.pack(full)
            if snapshot_pages.unpack(packed) != full:
                raise SystemExit("pyodide_bundle: the packed snapshot does not unpack to the one Pyodide made")
            snapshot.write_bytes(packed)

    # The service worker: at the site root so that its scope covers every page.
    manifest = {}
    for f in sorted(out.iterdir()):
        if f.suffix in (".gz", ".br"):
            continue
        manifest[f"{OUT_DIR}/{f.name}"] = _integrity(f)
    template = (Path(config["docs_dir"]) / SW_TEMPLATE).read_text()
    if SW_PLACEHOLDER not in template:
        raise SystemExit("pyodide_bundle: the service worker template lost its manifest placeholder")
    (site / "sw.js").write_text(template.replace(SW_PLACEHOLDER, json.dumps(manifest, indent=1)))

    sizes = {f.name: f.stat().st_size for f in out.iterdir() if f.suffix not in (".gz", ".br")}
    _fill_worker(
        site,
        Path(config["docs_dir"]),
        {
            "snapshot": snapshot and {"file": snapshot.name, "integrity": manifest[f"{OUT_DIR}/{snapshot.name}"]},
            "sizes": sizes,
        },
    )
    _compress_site(root, site)
