"""Whole responses, cached in each worker's memory per data release.

The data changes only when a release is loaded, so the response to a GET of a given URL, Accept
and Accept-Encoding never changes within a release. This WSGI middleware sits in front of Flask:
the first request for a key runs the app and keeps the status, headers and bytes; later requests
get them back (or a 304 when If-None-Match matches) without entering Flask at all, which is what
lets a cached page be served at a fraction of a static file server's cost (see bench/README.md).

Per request it still sets a fresh X-Request-ID and logs the JSON request line. It checks the
newest release through the app's ReleaseWatcher and drops everything when it changes.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from .releases import ReleaseWatcher
from .request_log import log_request

ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Headers that belong to one request, never to the cached representation.
PER_REQUEST = {"x-request-id", "date", "set-cookie"}
NOT_MODIFIED_DROPS = {"content-length", "content-type", "content-encoding", "content-disposition"}


@dataclass(frozen=True)
class Entry:
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    release: str | None

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class ResponseCache:
    def __init__(self, app, releases: ReleaseWatcher, max_bytes: int):
        self.app = app
        self.releases = releases
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.bytes = 0
        self.release: str | None = None
        self.hits = self.misses = 0

    # --- the release being served ---

    def current_release(self) -> str | None:
        release = self.releases.current()
        if release != self.release:
            self.clear()
            self.release = release
        return release

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0

    # --- WSGI ---

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or not environ.get("PATH_INFO", "").startswith(
            "/v1"
        ):
            return self.app(environ, start_response)
        release = self.current_release()
        if release is None:
            return self.app(environ, start_response)
        key = (
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT", ""),
            "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""),
        )
        entry = self.entries.get(key)
        if entry is None or entry.release != release:
            self.misses += 1
            return self._miss(key, release, environ, start_response)
        self.hits += 1
        self.entries.move_to_end(key)
        return self._serve(entry, environ, start_response)

    def _serve(self, entry: Entry, environ, start_response, request_id: str | None = None):
        """Send a cached entry (or a 304). Without a request_id this is a hit, logged here; with
        one it is the miss that just filled the entry, which the app has logged already."""
        started = time.perf_counter()
        hit = request_id is None
        if hit:
            incoming = environ.get("HTTP_X_REQUEST_ID", "")
            request_id = incoming if ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        if entry.etag and entry.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
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

    def _miss(self, key: tuple, release: str, environ, start_response):
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
        cacheable = (
            status.startswith("200")
            and environ["REQUEST_METHOD"] == "GET"
            and "public" in _header(headers, "cache-control")
            and _header(headers, "x-data-release") == release
        )
        if not cacheable:
            start_response(status, headers)
            return [body]
        entry = Entry(
            status=status,
            headers=[(k, v) for k, v in headers if k.lower() not in PER_REQUEST],
            body=body,
            etag=_header(headers, "etag") or None,
            release=release,
        )
        self._store(key, entry)
        if conditional is not None:
            environ["HTTP_IF_NONE_MATCH"] = conditional
        return self._serve(entry, environ, start_response, request_id=_header(headers, "x-request-id"))

    def _store(self, key: tuple, entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self.entries[key] = entry
        self.bytes += entry.size
        while self.bytes > self.max_bytes and self.entries:
            _, evicted = self.entries.popitem(last=False)
            self.bytes -= evicted.size


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in headers if k.lower() == name), "")
