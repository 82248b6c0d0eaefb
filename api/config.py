"""Configuration, read from environment variables with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from schema.datapackage import LICENCE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'foi-stats.sqlite3'}"
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"]


def allowed_hosts(public_base_url: str, listed: str | None) -> list[str] | None:
    """The Host names requests may carry (werkzeug's trusted hosts); None accepts any.

    With a public base URL, links are written under it and the allow-list defaults to its host
    plus loopback (for health checks on the box). Without one, links are relative and no
    response depends on the Host header, so any host is harmless unless ALLOWED_HOSTS is set."""
    if listed:
        return [host.strip() for host in listed.split(",") if host.strip()]
    if public_base_url:
        return [urlsplit(public_base_url).hostname or "", *LOOPBACK_HOSTS]
    return None


class Config:
    DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    # Seconds a request may wait for a database connection, and for any one answer from it; past
    # either the request gets a 503 with Retry-After rather than hanging (see api/database.py).
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 2))
    DATABASE_TIMEOUT = float(os.environ.get("DATABASE_TIMEOUT", 3))
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Where the API is published, e.g. https://api.example.org: every link is written under it.
    # Unset, links are relative (/v1/...). Never taken from the request (see api/links.py).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")
    # Host names requests may carry, comma-separated (see allowed_hosts for the default).
    ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS")
    # Whole responses kept in each worker's memory per data release (see api/response_cache.py).
    RESPONSE_CACHE = os.environ.get("RESPONSE_CACHE", "on") == "on"
    RESPONSE_CACHE_MB = int(os.environ.get("RESPONSE_CACHE_MB", 64))
    # How long browsers, proxies and CDNs may reuse a response (seconds); data changes only on a release.
    CACHE_CONTROL = "public, max-age={}, stale-while-revalidate={}".format(
        int(os.environ.get("CACHE_MAX_AGE", 300)), int(os.environ.get("CACHE_STALE_WHILE_REVALIDATE", 86400))
    )

    API_TITLE = "foi-stats"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_URL_PREFIX = "/"
    # Swagger UI at /docs, its files served from the flask-swagger-ui package: no CDN (api/docs.py).
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/docs/assets/"
    API_SPEC_OPTIONS = {
        "info": {
            "description": (
                "Harmonised statistics from UK police Freedom of Information disclosures about online "
                "child sexual offences. Every figure carries its caveats and its provenance: the "
                "disclosure, the question it answers and a verbatim quote of the source text. "
                "The same figures as pages to read, chart and cite are at [/explore](/explore)."
            ),
            # The project publishes no address of its own: whoever runs a server answers for it.
            "contact": {"name": "foi-stats maintainers"},
            # What the API serves is the forces' disclosed data, under the licence they published it
            # with (as in a release's datapackage.json); the code's own licence is in pyproject.toml.
            "license": {"name": LICENCE["title"], "url": LICENCE["path"]},
        },
        "servers": [{"url": "/", "description": "This server"}],
        # Public and read-only: no operation needs credentials.
        "security": [],
    }
