"""Text inside Mermaid diagrams, made safe for Mermaid's grammar.

**journey** diagrams have no quoting at all: Mermaid's lexer ends a title at
``#``, ``;`` or a line break, a section or task name also at ``:``, and an
actor at ``,``.  So :func:`journey_text` replaces those characters with
look-alikes that Mermaid treats as text (``:`` → ``∶`` U+2236, ``;`` → ``,``,
``#`` → ``＃`` U+FF03, ``<``/``>`` → ``‹``/``›`` U+2039/U+203A since Mermaid
drops whatever looks like an HTML tag, ``,`` in actors → ``‚`` U+201A), folds
line breaks and tabs into spaces, breaks up ``%%`` comments, and puts an
invisible U+200B before a name that would start with a keyword (``title``,
``section``, ``journey``, ``accTitle``, ``accDescr``) or ``%``.  The importer
turns the look-alikes back into the original characters.

**flowchart** labels are double-quoted; :func:`flowchart_text` writes every
character with meaning there (``" # : ; % < > & ` ``) as a Mermaid entity
code (``#quot;``, ``#35;`` ...), which Mermaid shows as the character.
"""
from __future__ import annotations

import re

from ..core.textsafety import one_line

ZWSP = "\u200b"
_KEYWORD_START = re.compile(
    r"^(?:journey\b|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%|[{}])", re.IGNORECASE)
_JOURNEY_MAP = {":": "\u2236", ";": ",", "#": "\uff03", "<": "\u2039", ">": "\u203a"}
_FLOWCHART_ENTITIES = {'"': "#quot;", "#": "#35;", ":": "#58;", ";": "#59;", "%": "#37;",
                       "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def journey_text(text: str, fallback: str = "-", actor: bool = False,
                 title: bool = False) -> str:
    """A section or task name, an actor (``actor=True``) or the title (``title=True``,
    which may keep its colons) for a journey diagram."""
    result = "".join(ch if title and ch == ":" else _JOURNEY_MAP.get(ch, ch)
                     for ch in one_line(text))
    if actor:
        result = result.replace(",", "\u201a")
    while "%%" in result:
        result = result.replace("%%", "% %")
    result = result.strip() or fallback
    if _KEYWORD_START.match(result):
        result = ZWSP + result
    return result


def flowchart_text(text: str) -> str:
    """A flowchart label (to be put inside double quotes)."""
    return "".join(_FLOWCHART_ENTITIES.get(ch, ch) for ch in one_line(text))
