"""The figures a list asks for: filters resolved, sorted, paged, counted and compared.

A page reads its figure ids from the slim `figures` table, then their stored documents
(FigureSchema, rendered at load time) by key. The count and the comparability block are the
same for every page and sort of a query within a release, so they are kept in the release's
state (api/releases.py), beside the statement that reads the ids of any page of it in one sort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import selectinload

from api import filters
from api.database import db_session
from api.releases import loaded_release
from core.models import (
    Caveat,
    CaveatKind,
    Figure,
    FigureCaveat,
    FigureDocument,
    FigureOffence,
    FigurePart,
    Measure,
)  # fmt: skip
from schema.figures import ComparabilitySchema
from seeds.disclosure.sums import value_of

SORTS = {
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
# Caveat kinds that bear on comparing or adding up figures from several responses.
COMPARABILITY_KINDS = (
    CaveatKind.METHOD, CaveatKind.SCOPE, CaveatKind.QUALITY, CaveatKind.COUNTING, CaveatKind.DISCLOSURE,
)  # fmt: skip


def resolve_filters(args: dict, measures_of_view: str | None) -> dict:
    """Query arguments as resolved ids and bounds, ready for figures_query."""
    resolved = {
        "force": filters.forces(args.get("force", [])),
        "response": filters.responses(args.get("response", [])),
        "measure": filters.measures(args.get("measure", [])),
        "platform": filters.platforms(args.get("platform", [])),
        "offence": filters.offences(args.get("offence", []), args["include_children"]),
        "age_band": filters.age_bands(args.get("age_band", [])),
        "gender": filters.genders(args.get("gender", [])),
        "outcome": filters.outcomes(args.get("outcome", [])),
        "caveat": filters.caveats(args.get("caveat", [])),
        "status": args.get("status", []),
        "derived": args["derived"],
        "breakdown": filters.breakdowns(args.get("breakdown", [])),
        "restatements": args["restatements"],
        "period": filters.period_bounds(args),
        "view": measures_of_view,
    }
    if args["include_children"] and not args.get("offence"):
        filters.bad_parameter(
            "include_children", "include_children needs an offence to take the children of", status=422
        )
    return resolved


def figures_query(f: dict, sort: str = "response") -> Select:
    """Figures matching resolved filters (see resolve_filters), in the order asked."""
    stmt = select(Figure)
    for key, column in (("force", Figure.force_id), ("response", Figure.response_id), ("measure", Figure.measure_id),
                        ("platform", Figure.platform_id), ("age_band", Figure.age_band_id),
                        ("gender", Figure.gender_id), ("outcome", Figure.outcome_id), ("status", Figure.status),
                        ("breakdown", Figure.breakdown)):  # fmt: skip
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
    if f.get("restatements", "exclude") == "exclude":
        stmt = stmt.where(Figure.restates.is_(None))
    elif f["restatements"] == "only":
        stmt = stmt.where(Figure.restates.is_not(None))
    start, end = f.get("period", (None, None))
    stmt = stmt.where(filters.overlaps(Figure.period_start, Figure.period_end, start, end))
    return stmt.order_by(*SORTS[sort])


# Built once: an IN list of literal ids costs SQLAlchemy a coercion per id on every page.
DOCUMENTS = select(FigureDocument.figure_id, FigureDocument.document).where(
    FigureDocument.figure_id.in_(bindparam("ids", expanding=True))
)


def page_ids_query(filters: dict, sort: str) -> Select:
    """The ids of a page of figures_query(filters, sort), its bounds as parameters (`limit`,
    `offset`). Built once per query and release and shared by every page of it: building the
    statement, and SQLAlchemy's key for it (kept on the statement), cost more than running it."""

    def build() -> Select:
        stmt = figures_query(filters, sort).with_only_columns(Figure.id)
        return stmt.limit(bindparam("limit")).offset(bindparam("offset"))

    return loaded_release().summary(summary_key(filters, "page ids", sort), build)


def page_documents(ids_query: Select, page: int, size: int) -> list[str]:
    """The stored documents of one page of a page_ids_query, in its order. Run on the session's
    connection: the rows are plain values, which need none of the ORM's result handling."""
    connection = db_session().connection()
    ids = connection.execute(ids_query, {"limit": size, "offset": (page - 1) * size}).scalars().all()
    if not ids:
        return []
    found = dict(connection.execute(DOCUMENTS, {"ids": ids}).all())
    return [found[i] for i in ids]


def figure_document(figure_id: str) -> str | None:
    return db_session().scalar(select(FigureDocument.document).where(FigureDocument.figure_id == figure_id))


def summary(filters: dict, render: Callable[[dict], str]) -> tuple[int, str | None]:
    """How many figures match, and their comparability block as `render` writes it into the body,
    once per query and release (over hundreds of responses the block is tens of KB of JSON)."""

    def count_and_compare() -> tuple[int, str | None]:
        stmt = figures_query(filters)
        block = comparability(stmt)
        return count(stmt), block and render(ComparabilitySchema().dump(block))

    return loaded_release().summary(summary_key(filters), count_and_compare)


def count(stmt: Select) -> int:
    """How many figures the query matches, on all pages."""
    return db_session().scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def summary_key(filters: dict, *prefix: str) -> tuple:
    """A query's key among its release's summaries; a prefix keeps another page's apart."""
    return (*prefix, *sorted((k, repr(v)) for k, v in filters.items()))


@dataclass
class ResponseSpan:
    id: str
    start: dt.date
    end: dt.date


@dataclass
class Difference:
    caveat: Caveat
    responses: list[str]


# How many ids of each kind the double-counting block names (its counts say how many there are).
MAX_LISTED_IDS = 100


@dataclass
class Listed:
    """Ids of one kind: all of them counted, the first MAX_LISTED_IDS named (IdsSchema)."""

    every: list[str]

    @property
    def count(self) -> int:
        return len(self.every)

    @property
    def ids(self) -> list[str]:
        return self.every[:MAX_LISTED_IDS]


@dataclass
class DoubleCounting:
    """Figures of a list that a sum over it would count twice (DoubleCountingSchema)."""

    parts: Listed  # parts of a total also listed
    totals: Listed  # those totals
    restatements: Listed  # restatements of a figure also listed
    overlapping: Listed  # parts of one total in breakdowns that overlap (per offence, per outcome)

    def __bool__(self) -> bool:
        return bool(self.parts.count or self.restatements.count or self.overlapping.count)

    @property
    def note(self) -> str:
        found = []
        if self.parts.count:
            found.append(
                f"{_count(self.parts.count, 'figure is a part', 'figures are parts')} of "
                f"{_count(self.totals.count, 'total', 'totals')} also listed"
            )
        if self.overlapping.count:
            found.append(
                f"{_count(self.overlapping.count, 'figure breaks', 'figures break')} down the same total "
                "as another figure listed, in a way that overlaps it"
            )
        if self.restatements.count:
            found.append(
                f"{_count(self.restatements.count, 'figure restates', 'figures restate')} a figure also listed"
            )
        return (
            f"Summing value double counts: {' and '.join(found)}. Sum the totals only (breakdown=none) "
            "or one breakdown of them (breakdown=offence), never both"
            + (", and leave out every figure with restates" if self.restatements.count else "")
            + "."
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass
class Comparability:
    """How the figures of a list compare and add up (ComparabilitySchema): how the responses
    behind it differ, and what a sum over it would count twice."""

    responses: list[ResponseSpan]
    differences: list[Difference]
    shared: list[Caveat]  # every response in the list has them: they hold for the whole list
    double_counting: DoubleCounting | None

    @property
    def periods_differ(self) -> bool:
        return len({(r.start, r.end) for r in self.responses}) > 1

    @property
    def note(self) -> str:
        if len(self.responses) == 1:
            compared = "These figures come from one response."
        else:
            compared = (
                f"These figures come from {len(self.responses)} responses"
                + (" covering different periods" if self.periods_differ else "")
                + ". Their methods and scopes differ as listed; compare them only with these differences in mind."
            )
        return compared + (f" {self.double_counting.note}" if self.double_counting else "")


def comparability(stmt: Select) -> Comparability | None:
    """How the responses behind a list differ, taken from their caveats, and what a sum over it
    would count twice; None for one response whose figures a sum counts once each."""
    matching = select(stmt.with_only_columns(Figure.id).order_by(None).subquery().c.id)
    double = double_counting(matching)
    spans = [
        ResponseSpan(*row)
        for row in db_session().execute(
            select(Figure.response_id, func.min(Figure.period_start), func.max(Figure.period_end))
            .where(Figure.id.in_(matching))
            .group_by(Figure.response_id)
            .order_by(Figure.response_id)
        )
    ]
    if len(spans) < 2 and not double:
        return None
    pairs = db_session().execute(
        select(Figure.response_id, Caveat)
        .join(FigureCaveat, FigureCaveat.figure_id == Figure.id)
        .join(Caveat, Caveat.id == FigureCaveat.caveat_id)
        .where(Figure.id.in_(matching), Caveat.kind.in_(COMPARABILITY_KINDS))
        .distinct()
    )
    by_caveat: dict[str, tuple[Caveat, set[str]]] = {}
    for response_id, caveat in pairs:
        by_caveat.setdefault(caveat.id, (caveat, set()))[1].add(response_id)
    every_response = {span.id for span in spans}
    in_order = sorted(by_caveat.values(), key=lambda item: (item[0].kind.value, item[0].id))
    differences = [
        Difference(caveat, sorted(applies)) for caveat, applies in in_order if applies != every_response
    ]
    shared = [caveat for caveat, applies in in_order if applies == every_response]
    return Comparability(spans, differences, shared, double or None)


def double_counting(matching: Select) -> DoubleCounting:
    """The figures of a list that are parts of totals, or restate figures, also in it."""
    pairs = db_session().execute(
        select(FigurePart.part_id, FigurePart.total_id).where(
            FigurePart.part_id.in_(matching), FigurePart.total_id.in_(matching)
        )
    )
    parts, totals = set(), set()
    for part_id, total_id in pairs:
        parts.add(part_id)
        totals.add(total_id)
    restatements = db_session().scalars(
        select(Figure.id).where(Figure.id.in_(matching), Figure.restates.in_(matching))
    )
    return DoubleCounting(
        Listed(sorted(parts)), Listed(sorted(totals)), Listed(sorted(restatements)),
        Listed(overlapping_parts(matching)),
    )  # fmt: skip


def overlapping_parts(matching: Select) -> list[str]:
    """Listed parts of one total, neither a part of the other, that share records: broken down
    in different ways (a total's records per offence and the same records per outcome) and the
    same in every dimension both are broken down by. Their total need not be listed."""
    rows = db_session().execute(
        select(FigurePart.total_id, Figure)
        .join(Figure, Figure.id == FigurePart.part_id)
        .where(FigurePart.part_id.in_(matching))
        .options(selectinload(Figure.offences))
    )
    parts_of: dict[str, list[Figure]] = {}
    totals_of: dict[str, set[str]] = {}
    for total_id, part in rows:
        parts_of.setdefault(total_id, []).append(part)
        totals_of.setdefault(part.id, set()).add(total_id)
    return sorted(overlapping(parts_of, totals_of))


def overlapping(parts_of: dict[str, list[Figure]], totals_of: dict[str, set[str]]) -> set[str]:
    """The parts (of `parts_of`, by total) that overlap another part of the same total.

    Not pair by pair (a total broken down by age, gender and outcome has thousands of pairs):
    the parts of each breakdown are bucketed by their values in the dimensions shared with
    another breakdown, and each part looks up its bucket there, stopping at the first part of it
    that is not nested with it."""
    found: set[str] = set()

    def nested(a: Figure, b: Figure) -> bool:
        return a.id in totals_of.get(b.id, ()) or b.id in totals_of.get(a.id, ())

    for parts in parts_of.values():
        by_breakdown: dict[frozenset[str], list[Figure]] = {}
        for part in parts:
            by_breakdown.setdefault(frozenset(part.breakdown_dimensions), []).append(part)
        for dims_a, group_a in by_breakdown.items():
            for dims_b, group_b in by_breakdown.items():
                shared = sorted(dims_a & dims_b)
                cells: dict[tuple, list[Figure]] = {}
                for b in group_b:
                    cells.setdefault(tuple(value_of(b, d) for d in shared), []).append(b)
                for a in group_a:
                    same_cell = cells.get(tuple(value_of(a, d) for d in shared), ())
                    if any(b is not a and not nested(a, b) for b in same_cell):
                        found.add(a.id)
    return found
