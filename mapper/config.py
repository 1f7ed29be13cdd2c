"""The configuration file: options a project sets once instead of on every command line.

Where it is found (like ruff and black): starting in the working folder and
going up to the file system's root, the first folder that has a
``journeymap.toml`` (top-level keys) or a ``pyproject.toml`` with a
``[tool.journeymap]`` table; in one folder ``journeymap.toml`` wins over
``pyproject.toml``.  ``--config FILE`` names the file instead (either kind),
``--no-config`` ignores any.

Keys are named after the long options: ``paths``, ``out``, ``catalog``,
``profile``, ``fail-on``, ``disable``, ``strict``, ``jobs``.  A key applies to
the commands that have that option; the command line wins over the file (a
list given on the command line replaces the file's list).  Relative paths in
the file are relative to the file's folder; without ``paths`` and ``out``,
the default ``journeys`` and ``site`` are the folders beside the file.  Unknown keys and bad values are
reported ``file:line:col: message``, every problem at once (exit 2).

TOML parsers give no positions: :func:`_locate` finds a key by scanning the
file's lines for ``key =`` (bare or quoted) inside the right table (from its
``[header]`` to the next header; for ``journeymap.toml`` the lines before the
first header), and a list element by its quoted text after the key.  What it
cannot find (a dotted key, an inline table) is reported at the table's
header, else at line 1.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, Optional

from .core.errors import JourneyError, Problem, did_you_mean
from .core.vocabulary import LEVELS

PYPROJECT, OWN_FILE = "pyproject.toml", "journeymap.toml"
#: key -> (the argparse attribute it sets, what its value must be)
KEYS: dict[str, tuple[str, str]] = {
    "paths": ("paths", "paths"),
    "out": ("out", "path"),
    "catalog": ("catalog", "folders"),
    "profile": ("profile", "file"),
    "fail-on": ("fail_on", "level"),
    "disable": ("disable", "rules"),
    "strict": ("strict", "bool"),
    "jobs": ("jobs", "jobs"),
}
#: what an option is when neither the command line nor the file sets it (``jobs``
#: unset: one per core, see mapper.site.pipeline)
DEFAULTS = {"out": "site", "strict": False}
_HEADER = re.compile(r"^\s*\[\s*(?P<name>[^\[\]#]+?)\s*\]\s*(#.*)?$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class Config:
    """The options one configuration file sets (attribute -> value), and where it is."""

    def __init__(self, path: str, values: dict[str, Any]):
        self.path = path
        self.values = values


#: a configuration file is a few lines; anything larger is not one
MAX_BYTES = 1024 * 1024


def find_config(start: str = ".") -> Optional[str]:
    """The configuration file that applies in folder ``start``, or None."""
    folder = os.path.abspath(start)
    while True:
        own = os.path.join(folder, OWN_FILE)
        if os.path.isfile(own):
            return own
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and _has_table(pyproject):
            return pyproject
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _toml() -> Any:
    """The TOML parser, imported only when a file is read (most runs have none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:   # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _has_table(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return False
    if "journeymap" not in text:   # cheap: most pyproject files never mention it
        return False
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True    # it names journeymap: report the syntax error rather than skip it
    tool = data.get("tool")
    return isinstance(tool, dict) and "journeymap" in tool


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith(os.pardir * 3) else os.path.abspath(path)


def load_config(path: str) -> Config:
    """Read and validate a configuration file (raises JourneyError with every problem)."""
    from .loader.regular import read_regular

    shown = _shown(path)
    if not os.path.lexists(path):
        raise JourneyError([Problem(shown, 1, 1, "configuration file not found")])
    data_bytes = read_regular(path, MAX_BYTES, shown)   # never blocks on a FIFO
    if len(data_bytes) > MAX_BYTES:
        raise JourneyError([Problem(shown, 1, 1, (
            f"larger than {MAX_BYTES // 1024} KiB: not a configuration file"))])
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise JourneyError([Problem(shown, 1, 1, "not UTF-8 text")]) from None
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise JourneyError([Problem(shown, line, column, f"TOML: {message}")]) from None
    table: Any = data
    header: Optional[str] = None
    if os.path.basename(path) == PYPROJECT:
        header = "tool.journeymap"
        table = data.get("tool", {}).get("journeymap") if isinstance(data.get("tool"), dict) \
            else None
        if table is None:
            raise JourneyError([Problem(shown, 1, 1, "no [tool.journeymap] table")])
    where = _Locator(text, header)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if not isinstance(table, dict):
        raise JourneyError([Problem(shown, *where.table(), "[tool.journeymap] must be a table")])
    folder = os.path.dirname(os.path.abspath(path))
    for key, value in table.items():
        if key not in KEYS:
            problems.append(Problem(shown, *where.key(key), (
                f"unknown key '{key}'{did_you_mean(key, list(KEYS))}; the keys are "
                + ", ".join(KEYS))))
            continue
        attribute, kind = KEYS[key]
        try:
            values[attribute] = _check(kind, value, folder)
        except _Bad as bad:
            spot = where.element(key, bad.element) if bad.element is not None else \
                where.value(key)
            problems.append(Problem(shown, *spot, f"{key}: {bad}"))
    if problems:
        raise JourneyError(problems)
    return Config(path, values)


class _Bad(ValueError):
    def __init__(self, message: str, element: Optional[str] = None):
        super().__init__(message)
        self.element = element


def _strings(value: Any, what: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise _Bad(f"must be {what} or a list of them, not {_type(value)}")
    for item in items:
        if not item.strip():
            raise _Bad("an empty string names nothing", item)
    return items


def _type(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _resolve(value: str, folder: str) -> str:
    """A path from the file, relative to the file's folder, as the working folder sees it."""
    full = os.path.normpath(os.path.join(folder, os.path.expanduser(value)))
    relative = os.path.relpath(full)
    return full if relative.startswith(os.pardir) else relative


def _check(kind: str, value: Any, folder: str) -> Any:
    if kind in ("paths", "folders"):
        resolved = []
        for item in _strings(value, "a path"):
            path = _resolve(item, folder)
            if not os.path.exists(path):
                raise _Bad(f"'{item}' does not exist (relative to the configuration "
                           "file's folder)", item)
            if kind == "folders" and not os.path.isdir(path):
                raise _Bad(f"'{item}' is not a folder", item)
            resolved.append(path)
        return resolved
    if kind in ("path", "file"):
        if not isinstance(value, str) or not value.strip():
            raise _Bad(f"must be a path (a string), not {_type(value)}")
        path = _resolve(value, folder)
        if kind == "file" and not os.path.isfile(path):
            raise _Bad(f"'{value}' is not a file (relative to the configuration file's folder)")
        return path
    if kind == "level":
        if value not in LEVELS:
            shown = f"'{value}'" if isinstance(value, str) else _type(value)
            hint = did_you_mean(value, LEVELS) if isinstance(value, str) else ""
            raise _Bad(f"{shown} is not a level{hint}; use one of {', '.join(LEVELS)}")
        return value
    if kind == "rules":
        from .commands.options import lint_rules

        choices = lint_rules()
        rules = _strings(value, "a rule id")
        for rule in rules:
            if rule not in choices:
                raise _Bad(f"unknown rule '{rule}'{did_you_mean(rule, choices)}", rule)
        return rules
    if kind == "bool":
        if not isinstance(value, bool):
            raise _Bad(f"must be true or false, not {_type(value)}")
        return value
    if kind == "jobs":
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole or value < 1:
            raise _Bad("must be a whole number of at least 1, not "
                       + (str(value) if whole else _type(value)))
        return value
    raise AssertionError(kind)   # pragma: no cover - KEYS names only the kinds above


class _Locator:
    """Lines and columns of keys and values in the TOML text (see the module docstring)."""

    def __init__(self, text: str, header: Optional[str]):
        self.lines = text.splitlines()
        self.header = header
        self.start, self.end = 0, len(self.lines)
        self.header_line = 0
        headers = [(i, self._name(m.group("name"))) for i, line in enumerate(self.lines)
                   if (m := _HEADER.match(line))]
        if header is None:
            self.end = headers[0][0] if headers else len(self.lines)
        else:
            for index, (line, name) in enumerate(headers):
                if name == header:
                    self.header_line = line + 1
                    self.start = line + 1
                    self.end = headers[index + 1][0] if index + 1 < len(headers) \
                        else len(self.lines)
                    break
            else:
                self.start = self.end = 0
        self.headers = headers

    @staticmethod
    def _name(raw: str) -> str:
        return ".".join(part.strip().strip("\"'") for part in raw.split("."))

    def table(self) -> tuple[int, int]:
        return (self.header_line, 1) if self.header_line else (1, 1)

    def _key_line(self, key: str) -> Optional[tuple[int, int, int]]:
        """(line index, key column, value column), all 0-based."""
        pattern = re.compile(r"^(\s*)(?:" + re.escape(key) + r'|"' + re.escape(key) + r'"|'
                             r"'" + re.escape(key) + r"')\s*=\s*")
        for index in range(self.start, self.end):
            found = pattern.match(self.lines[index])
            if found:
                return index, len(found.group(1)), found.end()
        return None

    def key(self, key: str) -> tuple[int, int]:
        found = self._key_line(key)
        if found is not None:
            return found[0] + 1, found[1] + 1
        prefix = f"{self.header}.{key}" if self.header else key
        for line, name in self.headers:   # a sub-table [tool.journeymap.KEY]
            if name == prefix or name.startswith(prefix + "."):
                return line + 1, 1
        return self.table()

    def value(self, key: str) -> tuple[int, int]:
        found = self._key_line(key)
        if found is not None:
            return found[0] + 1, found[2] + 1
        return self.key(key)

    def element(self, key: str, element: str) -> tuple[int, int]:
        found = self._key_line(key)
        if found is None:
            return self.key(key)
        index, _, column = found
        quoted = re.compile(r"([\"'])" + re.escape(element) + r"\1")
        for number in range(index, self.end):
            hit = quoted.search(self.lines[number], column if number == index else 0)
            if hit:
                return number + 1, hit.start() + 1
        return index + 1, column + 1


def apply_config(args: argparse.Namespace) -> Optional[Config]:
    """Fill the options the command line left unset from the configuration file, then
    the defaults.  Returns the file used (None: none found, or ``--no-config``)."""
    config: Optional[Config] = None
    if not getattr(args, "no_config", False):
        path = getattr(args, "config", None) or find_config()
        if path is not None:
            config = load_config(path)
    if config is not None:
        folder = os.path.dirname(os.path.abspath(config.path))
        # the project's journeys/ and site/ are those beside its configuration file
        values = {"paths": [_resolve("journeys", folder)], "out": _resolve("site", folder),
                  **config.values}
        for attribute, value in values.items():
            if hasattr(args, attribute) and \
                    getattr(args, attribute) in (None, []):
                setattr(args, attribute, value)
    for attribute, value in DEFAULTS.items():
        if hasattr(args, attribute) and getattr(args, attribute) is None:
            setattr(args, attribute, value)
    return config
