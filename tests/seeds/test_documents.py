"""seeds/documents.py: a large release's parts (rows and documents) made by forked workers, while
it is read and while it is written, are the ones the loader makes itself, and a worker can
neither hang the load, nor leave it half-written, nor reach the database."""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from api import create_app
from core.migrate import upgrade
from core.models import FigureDocument
from seeds import documents
from seeds.loader import SEEDS_DIR, build_release, write_release
from seeds.yamlio import SeedErrors
from tests.conftest import engine_for
from tests.helpers import snapshot


@pytest.fixture()
def small_batches(monkeypatch):
    """Workers for any release, in parts of a few figures: many parts, on every worker. Returns the
    pools started for the write and the parts forked while the release was read."""
    monkeypatch.setattr(documents, "WORKERS_FROM", 1)
    monkeypatch.setattr(documents, "BATCH", 7)
    monkeypatch.setattr(documents, "AHEAD_PART", 20)
    started = {"pools": [], "ahead": []}
    workers, fork = documents._workers, documents._Ahead.fork

    @contextmanager
    def counted(*args):
        with workers(*args) as pool:
            started["pools"].append(pool)
            yield pool

    def forked(bundles, rows, span):
        started["ahead"].append(span)
        return fork(bundles, rows, span)

    monkeypatch.setattr(documents, "_workers", counted)
    monkeypatch.setattr(documents._Ahead, "fork", forked)
    return started


def stored_documents(url: str, seeds: Path, workers: int, ahead: bool = False) -> dict[str, str]:
    """Load the seeds with `workers` for the write (and, with `ahead`, while they are read too)."""
    engine = engine_for(url)
    upgrade(engine)
    with build_release(seeds, workers=workers if ahead else 1) as release:
        assert write_release(engine, release, workers)
    with Session(engine) as session:
        stored = dict(session.execute(select(FigureDocument.figure_id, FigureDocument.document)).all())
    engine.dispose()
    return stored


@pytest.mark.parametrize("ahead", [False, True])
def test_workers_store_what_the_loader_renders_itself(
    make_database, seeds_with_fixtures, small_batches, ahead
):
    itself = stored_documents(make_database(), seeds_with_fixtures, workers=1)
    assert not small_batches["pools"] and not small_batches["ahead"]
    by_workers = stored_documents(make_database(), seeds_with_fixtures, workers=2, ahead=ahead)
    assert bool(small_batches["ahead"]) == ahead
    assert len(small_batches["pools"]) == 1 or ahead  # reading may have left nothing to the write
    assert by_workers == itself


def test_parts_made_while_the_release_is_read_are_its_first_whole_disclosures(
    seeds_with_fixtures, small_batches
):
    with build_release(seeds_with_fixtures, workers=3) as release:
        spans = [span for span, _ in release.ahead.made()]
        assert len(spans) > 1
        assert spans[0][0] == 0
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert all(sum(len(b.figures) for b in release.bundles[i:j]) >= documents.BATCH for i, j in spans)
    assert not multiprocessing.active_children()


def test_a_seed_failing_after_parts_were_handed_out_stops_their_workers(
    seeds_with_fixtures, small_batches, tmp_path, monkeypatch
):
    """Nothing is written before every seed has passed: the parts being made are dropped."""
    loader = os.getpid()
    monkeypatch.setattr(documents, "_part", lambda *args: os.getpid() != loader and time.sleep(60))
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_with_fixtures, seeds)
    (seeds / "disclosures" / "zz-last.yaml").write_text("id: zz-last\n")  # read last, and fails
    with pytest.raises(SeedErrors, match="zz-last"):
        build_release(seeds, workers=2)
    assert small_batches["ahead"]
    assert not multiprocessing.active_children()


def test_a_fork_refused_while_the_release_is_read_leaves_the_rest_to_the_write(
    make_database, seeds_with_fixtures, small_batches, monkeypatch
):
    itself = stored_documents(make_database(), seeds_with_fixtures, workers=1)

    def refused(*args):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(documents._Ahead, "fork", refused)
    assert stored_documents(make_database(), seeds_with_fixtures, workers=2, ahead=True) == itself
    assert len(small_batches["pools"]) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_are_stored_while_the_figures_are_written_each_after_its_figure(
    make_database, seeds_with_fixtures, small_batches, monkeypatch, workers
):
    """Workers render while the loader writes the figures, so it stores their documents as it goes
    rather than after the last figure; no document comes before its figure (the foreign key)."""
    inserts = []
    insert_rows = documents.insert_rows

    def recorded(session, table, rows):
        inserts.append(table.name)
        insert_rows(session, table, rows)

    monkeypatch.setattr(documents, "insert_rows", recorded)
    assert stored_documents(make_database(), seeds_with_fixtures, workers=workers)
    last_figures = max(i for i, table in enumerate(inserts) if table == "figures")
    assert "figure_documents" in inserts[:last_figures]


def test_a_release_too_small_for_workers_is_rendered_by_the_loader(make_database, monkeypatch):
    monkeypatch.setattr(documents, "_workers", None)  # would fail if called
    monkeypatch.setattr(documents._Ahead, "fork", None)
    assert stored_documents(make_database(), SEEDS_DIR, workers=2, ahead=True)


@pytest.fixture()
def served(make_database):
    """The real seeds loaded through the CLI: its runner, and an engine on its database."""
    app = create_app({"DATABASE_URL": make_database(), "TESTING": True})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seeds", "load"]).exit_code == 0
    engine = engine_for(app.config["DATABASE_URL"])
    yield runner, engine
    engine.dispose()


@pytest.mark.parametrize("ahead", [False, True])
def test_a_worker_that_dies_stops_the_load_and_changes_nothing(
    served, seeds_with_fixtures, small_batches, monkeypatch, ahead
):
    runner, engine = served
    before = snapshot(engine)
    loader, part = os.getpid(), documents._part

    def killed(*args):
        if os.getpid() != loader:
            os._exit(9)  # as the kernel's OOM killer would leave it
        return part(*args)

    monkeypatch.setattr(documents, "_part", killed)
    with (
        pytest.raises(BrokenProcessPool),
        build_release(seeds_with_fixtures, workers=2 if ahead else 1) as release,
    ):
        write_release(engine, release, workers=2)
    assert snapshot(engine) == before
    assert not multiprocessing.active_children()

    result = runner.invoke(args=["seeds", "load", "--seeds-dir", str(seeds_with_fixtures), "--workers", "2"])
    assert result.exit_code == 1
    assert "load failed and was rolled back, the database is unchanged: BrokenProcessPool" in result.output
    assert snapshot(engine) == before


def test_a_worker_killed_while_it_sends_its_part_fails_the_load_as_one_that_died(
    served, seeds_with_fixtures, small_batches, monkeypatch
):
    """Killed half-way through a part's bytes, the pipe ends in the middle of a message."""
    runner, engine = served
    before = snapshot(engine)

    def cut_short(bundles, rows, span, writer, loader):
        os.write(writer.fileno(), struct.pack("!i", 1_000_000) + b"the first bytes")
        os._exit(9)

    monkeypatch.setattr(documents, "_make_ahead", cut_short)
    result = runner.invoke(args=["seeds", "load", "--seeds-dir", str(seeds_with_fixtures), "--workers", "2"])
    assert result.exit_code == 1, result.output
    assert "load failed and was rolled back, the database is unchanged: BrokenProcessPool" in result.output
    assert snapshot(engine) == before
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("ahead", [False, True])
def test_a_workers_error_reaches_the_loader_as_itself_with_the_workers_traceback(
    make_database, seeds_with_fixtures, small_batches, monkeypatch, ahead
):
    loader, part = os.getpid(), documents._part

    def failing(*args):
        if os.getpid() != loader:
            raise ValueError("figure X: cannot render")
        return part(*args)

    monkeypatch.setattr(documents, "_part", failing)
    with pytest.raises(ValueError, match="figure X: cannot render") as raised:
        stored_documents(make_database(), seeds_with_fixtures, workers=2, ahead=ahead)
    assert "in failing" in str(raised.value.__cause__)
    assert not multiprocessing.active_children()


def test_a_worker_that_cannot_be_forked_fails_the_load_and_leaves_none_behind(
    served, seeds_with_fixtures, small_batches, monkeypatch
):
    """The kernel refuses the second fork (a container's process limit, memory): the worker forked
    first must not be left waiting for work, or the loader's exit waits on it for ever."""
    runner, engine = served
    before = snapshot(engine)
    fork, forks = os.fork, []

    def refused_after_one():
        forks.append(1)
        if len(forks) % 2 == 0:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return fork()

    monkeypatch.setattr(os, "fork", refused_after_one)
    try:
        result = runner.invoke(
            args=["seeds", "load", "--seeds-dir", str(seeds_with_fixtures), "--workers", "2"]
        )
        left = multiprocessing.active_children()
    finally:
        for process in multiprocessing.active_children():  # not left to hang the test run either
            process.kill()
            process.join()
    assert not left
    assert result.exit_code == 1, result.output
    assert "load failed and was rolled back, the database is unchanged: BlockingIOError" in result.output
    assert snapshot(engine) == before


def test_workers_render_only_a_little_ahead_of_what_the_loader_writes(
    make_database, seeds_with_fixtures, small_batches, monkeypatch, tmp_path
):
    """A loader that writes more slowly than its workers render (a remote database, many CPUs)
    holds a few batches' documents, not the whole release's."""
    loader, part, made, written = os.getpid(), documents._part, tmp_path / "made", []
    made.mkdir()

    def counted(bundles, index, renderer, span):
        if os.getpid() != loader:
            (made / str(span[0])).touch()
        return part(bundles, index, renderer, span)

    insert = documents._insert

    def slow(session, part):
        time.sleep(0.02)
        written.append(len(list(made.iterdir())) - len(written))
        return insert(session, part)

    monkeypatch.setattr(documents, "_part", counted)
    monkeypatch.setattr(documents, "_insert", slow)
    assert stored_documents(make_database(), seeds_with_fixtures, workers=2)
    assert len(written) > 8
    assert max(written) <= 2 * 2 + 1, f"{max(written)} parts made and waiting to be written"


def test_a_worker_sees_every_row_detached_from_the_loaders_session(
    make_database, seeds_with_fixtures, small_batches, monkeypatch
):
    """What a worker reads that was not loaded raises, rather than querying through the loader's
    connection, which the worker shares."""
    part = documents._part

    def checked(bundles, index, renderer, span):
        attached = [row for row in index.values() if inspect(row).session is not None]
        assert not attached, f"{len(attached)} rows attached, {attached[0]!r} first"
        return part(bundles, index, renderer, span)

    monkeypatch.setattr(documents, "_part", checked)
    assert stored_documents(make_database(), seeds_with_fixtures, workers=2, ahead=True)


V2_SERVICE = "0::/system.slice/foi-stats.service\n"
V1_DOCKER = "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/\n"


@pytest.mark.parametrize(
    "proc_cgroup, quotas, cpus",
    [
        ("0::/\n", {"cpu.max": "200000 100000"}, 2),  # cgroup v2: 2 CPUs' worth of time
        ("0::/\n", {"cpu.max": "150000 100000"}, 2),  # 1.5 CPUs: two workers, each short of a whole one
        ("0::/\n", {"cpu.max": "50000 100000"}, 1),
        ("0::/\n", {"cpu.max": "max 100000"}, 64),  # no quota
        (V2_SERVICE, {"system.slice/foi-stats.service/cpu.max": "300000 100000"}, 3),  # systemd's CPUQuota=
        (V2_SERVICE, {"system.slice/cpu.max": "100000 100000",
                      "system.slice/foi-stats.service/cpu.max": "300000 100000"}, 1),  # an ancestor's is tighter
        ("", {"cpu/cpu.cfs_quota_us": "300000", "cpu/cpu.cfs_period_us": "100000"}, 3),  # v1, seen as the root
        (V1_DOCKER, {"cpu/docker/abc/cpu.cfs_quota_us": "200000", "cpu/docker/abc/cpu.cfs_period_us": "100000"}, 2),
        ("", {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, 64),
        ("0::/\n", {"cpu.max": "nonsense"}, 64),  # unreadable: the affinity stands
        ("0::/\n", {}, 64),  # no quota files at all
        (None, {}, 64),  # no /proc/self/cgroup
    ],
)  # fmt: skip
def test_workers_are_as_many_as_the_cpu_quota_allows(tmp_path, monkeypatch, proc_cgroup, quotas, cpus):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    monkeypatch.setattr(documents, "CGROUP_ROOT", tmp_path / "cgroup")
    monkeypatch.setattr(documents, "PROC_SELF_CGROUP", tmp_path / "proc-self-cgroup")
    if proc_cgroup is not None:
        (tmp_path / "proc-self-cgroup").write_text(proc_cgroup)
    for name, text in quotas.items():
        (tmp_path / "cgroup" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "cgroup" / name).write_text(text + "\n")
    assert documents.available_cpus() == cpus


LOADER_KILLED_MID_RENDER = """
import os, sys, time
from pathlib import Path
from sqlalchemy import create_engine
from core.migrate import upgrade
from seeds import documents
from seeds.loader import build_release, write_release

documents.WORKERS_FROM, documents.BATCH = 1, 7
pids = Path(sys.argv[2])
def stuck(*args):  # each worker says who it is, then makes nothing for a long while
    (pids / str(os.getpid())).touch()
    time.sleep(60)
documents._part = stuck
engine = create_engine(sys.argv[1])
upgrade(engine)
write_release(engine, build_release(), workers=2)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has exited, waiting only to be reaped


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_workers_exit_when_the_loader_is_killed(tmp_path):
    """A loader stopped by a signal it cannot handle leaves no worker behind, holding memory."""
    pids = tmp_path / "workers"
    pids.mkdir()
    loader = subprocess.Popen(
        [sys.executable, "-c", LOADER_KILLED_MID_RENDER, f"sqlite:///{tmp_path / 'db.sqlite3'}", str(pids)],
        cwd=SEEDS_DIR.parent,
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and loader.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2, f"the loader exited ({loader.returncode}) or took too long"
    finally:
        loader.kill()
        loader.wait()
    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:  # not left behind by a failing run either
        os.kill(pid, signal.SIGKILL)
    assert not survivors


def test_a_pool_that_cannot_start_leaves_the_loader_as_it_was(
    make_database, seeds_with_fixtures, small_batches, monkeypatch
):
    """No file descriptor left for the pool's pipes: the load fails, and the loader neither keeps
    the release for workers that never came nor leaves its garbage collector frozen."""

    def no_pipes(*args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(documents, "ProcessPoolExecutor", no_pipes)
    monkeypatch.setattr(documents, "_inherited", None)  # and put back after a failure
    with pytest.raises(OSError, match="Too many open files"):
        stored_documents(make_database(), seeds_with_fixtures, workers=2)
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    assert documents._inherited is None
    assert not frozen


LOADER_INTERRUPTED_WHILE_WRITING = """
import signal, sys, time
from pathlib import Path
from seeds import documents

# Ctrl-C as a terminal's foreground process has it: a test run started in the background (CI runs
# one pass so) ignores SIGINT, and every process it starts inherits that.
signal.signal(signal.SIGINT, signal.default_int_handler)

documents.WORKERS_FROM, documents.BATCH = 1, 7
writing, insert = Path(sys.argv[1]), documents._insert
def slow(session, part):  # the workers make all there is, then wait for work
    writing.touch()
    time.sleep(60)
    return insert(session, part)
documents._insert = slow
from flask.cli import main
sys.argv = ["flask", "--app", "api", "seeds", "load", "--workers", "2"]
main()
"""


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="signals a process group (POSIX)")
def test_ctrl_c_stops_the_load_with_one_word_from_the_loader(tmp_path):
    """Ctrl-C signals the terminal's whole process group, the workers with the loader: the loader
    alone answers it (it rolls back and says so), not each worker with a traceback of its own."""
    writing = tmp_path / "writing"
    loader = subprocess.Popen(
        [sys.executable, "-c", LOADER_INTERRUPTED_WHILE_WRITING, str(writing)],
        cwd=SEEDS_DIR.parent,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not writing.exists() and loader.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert writing.exists(), f"the loader exited ({loader.returncode}) or took too long"
        time.sleep(1)  # the workers are done and waiting
        os.killpg(loader.pid, signal.SIGINT)
        out, err = loader.communicate(timeout=30)
    finally:
        if loader.poll() is None:
            os.killpg(loader.pid, signal.SIGKILL)
            loader.wait()
    assert loader.returncode == 1
    assert "Aborted!" in err
    assert "Traceback" not in err, err
