"""Find journey files and load them, one broken file never stopping the others."""
from __future__ import annotations

import os
from typing import Iterable, Optional, Sequence, Union

from .errors import JourneyError, Problem, UsageError, did_you_mean
from .load.catalog import Catalog
from .load.yamlfile import read_yaml_file
from .model.build import build_journey
from .model.journey import Journey
from .records import record

JOURNEY_SUFFIXES = (".yaml", ".yml")
DEFAULT_PATHS = ("journeys",)


def discover(paths: Sequence[str]) -> list[str]:
    """Journey files named by ``paths`` (files, or folders searched recursively).

    Files are returned in a stable order (sorted within each folder) whatever
    order the file system lists them in.
    """
    found: list[str] = []
    for given in paths or DEFAULT_PATHS:
        if os.path.isdir(given):
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(JOURNEY_SUFFIXES) and not name.startswith("."):
                        found.append(os.path.join(folder, name))
        elif os.path.exists(given):
            found.append(given)
        else:
            raise UsageError(f"{given}: no such file or folder")
    unique = list(dict.fromkeys(os.path.normpath(p) for p in found))
    return unique


def load_journey(path: str, catalog: Optional[Catalog] = None,
                 settings: Sequence[str] = ()) -> Journey:
    """Read, parse and validate one journey file (raises JourneyError).

    ``settings`` are what-if changes ``touchpoint.key=value`` (or
    ``key=value`` for journey-level keys) applied before validation, so
    they are checked exactly like the file's own values.
    """
    catalog = catalog if catalog is not None else Catalog()
    tree = read_yaml_file(path)
    if not settings:
        return build_journey(tree, path, catalog)
    # first with the changed values marked as the --set arguments (a problem
    # there names the argument); once valid, again with the marks of the keys
    # they replace, so that findings point into the file
    marks = apply_settings(tree, settings, path)
    try:
        build_journey(tree, path, catalog)
    except JourneyError as exc:
        raise _blame_settings(exc, marks) from None
    tree = read_yaml_file(path)
    apply_settings(tree, settings, path, in_file=True)
    return build_journey(tree, path, catalog)


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
    from .load.yamlfile import LMap, parse_yaml
    from .model.schema import JOURNEY

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
    from .load.yamlfile import LMap, LSeq

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


@record
class Loaded:
    path: str
    journey: Optional[Journey] = None
    error: Optional[JourneyError] = None


def load_all(paths: Iterable[str], catalog: Optional[Catalog] = None) -> list[Loaded]:
    """Load every file; journey ids must be unique across the set."""
    catalog = catalog if catalog is not None else Catalog()
    results: list[Loaded] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            journey = load_journey(path, catalog)
        except JourneyError as exc:
            results.append(Loaded(path, error=exc))
            continue
        if journey.id in seen:
            results.append(Loaded(path, error=JourneyError([Problem(
                path, journey.line, 1,
                f"journey id '{journey.id}' is already used by {seen[journey.id]}; "
                "journey ids name the output files and must be unique")])))
            continue
        seen[journey.id] = path
        results.append(Loaded(path, journey=journey))
    return results


Result = Union[Journey, JourneyError]
