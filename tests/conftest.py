"""Shared fixtures: databases (SQLite files, or databases on the PostgreSQL server named by
TEST_DATABASE_URL), one loaded from the real seeds for the read-only API tests, a disposable
copy of the seeds for tests that break them on purpose, the app under a real HTTP server on
loopback, and a headless Chromium (Debian's) for the tests that look at pages."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from api import create_app
from api.database import enforce_sqlite_foreign_keys
from core.migrate import upgrade
from core.models import DataRelease
from seeds.loader import SEEDS_DIR, build_release, write_release

# A PostgreSQL server to run the whole suite against (the URL of its maintenance database).
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
IN_CI = os.environ.get("CI") == "true"
# Headless Chromium as root, on a machine whose only network is loopback: no sandbox (root), no
# GPU, and nothing of its own on the network (QUIC, background updates, sync). Playwright gives
# each launch a new empty profile (--user-data-dir) and removes it on close.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def pytest_terminal_summary(terminalreporter):
    from tests import test_fuzz

    if test_fuzz.CASES:
        total = sum(test_fuzz.CASES.values())
        terminalreporter.write_line(
            f"fuzzing: {total} generated requests over {len(test_fuzz.CASES)} operations"
        )


def pytest_report_header():
    return (
        f"database: {make_url(TEST_DATABASE_URL).render_as_string() if TEST_DATABASE_URL else 'SQLite files'}"
    )


@pytest.fixture(scope="session")
def make_database(tmp_path_factory):
    """make_database() -> the URL of a new, empty database, dropped after the session."""
    created: list[str] = []
    admin = (
        create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        if TEST_DATABASE_URL
        else None
    )

    def make() -> str:
        name = f"foi_test_{uuid.uuid4().hex[:12]}"
        if admin is None:
            return f"sqlite:///{tmp_path_factory.mktemp('db') / f'{name}.sqlite3'}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def engine_for(url: str):
    engine = create_engine(url)
    enforce_sqlite_foreign_keys(engine)
    return engine


def load_seeds(url: str, seeds_dir: Path = SEEDS_DIR) -> None:
    engine = engine_for(url)
    upgrade(engine)
    write_release(engine, build_release(seeds_dir))
    engine.dispose()


@pytest.fixture(scope="session")
def release():
    """The real seeds, validated once."""
    return build_release()


@pytest.fixture(scope="session")
def database_url(make_database) -> str:
    url = make_database()
    load_seeds(url)
    return url


@pytest.fixture(scope="session")
def app(database_url):
    return create_app({"DATABASE_URL": database_url, "TESTING": True, "PUBLIC_BASE_URL": "http://api.test"})


OLDER_RELEASE = "0123456789ab"


@pytest.fixture(scope="session")
def app_with_an_older_release(make_database):
    """The app on the real seeds, with a release from before them (OLDER_RELEASE) still in the
    database: one it lists but no longer serves."""
    url = make_database()
    load_seeds(url)
    engine = engine_for(url)
    with Session(engine) as session, session.begin():
        session.add(DataRelease(id=OLDER_RELEASE, content_hash=OLDER_RELEASE + "0" * 52, counts={},
                                created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))  # fmt: skip
    engine.dispose()
    return create_app({"DATABASE_URL": url, "TESTING": True, "PUBLIC_BASE_URL": "http://api.test"})


@pytest.fixture()
def client(app):
    return app.test_client()


# Synthetic disclosures, invented for the tests (tests/fixtures/README.md): never in the default release.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seeds_with_fixtures(tmp_path_factory) -> Path:
    """A copy of the real seeds plus every synthetic fixture disclosure (read only)."""
    seeds = tmp_path_factory.mktemp("with-fixtures") / "seeds"
    shutil.copytree(SEEDS_DIR, seeds, ignore=shutil.ignore_patterns("citations", "__pycache__"))
    for part in ("disclosures", "sources"):
        for path in (FIXTURES / part).iterdir():
            shutil.copy(path, seeds / part / path.name)
    return seeds


@pytest.fixture(scope="session")
def fixtures_app(make_database, seeds_with_fixtures):
    """The app on a copy of the real seeds plus every synthetic fixture disclosure."""
    url = make_database()
    load_seeds(url, seeds_with_fixtures)
    return create_app({"DATABASE_URL": url, "TESTING": True, "PUBLIC_BASE_URL": "http://api.test"})


@pytest.fixture(scope="module", params=["seeds", "seeds+fixtures"])
def any_app(request, app):
    """The real seeds, and the real seeds with every synthetic fixture disclosure: for the tests
    that must hold for any disclosure, including shapes the five real ones never show."""
    return app if request.param == "seeds" else request.getfixturevalue("fixtures_app")


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    """A private copy of seeds/ (reference lists, disclosures, sources) to break on purpose."""
    target = tmp_path / "seeds"
    for part in ("reference", "disclosures", "sources"):
        shutil.copytree(SEEDS_DIR / part, target / part)
    for code in SEEDS_DIR.glob("*.py"):  # the content hash covers the loader code too
        shutil.copy(code, target / code.name)
    return target


@pytest.fixture(scope="module")
def live_server(database_url) -> str:
    """The app under werkzeug's threaded server on a free loopback port: its base URL."""
    server = make_server("127.0.0.1", 0, create_app({"DATABASE_URL": database_url}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def which(command: str) -> str | None:
    """A command on PATH or where Debian puts system commands (nginx is /usr/sbin/nginx)."""
    return shutil.which(command, path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))


def install_debian_package(package: str, command: str) -> str:
    """Installs a Debian package (as root, like scripts/postgres-test-server does PostgreSQL):
    '' when `command` is then found, else why not. The SQLite and PostgreSQL passes run side by
    side (scripts/test-all), so one installs while the other waits on a lock, then finds it."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600"]
    with open("/tmp/foi-stats-apt-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if which(command):
            return ""
        for step in ([*apt, "update", "-qq"], [*apt, "install", "-y", "-qq", package]):
            done = subprocess.run(step, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode:
                return f"{' '.join(step)} failed: {done.stderr.strip()[-500:]}"
    return ""


def debian_command(package: str, command: str, needed_by: str) -> str:
    """The path of a Debian package's command, installed first when it is missing and we are root
    (as in CI). Elsewhere without it the tests that need it are skipped, saying why; in CI they
    never are."""
    path = which(command)
    why = f"Debian's {package} is not installed (apt-get install {package}, as root)"
    if path is None and os.geteuid() == 0:
        why = install_debian_package(package, command) or why
        path = which(command)
    if path is None:
        if IN_CI:
            pytest.fail(f"{why}, and CI must run the {needed_by}")
        pytest.skip(f"{why}: {needed_by} skipped (CI always runs them)")
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, for the browser tests."""
    return debian_command("chromium", "chromium", "browser tests")


@pytest.fixture(scope="session")
def nginx() -> str:
    """Debian's nginx, for the tests of the shipped proxy configuration (deploy/nginx.conf)."""
    return debian_command("nginx", "nginx", "proxy tests")


@pytest.fixture(scope="module")
def browser(chromium):
    """A headless Chromium driven by Playwright (which never downloads a browser of its own here),
    for one test module: Playwright's event loop stops before the next module runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
