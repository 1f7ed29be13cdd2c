"""The site pipeline: load → analyse → render → write, for ``build``, ``build --check``,
``serve`` and :func:`mapper.render_report`.

One run of :meth:`SitePipeline.build`:

1. **load** the scoring profile and the catalog, and find the journey files;
2. **plan** against the last run's manifest (:mod:`.manifest`): a journey
   whose inputs and outputs are unchanged is *current*; when every journey is
   current and none is gone, the run stops there, without importing the
   rendering stack;
3. **analyse** every journey (the index shows them all) and **render** the
   ones that are not current (:mod:`.outputs`);
4. **write** (:mod:`.files`): changed files replaced atomically, files of
   journeys that are gone removed (only files the manifest says the tool
   made; a journey that fails to load keeps its last good files), then the
   new manifest; from reading the old manifest to writing
   the new one the run holds the folder's lock (:mod:`.lock`).

``jobs`` is the run's Graphviz budget: one pool of that many workers runs
every ``dot`` process of the run, whatever the number of journeys and views
(journeys are rendered that many at a time too); by default one per core.

:meth:`SitePipeline.check` loads, analyses and renders every journey in
memory and compares the files with OUT, writing nothing.  A pipeline kept
between runs (``serve``) remembers the journeys it analysed, so a save
reads, analyses and renders only the journey that changed.
"""
from __future__ import annotations

import os
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, TextIO

from ..core.errors import JourneyError, UsageError
from ..core.paths import shown
from ..loader.catalog import Catalog
from ..model.workspace import Loaded, discover, load_all
from . import manifest as ledger
from .lock import lock_for_reading, lock_for_writing

if TYPE_CHECKING:
    from ..risk.analysis import Analysis
    from ..risk.profile import Profile
    from .outputs import JourneyOutput

INDEX = "index.html"
#: one line for the user (a load problem, a notice); the caller decides where it goes
Tell = Callable[[str], object]


class FolderError(Exception):
    """The output folder cannot be read or written; the text says which folder and why."""


@dataclass(frozen=True)
class Sources:
    """What a pipeline builds, and with what."""

    paths: tuple[str, ...]
    out: str
    catalogs: tuple[str, ...] = ()
    profile: Optional[str] = None
    disabled: tuple[str, ...] = ()
    #: the most ``dot`` processes at once (and journeys rendered at once); None: one per core
    jobs: Optional[int] = None

    @classmethod
    def of(cls, paths: Sequence[str], out: str, catalogs: Optional[Sequence[str]] = None,
           profile: Optional[str] = None, disabled: Optional[Sequence[str]] = None,
           jobs: Optional[int] = None) -> "Sources":
        return cls(tuple(paths), out, tuple(catalogs or ()), profile, tuple(disabled or ()),
                   jobs)


@dataclass
class Outcome:
    """What one run did (or, for a check, found)."""

    folder: str
    #: journeys that loaded
    journeys: int = 0
    #: ids of the journeys rendered by this run
    rendered: list[str] = field(default_factory=list)
    #: (file as shown, error) of every journey that did not load
    failed: list[tuple[str, JourneyError]] = field(default_factory=list)
    #: (file as shown, ``--fail-on`` records) of every journey that loaded
    gates: list[tuple[str, list[list[Any]]]] = field(default_factory=list)
    #: nothing changed: nothing was loaded, rendered or written
    up_to_date: bool = False
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: ``check``: files missing from OUT, and files that differ or should be gone
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """``file:line:col: message`` of every journey that did not load."""
        return [str(problem) for _, error in self.failed for problem in error.problems]


@dataclass
class _Inputs:
    profile: "Profile"
    paths: list[str]
    catalog: Catalog


def folder_problem(exc: OSError, folder: str, verb: str) -> str:
    """One line saying why the output folder cannot be read or written."""
    reason = exc.strerror or str(exc)
    if os.path.exists(folder) and not os.path.isdir(folder):
        reason = "it is a file, not a folder"
    elif exc.filename and os.path.normpath(str(exc.filename)) != os.path.normpath(folder):
        reason = f"{exc.filename}: {reason}"
    return f"journeymap: cannot {verb} the output folder {folder}: {reason}"


def _silent(_line: str) -> None:
    pass


def dot_workers(jobs: Optional[int] = None) -> ThreadPoolExecutor:
    """The run's Graphviz budget: at most ``jobs`` ``dot`` processes at once (default:
    one per core)."""
    return ThreadPoolExecutor(max_workers=jobs or max(1, os.cpu_count() or 1),
                              thread_name_prefix="journeymap-dot")


class SitePipeline:
    """Builds ``sources`` into their output folder; see the module docstring.

    ``command`` names the process in the folder's lock file (``build``, ``serve``);
    without ``durable`` files are not fsynced (see :mod:`.files`).  Not
    thread-safe: one run at a time.
    """

    def __init__(self, sources: Sources, command: str = "build", durable: bool = True):
        self.sources = sources
        self.command = command
        self.durable = durable
        self._tool: Optional[str] = None
        #: source path -> (its inputs hash, its analysed journey without files)
        self._memory: dict[str, tuple[str, "JourneyOutput"]] = {}

    @property
    def folder(self) -> str:
        return self.sources.out

    # -- the runs ------------------------------------------------------------------

    def build(self, force: bool = False, wait: bool = False, tell: Tell = _silent,
              progress: Optional[TextIO] = None) -> Outcome:
        """Bring OUT up to date (everything with ``force``).  ``wait`` for another
        writer of OUT instead of failing; ``tell`` hears load problems and notices;
        ``progress`` is the stream for a progress line (an interactive stderr).

        Raises UsageError (bad options, a folder locked by another writer),
        JourneyError (a bad profile), ToolMissing (no Graphviz) and FolderError."""
        inputs = self._inputs()
        try:
            lock = lock_for_writing(self.folder, wait, _lines(tell), self.command)
        except OSError as exc:
            raise FolderError(folder_problem(exc, self.folder, "write to")) from None
        with lock:   # from reading the last manifest to writing the new one
            return self._incremental(inputs, force, tell, progress)

    def check(self, wait: bool = False, tell: Tell = _silent,
              progress: Optional[TextIO] = None) -> Outcome:
        """Render everything in memory and compare it with OUT; write nothing."""
        from .files import stale_files
        from .outputs import render_site

        inputs = self._inputs()
        try:
            lock = lock_for_reading(self.folder, wait, _lines(tell))
        except OSError as exc:
            raise FolderError(folder_problem(exc, self.folder, "read")) from None
        with lock:
            built, failed = self._analyse(inputs, set(inputs.paths), {}, tell, progress)
            journeys = [item for _, item in built]
            site = render_site(journeys, failed)
            recorded = ledger.read_manifest(self.folder, _lines(tell))
            loaded, sources = {path for path, _ in built}, set(inputs.paths)
            # what a build would remove: files the tool made that a journey no longer
            # has, or of a journey that is gone (one that fails to load keeps its own)
            made = {name for path, entry in recorded.entries.items()
                    if path in loaded or path not in sources for name in entry.files}
            try:
                leftovers = sorted(name for name in made - set(site.files)
                                   if os.path.lexists(os.path.join(self.folder, name)))
                missing, stale = stale_files(self.folder, site.files)
            except OSError as exc:
                raise FolderError(folder_problem(exc, self.folder, "read")) from None
        return Outcome(self.folder, len(journeys), [item.journey.id for item in journeys],
                       failed, _gates(journeys), missing=missing, stale=stale + leftovers)

    # -- the steps ---------------------------------------------------------------------

    def _inputs(self) -> _Inputs:
        from ..risk.profile import load_profile

        profile = load_profile(self.sources.profile)
        paths = discover(self.sources.paths)
        if not paths:
            raise UsageError("no journey files found in "
                             + (", ".join(self.sources.paths) or "journeys/"))
        if self.sources.jobs is not None and self.sources.jobs < 1:
            raise UsageError("--jobs must be at least 1")
        return _Inputs(profile, paths, Catalog(list(self.sources.catalogs)))

    def _incremental(self, inputs: _Inputs, force: bool, tell: Tell,
                     progress: Optional[TextIO]) -> Outcome:
        folder, paths, catalog = self.folder, inputs.paths, inputs.catalog
        if self._tool is None:   # the code of this process does not change while it runs
            self._tool = ledger.tool_fingerprint()
        settings = ledger.settings_hash(self._tool, inputs.profile, self.sources.disabled,
                                        catalog.roots)
        recorded = ledger.read_manifest(folder, _lines(tell))   # what the tool made
        last = recorded if not force and recorded.settings == settings else ledger.Manifest()
        current = {path for path in paths if path in last.entries and
                   ledger.is_current(last.entries[path], settings, folder, catalog)}
        gone = [source for source in last.entries if source not in paths]
        if len(current) == len(paths) and not gone and os.path.isdir(folder) and \
                ledger.intact(folder, INDEX, last.index):
            return Outcome(folder, len(paths), up_to_date=True,
                           gates=[(shown(p), last.entries[p].gate) for p in paths])
        remembered = {path: self._memory[path][1] for path in current if path in self._memory
                      and self._memory[path][0] == last.entries[path].inputs}
        rebuild = set(paths) - current
        hashes = {path: ledger.sha256_file(path) or "" for path in rebuild}
        built, failed = self._analyse(inputs, rebuild, remembered, tell, progress)
        outcome = Outcome(folder, len(built), [item.journey.id for path, item in built
                                               if path in rebuild],
                          failed, _gates([item for _, item in built]))
        try:
            manifest = self._write(outcome, set(paths), built, current, last, recorded,
                                   settings, hashes, force)
        except OSError as exc:
            raise FolderError(folder_problem(exc, folder, "write to")) from None
        self._memory = {path: (manifest.entries[path].inputs, replace(item, files={}))
                        for path, item in built}
        return outcome

    def _analyse(self, inputs: _Inputs, rebuild: set[str],
                 remembered: dict[str, "JourneyOutput"], tell: Tell,
                 progress: Optional[TextIO]) -> tuple[list[tuple[str, "JourneyOutput"]],
                                                       list[tuple[str, JourneyError]]]:
        """Load every journey (but the ``remembered`` ones); analyse them and render
        those in ``rebuild``.  Returns (source path, output) pairs in the order of the
        files, and the journeys that failed to load."""
        from ..present.terminal import Progress
        from ..render.graphviz import dot_command
        from ..risk.assess import assess
        from .outputs import JourneyOutput, render_journey

        if rebuild:
            dot_command()  # a missing Graphviz fails fast, before any work (exit 2)
        shown_progress = None if progress is None else Progress(progress, len(rebuild),
                                                                 minimum=1)

        def note(path: str) -> None:
            if shown_progress is not None:
                shown_progress.note(f"load {shown(path)}")

        loaded_all = load_all(inputs.paths, inputs.catalog, each=note,
                              known={path: item.journey for path, item in remembered.items()})
        if shown_progress is not None:
            shown_progress.done()   # the load errors go on lines of their own
        failed: list[tuple[str, JourneyError]] = []
        for loaded in loaded_all:
            if loaded.error is not None:
                failed.append((shown(loaded.path), loaded.error))
                for problem in loaded.error.problems:
                    tell(str(problem))
        good = [loaded for loaded in loaded_all if loaded.journey is not None]
        count = len([loaded for loaded in good if loaded.path in rebuild])
        jobs = self.sources.jobs or max(1, os.cpu_count() or 1)

        def work(loaded: Loaded, workers: Executor,
                 phase: Optional[Callable[[str], None]] = None) -> "JourneyOutput":
            if loaded.path in remembered:
                return remembered[loaded.path]
            assert loaded.journey is not None, "only journeys that loaded are analysed"
            if loaded.path not in rebuild:   # only analysed: the index shows it
                analysis, findings = assess(loaded.journey, inputs.profile,
                                            self.sources.disabled)
                return JourneyOutput(loaded.journey, analysis, findings, {})
            output = render_journey(loaded.journey, inputs.profile, self.sources.disabled,
                                    phase, workers)
            for notice in output.notices:
                tell(f"journeymap: {notice}")
            return output

        results: list["JourneyOutput"] = []
        if shown_progress is not None:
            shown_progress.total = count
        done = 0

        def step(loaded: Loaded) -> None:
            nonlocal done
            if loaded.path in rebuild and shown_progress is not None:
                done += 1
                assert loaded.journey is not None
                shown_progress.step(done, loaded.journey.id)

        with dot_workers(jobs) as workers:   # every `dot` of the run, whatever the journey
            if jobs > 1 and count > 1:
                with ThreadPoolExecutor(max_workers=jobs,
                                        thread_name_prefix="journeymap-journey") as journeys:
                    for loaded, item in zip(good, journeys.map(
                            lambda loaded: work(loaded, workers), good)):   # input order
                        step(loaded)
                        results.append(item)
            else:
                for loaded in good:   # one at a time: its phases are shown too
                    step(loaded)
                    results.append(work(loaded, workers, shown_progress.phase
                                        if shown_progress is not None else None))
        if shown_progress is not None:
            shown_progress.done()
        return [(loaded.path, item) for loaded, item in zip(good, results)], failed

    def _write(self, outcome: Outcome, sources: set[str],
               built: list[tuple[str, "JourneyOutput"]],
               current: set[str], last: ledger.Manifest, recorded: ledger.Manifest,
               settings: str, hashes: dict[str, str], force: bool) -> ledger.Manifest:
        """Write what changed, remove what is gone, then the manifest; fills ``outcome``."""
        from .files import remove_files, write_files, write_manifest
        from .outputs import render_site

        folder = self.folder
        site = render_site([item for _, item in built], outcome.failed)
        produced = set(site.files)
        # a journey that fails to load keeps its last good files (and their record, with
        # no inputs hash: it is built again once it loads, and the index with it)
        loaded = {path for path, _ in built}
        broken = {path: replace(entry, inputs="") for path, entry in recorded.entries.items()
                  if path not in loaded and path in sources}
        kept = {name for path in current for name in last.entries[path].files} | \
            {name for entry in broken.values() for name in entry.files}
        # files of journeys that are gone, and per-stage views a journey no longer has:
        # only files the manifest lists as made by the tool (never a hand-written one)
        leftovers = {name for entry in recorded.entries.values() if entry.source not in current
                     for name in entry.files} - produced - kept
        outcome.removed = remove_files(folder, sorted(leftovers))
        outcome.written, outcome.unchanged = write_files(folder, site.files, force,
                                                         self.durable)
        manifest = ledger.Manifest(settings)
        for (path, item), (_, gate) in zip(built, outcome.gates):
            if path in current:
                entry = last.entries[path]
                entry.gate = gate
            else:
                entry = ledger.new_entry(path, hashes[path], item.journey.id, settings,
                                         item.journey.catalog_files, gate)
                entry.files = {name: ledger.output_record(folder, name, data)
                               for name, data in item.files.items()}
            manifest.entries[path] = entry
        manifest.entries.update(broken)
        manifest.index = ledger.output_record(folder, INDEX, site.files[INDEX])
        write_manifest(folder, manifest, self.durable)
        return manifest


def write_journey(analysis: "Analysis", folder: str, jobs: Optional[int] = None) -> list[str]:
    """Render one analysed journey and write its files into ``folder`` (created if
    needed; changed files replaced atomically; no manifest and no lock file: the
    folder is the caller's).  Returns the file names."""
    from ..render.graphviz import dot_command
    from .files import write_files
    from .outputs import render_analysis

    dot_command()
    with dot_workers(jobs) as workers:
        output = render_analysis(analysis, analysis.findings, workers=workers)
    write_files(folder, output.files)
    return list(output.files)


def _gates(journeys: Sequence["JourneyOutput"]) -> list[tuple[str, list[list[Any]]]]:
    from ..risk.assess import gate_records

    return [(item.journey.path, gate_records(item.analysis)) for item in journeys]


def _lines(tell: Tell) -> Callable[[str], object]:
    """``tell`` for the lock's and the manifest's notices (which end with a newline)."""
    return lambda text: tell(text.rstrip("\n"))
