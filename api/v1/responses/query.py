"""The responses (disclosures) a view asks for, with their counts where shown."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload, with_expression

from api.database import db_session
from core.models import (
    MAIN_DOCUMENT,
    DisclosedRecord,
    Disclosure,
    DisclosureForce,
    Figure,
    FigureStatus,
    ResponseDocument,
)


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


def responses_in_full() -> Select:
    """Responses, whole, with how many figures (derived ones too, as its list of figures counts
    them: restatements left out) and records each gave."""
    figures_of_it = (Figure.response_id == Disclosure.id) & Figure.restates.is_(None)
    return (
        select(Disclosure)
        .options(
            selectinload(Disclosure.forces), selectinload(Disclosure.questions),
            selectinload(Disclosure.exemptions), selectinload(Disclosure.caveats),
            selectinload(Disclosure.documents),
            with_expression(Disclosure.figure_count, _count(Figure, figures_of_it)),
            with_expression(
                Disclosure.derived_figure_count, _count(Figure, figures_of_it, Figure.status == FigureStatus.DERIVED)
            ),
            with_expression(Disclosure.record_count, _count(DisclosedRecord, DisclosedRecord.response_id == Disclosure.id)),
        )
        .order_by(Disclosure.id)
        .execution_options(populate_existing=True)  # the counts, even for a response already read
    )  # fmt: skip


def response(response_id: str) -> Disclosure | None:
    """One response, whole (responses_in_full)."""
    return db_session().scalar(responses_in_full().where(Disclosure.id == response_id))


def source_text(response_id: str) -> str | None:
    """The text of a response's main document."""
    return document_text(response_id, MAIN_DOCUMENT)


def document_text(response_id: str, name: str) -> str | None:
    """The text extracted from one of a response's documents."""
    return db_session().scalar(
        select(ResponseDocument.text).where(
            ResponseDocument.response_id == response_id, ResponseDocument.name == name
        )
    )


def document_original(response_id: str, name: str) -> tuple[str, bytes] | None:
    """(file name, bytes) of one of a response's documents, as published."""
    row = (
        db_session()
        .execute(
            select(ResponseDocument.file, ResponseDocument.original).where(
                ResponseDocument.response_id == response_id, ResponseDocument.name == name
            )
        )
        .first()
    )
    return None if row is None else (row.file, row.original)
