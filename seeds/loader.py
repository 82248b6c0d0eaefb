"""Load every seed into the database: validate all of it first, then replace the data in one transaction.

Nothing is written until every file has passed its schema, quote, harmonisation and consistency
checks. The write deletes the previous data and inserts the new inside one transaction, so a
failure at any point (even the database going away) leaves the previous data as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, event
from sqlalchemy.orm import Session

from api.models import Base, FigureStatus

from .disclosure import Bundle, build_disclosure
from .reference import CodeLists, load_code_lists
from .yamlio import SeedErrors, SeedFileError

SEEDS_DIR = Path(__file__).resolve().parent


@dataclass
class Release:
    code_lists: CodeLists
    bundles: list[Bundle]

    @property
    def figure_count(self) -> int:
        return sum(len(b.figures) for b in self.bundles)

    @property
    def record_count(self) -> int:
        return sum(len(b.records) for b in self.bundles)


def summary_line(bundle: Bundle) -> str:
    derived = sum(1 for f in bundle.figures if f.status == FigureStatus.DERIVED)
    return (
        f"{bundle.response.id}: {len(bundle.figures)} figures ({derived} derived), "
        f"{len(bundle.records)} records, {len(bundle.caveat_ids)} caveats"
    )


def build_release(
    seeds_dir: Path = SEEDS_DIR, progress: Callable[[str], None] = lambda line: None
) -> Release:
    """Read and check every seed file; raise SeedErrors naming each failing file and problem.

    Every disclosure is checked even after one fails, so a single run reports all problems.
    """
    code_lists = load_code_lists(seeds_dir / "reference")
    bundles, failures = [], []
    for path in sorted((seeds_dir / "disclosures").glob("*.yaml")):
        try:
            bundle = build_disclosure(path, code_lists, seeds_dir / "sources")
        except SeedFileError as exc:
            progress(f"FAIL {path.name}")
            failures.append(exc)
            continue
        progress(f"ok   {summary_line(bundle)}")
        bundles.append(bundle)
    if not bundles and not failures:
        failures.append(SeedFileError(seeds_dir / "disclosures", ["no disclosure seed files (*.yaml) found"]))
    failures += _duplicate_responses(bundles)
    if failures:
        raise SeedErrors(failures)
    return Release(code_lists, bundles)


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


def write_release(engine: Engine, release: Release) -> None:
    """Replace all data with the release, atomically."""
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
        # Flush parents before children: rows linked only by foreign-key columns (no
        # relationship) are not ordered by the unit of work.
        session.add_all(release.code_lists.rows())
        session.flush()
        session.add_all(b.response for b in release.bundles)
        session.flush()
        for bundle in release.bundles:
            session.add_all(bundle.rows)
            session.add_all(bundle.figures)
            session.add_all(bundle.records)
        session.flush()


def enforce_sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite ignores foreign keys unless asked per connection; the loader relies on them."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
