"""One JSON log line per request (method, path, status, duration, request id, release), and the
request id returned as X-Request-ID so a client's report can be matched to the server's log."""

from __future__ import annotations

import datetime
import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

from .releases import known_release_id

REQUEST_ID_HEADER = "X-Request-ID"
# A client's own id is kept if it is short and plain; anything else is replaced by ours.
ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
LOG_FORMAT = "{levelname}{name}{message}"

log = logging.getLogger("foi_stats.requests")


def request_id_for(incoming: str) -> str:
    """The client's own request id if it is short and plain, else a new one."""
    return incoming if ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex


def log_request(fields: dict) -> None:
    """Write one request line: the same JSON shape as the project's other log lines.

    Request lines skip the logging machinery's formatter, which costs several times more than
    serving a cached response (see bench/README.md); they go to the same handler stream."""
    if not log.isEnabledFor(logging.INFO):
        return
    line = {"level": "INFO", "name": log.name, "message": "request", **fields,
            "time": datetime.datetime.now(datetime.UTC).isoformat()}  # fmt: skip
    for handler in _handlers():
        handler.acquire()
        try:
            handler.stream.write(json.dumps(line) + "\n")
            handler.flush()
        finally:
            handler.release()


def _handlers() -> list[logging.StreamHandler]:
    return [h for h in logging.getLogger("foi_stats").handlers if getattr(h, "_foi_stats", False)]


def configure_logging(logger: logging.Logger, level: str) -> None:
    """Send a logger's records to stdout as JSON lines (the handler is added once per logger)."""
    logger.setLevel(level.upper())
    logger.removeHandler(default_handler)  # Flask's plain-text handler on app.logger
    if not any(getattr(h, "_foi_stats", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(
            JsonFormatter(LOG_FORMAT, style="{", timestamp="time", rename_fields={"levelname": "level"})
        )
        handler._foi_stats = True
        logger.addHandler(handler)
        logger.propagate = False


def register(app: Flask) -> None:
    # The project's loggers, and Flask's, which logs every unhandled exception with its traceback.
    configure_logging(logging.getLogger("foi_stats"), app.config["LOG_LEVEL"])
    configure_logging(app.logger, app.config["LOG_LEVEL"])

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        g.request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER, ""))

    @app.after_request
    def log_each_request(response):
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        log_request(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode("latin-1"),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
                "bytes": response.calculate_content_length(),
                "request_id": request_id,
                "release": known_release_id(),
            }
        )
        return response
