"""Configuration, read from environment variables with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'foi-stats.sqlite3'}"


class Config:
    DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # How long browsers, proxies and CDNs may reuse a response (seconds); data changes only on a release.
    # Whole responses kept in each worker's memory per data release (see api/response_cache.py).
    RESPONSE_CACHE = os.environ.get("RESPONSE_CACHE", "on") == "on"
    RESPONSE_CACHE_MB = int(os.environ.get("RESPONSE_CACHE_MB", 64))
    CACHE_CONTROL = "public, max-age={}, stale-while-revalidate={}".format(
        int(os.environ.get("CACHE_MAX_AGE", 300)), int(os.environ.get("CACHE_STALE_WHILE_REVALIDATE", 86400))
    )

    API_TITLE = "foi-stats"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_URL_PREFIX = "/"
    # Swagger UI, served from the swagger-ui-bundle package: no CDN (these machines have no internet).
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/docs/assets/"
    API_SPEC_OPTIONS = {
        "info": {
            "description": (
                "Harmonised statistics from UK police Freedom of Information disclosures about online "
                "child sexual offences. Every figure carries its caveats and its provenance: the "
                "disclosure, the question it answers and a verbatim quote of the source text."
            ),
            "license": {"name": "Open Government Licence v3.0 (source disclosures); code MIT"},
        },
        "servers": [{"url": "/", "description": "This server"}],
    }
