"""HTTP behaviour shared by every response: validators and cache headers, CORS, gzip, security
headers, and a cap on query strings.

A response for a given release and URL never changes, so every successful GET gets a strong ETag
(the release plus a hash of the bytes) and may be cached by browsers, CDNs and proxies for
CACHE_MAX_AGE seconds, and served stale for CACHE_STALE_WHILE_REVALIDATE more while refreshing.
"""

from __future__ import annotations

import hashlib
import re

from flask import Flask, request
from flask_compress import Compress
from flask_cors import CORS
from flask_smorest import abort

from .releases import NO_DATABASE, current_release_id

# RFC 9110 13.1.2: "*" or a list of entity tags, each [W/]"<opaque>". Anything else is ignored
# (answered as if absent), so `garbage"<etag>"` can never turn into a 304.
_ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
IF_NONE_MATCH = re.compile(rf"^\s*(?:\*|{_ENTITY_TAG}(?:\s*,\s*{_ENTITY_TAG})*)\s*$")
OPAQUE_TAG = re.compile(r'"([^"]*)"')

EXPOSED_HEADERS = ["ETag", "Link", "X-Data-Release", "X-Request-ID", "Content-Disposition"]
MAX_QUERY_STRING = 2048

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Swagger UI at /docs: its scripts and styles, all served from this app (api/docs.py).
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# The explorer's pages (api/explore/): its own stylesheet and script, forms that submit to it; the
# charts are inline SVG in the page, which needs no source of its own.
EXPLORE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
COMPRESSED_TYPES = ["application/json", "application/problem+json", "text/csv", "text/plain", "text/html", "text/css",
                    "application/javascript", "text/javascript"]  # fmt: skip


def valid_if_none_match(header: str | None) -> bool:
    return bool(header) and IF_NONE_MATCH.match(header) is not None


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2) of a well-formed header with our ETag."""
    if not valid_if_none_match(if_none_match):
        return False
    if if_none_match.strip() == "*":
        return True
    ours = OPAQUE_TAG.search(etag)
    return ours is not None and ours[1] in OPAQUE_TAG.findall(if_none_match)


def register(app: Flask) -> None:
    # Reads from any origin, on success and error responses alike; the data is public.
    CORS(
        app,
        origins="*",
        send_wildcard=True,
        methods=["GET", "HEAD", "OPTIONS"],
        expose_headers=EXPOSED_HEADERS,
        max_age=86400,
    )
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    Compress(app)  # adds ":gzip" to a strong ETag and answers If-None-Match for the gzipped variant

    @app.before_request
    def ignore_malformed_if_none_match():
        if "HTTP_IF_NONE_MATCH" in request.environ and not valid_if_none_match(
            request.environ["HTTP_IF_NONE_MATCH"]
        ):
            del request.environ["HTTP_IF_NONE_MATCH"]

    @app.before_request
    def cap_query_string():
        if len(request.query_string) > MAX_QUERY_STRING:
            abort(
                400,
                message=f"The query string is longer than {MAX_QUERY_STRING} bytes; ask for less at once.",
            )

    # Registered after Compress, so it runs before it: the ETag is the uncompressed representation's.
    @app.after_request
    def validators_and_caching(response):
        cacheable = request.method in ("GET", "HEAD") and response.status_code == 200
        if cacheable and not request.path.startswith(("/healthz", "/readyz")):
            if not response.direct_passthrough:
                digest = hashlib.sha256(response.get_data()).hexdigest()[:24]
                release = current_release_id() if not request.path.startswith(NO_DATABASE) else None
                response.set_etag(f"{release or 'static'}-{digest}")
            response.headers.setdefault("Cache-Control", app.config["CACHE_CONTROL"])
            response.make_conditional(request)
        else:
            response.headers["Cache-Control"] = "no-store"
        if request.path.startswith("/v1") and "Accept" not in response.vary:
            response.vary.add("Accept")  # JSON and CSV share URLs
        return response

    @app.after_request
    def security_headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = csp_for(request.path)
        return response


def csp_for(path: str) -> str:
    if path.startswith("/docs"):
        return DOCS_CSP
    if path == "/explore" or path.startswith("/explore/"):
        return EXPLORE_CSP
    return API_CSP
