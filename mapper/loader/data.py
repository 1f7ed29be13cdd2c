"""A journey given as Python data (dicts and lists), in the reader's containers.

:func:`tree_from_data` turns what a program built (or read from JSON) into
the :class:`~mapper.loader.yamlfile.LMap` / :class:`~mapper.loader.yamlfile.LSeq`
tree the validator reads, so the data is checked exactly like a file (text
with control characters is refused, as the YAML reader refuses it).  There
are no lines to point at: every problem is located at ``NAME:1:1`` and its
message names the key path.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..core.errors import JourneyError, Problem
from ..core.textsafety import first_unsafe, unsafe_message
from .yamlfile import MAX_DEPTH, LMap, LSeq

SCALARS = (str, bool, int, float)


def tree_from_data(data: Any, source: str) -> Any:
    """``data`` as a validator tree; JourneyError lists every value that cannot be one."""
    problems: list[Problem] = []

    def convert(item: Any, where: str, depth: int) -> Any:
        if depth > MAX_DEPTH:
            problems.append(Problem(source, 1, 1, (
                f"{where}: nested more than {MAX_DEPTH} levels deep")))
            return None
        if isinstance(item, Mapping):
            mapping = LMap(source, 1, 1)
            for key, value in item.items():
                if not isinstance(key, str):
                    problems.append(Problem(source, 1, 1, (
                        f"{where or 'top level'}: key {key!r} must be a string, "
                        f"not {type(key).__name__}")))
                    continue
                unsafe = first_unsafe(key)
                if unsafe is not None:
                    problems.append(Problem(source, 1, 1, (
                        f"{where or 'top level'}: {unsafe_message(unsafe, 'key')}")))
                    continue
                mapping[key] = convert(value, f"{where}.{key}" if where else key, depth + 1)
            return mapping
        if isinstance(item, (list, tuple)):
            sequence = LSeq(source, 1, 1)
            for index, value in enumerate(item):
                sequence.append(convert(value, f"{where}[{index}]", depth + 1))
            return sequence
        unsafe = first_unsafe(item) if isinstance(item, str) else None
        if unsafe is not None:
            problems.append(Problem(source, 1, 1, (
                f"{where or 'top level'}: {unsafe_message(unsafe, 'text')}")))
            return None
        if item is None or isinstance(item, SCALARS):
            return item
        problems.append(Problem(source, 1, 1, (
            f"{where or 'top level'}: a value of type {type(item).__name__} cannot be part of a journey "
            "(use strings, numbers, booleans, None, dicts and lists)")))
        return None

    tree = convert(data, "", 0)
    if problems:
        raise JourneyError(problems)
    return tree
