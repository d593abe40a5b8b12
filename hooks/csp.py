"""Content-Security-Policy as a <meta http-equiv> on every page.

Material inlines a few small scripts, so their SHA-256 hashes are computed per page
and added to script-src. The meta goes first in <head>, so it covers everything after
it. The policy lives in POLICY, here only; the widgets may need to extend it there.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

# One place for the policy. "{script_hashes}" is replaced by the page's inline-script hashes.
POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'{script_hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "worker-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _is_executable(attrs: str) -> bool:
    m = _TYPE.search(attrs)
    kind = "" if not m else next(g for g in m.groups() if g is not None)
    return kind.strip().lower() in _JS_TYPES


def inline_script_hashes(page_html: str) -> list[str]:
    """'sha256-…' for each inline, executable <script> in the page, in order, no duplicates."""
    out: list[str] = []
    for attrs, body in _SCRIPT.findall(page_html):
        if re.search(r"\bsrc\s*=", attrs, re.I) or not _is_executable(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in out:
            out.append(token)
    return out


def policy_for(page_html: str) -> str:
    hashes = inline_script_hashes(page_html)
    return POLICY.format(script_hashes="".join(" " + h for h in hashes))


def meta_tag(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy, quote=False)}">'


def add_csp(page_html: str) -> str:
    """The page with the CSP meta inserted as the first element of <head>."""
    if 'http-equiv="Content-Security-Policy"' in page_html:
        return page_html
    m = _HEAD.search(page_html)
    if not m:
        raise ValueError("page has no <head>")
    return page_html[: m.end()] + meta_tag(policy_for(page_html)) + page_html[m.end() :]


def on_post_page(output, page, config):
    return add_csp(output)


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html") and "<head" in output_content:
        return add_csp(output_content)
    return output_content
