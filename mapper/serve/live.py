"""What the open pages follow: the last build's state, its version, and rebuilding.

Every save runs the site pipeline (:mod:`mapper.site.pipeline`), kept for
the server's lifetime so that only the journey that changed is read,
analysed and rendered.  The state's version goes up when a build wrote or
removed a file or its errors changed; a page waiting for a newer version
(:meth:`LiveState.wait`) is answered at once and reloads.  A broken file
never stops the server: its located errors are kept for the page to show.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..core.errors import JourneyError, ToolMissing, UsageError
from ..site.pipeline import FolderError, Outcome, SitePipeline


@dataclass(frozen=True)
class BuildState:
    version: int = 0
    errors: list[str] = field(default_factory=list)
    journeys: int = 0
    rendered: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class LiveState:
    """The current :class:`BuildState`, shared by the builder and the request threads."""

    def __init__(self, state: BuildState = BuildState()):
        self._state = state
        self._changed = threading.Condition()

    def snapshot(self) -> BuildState:
        with self._changed:
            return self._state

    def publish(self, errors: Sequence[str], journeys: int, rendered: Sequence[str] = (),
                written: Sequence[str] = (), removed: Sequence[str] = ()) -> BuildState:
        """Record a build; a new version when it wrote or removed a file or its errors
        differ."""
        with self._changed:
            old = self._state
            changed = bool(written or removed) or list(errors) != old.errors
            self._state = BuildState(old.version + (1 if changed else 0), list(errors),
                                     journeys, list(rendered), list(written), list(removed))
            if changed:
                self._changed.notify_all()
            return self._state

    def wait(self, since: int, timeout: float) -> BuildState:
        """The state once its version is not ``since`` (at once if it is not), or after
        ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version != since, timeout)
            return self._state


def rebuild(pipeline: SitePipeline, live: LiveState,
            tell: Callable[[str], object]) -> BuildState:
    """Build what changed into the served folder and publish the result; never raises
    for bad input (its messages become the state's errors, and go to ``tell``)."""
    try:
        outcome: Outcome = pipeline.build(wait=True, tell=tell)
    except JourneyError as exc:
        messages = [str(problem) for problem in exc.problems]
    except (UsageError, ToolMissing) as exc:
        messages = [f"journeymap: {exc}"]
    except FolderError as exc:
        messages = [str(exc)]
    else:
        return live.publish(outcome.problems, outcome.journeys, outcome.rendered,
                            outcome.written, outcome.removed)
    for line in messages:
        tell(line)
    return live.publish(messages, live.snapshot().journeys)


def summary(state: BuildState) -> str:
    """One line for the terminal about a build that did something, else ''."""
    removed = f"removed {', '.join(state.removed)}" if state.removed else ""
    if state.rendered:
        done = f"rebuilt {', '.join(state.rendered)} ({len(state.written)} file(s) written)"
    elif state.written:
        done = f"updated {', '.join(state.written)}"
    else:
        return removed
    return f"{done}; {removed}" if removed else done

