"""Hostile text in journeys stays text in every CI output: JSON, SARIF, GitHub annotations,
the step summary and the Markdown diff (tests parse what comes out)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import yaml

from mapper.cli import main

REPO = Path(__file__).resolve().parents[2]
SARIF = json.loads((REPO / "tests" / "vendor" / "sarif-schema-2.1.0.json").read_text())
#: (a carriage return is refused by the loader since journey text holds no control characters)
EVIL = ('<script>alert(1)</script> "]; x [label=pwn] \\ back\\slash 100% done\n'
        '::error file=x::forged,line=1 | pipe \u202eevil\u202c ' + "x" * 40)


def hostile_journey(tmp_path: Path) -> Path:
    data = {
        "journey": "hostile", "cohort": 100,
        "segments": {"small": {"share": 0.5, "name": EVIL}, "large": {"share": 0.5}},
        "stages": [{"id": "s", "aspect": "sales", "name": EVIL}],
        "touchpoints": {
            "a": {"name": EVIL, "stage": "s", "likelihood": 0.1,
                  "segments": {"small": {"likelihood": 0.5}},
                  "promises": [{"id": "p", "text": EVIL, "kept_at": "b"}],
                  "next": {"b": 0.2}},
            "b": {"name": EVIL, "stage": "s", "next": "done"},
            "done": {"outcome": "loyal"},
        },
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_keeps_the_text_exactly(tmp_path):
    path = hostile_journey(tmp_path)
    code, out, _ = run("check", "--format", "json", path)
    assert code == 0
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert any(EVIL in m for m in messages)   # the promise text, byte for byte


def test_sarif_is_valid_and_keeps_the_text(tmp_path):
    _, out, _ = run("check", "--format", "sarif", hostile_journey(tmp_path))
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF).validate(log)
    assert any(EVIL in r["message"]["text"] for r in log["runs"][0]["results"])


def unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":") \
        .replace("%2C", ",").replace("%25", "%")


def test_github_annotations_cannot_be_forged(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, out, _ = run("check", "--format", "github", hostile_journey(tmp_path))
    lines = out.split("\n")[:-1]
    assert lines and all(line.startswith(("::warning ", "::notice ", "::error ")) for line in lines)
    for line in lines:
        command, props_and_message = line.split(" ", 1)
        props, message = props_and_message.split("::", 1)
        assert "\r" not in line and "\n" not in line
        assert len(props.split(",")) == 4          # file, line, col, title: nothing forged
    restored = [unescape(line.split("::", 2)[2]) for line in lines]
    assert any(EVIL in m for m in restored)
    table = [row for row in summary.read_text(encoding="utf-8").splitlines()
             if row.startswith("| ") and "hostile.yaml" in row]
    assert table and all(row.count(" | ") == 4 for row in table)   # five cells, no | injected
    assert "<script>" not in summary.read_text(encoding="utf-8")


def test_markdown_diff_escapes_names(tmp_path):
    old = hostile_journey(tmp_path)
    text = old.read_text(encoding="utf-8").replace("likelihood: 0.1", "likelihood: 0.3", 1)
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    _, out, _ = run("diff", old, new, "--format", "markdown")
    assert "<script>" not in out
    for row in out.splitlines():
        if row.startswith("| hostile"):
            assert row.count(" | ") == 4
