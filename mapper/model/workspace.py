"""Find journey files and load them, one broken file never stopping the others."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, TextIO, Union

from ..core.errors import JourneyError, Problem, UsageError, did_you_mean
from ..loader.catalog import Catalog
from ..loader.yamlfile import read_yaml_file
from .journey import Journey
from ..core.paths import SourcePath

JOURNEY_SUFFIXES = (".yaml", ".yml")
DEFAULT_PATHS = ("journeys",)
#: the path that names standard input, and how messages and outputs show it
STDIN, STDIN_NAME = "-", "<stdin>"


def discover(paths: Sequence[str], stdin: bool = False) -> list[str]:
    """Journey files named by ``paths`` (files, or folders searched recursively).

    Files are returned in a stable order (sorted within each folder) whatever
    order the file system lists them in, as :class:`~mapper.core.paths.SourcePath`
    objects that also know the path outputs show (see :mod:`mapper.core.paths`).
    With ``stdin``, ``-`` names the journey read from standard input.
    """
    found: dict[str, str] = {}
    for given in paths or DEFAULT_PATHS:
        if given == "-" and stdin:
            found.setdefault(STDIN, given)
        elif os.path.isdir(given):
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(JOURNEY_SUFFIXES) and not name.startswith("."):
                        found.setdefault(os.path.normpath(os.path.join(folder, name)), given)
        elif os.path.exists(given):
            found.setdefault(os.path.normpath(given), given)
        elif given == "-":
            raise UsageError("-: this command cannot read a journey from standard input; "
                             "'-' works with check and score")
        else:
            raise UsageError(f"{given}: no such file or folder")
    return [path if path == STDIN else SourcePath(path, root) for path, root in found.items()]


def load_journey(path: str, catalog: Optional[Catalog] = None,
                 settings: Sequence[str] = (), text: Optional[str] = None) -> Journey:
    """Read, parse and validate one journey file (raises JourneyError).

    ``settings`` are what-if changes ``touchpoint.key=value`` (or
    ``key=value`` for journey-level keys) applied before validation, so
    they are checked exactly like the file's own values.  ``text`` is the
    content of the journey named ``-`` (standard input), shown as ``<stdin>``.
    """
    # imported here: validation (and the journey's graph, with networkx) is
    # needed only when a journey is read; a no-op rebuild only hashes files
    from .build import build_journey

    catalog = catalog if catalog is not None else Catalog()
    if path == STDIN:
        from ..loader.yamlfile import parse_yaml

        name = STDIN_NAME

        def read() -> Any:
            return parse_yaml(text or "", name)
    else:
        name = getattr(path, "shown", path)   # SourcePath: the form outputs show

        def read() -> Any:
            return read_yaml_file(path, name)
    tree = read()
    if not settings:
        return build_journey(tree, name, catalog)
    # first with the changed values marked as the --set arguments (a problem
    # there names the argument); once valid, again with the marks of the keys
    # they replace, so that findings point into the file
    marks = apply_settings(tree, settings, name)
    try:
        build_journey(tree, name, catalog)
    except JourneyError as exc:
        raise _blame_settings(exc, marks) from None
    tree = read()
    apply_settings(tree, settings, name, in_file=True)
    return build_journey(tree, name, catalog)


#: the first line of the marks given to values set by ``--set``: past the end
#: of any journey file, so a problem found there names the ``--set`` argument
SET_LINE = 1 << 40


def _blame_settings(exc: JourneyError, marks: dict[int, str]) -> Exception:
    """A problem at a ``--set`` value as a usage error naming the argument
    (problems of the file itself stay located in the file)."""
    blamed = [f"--set {marks[p.line]}: {p.message}" for p in exc.problems if p.line in marks]
    if not blamed:
        return exc
    return UsageError("\n".join(blamed))


def apply_settings(tree: object, settings: Sequence[str], path: str,
                   in_file: bool = False) -> dict[int, str]:
    """Apply ``--set`` changes to a parsed journey tree in place.

    Returns the line of the mark each changed key and value got (past the
    end of the file, see :data:`SET_LINE`) -> its ``--set`` argument; with
    ``in_file`` they get the marks of the keys they replace instead."""
    from ..loader.yamlfile import LMap, parse_yaml
    from .schema import JOURNEY

    marks: dict[int, str] = {}
    if not isinstance(tree, LMap):
        return marks
    for number, setting in enumerate(settings):
        target, sep, text = setting.partition("=")
        parts = target.strip().split(".")
        if not sep or not all(parts):
            raise UsageError(f"--set {setting}: write it as touchpoint.key=value, "
                             "e.g. courier.likelihood=0.02")
        touchpoints = tree.get("touchpoints")
        ids = list(touchpoints) if isinstance(touchpoints, LMap) else []
        if len(parts) > 1 and isinstance(touchpoints, LMap) and parts[0] in touchpoints:
            container, keys = touchpoints[parts[0]], parts[1:]
        elif len(parts) > 1 and parts[0] not in JOURNEY.by_name:
            raise UsageError(f"--set {setting}: unknown touchpoint '{parts[0]}'"
                             + did_you_mean(parts[0], ids))
        else:
            container, keys = tree, parts
        for key in keys[:-1]:
            if not isinstance(container, LMap):
                break
            if key not in container:
                child = LMap(container.source, container.line, container.column)
                container[key] = child
                container.key_marks[key] = (container.line, container.column)
            container = container[key]
        if not isinstance(container, LMap):
            raise UsageError(f"--set {setting}: '{target}' is not a key that can be set")
        value = parse_yaml(text, f"--set {target}") if text.strip() else None
        key = keys[-1]
        if key == "likelihood":  # a new likelihood replaces other ways of stating risk
            for other in ("failure_modes", "evidence"):
                container.pop(other, None)
        if in_file:
            mark = container.key_marks.get(key, (container.line, container.column))
            container.value_marks[key] = container.value_marks.get(key, mark)
        else:
            mark = (SET_LINE + number, 1)
            marks[mark[0]] = setting
            _remark(value, mark)
            container.value_marks[key] = mark
        container[key] = value
        container.key_marks[key] = mark
        container.raws.pop(key, None)
    return marks


def _remark(value: object, mark: tuple[int, int]) -> None:
    """Give a value parsed from ``--set`` (and everything inside it) the mark ``mark``."""
    from ..loader.yamlfile import LMap, LSeq

    if isinstance(value, (LMap, LSeq)):
        value.line, value.column = mark
        if isinstance(value, LMap):
            for key in value:
                value.key_marks[key] = value.value_marks[key] = mark
                _remark(value[key], mark)
        else:
            value.marks = [mark] * len(value)
            for item in value:
                _remark(item, mark)


def one_source(path: str, stdin: Optional[TextIO] = None) -> tuple[str, Optional[str]]:
    """The journey a one-file command (score, export) names: ``(path, text)``, ``text``
    being standard input's content when the path is ``-``."""
    if path == STDIN:
        return STDIN, (stdin or sys.stdin).read()
    return SourcePath(path), None


@dataclass
class Loaded:
    path: str
    journey: Optional[Journey] = None
    error: Optional[JourneyError] = None


def load_all(paths: Iterable[str], catalog: Optional[Catalog] = None,
             stdin_text: Optional[str] = None,
             each: Optional[Callable[[str], None]] = None,
             known: Optional[Mapping[str, Journey]] = None) -> list[Loaded]:
    """Load every file; journey ids must be unique across the set.

    ``stdin_text`` is the journey named ``-``; ``each(path)`` is called before
    each file is read (progress); ``known`` holds journeys already loaded from
    files (and catalog entries) that have not changed since: they are not
    read again, but their ids count.
    """
    catalog = catalog if catalog is not None else Catalog()
    results: list[Loaded] = []
    seen: dict[str, str] = {}
    for path in paths:
        journey = (known or {}).get(path)
        if journey is None:
            if each is not None:
                each(path)
            try:
                journey = load_journey(path, catalog, text=stdin_text)
            except JourneyError as exc:
                results.append(Loaded(path, error=exc))
                continue
        if journey.id in seen:
            results.append(Loaded(path, error=JourneyError([Problem(
                journey.path, journey.line, 1,
                f"journey id '{journey.id}' is already used by {seen[journey.id]}; "
                "journey ids name the output files and must be unique")])))
            continue
        seen[journey.id] = journey.path
        results.append(Loaded(path, journey=journey))
    return results


Result = Union[Journey, JourneyError]
