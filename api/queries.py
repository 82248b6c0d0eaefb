"""Read queries shared by the views. Views stay thin: parse arguments, call a query, return."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from .database import db_session
from .models import DisclosedRecord, Figure, FigureCaveat, FigureOffence, Measure, Response


def figures_query(filters: dict) -> Select:
    # Caveats, offences and the referenced rows are loaded in bulk per page, never one by one.
    stmt = select(Figure).options(
        selectinload(Figure.caveat_links).joinedload(FigureCaveat.caveat),
        selectinload(Figure.offences).joinedload(FigureOffence.offence),
        selectinload(Figure.force),
        selectinload(Figure.measure),
        selectinload(Figure.platform),
        selectinload(Figure.age_band),
        selectinload(Figure.gender),
        selectinload(Figure.response).selectinload(Response.questions),
    )
    columns = {
        "response": Figure.response_id,
        "force": Figure.force_id,
        "measure": Figure.measure_id,
        "status": Figure.status,
    }
    for name, column in columns.items():
        if name in filters:
            stmt = stmt.where(column == filters[name])
    return stmt.order_by(Figure.response_id, Figure.position)


def counts() -> dict[str, int]:
    session = db_session()
    return {
        "responses": session.scalar(select(func.count()).select_from(Response)),
        "figures": session.scalar(select(func.count()).select_from(Figure)),
        "records": session.scalar(select(func.count()).select_from(DisclosedRecord)),
    }


def measures() -> list[Measure]:
    return list(db_session().scalars(select(Measure).order_by(Measure.id)))
