"""Live preview latency: from saving a journey to the open page showing the change.

    python bench/live.py [--edits 7] [--touchpoints 50] [--source DIR ...]

Starts ``journeymap serve`` on a folder holding one synthetic journey
(``bench/generate.py``), opens its report in Debian's Chromium through
Playwright, then edits the journey's title and saves the file, again and
again.  Each edit is timed from just before the file is written to the end
of the ``load`` event of the page that shows the new title (the page's own
clock, ``performance.timeOrigin``, is the machine's wall clock, like
``time.time``).  Prints the median and the slowest edit.  ``--source``
names other checkouts to measure too (e.g. an older commit, unpacked with
``git archive``), taken in turn with this one so that the machine's load
hits them alike.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
#: seconds the first build may take, and one edit at most
START_TIMEOUT, EDIT_TIMEOUT = 120.0, 30.0
#: when the page that shows the new title finished loading, in seconds since the epoch
LOADED_AT = ("() => (performance.timeOrigin + "
             "performance.getEntriesByType('navigation')[0].loadEventEnd) / 1000")


def _url(proc: subprocess.Popen[str]) -> str:
    """The server's URL from its first line of output (fails if it dies first)."""
    lines: "queue.Queue[str]" = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout],  # type: ignore
                     daemon=True).start()
    end = time.monotonic() + START_TIMEOUT
    while time.monotonic() < end:
        try:
            found = re.search(r"http://127\.0\.0\.1:\d+/", lines.get(timeout=0.25))
        except queue.Empty:
            if proc.poll() is not None:
                raise SystemExit(f"journeymap serve exited with code {proc.returncode}")
            continue
        if found:
            return found.group(0)
    raise SystemExit("journeymap serve printed no URL in time")


def measure(touchpoints: int = 50, edits: int = 7, source: Path = REPO) -> list[float]:
    """Seconds from each save to the reloaded page showing it (a warm-up edit not counted)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="journeymap-live-") as scratch:
        work = Path(scratch)
        (work / "journeys").mkdir()
        path = work / "journeys" / "live.yaml"
        text = generate(touchpoints, journey_id="live")
        title = f"title: Synthetic journey with {touchpoints} touchpoints"
        assert title in text
        path.write_text(text, encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "mapper", "serve", "journeys", "-o", "site",
                                 "--port", "0"], cwd=work, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, "PYTHONPATH": str(source)})
        times: list[float] = []
        try:
            url = _url(proc)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium,
                                                     args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(url + "live.html")
                for edit in range(edits + 1):
                    marker = f"edit {edit} of the benchmark"
                    data = text.replace(title, f"{title}, {marker}")
                    time.sleep(1.0)   # the watcher has settled after the last save
                    saved = time.time()
                    path.write_text(data, encoding="utf-8")
                    page.wait_for_function(f"() => document.title.includes({marker!r})",
                                           timeout=EDIT_TIMEOUT * 1000, polling=20)
                    page.wait_for_load_state("load")
                    if edit:   # the first edit warms the server up
                        times.append(page.evaluate(LOADED_AT) - saved)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--touchpoints", type=int, default=50)
    parser.add_argument("--source", type=Path, nargs="+", default=[],
                        help="other checkouts to measure in turn with this one")
    parser.add_argument("--rounds", type=int, default=1,
                        help="times to measure each checkout, in turn")
    args = parser.parse_args(argv)
    times: dict[Path, list[float]] = {source: [] for source in [REPO, *args.source]}
    for _ in range(args.rounds):
        for source in times:
            times[source] += measure(args.touchpoints, args.edits, source)
    for source, measured in times.items():
        print(f"{source}: save -> page reloaded, {args.touchpoints} touchpoints, "
              f"{len(measured)} edits: median {statistics.median(measured):.3f} s, "
              f"slowest {max(measured):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
