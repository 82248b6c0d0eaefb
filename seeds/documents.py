"""Write a release's figures and records with every figure's document (FigureSchema,
schema/figures.py), rendered at load time inside the loader's transaction, so the API serves
figures without serialising them.

The figures and records are written part by part: whole disclosures, in order, BATCH figures or
more a part, each part's rows and then its documents (`write_parts`). Each figure is rendered
from the loader's own object, its related rows (force, measure, caveats, response...) linked
from the rows the load wrote, so nothing is read back. The documents are the ones the figures
read back from the database would give: tests/schema/test_stored_documents.py renders both ways
and compares.

Making the parts (collecting each object's columns, rendering) is most of a large load's work, and
a part depends on nothing but its disclosures and the rows they name, so a large release's parts
are made by worker processes forked from the loader: they inherit the disclosures rather than
receive them, and send back only the parts, which the loader inserts in order. While the loader
still reads the release, one worker at a time per spare CPU makes the parts already read
(`PartsAhead`); the rest are made, once the loader has written the code lists and the
responses, by one worker per CPU while it inserts them (tests/seeds/test_documents.py compares
both with what the loader makes itself). The workers touch neither the database nor the
loader's objects (what a worker links is its own copy), and a worker that dies stops the load
(BrokenProcessPool) rather than hanging it. A worker reads the models' attributes as plain ones,
from each object's `__dict__` (inserts.read_attributes_from_dicts): it renders about a third
sooner than through SQLAlchemy's descriptors.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from core.models import Base, FigureDocument
from schema.figures import DocumentRenderer

from .disclosure import Bundle
from .inserts import collect_rows, insert_rows, link_parents, read_attributes_from_dicts, rows_by_key

BATCH = 2000
# Below this many figures a release renders in the loader's own process: starting workers would
# cost more than it saves (the five seeds render in a fraction of a second).
WORKERS_FROM = 10 * BATCH
# The figures of a part made while the release is read: each is a fork of the loader (tens of
# milliseconds at 100,000 figures), so fewer and larger than the write's.
AHEAD_PART = 4 * BATCH

Span = tuple[int, int]  # bundles[start:stop]: a part's disclosures


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


def write_parts(
    session: Session,
    bundles: Sequence[Bundle],
    rows: Iterable,
    workers: int = 1,
    ahead: PartsAhead | None = None,
) -> None:
    """Insert the disclosures' figures and records (and the children they cascade to) and each
    figure's document, part by part (whole disclosures, BATCH figures or more), in order, inside
    the loader's transaction.

    `rows` are the rows the figures may name by foreign key: the code lists and the responses,
    already written. `ahead`: the parts made while the release was read (the first ones).
    `workers`: how many processes may make the rest. With more than one (and at least
    WORKERS_FROM figures left) they start at once and make parts while the loader inserts them;
    otherwise the loader makes each part itself."""
    made = ahead.made() if ahead else []
    spans = parts_of(bundles, start=made[-1][0][1] if made else 0)
    left = sum(len(b.figures) for b in bundles[spans[0][0] :]) if spans else 0
    if workers < 2 or not spans or left < WORKERS_FROM or not can_fork():
        for _, part in made:
            _insert(session, part.result())
        index, renderer = rows_by_key(rows), DocumentRenderer()
        for span in spans:
            _insert(session, _part(bundles, index, renderer, span))
        return
    workers = min(workers, len(spans))
    with _workers(bundles, rows_by_key(rows), session, workers) as pool:
        # Each worker has a part in hand and one more waiting, no further: the loader holds the
        # parts made ahead of what it has inserted, and a loader that writes more slowly than its
        # workers make them (many CPUs, a remote database) would hold the whole release's.
        waiting = iter(spans)
        pending: deque[tuple[Span, Made]] = deque(made)
        pending.extend((span, pool.submit(_part_in_worker, span)) for span in islice(waiting, 2 * workers))
        while pending:
            _insert(session, pending.popleft()[1].result())
            pending.extend((span, pool.submit(_part_in_worker, span)) for span in islice(waiting, 1))


def parts_of(bundles: Sequence[Bundle], start: int = 0) -> list[Span]:
    """bundles[start:] as parts: runs of whole disclosures of at least BATCH figures (the last may
    have fewer). A part never splits a disclosure: a figure may name another of its disclosure
    (the parts of a total), and the database checks that it was written first. So one very large
    disclosure is made by one process (real ones hold tens of figures, the benchmark's 255)."""
    spans, first, figures = [], start, 0
    for i in range(start, len(bundles)):
        figures += len(bundles[i].figures)
        if figures >= BATCH:
            spans.append((first, i + 1))
            first, figures = i + 1, 0
    if first < len(bundles):
        spans.append((first, len(bundles)))
    return spans


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


Part = dict[str, list[dict]]  # table name -> its rows, parents' tables first


class Made(Protocol):
    """A part being made by a worker: the write's pool's future, or a part made ahead (_Ahead)."""

    def result(self) -> Part: ...


def _part(bundles: Sequence[Bundle], index: dict, renderer: DocumentRenderer, span: Span) -> Part:
    """The rows of the disclosures' figures and records, then each figure's document (rendering
    links the objects to their rows, which the collection of their columns refuses)."""
    chosen = bundles[span[0] : span[1]]
    part = {
        table.name: rows
        for table, rows in collect_rows(o for b in chosen for o in [*b.figures, *b.records]).items()
    }
    documents = []
    for bundle in chosen:
        for figure in bundle.figures:
            link_parents(figure, index)
            documents.append({"figure_id": figure.id, "document": renderer.render(figure)})
    part[FigureDocument.__tablename__] = documents
    return part


def _insert(session: Session, part: Part) -> None:
    for name, rows in part.items():
        insert_rows(session, Base.metadata.tables[name], rows)


# What forked workers inherit: set only while _workers' pool is open.
_inherited: tuple[Sequence[Bundle], dict, Session] | None = None
_worker_renderer: DocumentRenderer | None = None


@contextmanager
def _workers(
    bundles: Sequence[Bundle], index: dict, session: Session, workers: int
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
    _inherited = (bundles, index, session)
    # Left to the collector, each worker would visit every inherited object and so copy the
    # memory pages they sit on.
    gc.freeze()
    try:
        yield pool
    finally:
        # When the kernel refuses a fork (a container's process limit, memory), the pool stops
        # without telling the workers it did start, and the loader's exit would wait on them.
        started = list((pool._processes or {}).values())
        pool.shutdown(wait=True, cancel_futures=True)  # after a failure, no part is made for nothing
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


def _part_in_worker(span: Span) -> Part:
    global _worker_renderer
    if _inherited is None:
        raise RuntimeError("a part worker must be forked by documents._workers")
    bundles, index, session = _inherited
    if _worker_renderer is None:
        # The worker's copy of the session shares the loader's connection: with every object
        # detached from it, anything that would read from the database raises instead.
        session.expunge_all()
        read_attributes_from_dicts(Base)
        _worker_renderer = DocumentRenderer()
    return _part(bundles, index, _worker_renderer, span)


class PartsAhead:
    """A large release's parts made while the loader is still reading the rest of it: reading
    takes one CPU, and the others would otherwise wait for the write. Whenever a CPU is free and
    at least BATCH figures are read but not handed out, a worker is forked with them (whole
    disclosures, up to AHEAD_PART figures); it inherits the disclosures and the rows they name
    (code lists, responses: not yet written, which renders the same documents), makes their
    part, and sends it back. The
    loader takes it as soon as it comes (so the worker exits) and keeps it, pickled, for
    write_parts. A worker that dies fails the load when its part is wanted; a fork the kernel
    refuses only ends making parts ahead (the write's workers make the rest, or fail the load)."""

    def __init__(self, workers: int, rows: Iterable):
        self.at_once = workers - 1  # beside the loader, reading
        self.bundles: list[Bundle] = []
        self.rows = list(rows)
        self.running: list[_Ahead] = []
        self.finished: list[_Ahead] = []
        self.handed_out = 0  # bundles[:handed_out] are in a worker's part
        self.unhanded = 0  # figures of the bundles after them

    def read(self, bundle: Bundle) -> None:
        """A disclosure is read: its figures and records (and the response they name) may be made
        into a part."""
        self.bundles.append(bundle)
        self.rows.append(bundle.response)
        self.unhanded += len(bundle.figures)
        for job in [job for job in self.running if job.poll()]:
            self.running.remove(job)
            self.finished.append(job)
        if len(self.running) < self.at_once and self.unhanded >= BATCH:
            stop, figures = self.handed_out, 0
            while stop < len(self.bundles) and figures < AHEAD_PART:
                figures += len(self.bundles[stop].figures)
                stop += 1
            self._start((self.handed_out, stop), figures)

    def _start(self, span: Span, figures: int) -> None:
        try:
            job = _Ahead.fork(self.bundles, self.rows, span)
        except OSError:  # no process or pipe left: the write's workers make the rest
            self.at_once = 0
            return
        self.running.append(job)
        self.handed_out = span[1]
        self.unhanded -= figures

    def made(self) -> list[tuple[Span, Made]]:
        """The parts handed out, in order: each made, or its worker still at work."""
        return sorted(((job.span, job) for job in self.finished + self.running), key=lambda each: each[0])

    def close(self) -> None:
        """Stop every worker still running (the load failed, or never needed their parts)."""
        for job in self.running + self.finished:
            job.stop()
        self.running, self.finished = [], []


class _Ahead:
    """One worker making a part ahead of the write: its span, its process, and the pipe its part
    comes by (pickled, kept so until the write wants it)."""

    def __init__(self, span: Span, process, reader: Connection):
        self.span, self.process, self.reader = span, process, reader
        self.sent: bytes | None = None
        self.failure: BrokenProcessPool | None = None

    @classmethod
    def fork(cls, bundles: Sequence[Bundle], rows: list, span: Span) -> _Ahead:
        reader, writer = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(
            target=_make_ahead, args=(bundles, rows, span, writer, os.getpid()), daemon=True
        )
        try:
            process.start()
        except BaseException:
            reader.close()
            raise
        finally:
            writer.close()
        return cls(span, process, reader)

    def poll(self) -> bool:
        """Whether the worker is done; if it sent its part, take it, so that the worker can exit."""
        if self.sent is None and self.failure is None and self.reader.poll():
            self._receive()
        return self.sent is not None or self.failure is not None

    def result(self) -> Part:
        if not self.poll():
            self._receive()
        if self.failure:
            raise self.failure
        kind, made = pickle.loads(self.sent)
        if kind == "error":  # as the write's pool gives it: the worker's exception, its traceback as cause
            error, text = made
            raise error from _WorkerTraceback(text)
        return made

    def _receive(self) -> None:
        try:
            self.sent = self.reader.recv_bytes()
        except (EOFError, OSError):  # died before sending, or while (a message cut short)
            self.failure = BrokenProcessPool(
                f"the worker making disclosures {self.span[0]}-{self.span[1]} ahead of the write "
                "died before sending them"
            )
        self.process.join()

    def stop(self) -> None:
        if self.process.exitcode is None:
            self.process.kill()
        self.process.join()
        self.reader.close()


def _make_ahead(bundles: Sequence[Bundle], rows: list, span: Span, writer: Connection, loader: int) -> None:
    _die_with_the_loader(loader)
    try:
        read_attributes_from_dicts(Base)
        made = ("part", _part(bundles, rows_by_key(rows), DocumentRenderer(), span))
    except Exception as exc:  # sent, to be raised by the loader when it wants the part
        made = ("error", (_picklable(exc), traceback.format_exc()))
    writer.send_bytes(pickle.dumps(made))
    writer.close()


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


class _WorkerTraceback(Exception):
    """Where a worker's exception was raised, in the worker (its traceback, as text)."""

    def __str__(self) -> str:
        return "\n" + self.args[0]
