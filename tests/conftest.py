"""Shared fixtures: one database loaded from the real seeds for read-only API tests, and a
disposable copy of the seeds for tests that break them on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from api import create_app
from seeds.loader import SEEDS_DIR, build_release, enforce_sqlite_foreign_keys, write_release


@pytest.fixture(scope="session")
def release():
    """The real seeds, validated once."""
    return build_release()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, release) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'foi-stats.sqlite3'}"
    engine = create_engine(url)
    enforce_sqlite_foreign_keys(engine)
    write_release(engine, build_release())  # a fresh build: write_release takes ownership of the rows
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SERVER_NAME": "api.test"})
    return app


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    """A private copy of seeds/ (reference lists, disclosures, sources) to break on purpose."""
    target = tmp_path / "seeds"
    for part in ("reference", "disclosures", "sources"):
        shutil.copytree(SEEDS_DIR / part, target / part)
    return target
