"""One SQLAlchemy engine per app, and one session per request (read-only in views)."""

from __future__ import annotations

from flask import Flask, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


class Database:
    def __init__(self, app: Flask):
        url = app.config["DATABASE_URL"]
        if url.startswith("sqlite:///"):
            # Make sure the folder of an SQLite file exists, so a fresh clone needs nothing else.
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, pool_pre_ping=True)
        enforce_sqlite_foreign_keys(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        app.extensions["foi_db"] = self
        app.teardown_appcontext(self._close_session)

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db_session() -> Session:
    """The current request's session, opened on first use."""
    if "db_session" not in g:
        from flask import current_app

        g.db_session = current_app.extensions["foi_db"].sessions()
    return g.db_session


def enforce_sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite ignores foreign keys unless asked per connection; the loader relies on them."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
