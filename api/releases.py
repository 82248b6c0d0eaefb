"""The data release a response is built from, and everything derived from one release.

A release is identified to clients by its id (X-Data-Release, `release` in JSON bodies). Inside a
worker it is identified by its *generation*, (id, loaded_at): loading the same seeds again gives
the same id but a new generation, so nothing computed for one load is ever reused for another.

- A request that reads data learns its release inside its own snapshot (api/database.py), as the
  first thing it reads there; that release's `ReleaseState` then holds whatever the request needs
  that is derived per release (code-list lookups, list summaries). So a body, its headers and its
  derived parts all come from one release.
- `ReleaseState` is built once per generation and shared by the worker's threads; it is never
  changed in place except to memoise. The registry swaps the state it serves atomically.
- The response cache (api/response_cache.py) serves hits without touching the database, from the
  newest generation the worker knows of: learnt from its requests' snapshots, and by a check at
  most once per RELEASE_CHECK_SECONDS run in a background thread, so a hung database never holds
  up a cached response.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Flask, current_app, g, request
from flask_smorest import abort
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from core.models import DataRelease

from .database import db_session

RELEASE_HEADER = "X-Data-Release"
RELEASE_CHECK_SECONDS = 1.0
SUMMARIES = 1024  # list summaries kept per release (LRU)
# Paths whose responses name no release and never touch the database.
NO_DATABASE = ("/healthz", "/docs", "/openapi.json", "/explore/assets/")
NEWEST = select(DataRelease.id, DataRelease.created_at).order_by(DataRelease.created_at.desc()).limit(1)
WSGI_STATE_KEY = "foi.release_state"  # where a request leaves its state for the response cache


class Generation(NamedTuple):
    id: str
    loaded_at: dt.datetime


class ReleaseState:
    """Everything a worker derives from one loaded release. Safe to share between threads."""

    def __init__(self, generation: Generation, make_store: Callable[[], Any] | None = None):
        self.generation = generation
        self.id = generation.id
        # The response cache's entries for this release (api/response_cache.py), if it is on.
        self.responses = make_store() if make_store else None
        self._lock = threading.Lock()
        self._derived: dict[str, Any] = {}
        self._summaries: OrderedDict[Any, Any] = OrderedDict()

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A value computed once per release (e.g. the code-list lookups). `build` reads the
        caller's snapshot, which is of this release; two threads may both build it, one keeps it."""
        if name not in self._derived:
            value = build()
            with self._lock:
                self._derived.setdefault(name, value)
        return self._derived[name]

    def summary(self, key: Any, build: Callable[[], Any]) -> Any:
        """A per-query value (count, comparability block), the newest SUMMARIES kept."""
        with self._lock:
            if key in self._summaries:
                self._summaries.move_to_end(key)
                return self._summaries[key]
        value = build()
        with self._lock:
            self._summaries[key] = value
            while len(self._summaries) > SUMMARIES:
                self._summaries.popitem(last=False)
        return value

    def stop_serving(self) -> None:
        """A newer release is served: its cached responses will never be sent again."""
        if self.responses is not None:
            self.responses.clear()

    def retire(self) -> None:
        """No request can reach this release any more: free everything it holds."""
        self.stop_serving()
        with self._lock:
            self._summaries.clear()
            self._derived.clear()


class Releases:
    """The worker's view of releases: the states of the newest generations it has met."""

    KEEP = 2  # the newest, and the one before it for requests whose snapshot began just before a load

    def __init__(self, engine: Engine, make_store: Callable[[], Any] | None = None):
        self.engine = engine
        self.make_store = make_store
        self._states: OrderedDict[Generation, ReleaseState] = OrderedDict()
        self._newest: ReleaseState | None = None
        self._lock = threading.Lock()
        self._checking = False
        self._checked = -float("inf")

    # --- the newest release, for responses served without the database ---

    def serving(self) -> ReleaseState | None:
        """The newest release this worker knows of, starting a background check when one is due."""
        if time.monotonic() - self._checked >= RELEASE_CHECK_SECONDS and not self._checking:
            self._start_check()
        return self._newest

    def _start_check(self) -> None:
        with self._lock:
            if self._checking:
                return
            self._checking = True
        threading.Thread(target=self.check_now, name="foi-release-check", daemon=True).start()

    def check_now(self) -> ReleaseState | None:
        """Ask the database for the newest release now (the background check; tests call it)."""
        try:
            with self.engine.connect() as connection:
                row = connection.execute(NEWEST).first()
            if row is not None:
                self.observe(_generation(row), authoritative=True)
        except SQLAlchemyError:
            pass  # keep serving what we know; requests that need the database report the outage
        finally:
            self._checked = time.monotonic()
            self._checking = False
        return self._newest

    # --- the state of a given release ---

    def state(self, generation: Generation) -> ReleaseState:
        with self._lock:
            found = self._states.get(generation)
            if found is None:
                found = self._states[generation] = ReleaseState(generation, self.make_store)
                while len(self._states) > self.KEEP:
                    _, old = self._states.popitem(last=False)
                    old.retire()
        return found

    def observe(self, generation: Generation, authoritative: bool = False) -> ReleaseState:
        """A generation seen in the database: newer than the one served, it becomes the one served.
        A request's snapshot may be older than what a check already saw, so only a check
        (authoritative) may move the served release backwards (a release row deleted by hand)."""
        state = self.state(generation)
        with self._lock:
            newest = self._newest
            switch = newest is not state and (
                newest is None or authoritative or generation.loaded_at > newest.generation.loaded_at
            )
            if switch:
                self._newest = state
        if switch and newest is not None:
            newest.stop_serving()
        return state

    def is_serving(self, state: ReleaseState) -> bool:
        return state is self._newest


# --- per request ---


def request_release() -> ReleaseState | None:
    """The release of this request's snapshot (None when none is loaded), read once per request."""
    if "release_state" not in g:
        row = db_session().connection().execute(NEWEST).first()  # Core, not ORM: it runs per request
        state = current_app.extensions["foi_releases"].observe(_generation(row)) if row else None
        g.release_state = state
        request.environ[WSGI_STATE_KEY] = state
    return g.release_state


def _generation(row) -> Generation:
    release_id, loaded_at = row
    # SQLite hands back naive datetimes; the loader always writes UTC.
    return Generation(release_id, loaded_at if loaded_at.tzinfo else loaded_at.replace(tzinfo=dt.UTC))


def loaded_release() -> ReleaseState:
    """This request's release, for code that needs data: a 503 when none is loaded yet."""
    state = request_release()
    if state is None:
        abort(503, message="No data release is loaded: run `flask --app api seeds load`.",
              headers={"Retry-After": "30"})  # fmt: skip
    return state


def current_release_id() -> str | None:
    """The release this response is built from: its snapshot's."""
    state = request_release()
    return state.id if state else None


def known_release_id() -> str | None:
    """For error responses, which may have read no data (and the database may be what failed):
    the snapshot's release if the request opened one, else the newest the worker knows of."""
    if "release_state" in g:
        return g.release_state.id if g.release_state else None
    newest = current_app.extensions["foi_releases"].serving()
    return newest.id if newest else None


def register(app: Flask, make_store: Callable[[], Any] | None = None) -> None:
    app.extensions["foi_releases"] = Releases(app.extensions["foi_db"].reads, make_store)

    @app.after_request
    def add_release_header(response):
        if request.path.startswith(NO_DATABASE):
            return response
        # A success names the release of its own snapshot; an error, what it knows without one.
        release = current_release_id() if response.status_code < 400 else known_release_id()
        if release:
            response.headers[RELEASE_HEADER] = release
        return response
