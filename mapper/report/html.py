"""HTML output: the jinja2 environment, the inline CSS/JS and the Content-Security-Policy.

Templates are read from the ``mapper.templates`` package (see
:mod:`mapper.core.resources`), so a non-editable install renders the same
files.  Autoescaping is on for everything and undefined names are errors.
The stylesheet and script are inlined; the page's CSP allows exactly those
two blocks by their SHA-256 hashes and nothing else (no network at all).
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from ..core.resources import read_text


def _load(name: str) -> tuple[str, str, Any]:
    return read_text(name), name, lambda: True


@lru_cache(maxsize=None)
def environment() -> Environment:
    return Environment(loader=FunctionLoader(_load), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


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
