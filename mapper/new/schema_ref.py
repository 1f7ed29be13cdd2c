"""The JSON Schema file a new journey's modeline points to, found or written.

Editors (the YAML language server) resolve ``$schema=`` relative to the
journey file, so the modeline must name a file that exists in the user's
repository: the nearest ``journey.schema.json`` in the journey's folder or
above it (up to the repository root), else one written beside the
``journeys/`` folder (or beside the journey when it is not in one).
"""
from __future__ import annotations

import os
from typing import Optional

SCHEMA_FILE = "journey.schema.json"
#: the repository layout: journeys/ID.yaml beside journey.schema.json
DEFAULT = "../" + SCHEMA_FILE


def find_schema(folder: str) -> Optional[str]:
    """The nearest ``journey.schema.json`` in ``folder`` or above, within its repository."""
    current = os.path.abspath(folder)
    while True:
        candidate = os.path.join(current, SCHEMA_FILE)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(current)
        if parent == current or os.path.exists(os.path.join(current, ".git")):
            return None
        current = parent


def schema_home(target: str) -> str:
    """Where a missing schema goes for the journey file ``target`` (as typed):
    beside the ``journeys/`` folder holding it, else beside the file."""
    folder = os.path.dirname(target)
    up = os.path.basename(os.path.abspath(folder or os.curdir)) == "journeys"
    return os.path.normpath(os.path.join(folder, os.pardir if up else os.curdir, SCHEMA_FILE))


def schema_reference(target: Optional[str]) -> str:
    """The modeline's path from ``target``'s folder to its schema file.

    The schema found by :func:`find_schema`, else where :func:`schema_home`
    puts it.  Without a target (standard output) the repository layout is
    assumed: ``journeys/ID.yaml`` beside ``journey.schema.json``.
    """
    if not target or target == "-":
        return DEFAULT
    folder = os.path.dirname(os.path.abspath(target))
    schema = find_schema(folder) or os.path.abspath(schema_home(target))
    return os.path.relpath(schema, folder).replace(os.sep, "/")


def missing_schema(target: Optional[str]) -> Optional[str]:
    """The schema file to write for ``target`` so its modeline resolves, if any."""
    if not target or target == "-" or find_schema(os.path.dirname(os.path.abspath(target))):
        return None
    return schema_home(target)
