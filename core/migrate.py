"""Schema migrations with Alembic, driven from Python (`flask --app api db upgrade` runs them).

Persistent databases are only ever changed by migrations in core/migrations/versions, never by
create_all; a test checks the migrations build exactly the schema core/models/ describes.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    use_write_ahead_log(engine)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def use_write_ahead_log(engine: Engine) -> None:
    """Put an SQLite file in WAL mode (it stays so): a release load then never makes the API's
    reads wait, where the rollback journal locks them out while it spills and commits. Reads need
    write access to the folder (the -wal and -shm files beside the database), as loads do."""
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return
    # A file system without shared memory (some network mounts) answers with the old mode; the
    # API still works there, its reads just wait for loads.
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
