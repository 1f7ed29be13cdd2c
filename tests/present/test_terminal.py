"""Terminal manners: colour only on a terminal and never with NO_COLOR; progress only on
an interactive stderr; -q and -v."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

from conftest import JOURNEYS
from mapper.cli import main
from mapper.present.terminal import Progress, use_colour


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


HAIRDRESSER = str(JOURNEYS / "hairdresser.yaml")


def test_colour_on_a_terminal_only(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = Terminal()
    assert main(["check", HAIRDRESSER], out, io.StringIO()) == 0
    assert "\033[33mtaken-for-granted\033[0m" in out.getvalue()
    plain = io.StringIO()
    main(["check", HAIRDRESSER], plain, io.StringIO())
    assert "\033[" not in plain.getvalue()


def test_no_color_wins(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    main(["check", HAIRDRESSER], out, io.StringIO())
    assert "\033[" not in out.getvalue()
    assert not use_colour(Terminal())


def test_progress_only_on_an_interactive_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    shown = Terminal()
    progress = Progress(shown, 3)
    progress.step(1, "online-shop")
    progress.done()
    assert "[1/3] online-shop" in shown.getvalue()
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        silent = Progress(stream, 3, quiet=quiet)
        silent.step(1, "x")
        silent.done()
        assert stream.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    ci = Terminal()
    Progress(ci, 3).step(1, "x")
    assert ci.getvalue() == ""


def test_build_progress_verbose_and_quiet(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    shutil.copytree(JOURNEYS, tmp_path / "journeys")
    err = Terminal()
    code = main(["build", str(tmp_path / "journeys"), "-o", str(tmp_path / "site"), "-v"],
                io.StringIO(), err)
    assert code == 0
    text = err.getvalue()
    assert "[5/5] supermarket" in text
    assert f"wrote {tmp_path / 'site' / 'online-shop.html'}" in text
    quiet = io.StringIO()
    assert main(["build", str(tmp_path / "journeys"), "-o", str(tmp_path / "site"), "-q"],
                io.StringIO(), quiet) == 0
    assert quiet.getvalue() == ""


def test_check_verbose_names_clean_files(tmp_path: Path):
    err = io.StringIO()
    main(["check", "-v", str(JOURNEYS / "hairdresser.yaml"), str(JOURNEYS / "supermarket.yaml"),
          str(JOURNEYS / "online-shop.yaml")], io.StringIO(), err)
    assert "hairdresser.yaml: ok" not in err.getvalue()   # it has findings
