"""How a disclosure's figures add up, so that a sum over a list never counts a record twice.

Three things are settled here, once every figure (stated, parsed and derived) is made:

- **parts and totals**: a figure is a part of another (its total) where the data says so: a
  figure derived from the same rows as another, grouped by more keys and the same on the other's
  (records per platform, year *and offence* within records per platform and year); a figure
  summed into a derived one (a victim count by single age within its age band); and whatever a
  seed declares with `total_of` (a force's Total row over its years). Every total a part belongs
  to is kept, nearest first.
- **breakdown**: what a figure is broken down by: the age band, gender and outcome it is limited
  to, the offence a derivation grouped it by, whatever its seed declares, and every dimension in
  which it differs from a total it is a part of (the year of a Total row's part). "" is a total.
  A platform is not a breakdown by itself: a record naming several platforms counts under each,
  so counts per platform are never parts of a total unless a seed declares one.
- **restatements**: a figure its seed declares with `restates` (a Sum row equal to an earlier
  answer) must say the same thing as the figure it restates: the same measure, force, period,
  dimensions and value. The API lists it only when asked for.
"""

from __future__ import annotations

from core.models import BREAKDOWN_DIMENSIONS, Figure, FigurePart, FigureStatus, breakdown_key

from ..inserts import new_row
from .checks import selected
from .context import DisclosureContext

# The dimensions a restatement must share with the figure it restates (and a part may differ in).
DIMENSIONS = ["force", *BREAKDOWN_DIMENSIONS]


def add_sums(ctx: DisclosureContext) -> None:
    figures = {f.id: f for f in ctx.bundle.figures}
    direct = _derived_parts(ctx)
    for part_id, totals in _declared_parts(ctx, figures).items():
        direct.setdefault(part_id, []).extend(t for t in totals if t not in direct.get(part_id, []))
    totals_of = {f.id: _all_totals(f.id, direct) for f in ctx.bundle.figures}
    for figure in ctx.bundle.figures:
        if totals_of[figure.id]:  # most figures are no part of anything: leave them untouched
            figure.total_links = [
                new_row(FigurePart, total_id=total, position=i)
                for i, total in enumerate(totals_of[figure.id])
            ]
        dimensions = _own_breakdown(ctx, figure)
        for total_id in totals_of[figure.id]:
            total = figures[total_id]
            differs = {d for d in DIMENSIONS if value_of(figure, d) != value_of(total, d)}
            if not differs:
                ctx.report(
                    _where(ctx, figure),
                    f"it is given as a part of {total_id}, but they are the same in every dimension: "
                    "if it repeats that figure, declare `restates`",
                )
            dimensions |= differs | _own_breakdown(ctx, total)
        if "force" in dimensions:
            ctx.report(_where(ctx, figure), "a part and its total must be the same force's")
        figure.breakdown = breakdown_key(dimensions)
    _check_restatements(ctx, figures, totals_of)


def value_of(figure: Figure, dimension: str):
    """A figure's value for one dimension, as comparable between a part and its total."""
    if dimension == "force":
        return figure.force_id
    if dimension == "period":
        return (figure.period_start, figure.period_end)
    if dimension == "offence":
        return frozenset((o.code or o.as_written, o.role) for o in figure.offences)
    if dimension == "outcome":
        return figure.outcome_id or figure.outcome_as_written
    return getattr(figure, f"{dimension}_id")


def _own_breakdown(ctx: DisclosureContext, figure: Figure) -> set[str]:
    """What a figure is broken down by whatever else is listed: the dimensions that limit it, the
    offence a derivation grouped it by, and what its seed declares."""
    own = {d for d in ("age_band", "gender", "outcome") if getattr(figure, f"{d}_id") or _written(figure, d)}
    derivation = _derivation(ctx, figure)
    if derivation is not None and "offence" in derivation["group_by"]:
        own.add("offence")
    declared = ctx.declared_sums.get(figure.id)
    return own | set(declared["breakdown"] if declared else [])


def _written(figure: Figure, dimension: str) -> bool:
    return bool(getattr(figure, f"{dimension}_as_written", None))


def _derivation(ctx: DisclosureContext, figure: Figure) -> dict | None:
    if figure.status != FigureStatus.DERIVED:
        return None
    origin = ctx.bundle.origin.get(figure.id)
    return next((d for d in ctx.spec["derive"] if d["name"] == origin), None)


def _derived_parts(ctx: DisclosureContext) -> dict[str, list[str]]:
    """part id -> the ids of its direct totals, as the derivations make them."""
    parts: dict[str, list[str]] = {}
    by_derivation: dict[str, list[Figure]] = {}
    for figure in ctx.bundle.figures:
        if (derivation := _derivation(ctx, figure)) is not None:
            by_derivation.setdefault(derivation["name"], []).append(figure)
            # A derived sum of figures: each figure summed is a part of it.
            for part_id in (figure.derived_from or {}).get("figures", []):
                parts.setdefault(part_id, []).append(figure.id)
    specs = {d["name"]: d for d in ctx.spec["derive"]}
    for fine_name, fine in by_derivation.items():
        for coarse_name, coarse in by_derivation.items():
            if _finer(specs[fine_name], specs[coarse_name]):
                keys = ["force", *specs[coarse_name]["group_by"]]
                index = {tuple(value_of(t, k) for k in keys): t.id for t in coarse}
                for figure in fine:
                    total = index.get(tuple(value_of(figure, k) for k in keys))
                    if total is not None:
                        parts.setdefault(figure.id, []).append(total)
    return parts


def _finer(fine: dict, coarse: dict) -> bool:
    """Does one derivation split the other's groups: the same rows and measure, grouped by more keys?"""
    return (
        fine["from_"] == coarse["from_"]
        and fine["measure"] == coarse["measure"]
        and set(fine["group_by"]) > set(coarse["group_by"])
    )


def _declared_parts(ctx: DisclosureContext, figures: dict[str, Figure]) -> dict[str, list[str]]:
    """part id -> the totals whose seed entries select it with `total_of`."""
    parts: dict[str, list[str]] = {}
    for total_id, declared in ctx.declared_sums.items():
        if declared["total_of"] is None:
            continue
        total = figures[total_id]
        chosen = [
            f
            for f in ctx.bundle.figures
            if f.id != total_id and not f.restates and selected(f, declared["total_of"], ctx.bundle)
        ]
        if not chosen:
            ctx.report(declared["where"], f"total_of selects no figure: {declared['total_of']}")
        for part in chosen:
            if (part.measure_id, part.force_id) != (total.measure_id, total.force_id):
                ctx.report(
                    declared["where"],
                    f"total_of selects {part.id}, which is not the same measure and force as its total",
                )
            parts.setdefault(part.id, []).append(total_id)
    return parts


def _all_totals(part_id: str, direct: dict[str, list[str]]) -> list[str]:
    """Every total a figure is a part of, nearest first (totals of its totals after them)."""
    found: list[str] = []
    frontier = list(direct.get(part_id, []))
    while frontier:
        found += [t for t in frontier if t not in found and t != part_id]
        frontier = [t for total in frontier for t in direct.get(total, []) if t not in found and t != part_id]
    return found


def _check_restatements(
    ctx: DisclosureContext, figures: dict[str, Figure], totals_of: dict[str, list[str]]
) -> None:
    for figure in ctx.bundle.figures:
        if figure.restates is None:
            continue
        where = _where(ctx, figure)
        restated = figures.get(figure.restates)
        if restated is None:
            ctx.report(where, f"restates {figure.restates}, which is not a figure of this response")
            continue
        if restated.restates is not None or restated is figure:
            ctx.report(
                where, f"restates {restated.id}, which is itself a restatement: name the figure it restates"
            )
            continue
        differs = [d for d in ["measure", *DIMENSIONS] if _compared(figure, d) != _compared(restated, d)]
        if differs:
            ctx.report(where, f"restates {restated.id}, but their {', '.join(differs)} differ")
        if figure.value is None or figure.value != restated.value:
            ctx.report(
                where,
                f"restates {restated.id}, but its value {figure.value} is not that figure's {restated.value}",
            )
        if totals_of[figure.id] or any(figure.id in totals for totals in totals_of.values()):
            ctx.report(
                where, "a restatement is neither a part nor a total: declare those on the figure it restates"
            )
        figure.breakdown = restated.breakdown


def _compared(figure: Figure, dimension: str):
    return figure.measure_id if dimension == "measure" else value_of(figure, dimension)


def _where(ctx: DisclosureContext, figure: Figure) -> str:
    declared = ctx.declared_sums.get(figure.id)
    return declared["where"] if declared else f"figure {figure.id}"
