"""A small declarative vocabulary for the journey format.

Each spec both *validates* a located value (reporting every problem with its
``file:line:col``) and *describes itself* as JSON Schema, so the validator and
the published schema can never drift apart (in the spirit of pre-commit's
``cfgv``).  Validated mappings come back as :class:`LMap` so later semantic
checks still know where every value stands.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..core.errors import Problem, did_you_mean
from ..core.ids import (RESERVED_IDS, SLUG_MAX, SLUG_PATTERN, SLUG_RULE, is_slug,
                        reserved_id_message)
from ..loader.yamlfile import LMap, LSeq

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()


class Where:
    """Where a value stands and how to name its owner in a message.

    A plain class with ``__slots__``: validation makes one per value, so on a
    journey of 10 000 touchpoints this is among the hottest code.
    """

    __slots__ = ("source", "line", "column", "label", "raw")

    def __init__(self, source: str, line: int, column: int, label: str = "",
                 raw: str | None = None):
        self.source = source
        self.line = line
        self.column = column
        self.label = label  # e.g. "touchpoint 'courier'"
        self.raw = raw      # text as written, for plain scalars read as bool/number

    def at(self, mark: tuple[int, int], label: str | None = None, raw: str | None = None) -> "Where":
        return Where(self.source, mark[0], mark[1], self.label if label is None else label, raw)

    def __repr__(self) -> str:
        return f"Where({self.source!r}, {self.line}, {self.column}, {self.label!r})"


class Problems:
    """Collects problems; nothing stops at the first one."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, where: Where, message: str, rule: str = "invalid") -> None:
        prefix = f"{where.label}: " if where.label else ""
        self.items.append(Problem(where.source, where.line, where.column, prefix + message, rule))

    def __bool__(self) -> bool:
        return bool(self.items)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (LMap, dict)):
        return "a mapping"
    if isinstance(value, (LSeq, list)):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    return repr(value)


def _bool_hint(where: Where) -> str:
    raw = where.raw
    if raw is not None and raw.lower() not in ("true", "false"):
        return (f"; YAML 1.1 reads an unquoted {raw} as {raw.lower() in ('yes', 'y', 'on')}"
                f" — write '{raw}' in quotes")
    return ""


class Spec:
    description: str = ""

    def fast(self, value: Any) -> Any:
        """The checked value when it is plainly valid, else INVALID (then ``validate``
        runs with a location to explain why).  Saves building a location per value."""
        return INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def with_description(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema = {"description": self.description, **schema}
        return schema


class Text(Spec):
    """Free text.  Numbers are accepted as written (``name: 2024``)."""

    def __init__(self, description: str = "", max_length: int = 10_000):
        self.description = description
        self.max_length = max_length

    def fast(self, value: Any) -> Any:
        if type(value) is str and len(value) <= self.max_length:
            return value
        return INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if isinstance(value, str):
            if len(value) > self.max_length:
                out.add(where, f"text is longer than {self.max_length} characters")
                return INVALID
            return value
        if isinstance(value, bool):
            out.add(where, f"expected text, got {describe(value)}{_bool_hint(where)}")
            return INVALID
        if isinstance(value, (int, float)) and where.raw is not None:
            return where.raw
        out.add(where, f"expected text, got {describe(value)}")
        return INVALID

    def schema(self) -> dict[str, Any]:
        return self.with_description({"type": "string", "maxLength": self.max_length})


ID_PATTERN = r"^[\w-]+$"
_ID = re.compile(ID_PATTERN)
#: the same rule for JSON Schema validators, whose ECMA-262 ``\w`` is ASCII-only:
#: anything but white space, control characters and ASCII punctuation other
#: than ``-`` and ``_``
ID_SCHEMA_PATTERN = r"^[^\s\x00-\x2c./:-@\[-\^`{-\x7f]+$"


class Ident(Text):
    """An id: letters of any script, digits, ``_`` and ``-``."""

    def __init__(self, description: str = "", what: str = "id"):
        super().__init__(description, max_length=200)
        self.what = what

    def fast(self, value: Any) -> Any:
        if type(value) is str and len(value) <= self.max_length and _ID.match(value):
            return value
        return INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        text = super().validate(value, where, out)
        if text is INVALID:
            return INVALID
        if not _ID.match(text):
            out.add(where, (f"{self.what} {describe(text)} may contain only letters, digits, "
                            "'_' and '-'"))
            return INVALID
        return text

    def schema(self) -> dict[str, Any]:
        return self.with_description({"type": "string", "pattern": ID_SCHEMA_PATTERN,
                                      "maxLength": 200})


class Slug(Text):
    def __init__(self, description: str = ""):
        super().__init__(description, max_length=SLUG_MAX)

    def fast(self, value: Any) -> Any:
        return INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        text = super().validate(value, where, out)
        if text is INVALID:
            return INVALID
        if not is_slug(text):
            out.add(where, f"journey id {describe(text)} must be a lowercase slug: {SLUG_RULE}")
            return INVALID
        if text in RESERVED_IDS:
            out.add(where, reserved_id_message(text))
            return INVALID
        return text

    def schema(self) -> dict[str, Any]:
        return self.with_description({"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX,
                                      "not": {"enum": sorted(RESERVED_IDS)}})


class Number(Spec):
    def __init__(self, minimum: float | None = None, maximum: float | None = None,
                 description: str = "", integer: bool = False, what: str = "value"):
        self.minimum, self.maximum = minimum, maximum
        self.description = description
        self.integer = integer
        self.what = what

    def _range_text(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"between {_fmt(self.minimum)} and {_fmt(self.maximum)}"
        if self.minimum is not None:
            return f"at least {_fmt(self.minimum)}"
        assert self.maximum is not None, "a range has at least one bound"
        return f"at most {_fmt(self.maximum)}"

    def fast(self, value: Any) -> Any:
        kind = type(value)
        if kind is float:
            if not math.isfinite(value) or abs(value) > 1e15 or \
                    (self.integer and not value.is_integer()):
                return INVALID
            if self.integer:
                value = int(value)
        elif kind is not int:
            return INVALID
        if (self.minimum is not None and value < self.minimum) or \
                (self.maximum is not None and value > self.maximum):
            return INVALID
        return value

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if isinstance(value, bool) or value is None or not isinstance(value, (int, float, str)):
            out.add(where, f"{self.what} must be a number, got {describe(value)}{_bool_hint(where) if isinstance(value, bool) else ''}")
            return INVALID
        number: float | int
        if isinstance(value, str):
            try:
                number = float(value.replace("_", "")) if not value.strip().lstrip("+-").isdigit() else int(value)
            except ValueError:
                out.add(where, f"{self.what} must be a number, got {describe(value)}")
                return INVALID
        else:
            number = value
        if isinstance(number, float) and not math.isfinite(number):
            out.add(where, f"{self.what} must be a finite number, got "
                           f"{where.raw or (value if isinstance(value, str) else number)}")
            return INVALID
        if self.integer:
            if isinstance(number, float):
                if not number.is_integer():
                    out.add(where, f"{self.what} must be a whole number, got {_fmt(number)}")
                    return INVALID
                number = int(number)
        if (self.minimum is not None and number < self.minimum) or \
                (self.maximum is not None and number > self.maximum):
            out.add(where, f"{self.what} must be {self._range_text()}, got {_fmt(number)}")
            return INVALID
        if not self.integer and abs(number) > 1e15:
            out.add(where, f"{self.what} {_fmt(number)} is too large")
            return INVALID
        return number

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return self.with_description(schema)


def _fmt(number: float) -> str:
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:g}" if isinstance(number, float) else str(number)


class Flag(Spec):
    def __init__(self, description: str = ""):
        self.description = description

    def fast(self, value: Any) -> Any:
        return value if type(value) is bool else INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if isinstance(value, bool):
            return value
        out.add(where, f"expected true or false, got {describe(value)}")
        return INVALID

    def schema(self) -> dict[str, Any]:
        return self.with_description({"type": "boolean"})


class Choice(Spec):
    def __init__(self, values: Sequence[str], description: str = "", what: str = "value"):
        self.values = list(values)
        self._set = frozenset(self.values)
        self.description = description
        self.what = what

    def fast(self, value: Any) -> Any:
        return value if type(value) is str and value in self._set else INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if isinstance(value, str) and value in self.values:
            return value
        allowed = ", ".join(self.values)
        if isinstance(value, bool):
            out.add(where, f"{self.what} must be one of {allowed}; got {describe(value)}{_bool_hint(where)}")
        else:
            out.add(where, f"{self.what} must be one of {allowed}; got {describe(value)}"
                    + (did_you_mean(value, self.values) if isinstance(value, str) else ""))
        return INVALID

    def schema(self) -> dict[str, Any]:
        return self.with_description({"enum": list(self.values)})


class NumberOrWord(Spec):
    """A number in a range, or one of a few words (``likelihood: rare``)."""

    def __init__(self, number: Number, words: Sequence[str], description: str = ""):
        self.number = number
        self.words = list(words)
        self.description = description

    def fast(self, value: Any) -> Any:
        if type(value) is str:
            return value if value in self.words else INVALID
        return self.number.fast(value)

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if isinstance(value, str):
            if value in self.words:
                return value
            try:
                float(value)
            except ValueError:
                out.add(where, (f"{self.number.what} must be {self.number._range_text()} or one of "
                                f"{', '.join(self.words)}; got {describe(value)}"
                                + did_you_mean(value, self.words)))
                return INVALID
        return self.number.validate(value, where, out)

    def schema(self) -> dict[str, Any]:
        number = self.number.schema()
        number.pop("description", None)
        return self.with_description({"anyOf": [number, {"enum": list(self.words)}]})


@dataclass
class Key:
    """One key of a mapping.  ``default`` (what applies when the key is absent, in
    words) and ``example`` (YAML) document it in the format reference; neither
    takes part in validation or the JSON Schema."""

    name: str
    spec: Spec
    required: bool = False
    default: str = ""
    example: str = ""


@dataclass
class Obj(Spec):
    """A mapping with a fixed set of keys."""

    keys: list[Key]
    description: str = ""
    title: str = ""
    #: a check on the whole mapping once its keys validated
    check: Callable[[LMap, Where, Problems], None] | None = None
    by_name: dict[str, Key] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {key.name: key for key in self.keys}

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if not isinstance(value, LMap):
            out.add(where, f"expected a mapping of keys ({', '.join(k.name for k in self.keys if k.required) or self.keys[0].name}: ...), got {describe(value)}")
            return INVALID
        result = LMap(value.source, value.line, value.column)
        result.key_marks = value.key_marks   # shared: validation never changes marks
        result.value_marks = value.value_marks
        here = where.at((value.line, value.column))
        complete = True
        for name, item in value.items():
            key = self.by_name.get(name)
            if key is None:
                out.add(here.at(value.key_mark(name)), f"unknown key '{name}'"
                        + did_you_mean(name, list(self.by_name)))
                continue
            checked = key.spec.fast(item)
            if checked is INVALID:
                checked = key.spec.validate(
                    item, here.at(value.value_mark(name), raw=value.raws.get(name)), out)
            if checked is INVALID:
                complete = complete and not key.required
                continue
            result[name] = checked
        for key in self.keys:
            if key.required and key.name not in value:
                out.add(here, f"missing required key '{key.name}'")
                complete = False
        if not complete:  # later checks could not use it; the problems are reported
            return INVALID
        if self.check is not None:
            self.check(result, here, out)
        return result

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {key.name: key.spec.schema() for key in self.keys},
            "additionalProperties": False,
        }
        required = [key.name for key in self.keys if key.required]
        if required:
            schema["required"] = required
        if self.title:
            schema = {"title": self.title, **schema}
        return self.with_description(schema)


class MapOf(Spec):
    """A mapping keyed by ids (``touchpoints:``, ``segments:``)."""

    def __init__(self, value: Spec, description: str = "", what: str = "id",
                 label: Callable[[str, str], str] | None = None, min_items: int = 0):
        self.value = value
        self.description = description
        self.key = Ident(what=what)
        self.label = label
        self.min_items = min_items

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if not isinstance(value, LMap):
            out.add(where, f"expected a mapping keyed by {self.key.what}, got {describe(value)}")
            return INVALID
        if len(value) < self.min_items:  # (then nothing later can use it)
            out.add(where.at((value.line, value.column)), f"needs at least {self.min_items} entries")
            return INVALID
        result = LMap(value.source, value.line, value.column)
        result.key_marks = value.key_marks   # shared: validation never changes marks
        result.value_marks = value.value_marks
        for name, item in value.items():
            if self.key.fast(name) is INVALID and \
                    self.key.validate(name, where.at(value.key_mark(name)), out) is INVALID:
                continue
            checked = self.value.fast(item)
            if checked is INVALID:
                label = self.label(where.label, name) if self.label else where.label
                checked = self.value.validate(
                    item, where.at(value.value_mark(name), label=label,
                                   raw=value.raws.get(name)), out)
            if checked is INVALID:
                continue
            result[name] = checked
        return result

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "propertyNames": self.key.schema(),
            "additionalProperties": self.value.schema(),
        }
        if self.min_items:
            schema["minProperties"] = self.min_items
        return self.with_description(schema)


class ListOf(Spec):
    def __init__(self, item: Spec, description: str = "", min_items: int = 0,
                 label: Callable[[str, int, Any], str] | None = None):
        self.item = item
        self.description = description
        self.min_items = min_items
        self.label = label

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if not isinstance(value, LSeq):
            out.add(where, f"expected a list, got {describe(value)}")
            return INVALID
        if len(value) < self.min_items:  # (an empty `next: []` would split by zero)
            out.add(where.at((value.line, value.column)), f"needs at least {self.min_items} item(s)")
            return INVALID
        result = LSeq(value.source, value.line, value.column)
        complete = True
        for index, item in enumerate(value):
            checked = self.item.fast(item)
            if checked is INVALID:
                label = self.label(where.label, index, item) if self.label else where.label
                checked = self.item.validate(
                    item, where.at(value.item_mark(index), label=label,
                                   raw=value.raws.get(index)), out)
            if checked is INVALID:
                complete = False
                continue
            result.append(checked)
            result.marks.append(value.item_mark(index))
        # a list with a broken item is unusable as a whole (an even split of
        # `next` would change, a stage list would shift); its problems are reported
        return result if complete else INVALID

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self.with_description(schema)


class ByType(Spec):
    """Alternative forms told apart by YAML type (text, list or mapping)."""

    def __init__(self, text: Spec | None = None, items: Spec | None = None,
                 mapping: Spec | None = None, description: str = "", what: str = "value"):
        self.text, self.items, self.mapping = text, items, mapping
        self.description = description
        self.what = what

    def fast(self, value: Any) -> Any:
        if self.text is not None and not isinstance(value, (LMap, LSeq)):
            return self.text.fast(value)
        return INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        if isinstance(value, LMap) and self.mapping is not None:
            return self.mapping.validate(value, where, out)
        if isinstance(value, LSeq) and self.items is not None:
            return self.items.validate(value, where, out)
        if not isinstance(value, (LMap, LSeq)) and self.text is not None:
            return self.text.validate(value, where, out)
        forms = [name for name, spec in (("a name", self.text), ("a list", self.items),
                                         ("a mapping", self.mapping)) if spec is not None]
        out.add(where, f"{self.what} must be {' or '.join(forms)}, got {describe(value)}")
        return INVALID

    def schema(self) -> dict[str, Any]:
        options = [spec.schema() for spec in (self.text, self.items, self.mapping) if spec]
        return self.with_description({"anyOf": options})


class Date(Text):
    """A calendar date written ``YYYY-MM-DD`` (YAML timestamps are read as text)."""

    def __init__(self, description: str = "", what: str = "date"):
        super().__init__(description, max_length=10)
        self.what = what

    def fast(self, value: Any) -> Any:
        return INVALID

    def validate(self, value: Any, where: Where, out: Problems) -> Any:
        import datetime

        text = super().validate(value, where, out) if isinstance(value, str) else INVALID
        if text is INVALID:
            if not isinstance(value, str):
                out.add(where, f"{self.what} must be a date written YYYY-MM-DD, got "
                               f"{describe(value)}")
            return INVALID
        try:
            if len(text) != 10:
                raise ValueError(text)
            datetime.date.fromisoformat(text)
        except ValueError:
            out.add(where, f"{self.what} must be a real date written YYYY-MM-DD, got "
                           f"{describe(text)}")
            return INVALID
        return text

    def schema(self) -> dict[str, Any]:
        return self.with_description({"type": "string", "format": "date",
                                      "pattern": r"^\d{4}-\d{2}-\d{2}$"})
