"""One browser API for the behaviour tests in three engines.

Chromium is Playwright itself (its sync API, unchanged). Firefox and WebKit get the
subset of Playwright's sync Page/Locator API the tests use, on Debian's own browsers:

- Firefox ESR over WebDriver BiDi, spoken directly on its websocket (`websocket-client`,
  which Selenium brings along): Debian has no geckodriver.
- WebKitGTK through Debian's WebKitWebDriver with Selenium (WebDriver classic), its
  MiniBrowser in an Xvfb display of our own (MiniBrowser's --headless hangs).

Scripts run as `(expr)`: a function is called with the argument, anything else is its
value; values cross as JSON, as Playwright's do. What an engine cannot do raises
`Unsupported`, so that a test that needs it fails (and is listed in
engine_exceptions.toml) rather than passing without looking.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ENGINES = ("chromium", "firefox", "webkit")
# Debian's Chromium through Playwright; its own traffic (updates, sync, QUIC) switched off.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
DEFAULT_TIMEOUT = 30_000  # ms, as Playwright's

# Firefox's own traffic (updates, telemetry, remote settings, safe browsing) switched off,
# so that every request the browser makes is the page's; downloads go to a folder without
# asking; the async clipboard works without a paste prompt (a testing switch).
FIREFOX_PREFS = {
    "app.normandy.enabled": False,
    "app.update.disabledForTesting": True,
    "app.update.auto": False,
    "browser.aboutwelcome.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "browser.region.update.enabled": False,
    "browser.region.network.url": "",
    "browser.topsites.contile.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "services.settings.server": "http://127.0.0.1:9/",
    "browser.download.folderList": 2,
    "browser.download.useDownloadDir": True,
    "browser.download.always_ask_before_handling_new_types": False,
    "browser.download.start_downloads_in_tmp_dir": False,
    "browser.download.panel.shown": True,
    "dom.events.testing.asyncClipboard": True,
    "dom.disable_open_during_load": False,
}

# WebDriver key values (the spec's private-use code points) for the keys tests press.
KEYS = {
    "Tab": "\ue004",
    "Enter": "\ue007",
    "Escape": "\ue00c",
    "Space": " ",
    "Backspace": "\ue003",
    "ArrowDown": "\ue015",
    "ArrowUp": "\ue013",
    "ArrowLeft": "\ue012",
    "ArrowRight": "\ue014",
    "Shift": "\ue008",
    "Control": "\ue009",
    "Alt": "\ue00a",
    "Home": "\ue011",
    "End": "\ue010",
}


class Unsupported(NotImplementedError):
    """This engine's driver cannot do what the test asks."""


class ScriptError(Exception):
    pass


class TimeoutError(AssertionError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wrap(expr: str) -> str:
    """A JS function (target, argJson) -> JSON text of what `expr` gives."""
    return f"""async (__target, __arg) => {{
        const __f = ({expr});
        const __a = JSON.parse(__arg);
        let __v = typeof __f === "function" ? (__target === undefined ? __f(__a) : __f(__target, __a)) : __f;
        __v = await __v;
        return __v === undefined ? "null" : JSON.stringify(__v);
    }}"""


def _target(selector, all_: bool = False) -> str:
    """JS for the element(s) a selector, or a chain of them (a locator's locator), finds."""
    if selector is None:
        return "undefined"
    chain = json.dumps([selector] if isinstance(selector, str) else list(selector))
    # A step is a CSS selector (every match under the elements so far) or an index
    # (Playwright's nth/first/last: one of the elements so far, negative from the end).
    found = f"""{chain}.reduce((els, s) => typeof s === "number"
        ? (els.at(s) ? [els.at(s)] : [])
        : [...new Set(els.flatMap((e) => Array.from(e.querySelectorAll(s))))], [document])"""
    if all_:
        return found
    # Strict, as Playwright's locators are: one element, or say how many.
    return f"""(() => {{ const m = {found};
        if (m.length !== 1) throw new Error("locator " + {json.dumps(chain)} + " matched " + m.length + " elements");
        return m[0]; }})()"""


def _files(files) -> list[tuple[str, str, bytes]]:
    """Playwright's set_input_files argument as (name, type, bytes) triples."""
    items = files if isinstance(files, (list, tuple)) else [files]
    out = []
    for f in items:
        if isinstance(f, dict):
            out.append((f["name"], f.get("mimeType", "application/octet-stream"), bytes(f["buffer"])))
        else:
            p = Path(f)
            out.append((p.name, "application/octet-stream", p.read_bytes()))
    return out


def glob_to_regex(pattern: str) -> re.Pattern:
    """Playwright's URL glob: ** any characters, * any but '/', everything else literal."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + "$")


class Locator:
    def __init__(self, page: Page, selector):
        self.page, self.selector = page, selector  # a CSS selector, or a tuple of them (a chain)

    def _then(self, step) -> Locator:
        chain = (self.selector,) if isinstance(self.selector, str) else self.selector
        return Locator(self.page, (*chain, step))

    def locator(self, selector: str) -> Locator:
        return self._then(selector)

    def nth(self, index: int) -> Locator:
        return self._then(index)

    @property
    def first(self) -> Locator:
        return self._then(0)

    @property
    def last(self) -> Locator:
        return self._then(-1)

    def _wait_attached(self, timeout=DEFAULT_TIMEOUT):
        self.page.wait_for_function(f"() => {_target(self.selector, all_=True)}.length > 0", timeout=timeout)

    def wait_for(self, state: str = "visible", timeout: float = DEFAULT_TIMEOUT):
        """Playwright's Locator.wait_for, for the states the suite uses."""
        if state == "attached":
            return self._wait_attached(timeout)
        if state != "visible":
            raise NotImplementedError(f"wait_for(state={state!r})")
        self.page.wait_for_function(
            f"""() => {{ const els = {_target(self.selector, all_=True)};
            if (els.length !== 1) return false; const r = els[0].getBoundingClientRect();
            return r.width > 0 && r.height > 0 && getComputedStyle(els[0]).visibility !== "hidden"; }}""",
            timeout=timeout,
        )

    def evaluate(self, expr: str, arg=None):
        self._wait_attached()
        return self.page._call(expr, arg, _target(self.selector))

    def evaluate_all(self, expr: str, arg=None):
        return self.page._call(expr, arg, _target(self.selector, all_=True))

    def get_attribute(self, name: str):
        return self.evaluate("(el, n) => el.getAttribute(n)", name)

    def text_content(self):
        return self.evaluate("el => el.textContent")

    def all_text_contents(self) -> list[str]:
        return self.evaluate_all("els => els.map(e => e.textContent)")

    def count(self) -> int:
        return self.evaluate_all("els => els.length")

    def is_visible(self) -> bool:
        return self.evaluate_all("""els => els.length === 1 && (() => { const e = els[0];
            const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return r.width > 0 && r.height > 0 && s.visibility !== "hidden"; })()""")

    def is_hidden(self) -> bool:
        return not self.is_visible()

    def input_value(self) -> str:
        return self.evaluate("el => el.value")

    def is_checked(self) -> bool:
        return self.evaluate("el => el.checked")

    def inner_text(self) -> str:
        return self.evaluate("el => el.innerText")

    def focus(self):
        self.evaluate("el => el.focus()")

    def check(self):
        if not self.is_checked():
            self.click()
        assert self.is_checked(), f"{self.selector} did not become checked"

    def uncheck(self):
        if self.is_checked():
            self.click()
        assert not self.is_checked(), f"{self.selector} stayed checked"

    def click(self):
        self.page.click(self.selector)

    def fill(self, value: str):
        self.page.fill(self.selector, value)

    def set_input_files(self, files):
        self.page.set_input_files(self.selector, files)


class Keyboard:
    def __init__(self, page: Page):
        self.page = page

    def press(self, combo: str):
        *mods, key = combo.split("+")
        self.page._keys([KEYS.get(m, m) for m in mods], KEYS.get(key, key))


class Dialog:
    def __init__(self, message: str, dismiss):
        self.message, self._dismiss = message, dismiss

    def dismiss(self):
        self._dismiss()

    accept = dismiss


class Download:
    def __init__(self, path: Path, suggested_filename: str | None = None):
        self._path = path
        self.suggested_filename = suggested_filename or path.name

    def path(self) -> Path:
        return self._path


class _Holder:
    value = None


class Page:
    """What Firefox's and WebKit's pages share; the transport is each subclass's."""

    def __init__(self, context: Context):
        self.context = context
        self.keyboard = Keyboard(self)
        self._handlers: dict[str, list] = {}

    # --- transport (subclasses) ---
    def _call(self, expr, arg, target_js):
        raise NotImplementedError

    def _keys(self, modifiers, key):
        raise NotImplementedError

    # --- Playwright's API ---
    def on(self, event: str, handler):
        if event not in ("pageerror", "dialog"):
            raise Unsupported(f"page.on({event!r})")
        self._handlers.setdefault(event, []).append(handler)

    def _emit(self, event: str, *args):
        for h in self._handlers.get(event, []):
            h(*args)

    def evaluate(self, expr: str, arg=None):
        return self._call(expr, arg, "undefined")

    def locator(self, selector: str) -> Locator:
        return Locator(self, selector)

    def wait_for_function(self, expr: str, arg=None, timeout: float = DEFAULT_TIMEOUT, polling=None):
        """Polls from here (not inside the page), so that it holds across navigations."""
        interval = (polling if isinstance(polling, (int, float)) else 50) / 1000
        deadline = time.monotonic() + timeout / 1000
        last = None
        while True:
            try:
                if self._call(expr, arg, "undefined"):
                    return True
            except ScriptError as e:  # a page between two documents, or not yet defined
                last = e
            if time.monotonic() > deadline:
                raise TimeoutError(f"wait_for_function timed out after {timeout} ms: {expr[:200]} ({last})")
            time.sleep(interval)

    def wait_for_selector(self, selector: str, timeout: float = DEFAULT_TIMEOUT):
        sel = json.dumps(selector)
        self.wait_for_function(
            f"""() => {{ const e = document.querySelector({sel});
            return !!e && e.getBoundingClientRect().height > 0; }}""",
            timeout=timeout,
        )
        return self.locator(selector)

    def wait_for_url(self, pattern: str, timeout: float = DEFAULT_TIMEOUT):
        regex = glob_to_regex(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout / 1000
        while not regex.match(self.url):
            if time.monotonic() > deadline:
                raise TimeoutError(f"wait_for_url({pattern!r}) timed out at {self.url}")
            time.sleep(0.05)

    def wait_for_timeout(self, ms: float):
        time.sleep(ms / 1000)

    def fill(self, selector: str, value: str):
        # What Playwright's fill does for a text field: focus, replace the value, fire input.
        self.locator(selector).evaluate(
            """(el, v) => { el.focus();
            const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
            Object.getOwnPropertyDescriptor(proto.prototype, "value").set.call(el, v);
            el.dispatchEvent(new Event("input", {bubbles: true}));
            el.dispatchEvent(new Event("change", {bubbles: true})); }""",
            value,
        )

    def set_input_files(self, selector: str, files):
        """Each file written under its own name to a new folder, then given to the browser's
        file input natively, as a person choosing it would."""
        folder = Path(tempfile.mkdtemp(prefix="files-", dir=self.context.scratch))
        paths = []
        for name, _type, data in _files(files):
            (folder / name).write_bytes(data)
            paths.append(folder / name)
        self.locator(selector)._wait_attached()
        self._set_files(selector, paths)

    def expect_download(self, timeout: float = DEFAULT_TIMEOUT):
        return self.context._expect_download(timeout)

    @property
    def url(self) -> str:
        return self._call("() => location.href", None, "undefined")


class Context:
    def __init__(self, browser):
        self.browser = browser
        self.pages: list[Page] = []
        # The context's own folder: its downloads and the files tests choose; gone on close.
        self.scratch = Path(tempfile.mkdtemp(prefix="engine-context-"))
        self.downloads = self.scratch / "Downloads"
        self.downloads.mkdir()

    @contextlib.contextmanager
    def _expect_download(self, timeout):
        before = set(self.downloads.iterdir())
        holder = _Holder()
        yield holder
        deadline = time.monotonic() + timeout / 1000
        while True:
            new = [
                p
                for p in set(self.downloads.iterdir()) - before
                if not p.name.endswith(".part") and p.stat().st_size > 0
            ]
            if new:
                time.sleep(0.2)  # let the browser close the file
                holder.value = Download(new[0])
                return
            if time.monotonic() > deadline:
                raise TimeoutError("no download arrived")
            time.sleep(0.1)


# ---------------------------------------------------------------- Firefox (BiDi)


class Bidi:
    """A WebDriver BiDi connection: commands by id, events to listeners (reader thread)."""

    def __init__(self, url: str):
        import websocket

        self.ws = websocket.create_connection(url, timeout=None, enable_multithread=True, suppress_origin=True)
        self.lock = threading.Lock()
        self.next_id = 0
        self.pending: dict[int, list] = {}
        self.listeners: list = []
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                msg = json.loads(self.ws.recv())
            except Exception:  # closed
                self.closed = True
                for slot in self.pending.values():
                    slot[1] = {"type": "error", "error": "closed", "message": "connection closed"}
                    slot[0].set()
                return
            if "id" in msg and msg["id"] in self.pending:
                slot = self.pending[msg["id"]]
                slot[1] = msg
                slot[0].set()
            elif msg.get("type") == "event":
                for listener in list(self.listeners):
                    listener(msg["method"], msg["params"])

    def send(self, method: str, params: dict, timeout: float = 180):
        with self.lock:
            self.next_id += 1
            cid = self.next_id
            slot = [threading.Event(), None]
            self.pending[cid] = slot
        self.ws.send(json.dumps({"id": cid, "method": method, "params": params}))
        if not slot[0].wait(timeout):
            raise TimeoutError(f"BiDi {method} got no answer in {timeout} s")
        del self.pending[cid]
        msg = slot[1]
        if msg.get("type") == "error":
            raise ScriptError(f"{method}: {msg.get('error')}: {msg.get('message')}")
        return msg["result"]

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()


class FirefoxBrowser:
    """One Firefox process for the session; a context is a BiDi user context (its own
    cookies, storage, caches and service workers)."""

    def __init__(self):
        if not Path(FIREFOX).exists():
            raise FileNotFoundError(f"Firefox not found at {FIREFOX}: run scripts/bootstrap")
        self.profile = Path(tempfile.mkdtemp(prefix="engine-firefox-"))
        self.downloads = self.profile / "downloads"
        self.downloads.mkdir()
        prefs = dict(FIREFOX_PREFS, **{"browser.download.dir": str(self.downloads)})
        (self.profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())
        )
        port = _free_port()
        self.proc = subprocess.Popen(
            [
                FIREFOX,
                "--headless",
                "--no-remote",
                "--profile",
                str(self.profile),
                "--remote-debugging-port",
                str(port),
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.bidi = Bidi(f"ws://127.0.0.1:{port}/session")
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.close()
                    raise RuntimeError("Firefox's WebDriver BiDi did not answer") from None
                time.sleep(0.2)
        self.bidi.send("session.new", {"capabilities": {"alwaysMatch": {"unhandledPromptBehavior": "ignore"}}})
        self.bidi.send(
            "session.subscribe",
            {
                "events": [
                    "log.entryAdded",
                    "browsingContext.userPromptOpened",
                    "browsingContext.downloadWillBegin",
                    "browsingContext.downloadEnd",
                ]
            },
        )
        self.bidi.listeners.append(self._event)
        self.pages: dict[str, FirefoxPage] = {}
        self.front: FirefoxPage | None = None  # the tab in front

    def _event(self, method, params):
        page = self.pages.get(params.get("context") or params.get("source", {}).get("context"))
        if page is None:
            return
        if method == "log.entryAdded" and params.get("type") == "javascript":
            page._emit("pageerror", params.get("text"))
        elif method == "browsingContext.userPromptOpened":

            def dismiss(ctx=params["context"]):
                threading.Thread(
                    target=self.bidi.send,
                    daemon=True,
                    args=("browsingContext.handleUserPrompt", {"context": ctx, "accept": False}),
                ).start()

            page._emit("dialog", Dialog(params.get("message", ""), dismiss))
            if not page._handlers.get("dialog"):
                dismiss()

    def new_context(self, **options):
        unknown = set(options) - {"accept_downloads"}
        if unknown:
            raise Unsupported(f"new_context({', '.join(sorted(unknown))}) in Firefox")
        return FirefoxContext(self, self.bidi.send("browser.createUserContext", {})["userContext"])

    def new_page(self):
        return self.new_context().new_page()

    def close(self):
        with contextlib.suppress(Exception):
            self.bidi.send("session.end", {}, timeout=10)
            self.bidi.close()
        with contextlib.suppress(Exception):
            os.killpg(self.proc.pid, 15)
            self.proc.wait(timeout=15)
        shutil.rmtree(self.profile, ignore_errors=True)


class FirefoxContext(Context):
    def __init__(self, browser: FirefoxBrowser, user_context: str):
        super().__init__(browser)
        self.id = user_context
        # A download folder of its own (Firefox would add "(1)" to a name seen before).
        browser.bidi.send(
            "browser.setDownloadBehavior",
            {
                "userContexts": [self.id],
                "downloadBehavior": {"type": "allowed", "destinationFolder": str(self.downloads)},
            },
        )

    def new_page(self):
        ctx = self.browser.bidi.send("browsingContext.create", {"type": "tab", "userContext": self.id})["context"]
        page = FirefoxPage(self, ctx)
        self.browser.pages[ctx] = page
        self.pages.append(page)
        return page

    @contextlib.contextmanager
    def _expect_download(self, timeout):
        """From the browser's own download events: the name the page suggested and the
        file it saved."""
        seen, done = {}, threading.Event()
        pages = {p.id for p in self.pages}

        def listen(method, params):
            if params.get("context") not in pages:
                return
            if method == "browsingContext.downloadWillBegin":
                seen.setdefault("name", params.get("suggestedFilename"))
            elif method == "browsingContext.downloadEnd":
                seen["status"], seen["path"] = params.get("status"), params.get("filepath")
                done.set()

        holder = _Holder()
        self.browser.bidi.listeners.append(listen)
        try:
            yield holder
            if not done.wait(timeout / 1000):
                raise TimeoutError("no download arrived")
        finally:
            self.browser.bidi.listeners.remove(listen)
        if seen["status"] != "complete" or not seen.get("path"):
            raise TimeoutError(f"the download ended {seen['status']}")
        holder.value = Download(Path(seen["path"]), seen.get("name"))

    def grant_permissions(self, permissions, origin=None):
        # Firefox has no clipboard permissions to grant: its testing switch
        # (dom.events.testing.asyncClipboard) lets the page read and write the clipboard.
        if set(permissions) - {"clipboard-read", "clipboard-write"}:
            raise Unsupported(f"grant_permissions({permissions}) in Firefox")

    def add_init_script(self, script: str):
        self.browser.bidi.send(
            "script.addPreloadScript", {"functionDeclaration": f"() => {{ {script}\n }}", "userContexts": [self.id]}
        )

    def close(self):
        for p in self.pages:
            self.browser.pages.pop(p.id, None)
        with contextlib.suppress(ScriptError):
            self.browser.bidi.send("browser.removeUserContext", {"userContext": self.id})
        shutil.rmtree(self.scratch, ignore_errors=True)


_AT_REST = """async () => {
    const e = %(target)s;
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    let last = "";
    for (let i = 0; i < 100; i++) {
        e.scrollIntoView({block: "center", behavior: "instant"});
        await frame();
        const r = e.getBoundingClientRect(), now = [r.x, r.y, r.width, r.height].join();
        if (now === last) {
            if (!%(hit)s) return e;
            const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            if (at && (at === e || e.contains(at))) return e;
        }
        last = now;
    }
    throw new Error("the element did not come to rest in view, or something covers it");
}"""


class FirefoxPage(Page):
    def __init__(self, context: FirefoxContext, ctx: str):
        super().__init__(context)
        self.id = ctx
        self.bidi = context.browser.bidi

    def _send(self, method: str, params: dict):
        # Every command goes to the tab in front: Firefox pauses animation frames and
        # throttles timers in a background tab, and a module's page is one as soon as a
        # test opens another.
        browser = self.context.browser
        if browser.front is not self:
            self.bidi.send("browsingContext.activate", {"context": self.id})
            browser.front = self
        return self.bidi.send(method, params)

    def _call(self, expr, arg, target_js):
        res = self._send(
            "script.callFunction",
            {
                "functionDeclaration": f"async (a) => ({_wrap(expr)})({target_js}, a)",
                "arguments": [{"type": "string", "value": json.dumps(arg)}],
                "target": {"context": self.id},
                "awaitPromise": True,
                "userActivation": True,
                "resultOwnership": "none",
            },
        )
        if res["type"] == "exception":
            raise ScriptError(res["exceptionDetails"].get("text"))
        return json.loads(res["result"]["value"])

    def _node(self, selector: str, hit: bool = False) -> dict:
        """The element, scrolled into view; with `hit`, once it is at rest and nothing
        covers its centre (what a click there reaches), as Playwright waits before one."""
        res = self._send(
            "script.callFunction",
            {
                "functionDeclaration": _AT_REST % {"target": _target(selector), "hit": json.dumps(hit)},
                "target": {"context": self.id},
                "awaitPromise": True,
            },
        )
        if res["type"] == "exception":
            raise ScriptError(res["exceptionDetails"].get("text"))
        return {"sharedId": res["result"]["sharedId"]}

    def goto(self, url: str, **_):
        self._send("browsingContext.navigate", {"context": self.id, "url": url, "wait": "complete"})

    def reload(self, **_):
        self._send("browsingContext.reload", {"context": self.id, "wait": "complete"})

    def go_back(self, **_):
        self._traverse(-1)

    def go_forward(self, **_):
        self._traverse(1)

    def _traverse(self, delta: int):
        # traverseHistory answers when the move starts; wait until the other entry is shown
        # (a new document, or the old one back from the back/forward cache).
        before = self.url
        self._send("browsingContext.traverseHistory", {"context": self.id, "delta": delta})
        self.wait_for_function("(u) => location.href !== u && document.readyState === 'complete'", before)

    def add_init_script(self, script: str):
        self._send("script.addPreloadScript", {"functionDeclaration": f"() => {{ {script}\n }}", "contexts": [self.id]})

    def click(self, selector: str, **_):
        self.locator(selector)._wait_attached()
        origin = {"type": "element", "element": self._node(selector, hit=True)}
        self._send(
            "input.performActions",
            {
                "context": self.id,
                "actions": [
                    {
                        "type": "pointer",
                        "id": "mouse",
                        "parameters": {"pointerType": "mouse"},
                        "actions": [
                            {"type": "pointerMove", "x": 0, "y": 0, "origin": origin},
                            {"type": "pointerDown", "button": 0},
                            {"type": "pointerUp", "button": 0},
                        ],
                    }
                ],
            },
        )

    def _keys(self, modifiers, key):
        seq = (
            [{"type": "keyDown", "value": m} for m in modifiers]
            + [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
            + [{"type": "keyUp", "value": m} for m in reversed(modifiers)]
        )
        self._send(
            "input.performActions", {"context": self.id, "actions": [{"type": "key", "id": "keyboard", "actions": seq}]}
        )

    def _set_files(self, selector, paths):
        self._send(
            "input.setFiles", {"context": self.id, "element": self._node(selector), "files": [str(p) for p in paths]}
        )

    def set_viewport_size(self, size: dict):
        self._send("browsingContext.setViewport", {"context": self.id, "viewport": size})

    def close(self):
        if self.context.browser.front is self:
            self.context.browser.front = None
        self.bidi.send("browsingContext.close", {"context": self.id})


# ---------------------------------------------------------------- WebKit (Selenium)


class Xvfb:
    """A display of our own for MiniBrowser."""

    def __init__(self):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(w,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(w)
        with os.fdopen(r) as f:
            self.display = ":" + f.readline().strip()

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class WebKitBrowser:
    """WebKitWebDriver sessions (each its own MiniBrowser with an ephemeral profile), kept
    for the browser's life: a context takes an idle one, cleared of what the last context
    left (WebKitSession.reset), or starts one when all are in use (a module's checker page
    stays open while a test opens another). Starting a session costs 1-2 s; clearing one,
    a tenth of that."""

    def __init__(self):
        for path in (WEBKIT_DRIVER, MINIBROWSER):
            if not Path(path).exists():
                raise FileNotFoundError(f"{path} is missing: run scripts/bootstrap")
        self.xvfb = Xvfb()
        self.idle: list[WebKitSession] = []
        self.sessions: list[WebKitSession] = []
        self.started = 0  # sessions started, for the benchmark and the tests of this layer

    def new_context(self, **options):
        unknown = set(options) - {"accept_downloads"}
        if unknown:
            raise Unsupported(f"new_context({', '.join(sorted(unknown))}) in WebKit")
        if self.idle:
            session = self.idle.pop()
        else:
            session = WebKitSession(self)
            self.sessions.append(session)
            self.started += 1
        return WebKitContext(self, session)

    def new_page(self):
        return self.new_context().new_page()

    def _release(self, session: WebKitSession, keep: bool = True):
        """A context is done with its session: cleared, it waits for the next; a session
        that cannot be cleared, or should not be kept, is ended."""
        try:
            if not keep:
                raise Unsupported("not kept")
            session.reset()
        except Exception:
            self.sessions.remove(session)
            session.quit()
        else:
            self.idle.append(session)

    def close(self):
        for session in self.sessions:
            session.quit()
        self.sessions, self.idle = [], []
        self.xvfb.close()


# Run on a page of each origin a context visited: what the site can keep there, gone
# (the next context must find no stored result, no service worker, no cached runtime).
_CLEAR_ORIGIN = """const done = arguments[arguments.length - 1];
(async () => {
  localStorage.clear();
  sessionStorage.clear();
  if (navigator.serviceWorker) {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  }
  if (self.caches) for (const k of await caches.keys()) await caches.delete(k);
  if (indexedDB.databases) for (const d of await indexedDB.databases()) indexedDB.deleteDatabase(d.name);
})().then(() => done(null), (e) => done(String(e && e.message || e)));"""
TEST_TIMEOUT_S = 180  # a script or a load in a test: Pyodide's first start on a loaded machine
RESET_TIMEOUT_S = 15  # clearing a session for the next context
RESET_PATH = "/__engine-reset"  # a page no server here has: its 404 is enough to run a script on


class WebKitSession:
    """One WebKitWebDriver session and its MiniBrowser."""

    def __init__(self, browser: WebKitBrowser):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        self.home = Path(tempfile.mkdtemp(prefix="engine-webkit-"))  # MiniBrowser's HOME and XDG folders
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        env = dict(
            os.environ,
            DISPLAY=browser.xvfb.display,
            HOME=str(self.home),
            XDG_DOWNLOAD_DIR=str(self.home / "Downloads"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_DATA_HOME=str(self.home / "data"),
        )
        # A process group of its own: quitting the session leaves MiniBrowser (and its web
        # processes) running, still loading Pyodide; quit() ends the whole group.
        self.service = Service(executable_path=WEBKIT_DRIVER, env=env, popen_kw={"start_new_session": True})
        self.driver = webdriver.WebKitGTK(options=options, service=self.service)
        self.driver.set_script_timeout(TEST_TIMEOUT_S)
        self.driver.set_page_load_timeout(TEST_TIMEOUT_S)
        self.window = self.driver.get_window_size()
        self.origins: set[str] = set()  # where the present context has been

    def reset(self):
        """Back to what a new session would be: each visited origin's storage, service
        workers, caches and databases cleared, cookies deleted, the window at its first
        size, about:blank (which also ends the last page's workers)."""
        with contextlib.suppress(Exception):
            self.driver.switch_to.alert.dismiss()
        # Clearing takes well under a second; one that hangs (seen once: 180 s in a teardown)
        # is given up soon, and the caller ends the session instead.
        self.driver.set_script_timeout(RESET_TIMEOUT_S)
        self.driver.set_page_load_timeout(RESET_TIMEOUT_S)
        try:
            for origin in sorted(self.origins):
                self.driver.get(origin + RESET_PATH)
                failed = self.driver.execute_async_script(_CLEAR_ORIGIN)
                if failed:
                    raise ScriptError(f"clearing {origin}: {failed}")
                self.driver.delete_all_cookies()
            self.origins.clear()
            self.driver.get("about:blank")
            if self.driver.get_window_size() != self.window:
                self.driver.set_window_size(self.window["width"], self.window["height"])
        finally:
            self.driver.set_script_timeout(TEST_TIMEOUT_S)
            self.driver.set_page_load_timeout(TEST_TIMEOUT_S)

    def quit(self):
        group = self.service.process.pid
        with contextlib.suppress(Exception):
            self.driver.quit()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, 9)
        shutil.rmtree(self.home, ignore_errors=True)


class WebKitContext(Context):
    def __init__(self, browser: WebKitBrowser, session: WebKitSession):
        super().__init__(browser)
        self.session = session
        self.driver = session.driver
        self.closed = False
        self.keep_session = True

    def forget_session(self):
        """On close, end this context's session rather than clear it for the next context:
        for a test that leaves what clearing cannot reach. WebKit keeps a damaged file the
        test server sent (server.tamper) in its HTTP cache despite `no-store`, and the next
        context's service worker would be handed it."""
        self.keep_session = False

    def new_page(self):
        if self.pages:
            raise Unsupported("a second page in one WebKit context")
        page = WebKitPage(self)
        self.pages.append(page)
        return page

    def grant_permissions(self, permissions, origin=None):
        # Nothing to grant: WebKit lets a click write the clipboard, and the tests read it
        # back by pasting (WebKitPage.clipboard_text), as a person would.
        if set(permissions) - {"clipboard-read", "clipboard-write"}:
            raise Unsupported(f"grant_permissions({permissions}) in WebKit")

    @contextlib.contextmanager
    def _expect_download(self, timeout):
        """MiniBrowser under WebKitWebDriver saves no download (it would ask where, and
        WebDriver classic cannot answer), so the page's Blob download is taken where it
        leaves the page: the name and the bytes of the `<a download>` it clicks."""
        page = self.pages[0]
        page._call(_CAPTURE_DOWNLOADS, None, "undefined")
        holder = _Holder()
        yield holder
        deadline = time.monotonic() + timeout / 1000
        while not (got := page._call("() => window.__engineDownloads.shift() || null", None, "undefined")):
            if time.monotonic() > deadline:
                raise TimeoutError("no download arrived")
            time.sleep(0.05)
        path = self.downloads / Path(got["name"]).name
        path.write_bytes(base64.b64decode(got["data"]))
        holder.value = Download(path, got["name"])

    def add_init_script(self, script: str):
        raise Unsupported("init scripts in WebKit (WebDriver classic runs scripts only after a page loaded)")

    def close(self):
        if self.closed:
            return
        self.closed = True
        for p in self.pages:
            with contextlib.suppress(Exception):
                p._collect_errors()
            with contextlib.suppress(Exception):
                p._seen(p.driver.current_url)
        self.browser._release(self.session, self.keep_session)
        shutil.rmtree(self.scratch, ignore_errors=True)


# Installed after each load: WebDriver classic has no event for an uncaught error.
_WATCH = """if (!window.__engineErrors) { window.__engineErrors = [];
    addEventListener("error", (e) => window.__engineErrors.push(String(e.message)));
    addEventListener("unhandledrejection", (e) => window.__engineErrors.push(String(e.reason))); }"""


# Each Blob the page makes is remembered, and a click on an `<a download>` of one hands
# its name and bytes (base64) to the test instead of to the browser's save dialog.
_CAPTURE_DOWNLOADS = """() => { if (window.__engineDownloads) return;
    window.__engineDownloads = [];
    const blobs = new Map(), make = URL.createObjectURL, click = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (obj) => { const url = make(obj); blobs.set(url, obj); return url; };
    HTMLAnchorElement.prototype.click = function () {
        const blob = this.hasAttribute("download") && blobs.get(this.href);
        if (!blob) return click.call(this);
        const name = this.download;
        blob.arrayBuffer().then((buf) => {
            let s = ""; for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
            window.__engineDownloads.push({name, data: btoa(s)});
        });
    }; }"""


# null until the click arrives, then whether it reached the element (undefined once the
# click has taken the page to another document).
_CLICK_SEEN = """(el) => { window.__engineClick = null;
    window.addEventListener("click", (e) => { window.__engineClick = el.contains(e.target); },
                            {capture: true, once: true}); }"""


class WebKitPage(Page):
    def __init__(self, context: WebKitContext):
        super().__init__(context)
        self.driver = context.driver

    def _run(self, fn, *args):
        from selenium.common.exceptions import JavascriptException, UnexpectedAlertPresentException, WebDriverException

        try:
            return fn(*args)
        except UnexpectedAlertPresentException as e:
            self._emit("dialog", Dialog(e.alert_text or "", lambda: None))
            raise ScriptError(f"a dialog was open: {e.alert_text}") from e
        except JavascriptException as e:
            raise ScriptError(e.msg) from e
        except WebDriverException as e:
            if "navigat" in str(e).lower() or "no such frame" in str(e).lower():
                raise ScriptError(e.msg) from e
            raise

    def _call(self, expr, arg, target_js):
        script = f"""const done = arguments[arguments.length - 1];
            Promise.resolve().then(() => ({_wrap(expr)})({target_js}, arguments[0]))
              .then((v) => done({{ok: v}}), (e) => done({{error: String(e && e.message || e)}}));"""
        res = self._run(self.driver.execute_async_script, script, json.dumps(arg))
        if res is None:
            raise ScriptError("the page went away while a script ran")
        if "error" in res:
            raise ScriptError(res["error"])
        return json.loads(res["ok"])

    def _element(self, selector: str):
        self.locator(selector)._wait_attached()
        return self._run(self.driver.execute_script, f"return {_target(selector)};")

    def _collect_errors(self):
        for message in self._call("() => window.__engineErrors || []", None, "undefined"):
            self._emit("pageerror", message)
        self._call("() => { if (window.__engineErrors) window.__engineErrors.length = 0; }", None, "undefined")

    def _loaded(self):
        self._run(self.driver.execute_script, _WATCH)

    def _seen(self, url: str):
        """An origin this context has been on: WebKitSession.reset clears it."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("http", "https"):
            self.context.session.origins.add(f"{parts.scheme}://{parts.netloc}")

    def _navigate(self, move, *args):
        # The leaving document's errors first; the watch again in the new one.
        with contextlib.suppress(ScriptError):
            self._collect_errors()
        if args:
            self._seen(args[0])
        move(*args)
        self._seen(self.driver.current_url)
        self._loaded()

    def goto(self, url: str, **_):
        self._navigate(self.driver.get, url)

    def reload(self, **_):
        self._navigate(self.driver.refresh)

    def go_back(self, **_):
        self._navigate(self.driver.back)

    def go_forward(self, **_):
        self._navigate(self.driver.forward)

    def add_init_script(self, script: str):
        self.context.add_init_script(script)

    def click(self, selector: str, **_):
        self.locator(selector)._wait_attached()
        el = self._run(
            self.driver.execute_async_script,
            f"""const done = arguments[arguments.length - 1];
            ({_AT_REST % {"target": _target(selector), "hit": "true"}})()
              .then(done, (e) => done(String(e && e.message || e)));""",
        )
        if isinstance(el, str):
            raise ScriptError(el)
        # WebKitWebDriver may answer before the page has handled the click, so a test's
        # next look could come too early: wait until the click has reached the page.
        self._call(_CLICK_SEEN, None, _target(selector))
        self._run(el.click)
        self.wait_for_function("() => window.__engineClick !== null")
        if self.evaluate("() => window.__engineClick") is False:
            raise ScriptError(f"the click on {selector!r} reached another element")

    def _keys(self, modifiers, key):
        from selenium.webdriver.common.action_chains import ActionChains

        chain = ActionChains(self.driver)
        for m in modifiers:
            chain.key_down(m)
        chain.send_keys(key)
        for m in reversed(modifiers):
            chain.key_up(m)
        self._run(chain.perform)

    def _set_files(self, selector, paths):
        self._run(self._element(selector).send_keys, "\n".join(map(str, paths)))

    def set_viewport_size(self, size: dict):
        self.driver.set_window_size(size["width"], size["height"])

    def clipboard_text(self) -> str:
        """The clipboard, pasted (Ctrl+V) into a field of our own: WebKit refuses
        navigator.clipboard.readText() to a script. Focus goes back where it was."""
        self._call(
            """() => { const t = document.createElement("textarea");
            t.id = "__engine-paste"; t.style.cssText = "position:fixed;top:0;left:0;opacity:0";
            window.__engineFocus = document.activeElement; document.body.append(t); t.focus(); }""",
            None,
            "undefined",
        )
        self._keys([KEYS["Control"]], "v")
        return self._call(
            """() => { const t = document.getElementById("__engine-paste");
            const v = t.value; t.remove();
            if (window.__engineFocus && window.__engineFocus.focus) window.__engineFocus.focus();
            return v; }""",
            None,
            "undefined",
        )

    def close(self):
        self.context.close()


def launch(engine: str):
    """The session's browser for an engine: Playwright's Chromium, or ours."""
    if engine == "firefox":
        return FirefoxBrowser()
    if engine == "webkit":
        return WebKitBrowser()
    raise ValueError(engine)
