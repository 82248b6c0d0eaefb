"""The way the API runs in production: scripts/entrypoint under gunicorn (what the Docker image
runs), checked here outside Docker, and the Dockerfile's commands and files."""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from seeds.loader import PROJECT_DIR

ROOT = PROJECT_DIR
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict | None = None):
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=5
        ) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def raw_get(base: str, target: str, headers: dict | None = None):
    """A GET sent as written, however long its request line or headers (urllib would not mind
    either, but this says so): (status, headers, body)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    database_url: str
    output: list[str] = field(default_factory=list)  # every line the process has written so far

    def lines_mentioning(self, text: str, settle: float = 1.0, timeout: float = 10) -> list[str]:
        """The output lines containing `text`, once at least one has appeared and `settle` seconds
        more have passed (gunicorn writes its access line after the response has gone)."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.output) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(settle)
        return [line for line in self.output if text in line]


ENTRYPOINT = str(ROOT / "scripts" / "entrypoint")


def entrypoint_env(database_url: str, **settings: str) -> dict:
    """The environment scripts/entrypoint runs in here: this venv's commands, `database_url`,
    gunicorn's defaults (unless a test sets one) and `settings`."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "DATABASE_URL": database_url}
    for name in ("GUNICORN_ACCESSLOG", "GUNICORN_REUSE_PORT"):
        env.pop(name, None)  # the defaults are what is tested
    return {**env, **settings}


def run_entrypoint(tmp_path, **settings: str) -> subprocess.CompletedProcess:
    """scripts/entrypoint on a database of its own, one worker, until it exits (within 60 s)."""
    env = entrypoint_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", WEB_CONCURRENCY="1", **settings)
    return subprocess.run([ENTRYPOINT], env=env, capture_output=True, text=True, timeout=60)


@contextmanager
def running_entrypoint(database_url: str, **settings: str):
    """scripts/entrypoint under gunicorn, loading the seeds into the database first."""
    port = free_port()
    defaults = {"LOAD_SEEDS_ON_START": "true", "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
                "GUNICORN_GRACEFUL_TIMEOUT": "10"}  # fmt: skip
    env = entrypoint_env(database_url, **{**defaults, **settings})
    process = subprocess.Popen(
        [ENTRYPOINT],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(f"http://127.0.0.1:{port}", process, database_url)
    # Read the output as it comes, so tests can look at it while the server runs.
    reader = threading.Thread(target=lambda: running.output.extend(process.stdout), daemon=True)
    reader.start()
    try:
        wait_until_ready(running)
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(5)


def wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if get(f"{server.base}/readyz")[0] == 200:
                return
        except OSError:
            pass
        if server.process.poll() is not None:
            time.sleep(0.5)  # let the reader take the last lines
            pytest.fail("the entrypoint exited early:\n" + "".join(server.output))
        time.sleep(0.3)
    pytest.fail("the API did not become ready within 90 s")


@pytest.fixture(scope="module")
def server(make_database):
    """The production server with its defaults, started once for the module (the last test stops
    it, as a container stop would)."""
    with running_entrypoint(make_database()) as running:
        yield running


def json_lines(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines if line.startswith("{")]


def test_the_entrypoint_loads_the_seeds_and_serves_under_gunicorn(server, release):
    status, headers, body = get(f"{server.base}/v1/figures?page_size=1")
    assert status == 200
    assert json.loads(body)["pagination"]["total"] == release.figure_count
    assert headers["X-Data-Release"] and headers["X-Request-ID"]
    assert headers["Server"] == "foi-stats"  # no version banner

    (request_log,) = json_lines(server.lines_mentioning(headers["X-Request-ID"]))
    assert request_log["path"] == "/v1/figures" and request_log["status"] == 200
    logs = json_lines(server.output)
    assert "loaded release" in "".join(server.output)
    assert any(e.get("name") == "gunicorn.error" and "Booting worker" in e["message"] for e in logs)


def test_one_request_is_logged_once_by_the_app_and_not_again_by_gunicorn(server):
    marker = f"one-line-{uuid.uuid4().hex}"  # in the request id (the app logs it) and the user agent
    status, _, _ = get(f"{server.base}/v1/forces/norfolk", {"X-Request-ID": marker, "User-Agent": marker})
    assert status == 200
    (line,) = server.lines_mentioning(marker)
    assert json.loads(line)["name"] == "foi_stats.requests"


def test_gunicorn_accesslog_still_turns_gunicorns_access_log_on(server, tmp_path):
    access_log = tmp_path / "access.log"
    for setting, where in [("-", "stdout"), (str(access_log), "file")]:
        # A second server on the first one's database, already loaded: quicker to start.
        with running_entrypoint(
            server.database_url, GUNICORN_ACCESSLOG=setting, LOAD_SEEDS_ON_START="false"
        ) as other:
            marker = f"access-{uuid.uuid4().hex}"
            assert get(f"{other.base}/v1/forces", {"X-Request-ID": marker, "User-Agent": marker})[0] == 200
            on_stdout = other.lines_mentioning(marker)
            if where == "stdout":
                assert sorted(json.loads(line)["name"] for line in on_stdout) == [
                    "foi_stats.requests",
                    "gunicorn.access",
                ]
            else:
                (app_line,) = on_stdout
                assert json.loads(app_line)["name"] == "foi_stats.requests"
                assert marker in access_log.read_text()


def assert_the_app_answered(status: int, headers: dict, body: bytes, expected_status: int) -> dict:
    """The app's own problem+json, with the headers the app adds to every response."""
    assert status == expected_status, body[:300]
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["X-Content-Type-Options"] == "nosniff"
    return json.loads(body)


def test_a_5000_byte_request_line_reaches_the_app_and_gets_its_query_string_cap(server):
    target = "/v1/figures?platform=" + "a" * (5000 - len("GET /v1/figures?platform= HTTP/1.1"))
    problem = assert_the_app_answered(*raw_get(server.base, target), 400)
    assert "longer than 2048 bytes" in problem["detail"]


def test_a_10_kb_header_reaches_the_app(server):
    response = raw_get(server.base, "/v1/figures?page=0", {"Cookie": "session=" + "a" * 10_000})
    problem = assert_the_app_answered(*response, 400)
    assert [e["name"] for e in problem["errors"]] == ["page"]


def test_beyond_the_raised_limits_gunicorn_still_answers_by_itself(server):
    """Documented in docs/operations.md: a reverse proxy in front should cap request lines and headers."""
    status, headers, _ = raw_get(server.base, "/v1/figures?platform=" + "a" * 9000)
    assert status == 414 and headers.get("Content-Type") != "application/problem+json"


def listening_sockets(port: int) -> int:
    """How many IPv4 sockets are listening on `port`, from /proc/net/tcp."""
    rows = (line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:])
    return sum(1 for row in rows if row[3] == "0A" and int(row[1].rsplit(":", 1)[1], 16) == port)


def test_each_worker_listens_on_a_socket_of_its_own(server):
    # so the kernel spreads new connections over the workers (GUNICORN_REUSE_PORT)
    assert listening_sockets(int(server.base.rsplit(":", 1)[1])) == 2  # WEB_CONCURRENCY
    messages = [e["message"] for e in json_lines(server.output) if e.get("name") == "gunicorn.error"]
    assert f"Listening at: {server.base.removeprefix('http://')} (a socket per worker)" in messages


def test_the_api_refuses_an_address_another_process_listens_on(tmp_path):
    port = free_port()
    with socket.socket() as other:  # as a second API on the same port would listen, same user
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", port))
        other.listen()
        started = run_entrypoint(tmp_path, BIND=f"127.0.0.1:{port}")
    assert started.returncode != 0
    (refusal,) = [e for e in json_lines(started.stdout.splitlines()) if "cannot listen" in e["message"]]
    assert refusal["message"] == (
        f"cannot listen on 127.0.0.1:{port}: Address already in use; another process listens there"
    )


def test_a_unix_socket_is_shared_by_the_workers_and_serves(tmp_path):
    path = tmp_path / "api.sock"  # Unix sockets refuse SO_REUSEPORT: one socket, as before
    process = subprocess.Popen(
        [ENTRYPOINT],
        env=entrypoint_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", BIND=f"unix:{path}", WEB_CONCURRENCY="2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, answer = time.monotonic() + 60, b""
        while not answer.startswith(b"HTTP/1.1 200") and time.monotonic() < deadline:
            time.sleep(0.3)
            with suppress(OSError), socket.socket(socket.AF_UNIX) as client:
                client.settimeout(5)
                client.connect(str(path))
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                answer = client.recv(100)
        assert answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_reuse_port_takes_on_or_off_only(tmp_path):
    started = run_entrypoint(tmp_path, BIND=f"127.0.0.1:{free_port()}", GUNICORN_REUSE_PORT="true")
    assert started.returncode != 0
    assert "GUNICORN_REUSE_PORT is 'true': it must be on or off" in started.stderr


# Keep this one last in the module: it stops the module's server.
def test_gunicorn_stops_gracefully_on_sigterm(server):
    server.process.send_signal(signal.SIGTERM)  # graceful shutdown, as a container stop sends
    assert server.process.wait(timeout=30) == 0


DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def dockerfile_instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in (raw.strip() for raw in joined.splitlines())
        if line and not line.startswith("#")
    ]


def test_the_dockerfile_copies_files_that_exist():
    for instruction, argument in dockerfile_instructions():
        if instruction == "COPY" and not argument.startswith("--from"):
            for source in argument.split()[:-1]:
                assert (ROOT / source).exists(), source


def command_words(shell: str) -> list[str]:
    """The command of each step of a shell line: `a x && b y; c` -> [a, b, c] (quotes respected)."""
    lexer = shlex.shlex(shell, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words, expect_command = [], True
    for token in lexer:
        if token in ("&&", "||", ";", "|"):
            expect_command = True
        elif expect_command:
            words.append(token)
            expect_command = False
    return words


def test_the_dockerfile_runs_commands_that_exist():
    search = f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"
    for instruction, argument in dockerfile_instructions():
        if instruction not in ("RUN", "CMD", "HEALTHCHECK"):
            continue
        commands = (
            argument.removeprefix("CMD ").split("CMD ")[-1] if instruction == "HEALTHCHECK" else argument
        )
        words = [json.loads(commands)[0]] if commands.startswith("[") else command_words(commands)
        for word in words:
            if word.startswith("/opt/venv/bin/"):
                word = word.removeprefix("/opt/venv/bin/")
            if "/" in word:
                assert (ROOT / word).is_file() and os.access(ROOT / word, os.X_OK), word
            else:
                assert shutil.which(word, path=search), f"{instruction}: '{word}' is not a command here"


def test_the_image_runs_as_a_non_root_user_and_checks_readiness():
    instructions = dockerfile_instructions()
    users = [argument for instruction, argument in instructions if instruction == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert any(i == "HEALTHCHECK" and "/readyz" in a for i, a in instructions)
    assert [a for i, a in instructions if i == "CMD"][-1] == '["scripts/entrypoint"]'
    assert len([i for i, _ in instructions if i == "FROM"]) == 2  # multi-stage
    assert (ROOT / ".dockerignore").is_file()
