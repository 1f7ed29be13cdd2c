"""The package type-checks cleanly with mypy, under the settings in setup.cfg."""
from __future__ import annotations

from mypy import api

from conftest import REPO


def test_mypy_reports_no_errors_in_mapper(tmp_path):
    report, errors, status = api.run([
        "--config-file", str(REPO / "setup.cfg"),
        "--cache-dir", str(tmp_path / "mypy-cache"),
        "--no-error-summary", "--show-error-codes",
        str(REPO / "mapper"),
    ])
    assert (status, report, errors) == (0, "", ""), f"mypy found problems:\n{report}{errors}"
