"""Find journey files and load them, one broken file never stopping the others."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Union

from .errors import JourneyError, Problem, UsageError
from .load.catalog import Catalog
from .load.yamlfile import read_yaml_file
from .model.journey import Journey

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
    # imported here: validation (and the journey's graph, with networkx) is
    # needed only when a journey is read; a no-op rebuild only hashes files
    from .model.build import build_journey

    catalog = catalog if catalog is not None else Catalog()
    tree = read_yaml_file(path)
    if settings:
        apply_settings(tree, settings, path)
    return build_journey(tree, path, catalog)


def apply_settings(tree: object, settings: Sequence[str], path: str) -> None:
    """Apply ``--set`` changes to a parsed journey tree in place."""
    from .load.yamlfile import LMap, parse_yaml

    if not isinstance(tree, LMap):
        return
    for setting in settings:
        target, sep, text = setting.partition("=")
        parts = target.strip().split(".")
        if not sep or not all(parts):
            raise UsageError(f"--set {setting}: write it as touchpoint.key=value, "
                             "e.g. courier.likelihood=0.02")
        touchpoints = tree.get("touchpoints")
        if isinstance(touchpoints, LMap) and parts[0] in touchpoints and len(parts) > 1:
            container, keys = touchpoints[parts[0]], parts[1:]
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
        mark = container.key_marks.get(key, (container.line, container.column))
        container[key] = value
        container.key_marks[key] = mark
        container.value_marks[key] = container.value_marks.get(key, mark)
        container.raws.pop(key, None)


@dataclass
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
