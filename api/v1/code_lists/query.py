"""Reading the code lists, with the counts and relations their representations show."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, with_expression
from sqlalchemy.orm.attributes import set_committed_value

from api.database import db_session
from core.models import (
    AgeBand,
    AgeBandKind,
    Caveat,
    DisclosureForce,
    Figure,
    FigureCaveat,
    Force,
    OffenceCode,
    OutcomeType,
    Platform,
)


def _counted(column, stmt=None):
    """Rows per value of a column (of `stmt`'s rows where given), to join a code list to."""
    stmt = select(column.label("id"), func.count().label("n")) if stmt is None else stmt
    return stmt.group_by(column).subquery()


def _figures_counted(column):
    """Figures per value of a column, as a list of figures counts them: a restatement of another
    figure is not listed (nor counted) unless asked for."""
    stmt = select(column.label("id"), func.count().label("n")).where(Figure.restates.is_(None))
    if column.class_ is not Figure:
        stmt = stmt.join(Figure, Figure.id == column.class_.figure_id)
    return _counted(column, stmt)


def forces(force_id: str | None = None) -> list[Force]:
    """Forces (or the one asked for), each with how many responses and figures it has."""
    responses, figures = _counted(DisclosureForce.force_id), _figures_counted(Figure.force_id)
    stmt = (
        select(Force)
        .outerjoin(responses, responses.c.id == Force.id)
        .outerjoin(figures, figures.c.id == Force.id)
        .options(
            with_expression(Force.response_count, func.coalesce(responses.c.n, 0)),
            with_expression(Force.figure_count, func.coalesce(figures.c.n, 0)),
        )
        .order_by(Force.kind.desc(), Force.id)
        .execution_options(populate_existing=True)  # the counts, even for a force already read
    )
    if force_id is not None:
        stmt = stmt.where(Force.id == force_id)
    return list(db_session().scalars(stmt))


def offence_code_tree() -> list[OffenceCode]:
    """The top-level offence codes, each with its sub-codes under `children`: every code read in
    one query and linked to its children here, rather than a query per code."""
    codes = list(
        db_session().scalars(
            select(OffenceCode).options(selectinload(OffenceCode.variants)).order_by(OffenceCode.code)
        )
    )
    children = defaultdict(list)
    for code in codes:
        children[code.parent_code].append(code)
    for code in codes:
        set_committed_value(code, "children", children[code.code])
    return children[None]


def offence_code(code: str) -> OffenceCode | None:
    """One code, with its variants, parent and sub-codes loaded."""
    roots = offence_code_tree()
    return next((c for c in walk(roots) if c.code == code), None)


def walk(codes: list[OffenceCode]):
    for code in codes:
        yield code
        yield from walk(code.children)


def platforms() -> list[Platform]:
    return list(
        db_session().scalars(
            select(Platform)
            .options(
                selectinload(Platform.aliases),
                selectinload(Platform.successor),
                selectinload(Platform.predecessors),
            )
            .order_by(Platform.id)
        )
    )


def age_bands() -> list[AgeBand]:
    stmt = (
        select(AgeBand)
        .where(AgeBand.kind != AgeBandKind.SINGLE_YEAR)
        # NULLs sort first in SQLite and last in PostgreSQL: place them explicitly.
        .order_by(AgeBand.lower.is_(None), AgeBand.lower, AgeBand.upper.is_(None), AgeBand.upper)
    )
    return list(db_session().scalars(stmt))


def caveats(caveat_id: str | None = None) -> list[Caveat]:
    """Caveats (or the one asked for), each with how many figures carry it."""
    usage = _figures_counted(FigureCaveat.caveat_id)
    stmt = (
        select(Caveat)
        .outerjoin(usage, usage.c.id == Caveat.id)
        .options(with_expression(Caveat.figure_count, func.coalesce(usage.c.n, 0)))
        .order_by(Caveat.kind, Caveat.id)
        .execution_options(populate_existing=True)  # the count, even for a caveat already read
    )
    if caveat_id is not None:
        stmt = stmt.where(Caveat.id == caveat_id)
    return list(db_session().scalars(stmt))


def _outcome_order(outcome: OutcomeType) -> tuple:
    """Framework types by number (1, 1A, 2 ... 22), then the legacy labels."""
    number = outcome.id.rstrip("A")
    return (not outcome.framework, int(number) if number.isdigit() else 0, outcome.id)


def outcome_types() -> list[OutcomeType]:
    return sorted(db_session().scalars(select(OutcomeType)), key=_outcome_order)
