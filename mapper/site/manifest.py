"""What the last build made, so the next one can skip journeys whose inputs did not change.

The manifest (``OUT/.journeymap-manifest.json``) records, per journey file:
the content hash of every input (the journey file, each catalog entry it
used as resolved then, the effective scoring profile, the lint options and
the tool itself), the content hash (with size and modification time, so an untouched
file is not read again) of each file it produced, and the figures a
``--fail-on`` gate needs.  A journey is rebuilt when any input hash differs,
when a catalog id now resolves to another file, or when one of its outputs
is missing or was changed by hand.  Files of journeys that are gone are
removed (only files the manifest says the tool made).  The manifest is
validated when read: one that is not exactly what this tool writes is
ignored with a notice, and everything is rebuilt.

Only the standard library is used here: a no-op rebuild reads the manifest,
hashes a few files and stops, without importing the rendering stack.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from ..core.version import __version__
from ..core.errors import JourneyError
from ..core.ids import is_slug
from ..core.resources import data_folder
from ..core.vocabulary import LEVELS
from ..loader.regular import read_regular

MANIFEST = ".journeymap-manifest.json"
FORMAT = 1
#: a manifest above this size is not one this tool wrote (10 000 journeys need ~30 MB)
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
#: the risk levels a ``--fail-on`` gate record may hold, lowest first
_HASH = re.compile(r"[0-9a-f]{64}\Z")
_ENTRY_KEYS = {"source", "journey", "inputs", "source_hash", "catalog", "files", "gate"}


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
    roots = [Path(data_folder("mapper")), Path(data_folder("mapper.templates"))]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".j2", ".css", ".js", ".yaml") and path.is_file() \
                    and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
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


@dataclass
class Manifest:
    settings: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)   # by source path
    index: list[Any] = field(default_factory=list)  # [content hash, size, mtime_ns]

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "settings": self.settings, "index": self.index,
                "journeys": {k: e.as_json() for k, e in sorted(self.entries.items())}}


class InvalidManifest(ValueError):
    """The manifest is not one this tool wrote (tampered, corrupt or from another version)."""


def read_manifest(folder: str, notice: Optional[Callable[[str], object]] = None) -> Manifest:
    """The last build's manifest, or an empty one: everything is then rebuilt.

    A manifest that is missing is the first build; one that cannot be read or
    fails validation (:func:`parse_manifest`) is reported through ``notice`` in
    one line and ignored: nothing it says is used, so no file is kept or
    removed on its word.
    """
    path = os.path.join(folder, MANIFEST)
    try:
        with open(path, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InvalidManifest("not a regular file")
            data = handle.read(MAX_MANIFEST_BYTES + 1)
        return parse_manifest(data)
    except (FileNotFoundError, NotADirectoryError):
        return Manifest()
    except (OSError, InvalidManifest) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if notice is not None:
            notice(f"journeymap: ignoring {path} ({reason}); rebuilding everything\n")
        return Manifest()


def parse_manifest(data: bytes) -> Manifest:
    """Validate a manifest's bytes; raise InvalidManifest saying what is wrong.

    Checked: size, JSON nesting, every key and type, output names (plain
    names of this journey's files: no folder, no ``..``), gate levels.
    """
    if len(data) > MAX_MANIFEST_BYTES:
        raise InvalidManifest(f"larger than {MAX_MANIFEST_BYTES // 1048576} MB")
    try:
        tree = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise InvalidManifest("nested too deeply") from None
    except ValueError as exc:   # also UnicodeDecodeError
        raise InvalidManifest(f"not valid JSON: {exc}") from None
    top = _object(tree, "the manifest", {"format", "settings", "index", "journeys"})
    if top["format"] != FORMAT:
        raise InvalidManifest(f"format {top['format']!r}, not {FORMAT}")
    journeys = _object(top["journeys"], "journeys", None)
    entries = {}
    for source, body in journeys.items():
        entries[source] = _entry(source, body)
    return Manifest(_text(top["settings"], "settings"),
                    entries, _stamp(top["index"], "index", allow_empty=True))


def _object(value: Any, where: str, keys: Optional[set[str]],
            optional: frozenset[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidManifest(f"{where} is a {_kind(value)}, not an object")
    if keys is not None:
        missing = keys - optional - set(value)
        unknown = set(value) - keys
        if missing or unknown:
            raise InvalidManifest(f"{where}: " + ", ".join(
                [f"missing '{k}'" for k in sorted(missing)] +
                [f"unknown key {k!r}" for k in sorted(unknown)]))
    return value


def _kind(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean",
            type(None): "null"}.get(type(value), "number")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidManifest(f"{where} is a {_kind(value)}, not a string")
    return value


def _integer(value: Any, where: str) -> int:
    if type(value) is not int:
        raise InvalidManifest(f"{where} is a {_kind(value)}, not an integer")
    return value


def _list(value: Any, where: str, length: Optional[int] = None) -> list[Any]:
    if not isinstance(value, list):
        raise InvalidManifest(f"{where} is a {_kind(value)}, not a list")
    if length is not None and len(value) != length:
        raise InvalidManifest(f"{where} has {len(value)} items, not {length}")
    return value


def _stamp(value: Any, where: str, allow_empty: bool = False) -> list[Any]:
    """``[content hash, size, mtime_ns]`` of an output file."""
    items = _list(value, where)
    if allow_empty and not items:
        return []
    digest, size, mtime = _list(items, where, 3)
    if not _HASH.match(_text(digest, f"{where} hash")):
        raise InvalidManifest(f"{where}: {digest!r} is not a SHA-256 hash")
    return [digest, _integer(size, f"{where} size"), _integer(mtime, f"{where} time")]


def _entry(source: str, body: Any) -> Entry:
    where = f"journey {source!r}"
    fields = _object(body, where, _ENTRY_KEYS, optional=frozenset({"gate"}))
    if _text(fields["source"], f"{where} source") != source:
        raise InvalidManifest(f"{where}: source {fields['source']!r} differs")
    journey = _text(fields["journey"], f"{where} id")
    if not is_slug(journey):
        raise InvalidManifest(f"{where}: {journey!r} is not a journey id")
    catalog = {}
    for use, pair in _object(fields["catalog"], f"{where} catalog", None).items():
        path, digest = _list(pair, f"{where} catalog {use!r}", 2)
        catalog[use] = [_text(path, f"{where} catalog path"), _text(digest, f"{where} hash")]
    files = {}
    for name, stamp in _object(fields["files"], f"{where} files", None).items():
        if not _output_name(journey).match(name):
            raise InvalidManifest(f"{where}: {name!r} is not an output file of "
                                  f"journey '{journey}'")
        files[name] = _stamp(stamp, f"{where} file {name!r}")
    gate = []
    for index, row in enumerate(_list(fields.get("gate", []), f"{where} gate")):
        at = f"{where} gate item {index + 1}"
        tid, level, score, line, column = _list(row, at, 5)
        if level not in LEVELS:
            raise InvalidManifest(f"{at}: level {level!r} is not one of "
                                  + ", ".join(LEVELS))
        if type(score) not in (int, float) or score != score:
            raise InvalidManifest(f"{at}: score {score!r} is not a number")
        gate.append([_text(tid, f"{at} id"), level, score, _integer(line, f"{at} line"),
                     _integer(column, f"{at} column")])
    return Entry(source, journey, _text(fields["inputs"], f"{where} inputs"),
                 _text(fields["source_hash"], f"{where} source_hash"), catalog, files, gate)


#: a per-stage view's part of an output name (``ID.stage-3.svg``, ``ID.stage-3-2.dot``)
STAGE_VIEW = r"\.stage-[0-9]+(-[0-9]+)?"
#: what follows the journey id in the name of a file the tool writes for it
OUTPUT_SUFFIX = rf"({STAGE_VIEW})?\.(json|dot|svg|html)"


def _output_name(journey: str) -> "re.Pattern[str]":
    """The names of the files the tool writes for ``journey`` (no folder, no ``..``)."""
    return re.compile(rf"{re.escape(journey)}{OUTPUT_SUFFIX}\Z")


def settings_hash(tool: str, profile: Any, disabled: Iterable[str],
                  catalog_roots: Iterable[Any]) -> str:
    """Everything outside the journey files that changes every journey's outputs."""
    profile_data = {k: v for k, v in sorted(asdict(profile).items()) if k != "source"}
    return sha256_text(json.dumps({
        "tool": tool, "profile": profile_data, "disabled": sorted(set(disabled)),
        "catalogs": [os.path.abspath(str(root)) for root in catalog_roots],
    }, sort_keys=True, default=str))


def inputs_hash(settings: str, source_hash: str, catalog: Mapping[str, list[str]]) -> str:
    return sha256_text(json.dumps([settings, source_hash, sorted(catalog.items())]))


def output_record(folder: str, name: str, data: bytes) -> list[Any]:
    """``[content hash, size, mtime_ns]`` of an output file just written (or kept)."""
    try:
        info = os.stat(os.path.join(folder, name))
        return [hashlib.sha256(data).hexdigest(), info.st_size, info.st_mtime_ns]
    except OSError:
        return [hashlib.sha256(data).hexdigest(), -1, -1]


def intact(folder: str, name: str, record: Sequence[Any]) -> bool:
    """The output still holds what was built: same size and time (cheap), or else the
    same content (hashed only when the file was touched)."""
    try:
        info = os.stat(os.path.join(folder, name))
    except OSError:
        return False
    if len(record) == 3 and [info.st_size, info.st_mtime_ns] == list(record[1:]):
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
