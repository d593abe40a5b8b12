"""Privacy and security of the widgets: certificate text is never markup, the widgets
work under the site's Content-Security-Policy, nothing leaves the origin while a
certificate is checked, and the runtime is what the build pinned."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import time
import zipfile

import pytest

from .helpers import (
    AT,
    CHECKER,
    ROOT,
    TIMEOUT,
    check_file,
    field,
    forget_session,
    lang_prefix,
    open_checker,
    wait_ready,
)

XSS_CN = '<img src=x onerror="window.__xss=1">'
XSS_O = "<script>window.__xss=2</script>"


def _xss_bundle() -> bytes:
    """A CA and a leaf whose names are HTML (the leaf's CN also lands in a finding text)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(cn):
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "DK"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, XSS_O),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )

    now = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("<b>CA</b>"))
        .issuer_name(name("<b>CA</b>"))
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name(XSS_CN))
        .issuer_name(ca.subject)
        .public_key(leaf_key.public_key())
        .serial_number(2)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(ca_key, hashes.SHA256())
    )
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, ca))


def test_certificate_text_is_never_markup(page, site_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_checker(page, site_url)
    wait_ready(page)
    report = check_file(
        page, {"name": "<svg onload=alert(1)>.pem", "mimeType": "application/x-pem-file", "buffer": _xss_bundle()}
    )
    assert report["certificate"]["subject_cn"] == XSS_CN
    widget = page.locator(CHECKER)
    subject = field(page, "subject").text_content()
    assert subject == report["certificate"]["subject"] and "<img" in subject and "<script" in subject
    assert field(page, "issuer").text_content() == "<b>CA</b>"
    assert field(page, "file").text_content() == "<svg onload=alert(1)>.pem"
    assert any(XSS_CN in t for t in widget.locator("[data-findings] li").all_text_contents())
    # Shown as text: no element was made from it, and nothing ran.
    assert widget.locator("img, svg, b, script:not([type='application/json'])").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0


def _csp(page) -> str:
    meta = page.locator("meta[http-equiv='Content-Security-Policy']")
    assert meta.count() == 1, "no CSP meta tag on the page"
    return meta.get_attribute("content")


@pytest.mark.engine_area("csp")
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("tool", ["checker", "message"])
def test_widgets_work_under_the_csp(page, site_server, shared, tool, lang):
    # Each violation is reported to the test server (conftest.py repeats the page's policy
    # as a report-only header), from the page, its workers and its service worker alike.
    site_url = site_server.url
    mark = len(site_server.requests)
    if tool == "checker":
        open_checker(page, site_url, lang, at=AT)
    else:
        page.goto(f"{site_url}{lang_prefix(lang)}/message/?at={AT}")
    policy = {d.split()[0]: d.split()[1:] for d in _csp(page).split(";") if d.strip()}
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    if tool == "checker":
        wait_ready(page)
        check_file(page, shared / "corpus/oces3-test/nemlogin-idp-test.cer")
        assert field(page, "verdict-test").get_attribute("data-value") == "accepted"
    else:
        wait_ready(page, "[data-widget='registration-message']")
    page.wait_for_timeout(300)  # reports are sent after the event
    assert site_server.csp_reports(mark) == []


@pytest.mark.engine_area("csp")
def test_a_violation_is_reported(page, site_server):
    """The CSP watch can fail: an inline script the policy does not allow is reported."""
    mark = len(site_server.requests)
    page.goto(site_server.url + "/checker/")
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__ran = 1"; document.body.appendChild(s); }""")
    deadline = time.monotonic() + 10
    while not site_server.csp_reports(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page.evaluate("() => window.__ran") is None
    assert any("script-src" in r for r in site_server.csp_reports(mark))


def _manifest(built_site) -> dict:
    """The service worker's list of runtime files and their digests, as the build wrote it."""
    return json.loads(re.search(r"const MANIFEST = (\{.*?\});", (built_site / "sw.js").read_text(), re.S).group(1))


def _wait_for_runtime_cache(page, built_site):
    """Once ready, the service worker copies the runtime files into its cache; let it finish,
    so that what follows is only what the test does."""
    # Every entry there and readable to its end (a put still being written is not done).
    page.wait_for_function(
        f"""async () => {{ const c = await caches.open("oces-runtime-v1");
        const keys = await c.keys();
        if (keys.length < {len(_manifest(built_site))}) return false;
        await Promise.all(keys.map(async (k) => (await c.match(k)).arrayBuffer()));
        return true; }}""",
        timeout=TIMEOUT,
        polling=200,
    )
    # And activated: its activation claims this page. A navigation while it is still
    # activating may go to the network (seen once in Chromium under load).
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT, polling=200)
    page.wait_for_timeout(1000)


@pytest.mark.engine_area("csp", "service-worker")
def test_nothing_leaves_the_browser_while_checking(page, site_server, built_site, shared):
    """The test server sees every request of the page, its workers and its service worker;
    any attempt to reach another origin is a CSP violation and reported to it."""
    site_url = site_server.url
    mark = len(site_server.requests)
    cert = (shared / "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem").read_bytes()
    der = base64.b64decode(b"".join(cert.split(b"-----")[2].split()))
    open_checker(page, site_url, at=AT)
    wait_ready(page)
    _wait_for_runtime_cache(page, built_site)
    before = len(site_server.requests)
    report = check_file(page, shared / "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem")
    page.fill(f"{CHECKER} textarea", cert.decode())
    page.click(f"{CHECKER} [data-action='check-text']")
    page.wait_for_function(f'() => Number(document.querySelector("{CHECKER}").dataset.checks) >= 2')
    assert report["certificate"]["uuid"] == "9f716cec-2420-4aff-b455-4972897b6249"
    page.wait_for_timeout(500)
    seen = site_server.requests[mark:]

    assert any(r.path.endswith("/pyodide.asm.wasm") for r in seen), "the worker's requests were not recorded"
    assert site_server.csp_reports(mark) == []  # nothing tried to reach another origin
    # Checking made no request (the service worker topping up its cache of the pinned
    # runtime is not one); and no request ever carried certificate data.
    pinned = {"/" + p for p in _manifest(built_site)}
    assert [r.path for r in site_server.requests[before:] if r.path not in pinned] == []
    needles = [
        der.hex()[:32],
        base64.b64encode(der[:48]).decode()[:40],
        report["certificate"]["sha256"],
        report["certificate"]["uuid"],
    ]
    for r in seen:
        assert r.method == "GET", r.path
        assert r.body == b"", r.path
        assert not any(n in r.path for n in needles), r.path


def test_guide_pages_load_no_pyodide(page, site_server, built_site):
    pages = [
        p for p in ("/", "/en/", "/findings/", "/en/findings/") if (built_site / p.strip("/") / "index.html").is_file()
    ]
    assert pages
    mark = len(site_server.requests)
    for p in pages:
        page.goto(site_server.url + p)
        page.wait_for_timeout(500)  # what the page starts after its load event
    paths = [r.path for r in site_server.requests[mark:]]
    assert "/findings/" in paths or "/" in paths, "the pages' requests were not recorded"
    assert not [u for u in paths if "pyodide" in u or "/assets/widgets/" in u or u.endswith(".whl")], paths
    assert site_server.csp_reports(mark) == []


def test_lock_pins_the_wheels_built_from_this_source(built_site):
    out = built_site / "assets" / "pyodide"
    lock = json.loads((out / "pyodide-lock.json").read_text())
    original = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    assert lock["info"] == original["info"]
    for name in ("oces-checks", "asn1crypto"):
        entry = lock["packages"][name]
        wheel = out / entry["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert lock["packages"]["oces-checks"]["depends"] == ["asn1crypto"]
    # The wheel holds exactly this checkout's `checks` sources.
    with zipfile.ZipFile(out / lock["packages"]["oces-checks"]["file_name"]) as z:
        shipped = {n: z.read(n) for n in z.namelist() if n.startswith("checks/") and "__pycache__" not in n}
        bytecode = [n for n in z.namelist() if n.startswith("checks/__pycache__/") and n.endswith(".cpython-314.pyc")]
    # (A file edited after the build, while this session ran, is left out of the comparison.)
    built = (out / "pyodide-lock.json").stat().st_mtime
    source = {
        str(p.relative_to(ROOT)): p
        for p in (ROOT / "checks").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".toml")
    }
    unchanged = {name for name, p in source.items() if p.stat().st_mtime < built}
    assert len(unchanged) > len(source) // 2
    assert set(shipped) >= unchanged and set(shipped) <= set(source)
    assert {n: shipped[n] for n in unchanged} == {n: source[n].read_bytes() for n in unchanged}
    # ... with the bytecode of Pyodide's Python beside it (made with the pinned Pyodide in Node).
    import shutil

    if shutil.which("node"):
        assert len(bytecode) == len([n for n in shipped if n.endswith(".py")])
    # The pinned Pyodide files are the npm package's, unchanged; its standard library holds
    # the same files, stored rather than deflated (hooks/pyodide_bundle.py _stored_stdlib).
    for f in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert (out / f).read_bytes() == (ROOT / "node_modules/pyodide" / f).read_bytes()
    with (
        zipfile.ZipFile(out / "python_stdlib.zip") as ours,
        zipfile.ZipFile(ROOT / "node_modules/pyodide/python_stdlib.zip") as npm,
    ):
        assert ours.namelist() == npm.namelist()
        assert all(ours.read(n) == npm.read(n) for n in npm.namelist())
    version = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]["version"]
    assert version == json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"] == "314.0.7"
    # The trust bundle holds pinned anchors only.
    from checks.trust import TrustStore

    bundle = TrustStore.from_pem_bundle((out / "trust-anchors.pem").read_bytes())
    assert bundle.anchors and bundle.refused == []


@pytest.mark.engine_area("pyodide-start")
def test_a_tampered_wheel_is_refused(page, site_server):
    # One byte flipped on its way, in the wheel and in the memory snapshot (which starts
    # the checker without the wheels): the snapshot is refused, then the wheel.
    site_server.tamper.update({"/assets/pyodide/oces_checks-*.whl", "/assets/pyodide/snapshot-*.bin"})
    forget_session(page.context)  # what it was sent stays out of later tests
    try:
        page.goto(site_server.url + "/checker/")
        page.wait_for_selector(f"{CHECKER} [data-progress].oces-failed", timeout=TIMEOUT)
        assert page.locator(CHECKER).get_attribute("data-state") == "loading"
    finally:
        site_server.tamper.clear()


@pytest.mark.engine_area("service-worker")
def test_repeat_visit_is_served_by_the_service_worker(page, site_server, built_site):
    manifest = _manifest(built_site)
    assert set(manifest) >= {
        "assets/pyodide/pyodide.asm.wasm",
        "assets/pyodide/python_stdlib.zip",
        "assets/pyodide/pyodide-lock.json",
    }
    for path, integrity in manifest.items():
        digest = base64.b64encode(hashlib.sha256((built_site / path).read_bytes()).digest()).decode()
        assert integrity == "sha256-" + digest, path
    open_checker(page, site_server.url)
    wait_ready(page)
    _wait_for_runtime_cache(page, built_site)
    # The test server forbids HTTP caching: a runtime file not asked of it on the next
    # visit came out of the service worker's cache.
    mark = len(site_server.requests)
    page.goto(site_server.url + "/checker/")
    wait_ready(page)
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    asked = [r.path for r in site_server.requests[mark:]]
    assert "/checker/" in asked, "the repeat visit's requests were not recorded"
    # The large runtime files, at least, come out of its cache (smaller ones it may
    # still re-fetch while it tops the cache up: seen in Chromium under load).
    assert [p for p in asked if p.lstrip("/") in manifest and p.endswith((".wasm", ".zip", ".whl", ".bin"))] == []
    # The memory snapshot is read by the worker straight from Cache Storage.
    root = page.locator(CHECKER)
    assert (root.get_attribute("data-start"), root.get_attribute("data-snapshot-from")) == ("snapshot", "cache")
