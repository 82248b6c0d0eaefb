"""The per-worker response cache: hits skip Flask but keep every HTTP promise, and a new release
empties it."""

from __future__ import annotations

import pytest

from api import create_app, releases
from tests.conftest import engine_for, load_seeds


@pytest.fixture()
def cached_app(database_url):
    return create_app({"DATABASE_URL": database_url, "TESTING": True, "SERVER_NAME": "api.test"})


def test_a_repeated_get_is_served_from_the_cache_unchanged(cached_app):
    client, cache = cached_app.test_client(), cached_app.wsgi_app
    first = client.get("/v1/figures?page_size=3")
    second = client.get("/v1/figures?page_size=3")
    assert (cache.misses, cache.hits) == (1, 1)
    assert second.data == first.data
    for header in ("ETag", "Cache-Control", "Vary", "X-Data-Release", "Access-Control-Allow-Origin", "Link"):
        assert second.headers[header] == first.headers[header], header
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]


def test_a_cached_entry_answers_304_and_head(cached_app):
    client = cached_app.test_client()
    etag = client.get("/v1/forces").headers["ETag"]
    not_modified = client.get("/v1/forces", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    assert not_modified.headers["ETag"] == etag and "Content-Type" not in not_modified.headers
    head = client.head("/v1/forces")
    assert head.status_code == 200 and head.data == b""
    assert cached_app.wsgi_app.hits == 2


def test_a_conditional_first_request_still_gets_its_304(cached_app):
    etag = cached_app.test_client().get("/v1/caveats").headers["ETag"]
    fresh = create_app(
        {"DATABASE_URL": cached_app.config["DATABASE_URL"], "TESTING": True, "SERVER_NAME": "api.test"}
    )
    response = fresh.test_client().get("/v1/caveats", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert fresh.wsgi_app.misses == 1 and len(fresh.wsgi_app.entries) == 1


def test_representations_are_kept_apart(cached_app):
    client = cached_app.test_client()
    as_json = client.get("/v1/figures?page_size=2")
    as_csv = client.get("/v1/figures?page_size=2", headers={"Accept": "text/csv"})
    packed = client.get("/v1/figures?page_size=2", headers={"Accept-Encoding": "gzip"})
    assert as_json.mimetype == "application/json" and as_csv.mimetype == "text/csv"
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in as_json.headers
    assert len(cached_app.wsgi_app.entries) == 3


def test_errors_and_health_checks_are_never_cached(cached_app):
    client = cached_app.test_client()
    for _ in range(2):
        client.get("/v1/figures?forse=1")
        client.get("/readyz")
    assert cached_app.wsgi_app.entries == {}


def test_a_new_release_empties_the_cache(make_database, seeds_copy, monkeypatch):
    url = make_database()
    load_seeds(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SERVER_NAME": "api.test"})
    client = app.test_client()
    monkeypatch.setattr(releases, "RELEASE_CHECK_SECONDS", 0.0)
    before = client.get("/v1/caveats/manual-review").get_json()

    caveats = seeds_copy / "reference" / "caveats.yaml"
    caveats.write_text(caveats.read_text().replace("reviewing each record by hand", "reading each record"))
    load_seeds(url, seeds_copy)

    after = client.get("/v1/caveats/manual-review").get_json()
    assert after["release"] != before["release"]
    assert "reading each record" in after["text"]
    engine_for(url).dispose()


def test_the_cache_keeps_within_its_memory_bound(database_url):
    app = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "RESPONSE_CACHE_MB": 1, "SERVER_NAME": "api.test"}
    )
    client = app.test_client()
    for page in range(1, 8):
        client.get(f"/v1/figures?page={page}&page_size=50")
    cache = app.wsgi_app
    assert cache.bytes <= cache.max_bytes
    assert 0 < len(cache.entries) < 7
