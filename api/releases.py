"""The data release being served: every response names it (X-Data-Release header and `release`
in JSON bodies), and everything computed once per release is keyed by it.

Each worker checks the newest release at most once per RELEASE_CHECK_SECONDS, so a load becomes
visible within that time without a query per request.
"""

from __future__ import annotations

import math
import threading
import time

from flask import Flask, current_app, g, request
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from .database import db_session
from .models import DataRelease

RELEASE_HEADER = "X-Data-Release"
RELEASE_CHECK_SECONDS = 1.0
# Paths that must answer without touching the database.
NO_DATABASE = ("/healthz", "/docs/assets/")
NEWEST = select(DataRelease.id).order_by(DataRelease.created_at.desc()).limit(1)


class ReleaseWatcher:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.release: str | None = None
        self.checked = -math.inf
        self.lock = threading.Lock()

    def current(self) -> str | None:
        if time.monotonic() - self.checked >= RELEASE_CHECK_SECONDS:
            with self.lock:
                if time.monotonic() - self.checked >= RELEASE_CHECK_SECONDS:
                    try:
                        with self.engine.connect() as connection:
                            self.release = connection.scalar(NEWEST)
                    except SQLAlchemyError:
                        pass  # keep the last known release; requests that need the database report it
                    self.checked = time.monotonic()
        return self.release


def newest_release_id() -> str | None:
    """Asked of the database now (for /readyz), not the watcher's recent answer."""
    return db_session().scalar(NEWEST)


def current_release_id() -> str | None:
    if "release_id" not in g:
        g.release_id = current_app.extensions["foi_releases"].current()
    return g.release_id


def register(app: Flask) -> None:
    app.extensions["foi_releases"] = ReleaseWatcher(app.extensions["foi_db"].engine)

    @app.after_request
    def add_release_header(response):
        if not request.path.startswith(NO_DATABASE) and (release := current_release_id()):
            response.headers[RELEASE_HEADER] = release
        return response
