"""`score`, what-if `--set`, `--profile`, and the risk gates of `check`."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mapper.cli import main
from mapper.risk.profile import PROFILE, load_profile

REPO = Path(__file__).resolve().parents[2]
SHOP = str(REPO / "journeys" / "online-shop.yaml")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_shipped_profile_is_complete_and_documented():
    text = (REPO / "mapper" / "risk" / "profile.yaml").read_text(encoding="utf-8")
    profile = load_profile()
    for section, spec in PROFILE.by_name.items():
        if hasattr(spec.spec, "by_name"):
            assert set(getattr(profile, section)) == set(spec.spec.by_name), section
        assert f"{section}:" in text
    # the domain figures are the defaults
    assert profile.customers["never_return"] == 0.93
    assert (profile.customers["word_of_mouth_low"], profile.customers["word_of_mouth_high"]) == (10, 30)
    assert profile.customers["acquisition_cost_factor"] == 5
    assert text.count("Domain:") >= 5


def test_profile_override_changes_the_figures(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text("customers:\n  never_return: 0.5\n", encoding="utf-8")
    _, base, _ = run("score", SHOP, "--format", "json")
    code, changed, _ = run("score", SHOP, "--format", "json", "--profile", str(profile))
    assert code == 0
    before, after = json.loads(base), json.loads(changed)
    assert after["summary"]["expected_lost"] < before["summary"]["expected_lost"]
    assert after["journey"]["profile"] == str(profile)


def test_profile_errors_are_located(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_text("customers:\n  never_retrun: 0.5\nlevels:\n  high: 150\n", encoding="utf-8")
    code, out, err = run("score", SHOP, "--profile", str(profile))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines == [
        f"{profile}:2:3: profile: unknown key 'never_retrun' (did you mean 'never_return'?)",
        f"{profile}:4:9: profile: high must be between 0 and 100, got 150",
    ]


def test_what_if_prints_before_and_after():
    code, out, _ = run("score", SHOP, "--set", "courier.likelihood=0.02")
    assert code == 0
    assert out.startswith("what if: courier.likelihood=0.02")
    courier = [line for line in out.splitlines() if line.startswith("courier")]
    assert courier, out
    assert "expected lost" in out


def test_what_if_json_and_lower_losses():
    original = Path(SHOP).read_bytes()
    code, out, _ = run("score", SHOP, "--format", "json", "--set", "courier.likelihood=0.0")
    assert code == 0
    data = json.loads(out)
    assert data["after"]["summary"]["expected_lost"] < data["before"]["summary"]["expected_lost"]
    courier = {t["id"]: t for t in data["after"]["touchpoints"]}["courier"]
    assert courier["likelihood"] == 0
    assert Path(SHOP).read_bytes() == original  # the file itself is untouched


def test_what_if_keeps_the_failure_modes_severity():
    _, out, _ = run("score", SHOP, "--format", "json", "--set", "courier.likelihood=0.1")
    data = json.loads(out)
    before = {t["id"]: t for t in data["before"]["touchpoints"]}["courier"]
    after = {t["id"]: t for t in data["after"]["touchpoints"]}["courier"]
    assert after["severity"] == pytest.approx(before["severity"], rel=1e-5)


@pytest.mark.parametrize("setting, message", [
    ("courier.likelihood=2", "likelihood must be between 0 and 1, got 2"),
    ("courier.severty=3", "unknown key 'severty' (did you mean 'severity'?)"),
    ("nonsense", "--set nonsense: write it as touchpoint.key=value"),
])
def test_what_if_bad_values_exit_2(setting, message):
    code, out, err = run("score", SHOP, "--set", setting)
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def test_check_fail_on_and_strict():
    code, out, _ = run("check", str(REPO / "journeys"), "--fail-on", "medium")
    assert code == 1
    assert "fail-on: touchpoint 'repair_centre' is medium" in out
    assert run("check", str(REPO / "journeys"), "--fail-on", "critical")[0] == 0
    assert run("check", str(REPO / "journeys"), "--strict")[0] == 1
    assert run("check", str(REPO / "journeys"))[0] == 0


def test_check_disable_rule():
    _, out, _ = run("check", str(REPO / "journeys"), "--disable", "double-standard")
    assert "double-standard" not in out
    code, _, err = run("check", "--disable", "double-standrd")
    assert code == 2 and "did you mean 'double-standard'" in err


def test_check_json_includes_lint_findings():
    _, out, _ = run("check", str(REPO / "journeys" / "hairdresser.yaml"), "--format", "json")
    data = json.loads(out)
    rules = {f["rule"] for f in data["findings"]}
    assert "taken-for-granted" in rules
    for finding in data["findings"]:
        assert {"rule", "severity", "message", "file", "line", "column"} <= set(finding)
    assert data["summary"]["warning"] >= 1
