"""The schema of a persistent database is built and changed only by Alembic migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from api import create_app
from core.migrate import current_revision, head_revision, upgrade
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
