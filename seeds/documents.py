"""Store every figure's document (FigureSchema, schema/figures.py) at load time, inside the loader's
transaction, so the API serves figures without serialising them.

Each figure is rendered from the loader's own object, its related rows (force, measure, caveats,
response...) linked from the rows the load wrote, so nothing is read back. The documents are the
ones the figures read back from the database would give: tests/seeds/test_documents.py renders
both ways and compares.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.orm import Session

from core.models import Figure, FigureDocument
from schema.figures import DocumentRenderer

from .inserts import link_parents, rows_by_key

BATCH = 2000


def render_all(session: Session, figures: Iterable[Figure], rows: Iterable) -> int:
    """Store each figure's document (inside the loader's transaction). `rows` are the rows the
    figures may name by foreign key: the code lists and the responses."""
    index = rows_by_key(rows)
    renderer = DocumentRenderer()
    batch, count = [], 0
    for figure in figures:
        link_parents(figure, index)
        batch.append({"figure_id": figure.id, "document": renderer.render(figure)})
        if len(batch) == BATCH:
            count += _store(session, batch)
    return count + _store(session, batch)


def _store(session: Session, batch: list[dict]) -> int:
    if batch:
        session.execute(insert(FigureDocument.__table__), batch)
    stored = len(batch)
    batch.clear()
    return stored
