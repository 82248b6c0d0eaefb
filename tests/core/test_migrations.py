"""The schema of a persistent database is built and changed only by Alembic migrations."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from api import create_app
from core.migrate import SQLITE_PAGE_SIZE, current_revision, head_revision, upgrade
from core.models import Base
from tests.conftest import engine_for


def test_the_migrations_build_exactly_the_schema_the_models_describe(make_database):
    engine = engine_for(make_database())
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert differences == [], "the models changed without a migration: add one in core/migrations/versions"


def test_db_upgrade_brings_an_empty_database_to_the_newest_revision(make_database):
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})
    engine = app.extensions["foi_db"].engine
    assert current_revision(engine) is None
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert current_revision(engine) == head_revision()
    assert "newest" in app.test_cli_runner().invoke(args=["db", "current"]).output


def test_upgrading_twice_changes_nothing(make_database):
    engine = engine_for(make_database())
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_new_sqlite_file_gets_large_pages_and_an_existing_one_keeps_its_own(tmp_path):
    """Figure documents of 2-3 KB fit one to a 4 KB page, leaving a third of each empty; a new
    file is made with SQLITE_PAGE_SIZE pages, in WAL mode. A file made before keeps its pages."""
    new, old = tmp_path / "new.sqlite3", tmp_path / "old.sqlite3"
    with sqlite3.connect(old) as made_before:
        made_before.execute("CREATE TABLE t (x)")
    for path in (new, old):
        engine = engine_for(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
    pragmas = {}
    for path in (new, old):
        with closing(sqlite3.connect(path)) as connection:
            pragmas[path.stem] = [
                connection.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "journal_mode")
            ]
    assert pragmas == {"new": [SQLITE_PAGE_SIZE, "wal"], "old": [4096, "wal"]}
    assert SQLITE_PAGE_SIZE > 4096
