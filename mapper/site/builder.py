"""Incremental site builds for ``serve``: re-render only the journeys whose inputs changed.

Every rebuild loads all journey files again (cheap, and it catches new,
removed and renamed files and duplicate ids), but renders a journey's
diagrams and report (the expensive part) only when its *inputs* changed:
the journey file, the catalog entries it uses, or the scoring profile.  The
site is then written with the build command's own writer, which replaces
only files whose bytes changed, under the build command's lock on the folder.  A broken file never stops the server: its
located errors are kept for the page to show.
"""
from __future__ import annotations

import hashlib
import sys
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional, Sequence

from ..core.errors import JourneyError, ToolMissing, UsageError
from ..loader.regular import read_regular
from ..loader.yamlfile import MAX_BYTES

if TYPE_CHECKING:
    from .outputs import JourneyOutput


@dataclass
class BuildState:
    version: int = 0
    errors: list[str] = field(default_factory=list)
    journeys: int = 0
    rendered: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def _digest(files: Sequence[Optional[str]], extra: Sequence[str] = ()) -> str:
    """A fingerprint of the files' contents (and of ``extra`` settings)."""
    sha = hashlib.sha256()
    for text in extra:
        sha.update(b"\1" + text.encode("utf-8", "surrogateescape"))
    for path in files:
        sha.update(b"\0" + str(path).encode("utf-8", "surrogateescape") + b"\0")
        if path is None:
            continue
        try:
            sha.update(read_regular(path, MAX_BYTES))
        except JourneyError:   # missing, a folder, a FIFO: the build reports it
            sha.update(b"<missing>")
    return sha.hexdigest()


class SiteBuilder:
    """Builds ``paths`` into ``out``; thread-safe; remembers rendered journeys."""

    def __init__(self, paths: Sequence[str], out: str, catalogs: Sequence[str] = (),
                 profile: Optional[str] = None, disabled: Sequence[str] = ()):
        self.paths = list(paths)
        self.out = out
        self.catalogs = list(catalogs)
        self.profile_path = profile
        self.disabled = list(disabled)
        self.state = BuildState()
        self._cache: dict[str, tuple[str, JourneyOutput]] = {}
        self._lock = threading.Lock()

    def snapshot(self) -> BuildState:
        with self._lock:
            return BuildState(self.state.version, list(self.state.errors), self.state.journeys,
                              list(self.state.rendered), list(self.state.written))

    def build(self) -> BuildState:
        """Rebuild what changed; never raises for bad input (errors go to the state)."""
        try:
            errors, journeys, rendered, written = self._build()
        except (JourneyError, UsageError, ToolMissing, OSError) as exc:
            errors, journeys, rendered, written = _messages(exc), self.state.journeys, [], []
        except Exception as exc:  # pragma: no cover - a bug must not stop the server
            errors = [f"journeymap: internal error while building: {exc!r}"]
            journeys, rendered, written = self.state.journeys, [], []
        with self._lock:
            changed = bool(written) or errors != self.state.errors
            self.state = BuildState(self.state.version + (1 if changed else 0), errors,
                                    journeys, rendered, written)
            return self.snapshot_unlocked()

    def snapshot_unlocked(self) -> BuildState:
        s = self.state
        return BuildState(s.version, list(s.errors), s.journeys, list(s.rendered),
                          list(s.written))

    def _build(self) -> tuple[list[str], int, list[str], list[str]]:
        from ..loader.catalog import Catalog
        from ..render.graphviz import dot_command
        from . import files as output
        from .lock import lock_for_writing
        from .outputs import render_journey, render_site
        from ..risk.profile import load_profile
        from ..model.workspace import discover, load_all

        dot_command()
        profile = load_profile(self.profile_path)
        paths = discover(self.paths)
        if not paths:
            raise UsageError("no journey files found in " + ", ".join(self.paths or
                                                                       ["journeys/"]))
        catalog = Catalog(self.catalogs)
        outputs: list[JourneyOutput] = []
        failed: list[tuple[str, JourneyError]] = []
        errors: list[str] = []
        rendered: list[str] = []
        cache: dict[str, tuple[str, JourneyOutput]] = {}
        for loaded in load_all(paths, catalog):
            if loaded.error is not None:
                failed.append((loaded.path, loaded.error))
                errors.extend(str(p) for p in loaded.error.problems)
                continue
            journey = loaded.journey
            assert journey is not None
            key = _digest([loaded.path, self.profile_path,
                           *sorted(journey.catalog_files.values())], self.disabled)
            previous = self._cache.get(loaded.path)
            if previous is not None and previous[0] == key:
                result = previous[1]
            else:
                result = render_journey(journey, profile, self.disabled)
                rendered.append(journey.id)
            cache[loaded.path] = (key, result)
            outputs.append(result)
        self._cache = cache
        site = render_site(outputs, failed)
        # one writer per folder: wait (saying so) while a `journeymap build` writes it
        with lock_for_writing(self.out, wait=True, notice=_notice, command="serve"):
            written, _ = output.write_files(self.out, site.files)
        return errors, len(outputs), rendered, written


def _notice(text: str) -> None:
    from ..core.textsafety import terminal_text

    sys.stderr.write(terminal_text(text))
    sys.stderr.flush()


def _messages(exc: BaseException) -> list[str]:
    if isinstance(exc, JourneyError):
        return [str(p) for p in exc.problems]
    if isinstance(exc, OSError):
        return [f"journeymap: cannot write to {getattr(exc, 'filename', '') or 'the output folder'}"
                f": {exc.strerror or exc}"]
    return [f"journeymap: {exc}"]
