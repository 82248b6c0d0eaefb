"""The app's database: one engine for the loader and migrations, one for requests.

Requests read through `reads`, where two promises are kept:
- **One snapshot per request.** A request's session is a single read-only transaction
  (REPEATABLE READ on PostgreSQL, one deferred BEGIN on SQLite), so the release it names and every
  row it serves come from the same committed state, even while a load commits beside it.
- **No request waits long.** Connecting, waiting for a pooled connection, and each answer from the
  server are bounded (DATABASE_CONNECT_TIMEOUT, DATABASE_TIMEOUT); past that the request fails with
  an OperationalError, which api/errors.py answers with 503 and Retry-After. A server that is
  frozen (SIGSTOP, a stuck VM) still accepts TCP connections and ACKs our bytes, so only a
  client-side deadline notices it: see DeadlineConnection.

`engine` (the CLI: seeds load, db upgrade) has no deadlines: a load may take minutes.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker


class Database:
    def __init__(self, app: Flask):
        url = make_url(app.config["DATABASE_URL"])
        if url.drivername.startswith("sqlite") and url.database:
            # Make sure the folder of an SQLite file exists, so a fresh clone needs nothing else.
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, pool_pre_ping=True)
        enforce_sqlite_foreign_keys(self.engine)
        self.reads = read_engine(url, app.config["DATABASE_CONNECT_TIMEOUT"], app.config["DATABASE_TIMEOUT"])
        self.sessions = sessionmaker(self.reads, expire_on_commit=False)
        self.begins_explicitly = self.reads.dialect.name == "sqlite"
        app.extensions["foi_db"] = self
        app.teardown_appcontext(self._close_session)

    def open_session(self) -> Session:
        session = self.sessions()
        if self.begins_explicitly:
            # pysqlite (set to autocommit below) runs each SELECT in its own snapshot; one BEGIN
            # makes them one. Issued here rather than from a "begin" event, which would slow
            # every statement's dispatch.
            session.connection().exec_driver_sql("BEGIN")
        return session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db_session() -> Session:
    """The current request's session (its snapshot), opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["foi_db"].open_session()
    return g.db_session


def read_engine(url: URL, connect_timeout: int, timeout: float) -> Engine:
    if url.get_backend_name() == "postgresql":
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_timeout=timeout,
            isolation_level="REPEATABLE READ",
            execution_options={"postgresql_readonly": True},
            # The server's own limit too, for a server that is alive but slow.
            connect_args={
                "connect_timeout": connect_timeout,
                "options": f"-c statement_timeout={int(timeout * 1000)}",
            },
        )
        answer_within(engine, timeout)
        return engine
    # A file cannot drop a connection: no ping before each use.
    engine = create_engine(url, pool_timeout=timeout, connect_args={"timeout": timeout})
    enforce_sqlite_foreign_keys(engine)
    leave_transactions_to_us(engine)
    return engine


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection that stops waiting for the server after `answer_timeout` seconds.

    Every exchange with the server (a query, the pool's ping, a rollback) goes through `wait`; on
    timeout the connection is closed, so SQLAlchemy sees a disconnect and drops it from the pool."""

    answer_timeout: float | None = None

    def wait(self, gen, interval: float = 0.1, timeout: float | None = None):
        try:
            return super().wait(gen, interval=interval, timeout=timeout or self.answer_timeout)
        except psycopg.errors._WaitTimeout:
            self.close()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.answer_timeout:g} s"
            ) from None


def answer_within(engine: Engine, seconds: float) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect(_dialect, _record, cargs, cparams):
        connection = DeadlineConnection.connect(*cargs, **cparams)
        connection.answer_timeout = seconds
        return connection


def leave_transactions_to_us(engine: Engine) -> None:
    """pysqlite begins transactions only before writes, so each SELECT sees its own state of the
    file; turn that off, and Database.open_session begins one snapshot per request itself."""

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, _record):
        dbapi_connection.isolation_level = None


def enforce_sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite ignores foreign keys unless asked per connection; the loader relies on them."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
