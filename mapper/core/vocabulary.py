"""The tool's one vocabulary: languages, risk levels, messages and number formats.

Every output that people read (the HTML report, diagram labels, Markdown,
Mermaid, XLSX, the terminal, SARIF and GitHub messages) words and formats
its figures here, so the same figure reads the same way everywhere.
Machine-read outputs (JSON, the importable CSV, XLSX cell values) carry raw
numbers instead.

Messages live in one catalog per language, ``templates/i18n/<lang>.yaml``: a
flat mapping from message key to text, or, for messages with a count, to the
plural forms of that language (CLDR categories ``one``/``few``/``many``/
``other``).  Messages are plain text with ``{name}`` fields; the caller fills
in names and figures, and escapes the result for its format.

Number rules, one for every output and independent of the machine's locale:

- groups and decimals: English ``1,234.5``; Russian and Bulgarian
  ``1 234,5`` with a no-break space between groups;
- negative figures take the minus sign U+2212 (``−3.5``), never a hyphen; a
  figure that rounds to zero has no sign; :meth:`Translator.signed` adds ``+``;
- a share 0..1 is a percentage with as many decimals as its size needs: none
  from 10% up, one from 1% (``8.8%``), two below (``0.25%``), trailing zeros
  dropped (so 0.1234 is ``12%`` everywhere); Russian puts a no-break space
  before the ``%``;
- money is a whole amount, a no-break space, and the currency code
  (``12,000 EUR``).
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from .resources import read_text

#: the languages a journey, its report and its exports can be written in
LANGUAGES = ("en", "ru", "bg")
#: the risk levels, lowest first; ``LEVELS.index`` orders them
LEVELS = ("low", "medium", "high", "critical")
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
    import yaml

    # libyaml's safe loader when PyYAML has it: the catalog loads in a fifth of the time
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(read_text(f"i18n/{lang}.yaml"), Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(data, dict):  # pragma: no cover - the shipped catalogs are tested
        raise ValueError(f"message catalog {lang} is not a mapping")
    return data


def percent_digits(value: float) -> int:
    """Decimals of a percentage ``value`` (0..100): 0 from 10 up, 1 from 1, 2 below."""
    magnitude = abs(value)
    return 0 if magnitude == 0 or magnitude >= 10 else 1 if magnitude >= 1 else 2


class Translator:
    """Messages and number formats of one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.messages = catalog(lang)
        self.group = "," if lang == "en" else NBSP
        self.decimal = "." if lang == "en" else ","
        self._separators = str.maketrans({",": self.group, ".": self.decimal})
        #: zero as :meth:`number` writes it, by decimals (what :meth:`signed` compares with)
        self._zeros = {digits: self.number(0, digits) for digits in range(4)}

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

    def level(self, level: str) -> str:
        return self.messages[f"level.{level}"]

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

    def figure(self, value: float, digits: int = 1) -> str:
        """A measured figure (a severity, hours): whole numbers without decimals."""
        return self.number(value, 0 if float(value).is_integer() else digits)

    def integer(self, value: float) -> str:
        return self.number(value, 0)

    def signed(self, value: float, digits: int = 1) -> str:
        """The figure with its sign always shown: ``+1.5``, ``−1.5``, ``0.0``."""
        shown = self.number(value, digits)
        if shown.startswith(MINUS) or shown == self._zero(digits):
            return shown
        return "+" + shown

    def _zero(self, digits: int) -> str:
        """Zero as :meth:`number` writes it with ``digits`` decimals."""
        zero = self._zeros.get(digits)
        return zero if zero is not None else self.number(0, digits)

    def percent(self, share: float) -> str:
        """A share 0..1 as a percentage: ``30%``, ``8.8%``, ``0.25%`` (see the module)."""
        value = 100.0 * float(share)
        digits = percent_digits(value)
        shown = self.number(value, digits)
        if digits:
            shown = shown.rstrip("0").rstrip(self.decimal)
        return shown + (NBSP + "%" if self.lang == "ru" else "%")

    def signed_percent(self, share: float) -> str:
        """A change of a share, its sign always shown: ``+2.5%``, ``−12%``."""
        shown = self.percent(share)
        zero = self.percent(0)
        return shown if shown.startswith(MINUS) or shown == zero else "+" + shown

    def money(self, value: float, currency: str) -> str:
        """A whole amount and its currency code; the amount alone without one."""
        amount = self.integer(value)
        return f"{amount}{NBSP}{currency}" if currency else amount


@lru_cache(maxsize=None)
def translator(lang: str) -> Translator:
    return Translator(lang)


def english() -> Translator:
    """The vocabulary of the command line's own text (terminal tables, lint messages,
    CI annotations), which is English whatever the journey's language."""
    return translator("en")
