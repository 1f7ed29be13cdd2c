"""Read a YAML file safely into plain containers that remember where each value was.

The reader walks libyaml's event stream (the C parser where available)
instead of PyYAML's composer and constructor, for four reasons:

* every mapping and sequence keeps the line and column of each key and value,
  so later validation can say ``file:line:col``;
* duplicate keys are reported (PyYAML silently keeps the last one);
* no object is ever constructed from a tag: only the plain YAML types are
  accepted, anything else (``!!python/...``, ``!custom``) is an error;
* limits are enforced while streaming, before memory or time is spent: file
  size, nesting depth, and the expanded size of aliases (alias bombs);
* text holds no control characters (:mod:`mapper.core.textsafety`): an escape
  like ``"\x1b"`` in a quoted scalar is rejected where it stands.

The result is :class:`LMap` / :class:`LSeq` (``dict`` / ``list`` subclasses)
holding ``str``, ``int``, ``float``, ``bool`` or ``None``.  Mapping keys are
always the key's text as written (``yes:`` is the key ``"yes"``, ``1:`` is
``"1"``): every mapping in the journey format is keyed by names or ids.
"""
from __future__ import annotations

import gc
import math
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..core.errors import JourneyError, Problem
from ..core.textsafety import first_unsafe, unsafe_message
from .regular import file_size, read_regular

try:  # the C parser is several times faster; fall back to pure Python
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # the same parsing interface; the stubs give the two loaders unrelated types
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
#: aliases may expand a document to at most this many times its own size
#: (plus a small allowance), which stops "billion laughs" alias bombs.
ALIAS_EXPANSION_FACTOR = 10
ALIAS_EXPANSION_ALLOWANCE = 10_000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, "!"}


class LMap(dict[str, Any]):
    """A mapping that knows its file and where each key and value stands."""

    __slots__ = ("source", "line", "column", "key_marks", "value_marks", "raws", "merged")

    def __init__(self, source: str, line: int, column: int):
        super().__init__()
        self.source = source
        self.line = line
        self.column = column
        self.key_marks: dict[str, tuple[int, int]] = {}
        self.value_marks: dict[str, tuple[int, int]] = {}
        #: the text as written, for plain scalars that YAML read as a
        #: boolean or number (to explain ``language: no``)
        self.raws: dict[str, str] = {}
        #: key marks that came in through a ``<<`` merge (explicit keys may
        #: override those without being duplicates)
        self.merged: set[tuple[int, int]] = set()

    def key_mark(self, key: str) -> tuple[int, int]:
        return self.key_marks.get(key, (self.line, self.column))

    def value_mark(self, key: str) -> tuple[int, int]:
        return self.value_marks.get(key, self.key_mark(key))


class LSeq(list[Any]):
    """A sequence that knows its file and where each item stands."""

    __slots__ = ("source", "line", "column", "marks", "raws")

    def __init__(self, source: str, line: int, column: int):
        super().__init__()
        self.source = source
        self.line = line
        self.column = column
        self.marks: list[tuple[int, int]] = []
        self.raws: dict[int, str] = {}

    def item_mark(self, index: int) -> tuple[int, int]:
        if 0 <= index < len(self.marks):
            return self.marks[index]
        return (self.line, self.column)


def _too_large(path: str, size: int) -> JourneyError:
    # rounded up, so a file just over the limit never reads "10.0 MB"
    megabytes = math.ceil(size * 10 / 1048576) / 10
    return JourneyError([Problem(path, 1, 1, (
        f"file is {megabytes:.1f} MB; journey files are limited "
        f"to {MAX_BYTES // 1048576} MB"))])


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM); explain any other encoding."""
    if len(data) > MAX_BYTES:
        raise _too_large(path, len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JourneyError([Problem(path, 1, 1, (
            "file is UTF-16 encoded; save it as UTF-8"))])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # columns count characters, like the YAML parser's marks (the bytes
        # before the first bad one are valid UTF-8)
        column = len(data[line_start:exc.start].decode("utf-8")) + 1
        raise JourneyError([Problem(path, line, column, (
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8"))]) from None


def read_yaml_file(path: str, display: str | None = None) -> Any:
    """Read and parse one YAML file; ``display`` is the path used in messages."""
    shown = display or path
    data = read_regular(path, MAX_BYTES, shown)
    if len(data) > MAX_BYTES:  # name the real size, not what was read
        try:
            size = file_size(path)
        except OSError:
            size = len(data)
        raise _too_large(shown, max(size, len(data)))
    return parse_yaml(decode(data, shown), shown)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text into LMap/LSeq/scalars; raise JourneyError on any problem."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the builder makes many small objects and no cycles
    try:
        return _Builder(text, source).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            _check_depth_before(text[:mark.index], source)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise JourneyError([Problem(source, line, column, _syntax_message(exc, text))]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise JourneyError([Problem(source, line, column, (
            f"character U+{char:04X} is not allowed in YAML ({exc.reason})"))]) from None
    except yaml.YAMLError as exc:  # any other libyaml failure, e.g. a bad escape
        raise JourneyError([Problem(source, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        if gc_was_enabled:
            gc.enable()


def _check_depth_before(prefix: str, source: str) -> None:
    """Raise journeymap's nesting error if it lies before a parser error.

    The parser scans ahead of the events it has delivered (a ``[`` may start
    a flow mapping's key), so its own limits can fire first: PyYAML 6.0.4
    stops at 1000 flow levels before the builder has seen level
    ``MAX_DEPTH + 1``.  The text before the parser's error is parsed again,
    where that limit cannot be reached; only the depth check is taken from
    this second pass, since cutting the text can change nothing but what
    follows the cut.
    """
    try:
        _Builder(prefix, source)._run()
    except _Fail as fail:
        if fail.depth:
            raise JourneyError([Problem(source, fail.line, fail.column, fail.message)]) from None
    except yaml.YAMLError:
        pass


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or "invalid YAML"
    context = f" {exc.context}" if exc.context else ""
    hint = ""
    mark = exc.problem_mark
    if mark is not None:
        lines = text.split("\n", mark.line + 1)
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            hint = "; indent with spaces, YAML does not allow tabs here"
    return f"YAML syntax error{context}: {problem}{hint}"


class _Fail(Exception):
    def __init__(self, line: int, column: int, message: str, depth: bool = False):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message
        #: the nesting limit (as opposed to what the file says at that point)
        self.depth = depth


class _Builder:
    """Turn the parser's event stream into located containers."""

    def __init__(self, text: str, source: str):
        self.text = text
        self.source = source
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.anchors: dict[str, tuple[Any, int]] = {}
        #: the tag resolved for each plain scalar met so far (keys and small
        #: numbers repeat thousands of times in a large journey)
        self.tags: dict[tuple[str, Any], str] = {}
        #: the value of each number, true/false or null met so far, by tag and text
        self.values: dict[tuple[str, str], Any] = {}
        self.events = 0
        # a control character can only come in through an escape ("\x1b") in a
        # double-quoted scalar, or raw where YAML allows it (U+0085, non-characters)
        self.screen = "\\" in text or first_unsafe(text) is not None

    def build(self) -> Any:
        try:
            return self._run()
        except _Fail as fail:
            raise JourneyError([Problem(self.source, fail.line, fail.column, fail.message)]) from None

    # The stack holds one frame per open container:
    # [container, pending key or None, weight, anchor, key mark, is_merge_key]
    def _run(self) -> Any:
        root: Any = None
        documents = 0
        stack: list[list[Any]] = []
        parser = _Parser(self.text)
        try:
            while parser.check_event():
                # Any: the branches below tell the event kinds apart by type(event),
                # which type checkers do not narrow on
                event: Any = parser.get_event()
                self.events += 1
                kind = type(event)
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                if kind is yaml.ScalarEvent:
                    value, raw = self._scalar(event, line, column, in_key=bool(
                        stack and isinstance(stack[-1][0], LMap) and stack[-1][1] is None))
                    self._add(stack, value, 1, line, column, raw, event)
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1)
                    if not stack:
                        root = value
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    if len(stack) >= MAX_DEPTH:
                        raise _Fail(line, column, (
                            f"nesting is deeper than {MAX_DEPTH} levels; journey files "
                            "need only a few"), depth=True)
                    self._check_container_tag(event, kind, line, column)
                    container = (LMap if kind is yaml.MappingStartEvent else LSeq)(
                        self.source, line, column)
                    if stack and isinstance(stack[-1][0], LMap) and stack[-1][1] is None:
                        raise _Fail(line, column, (
                            "a mapping key must be a plain name, not a list or mapping"))
                    stack.append([container, None, 1, event.anchor, None, False, line, column])
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    frame = stack.pop()
                    container, weight, anchor = frame[0], frame[2], frame[3]
                    if anchor:
                        self.anchors[anchor] = (container, weight)
                    if stack:
                        self._add(stack, container, weight, frame[6], frame[7], None, event)
                    else:
                        root = container
                elif kind is yaml.AliasEvent:
                    if event.anchor not in self.anchors:
                        raise _Fail(line, column, (
                            f"alias '*{event.anchor}' refers to an anchor that is not "
                            "defined before it (or is its own parent)"))
                    value, weight = self.anchors[event.anchor]
                    if stack and isinstance(stack[-1][0], LMap) and stack[-1][1] is None \
                            and not isinstance(value, str):
                        raise _Fail(line, column, "a mapping key must be a plain name")
                    self._add(stack, value, weight, line, column, None, event)
                    if not stack:
                        root = value
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _Fail(line, column, (
                            "a second YAML document starts here; a journey file holds "
                            "exactly one journey"))
        finally:
            parser.dispose()
        return root

    def _check_container_tag(self, event: Any, kind: type, line: int, column: int) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            return
        expected = _MAP if kind is yaml.MappingStartEvent else _SEQ
        if tag != expected:
            raise _Fail(line, column, _tag_message(tag))

    def _scalar(self, event: Any, line: int, column: int, in_key: bool) -> tuple[Any, str | None]:
        value = event.value
        if self.screen:
            bad = first_unsafe(value)
            if bad is not None:
                raise _Fail(line, column, unsafe_message(bad, "key" if in_key else "text"))
        tag = event.tag
        if tag is None or tag == "!":
            if tag == "!" or event.style:  # quoted or block scalars are text
                return value, None
            implicit = event.implicit
            tag = self.tags.get((value, implicit))
            if tag is None:
                tag = self.tags[(value, implicit)] = self.resolver.resolve(
                    ScalarNode, value, implicit)
        elif tag not in _SCALAR_TAGS:
            raise _Fail(line, column, _tag_message(tag))
        if in_key:
            if tag == _MERGE:
                return _MergeKey, None
            return value, None
        if tag == _STR or tag == _TIMESTAMP or tag == "!":
            return value, None
        if tag == _MERGE:
            raise _Fail(line, column, "'<<' can only be used as a mapping key")
        known = self.values.get((tag, value), _MergeKey)   # (_MergeKey: not met yet)
        if known is not _MergeKey:
            return known, value
        self.values[(tag, value)] = converted = self._convert(tag, value, line, column)
        return converted, value

    def _convert(self, tag: str, value: str, line: int, column: int) -> Any:
        """A plain scalar's value by its resolved tag (null, bool, int or float)."""
        node = ScalarNode(tag, value)
        try:
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return self.constructor.construct_yaml_bool(node)
            if tag == _INT:
                return self.constructor.construct_yaml_int(node)
            return self.constructor.construct_yaml_float(node)
        except (ValueError, KeyError, ConstructorError):
            raise _Fail(line, column, (
                f"'{value}' is not a valid {tag.rsplit(':', 1)[-1]}")) from None

    def _add(self, stack: list[list[Any]], value: Any, weight: int, line: int,
             column: int, raw: str | None, event: Any) -> None:
        if not stack:
            return
        frame = stack[-1]
        frame[2] += weight
        if frame[2] > self.events * ALIAS_EXPANSION_FACTOR + ALIAS_EXPANSION_ALLOWANCE:
            raise _Fail(line, column, (
                "aliases expand this file to more than "
                f"{ALIAS_EXPANSION_FACTOR} times its size (an alias bomb?); "
                "write the values out instead"))
        container = frame[0]
        if isinstance(container, LSeq):
            container.marks.append((line, column))
            if raw is not None:
                container.raws[len(container)] = raw
            container.append(value)
            return
        key = frame[1]
        if key is None:  # this scalar is a key
            if not isinstance(value, str) and value is not _MergeKey:
                raise _Fail(line, column, "a mapping key must be a plain name")
            if value is not _MergeKey and value in container and \
                    (line, column) != container.key_marks.get(value):
                first = container.key_marks[value]
                if first not in container.merged:
                    raise _Fail(line, column, (
                        f"duplicate key '{value}' (first given at line {first[0]}); "
                        "YAML would silently keep only the last one"))
            frame[1] = value
            frame[4] = (line, column)
            return
        frame[1] = None
        key_mark = frame[4]
        if key is _MergeKey:
            self._merge(container, value, line, column)
            return
        if key in container:  # an explicit key overriding a merged one
            container.merged.discard(container.key_marks[key])
        container[key] = value
        container.key_marks[key] = key_mark
        container.value_marks[key] = (line, column)
        container.raws.pop(key, None)
        if raw is not None:
            container.raws[key] = raw

    def _merge(self, container: LMap, value: Any, line: int, column: int) -> None:
        sources = value if isinstance(value, LSeq) else [value]
        for source in sources:
            if not isinstance(source, LMap):
                raise _Fail(line, column, "'<<' merges mappings only (use '<<: *name')")
            for key, item in source.items():
                if key in container:  # explicit keys (and earlier merges) win
                    continue
                container[key] = item
                container.key_marks[key] = source.key_mark(key)
                container.value_marks[key] = source.value_mark(key)
                if key in source.raws:
                    container.raws[key] = source.raws[key]
                container.merged.add(source.key_mark(key))


class _MergeKeyType:
    def __repr__(self) -> str:
        return "<<"


_MergeKey: Any = _MergeKeyType()


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return (f"tag '{shown}' is not allowed: journey files hold plain values only "
            "(text, numbers, true/false, lists and mappings)")
