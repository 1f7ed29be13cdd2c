"""The one file writer: atomic replacement, one naming of temporary files, one mode rule."""
from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from mapper.core import atomic
from mapper.core.errors import UsageError
from mapper.site.files import TEMPORARY


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _default_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def test_a_new_file_gets_the_mode_open_would_give(tmp_path: Path):
    target = tmp_path / "new.txt"
    atomic.write_atomic(str(target), "text")
    assert target.read_text(encoding="utf-8") == "text"
    assert _mode(target) == _default_mode()


def test_a_replaced_file_keeps_its_mode(tmp_path: Path):
    target = tmp_path / "kept.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    atomic.write_atomic(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600


def test_created_files_follow_the_same_rule(tmp_path: Path):
    target = tmp_path / "created.yaml"
    atomic.create_atomic(str(target), "a: 1\n")
    assert _mode(target) == _default_mode()
    with pytest.raises(FileExistsError):
        atomic.create_atomic(str(target), "a: 2\n")
    assert target.read_text(encoding="utf-8") == "a: 1\n"
    assert sorted(os.listdir(tmp_path)) == ["created.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError):
        atomic.write_atomic(str(target), "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["report.html"]


def test_a_writer_that_wants_a_file_name(tmp_path: Path):
    target = tmp_path / "events.csv"
    seen = []
    with atomic.replacing(str(target)) as temporary:
        seen.append(os.path.basename(temporary))
        Path(temporary).write_text("case,activity\n", encoding="utf-8")
        assert not target.exists()   # nothing shows until the block ends
    assert target.read_text(encoding="utf-8") == "case,activity\n"
    assert _mode(target) == _default_mode()
    assert seen[0].startswith(f".events.csv.{os.getpid()}-") and seen[0].endswith(".tmp")
    with pytest.raises(RuntimeError):
        with atomic.replacing(str(target)) as temporary:
            Path(temporary).write_text("half", encoding="utf-8")
            raise RuntimeError("writer failed")
    assert target.read_text(encoding="utf-8") == "case,activity\n"
    assert sorted(os.listdir(tmp_path)) == ["events.csv"]


def test_temporary_names_are_the_ones_a_build_cleans_up(tmp_path: Path, monkeypatch):
    names = []
    real = atomic.tempfile.mkstemp

    def spy(**kwargs: str) -> tuple[int, str]:
        handle, path = real(**kwargs)
        names.append(os.path.basename(path))
        return handle, path

    monkeypatch.setattr(atomic.tempfile, "mkstemp", spy)
    atomic.write_atomic(str(tmp_path / "shop.svg"), b"<svg/>")
    atomic.write_atomic(str(tmp_path / ".journeymap-manifest.json"), b"{}")
    assert len(names) == 2 and all(TEMPORARY.match(name) for name in names), names


def test_emit_writes_text_or_bytes_to_a_file_and_text_to_the_stream(tmp_path: Path):
    stream = io.StringIO()
    atomic.emit("hello\n", stream, "-")
    atomic.emit("again\n", stream, None)
    assert stream.getvalue() == "hello\nagain\n"
    atomic.emit(b"\x89PNG", stream, str(tmp_path / "x.png"))
    assert (tmp_path / "x.png").read_bytes() == b"\x89PNG"
    with pytest.raises(UsageError, match="already exists; give --force"):
        atomic.emit("x", stream, str(tmp_path / "x.png"), overwrite=False,
                    exists_hint="give --force")
    with pytest.raises(UsageError, match="is a folder; give a file name"):
        atomic.emit("x", stream, str(tmp_path))
    with pytest.raises(ValueError):
        atomic.emit(b"\x89PNG", stream, "-")
