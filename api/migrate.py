"""Schema migrations with Alembic, driven from Python (`flask --app api db upgrade`).

Persistent databases are only ever changed by migrations in api/migrations/versions, never by
create_all; a test checks the migrations build exactly the schema api/models.py describes.
"""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


db_cli = AppGroup("db", help="Database schema migrations (Alembic).")


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Apply every pending migration to DATABASE_URL."""
    engine = current_app.extensions["foi_db"].engine
    upgrade(engine)
    click.echo(f"schema at revision {current_revision(engine)}")


@db_cli.command("current")
def current_command() -> None:
    """Show the schema revision of DATABASE_URL and the newest one available."""
    engine = current_app.extensions["foi_db"].engine
    click.echo(f"database: {current_revision(engine) or 'none (empty database)'}; newest: {head_revision()}")
