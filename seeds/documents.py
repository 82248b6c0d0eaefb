"""Store every figure's document (FigureSchema, schema/figures.py) at load time, inside the loader's
transaction, so the API serves figures without serialising them.

Each figure is rendered from the loader's own object, its related rows (force, measure, caveats,
response...) linked from the rows the load wrote, so nothing is read back. The documents are the
ones the figures read back from the database would give: tests/schema/test_stored_documents.py
renders both ways and compares.

Rendering is most of a large load's work, and each figure's document depends on nothing but the
figure and those rows, so a large release is rendered by worker processes, one per CPU, forked
from the loader once it has written the code lists and the responses: they inherit the figures
rather than receive them, render while the loader writes the figures, and send back only the
documents, batch by batch in the figures' order, which the loader stores as soon as their figures
are written (tests/seeds/test_documents.py compares them with its own). The workers touch
neither the database nor the loader's objects (what a worker links is its own copy), and a worker
that dies stops the load (BrokenProcessPool) rather than hanging it. A worker reads the models'
attributes as plain ones, from each object's `__dict__` (inserts.read_attributes_from_dicts):
it renders about a third sooner than through SQLAlchemy's descriptors.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from sqlalchemy.orm import Session

from core.models import Base, Figure, FigureDocument
from schema.figures import DocumentRenderer

from .inserts import insert_rows, link_parents, read_attributes_from_dicts, rows_by_key

BATCH = 2000
# Below this many figures a release renders in the loader's own process: starting workers would
# cost more than it saves (the five seeds render in a fraction of a second).
WORKERS_FROM = 10 * BATCH

Span = tuple[int, int]  # figures[start:stop]


# Where Linux states a CPU quota: the cgroup file system, and which cgroup the process is in.
CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_SELF_CGROUP = Path("/proc/self/cgroup")


def available_cpus() -> int:
    """The CPUs this process may use: those it may run on, fewer where a CPU quota allows less (a
    container on a 64-CPU host may have 2 CPUs' worth of time, a systemd service its CPUQuota=; 64
    workers would each hold memory for nothing)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    return max(1, min(cpus, math.ceil(quota))) if quota else cpus


def _cgroup_cpu_quota() -> float | None:
    """CPUs' worth of time the tightest quota on the process's cgroup or its ancestors allows, or
    None where none is set (or none is readable). cgroup v2 states it in cpu.max ("200000 100000":
    2 CPUs' worth in each 100 ms, or "max"); v1 in the cpu controller's cpu.cfs_quota_us and
    cpu.cfs_period_us (-1: none). A container usually sees its own cgroup as the root."""
    quotas = [q for q in map(_quota_in, _cgroup_dirs()) if q]
    return min(quotas) if quotas else None


def _cgroup_dirs() -> list[Path]:
    """The directories that may hold the process's CPU quota: its cgroup's (v2, and v1's cpu
    controller) and each ancestor's up to the root."""
    try:
        lines = PROC_SELF_CGROUP.read_text().splitlines()
    except OSError:
        lines = []
    found = {CGROUP_ROOT, CGROUP_ROOT / "cpu"}
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":
            base = CGROUP_ROOT
        elif "cpu" in controllers.split(","):
            base = CGROUP_ROOT / "cpu"
        else:
            continue
        here = base / path.strip("/")
        found.update([here, *here.parents[: len(here.relative_to(base).parts)]])
    return sorted(found)


def _quota_in(directory: Path) -> float | None:
    try:
        if (directory / "cpu.max").is_file():
            quota, period = (directory / "cpu.max").read_text().split()[:2]
        elif (directory / "cpu.cfs_quota_us").is_file():
            quota = (directory / "cpu.cfs_quota_us").read_text().strip()
            period = (directory / "cpu.cfs_period_us").read_text().strip()
        else:
            return None
        if quota in ("max", "-1"):
            return None
        return int(quota) / int(period) if int(quota) > 0 and int(period) > 0 else None
    except (OSError, ValueError):
        return None


@contextmanager
def storing(
    session: Session, figures: Sequence[Figure], rows: Iterable, workers: int = 1
) -> Iterator[Callable[[int], None]]:
    """Render each figure's document and store it (inside the loader's transaction) as soon as its
    figure is written. Yields `written(n)`, for the loader to call as it writes the figures: `n`
    of them, in order, are written so far; it stores every batch of documents that is ready and
    whose figures are all written (at `n == len(figures)`, waiting for the rest).

    `rows` are the rows the figures may name by foreign key: the code lists and the responses.
    `workers`: how many processes may render. With more than one (and a release of at least
    WORKERS_FROM figures) they start at once and render while the loader writes the figures;
    otherwise each batch is rendered here once its figures are written (rendering links the
    loader's objects to their rows, which its INSERTs refuse)."""
    index = rows_by_key(rows)
    spans = [(start, min(start + BATCH, len(figures))) for start in range(0, len(figures), BATCH)]
    if workers < 2 or len(figures) < WORKERS_FROM or "fork" not in multiprocessing.get_all_start_methods():
        renderer = DocumentRenderer()
        pending = deque(spans)

        def written_here(n: int) -> None:
            while pending and pending[0][1] <= n:
                _store(session, _render(figures, index, renderer, pending.popleft()))

        yield written_here
        return
    workers = min(workers, len(spans))
    with _workers(figures, index, session, workers) as pool:
        # Each worker has a batch in hand and one more waiting, no further: the loader holds the
        # documents rendered ahead of what it has stored, and a loader that writes more slowly
        # than its workers render (many CPUs, a remote database) would hold the whole release's.
        waiting, ahead = iter(spans), deque()

        def hand_out(batches: int) -> None:
            ahead.extend((span, pool.submit(_render_in_worker, span)) for span in islice(waiting, batches))

        def written_by_workers(n: int) -> None:
            finished = n == len(figures)
            while ahead and ahead[0][0][1] <= n and (finished or ahead[0][1].done()):
                _store(session, ahead.popleft()[1].result())
                hand_out(1)

        hand_out(2 * workers)
        yield written_by_workers


def _store(session: Session, batch: list[dict]) -> None:
    insert_rows(session, FigureDocument.__table__, batch)


def _render(figures: Sequence[Figure], index: dict, renderer: DocumentRenderer, span: Span) -> list[dict]:
    batch = []
    for figure in figures[span[0] : span[1]]:
        link_parents(figure, index)
        batch.append({"figure_id": figure.id, "document": renderer.render(figure)})
    return batch


# What forked workers inherit: set only while _workers' pool is open.
_inherited: tuple[Sequence[Figure], dict, Session] | None = None
_worker_renderer: DocumentRenderer | None = None


@contextmanager
def _workers(
    figures: Sequence[Figure], index: dict, session: Session, workers: int
) -> Iterator[ProcessPoolExecutor]:
    global _inherited
    # Made before the loader sets anything aside for the workers (it forks them only when given
    # work), so a pool that cannot be made (no file descriptor left for its pipes) leaves nothing set.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_the_loader,
        initargs=(os.getpid(),),
    )
    _inherited = (figures, index, session)
    # Left to the collector, each worker would visit every inherited object and so copy the
    # memory pages they sit on.
    gc.freeze()
    try:
        yield pool
    finally:
        # When the kernel refuses a fork (a container's process limit, memory), the pool stops
        # without telling the workers it did start, and the loader's exit would wait on them.
        started = list((pool._processes or {}).values())
        pool.shutdown(wait=True, cancel_futures=True)  # after a failure, no batch is rendered for nothing
        for process in started:
            if process.exitcode is None:
                process.kill()
                process.join()
        gc.unfreeze()
        _inherited = None


def _die_with_the_loader(loader: int) -> None:
    """A worker's first step: have the kernel kill it when the loader exits, however that happens.
    Otherwise a loader stopped by a signal (`kill`, say) left its workers waiting for work that
    never came, holding their memory: each keeps the pool's pipes open for the others.
    Ctrl-C, which reaches the terminal's whole process group, is the loader's to answer (it rolls
    back and stops the pool): a worker interrupted too only printed a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != loader:  # the loader exited before the kernel was told
        os._exit(1)


def _render_in_worker(span: Span) -> list[dict]:
    global _worker_renderer
    if _inherited is None:
        raise RuntimeError("a render worker must be forked by documents._workers")
    figures, index, session = _inherited
    if _worker_renderer is None:
        # The worker's copy of the session shares the loader's connection: with every object
        # detached from it, anything that would read from the database raises instead.
        session.expunge_all()
        read_attributes_from_dicts(Base)
        _worker_renderer = DocumentRenderer()
    return _render(figures, index, _worker_renderer, span)
