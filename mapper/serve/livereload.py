"""Live reload for served pages: a small script, injected into HTML responses only.

The files on disk stay exactly as ``build`` wrote them.  When ``serve``
sends an HTML page it adds, before ``</body>``, a stylesheet, a box with the
current build errors (``file:line:col: message``, escaped) and a script that
asks ``/__journeymap/version?since=V`` (an answer the server holds until a
build makes a version other than the page's V) and reloads the page when the
version changed.  A hidden tab drops its request and asks again when shown,
so background tabs hold no connection (browsers allow six per server).  The report's Content-Security-Policy forbids anything not
listed by hash and any network request, so the served copy's policy gets the
two blocks' hashes and ``connect-src 'self'``.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Sequence

VERSION_PATH = "/__journeymap/version"
#: milliseconds before asking again when the server did not answer (stopped, restarting)
RETRY_MS = 3000

STYLE = (
    "#journeymap-live{position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;"
    "max-height:45vh;overflow:auto;margin:0;padding:.75rem 1rem;border:2px solid #c53030;"
    "border-radius:6px;background:#fff5f5;color:#3b0d0d;font:13px/1.45 monospace;"
    "white-space:pre-wrap;box-shadow:0 4px 18px rgba(0,0,0,.25)}"
    "#journeymap-live[hidden]{display:none}"
    "@media print{#journeymap-live{display:none}}")

SCRIPT_TEMPLATE = (
    "(function(){var version=%s;var url=%s;var pending=null;"
    "function poll(){if(pending||document.hidden)return;"
    "var control=new AbortController();pending=control;"
    "fetch(url+'?since='+version,{cache:'no-store',signal:control.signal})"
    ".then(function(r){return r.json()}).then(function(state){"
    "if(pending!==control)return;pending=null;"
    "if(state.version!==version){location.reload();return}poll()})"
    ".catch(function(){if(pending!==control)return;pending=null;setTimeout(poll,%d)})}"
    "document.addEventListener('visibilitychange',function(){"
    "if(!document.hidden){poll()}else if(pending){pending.abort();pending=null}});"
    "poll()})();")

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_CSP = re.compile(r"""http-equiv\s*=\s*["']?content-security-policy""", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def script(version: int) -> str:
    return SCRIPT_TEMPLATE % (json.dumps(version), json.dumps(VERSION_PATH), RETRY_MS)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()) \
        .decode("ascii") + "'"


def relax_policy(policy: str, script_text: str, style_text: str) -> str:
    """``policy`` allowing our two blocks (by hash) and requests to this server."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    for name, text in (("script-src", script_text), ("style-src", style_text)):
        sources = [s for s in directives.get(name, []) if s != "'none'"]
        directives[name] = sources + [sha256(text)]
    connect = [s for s in directives.get("connect-src", []) if s != "'none'"]
    directives["connect-src"] = connect + ["'self'"] if "'self'" not in connect else connect
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def error_box(errors: Sequence[str]) -> str:
    text = "\n".join(errors)
    hidden = "" if errors else " hidden"
    return (f'<pre id="journeymap-live" role="alert"{hidden}>'
            f"journeymap serve: the last save has errors\n\n{html.escape(text)}</pre>")


def inject(page: str, version: int, errors: Sequence[str]) -> str:
    """The page with the error box and the reload script added (policy relaxed to match)."""
    script_text = script(version)
    blocks = (f"<style>{STYLE}</style>{error_box(errors)}"
              f"<script>{script_text}</script>")
    for meta in _META.finditer(page):
        content = _CONTENT.search(meta.group())
        if not _CSP.search(meta.group()) or content is None:
            continue
        policy = html.unescape(content.group(2))
        relaxed = html.escape(relax_policy(policy, script_text, STYLE), quote=True)
        start, end = meta.start() + content.start(2), meta.start() + content.end(2)
        page = page[:start] + relaxed + page[end:]
        break
    position = page.lower().rfind("</body>")
    if position < 0:
        return page + blocks
    return page[:position] + blocks + page[position:]


def status_page(message: str) -> str:
    """A page of its own while there is nothing built to show (served with :func:`inject`)."""
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            "<title>journeymap serve</title></head><body>"
            f"<p>{html.escape(message)}</p></body></html>")
