"""Malformed journeys: exit 2, an exact located message, never a traceback.

``tests/bad/expectations.json`` maps each file in ``tests/bad/`` to the exact
``line:col: message`` lines that ``journeymap check`` prints for it.  The
in-process tests pin those lines; the subprocess tests run the real command
under memory and CPU-time limits, which is what stops alias bombs, deep
nesting and huge files in bounded time and memory.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import (BAD, JOURNEYS, MINIMAL, NORMAL_CPU_SECONDS, NORMAL_MEMORY_LIMIT, REPO,
                      run_limited, run_limited_many, run_main, shown)
from mapper.loader.yamlfile import MAX_BYTES, MAX_DEPTH

EXPECTATIONS: dict[str, list[str]] = json.loads(
    (BAD / "expectations.json").read_text(encoding="utf-8"))
BAD_FILES = sorted(p.name for p in BAD.iterdir() if p.suffix in (".yaml", ".yml"))


def expected_output(path: Path, lines: list[str], cwd: Path | None = None) -> str:
    """``line:col: message`` -> the text format ``path:line:col: invalid: message``
    (the path as the command shows it, run from ``cwd``)."""
    out = []
    for entry in lines:
        line, column, message = entry.split(":", 2)
        out.append(f"{shown(path, cwd=cwd)}:{line}:{column}: invalid: {message.lstrip()}\n")
    return "".join(out)


def test_every_bad_file_has_expectations():
    assert sorted(EXPECTATIONS) == BAD_FILES
    assert len(BAD_FILES) >= 25
    for name, lines in EXPECTATIONS.items():
        assert lines, name
        for entry in lines:
            assert re.match(r"^\d+:\d+: \S", entry), (name, entry)


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_bad_file_exact_located_messages(name):
    path = BAD / name
    result = run_main("check", path)
    assert result.code == 2, result.out + result.err
    # exactly the expected lines on stdout, in order, and nothing else
    assert result.out == expected_output(path, EXPECTATIONS[name])
    assert "Traceback" not in result.err


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_bad_file_json_findings(name):
    path = BAD / name
    result = run_main("check", "--format", "json", path)
    assert result.code == 2
    data = json.loads(result.out)
    got = [f"{f['line']}:{f['column']}: {f['message']}" for f in data["findings"]]
    assert got == EXPECTATIONS[name]
    assert {f["file"] for f in data["findings"]} == {shown(path)}
    assert {(f["rule"], f["severity"]) for f in data["findings"]} == {("invalid", "error")}
    assert data["summary"]["error"] == len(EXPECTATIONS[name])


def test_all_bad_files_in_one_run():
    """One run over the folder reports every file (a broken file never stops the others)."""
    result = run_main("check", BAD)
    assert result.code == 2
    expected = "".join(expected_output(BAD / name, EXPECTATIONS[name]) for name in BAD_FILES)
    assert result.out == expected


# -- the real command, in a subprocess, under resource limits -----------------
# (marked slow: each run starts Python and imports the scientific stack; they
# run in CI like every test, `-m "not slow"` skips them in a quick local loop)

@pytest.fixture(scope="module")
def subprocess_results():
    """``python -m mapper check FILE`` for every bad file (several at a time)."""
    runs = run_limited_many([["check", BAD / name] for name in BAD_FILES])
    return dict(zip(BAD_FILES, runs))


@pytest.mark.slow
@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_subprocess(subprocess_results, name):
    proc = subprocess_results[name]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout
    assert proc.stdout == expected_output(BAD / name, EXPECTATIONS[name], cwd=REPO)


@pytest.mark.slow
def test_limits_leave_room_for_a_normal_run():
    """The limits used above are not what makes the bad files fail."""
    proc = run_limited(["check", JOURNEYS], memory=NORMAL_MEMORY_LIMIT, cpu=NORMAL_CPU_SECONDS)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_limited(["schema"])
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)


# -- hostile inputs generated on the fly ---------------------------------------

def _located(proc, path: Path) -> list[tuple[int, int, str]]:
    found = []
    for line in proc.stdout.splitlines():
        match = re.match(rf"^{re.escape(shown(path, cwd=REPO))}:(\d+):(\d+): invalid: (.+)$",
                         line)
        assert match, line
        found.append((int(match[1]), int(match[2]), match[3]))
    return found


def _assert_rejected(proc, path: Path) -> list[tuple[int, int, str]]:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    found = _located(proc, path)
    assert len(found) == 1, proc.stdout
    return found


def _padded(path: Path, size: int) -> Path:
    """A journey start followed by comment lines, exactly ``size`` bytes long."""
    head = b"journey: big\n"
    line = b"#" + b"x" * 78 + b"\n"
    count, rest = divmod(size - len(head), len(line))
    with open(path, "wb") as handle:
        handle.write(head)
        handle.write(line * count)
        handle.write(b"#" * (rest - 1) + b"\n" if rest else b"")
    assert path.stat().st_size == size
    return path


@pytest.mark.slow
def test_file_just_over_the_size_limit(tmp_path):
    path = _padded(tmp_path / "big.yaml", MAX_BYTES + 1)
    found = _assert_rejected(run_limited(["check", path]), path)
    assert found == [(1, 1, "file is 10.1 MB; journey files are limited to 10 MB")]


@pytest.mark.slow
def test_file_of_30_mb_names_its_real_size(tmp_path):
    path = _padded(tmp_path / "huge.yaml", 30 * 1024 * 1024)
    found = _assert_rejected(run_limited(["check", path]), path)
    assert found == [(1, 1, "file is 30.0 MB; journey files are limited to 10 MB")]


def test_file_at_the_size_limit_is_read(tmp_path):
    """Exactly 10 MB is allowed: the file is parsed (and fails for its content)."""
    path = _padded(tmp_path / "limit.yaml", MAX_BYTES)
    result = run_main("check", path)
    assert result.code == 2
    assert result.out == f"{shown(path)}:1:1: invalid: missing required key 'stages'\n" \
                         f"{shown(path)}:1:1: invalid: missing required key 'touchpoints'\n"


@pytest.mark.slow
def test_deep_flow_nesting(tmp_path):
    path = tmp_path / "flow.yaml"
    path.write_text("journey: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    found = _assert_rejected(run_limited(["check", path]), path)
    # the root mapping is level 1; the bracket that opens level MAX_DEPTH + 1
    assert found == [(1, len("journey: ") + MAX_DEPTH, (
        f"nesting is deeper than {MAX_DEPTH} levels; journey files need only a few"))]


@pytest.mark.slow
def test_deep_block_sequence_nesting(tmp_path):
    path = tmp_path / "block.yaml"
    path.write_text("- " * 10_000 + "x\n", encoding="utf-8")
    found = _assert_rejected(run_limited(["check", path]), path)
    assert found == [(1, 1 + 2 * MAX_DEPTH, (
        f"nesting is deeper than {MAX_DEPTH} levels; journey files need only a few"))]


@pytest.mark.slow
def test_alias_bomb_nine_levels(tmp_path):
    path = tmp_path / "bomb.yaml"
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _assert_rejected(run_limited(["check", path]), path)
    line, column, message = found[0]
    assert 2 <= line <= 9 and column > 1
    assert message == ("aliases expand this file to more than 10 times its size (an alias "
                       "bomb?); write the values out instead")


@pytest.mark.slow
def test_alias_bomb_of_mappings(tmp_path):
    path = tmp_path / "bomb.yaml"
    lines = ["journey: x", "a0: &a0 {k: v}"]
    for level in range(1, 12):
        keys = ", ".join(f"k{i}: *a{level - 1}" for i in range(6))
        lines.append(f"a{level}: &a{level} {{{keys}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _assert_rejected(run_limited(["check", path]), path)
    assert found[0][2].startswith("aliases expand this file")


def test_moderate_aliases_are_fine(tmp_path):
    """Anchors used a few times (a shared failure mode) are no bomb."""
    text = (JOURNEYS / "hairdresser.yaml").read_text(encoding="utf-8")
    text = text.replace("      - name: Cut is not what was asked for\n        likelihood: 0.08\n"
                        "        severity: 4\n      - name: Colour differs",
                        "      - &cut\n        name: Cut is not what was asked for\n"
                        "        likelihood: 0.08\n        severity: 4\n"
                        "      - name: Colour differs", 1)
    text = text.replace("      - name: Cut is not what was asked for\n        likelihood: 0.08\n"
                        "        severity: 4\n", "      - *cut\n", 1)
    assert "*cut" in text and "&cut" in text
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_main("check", path)
    assert result.code == 0, result.out


# -- odd but parseable inputs: a located message or success, never an exception ----------

ODD_VARIANTS = {
    "empty next mapping": ("next: {done: 0.5}", "next: {}"),
    "null next": ("next: {done: 0.5}", "next:"),
    "empty stages": ("  - {id: buy, aspect: sales}\n  - {id: help, aspect: complaint}\n", " []\n"),
    "null stage item": ("  - {id: help, aspect: complaint}\n",
                        "  - {id: help, aspect: complaint}\n  -\n"),
    "null touchpoint": ("  done:\n    outcome: loyal\n",
                        "  done:\n    outcome: loyal\n  empty:\n"),
    "empty entry": ("journey: tiny\n", "journey: tiny\nentry: {}\n"),
    "entry at an outcome": ("journey: tiny\n", "journey: tiny\nentry: done\n"),
    "empty segments": ("journey: tiny\n", "journey: tiny\nsegments: {}\n"),
    "empty promises": ("next: {done: 0.5}", "next: {done: 0.5}\n    promises: []"),
    "numeric ids": ("  done:\n", "  1:\n"),
    "numeric journey id": ("journey: tiny", "journey: 123"),
    "quoted cohort": ("journey: tiny\n", "journey: tiny\ncohort: '100'\n"),
    "channel complains to itself": ("    resolution: {rate: 0.7, hours: 24}",
                                    "    resolution: {rate: 0.7, hours: 24}\n"
                                    "    complaints: hotline"),
    "channels resolve into each other": (
        "    resolution: {rate: 0.7, hours: 24}",
        "    resolution: {rate: 0.7, back_to: h2}\n  h2:\n    stage: help\n"
        "    kind: complaint_channel\n    resolution: {rate: 1, back_to: hotline}"),
    "certain failure resolved back": ("likelihood: 0.1", "likelihood: 1"),
    "unknown lint rule": ("journey: tiny\n", "journey: tiny\nlint: {disable: [nope]}\n"),
    "mapping as a name": ("name: Website", "name: {a: 1}"),
    "list as likelihood": ("likelihood: 0.1", "likelihood: [0.1]"),
    "huge list next": ("next: {done: 0.5}", "next: [" + ", ".join(["done"] * 5000) + "]"),
}


@pytest.mark.parametrize("name", sorted(ODD_VARIANTS))
def test_odd_inputs_never_raise(tmp_path, name):
    old, new = ODD_VARIANTS[name]
    assert old in MINIMAL, name
    path = tmp_path / "odd.yaml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    result = run_main("check", path)  # any exception fails the test
    assert result.code in (0, 1, 2)
    for line in result.lines:
        assert re.match(rf"^{re.escape(shown(path))}:\d+:\d+: [a-z-]+: \S", line), line
    if result.code == 2:
        assert any(": invalid: " in line for line in result.lines)
