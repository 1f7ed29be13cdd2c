"""CLI manners: did-you-mean for commands and options, --color / NO_COLOR / FORCE_COLOR,
progress inside one journey, a journey read from standard input."""
from __future__ import annotations

import io
import json

import pytest

from conftest import JOURNEYS, MINIMAL, run_main
from mapper.cli import main
from mapper.present.terminal import use_colour

HAIRDRESSER = JOURNEYS / "hairdresser.yaml"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_with_stdin(text: str, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err, io.StringIO(text))
    return code, out.getvalue(), err.getvalue()


# -- did you mean ---------------------------------------------------------------

def test_misspelt_command_suggests_the_right_one():
    result = run_main("chek")
    assert result.code == 2
    assert "invalid choice: 'chek'" in result.err
    assert result.err.rstrip().endswith("(did you mean 'check'?)")
    assert "Traceback" not in result.err


def test_misspelt_option_suggests_the_right_one():
    result = run_main("check", "--formt", "json", HAIRDRESSER)
    assert result.code == 2
    assert "unrecognized arguments: --formt (did you mean '--format'?)" in result.err
    result = run_main("build", "--fial-on=high")
    assert result.code == 2 and "--fial-on=high (did you mean '--fail-on'?)" in result.err
    far = run_main("check", "--zzzzzz")
    assert far.code == 2 and "did you mean" not in far.err


def test_misspelt_option_value_suggests_the_right_one():
    result = run_main("check", "--format", "jsn", HAIRDRESSER)
    assert result.code == 2 and result.err.rstrip().endswith("(did you mean 'json'?)")
    result = run_main("check", "--fail-on", "hgh", HAIRDRESSER)
    assert result.code == 2 and result.err.rstrip().endswith("(did you mean 'high'?)")


# -- colour -----------------------------------------------------------------------

@pytest.fixture
def plain_env(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    return monkeypatch


def _coloured(*argv: str, stream: io.StringIO | None = None) -> bool:
    out = stream if stream is not None else io.StringIO()
    main(["check", *argv, str(HAIRDRESSER)], out, io.StringIO())
    return "\033[33mtaken-for-granted\033[0m" in out.getvalue()


def test_color_option(plain_env):
    assert _coloured("--color", "always")              # even into a pipe
    assert not _coloured("--color", "never", stream=Terminal())
    assert _coloured("--color", "auto", stream=Terminal())
    assert not _coloured("--color", "auto")


def test_force_color_and_no_color(plain_env):
    plain_env.setenv("FORCE_COLOR", "1")
    assert _coloured()
    assert not _coloured("--color", "never")
    plain_env.setenv("FORCE_COLOR", "0")
    assert not _coloured()
    plain_env.setenv("FORCE_COLOR", "1")
    plain_env.setenv("NO_COLOR", "1")      # NO_COLOR wins over FORCE_COLOR ...
    assert not _coloured()
    assert _coloured("--color", "always")   # ... and the command line over both
    plain_env.delenv("NO_COLOR")
    plain_env.setenv("TERM", "dumb")
    assert use_colour(io.StringIO())        # FORCE_COLOR even on a dumb terminal
    plain_env.delenv("FORCE_COLOR")
    assert not use_colour(Terminal())


def test_build_gate_findings_are_coloured_too(tmp_path, plain_env):
    out = io.StringIO()
    code = main(["build", str(HAIRDRESSER), "-o", str(tmp_path / "site"), "-q",
                 "--fail-on", "low", "--color", "always"], out, io.StringIO())
    assert code == 1
    assert "\033[31mfail-on\033[0m" in out.getvalue()


# -- progress -----------------------------------------------------------------------

def test_progress_names_the_phases_of_one_journey(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(JOURNEYS.parent)
    err = Terminal()
    code = main(["build", str(HAIRDRESSER), "-o", str(tmp_path / "site")], io.StringIO(), err)
    assert code == 0
    steps = [s.strip() for s in err.getvalue().split("\r") if s.strip()]
    assert steps[0] == "load journeys/hairdresser.yaml"
    phases = [s for s in steps if s.startswith("[1/1] hairdresser")]
    assert phases == ["[1/1] hairdresser", "[1/1] hairdresser: score",
                      "[1/1] hairdresser: report", "[1/1] hairdresser: diagrams 1/1"]
    assert steps[-1].startswith("built 1 of 1 journey(s)")
    assert err.getvalue().endswith("\n") and "\r" not in err.getvalue().splitlines()[-1]


def test_progress_counts_the_diagrams_of_a_large_journey(tmp_path, monkeypatch):
    from bench.generate import generate

    monkeypatch.delenv("CI", raising=False)
    path = tmp_path / "big.yaml"
    path.write_text(generate(200), encoding="utf-8")
    err = Terminal()
    assert main(["build", str(path), "-o", str(tmp_path / "site")], io.StringIO(), err) == 0
    counts = [s.strip().rsplit(" ", 1)[-1] for s in err.getvalue().split("\r")
              if ": diagrams " in s]
    total = int(counts[-1].split("/")[1])
    assert total > 2 and counts == [f"{n}/{total}" for n in range(1, total + 1)]


def test_check_shows_load_and_score_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(JOURNEYS.parent)
    err = Terminal()
    assert main(["check", "journeys/hairdresser.yaml"], io.StringIO(), err) == 0
    steps = [s.strip() for s in err.getvalue().split("\r") if s.strip()]
    assert steps[:2] == ["load journeys/hairdresser.yaml", "[1/1] hairdresser: score"]
    assert steps[-1].startswith("1 file(s) checked")
    quiet = Terminal()   # machine formats are never mixed with progress
    main(["check", "--format", "json", "journeys/hairdresser.yaml"], io.StringIO(), quiet)
    assert quiet.getvalue() == ""


def test_no_progress_when_quiet_or_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    quiet = Terminal()
    main(["build", str(HAIRDRESSER), "-o", str(tmp_path / "a"), "-q"], io.StringIO(), quiet)
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    main(["build", str(HAIRDRESSER), "-o", str(tmp_path / "b")], io.StringIO(), piped)
    assert "\r" not in piped.getvalue()


# -- standard input -------------------------------------------------------------------

def test_check_reads_a_journey_from_standard_input():
    broken = MINIMAL.replace("    next: {done: 0.5}\n", "    nxt: {done: 0.5}\n")
    code, out, err = run_with_stdin(broken, "check", "-")
    assert code == 2
    assert out == ("<stdin>:13:5: invalid: touchpoint 'site': unknown key 'nxt' "
                   "(did you mean 'next'?)\n")
    code, out, _ = run_with_stdin(broken, "check", "--format", "json", "-", HAIRDRESSER)
    files = {f["file"] for f in json.loads(out)["findings"]}
    assert code == 2 and "<stdin>" in files and len(files) == 2


def test_score_and_export_read_standard_input():
    text = HAIRDRESSER.read_text(encoding="utf-8")
    code, out, _ = run_with_stdin(text, "score", "-", "--format", "json")
    assert code == 0
    from_file = run_main("score", HAIRDRESSER, "--format", "json").out
    assert json.loads(out)["journey"]["file"] == "<stdin>"
    assert json.loads(out)["summary"] == json.loads(from_file)["summary"]
    code, out, _ = run_with_stdin(text, "score", "-", "--set", "haircut.likelihood=0.5")
    assert code == 0 and "what if: haircut.likelihood=0.5" in out
    code, out, _ = run_with_stdin(text, "export", "-", "--format", "markdown")
    assert code == 0 and "`<stdin>`" in out


def test_yaml_error_on_standard_input_is_located():
    code, out, err = run_with_stdin("journey: x\nstages: [\n", "score", "-")
    assert code == 2 and err.startswith("<stdin>:3:1: ")


def test_build_does_not_take_standard_input(tmp_path):
    code, _, err = run_with_stdin(MINIMAL, "build", "-", "-o", str(tmp_path / "site"))
    assert code == 2 and "'-' works with check and score" in err
