"""Privacy and security of the widgets: certificate text is never markup, the widgets
work under the site's Content-Security-Policy, nothing leaves the origin while a
certificate is checked, and the runtime is what the build pinned."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import AT, CHECKER, ROOT, TIMEOUT, check_file, codes, field, open_checker, wait_ready

XSS_CN = '<img src=x onerror="window.__xss=1">'
XSS_O = "<script>window.__xss=2</script>"


def _xss_bundle() -> bytes:
    """A CA and a leaf whose names are HTML (the leaf's CN also lands in a finding text)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "DK"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, XSS_O),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    now = dt.datetime(2023, 6, 1, tzinfo=dt.timezone.utc)
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("<b>CA</b>")).issuer_name(name("<b>CA</b>"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(name(XSS_CN)).issuer_name(ca.subject)
            .public_key(leaf_key.public_key()).serial_number(2).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=365)).sign(ca_key, hashes.SHA256()))
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, ca))


def test_certificate_text_is_never_markup(page, site_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_checker(page, site_url)
    wait_ready(page)
    report = check_file(page, {"name": "<svg onload=alert(1)>.pem", "mimeType": "application/x-pem-file",
                               "buffer": _xss_bundle()})
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


@pytest.mark.parametrize("path", ["/checker/", "/en/checker/", "/message/", "/en/message/"])
def test_widgets_work_under_the_csp(browser, site_url, shared, path):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("""window.__violations = [];
        document.addEventListener("securitypolicyviolation",
          (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));""")
    if "checker" in path:
        open_checker(page, site_url, "en" if path.startswith("/en/") else "da", at=AT)
    else:
        page.goto(site_url + path + f"?at={AT}")
    policy = {d.split()[0]: d.split()[1:] for d in _csp(page).split(";") if d.strip()}
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    if "checker" in path:
        wait_ready(page)
        check_file(page, shared / "corpus/oces3-test/nemlogin-idp-test.cer")
        assert field(page, "verdict-test").get_attribute("data-value") == "accepted"
    else:
        wait_ready(page, "[data-widget='registration-message']")
    assert page.evaluate("() => window.__violations") == []
    context.close()


def _record(context, origin: str):
    """Every request the pages, workers and service worker make; others' are blocked."""
    seen = []
    context.on("request", lambda r: seen.append(r))
    context.route(lambda url: not url.startswith(origin), lambda route: route.abort())
    return seen


def test_nothing_leaves_the_browser_while_checking(browser, site_url, shared):
    context = browser.new_context()
    page = context.new_page()
    seen = _record(context, site_url)
    cert = (shared / "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem").read_bytes()
    der = base64.b64decode(b"".join(cert.split(b"-----")[2].split()))
    open_checker(page, site_url, at=AT)
    wait_ready(page)
    # Once ready, the service worker copies the runtime files into its cache; let it finish,
    # so that what follows is only what checking does.
    page.wait_for_function("""async () => { const c = await caches.open("oces-runtime-v1");
        return (await c.keys()).length >= 8; }""", timeout=TIMEOUT, polling=200)
    page.wait_for_timeout(1000)  # the service worker's own last fetches are reported late
    before = len(seen)
    report = check_file(page, shared / "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem")
    page.fill(f"{CHECKER} textarea", cert.decode())
    page.click(f"{CHECKER} [data-action='check-text']")
    page.wait_for_function(f"() => Number(document.querySelector(\"{CHECKER}\").dataset.checks) >= 2")
    assert report["certificate"]["uuid"] == "9f716cec-2420-4aff-b455-4972897b6249"
    context.close()

    assert any(r.url.endswith("/pyodide.asm.wasm") for r in seen), "the worker's requests were not recorded"
    outside = [r.url for r in seen if not r.url.startswith(site_url)]
    assert outside == []
    # Checking made no request at all (a late report of the service worker filling its
    # cache with the runtime is not one); and no request ever carried certificate data.
    assert [r.url for r in seen[before:]
            if not (r.service_worker is not None and "/assets/pyodide/" in r.url)] == []
    needles = [der.hex()[:32], base64.b64encode(der[:48]).decode()[:40], report["certificate"]["sha256"],
               report["certificate"]["uuid"]]
    for r in seen:
        assert r.method == "GET", r.url
        assert r.post_data_buffer is None, r.url
        assert not any(n in r.url for n in needles), r.url


def test_guide_pages_load_no_pyodide(browser, site_url, built_site):
    pages = [p for p in ("/", "/en/", "/findings/", "/en/findings/") if (built_site / p.strip("/") / "index.html").is_file()]
    assert pages
    context = browser.new_context()
    seen = _record(context, site_url)
    page = context.new_page()
    for p in pages:
        page.goto(site_url + p)
        page.wait_for_load_state("networkidle")
    context.close()
    urls = [r.url for r in seen]
    assert not [u for u in urls if "pyodide" in u or "/assets/widgets/" in u or u.endswith(".whl")], urls


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
    source = {str(p.relative_to(ROOT)): p for p in (ROOT / "checks").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".toml")}
    unchanged = {name for name, p in source.items() if p.stat().st_mtime < built}
    assert len(unchanged) > len(source) // 2
    assert set(shipped) >= unchanged and set(shipped) <= set(source)
    assert {n: shipped[n] for n in unchanged} == {n: source[n].read_bytes() for n in unchanged}
    # ... with the bytecode of Pyodide's Python beside it (made with the pinned Pyodide in Node).
    import shutil

    if shutil.which("node"):
        assert len(bytecode) == len([n for n in shipped if n.endswith(".py")])
    # The pinned Pyodide files are the npm package's, unchanged.
    for f in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (out / f).read_bytes() == (ROOT / "node_modules/pyodide" / f).read_bytes()
    version = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]["version"]
    assert version == json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"] == "314.0.7"
    # The trust bundle holds pinned anchors only.
    from checks.trust import TrustStore

    bundle = TrustStore.from_pem_bundle((out / "trust-anchors.pem").read_bytes())
    assert bundle.anchors and bundle.refused == []


def test_a_tampered_wheel_is_refused(browser, site_url):
    context = browser.new_context()
    page = context.new_page()

    def tamper(route):
        body = bytearray(route.fetch().body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(status=200, body=bytes(body), headers={"content-type": "application/octet-stream"})

    context.route("**/oces_checks-*.whl", tamper)
    page.goto(site_url + "/checker/")
    page.wait_for_selector(f"{CHECKER} [data-progress].oces-failed", timeout=TIMEOUT)
    assert page.locator(CHECKER).get_attribute("data-state") == "loading"
    context.close()


def test_repeat_visit_is_served_by_the_service_worker(browser, site_url, built_site):
    import re

    manifest = json.loads(re.search(r"const MANIFEST = (\{.*?\});", (built_site / "sw.js").read_text(), re.S).group(1))
    assert set(manifest) >= {"assets/pyodide/pyodide.asm.wasm", "assets/pyodide/python_stdlib.zip",
                             "assets/pyodide/pyodide-lock.json"}
    for path, integrity in manifest.items():
        digest = base64.b64encode(hashlib.sha256((built_site / path).read_bytes()).digest()).decode()
        assert integrity == "sha256-" + digest, path
    context = browser.new_context()
    page = context.new_page()
    open_checker(page, site_url)
    wait_ready(page)
    page.wait_for_function(f"""async () => {{ const c = await caches.open("oces-runtime-v1");
        return (await c.keys()).length >= {len(manifest)}; }}""", timeout=TIMEOUT, polling=200)
    page.wait_for_timeout(1000)  # the service worker's own last fetches are reported late
    responses = []
    context.on("response", lambda r: responses.append(r))
    page.goto(site_url + "/checker/")
    wait_ready(page)
    runtime = [r for r in responses if "/assets/pyodide/" in r.url]
    assert {urlsplit(r.url).path.lstrip("/") for r in runtime} >= {"assets/pyodide/pyodide.asm.wasm"}
    assert [(r.url, r.request.resource_type, r.request.service_worker is not None, r.from_service_worker) for r in runtime if not r.from_service_worker] == []
    context.close()
