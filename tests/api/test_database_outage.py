"""A database that hangs, refuses or is still starting never hangs the API: cached responses,
/healthz, /docs and /openapi.json answer without it; /readyz and uncached requests answer 503
problem+json with Retry-After within a few seconds; and it recovers without a restart."""

from __future__ import annotations

import os
import socket
import sqlite3
import struct
import subprocess
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import make_url
from sqlalchemy.exc import OperationalError

from api import create_app
from api.errors import database_unavailable
from tests.api.test_production import get, running_entrypoint
from tests.conftest import TEST_DATABASE_URL

# A request may spend DATABASE_TIMEOUT on a silent pooled connection, then
# DATABASE_CONNECT_TIMEOUT on a new one; "a few seconds" is this, with room for a busy machine.
ANSWER_WITHIN = 8.0
SSL_OR_GSS_REQUEST = {80877103, 80877104}


class FakePostgres:
    """A TCP server on loopback that speaks just enough of PostgreSQL's protocol to play a server
    in trouble: `starting` answers every connection with the error a starting server sends
    (SQLSTATE 57P03); `frozen` accepts connections and never says a word (a SIGSTOPped server).
    With `upstream` (a real server's port), connections after the first `starting_for` are
    passed through to it: a server that finishes starting up while a request is failing."""

    def __init__(self, behaviour: str, upstream: int | None = None, starting_for: int = 1):
        self.behaviour = behaviour
        self.upstream, self.starting_for, self.accepted = upstream, starting_for, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/foi"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)
            self.accepted += 1
            if self.upstream and self.accepted > self.starting_for:
                _pass_through(connection, socket.create_connection(("127.0.0.1", self.upstream)))
            elif self.behaviour == "starting":
                threading.Thread(target=self._starting_up, args=(connection,), daemon=True).start()

    def _starting_up(self, connection: socket.socket) -> None:
        try:
            while True:
                length = struct.unpack("!I", _read(connection, 4))[0]
                payload = _read(connection, length - 4)
                if struct.unpack("!I", payload[:4])[0] in SSL_OR_GSS_REQUEST:
                    connection.sendall(b"N")  # no encryption; the client goes on in plain text
                    continue
                fields = b"SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0"
                connection.sendall(b"E" + struct.pack("!I", len(fields) + 4) + fields)
                connection.close()
                return
        except (OSError, struct.error):
            connection.close()

    def close(self) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()


def _pass_through(client: socket.socket, server: socket.socket) -> None:
    def pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            target.close()

    threading.Thread(target=pump, args=(client, server), daemon=True).start()
    threading.Thread(target=pump, args=(server, client), daemon=True).start()


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


@contextmanager
def fake_postgres(behaviour: str, **upstream):
    server = FakePostgres(behaviour, **upstream)
    try:
        yield server
    finally:
        server.close()


def timed(client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def assert_unavailable(response, seconds: float) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert seconds < ANSWER_WITHIN, f"took {seconds:.1f} s"


@pytest.mark.parametrize("behaviour", ["starting", "frozen"])
def test_a_database_starting_up_or_frozen_is_a_quick_503_never_a_500_or_a_hang(behaviour):
    with fake_postgres(behaviour) as server:
        app = create_app({"DATABASE_URL": server.url, "TESTING": True})
        client = app.test_client()
        for url in ("/readyz", "/v1/figures?page_size=3", "/v1/forces", "/v1/"):
            assert_unavailable(*timed(client, url))
        for url in ("/healthz", "/openapi.json", "/docs"):
            response, seconds = timed(client, url)
            assert response.status_code == 200 and seconds < 1, (url, seconds)
        for url in ("/explore", "/explore/responses/norfolk-foi-000763-16/source"):  # pages say it as a page
            response, seconds = timed(client, url)
            assert response.status_code == 503 and response.mimetype == "text/html", url
            assert "retry shortly" in response.get_data(as_text=True) and seconds < ANSWER_WITHIN
            assert int(response.headers["Retry-After"]) > 0


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs the suite's PostgreSQL server (TEST_DATABASE_URL)")
def test_a_server_that_finishes_starting_while_a_request_fails_still_gives_503(database_url):
    """The first connection is refused with 57P03; the next ones reach the real server. Whichever
    of the app's connections meets the refusal, no request is a 500 (our fault): the failing one is
    a quick 503 (retry), and the API serves as soon as the server does."""
    real = make_url(database_url)
    with fake_postgres("starting", upstream=real.port) as server:
        url = real.set(port=server.port).render_as_string(hide_password=False)
        client = create_app({"DATABASE_URL": url, "TESTING": True, "RESPONSE_CACHE": False}).test_client()
        for page_size in (3, 4):
            response, seconds = timed(client, f"/v1/figures?page_size={page_size}")
            if response.status_code != 200:
                assert_unavailable(response, seconds)
        assert client.get("/v1/figures?page_size=5").status_code == 200


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (psycopg.errors.CannotConnectNow("the database system is starting up"), True),
        (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), True),
        (psycopg.errors.TooManyConnections("sorry, too many clients already"), True),
        (psycopg.OperationalError("connection failed: connection refused"), True),
        (psycopg.errors.UndefinedTable('relation "figures" does not exist'), False),
        (sqlite3.OperationalError("database is locked"), False),  # no error code: not ours to guess
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_which_database_errors_mean_retry_later(error, unavailable):
    """Decided from the error alone: asking the database again could find it up and call a
    failed connection our fault (a 500)."""
    assert database_unavailable(OperationalError("SELECT 1", {}, error)) is unavailable


def http_get(base: str, path: str):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"{base}{path}", timeout=3 * ANSWER_WITHIN) as response:
            status, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        status, headers = error.code, error.headers
    return status, headers, time.monotonic() - started


@pytest.mark.postgres_server
def test_a_frozen_postgresql_under_gunicorn_answers_from_memory_or_with_a_quick_503(make_database):
    """The real thing: the suite's PostgreSQL server paused with SIGSTOP under a running server."""
    control = os.environ["TEST_POSTGRES_SERVER"]
    with running_entrypoint(make_database(), WEB_CONCURRENCY="1", GUNICORN_THREADS="4") as running:
        base = running.base
        for _ in range(2):  # the second is a cache hit
            assert get(f"{base}/v1/figures?page_size=5")[0] == 200
        subprocess.run([control, "pause"], check=True)
        try:
            for path in ("/v1/figures?page_size=5", "/healthz", "/docs", "/openapi.json"):
                status, _, seconds = http_get(base, path)
                assert status == 200 and seconds < 1, (path, status, seconds)
            for path in ("/readyz", "/v1/figures?page_size=7", "/v1/forces"):
                status, headers, seconds = http_get(base, path)
                assert status == 503 and headers["Content-Type"] == "application/problem+json", path
                assert int(headers["Retry-After"]) > 0 and seconds < ANSWER_WITHIN, (path, seconds)
        finally:
            subprocess.run([control, "resume"], check=True)
        deadline = time.monotonic() + 30
        while get(f"{base}/readyz")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert get(f"{base}/v1/figures?page_size=7")[0] == 200
