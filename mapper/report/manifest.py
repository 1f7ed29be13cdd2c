"""What the last build made, so the next one can skip journeys whose inputs did not change.

The manifest (``OUT/.journeymap-manifest.json``) records, per journey file:
the content hash of every input (the journey file, each catalog entry it
used as resolved then, the effective scoring profile, the lint options and
the tool itself), the content hash (with size and modification time, so an untouched
file is not read again) of each file it produced, and the figures a
``--fail-on`` gate needs.  A journey is rebuilt when any input hash differs,
when a catalog id now resolves to another file, or when one of its outputs
is missing or was changed by hand.  Files of journeys that are gone are
removed (only files the manifest says the tool made).

Only the standard library is used here: a no-op rebuild reads the manifest,
hashes a few files and stops, without importing the rendering stack.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from .. import __version__
from ..errors import JourneyError
from ..load.regular import read_regular
from ..records import field, record

MANIFEST = ".journeymap-manifest.json"
FORMAT = 1


def sha256_file(path: str) -> Optional[str]:
    try:   # a FIFO or device (never made by a build) counts as missing
        return hashlib.sha256(read_regular(path, None)).hexdigest()
    except JourneyError:
        return None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tool_fingerprint() -> str:
    """The version plus the content of the package's code, templates and catalogs texts.

    Reading ~150 small files costs a few milliseconds and makes a changed
    template or a development checkout rebuild what it must.
    """
    digest = hashlib.sha256(__version__.encode())
    roots = [Path(__file__).resolve().parents[1]]
    try:
        from importlib.resources import files

        templates = Path(str(files("mapper.templates")))
        if templates.is_dir():
            roots.append(templates)
    except ModuleNotFoundError:  # pragma: no cover - source tree without install
        roots.append(Path(__file__).resolve().parents[2] / "templates")
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".j2", ".css", ".js", ".yaml") and path.is_file() \
                    and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@record
class Entry:
    """One journey file's record."""

    source: str
    journey: str
    inputs: str                       # combined hash of everything it was built from
    source_hash: str
    catalog: dict[str, list[str]]     # entry id -> [resolved path, content hash]
    files: dict[str, list[Any]]       # output name -> [content hash, size, mtime_ns]
    gate: list[list[Any]] = field(default_factory=list)  # [id, level, score, line, column]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@record
class Manifest:
    settings: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)   # by source path
    index: list[Any] = field(default_factory=list)  # [content hash, size, mtime_ns]

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "settings": self.settings, "index": self.index,
                "journeys": {k: e.as_json() for k, e in sorted(self.entries.items())}}


def read_manifest(folder: str) -> Manifest:
    """The last build's manifest, or an empty one (missing, unreadable or another format)."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT:
            return Manifest()
        entries = {source: Entry(**body) for source, body in data["journeys"].items()}
        return Manifest(data["settings"], entries, list(data.get("index", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()


def settings_hash(tool: str, profile: Any, disabled: Iterable[str],
                  catalog_roots: Iterable[Any]) -> str:
    """Everything outside the journey files that changes every journey's outputs."""
    profile_data = {k: v for k, v in sorted(profile.__dict__.items()) if k != "source"}
    return sha256_text(json.dumps({
        "tool": tool, "profile": profile_data, "disabled": sorted(set(disabled)),
        "catalogs": [os.path.abspath(str(root)) for root in catalog_roots],
    }, sort_keys=True, default=str))


def inputs_hash(settings: str, source_hash: str, catalog: Mapping[str, list[str]]) -> str:
    return sha256_text(json.dumps([settings, source_hash, sorted(catalog.items())]))


def output_record(folder: str, name: str, data: bytes) -> list[Any]:
    """``[content hash, size, mtime_ns]`` of an output file just written (or kept)."""
    try:
        stat = os.stat(os.path.join(folder, name))
        return [hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime_ns]
    except OSError:
        return [hashlib.sha256(data).hexdigest(), -1, -1]


def intact(folder: str, name: str, record: Sequence[Any]) -> bool:
    """The output still holds what was built: same size and time (cheap), or else the
    same content (hashed only when the file was touched)."""
    try:
        stat = os.stat(os.path.join(folder, name))
    except OSError:
        return False
    if len(record) == 3 and [stat.st_size, stat.st_mtime_ns] == list(record[1:]):
        return True
    return bool(record) and sha256_file(os.path.join(folder, name)) == record[0]


def is_current(entry: Entry, settings: str, folder: str, catalog: Any) -> bool:
    """True when nothing ``entry`` was built from changed and its outputs are intact."""
    source_hash = sha256_file(entry.source)
    if source_hash is None or source_hash != entry.source_hash:
        return False
    resolved: dict[str, list[str]] = {}
    for use, (path, digest) in entry.catalog.items():
        now, _ = catalog.locate(use)
        if now != path:
            return False
        current = sha256_file(path)
        if current != digest:
            return False
        resolved[use] = [path, digest]
    if inputs_hash(settings, source_hash, resolved) != entry.inputs:
        return False
    return all(intact(folder, name, record) for name, record in entry.files.items())


def new_entry(source: str, source_hash: str, journey_id: str, settings: str,
              catalog_files: Mapping[str, str], gate: list[list[Any]]) -> Entry:
    """A record for a journey just built (output stamps are added after writing)."""
    catalog = {use: [path, sha256_file(path) or ""] for use, path in sorted(catalog_files.items())}
    return Entry(source, journey_id, inputs_hash(settings, source_hash, catalog), source_hash,
                 catalog, {}, gate)
