"""Store every figure's document (FigureSchema, schema/figures.py) at load time, inside the loader's
transaction, so the API serves figures without serialising them."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, joinedload, selectinload

from core.models import Disclosure, Figure, FigureCaveat, FigureDocument, FigureOffence, OffenceCode
from schema.figures import DocumentRenderer

BATCH = 2000
FIGURE_LOADS = (
    selectinload(Figure.caveat_links).joinedload(FigureCaveat.caveat),
    selectinload(Figure.offences).joinedload(FigureOffence.offence).selectinload(OffenceCode.variants),
    selectinload(Figure.total_links),
    joinedload(Figure.force),
    joinedload(Figure.measure),
    joinedload(Figure.platform),
    joinedload(Figure.age_band),
    joinedload(Figure.gender),
    joinedload(Figure.outcome),
    joinedload(Figure.response).selectinload(Disclosure.questions),
)


def render_all(session: Session) -> int:
    """Store every figure's document (inside the loader's transaction)."""
    session.expunge_all()  # read back from the database, as the API will (enums, not strings)
    ids = list(session.scalars(select(Figure.id).order_by(Figure.id)))
    renderer = DocumentRenderer()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        figures = session.scalars(select(Figure).options(*FIGURE_LOADS).where(Figure.id.in_(batch)))
        rows = [{"figure_id": f.id, "document": renderer.render(f)} for f in figures]
        session.execute(insert(FigureDocument.__table__), rows)
        session.expunge_all()  # keep memory flat on large releases
    return len(ids)
