"""`journeymap serve`: live preview end to end (a real process, real HTTP, real file edits)."""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import JOURNEYS, limited_env, run_main, shown
from mapper.serve.live import BuildState, LiveState, rebuild, summary
from mapper.serve.livereload import VERSION_PATH, inject, relax_policy
from mapper.serve.watch import watch_plan
from mapper.site.manifest import MANIFEST
from mapper.site.pipeline import SitePipeline, Sources

START_TIMEOUT = 90   # the first build renders every journey with Graphviz
CHANGE_TIMEOUT = 45  # a save is picked up and rebuilt within this


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, lines: "queue.Queue[str]",
                 err: list[str]):
        self.proc, self.url, self.lines, self.err = proc, url, lines, err

    def get(self, path: str) -> tuple[int, str, str]:
        if self.proc.poll() is not None:   # no connection error: say why and what it said
            time.sleep(0.1)  # let the pump collect the last of stderr
            pytest.fail(f"the server exited with code {self.proc.returncode}:\n"
                        + "".join(self.err))
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return (response.status, response.headers.get("Content-Type", ""),
                        response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            return exc.code, "", ""

    def state(self) -> dict:
        status, kind, body = self.get(VERSION_PATH)
        assert status == 200 and kind.startswith("application/json")
        return json.loads(body)

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


def _pump(stream, sink) -> None:
    for line in stream:
        sink(line)


@pytest.fixture
def serve(tmp_path):
    started: list[Server] = []

    def start(source: Path, out: Path) -> Server:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mapper", "serve", str(source), "-o", str(out),
             "--port", "0"], cwd=tmp_path, env=limited_env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        lines: "queue.Queue[str]" = queue.Queue()
        err: list[str] = []
        threading.Thread(target=_pump, args=(proc.stdout, lines.put), daemon=True).start()
        threading.Thread(target=_pump, args=(proc.stderr, err.append), daemon=True).start()
        line = _first_line(proc, lines, err)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        server = Server(proc, found.group(0), lines, err)
        started.append(server)
        return server

    yield start
    for server in started:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


def _first_line(proc: subprocess.Popen, lines: "queue.Queue[str]", err: list[str]) -> str:
    """The server's first line of output; fails at once if the process dies first."""
    end = time.monotonic() + START_TIMEOUT
    while time.monotonic() < end:
        try:
            return lines.get(timeout=0.25)
        except queue.Empty:
            if proc.poll() is not None:
                time.sleep(0.1)  # let the pump collect the last of stderr
                pytest.fail(f"serve exited with code {proc.returncode} before printing "
                            "its URL:\n" + "".join(err))
    proc.kill()
    pytest.fail("serve printed no URL in time:\n" + "".join(err))


def wait_for(condition, timeout: float, what: str, proc: subprocess.Popen | None = None):
    """Poll ``condition`` until true; fail at once if ``proc`` (the server) has died."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the server exited with code {proc.returncode} while waiting "
                        f"for {what}")
        if time.monotonic() > end:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.25)


def listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets listening on ``port`` (from /proc/net/tcp, tcp6)."""
    found = set()
    for name, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            rows = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


@pytest.mark.slow
def test_serve_end_to_end(tmp_path, serve):
    source = tmp_path / "journeys"
    source.mkdir()
    for name in ("online-shop.yaml", "hairdresser.yaml"):
        shutil.copy(JOURNEYS / name, source / name)
    out = tmp_path / "site"
    server = serve(source, out)
    port = int(server.url.rsplit(":", 1)[1].strip("/"))

    # only loopback: nothing listens on this port on any other address
    assert listening_addresses(port) == {"127.0.0.1"}

    status, kind, index = server.get("/")
    assert status == 200 and kind.startswith("text/html")
    assert "online-shop.html" in index and "hairdresser.html" in index
    assert VERSION_PATH in index and "connect-src 'self'" in index.replace("&#x27;", "'")
    assert VERSION_PATH not in (out / "index.html").read_text(encoding="utf-8")  # disk intact
    first = server.state()
    assert first["errors"] == [] and first["journeys"] == 2

    status, kind, svg = server.get("/online-shop.svg")
    assert status == 200 and "svg" in kind and VERSION_PATH not in svg
    assert server.get("/missing.html")[0] == 404

    # a save is rebuilt and the page shows it
    path = source / "online-shop.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("title: Online computer shop",
                                     "title: Online computer shop, edited live"),
                    encoding="utf-8")
    page = wait_for(lambda: (lambda p: p if "edited live" in p else None)(
        server.get("/online-shop.html")[2]), CHANGE_TIMEOUT, "the rebuilt page",
        server.proc)
    assert 'id="journeymap-live" role="alert" hidden' in page
    # the page is on disk a moment before the state names its version
    wait_for(lambda: server.state()["version"] > first["version"], CHANGE_TIMEOUT,
             "the new version", server.proc)
    hairdresser = (out / "hairdresser.html").stat().st_mtime_ns

    # a broken save: the located error shows in the page, the server keeps running
    broken = original.replace("    severity: 3\n", "    severity: 9\n", 1)
    line = original[:original.index("    severity: 3\n")].count("\n") + 1
    path.write_text(broken, encoding="utf-8")
    state = wait_for(lambda: (lambda s: s if s["errors"] else None)(server.state()),
                     CHANGE_TIMEOUT, "the error of the broken save", server.proc)
    assert any(e.startswith(f"{shown(path, cwd=tmp_path)}:{line}:")
               and "severity must be between 1 and 5" in e
               for e in state["errors"]), state["errors"]
    page = server.get("/online-shop.html")[2]
    assert 'role="alert">' in page and "severity must be between 1 and 5" in page
    assert server.proc.poll() is None

    # fixed again: the error goes away; the other journey was never re-rendered
    path.write_text(original, encoding="utf-8")
    wait_for(lambda: not server.state()["errors"], CHANGE_TIMEOUT, "the error to clear",
             server.proc)
    assert (out / "hairdresser.html").stat().st_mtime_ns == hairdresser
    assert "edited live" not in server.get("/online-shop.html")[2]

    # a journey deleted: its files and its index entry go, as with build
    (source / "hairdresser.yaml").unlink()
    wait_for(lambda: server.get("/hairdresser.html")[0] == 404, CHANGE_TIMEOUT,
             "the deleted journey's page to go", server.proc)
    wait_for(lambda: server.state()["journeys"] == 1, CHANGE_TIMEOUT,
             "the state to count one journey", server.proc)
    assert not list(out.glob("hairdresser.*"))
    assert "hairdresser" not in server.get("/")[2]

    # Ctrl-C: a clean exit
    assert server.stop(signal.SIGINT) == 0
    err = "".join(server.err)
    assert "Traceback" not in err and "stopped" in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


@pytest.mark.slow
def test_serve_starts_with_a_broken_journey_and_stops_on_sigterm(tmp_path, serve):
    source = tmp_path / "in"
    source.mkdir()
    (source / "bad.yaml").write_text("journey: bad\nstages: []\n", encoding="utf-8")
    server = serve(source, tmp_path / "out")
    state = server.state()
    assert state["errors"] and state["errors"][0].startswith(
        f"{shown(source / 'bad.yaml', cwd=tmp_path)}:")
    status, _, page = server.get("/")
    assert status == 200 and "bad.yaml" in page and 'role="alert">' in page
    assert server.stop(signal.SIGTERM) == 0


def test_port_in_use_is_a_usage_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_main("serve", JOURNEYS / "hairdresser.yaml", "-o", tmp_path / "out",
                          "--port", str(port))
    assert result.code == 2 and f"port {port} is in use" in result.err


def test_missing_path_is_a_usage_error(tmp_path):
    result = run_main("serve", tmp_path / "nothing", "-o", tmp_path / "out", "--port", "0")
    assert result.code == 2 and "no such file or folder" in result.err


# -- the parts, in process ------------------------------------------------------------

PAGE = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        'content="default-src &#x27;none&#x27;; script-src &#x27;sha256-abc=&#x27;; '
        'img-src data:"></head><body><p>report</p></body></html>')


def test_inject_relaxes_the_policy_for_its_own_blocks_only():
    page = inject(PAGE, 7, ["a.yaml:1:2: bad <script>alert(1)</script>"])
    assert page.index("<p>report</p>") < page.index('id="journeymap-live"') < \
        page.index("</body>")
    policy = re.search(r'content="([^"]*)"', page).group(1).replace("&#x27;", "'")
    assert "'sha256-abc='" in policy and "connect-src 'self'" in policy
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert len(re.findall(r"'sha256-", policy)) == 3  # the page's script, ours, our style
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "var version=7;" in page
    assert 'role="alert" hidden' in inject(PAGE, 1, [])


def test_inject_finds_the_policy_whatever_the_attribute_order():
    page = PAGE.replace('http-equiv="Content-Security-Policy" content=', "content=")
    page = page.replace('"></head>', "\" http-equiv='content-security-policy'></head>")
    assert "connect-src &#x27;self&#x27;" in inject(page, 1, [])


def test_relax_policy_keeps_other_directives():
    policy = relax_policy("default-src 'none'; style-src 'none'", "s", "t")
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "'none'" not in policy.split(";")[1]


def test_watch_plan(tmp_path):
    journeys = tmp_path / "journeys"
    catalog = tmp_path / "catalog"
    for folder in (journeys, catalog, journeys / "site"):
        folder.mkdir(parents=True)
    single = tmp_path / "other.yaml"
    profile = tmp_path / "profile.yaml"
    plan = watch_plan([str(journeys), str(single)], [str(catalog)], str(profile),
                      str(journeys / "site"))
    assert plan.dirs == tuple(sorted(str(p.resolve()) for p in (tmp_path, journeys, catalog)))
    assert plan.relevant(str(journeys / "a.yaml")) and plan.relevant(str(journeys / "x/b.yml"))
    assert plan.relevant(str(catalog / "retail" / "x.yaml"))
    assert plan.relevant(str(single)) and plan.relevant(str(profile))
    assert not plan.relevant(str(journeys / "site" / "index.yaml"))
    assert not plan.relevant(str(journeys / "notes.txt"))
    assert not plan.relevant(str(journeys / ".a.yaml.swp"))
    assert not plan.relevant(str(tmp_path / "unrelated.yaml"))
    (journeys / "new-folder").mkdir()
    assert plan.relevant(str(journeys / "new-folder"))  # watched after the next plan
    assert str((journeys / "new-folder").resolve()) in watch_plan(
        [str(journeys)], [], None, str(journeys / "site")).dirs


def _live(source: Path, out: Path) -> tuple[SitePipeline, LiveState, list[str]]:
    told: list[str] = []
    return SitePipeline(Sources.of([str(source)], str(out)), "serve"), LiveState(), told


@pytest.mark.slow
def test_serve_rebuilds_only_what_changed(tmp_path):
    source = tmp_path / "journeys"
    source.mkdir()
    for name in ("online-shop.yaml", "hairdresser.yaml"):
        shutil.copy(JOURNEYS / name, source / name)
    pipeline, live, told = _live(source, tmp_path / "site")
    first = rebuild(pipeline, live, told.append)
    assert sorted(first.rendered) == ["hairdresser", "online-shop"] and not first.errors
    again = rebuild(pipeline, live, told.append)
    assert again.rendered == [] and again.written == [] and again.version == first.version
    path = source / "hairdresser.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 500", "cohort: 600"),
                    encoding="utf-8")
    changed = rebuild(pipeline, live, told.append)
    assert changed.rendered == ["hairdresser"] and changed.version == first.version + 1
    path.write_text("journey: [", encoding="utf-8")
    broken = rebuild(pipeline, live, told.append)
    assert broken.errors and broken.errors[0].startswith(f"{shown(path, source)}:")
    assert told == broken.errors   # the terminal hears the located errors too
    assert os.path.exists(tmp_path / "site" / "hairdresser.html")  # last good output stays


def test_serve_remembers_unchanged_journeys(tmp_path, monkeypatch):
    """A save reads, analyses and renders the saved journey only."""
    from mapper.model import workspace

    source = tmp_path / "journeys"
    source.mkdir()
    for name in ("hairdresser.yaml", "supermarket.yaml"):
        shutil.copy(JOURNEYS / name, source / name)
    pipeline, live, told = _live(source, tmp_path / "site")
    rebuild(pipeline, live, told.append)
    read: list[str] = []
    real = workspace.load_journey
    monkeypatch.setattr(workspace, "load_journey",
                        lambda path, *args, **kwargs: read.append(path) or real(path, *args,
                                                                               **kwargs))
    path = source / "hairdresser.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("cohort: 500", "cohort: 700"),
                    encoding="utf-8")
    state = rebuild(pipeline, live, told.append)
    assert state.rendered == ["hairdresser"] and read == [str(path)]
    assert "hairdresser.html" in state.written and "index.html" in state.written


def test_serve_removes_a_deleted_journeys_files_and_index_entry(tmp_path):
    """As build does: the outputs of a journey that is gone go, and the index forgets it."""
    source = tmp_path / "journeys"
    source.mkdir()
    for name in ("hairdresser.yaml", "supermarket.yaml"):
        shutil.copy(JOURNEYS / name, source / name)
    out = tmp_path / "site"
    (out).mkdir()
    (out / "notes.html").write_text("mine", encoding="utf-8")   # not the tool's: stays
    pipeline, live, told = _live(source, out)
    first = rebuild(pipeline, live, told.append)
    assert 'href="hairdresser.html"' in (out / "index.html").read_text(encoding="utf-8")
    made = sorted(p.name for p in out.glob("hairdresser.*"))
    assert made == ["hairdresser.dot", "hairdresser.html", "hairdresser.json",
                    "hairdresser.svg"]
    (source / "hairdresser.yaml").unlink()
    state = rebuild(pipeline, live, told.append)
    assert state.version == first.version + 1 and state.journeys == 1 and not state.errors
    assert sorted(p.name for p in out.glob("hairdresser.*")) == []
    assert sorted(state.removed) == made and state.written == ["index.html"]
    assert summary(state) == "updated index.html; removed " + ", ".join(made)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "hairdresser" not in index and 'href="supermarket.html"' in index
    assert (out / "notes.html").read_text(encoding="utf-8") == "mine"
    assert "hairdresser.yaml" not in (out / MANIFEST).read_text(encoding="utf-8")
    # and build agrees that the folder is up to date
    result = run_main("build", source, "-o", out)
    assert result.code == 0 and "up to date" in result.err


def test_a_page_waiting_for_a_new_version_is_answered_when_it_comes():
    live = LiveState(BuildState(3))
    assert live.wait(2, 60).version == 3   # another version already: at once
    started = time.monotonic()
    assert live.wait(3, 0.2).version == 3 and time.monotonic() - started >= 0.2
    answers: list[BuildState] = []
    waiting = threading.Thread(target=lambda: answers.append(live.wait(3, 60)))
    waiting.start()
    time.sleep(0.2)
    assert not answers   # still waiting
    assert live.publish([], 1, [], []).version == 3   # nothing written: no new version
    live.publish([], 1, ["j"], ["j.html"])
    waiting.join(10)
    assert [state.version for state in answers] == [4]


# -- a server one could leave running --------------------------------------------------

@pytest.fixture
def preview(tmp_path):
    """An in-process preview server over a small OUT; yields (port, log, folder)."""
    import io

    from mapper.serve.http import start_server

    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    log = io.StringIO()
    server = start_server(str(tmp_path), 0, LiveState(BuildState(1, [], 1, [], [])), log)
    try:
        yield server.server_address[1], log, tmp_path
    finally:
        server.shutdown()
        server.server_close()


def raw_get(port: int, target: str, host: str | None = "127.0.0.1") -> str:
    """The status line of a GET sent byte for byte (no client-side URL cleaning)."""
    head = f"GET {target} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "")
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall((head + "Connection: close\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST",
                                  "127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_loopback_hosts_are_served(preview, host):
    port, log, _ = preview
    assert raw_get(port, "/", host.format(port=port)).endswith(" 200 OK")
    assert log.getvalue() == ""


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1",
                                  "localhost.evil.example", "", None])
def test_foreign_hosts_are_refused(preview, host):
    """A page that rebinds its DNS name to 127.0.0.1 cannot read the reports."""
    port, _, _ = preview
    status = raw_get(port, "/index.html", None if host is None else host.format(port=port))
    assert status.split(" ")[1] == "400", status


@pytest.mark.parametrize("target, reason", [
    ("/index.html%00.svg", "control character"),
    ("/a%0d%0aSet-Cookie:x", "control character"),
    ("/../index.html", "'..'"),
    ("/x/%2e%2e/index.html", "'..'"),
    ("/" + "a" * 3000, "longer than 2048"),
], ids=["nul", "crlf", "dotdot", "escaped-dotdot", "overlong"])
def test_bad_urls_are_answered_400(preview, target, reason):
    port, log, _ = preview
    status = raw_get(port, target)
    assert status.startswith("HTTP/1.0 400 ") and reason in status, status
    assert "Traceback" not in log.getvalue()


def test_a_fifo_in_out_is_not_served(preview):
    port, _, folder = preview
    os.mkfifo(folder / "stuck.html")
    assert raw_get(port, "/stuck.html").split(" ")[1] == "404"


@pytest.mark.parametrize("name", [".journeymap-manifest.json", ".journeymap.lock",
                                  ".index.html.123-abc.tmp"])
def test_the_tools_hidden_files_are_not_served(preview, name):
    port, _, folder = preview
    (folder / name).write_text("{}", encoding="utf-8")
    assert raw_get(port, "/" + name).split(" ")[1] == "404"
    assert raw_get(port, "/%2e" + name[1:]).split(" ")[1] == "404"


def test_a_client_that_disconnects_is_one_quiet_line(preview):
    port, log, folder = preview
    (folder / "big.svg").write_bytes(b"<svg/>" * 5_000_000)
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(b"GET /big.svg HTTP/1.1\r\nHost: localhost\r\n\r\n")
        conn.recv(100)
        # close with a reset, the way a browser tab that goes away does
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    wait_for(lambda: log.getvalue(), 30, "the disconnect to be logged")
    assert log.getvalue() == "journeymap serve: client disconnected (127.0.0.1)\n"


def test_two_hundred_concurrent_requests_are_all_answered(preview):
    port, log, _ = preview
    answers: list[str] = []

    def one() -> None:
        try:
            answers.append(raw_get(port, "/index.html"))
        except OSError as exc:
            answers.append(repr(exc))

    threads = [threading.Thread(target=one) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["HTTP/1.0 200 OK"] * 200
    assert log.getvalue() == ""


@pytest.mark.parametrize("port", ["99999", "-1", "65536"])
def test_port_out_of_range_is_a_usage_error(tmp_path, port):
    result = run_main("serve", JOURNEYS / "hairdresser.yaml", "-o", tmp_path / "out",
                      "--port", port)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"--port {port}: a port is 1 to 65535 (0 picks a free one)" in result.err


def test_waiting_for_a_dead_server_fails_at_once():
    """The fixtures poll the process: a server that died is reported as such, at once."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    with pytest.raises(pytest.fail.Exception, match="exited with code 3 before printing"):
        _first_line(proc, lines, [])
    with pytest.raises(pytest.fail.Exception, match="exited with code 3 while waiting"):
        wait_for(lambda: False, 3600, "nothing", proc)


def test_a_version_request_past_an_older_version_is_answered_at_once(preview):
    port, _, _ = preview
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{VERSION_PATH}?since=0",
                                timeout=10) as response:
        assert json.loads(response.read())["version"] == 1
    assert time.monotonic() - started < 5   # not held: the page's version is old


@pytest.mark.slow
def test_the_open_page_reloads_itself_after_a_save(tmp_path, serve):
    """In Chromium: the injected script passes the page's policy, hears of the rebuild
    and reloads; a hidden tab lets go of its request and catches up when shown."""
    from playwright.sync_api import sync_playwright  # a missing package fails loudly

    chromium = shutil.which("chromium")
    assert chromium, "Chromium is not installed (apt-get install chromium)"
    source = tmp_path / "journeys"
    source.mkdir()
    path = source / "hairdresser.yaml"
    shutil.copy(JOURNEYS / "hairdresser.yaml", path)
    original = path.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", original, re.MULTILINE).group(1)
    server = serve(source, tmp_path / "site")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text)
                    if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(server.url + "hairdresser.html")
            for edit in ("first", "second"):
                path.write_text(original.replace(f"title: {title}",
                                                 f"title: {title} ({edit} edit)"),
                                encoding="utf-8")
                page.wait_for_function(f"() => document.title.includes('({edit} edit)')",
                                       timeout=CHANGE_TIMEOUT * 1000)
            page.wait_for_load_state("load")
            assert problems == []   # no policy violation, no script error
            # hidden: the request is dropped; shown again: it asks at once and reloads
            page.evaluate("() => { Object.defineProperty(document, 'hidden', "
                          "{value: true, configurable: true}); "
                          "document.dispatchEvent(new Event('visibilitychange')); }")
            version = server.state()["version"]
            path.write_text(original, encoding="utf-8")
            wait_for(lambda: server.state()["version"] > version, CHANGE_TIMEOUT,
                     "the rebuild", server.proc)
            page.wait_for_timeout(1500)   # time enough for a reload that should not come
            assert "(second edit)" in page.title()   # a hidden page does not reload
            page.evaluate("() => { Object.defineProperty(document, 'hidden', "
                          "{value: false, configurable: true}); "
                          "document.dispatchEvent(new Event('visibilitychange')); }")
            page.wait_for_function("() => !document.title.includes('edit)')",
                                   timeout=CHANGE_TIMEOUT * 1000)
            assert problems == []
        finally:
            browser.close()
    assert server.stop() == 0
