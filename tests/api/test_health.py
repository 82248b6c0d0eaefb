"""/healthz, /readyz, request ids and the JSON request log."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import time

import pytest

from api import create_app


def test_healthz_answers_without_the_database(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.sqlite3'}", "TESTING": True}
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_names_the_release_being_served(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "release": response.headers["X-Data-Release"]}


def test_readyz_is_503_until_a_release_is_loaded(make_database):
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "seeds load" in response.get_json()["detail"]
    assert response.headers["Retry-After"]


def test_every_response_carries_the_release_in_header_and_body(client):
    for url in (
        "/v1/",
        "/v1/figures?page_size=1",
        "/v1/forces/norfolk",
        "/v1/nowhere",
        "/v1/figures?forse=x",
    ):
        response = client.get(url)
        release = response.headers["X-Data-Release"]
        assert len(release) == 12, url
        assert response.get_json()["release"] == release, url
    assert client.get("/v1/responses/norfolk-foi-000763-16/source").headers["X-Data-Release"]


def test_releases_list_the_loaded_release_as_current(client, release):
    body = client.get("/v1/releases").get_json()
    (current,) = [r for r in body["data"] if r["current"]]
    assert current["id"] == body["release"]
    # What the seeds hold, counted by the loader: adding a disclosure changes both sides.
    assert current["counts"] == {
        "responses": len(release.bundles),
        "figures": release.figure_count,
        "records": release.record_count,
    }
    assert current["content_hash"].startswith(current["id"])


def test_a_request_id_is_returned_kept_from_the_client_when_plain(client):
    assert (
        client.get("/v1/", headers={"X-Request-ID": "newsroom-42"}).headers["X-Request-ID"] == "newsroom-42"
    )
    generated = client.get("/v1/", headers={"X-Request-ID": "not <plain> at all"}).headers["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()


def test_each_request_is_one_json_log_line(client):
    (handler,) = [h for h in logging.getLogger("foi_stats").handlers if getattr(h, "_foi_stats", False)]
    captured = io.StringIO()
    original = handler.setStream(captured)
    try:
        client.get("/v1/forces/norfolk?x=1", headers={"X-Request-ID": "trace-me"})
    finally:
        handler.setStream(original)
    lines = [json.loads(line) for line in captured.getvalue().splitlines() if "trace-me" in line]
    assert len(lines) == 1
    entry = lines[0]
    assert entry["method"] == "GET" and entry["path"] == "/v1/forces/norfolk" and entry["status"] == 400
    assert entry["query"] == "x=1" and entry["duration_ms"] >= 0 and entry["release"]


@pytest.mark.postgres_server
def test_readyz_follows_the_database_down_and_back_up_without_a_restart(client):
    server = os.environ["TEST_POSTGRES_SERVER"]
    assert client.get("/readyz").status_code == 200
    subprocess.run([server, "stop"], check=True)
    try:
        down = client.get("/readyz")
        assert down.status_code == 503 and down.mimetype == "application/problem+json"
        data = client.get("/v1/figures?page=2&page_size=11")  # a page no test has cached
        assert data.status_code == 503 and data.headers["Retry-After"]
    finally:
        subprocess.run([server, "start"], check=True)
    deadline = time.monotonic() + 30
    while (status := client.get("/readyz").status_code) != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 200
    assert client.get("/v1/figures").status_code == 200
