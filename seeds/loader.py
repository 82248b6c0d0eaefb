"""Load every seed into the database: validate all of it first, then replace the data in one transaction.

Nothing is written until every file has passed its schema, quote, harmonisation and consistency
checks. The write deletes the previous data and inserts the new inside one transaction, so a
failure at any point (even the database going away) leaves the previous data as it was.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from core.migrate import current_revision, head_revision
from core.models import Base, DataRelease, DisclosedRecord, Figure, FigureStatus

from . import documents, limits
from .disclosure import Bundle, build_disclosure
from .inserts import attributes_read_from_dicts
from .reference import CodeLists, load_code_lists
from .yamlio import SeedErrors, SeedFileError, reading_within

SEEDS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = SEEDS_DIR.parent

# The code a release's stored rows and documents depend on, relative to PROJECT_DIR. A release's
# identity covers it with the files the load read, so a change to any of it (a citation's
# wording, say) is a new release rather than "already loaded". Every entry must match a file:
# a module that moves without this list following it stops the load instead of going unhashed.
RELEASE_CODE = [
    "seeds/*.py",  # the loader: how seeds become rows
    "seeds/disclosure/*.py",  # reading one disclosure: its header, groups, tables, derivations, checks
    "seeds/parsers/*.py",
    "schema/seed_files/*.py",  # what a seed file may say
    "core/*.py",  # the harmonisation rules and the citation sentence
    "core/models/*.py",  # the rows it becomes
    # Figure documents, rendered once at load time by FigureSchema and stored.
    "schema/figures.py",
    "schema/common.py",
    "schema/fields.py",
    "schema/compiled.py",
]


# The models a release writes as plain rows (seeds/inserts.py), never through the unit of work:
# while it is read, their attributes are read as plain ones.
WRITTEN_AS_ROWS = (Figure, DisclosedRecord)


class SchemaNotCurrent(RuntimeError):
    pass


@dataclass
class Release:
    """A validated set of seeds, ready to write."""

    code_lists: CodeLists
    bundles: list[Bundle]
    content_hash: str
    # Parts (rows and documents) made while the release was read, by workers that may still be running.
    ahead: documents.PartsAhead | None = None

    @property
    def id(self) -> str:
        return self.content_hash[:12]

    @property
    def figure_count(self) -> int:
        return sum(len(b.figures) for b in self.bundles)

    @property
    def record_count(self) -> int:
        return sum(len(b.records) for b in self.bundles)

    def close(self) -> None:
        """Stop any worker still making a part ahead (once written, or when it will not be)."""
        if self.ahead:
            self.ahead.close()

    def __enter__(self) -> Release:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def summary_line(bundle: Bundle) -> str:
    derived = sum(1 for f in bundle.figures if f.status == FigureStatus.DERIVED)
    return (
        f"{bundle.response.id}: {len(bundle.figures)} figures ({derived} derived), "
        f"{len(bundle.records)} records, {len(bundle.caveat_ids)} caveats"
    )


def build_release(
    seeds_dir: Path = SEEDS_DIR, progress: Callable[[str], None] = lambda line: None, workers: int = 1
) -> Release:
    """Read and check every seed file; raise SeedErrors naming each failing file and problem.

    Every disclosure is checked even after one fails, so a single run reports all problems. No
    file outside `seeds_dir` is read, and the release's hash covers every file that was.
    `workers`: with more than one, a large release's figures are made into rows and documents as
    they are read (documents.PartsAhead), by up to `workers - 1` processes; then write the
    release from the same thread (on Linux those processes die with the thread that forked them)
    and close it when done.
    """
    ahead = None
    try:
        with (
            reading_within(seeds_dir) as files_read,
            collector_paused(),
            attributes_read_from_dicts(WRITTEN_AS_ROWS),
        ):
            code_lists = load_code_lists(seeds_dir / "reference")
            if workers > 1 and documents.can_fork():
                ahead = documents.PartsAhead(workers, code_lists.rows())
            bundles, failures = _build_disclosures(seeds_dir, code_lists, progress, ahead)
        if not bundles and not failures:
            failures.append(
                SeedFileError(seeds_dir / "disclosures", ["no disclosure seed files (*.yaml) found"])
            )
        failures += _duplicate_responses(bundles)
        if failures:
            raise SeedErrors(failures)
    except BaseException:
        if ahead:
            ahead.close()
        raise
    return Release(code_lists, bundles, content_hash(files_read.digests), ahead)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a release is read or written. A load makes
    millions of objects that live until it ends, and the collector's full passes over them, every
    time their number had grown by a quarter, took about a quarter of reading the synthetic release
    (18 s against 14 s). The little cyclic garbage a load leaves (100,000 objects, 13 MB there) is
    collected afterwards."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _build_disclosures(
    seeds_dir: Path,
    code_lists: CodeLists,
    progress: Callable[[str], None],
    ahead: documents.PartsAhead | None,
) -> tuple[list[Bundle], list[SeedFileError]]:
    bundles, failures, room = [], [], limits.MAX_RELEASE_FIGURES
    for path in sorted((seeds_dir / "disclosures").glob("*.yaml")):
        try:
            bundle = build_disclosure(path, code_lists, seeds_dir / "sources", max_figures=room)
        except SeedFileError as exc:
            progress(f"FAIL {path.name}")
            failures.append(exc)
            continue
        progress(f"ok   {summary_line(bundle)}")
        bundles.append(bundle)
        if ahead and not failures:  # once one fails, nothing will be written
            ahead.read(bundle)
        room -= len(bundle.figures)
    return bundles, failures


def release_code_files(root: Path | None = None) -> list[Path]:
    """The files RELEASE_CODE names; raises if an entry matches none (it has moved or gone)."""
    root = root or PROJECT_DIR
    files = []
    for entry in RELEASE_CODE:
        matched = sorted(p for p in root.glob(entry) if p.is_file())
        if not matched:
            raise FileNotFoundError(
                f"RELEASE_CODE in seeds/loader.py names {entry}, which matches no file in {root}"
            )
        files += matched
    return files


def content_hash(files_read: dict[str, str], code_root: Path | None = None) -> str:
    """The release's identity: the seed files read (name -> SHA-256 of the bytes read) and the code
    in RELEASE_CODE."""
    root = code_root or PROJECT_DIR
    code = {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in release_code_files(root)
    }
    digest = hashlib.sha256()
    for kind, files in (("seeds", files_read), ("code", code)):
        for name, sha256 in sorted(files.items()):
            digest.update(f"{kind}\0{name}\0{sha256}\n".encode())
    return digest.hexdigest()


def _duplicate_responses(bundles: list[Bundle]) -> list[SeedFileError]:
    seen: dict[str, Path] = {}
    problems = []
    for b in bundles:
        if b.response.id in seen:
            problems.append(
                SeedFileError(
                    b.path, [f"response id '{b.response.id}' is also used by {seen[b.response.id].name}"]
                )
            )
        seen[b.response.id] = b.path
    return problems


def compress_documents_with_lz4(session: Session) -> None:
    """On PostgreSQL, compress this transaction's long values with lz4 rather than the default
    pglz, where the server offers it (PostgreSQL 14 and later, built with it as Debian's is). Each
    figure's document (JSON text: 2.6 KB in the synthetic release, about 4 KB in the real seeds)
    is compressed when written: loading the synthetic release, the server wrote the documents in
    5.8 s rather than 10.3, and they take 13% more room (1.34 KB a document against 1.18). Reading
    them back is a little quicker too (all 110,000 in 1.04 s against 1.24). A value keeps the
    compression it was written with, so a database holding either reads the same."""
    if session.get_bind().dialect.name != "postgresql":
        return
    offered = text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
    if session.scalar(offered):
        session.execute(text("SET LOCAL default_toast_compression = 'lz4'"))


def write_release(engine: Engine, release: Release, workers: int | None = None) -> bool:
    """Replace all data with the release, atomically. Returns False (and writes nothing) when the
    newest release loaded already has the same content. The schema must be migrated to the newest
    revision first (core.migrate.upgrade; `seeds load` does it). `workers`: how many processes may
    make a large release's figure rows and documents (seeds/documents.py); every CPU available by
    default. The release's parts made while it was read are written first."""
    if (current := current_revision(engine)) != (head := head_revision()):
        raise SchemaNotCurrent(
            f"the database schema is at revision {current or 'none'}, not {head}: run `flask --app api db upgrade`"
        )
    with collector_paused(), Session(engine) as session, session.begin():
        compress_documents_with_lz4(session)
        newest = session.scalars(select(DataRelease).order_by(DataRelease.created_at.desc()).limit(1)).first()
        if newest is not None and newest.content_hash == release.content_hash:
            return False
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != DataRelease.__tablename__:
                session.execute(delete(table))
        # Flush parents before children: rows linked only by foreign-key columns (no
        # relationship) are not ordered by the unit of work.
        code_rows, responses = release.code_lists.rows(), [b.response for b in release.bundles]
        session.add_all(code_rows)
        session.flush()
        session.add_all(responses)
        session.flush()
        for bundle in release.bundles:
            session.add_all(bundle.rows)
        session.flush()
        # Figures and records, the bulk of a release: straight INSERTs, part by part, each with its
        # figures' documents (made by workers for a large release, some while it was read).
        documents.write_parts(
            session,
            release.bundles,
            [*code_rows, *responses],  # the rows the figures name: linked, not read back
            documents.available_cpus() if workers is None else workers,
            release.ahead,
        )
        session.execute(delete(DataRelease).where(DataRelease.content_hash == release.content_hash))
        session.add(
            DataRelease(
                id=release.id,
                content_hash=release.content_hash,
                created_at=dt.datetime.now(dt.UTC),
                counts={
                    "responses": len(release.bundles),
                    "figures": release.figure_count,
                    "records": release.record_count,
                },
            )
        )
        # Fresh statistics for the query planner, in the same transaction: without them SQLite
        # took the index on `restates` (NULL for nearly every figure) for a filtered list and read
        # the whole table (44 ms a page at 110k figures, against 1 ms).
        session.execute(text("ANALYZE"))
    return True
