"""The per-worker response cache: hits skip Flask but keep every HTTP promise; an entry is keyed on
the representation chosen, never on raw headers; nothing a client sends can be stored and served
to others; a new release empties it; its memory stays within the bound it counts."""

from __future__ import annotations

import tracemalloc

import pytest

from api import create_app
from api.response_cache import Entry, ResponseStore, held_bytes
from tests.conftest import load_seeds


def make_app(database_url, **config):
    return create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "PUBLIC_BASE_URL": "http://api.test", **config}
    )


@pytest.fixture()
def cached_app(database_url):
    return make_app(database_url)


def entries(app) -> int:
    return len(app.wsgi_app.app.store())


def cache(app):
    return app.wsgi_app.app  # inside NegotiatedEncoding


def test_a_repeated_get_is_served_from_the_cache_unchanged(cached_app):
    client = cached_app.test_client()
    first = client.get("/v1/figures?page_size=3")
    second = client.get("/v1/figures?page_size=3")
    assert (cache(cached_app).misses, cache(cached_app).hits) == (1, 1)
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
    assert cache(cached_app).hits == 2


@pytest.mark.parametrize("response_cache", [True, False], ids=["cache on", "cache off"])
def test_if_none_match_is_read_as_rfc_9110_says(database_url, response_cache):
    client = make_app(database_url, RESPONSE_CACHE=response_cache).test_client()
    etag = client.get("/v1/caveats").headers["ETag"]
    for matching in ("*", etag, f'"other", {etag}', f"W/{etag}"):
        assert client.get("/v1/caveats", headers={"If-None-Match": matching}).status_code == 304, matching
    for malformed in (f"garbage{etag}", etag.strip('"'), f"{etag} trailing", f"{etag},,*"):
        assert client.get("/v1/caveats", headers={"If-None-Match": malformed}).status_code == 200, malformed


def test_a_conditional_first_request_still_gets_its_304(cached_app):
    etag = cached_app.test_client().get("/v1/caveats").headers["ETag"]
    fresh = make_app(cached_app.config["DATABASE_URL"])
    response = fresh.test_client().get("/v1/caveats", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert cache(fresh).misses == 1 and entries(fresh) == 1


def test_representations_are_kept_apart(cached_app):
    client = cached_app.test_client()
    as_json = client.get("/v1/figures?page_size=2")
    as_csv = client.get("/v1/figures?page_size=2", headers={"Accept": "text/csv"})
    packed = client.get("/v1/figures?page_size=2", headers={"Accept-Encoding": "gzip"})
    assert as_json.mimetype == "application/json" and as_csv.mimetype == "text/csv"
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in as_json.headers
    assert entries(cached_app) == 3


def test_headers_that_choose_the_same_representation_share_one_entry(cached_app):
    client = cached_app.test_client()
    bodies = {
        client.get("/v1/figures?page_size=2", headers={"Accept": accept}).data
        for accept in ("", "application/json", "*/*", "application/*", "text/html, application/json;q=0.9",
                       "application/json, " + "x/y;q=0.1, " * 400, "*/*;q=0.1, application/json, " + "z" * 6000)
    }  # fmt: skip
    assert len(bodies) == 1 and entries(cached_app) == 1
    for accept_encoding in ("gzip", "GZIP, deflate", "*", "br;q=0.5, gzip;q=0.9", "gzip" + ", x" * 2000):
        client.get("/v1/figures?page_size=2", headers={"Accept-Encoding": accept_encoding})
    assert entries(cached_app) == 2


@pytest.mark.parametrize("response_cache", [True, False], ids=["cache on", "cache off"])
@pytest.mark.parametrize(
    "accept_encoding",
    ["gzip;q=0, identity", "gzip;q=0", "identity, *;q=0", "deflate", "br", "*;q=0, identity"],
)
def test_gzip_is_never_sent_to_a_client_that_refuses_it(database_url, response_cache, accept_encoding):
    client = make_app(database_url, RESPONSE_CACHE=response_cache).test_client()
    assert client.get("/v1/figures?page_size=4", headers={"Accept-Encoding": "gzip"}).headers[
        "Content-Encoding"
    ]
    refused = client.get("/v1/figures?page_size=4", headers={"Accept-Encoding": accept_encoding})
    assert "Content-Encoding" not in refused.headers
    assert refused.get_json()["data"]


HOSTILE = [
    {"Host": "evil.example"},
    {"Host": "evil.example:8443", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
    {"Host": ""},
    {"Host": "bad host/with space"},
]


@pytest.mark.parametrize("headers", HOSTILE, ids=["host", "forwarded", "empty host", "invalid host"])
def test_no_request_header_reaches_a_link_or_a_cached_entry(database_url, headers):
    app = make_app(database_url, PUBLIC_BASE_URL="")  # no allow-list: links are relative
    client = app.test_client()
    urls = ["/v1/", "/v1/figures?page_size=2&page=2", "/v1/forces/norfolk", "/v1/offence-codes/7117"]
    for url in urls:
        hostile = client.get(url, headers=headers)
        assert hostile.status_code == 200, url
        text = hostile.get_data(as_text=True) + str(hostile.headers)
        assert "evil" not in text and "space" not in text and "https:" not in text, url
    for url in urls:
        normal = client.get(url)
        assert cache(app).hits >= 1 and "evil" not in normal.get_data(as_text=True) + str(normal.headers)
    links = client.get("/v1/").get_json()["links"]
    assert links["figures"] == "/v1/figures"


def test_links_are_written_under_the_public_base_url_whatever_the_host(database_url):
    client = make_app(database_url, PUBLIC_BASE_URL="https://data.example.org/foi").test_client()
    body = client.get("/v1/figures?page_size=1", headers={"Host": "localhost", "X-Forwarded-Proto": "http"})
    assert body.get_json()["links"]["next"] == "https://data.example.org/foi/v1/figures?page_size=1&page=2"
    assert body.get_json()["data"][0]["links"]["self"].startswith("https://data.example.org/foi/v1/figures/")
    assert '<https://data.example.org/foi/v1/figures?page_size=1&page=2>; rel="next"' in body.headers["Link"]


@pytest.mark.parametrize("response_cache", [True, False], ids=["cache on", "cache off"])
def test_hosts_outside_the_allow_list_are_refused_even_from_the_cache(database_url, response_cache):
    app = make_app(database_url, PUBLIC_BASE_URL="https://data.example.org", RESPONSE_CACHE=response_cache)
    client = app.test_client()
    assert client.get("/v1/forces", headers={"Host": "data.example.org"}).status_code == 200
    assert client.get("/v1/forces", headers={"Host": "127.0.0.1:8000"}).status_code == 200  # health checks
    for host in ("evil.example", "data.example.org.evil.example", ""):
        refused = client.get("/v1/forces", headers={"Host": host})
        assert refused.status_code == 400 and refused.mimetype == "application/problem+json", host
        assert "answers for the hosts data.example.org, localhost" in refused.get_json()["detail"]
        assert refused.headers["Access-Control-Allow-Origin"] == "*"


def test_errors_and_health_checks_are_never_cached(cached_app):
    client = cached_app.test_client()
    for _ in range(2):
        client.get("/v1/figures?forse=1")
        client.get("/readyz")
    assert entries(cached_app) == 0


def test_a_new_release_empties_the_cache(make_database, seeds_copy):
    url = make_database()
    load_seeds(url)
    app = make_app(url)
    client = app.test_client()
    before = client.get("/v1/caveats/manual-review").get_json()
    assert entries(app) == 1

    caveats = seeds_copy / "reference" / "caveats.yaml"
    caveats.write_text(caveats.read_text().replace("reviewing each record by hand", "reading each record"))
    load_seeds(url, seeds_copy)
    app.extensions["foi_releases"].check_now()  # what the background check does within a second

    after = client.get("/v1/caveats/manual-review").get_json()
    assert after["release"] != before["release"]
    assert "reading each record" in after["text"]
    assert entries(app) == 1


def test_the_cache_keeps_within_its_memory_bound(database_url):
    app = make_app(database_url, RESPONSE_CACHE_MB=1)
    client = app.test_client()
    for page in range(1, 8):
        client.get(f"/v1/figures?page={page}&page_size=50")
    store = app.wsgi_app.app.store()
    assert store.bytes <= store.max_bytes
    assert 0 < len(store) < 7


def test_the_bytes_counted_are_at_least_the_bytes_held():
    """A stream of distinct small entries (the worst case for overhead): what the store counts
    must cover what Python really allocates for them."""
    store = ResponseStore(max_bytes=10 * 2**20)
    headers = [("Content-Type", "application/json"), ("ETag", '"abc-123"'), ("Cache-Control", "public")]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(5000):
        key = (f"/v1/figures/{i:06d}", f"page={i}", "application/json", "identity")
        store.put(key, Entry("200 OK", [(k, f"{v}{i}") for k, v in headers], b"x" * 40, f'"{i}"', "rel"))
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(store) == 5000
    assert store.bytes >= held, f"counted {store.bytes} bytes, Python holds {held}"
    assert store.bytes <= 2 * held  # and not so pessimistic that the cap means little


def test_an_entry_counts_its_key():
    entry = Entry("200 OK", [], b"", None, "rel")
    small = held_bytes(("/v1/x", "", "application/json", "identity"), entry)
    large = held_bytes(("/v1/x", "q" * 2000, "application/json", "identity"), entry)
    assert large - small >= 2000
