"""HTML output: the jinja2 environment, the inline CSS/JS and the Content-Security-Policy.

Templates are read from the ``mapper.templates`` package (see
:mod:`mapper.core.resources`), so a non-editable install renders the same
files.  Autoescaping is on for everything and undefined names are errors.
The stylesheet and script are inlined; the page's CSP allows exactly those
two blocks by their SHA-256 hashes and nothing else (no network at all).

Compiling the report's template costs about 0.1 s, a fifth of a small
build, so the compiled templates are kept between runs the way Python keeps
its bytecode: in the user's cache folder (``$XDG_CACHE_HOME/journeymap``,
else ``~/.cache/journeymap``), each file named by the template, the jinja2
version and the environment's options, and used only while its template's
source is unchanged (jinja2 checks a checksum).  A cache that cannot be
read or written is simply not used.
"""
from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FunctionLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..core.resources import read_text


def _load(name: str) -> tuple[str, str, Any]:
    return read_text(name), name, lambda: True


#: the options templates are compiled with (they name the cached compilations)
OPTIONS: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined,
                           "trim_blocks": True, "lstrip_blocks": True,
                           "keep_trailing_newline": True}


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates in a folder; a folder that cannot be used is no cache."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def cache_folder() -> str:
    """Where compiled templates are kept (``$XDG_CACHE_HOME/journeymap``)."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "journeymap")


@lru_cache(maxsize=None)
def environment() -> Environment:
    options = ";".join(f"{key}={getattr(value, '__name__', value)}"
                       for key, value in sorted(OPTIONS.items()))
    tag = hashlib.sha256(f"jinja2 {jinja2.__version__}; {options}".encode()).hexdigest()[:16]
    cache = TemplateCache(cache_folder(), f"template-{tag}-%s.cache")
    return Environment(loader=FunctionLoader(_load), bytecode_cache=cache, **OPTIONS)


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@lru_cache(maxsize=None)
def assets() -> tuple[str, str]:
    """The inline stylesheet and script, exactly as they appear in the page."""
    css = read_text("report.css")
    js = read_text("report.js")
    for text, tag in ((css, "</style"), (js, "</script")):
        if tag in text.lower():  # pragma: no cover - our own files
            raise ValueError(f"inline asset contains {tag}")
    return css, js


def content_security_policy(css: str, js: str) -> str:
    return (f"default-src 'none'; style-src '{sha256(css)}'; script-src '{sha256(js)}'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def render_page(template: str, **context: Any) -> str:
    css, js = assets()
    page = environment().get_template(template).render(
        css=Markup(css), js=Markup(js), csp=content_security_policy(css, js), **context)
    return page


def render_report(view: Any) -> str:
    """``ID.html`` of a :class:`mapper.report.view.ReportView`."""
    return render_page("report.html.j2", v=view, t=view.t, lang=view.lang)


def render_index(view: Any) -> str:
    """``index.html`` of a :class:`mapper.report.portfolio.PortfolioView`."""
    return render_page("index.html.j2", v=view, t=view.t, lang=view.lang)
