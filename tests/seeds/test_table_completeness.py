"""Every seed file, the real ones and the synthetic fixtures: each row with a number in a region
the seed declares as a table is in the database, as a record read from that line or as a figure
whose value is the row's value cell. A row the table reader skipped or misread fails here.

The regions and rows are found with this test's own reading of the seed and the source (plain
YAML, the text cut at line endings and tabs), not the loader's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from core.models import DisclosedRecord, Figure
from core.text import lines_of
from seeds.loader import SEEDS_DIR
from tests.conftest import FIXTURES


def read_seed(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


SEED_FILES = sorted((SEEDS_DIR / "disclosures").glob("*.yaml")) + sorted(
    (FIXTURES / "disclosures").glob("*.yaml")
)
WITH_TABLES = [path for path in SEED_FILES if read_seed(path).get("tables")]
DIGIT = re.compile(r"\d")


def words(text: str) -> str:
    return " ".join(text.split())


def table_regions(seed: dict, source: list[str]):
    """(table, [(line number, text)]) for each table the seed declares: the lines after the first
    line starting with its `start`, up to the next line starting with its `end`."""
    for table in seed.get("tables") or []:
        start = next(i for i, line in enumerate(source) if words(line).startswith(words(table["start"])))
        end = next(
            i for i in range(start + 1, len(source)) if words(source[i]).startswith(words(table["end"]))
        )
        yield table, [(i + 1, source[i]) for i in range(start + 1, end)]


@pytest.fixture(scope="module")
def databases(app, fixtures_app):
    """A session on the real seeds' database and one on the seeds plus the fixtures."""
    sessions = {}
    for name, flask_app in (("seeds", app), ("fixtures", fixtures_app)):
        engine = create_engine(flask_app.config["DATABASE_URL"])
        sessions[name] = Session(engine)
    yield sessions
    for session in sessions.values():
        session.close()
        session.get_bind().dispose()


def lines_read(db: Session, model, response_id: str) -> dict[int, list]:
    """What the database holds of one response, by the source line it was read from."""
    by_line: dict[int, list] = {}
    for row in db.scalars(select(model).where(model.response_id == response_id)):
        by_line.setdefault(row.source_line, []).append(row)
    return by_line


@pytest.mark.parametrize("seed_path", WITH_TABLES, ids=lambda p: p.stem)
def test_every_numbered_row_of_a_declared_table_is_a_record_or_a_figure(seed_path: Path, databases):
    seed = read_seed(seed_path)
    db = databases["fixtures" if seed_path.is_relative_to(FIXTURES) else "seeds"]
    source = lines_of((seed_path.parent.parent / "sources" / seed["source"]).read_text(encoding="utf-8"))
    missing = []
    for table, rows in table_regions(seed, source):
        model = DisclosedRecord if table["produces"] == "records" else Figure
        read = lines_read(db, model, seed["id"])
        for number, text in rows:
            if not DIGIT.search(text):
                continue  # a blank line, or a section heading such as a platform's name
            found = read.get(number, [])
            if model is Figure:
                cell = text.split("\t")[table["columns"].index("value")].strip()
                found = [f for f in found if cell in (str(f.value), f.value_as_written)]
            if not found:
                missing.append(f"{table['name']}, line {number}: {text!r}")
    assert not missing, f"{len(missing)} numbered table rows are in the database as nothing: {missing[:10]}"
