"""The ``$schema`` path a new journey file's modeline points to."""
from __future__ import annotations

import os
from typing import Optional

SCHEMA_FILE = "journey.schema.json"
#: the repository layout: journeys/ID.yaml beside journey.schema.json
DEFAULT = "../" + SCHEMA_FILE


def schema_reference(target: Optional[str]) -> str:
    """A path from ``target``'s folder to the nearest ``journey.schema.json`` above it.

    Without one (or when writing to standard output) the layout of a journeymap
    repository is assumed: ``journeys/ID.yaml`` beside ``journey.schema.json``.
    """
    if not target or target == "-":
        return DEFAULT
    folder = os.path.dirname(os.path.abspath(target))
    current = folder
    while True:
        candidate = os.path.join(current, SCHEMA_FILE)
        if os.path.isfile(candidate):
            return os.path.relpath(candidate, folder).replace(os.sep, "/")
        parent = os.path.dirname(current)
        if parent == current:
            return DEFAULT
        current = parent
