"""A bare WSGI app that answers every request with one file's bytes as JSON: run under gunicorn
with the API's own settings (gunicorn.conf.py), it measures what gunicorn costs per request with
no Flask and no app code, the limit of the app alone with its response cache on."""

from __future__ import annotations

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
