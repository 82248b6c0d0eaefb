"""Every response is built from exactly one release: while loads commit beside them, concurrent
reads never carry one release's name with another's rows, and nothing a worker derived from one
load (summaries, code lists, cached bodies) survives into another, even of the same seeds; a
release's download, read table by table, is of one release too."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import time
import zipfile

import pytest
from sqlalchemy import make_url

from api import create_app
from seeds.loader import build_release
from tests.conftest import engine_for, load_seeds

WORDING = {"v1": "reviewing each record by hand", "v2": "reading each record"}
URLS = [
    "/v1/caveats/manual-review",
    "/v1/figures?caveat=manual-review&page_size=3",
    "/v1/platform-mentions?caveat=manual-review&page_size=2&page=2",
]


@pytest.fixture()
def two_releases(seeds_copy):
    """The real seeds (v1) and a copy whose manual-review caveat is worded differently (v2)."""
    caveats = seeds_copy / "reference" / "caveats.yaml"
    caveats.write_text(caveats.read_text().replace(WORDING["v1"], WORDING["v2"]))
    v1, v2 = build_release(), build_release(seeds_copy)
    assert v1.id != v2.id
    return {"v1": (v1.id, None), "v2": (v2.id, seeds_copy)}


def wording_of(body: dict) -> set[str]:
    """Which release's wording each part of a body carries."""
    text = str(body.get("text", "")) + str(body.get("data", "")) + str(body.get("comparability", ""))
    return {name for name, words in WORDING.items() if words in text}


def check(response, ids: dict[str, str]) -> str | None:
    """None if the response is one release throughout, else what is wrong with it."""
    if response.status_code != 200:
        return f"{response.status_code}: {response.get_data(as_text=True)[:200]}"
    body = response.get_json()
    header = response.headers["X-Data-Release"]
    if body["release"] != header or not response.headers["ETag"].strip('"').startswith(header):
        return f"body names {body['release']}, header {header}, ETag {response.headers['ETag']}"
    if wording_of(body) != {ids[header]}:
        return f"release {ids[header]} served with the wording of {sorted(wording_of(body))}"
    return None


def read_during_reloads(url, two_releases, app, paths, check_one, readers: int, loads: tuple, pause: float):
    """GET each of `paths` over and over on `readers` threads while the seeds are loaded as `loads`
    names them, one after another; fail on any problem `check_one(response, ids)` finds."""
    ids = {release_id: name for name, (release_id, _) in two_releases.items()}
    problems, served, stop = [], [], threading.Event()

    def read():
        client = app.test_client()
        while not stop.is_set():
            for path in paths:
                response = client.get(path)
                if response.status_code == 200:
                    served.append(response.headers["X-Data-Release"])
                if problem := check_one(response, ids):
                    problems.append(f"{path}: {problem}")

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    try:
        for name in loads:
            load_seeds(url, *(s for s in [two_releases[name][1]] if s))
            time.sleep(pause)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        engine_for(url).dispose()
    assert not problems, f"{len(problems)} of {len(served)} responses mixed releases: {problems[:5]}"
    assert set(served) == set(ids), "the reads were served from both releases"


@pytest.mark.parametrize("response_cache", [False, True], ids=["cache off", "cache on"])
def test_reads_during_reloads_are_each_one_release(make_database, two_releases, response_cache):
    url = make_database()
    load_seeds(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "RESPONSE_CACHE": response_cache})
    read_during_reloads(
        url, two_releases, app, URLS, check, readers=4, loads=("v2", "v1", "v2", "v1"), pause=0.3
    )


def test_a_reload_of_earlier_seeds_reuses_nothing_derived_from_the_load_between(make_database, two_releases):
    """v1 -> v2 -> v1: same release id twice, but a new load; every part of every body agrees."""
    url = make_database()
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    releases, client = app.extensions["foi_releases"], app.test_client()
    ids = {release_id: name for name, (release_id, _) in two_releases.items()}
    for name in ("v1", "v2", "v1"):
        load_seeds(url, *(s for s in [two_releases[name][1]] if s))
        releases.check_now()
        for path in URLS:
            response = client.get(path)
            assert check(response, ids) is None, (name, path, check(response, ids))
            assert ids[response.headers["X-Data-Release"]] == name
    engine_for(url).dispose()


def zip_problem(response, ids: dict[str, str]) -> str | None:
    """None if a download is one release throughout (its name, its README, its tables), else what
    is wrong with it. Neither database makes a read wait for a load (SQLite is in WAL mode)."""
    if response.status_code != 200:
        return f"{response.status_code}: {response.get_data(as_text=True)[:200]}"
    header = response.headers["X-Data-Release"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    named = json.loads(archive.read("datapackage.json"))["name"]
    if named != f"foi-stats-{header}" or header not in archive.read("README.md").decode():
        return f"header {header}, but the package is {named}"
    for table in ("data/caveats.csv", "data/figures.csv"):
        text = archive.read(table).decode()
        found = {name for name, words in WORDING.items() if words in text}
        if found != {ids[header]}:
            return f"release {ids[header]} with {table} worded as {sorted(found)}"
    return None


def test_a_download_during_reloads_is_one_release(make_database, two_releases):
    url = make_database()
    load_seeds(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "RESPONSE_CACHE": False})
    paths = ["/v1/releases/latest/download"]
    read_during_reloads(url, two_releases, app, paths, zip_problem, readers=2, loads=("v2", "v1"), pause=0.5)


def test_on_sqlite_a_load_holding_the_write_lock_makes_no_read_wait(make_database):
    """A load's commit takes SQLite's exclusive lock; in WAL mode (set by every migration) reads go
    on from the last committed release, where the rollback journal would make them wait and 503."""
    url = make_database()
    if not url.startswith("sqlite"):
        pytest.skip("about SQLite's journal")
    load_seeds(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "RESPONSE_CACHE": False, "DATABASE_TIMEOUT": 0.5})
    writer = sqlite3.connect(make_url(url).database, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        writer.execute("DELETE FROM figure_caveats")
        response = app.test_client().get("/v1/figures?caveat=manual-review&page_size=1")
    finally:
        writer.rollback()
        writer.close()
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["data"][0]["caveats"]
