"""Ids made from free text: journey slugs (ASCII) and touchpoint/stage ids (any script)."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ...core.ids import RESERVED_IDS, SLUG_MAX

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_WORD_DROP = re.compile(r"[^\w-]+")

#: Cyrillic to Latin, for journey slugs made from Russian or Bulgarian titles
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієѓќўґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "", "e", "yu", "ya",
     "i", "ye", "g", "k", "u", "g"]))


def slug(text: str, fallback: str = "journey") -> str:
    """A journey id (see :mod:`mapper.core.ids`) from any text."""
    lowered = "".join(_CYRILLIC.get(ch, ch) for ch in text.lower())
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    result = _SLUG_DROP.sub("-", ascii_text).strip("-")[:SLUG_MAX].strip("-")
    if result in RESERVED_IDS:   # "Index" -> "index-journey", never the portfolio's name
        result = f"{result}-{fallback}"
    return result or fallback


def word_id(text: str, fallback: str = "item") -> str:
    """A stage or touchpoint id: letters of any script, digits, ``_`` and ``-``."""
    normal = unicodedata.normalize("NFC", text.strip().lower())
    result = _WORD_DROP.sub("_", normal).strip("_-")[:60].strip("_-")
    return result or fallback


def unique(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is not taken yet."""
    used = set(taken)
    if base not in used:
        return base
    number = 2
    while f"{base}_{number}" in used:
        number += 1
    return f"{base}_{number}"
