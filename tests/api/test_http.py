"""HTTP behaviour on every route: validators and caching, CORS, gzip, the read-only surface,
caps, and security headers."""

from __future__ import annotations

import gzip
import json

import pytest

GETS = ["/v1/", "/v1/figures?page_size=5", "/v1/figures?page_size=5&format=csv", "/v1/figures.csv?page_size=5",
        "/v1/records.csv?page_size=5", "/v1/forces/norfolk", "/v1/offence-codes/7117",
        "/v1/responses/norfolk-foi-000763-16/source", "/v1/offence-codes", "/v1/releases/latest/download",
        "/openapi.json"]  # fmt: skip


@pytest.mark.parametrize("url", GETS)
def test_every_get_has_a_strong_etag_and_answers_304_when_it_matches(client, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag


def test_the_etag_names_the_release_and_changes_with_the_representation(client):
    as_json = client.get("/v1/figures?page_size=5")
    as_csv = client.get("/v1/figures?page_size=5", headers={"Accept": "text/csv"})
    assert as_json.headers["ETag"].strip('"').startswith(as_json.headers["X-Data-Release"])
    assert as_json.headers["ETag"] != as_csv.headers["ETag"]
    assert (
        client.get("/v1/figures?page_size=5", headers={"If-None-Match": as_csv.headers["ETag"]}).status_code
        == 200
    )


def test_successful_gets_may_be_cached_publicly_and_errors_may_not(client):
    ok = client.get("/v1/forces")
    assert ok.headers["Cache-Control"] == "public, max-age=300, stale-while-revalidate=86400"
    for url in ("/v1/nowhere", "/v1/figures?forse=1", "/readyz", "/healthz"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_json_and_csv_urls_vary_on_accept_and_encoding(client):
    vary = client.get("/v1/figures").headers["Vary"]
    assert "Accept" in vary and "Accept-Encoding" in vary


@pytest.mark.parametrize("url", ["/v1/figures?page_size=1", "/v1/nowhere", "/v1/figures?forse=1"])
def test_cors_allows_reads_from_any_origin_on_success_and_error(client, url):
    response = client.get(url, headers={"Origin": "https://newsroom.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = response.headers["Access-Control-Expose-Headers"]
    for header in ("ETag", "Link", "X-Data-Release", "Content-Disposition"):
        assert header in exposed


def test_cors_headers_are_sent_without_an_origin_too_so_shared_caches_keep_them(client):
    assert client.get("/v1/forces").headers["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_request_is_answered(client):
    response = client.options(
        "/v1/figures", headers={"Origin": "https://newsroom.example", "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code == 200
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_gzip_for_clients_that_ask(client):
    plain = client.get("/v1/figures?page_size=20")
    packed = client.get("/v1/figures?page_size=20", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(plain.data) / 3
    assert json.loads(gzip.decompress(packed.data)) == plain.get_json()
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + ':gzip"'
    again = client.get(
        "/v1/figures?page_size=20",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/v1/figures", "/v1/forces/norfolk", "/v1/"])
def test_the_api_is_read_only(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_head_and_options_work(client):
    head = client.head("/v1/figures?page_size=1")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"]
    assert "GET" in client.options("/v1/figures").headers["Allow"]


def test_an_overlong_query_string_is_a_clear_400(client):
    response = client.get("/v1/figures?platform=" + "a" * 3000)
    assert response.status_code == 400
    assert "longer than 2048" in response.get_json()["detail"]


@pytest.mark.parametrize("url", ["/v1/", "/v1/nowhere", "/docs"])
def test_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_the_docs_csp_lets_swagger_ui_load_its_own_assets_and_nothing_else(client):
    csp = client.get("/docs").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "connect-src 'self'" in csp and "http" not in csp
    assert "unsafe" not in csp  # no inline script or style, no eval
