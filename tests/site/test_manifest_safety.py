"""A tampered or corrupt build manifest is ignored with a notice: never a traceback, never
a removal on its word; only files the tool made are ever removed."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import MINIMAL, run_main, write
from mapper.site.manifest import MANIFEST, InvalidManifest, parse_manifest


def built(tmp_path: Path) -> tuple[Path, Path]:
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    return journey, out


def tamper(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path], str]:
    def apply(manifest: Path) -> str:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return json.dumps(change(data))
    return apply


def _entry(data: dict[str, Any]) -> dict[str, Any]:
    return next(iter(data["journeys"].values()))


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``path``: keys joined by ``|``; ``*`` is the one journey's entry."""
    target = data
    *parents, last = path.split("|")
    for key in parents:
        target = next(iter(target.values())) if key == "*" else target[key]
    target[last] = value
    return data


CORRUPT: dict[str, Callable[[Path], str]] = {
    "list top level": lambda _: "[]",
    "null top level": lambda _: "null",
    "string top level": lambda _: '"manifest"',
    "not JSON": lambda _: "{\"format\": 1,",
    "not UTF-8": lambda _: "\udcff",
    "deep array": lambda _: "[" * 100_000 + "]" * 100_000,
    "journeys is a list": tamper(lambda d: _set(d, "journeys", [])),
    "settings is a number": tamper(lambda d: _set(d, "settings", 5)),
    "index is a string": tamper(lambda d: _set(d, "index", "x")),
    "files is a list": tamper(lambda d: _set(d, "journeys|*|files", ["tiny.html"])),
    "file stamp is null": tamper(lambda d: _set(d, "journeys|*|files|tiny.html", None)),
    "size is a string": tamper(lambda d: _set(d, "journeys|*|files|tiny.html",
                                              [_entry(d)["files"]["tiny.html"][0], "1", 2])),
    "a ../ file name": tamper(lambda d: _set(d, "journeys|*|files|../victim.html",
                                             _entry(d)["files"]["tiny.html"])),
    "an absolute file name": tamper(lambda d: _set(d, "journeys|*|files|/tmp/tiny.html",
                                                   _entry(d)["files"]["tiny.html"])),
    "another journey's file": tamper(lambda d: _set(d, "journeys|*|files|other.html",
                                                    _entry(d)["files"]["tiny.html"])),
    "bad gate level": tamper(lambda d: _set(d, "journeys|*|gate",
                                            [["site", "extreme", 50, 6, 3]])),
    "gate is a string": tamper(lambda d: _set(d, "journeys|*|gate", "high")),
    "gate row too short": tamper(lambda d: _set(d, "journeys|*|gate", [["site", "high"]])),
    "gate score NaN": tamper(lambda d: _set(d, "journeys|*|gate",
                                            [["site", "high", float("nan"), 6, 3]])),
    "unknown key": tamper(lambda d: _set(d, "journeys|*|extra", 1)),
    "missing key": tamper(lambda d: {k: v for k, v in d.items() if k != "settings"}),
    "other format": tamper(lambda d: _set(d, "format", 2)),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_a_corrupt_manifest_means_rebuild_everything(tmp_path: Path, case: str):
    journey, out = built(tmp_path)
    victim = tmp_path / "victim.html"
    victim.write_text("precious")
    manifest = out / MANIFEST
    manifest.write_text(CORRUPT[case](manifest), encoding="utf-8", errors="surrogateescape")
    for options in ((), ("--fail-on", "low")):
        result = run_main("build", journey, "-o", out, *options)
        assert result.code == (0 if not options else 1), result.err
        lines = result.err.splitlines()
        assert lines[0].startswith(f"journeymap: ignoring {manifest} (")
        assert lines[0].endswith("); rebuilding everything")
        assert "Traceback" not in result.err
        assert lines[1].startswith("built 1 of 1 journey(s)")
        manifest.write_text(CORRUPT[case](manifest), encoding="utf-8",
                            errors="surrogateescape")
    assert victim.read_text() == "precious"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    assert run_main("build", journey, "-o", out).err.endswith("are up to date\n")
    assert run_main("build", journey, "-o", out, "--check").code == 0


def test_the_manifest_the_tool_writes_is_valid(tmp_path: Path):
    _, out = built(tmp_path)
    manifest = parse_manifest((out / MANIFEST).read_bytes())
    assert set(manifest.entries[next(iter(manifest.entries))].files) == {
        "tiny.json", "tiny.dot", "tiny.svg", "tiny.html"}


def test_a_huge_manifest_is_refused_before_parsing(monkeypatch):
    import mapper.site.manifest as ledger

    monkeypatch.setattr(ledger, "MAX_MANIFEST_BYTES", 100)
    with pytest.raises(InvalidManifest, match="larger than"):
        parse_manifest(b" " * 101)


def test_a_hand_written_stage_view_is_never_removed(tmp_path: Path):
    journey, out = built(tmp_path)
    mine = out / "tiny.stage-1.svg"
    mine.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    journey.write_text(MINIMAL.replace("likelihood: 0.1", "likelihood: 0.2"), encoding="utf-8")
    for options in ((), ("--force",)):
        result = run_main("build", journey, "-o", out, "-v", *options)
        assert result.code == 0 and "removed" not in result.err, result.err
        assert mine.exists()
    check = run_main("build", journey, "-o", out, "--check")
    assert check.code == 0, check.out


def test_a_recorded_stage_view_is_removed_when_the_journey_no_longer_has_it(tmp_path: Path):
    journey, out = built(tmp_path)
    manifest = out / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    stage = out / "tiny.stage-1.svg"
    stage.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    _entry(data)["files"]["tiny.stage-1.svg"] = _entry(data)["files"]["tiny.svg"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    check = run_main("build", journey, "-o", out, "--check")
    assert check.code == 1 and check.out == f"stale: {stage}\n"
    result = run_main("build", journey, "-o", out, "-v")
    assert result.code == 0 and f"removed {stage}" in result.err
    assert not stage.exists()
