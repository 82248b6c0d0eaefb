"""Small helpers the tests share."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import DataRelease, DisclosedRecord, Disclosure, Figure
from seeds.loader import SEEDS_DIR

SOURCES = SEEDS_DIR / "sources"


def source_text(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def all_pages(client, url: str) -> list[dict]:
    """Every item of a paginated collection, following `links.next`."""
    items, next_url = [], url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items += body["data"]
        next_url = body["links"]["next"]
    return items


def csv_rows(response) -> list[dict]:
    """A CSV body's rows, by column name."""
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(content.replace(old, new, count), encoding="utf-8")


def snapshot(engine) -> dict:
    """Counts and a digest of every figure, to compare a database before and after."""
    with Session(engine) as session:
        return {
            "responses": session.scalar(select(func.count()).select_from(Disclosure)),
            "records": session.scalar(select(func.count()).select_from(DisclosedRecord)),
            "figures": sorted(session.execute(select(Figure.id, Figure.value, Figure.status)).all()),
            "releases": sorted(session.execute(select(DataRelease.id, DataRelease.created_at)).all()),
        }


def with_fixture(seeds: Path, name: str) -> tuple[Path, Path]:
    """A synthetic fixture disclosure copied into a copy of the seeds: (its seed file, its source)."""
    from tests.conftest import FIXTURES

    for part in ("disclosures", "sources"):
        for path in (FIXTURES / part).glob(f"{name}.*"):
            shutil.copy(path, seeds / part / path.name)
    return seeds / "disclosures" / f"{name}.yaml", seeds / "sources" / f"{name}.txt"


def replace_in(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
