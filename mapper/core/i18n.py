"""Labels in the journey's language (en, ru, bg): message catalogs, plurals and numbers.

The catalogs are YAML files shipped in ``templates/i18n/<lang>.yaml``: a flat
mapping from message key to text, or, for messages with a count, to the
plural forms of that language (CLDR categories ``one``/``few``/``many``/
``other``).  Messages are plain text with ``{name}`` fields; the report's
templates escape the result like any other text.

Numbers never depend on the machine's locale: English writes ``1,234.5``,
Russian and Bulgarian ``1 234,5`` with a no-break space between groups.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import yaml

from .resources import read_text

LANGUAGES = ("en", "ru", "bg")
NBSP = "\u00a0"
MINUS = "\u2212"


def plural_category(lang: str, integer: int, fraction_digits: int) -> str:
    """CLDR plural category of a number shown with ``fraction_digits`` decimals.

    en and bg: ``one`` for exactly 1, ``other`` otherwise.  ru: ``one`` (1, 21,
    101, not 11), ``few`` (2-4, 22-24, not 12-14), ``many`` (0, 5-20, 25-30...),
    and ``other`` for any number shown with decimals ("1,5 клиента").
    """
    i = abs(integer)
    if lang == "ru":
        if fraction_digits:
            return "other"
        if i % 10 == 1 and i % 100 != 11:
            return "one"
        if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
            return "few"
        return "many"
    return "one" if i == 1 and not fraction_digits else "other"


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, Any]:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    data = yaml.safe_load(read_text(f"i18n/{lang}.yaml"))
    if not isinstance(data, dict):  # pragma: no cover - the shipped catalogs are tested
        raise ValueError(f"message catalog {lang} is not a mapping")
    return data


class Translator:
    """Messages and number formats of one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.messages = catalog(lang)
        self.group = "," if lang == "en" else NBSP
        self.decimal = "." if lang == "en" else ","
        self._separators = str.maketrans({",": self.group, ".": self.decimal})

    # -- messages ---------------------------------------------------------
    def __call__(self, key: str, **fields: Any) -> str:
        message = self.messages[key]
        if not isinstance(message, str):
            raise TypeError(f"message {key!r} has plural forms; use .count()")
        return message.format(**fields) if fields else message

    def has(self, key: str) -> bool:
        return key in self.messages

    def count(self, key: str, value: float, digits: int = 0, **fields: Any) -> str:
        """A message with a number in the right plural form; the number is ``{n}``."""
        forms = self.messages[key]
        shown = self.number(value, digits)
        integer = int(round(abs(value), digits)) if digits == 0 else int(abs(value))
        category = plural_category(self.lang, integer, digits)
        template = forms.get(category, forms["other"])
        return template.format(n=shown, **fields)

    def words(self, key: str, value: str) -> str:
        """A translated word of a closed vocabulary (``key.value``), or the value itself."""
        full = f"{key}.{value}"
        return self.messages[full] if full in self.messages else value

    # -- numbers ----------------------------------------------------------
    def number(self, value: float, digits: int = 1) -> str:
        value = float(value)
        if not math.isfinite(value):  # pragma: no cover - the model keeps figures finite
            return "–"
        formatted = f"{abs(value):,.{digits}f}"
        if self.lang != "en":   # one pass: "," -> group, "." -> decimal
            formatted = formatted.translate(self._separators)
        # no minus sign on a figure that shows as zero
        negative = value < 0 and formatted.strip("0.," + NBSP) != ""
        return MINUS + formatted if negative else formatted

    def integer(self, value: float) -> str:
        return self.number(value, 0)

    def signed(self, value: float, digits: int = 1) -> str:
        shown = self.number(value, digits)
        return shown if shown.startswith(MINUS) or self.number(abs(value), digits) == \
            self.number(0, digits) else "+" + shown

    def percent(self, share: float, digits: int | None = None) -> str:
        """A share 0..1 as a percentage; without ``digits``, as many as small shares need
        (``30%``, ``8.8%``, ``0.25%``), trailing zeros dropped."""
        value = 100.0 * float(share)
        trim = digits is None
        if digits is None:
            digits = 0 if value == 0 or abs(value) >= 10 else 1 if abs(value) >= 1 else 2
        shown = self.number(value, digits)
        if trim and digits:
            shown = shown.rstrip("0").rstrip(self.decimal)
        sign = NBSP + "%" if self.lang == "ru" else "%"
        return shown + sign

    def money(self, value: float, currency: str) -> str:
        return f"{self.integer(value)}{NBSP}{currency}"

    def level(self, level: str) -> str:
        return self.messages[f"level.{level}"]


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    return Translator(lang)
