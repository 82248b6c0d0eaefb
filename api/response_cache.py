"""Whole responses, cached in each worker's memory per data release.

The data changes only when a release is loaded, so within a release the response to a GET is a
function of its URL and of the representation chosen (media type and coding), nothing else: no
link is built from the Host header (api/links.py), and Accept and Accept-Encoding enter the key
only as the representation they select (api/negotiation.py), never as raw text. This WSGI
middleware sits in front of Flask: the first request for a key runs the app and keeps the status,
headers and bytes; later requests get them back (or a 304) without entering Flask at all, which is
what lets a cached page be served at a fraction of a static file server's cost (bench/README.md).

Entries live in the `ReleaseState` of the release they were built from (api/releases.py), and are
stored only while that release is the one served, so a response can never be filed under another
release. Hits are served from the newest release the worker knows of, without the database.

Per request it still sets a fresh X-Request-ID and logs the JSON request line.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from werkzeug.exceptions import SecurityError
from werkzeug.sansio.utils import get_host

from .http import etag_matches
from .negotiation import Negotiator
from .releases import WSGI_STATE_KEY, Releases
from .request_log import log_request, request_id_for

# Headers that belong to one request, never to the cached representation.
PER_REQUEST = {"x-request-id", "date", "set-cookie"}
NOT_MODIFIED_DROPS = {"content-length", "content-type", "content-encoding", "content-disposition"}
# What an OrderedDict spends per item beyond its key and value objects (hash table slot and the
# linked-list node), measured on CPython 3.11 and rounded up; tests check the total against tracemalloc.
ORDERED_DICT_ITEM = 160


@dataclass(frozen=True, slots=True)
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    release: str


def held_bytes(key: tuple, entry: Entry) -> int:
    """The memory an entry really holds: every object of its key and entry, not just the body."""
    size = ORDERED_DICT_ITEM + sys.getsizeof(key) + sum(sys.getsizeof(part) for part in key)
    size += sys.getsizeof(entry) + sys.getsizeof(entry.status) + sys.getsizeof(entry.body)
    size += sys.getsizeof(entry.headers) + sys.getsizeof(entry.release)
    for name, value in entry.headers:
        size += 56 + sys.getsizeof(name) + sys.getsizeof(value)  # the pair's tuple and its strings
    return size


class ResponseStore:
    """One release's cached responses, least recently used out first, within `max_bytes` as
    `held_bytes` counts them. Shared by a worker's threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, tuple[Entry, int]] = OrderedDict()
        self.bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Entry | None:
        with self._lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: tuple, entry: Entry) -> None:
        size = held_bytes(key, entry)
        if size > self.max_bytes // 4:
            return  # one huge response would evict everything else
        with self._lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self.entries[key] = (entry, size)
            self.bytes += size
            while self.bytes > self.max_bytes and self.entries:
                _, (_, evicted) = self.entries.popitem(last=False)
                self.bytes -= evicted

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self.entries)


class ResponseCache:
    def __init__(self, app, releases: Releases, negotiator: Negotiator, trusted_hosts: list[str] | None):
        self.app = app
        self.releases = releases
        self.negotiator = negotiator
        self.trusted_hosts = trusted_hosts
        self.hits = self.misses = 0

    def store(self) -> ResponseStore | None:
        """The entries of the release being served (for tests and benchmarks)."""
        state = self.releases.serving()
        return state.responses if state else None

    def __call__(self, environ, start_response):
        if not self._may_cache(environ):
            return self.app(environ, start_response)
        state = self.releases.serving()  # None until this worker has met a release
        key = self.key(environ)
        entry = state.responses.get(key) if state else None
        if entry is None:
            self.misses += 1
            return self._miss(key, environ, start_response)
        self.hits += 1
        return self._serve(entry, environ, start_response)

    def _may_cache(self, environ) -> bool:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or not environ.get("PATH_INFO", "").startswith(
            "/v1"
        ):
            return False
        if self.trusted_hosts is not None:
            try:
                get_host(environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST"),
                         None, self.trusted_hosts)  # fmt: skip
            except SecurityError:
                return False  # the app answers it (400): a cache hit must not bypass the allow-list
        return True

    def key(self, environ) -> tuple:
        path = environ.get("PATH_INFO", "")
        return (
            environ.get("SCRIPT_NAME", "") + path,
            environ.get("QUERY_STRING", ""),
            self.negotiator.media_type(path, environ.get("HTTP_ACCEPT", "")),
            self.negotiator.coding(environ.get("HTTP_ACCEPT_ENCODING", "")),
        )

    def _serve(self, entry: Entry, environ, start_response, request_id: str | None = None):
        """Send a cached entry (or a 304). Without a request_id this is a hit, logged here; with
        one it is the miss that just filled the entry, which the app has logged already."""
        started = time.perf_counter()
        hit = request_id is None
        if hit:
            request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        if entry.etag and etag_matches(environ.get("HTTP_IF_NONE_MATCH"), entry.etag):
            status, body = "304 NOT MODIFIED", b""
            headers = [(k, v) for k, v in entry.headers if k.lower() not in NOT_MODIFIED_DROPS]
        else:
            status, body, headers = entry.status, entry.body, list(entry.headers)
        headers.append(("X-Request-ID", request_id))
        start_response(status, headers)
        if hit:
            log_request(
                {
                    "method": environ["REQUEST_METHOD"],
                    "path": environ.get("PATH_INFO", ""),
                    "query": environ.get("QUERY_STRING", ""),
                    "status": int(status[:3]),
                    "duration_ms": round((time.perf_counter() - started) * 1000, 3),
                    "bytes": len(body),
                    "request_id": request_id,
                    "release": entry.release,
                    "cache": "hit",
                }
            )
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _miss(self, key: tuple, environ, start_response):
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            if exc_info is not None:
                return start_response(status, headers, exc_info)
            captured["status"], captured["headers"] = status, headers
            return lambda data: None  # the legacy write() callable; Flask never uses it

        # Ask the app for the full representation (no 304), so the entry can serve everyone;
        # start_response is called here, once the response is known.
        conditional = environ.pop("HTTP_IF_NONE_MATCH", None)
        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = captured["status"], captured["headers"]
        state = environ.get(WSGI_STATE_KEY)  # the release this response was built from
        cacheable = (
            environ["REQUEST_METHOD"] == "GET"
            and "public" in _header(headers, "cache-control")
            and state is not None
            and _header(headers, "x-data-release") == state.id
            and self.releases.is_serving(state)
        )
        if conditional is not None:
            environ["HTTP_IF_NONE_MATCH"] = conditional
        if not status.startswith("200"):
            start_response(status, headers)
            return [body]
        entry = Entry(
            status=status,
            headers=[(k, v) for k, v in headers if k.lower() not in PER_REQUEST],
            body=body,
            etag=_header(headers, "etag") or None,
            release=_header(headers, "x-data-release"),
        )
        if cacheable:
            state.responses.put(key, entry)
        return self._serve(entry, environ, start_response, request_id=_header(headers, "x-request-id"))


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in headers if k.lower() == name), "")
