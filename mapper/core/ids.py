"""Journey ids: the lowercase slug that names a journey's output files.

The one definition of the rule, for the validator, the JSON Schema, the
commands that take an id (``new``, ``import --id``), the ids made from
titles, the build manifest and the output folder's file names.
"""
from __future__ import annotations

import re

#: the characters of a slug, for building other patterns (output file names)
SLUG_CHARS = r"[a-z0-9][a-z0-9-]*"
#: the rule as a JSON Schema ``pattern`` (ECMA-262: ``$`` is the end of the text)
SLUG_PATTERN = rf"^{SLUG_CHARS}$"
#: the longest journey id
SLUG_MAX = 100
_SLUG = re.compile(SLUG_CHARS)
#: what the rule says, for messages
SLUG_RULE = "ASCII letters a-z, digits and '-', starting with a letter or digit"

#: journey ids whose files would collide with the site's own (``index.html``, the
#: portfolio page); dots are not allowed in ids, so stage views and the hidden
#: bookkeeping files (``.journeymap-*``) cannot collide
RESERVED_IDS = {"index": "index.html is the portfolio page"}


def is_slug(text: str) -> bool:
    """Whether ``text`` follows the slug rule (the whole text: a trailing newline fails)."""
    return _SLUG.fullmatch(text) is not None


def reserved_id_message(journey_id: str) -> str:
    """Why ``journey_id`` cannot be used, or ``""``."""
    reason = RESERVED_IDS.get(journey_id)
    if reason is None:
        return ""
    return (f"journey id '{journey_id}' is reserved: its files would collide with the "
            f"site's own ({reason}); choose another id, e.g. '{journey_id}-journey'")
