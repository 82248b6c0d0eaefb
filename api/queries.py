"""Read queries the views share. Views stay thin: parse arguments, call a query, return."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from core.models import (
    AgeBand,
    Caveat,
    DataRelease,
    DisclosedRecord,
    Disclosure,
    DisclosureForce,
    Figure,
    FigureCaveat,
    FigureDocument,
    FigureOffence,
    Force,
    Measure,
    OffenceCode,
    OutcomeType,
    Platform,
)

from . import filters
from .database import db_session

FIGURE_SORTS = {
    "response": (Figure.response_id, Figure.position),
    "-response": (Figure.response_id.desc(), Figure.position.desc()),
    "period": (Figure.period_start, Figure.period_end, Figure.id),
    "-period": (Figure.period_start.desc(), Figure.period_end.desc(), Figure.id),
    "value": (Figure.value.is_(None), Figure.value, Figure.id),
    "-value": (Figure.value.is_(None), Figure.value.desc(), Figure.id),
    "force": (Figure.force_id, Figure.response_id, Figure.position),
    "-force": (Figure.force_id.desc(), Figure.response_id, Figure.position),
    "id": (Figure.id,),
    "-id": (Figure.id.desc(),),
}


def figures_query(f: dict, sort: str = "response") -> Select:
    """Figures matching resolved filters (see figure_lists.resolve_filters). Lists read each
    figure's stored document (schema/figure_documents.py), so nothing else needs loading."""
    stmt = select(Figure)
    for key, column in (("force", Figure.force_id), ("response", Figure.response_id), ("measure", Figure.measure_id),
                        ("platform", Figure.platform_id), ("age_band", Figure.age_band_id),
                        ("gender", Figure.gender_id), ("status", Figure.status)):  # fmt: skip
        if f.get(key):
            stmt = stmt.where(column.in_(f[key]))
    if f.get("offence"):
        stmt = stmt.where(Figure.offences.any(FigureOffence.code.in_(f["offence"])))
    if f.get("caveat"):
        stmt = stmt.where(Figure.caveat_links.any(FigureCaveat.caveat_id.in_(f["caveat"])))
    if f.get("view"):
        stmt = stmt.where(Figure.measure_id.in_(select(Measure.id).where(Measure.view == f["view"])))
    if f.get("derived") == "exclude":
        stmt = stmt.where(Figure.status != "derived")
    elif f.get("derived") == "only":
        stmt = stmt.where(Figure.status == "derived")
    start, end = f.get("period", (None, None))
    stmt = stmt.where(filters.overlaps(Figure.period_start, Figure.period_end, start, end))
    return stmt.order_by(*FIGURE_SORTS[sort])


def figure_document(figure_id: str) -> str | None:
    return db_session().scalar(select(FigureDocument.document).where(FigureDocument.figure_id == figure_id))


def records_query(f: dict) -> Select:
    stmt = select(DisclosedRecord).options(
        joinedload(DisclosedRecord.force), joinedload(DisclosedRecord.response), joinedload(DisclosedRecord.offence),
        joinedload(DisclosedRecord.outcome), joinedload(DisclosedRecord.platform), joinedload(DisclosedRecord.gender),
    )  # fmt: skip
    for key, column in (("force", DisclosedRecord.force_id), ("response", DisclosedRecord.response_id),
                        ("platform", DisclosedRecord.platform_id), ("offence", DisclosedRecord.offence_code),
                        ("outcome", DisclosedRecord.outcome_id)):  # fmt: skip
        if f.get(key):
            stmt = stmt.where(column.in_(f[key]))
    start, end = f.get("period", (None, None))
    stmt = stmt.where(filters.overlaps(DisclosedRecord.period_start, DisclosedRecord.period_end, start, end))
    return stmt.order_by(DisclosedRecord.response_id, DisclosedRecord.position)


def responses_query(force_ids: list[str]) -> Select:
    stmt = select(Disclosure).options(selectinload(Disclosure.forces)).order_by(Disclosure.id)
    if force_ids:
        stmt = stmt.where(
            Disclosure.id.in_(
                select(DisclosureForce.response_id).where(DisclosureForce.force_id.in_(force_ids))
            )
        )
    return stmt


def response(response_id: str) -> Disclosure | None:
    return db_session().get(
        Disclosure, response_id,
        options=[selectinload(Disclosure.forces), selectinload(Disclosure.questions), selectinload(Disclosure.exemptions),
                 selectinload(Disclosure.caveats)],
    )  # fmt: skip


def response_counts(response_id: str) -> dict[str, int]:
    session = db_session()
    statuses = dict(
        session.execute(
            select(Figure.status, func.count())
            .where(Figure.response_id == response_id)
            .group_by(Figure.status)
        ).all()
    )
    return {
        "figures": sum(statuses.values()),
        "derived_figures": statuses.get("derived", 0),
        "records": session.scalar(
            select(func.count())
            .select_from(DisclosedRecord)
            .where(DisclosedRecord.response_id == response_id)
        ),
    }


def forces() -> list[Force]:
    return list(db_session().scalars(select(Force).order_by(Force.kind.desc(), Force.id)))


def force_counts() -> dict[str, dict[str, int]]:
    session = db_session()
    responses = dict(
        session.execute(
            select(DisclosureForce.force_id, func.count()).group_by(DisclosureForce.force_id)
        ).all()
    )
    figures = dict(session.execute(select(Figure.force_id, func.count()).group_by(Figure.force_id)).all())
    return {
        force_id: {"responses": responses.get(force_id, 0), "figures": figures.get(force_id, 0)}
        for force_id in set(responses) | set(figures)
    }


def offence_codes() -> list[OffenceCode]:
    return list(
        db_session().scalars(
            select(OffenceCode).options(selectinload(OffenceCode.variants)).order_by(OffenceCode.code)
        )
    )


def platforms() -> list[Platform]:
    return list(
        db_session().scalars(select(Platform).options(selectinload(Platform.aliases)).order_by(Platform.id))
    )


def age_bands() -> list[AgeBand]:
    stmt = (
        select(AgeBand)
        .where(AgeBand.kind != "single_year")
        # NULLs sort first in SQLite and last in PostgreSQL: place them explicitly.
        .order_by(AgeBand.lower.is_(None), AgeBand.lower, AgeBand.upper.is_(None), AgeBand.upper)
    )
    return list(db_session().scalars(stmt))


def caveats() -> list[Caveat]:
    return list(db_session().scalars(select(Caveat).order_by(Caveat.kind, Caveat.id)))


def caveat_usage() -> dict[str, int]:
    return dict(
        db_session()
        .execute(select(FigureCaveat.caveat_id, func.count()).group_by(FigureCaveat.caveat_id))
        .all()
    )


def outcome_types() -> list[OutcomeType]:
    return list(db_session().scalars(select(OutcomeType)))


def counts() -> dict[str, int]:
    session = db_session()
    return {
        "responses": session.scalar(select(func.count()).select_from(Disclosure)),
        "figures": session.scalar(select(func.count()).select_from(Figure)),
        "records": session.scalar(select(func.count()).select_from(DisclosedRecord)),
    }


def measures() -> list[Measure]:
    return list(db_session().scalars(select(Measure).order_by(Measure.view, Measure.id)))


def releases() -> list[DataRelease]:
    return list(db_session().scalars(select(DataRelease).order_by(DataRelease.created_at.desc())))


def utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; the loader always writes UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def release(release_id: str | None) -> DataRelease | None:
    return db_session().get(DataRelease, release_id) if release_id else None
