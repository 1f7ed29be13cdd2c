"""Characters that journey text may not hold, and text made safe for a terminal.

Journey text may hold tabs and line breaks, but no other control character:
not C0 (U+0000-U+001F: NUL, ESC, carriage return...), DEL, C1
(U+0080-U+009F), the Unicode non-characters (U+FDD0-U+FDEF and the last two
code points of every plane, U+FFFE and U+FFFF...) or a lone surrogate.  None
of them can be written in XML (SVG, HTML), and the control characters can
retitle, recolour or rewrite a terminal.  The loader rejects them with a
located message, so every output (diagram, report, JSON, CSV, Markdown,
Mermaid, the terminal) only ever sees printable text.

What the tool prints to a terminal comes from elsewhere too (file names,
command-line arguments): :func:`terminal_text` shows any such character as
an escape (``\\x1b``), never raw.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

#: the Unicode non-characters of the Basic Multilingual Plane (the only ones XML
#: forbids too), as a regular expression character-class body
BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
#: what journey text may not hold (C0 but tab and line feed, DEL, C1, surrogates,
#: non-characters), with every astral code point a candidate that _is_unsafe confirms
#: (U+1FFFE, U+1FFFF... U+10FFFF): one range searches ten times faster than a class
#: listing the 32 astral non-characters (7 MB of JSON: 0.1 s, not 1 s)
_CANDIDATE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{BMP_NONCHARACTERS}\U00010000-\U0010ffff]"
#: colour (SGR) sequences the tool itself writes, ``ESC [ 1;31 m``: kept on a terminal
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _is_unsafe(char: str) -> bool:
    code = ord(char)
    return code < 0x10000 or code & 0xFFFE == 0xFFFE


@functools.lru_cache(maxsize=None)
def _candidates() -> "re.Pattern[str]":
    """Compiled on first use (half a millisecond that plain ASCII text never needs)."""
    return re.compile(_CANDIDATE)


def _plain(text: str) -> bool:
    """Printable ASCII, tabs and line feeds only: nothing to search (the common case)."""
    return text.isascii() and (text.isprintable() or
                               text.replace("\n", "").replace("\t", "").isprintable())


def _search(text: str) -> "Optional[re.Match[str]]":
    if _plain(text):
        return None
    for found in _candidates().finditer(text):
        if _is_unsafe(found.group()):
            return found
    return None


def first_unsafe(text: str) -> Optional[str]:
    """The first character journey text may not hold, or None."""
    found = _search(text)
    return found.group() if found is not None else None


def locate_unsafe(text: str) -> Optional[tuple[int, int, str]]:
    """``(line, column, character)`` of the first unsafe character in ``text`` (1-based)."""
    found = _search(text)
    if found is None:
        return None
    start = found.start()
    return (text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start),
            found.group())


def describe_char(char: str) -> str:
    """``the control character U+001B`` and the like, for messages."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "the control character"
    else:
        kind = "the Unicode non-character"
    return f"{kind} U+{code:04X}"


def unsafe_message(char: str, what: str = "text") -> str:
    return (f"{what} contains {describe_char(char)}; journey text may hold tabs and line "
            "breaks, but no other control characters or non-characters")


def _escape(match: "re.Match[str]") -> str:
    """``\\x1b`` below U+0020, else ``\\u0085`` (a valid JSON escape, should it land in one)."""
    code = ord(match.group())
    if not _is_unsafe(match.group()):
        return match.group()
    if code < 0x20:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def terminal_text(text: str, keep_colour: bool = True) -> str:
    """``text`` with every unsafe character (and a carriage return or an escape
    sequence that is not the tool's own colour) shown as an escape, never raw."""
    if _search(text) is None:
        return text
    if not keep_colour or "\x1b" not in text:
        return _candidates().sub(_escape, text)
    parts = []
    last = 0
    for colour in _SGR.finditer(text):
        parts.append(_candidates().sub(_escape, text[last:colour.start()]))
        parts.append(colour.group())
        last = colour.end()
    parts.append(_candidates().sub(_escape, text[last:]))
    return "".join(parts)


#: breaking white space: every Unicode space but the no-break ones (U+00A0, U+202F)
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def one_line(text: str) -> str:
    """``text`` on one line: line breaks, tabs and runs of spaces become one space;
    no-break spaces stay, as they hold figures such as ``1 234,5`` together."""
    return _BREAKING_SPACE.sub(" ", str(text)).strip(" ")
