"""The responses (disclosures) a view asks for, with their counts where shown."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload, with_expression

from api.database import db_session
from core.models import DisclosedRecord, Disclosure, DisclosureForce, Figure, FigureStatus


def responses_query(force_ids: list[str]) -> Select:
    stmt = select(Disclosure).options(selectinload(Disclosure.forces)).order_by(Disclosure.id)
    if force_ids:
        stmt = stmt.where(
            Disclosure.id.in_(
                select(DisclosureForce.response_id).where(DisclosureForce.force_id.in_(force_ids))
            )
        )
    return stmt


def _count(model, *conditions):
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def response(response_id: str) -> Disclosure | None:
    """One response, whole, with how many figures (derived ones too) and records it gave."""
    figures_of_it = Figure.response_id == Disclosure.id
    stmt = (
        select(Disclosure)
        .where(Disclosure.id == response_id)
        .options(
            selectinload(Disclosure.forces), selectinload(Disclosure.questions),
            selectinload(Disclosure.exemptions), selectinload(Disclosure.caveats),
            with_expression(Disclosure.figure_count, _count(Figure, figures_of_it)),
            with_expression(
                Disclosure.derived_figure_count, _count(Figure, figures_of_it, Figure.status == FigureStatus.DERIVED)
            ),
            with_expression(Disclosure.record_count, _count(DisclosedRecord, DisclosedRecord.response_id == Disclosure.id)),
        )
    ).execution_options(populate_existing=True)  # fmt: skip
    return db_session().scalar(stmt)


def source_text(response_id: str) -> str | None:
    return db_session().scalar(select(Disclosure.source_text).where(Disclosure.id == response_id))
