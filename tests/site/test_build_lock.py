"""One build writes an OUT at a time: a lock, per-process temporary files, the manifest last."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, outputs, run_main, write
from mapper.site import files as output
from mapper.site.lock import LOCK

LOCKED = "is being written by another journeymap (pid "


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), environment.get("PYTHONPATH")]))
    return environment


def journeys(folder: Path, cohort: int) -> None:
    for name in ("tiny", "small"):
        write(folder, f"{name}.yaml", MINIMAL.replace("journey: tiny", f"journey: {name}\n"
                                                      f"cohort: {cohort}"))


def start(source: Path, out: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mapper", "build", str(source), "-o",
                             str(out), "-q", *options], env=env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("builds", [2, 5])
def test_concurrent_builds_leave_a_clean_folder_every_round(tmp_path: Path, builds: int):
    source, out = tmp_path / "journeys", tmp_path / "site"
    codes: list[int] = []
    for round_ in range(10):
        journeys(source, 1000 + 10 * round_)
        options = [("--wait",) if i % 2 == 0 else ("--force",) if i % 3 == 1 else ()
                   for i in range(builds)]
        processes = [start(source, out, *option) for option in options]
        edited = round_ % 2 == 1
        if edited:   # the journeys change while the builds run
            time.sleep(0.2 * (round_ % 4))
            journeys(source, 1000 + 10 * round_ + 5)
        for process, option in zip(processes, options):
            stdout, stderr = process.communicate(timeout=300)
            codes.append(process.returncode)
            assert process.returncode in (0, 2), (round_, option, stderr)
            if process.returncode == 2:
                assert LOCKED in stderr and "--wait" not in option, (round_, option, stderr)
                assert len(stderr.splitlines()) == 1, stderr
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")], round_
        if edited:   # an incremental build catches up with the edit
            assert run_main("build", source, "-o", out, "-q").code == 0
        check = run_main("build", source, "-o", out, "--check")
        assert check.code == 0, (round_, check.out, check.err)
        assert run_main("build", source, "-o", out).err.endswith("are up to date\n")
    assert 0 in codes


def test_a_locked_folder_fails_fast_naming_the_holder(tmp_path: Path):
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(out / LOCK)!r}, os.O_RDWR)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "os.ftruncate(fd, 0); os.write(fd, b'%d build\\n' % os.getpid())\n"
        "print('locked', flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = run_main("build", journey, "-o", out, "--force")
        assert result.code == 2
        assert result.err == (f"journeymap: error: {out} {LOCKED}{holder.pid}, build); try "
                              "again when it has finished, or pass --wait to wait for it\n")
        check = run_main("build", journey, "-o", out, "--check")
        assert check.code == 2 and LOCKED in check.err
        waiting = start(journey.parent, out, "--wait", "--force")
        time.sleep(1.0)
        assert waiting.poll() is None   # still waiting for the holder
    finally:
        holder.kill()
        holder.wait()
    stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert stderr.startswith(f"journeymap: waiting for another journeymap (pid {holder.pid}, "
                             f"build) to finish writing {out} before writing it\n")


def test_the_lock_file_is_never_followed_through_a_link(tmp_path: Path):
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (out / LOCK).symlink_to(victim)
    result = run_main("build", journey, "-o", out)
    assert result.code == 2 and "is a symbolic link; remove it" in result.err
    assert victim.read_text() == "precious\n"
    assert not outputs(out)


def test_temporary_files_are_removed_only_when_their_process_is_gone(tmp_path: Path):
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    mine = out / f".tiny.svg.{os.getpid()}-abc123.tmp"
    gone = out / f".tiny.svg.{dead}-abc123.tmp"
    for path in (mine, gone):
        path.write_bytes(b"half")
        assert output.TEMPORARY.match(path.name)
    assert run_main("build", journey, "-o", out, "-q", "--force").code == 0
    assert mine.exists() and not gone.exists()


def test_a_dangling_symlink_out_is_named(tmp_path: Path):
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    (tmp_path / "site").symlink_to(tmp_path / "missing")
    for extra in ((), ("--check",)):
        result = run_main("build", journey, "-o", tmp_path / "site", *extra)
        assert result.code == 2
        assert result.err == (f"journeymap: error: output folder {tmp_path / 'site'} is a "
                              f"symbolic link to {tmp_path / 'missing'}, which does not exist; "
                              "create the target or remove the link\n")
        assert "File exists" not in result.err
    assert not (tmp_path / "missing").exists()


def test_serve_builds_under_the_same_lock(tmp_path: Path):
    from mapper.serve.live import LiveState, rebuild
    from mapper.site.pipeline import SitePipeline, Sources

    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    out.mkdir()
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        import threading

        live = LiveState()
        pipeline = SitePipeline(Sources.of([str(journey)], str(out)), "serve")
        thread = threading.Thread(target=rebuild, args=(pipeline, live, print))
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive() and not outputs(out)   # it waits for the lock
    finally:
        os.close(fd)
    thread.join(60)
    assert live.snapshot().errors == [] and (out / "tiny.html").exists()


def test_serve_names_a_dangling_symlink_out(tmp_path: Path):
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    (tmp_path / "site").symlink_to(tmp_path / "missing")
    result = run_main("serve", journey, "-o", tmp_path / "site", "--port", "0")
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err == (f"journeymap: error: output folder {tmp_path / 'site'} is a "
                          f"symbolic link to {tmp_path / 'missing'}, which does not exist; "
                          "create the target or remove the link\n")


def test_a_file_system_without_locks_builds_with_a_notice(tmp_path: Path, monkeypatch):
    import errno

    from mapper.site import lock

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock.fcntl, "flock", no_locks)
    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    result = run_main("build", journey, "-o", out, "-q")
    assert result.code == 0
    assert result.err == (f"journeymap: cannot lock {out} (No locks available); writing it "
                          "without a lock: do not run two builds into it at once\n")
    assert (out / "tiny.html").exists()


def test_an_unreadable_lock_file_is_a_clear_error_on_check(tmp_path: Path, monkeypatch):
    from mapper.site import lock

    journey = write(tmp_path, "in/tiny.yaml", MINIMAL)
    out = tmp_path / "site"
    assert run_main("build", journey, "-o", out, "-q").code == 0
    real_open = lock.os.open

    def denied(path: str, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(LOCK):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(lock.os, "open", denied)
    for extra in ((), ("--check",)):
        result = run_main("build", journey, "-o", out, "--force", *extra)
        assert result.code == 2 and "Traceback" not in result.err
        verb = "read" if extra else "write to"
        assert result.err == (f"journeymap: cannot {verb} the output folder {out}: "
                              f"{out / LOCK}: Permission denied\n")
