"""The way the API runs in production: scripts/entrypoint under gunicorn (what the Docker image
runs), checked here outside Docker, and the Dockerfile's commands and files."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture()
def server(make_database):
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": make_database(),
        "LOAD_SEEDS_ON_START": "true",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_GRACEFUL_TIMEOUT": "10",
    }
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "entrypoint")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if get(f"{base}/readyz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None:
            pytest.fail(f"the entrypoint exited early:\n{process.stdout.read()}")
        time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the API did not become ready within 90 s")
    yield base, process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_the_entrypoint_loads_the_seeds_and_serves_under_gunicorn(server):
    base, process = server
    status, headers, body = get(f"{base}/v1/figures?page_size=1")
    assert status == 200
    assert json.loads(body)["pagination"]["total"] == 306
    assert headers["X-Data-Release"] and headers["X-Request-ID"]
    assert headers["Server"] == "foi-stats"  # no version banner

    process.send_signal(signal.SIGTERM)  # graceful shutdown, as a container stop sends
    assert process.wait(timeout=30) == 0
    output = process.stdout.read()
    assert "loaded release" in output
    logs = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(e.get("name") == "gunicorn.error" and "Booting worker" in e["message"] for e in logs)
    (request_log,) = [e for e in logs if e.get("path") == "/v1/figures"]
    assert request_log["status"] == 200 and request_log["request_id"] == headers["X-Request-ID"]


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
