"""deploy/nginx.conf, the shipped reverse proxy, run on loopback in front of the app under
gunicorn (scripts/entrypoint, as in production): it caches what the app's headers allow, keeps
the app's headers, request ids and host allow-list, and answers what it refuses itself in the
app's problem+json shape."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy import local
from tests.api.test_production import Server, free_port, get, raw_get, running_entrypoint

# Headers of the app's that every response must keep through the proxy, cached or not.
APP_HEADERS = ["Cache-Control", "ETag", "Vary", "X-Data-Release", "Access-Control-Allow-Origin",
               "Access-Control-Expose-Headers", "X-Content-Type-Options", "Referrer-Policy",
               "Content-Security-Policy"]  # fmt: skip
# What the app adds to every response, and so nginx to those it answers itself.
EVERY_RESPONSE = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff",
                  "Referrer-Policy": "no-referrer"}  # fmt: skip


@dataclass
class Proxy:
    base: str
    app: Server
    work: Path


@contextmanager
def running_proxy(nginx: str, app: Server, work: Path):
    """nginx with deploy/nginx.conf on a free loopback port, in front of `app`."""
    port = free_port()
    conf = local.write_proxy_config(work, f"127.0.0.1:{port}", app.base.removeprefix("http://"))
    process = subprocess.Popen([nginx, "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    proxy = Proxy(f"http://127.0.0.1:{port}", app, work)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                get(f"{proxy.base}/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.communicate(timeout=5)[1]}")
                time.sleep(0.05)
        yield proxy
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def proxy(nginx, database_url, tmp_path_factory):
    """The app as in production, behind the proxy: links under a public URL whose host (and
    loopback) are the only ones served, and no limit on header fields of gunicorn's own (nginx's
    16 KB lines and 64 KB of headers bound them), as docs/operations.md sets it up. Its responses
    may be reused for 2 s and served stale for 2 s more, so that the module sees them expire; one
    worker, so that its own response cache holds every page the proxy has fetched."""
    settings = {"LOAD_SEEDS_ON_START": "false", "PUBLIC_BASE_URL": "http://api.example.org",
                "GUNICORN_LIMIT_REQUEST_FIELDS": "32768", "WEB_CONCURRENCY": "1",
                "CACHE_MAX_AGE": "2", "CACHE_STALE_WHILE_REVALIDATE": "2"}  # fmt: skip
    with (
        running_entrypoint(database_url, **settings) as app,
        running_proxy(nginx, app, tmp_path_factory.mktemp("nginx")) as running,
    ):
        yield running


def cache_status(headers: dict) -> str:
    return headers["X-Cache-Status"]


def test_a_page_is_cached_with_every_header_of_the_apps(proxy):
    path = "/v1/figures?page_size=2&sort=-id"
    status, direct, body = get(proxy.app.base + path)
    assert status == 200
    first, second = get(proxy.base + path), get(proxy.base + path)
    assert [cache_status(r[1]) for r in (first, second)] == ["MISS", "HIT"]
    for status, headers, cached_body in (first, second):
        assert status == 200 and cached_body == body
        assert {h: headers[h] for h in APP_HEADERS} == {h: direct[h] for h in APP_HEADERS}
        assert headers["Content-Type"] == "application/json"
    assert "max-age" in second[1]["Cache-Control"] and "stale-while-revalidate" in second[1]["Cache-Control"]


def test_each_response_has_its_own_request_id_and_the_app_logs_a_miss_under_it(proxy):
    path = "/v1/forces/norfolk"
    ids = [get(proxy.base + path)[1]["X-Request-ID"] for _ in range(3)]
    assert len(set(ids)) == 3
    own = f"proxy-{uuid.uuid4().hex}"
    status, headers, _ = get(proxy.base + path, {"X-Request-ID": own})
    assert (status, headers["X-Request-ID"], cache_status(headers)) == (200, own, "HIT")
    # A miss reaches the app with the proxy's request id, which the app logs.
    status, headers, _ = get(proxy.base + "/v1/forces/kent", {"X-Request-ID": own + "-miss"})
    assert cache_status(headers) == "MISS" and headers["X-Request-ID"] == own + "-miss"
    (line,) = proxy.app.lines_mentioning(own + "-miss", settle=0.1)
    assert json.loads(line)["path"] == "/v1/forces/kent"
    # An id the app would not keep is not passed on either: the proxy makes one of its own.
    assert get(proxy.base + path, {"X-Request-ID": "not plain!"})[1]["X-Request-ID"] != "not plain!"


def test_each_representation_is_cached_apart(proxy):
    # The proxy's cache key holds the request headers the app's responses vary on, and no others.
    for url in ("/v1/figures", "/v1/forces/kent", "/openapi.json", "/docs", "/v1/figures?format=csv"):
        assert set(get(proxy.app.base + url)[1]["Vary"].split(", ")) <= {"Accept", "Accept-Encoding"}, url
    path = "/v1/figures?page_size=3&sort=id"
    variants = {"json": {}, "csv": {"Accept": "text/csv"}, "gzip": {"Accept-Encoding": "gzip"}}
    seen = {name: [get(proxy.base + path, headers) for _ in range(2)] for name, headers in variants.items()}
    for name, (first, second) in seen.items():
        assert (cache_status(first[1]), cache_status(second[1])) == ("MISS", "HIT"), name
        assert first[2] == second[2], name
    json_body = seen["json"][1][2]
    assert seen["csv"][1][1]["Content-Type"].startswith("text/csv")
    assert seen["gzip"][1][1]["Content-Encoding"] == "gzip"
    assert gzip.decompress(seen["gzip"][1][2]) == json_body
    assert "Content-Encoding" not in seen["json"][1][1]
    assert json.loads(json_body)["data"]


def test_a_cached_page_answers_if_none_match_with_a_304_keeping_the_apps_headers(proxy):
    path = "/v1/figures?page_size=1&sort=period"
    _, headers, _ = get(proxy.base + path)
    status, not_modified, body = get(proxy.base + path, {"If-None-Match": headers["ETag"]})
    assert (status, body, cache_status(not_modified)) == (304, b"", "HIT")
    assert not_modified["ETag"] == headers["ETag"]
    assert {h: not_modified[h] for h in EVERY_RESPONSE} == EVERY_RESPONSE


def test_the_app_sees_the_clients_host_and_its_allow_list_holds_for_cached_pages(proxy):
    path = "/v1/figures?page_size=1&sort=force"
    assert cache_status(get(proxy.base + path)[1]) == "MISS"
    assert cache_status(get(proxy.base + path)[1]) == "HIT"
    status, headers, body = get(proxy.base + path, {"Host": "evil.example"})
    assert (status, headers["Content-Type"]) == (400, "application/problem+json")
    assert "Host" in json.loads(body)["detail"]
    # The public host is served, from an entry of its own.
    status, headers, _ = get(proxy.base + path, {"Host": "api.example.org"})
    assert (status, cache_status(headers)) == (200, "MISS")


def test_a_cache_emptied_by_hand_is_served_no_more_than_a_second_longer(proxy):
    # Hits reuse their cache file's open descriptor, which nginx looks up again once a second:
    # emptying the cache as docs/operations.md says still takes effect.
    path = "/v1/platforms"
    assert [cache_status(get(proxy.base + path)[1]) for _ in range(2)] == ["MISS", "HIT"]
    for entry in (proxy.work / "cache").rglob("*"):
        if entry.is_file():
            entry.unlink()
    time.sleep(1.1)
    assert cache_status(get(proxy.base + path)[1]) == "MISS"


def assert_problem(response, status: int, title: str) -> None:
    got, headers, body = response
    assert got == status, body[:300]
    assert headers["Content-Type"] == "application/problem+json"
    assert {h: headers[h] for h in EVERY_RESPONSE} == EVERY_RESPONSE
    assert "Content-Security-Policy" in headers and headers["X-Request-ID"]
    problem = json.loads(body)
    assert problem["status"] == status and problem["title"] == title and problem["type"] == "about:blank"


def request_line_of(length: int) -> str:
    """A target whose GET request line is `length` bytes long."""
    path = "/v1/figures?platform="
    return path + "a" * (length - len("GET  HTTP/1.1") - len(path))


def test_requests_nginx_refuses_get_the_apps_problem_json_shape(proxy):
    # Up to 8,112 bytes the app itself answers (its cap on query strings); gunicorn would refuse
    # a line over 8,190 bytes with a bare page of its own, so from 8,113 bytes nginx answers.
    response = raw_get(proxy.base, request_line_of(8112))
    assert_problem(response, 400, "Bad Request")
    assert "longer than 2048 bytes" in json.loads(response[2])["detail"]
    assert_problem(raw_get(proxy.base, request_line_of(8113)), 414, "URI Too Long")
    assert_problem(raw_get(proxy.base, request_line_of(20_000)), 414, "URI Too Long")  # beyond its buffer
    # A 10 KB header reaches the app, one over 16 KB does not; many header fields do.
    big = {"Cookie": "s=" + "a" * 10_000}
    assert_problem(raw_get(proxy.base, "/v1/figures?page=0", big), 400, "Bad Request")
    too_big = {"Cookie": "s=" + "a" * 17_000}
    assert_problem(raw_get(proxy.base, "/v1/figures", too_big), 431, "Request Header Fields Too Large")
    many = {f"X-Field-{n}": "x" for n in range(150)}
    assert raw_get(proxy.base, "/v1/forces", many)[0] == 200


# Keep this one last in the module: it stops the module's app.
def test_expired_pages_are_served_stale_and_revalidated_with_if_none_match_and_the_app_can_stop(proxy):
    """nginx keeps time in whole seconds: an entry stored in second T is fresh until T + 2 ends
    (max-age) and served stale, while one request refreshes it, until T + 4 ends."""
    path = "/v1/forces/suffolk"
    assert cache_status(get(proxy.base + path)[1]) == "MISS"
    stored = int(time.time())
    time.sleep(max(0.0, stored + 3.1 - time.time()))
    status, headers, _ = get(proxy.base + path)
    assert (status, cache_status(headers)) in [(200, "STALE"), (200, "UPDATING")]
    # The refresh asked the app with If-None-Match: its worker answered 304 from its own cache.
    refreshed = [json.loads(line) for line in proxy.app.lines_mentioning(f'"path": "{path}"', settle=0.5)]
    assert [line["status"] for line in refreshed][-1] == 304
    # The app stops: what was cached is still served; anything else is a 502 problem.
    proxy.app.process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown, its workers with it
    proxy.app.process.wait(timeout=30)
    status, headers, body = get(proxy.base + path)
    assert status == 200 and json.loads(body)["id"] == "suffolk"
    response = get(proxy.base + "/v1/forces/essex")
    assert_problem(response, 502, "Bad Gateway")
    assert response[1]["Retry-After"]
