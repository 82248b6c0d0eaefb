"""Turn validated query arguments into SQL conditions, resolving what users type the way the
loader resolves what forces wrote: platform aliases, offence code variants, financial years.

A value that resolves to nothing is a 400 naming the parameter and listing the allowed values,
never an empty (or unfiltered) result. The code lists are read once per release and worker
(`lookups()`), since they only change when a release is loaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_smorest import abort
from sqlalchemy import ColumnElement, and_, select

from core.harmonise import Unresolved, alias_key, financial_year, normalise_offence_code
from core.models import (
    AgeBand,
    Caveat,
    Disclosure,
    Force,
    Gender,
    Measure,
    OffenceCode,
    OffenceCodeVariant,
    OutcomeType,
    Platform,
    PlatformAlias,
)

from .database import db_session
from .releases import loaded_release


@dataclass(frozen=True)
class Lookups:
    """Every id a filter may name, and the spellings that resolve to them, for one release."""

    ids: dict[str, list[str]]  # filter name -> its allowed ids, sorted
    platform_aliases: dict[str, str]  # alias key -> platform id
    offence_variants: dict[str, str]  # written variant -> canonical code
    offence_children: dict[str, list[str]]  # code -> its sub-codes
    canonical_age_bands: list[str]


def _load_lookups() -> Lookups:
    session = db_session()

    def ids(column) -> list[str]:
        return list(session.scalars(select(column).order_by(column)))

    children: dict[str, list[str]] = {}
    for code, parent in session.execute(select(OffenceCode.code, OffenceCode.parent_code)):
        if parent:
            children.setdefault(parent, []).append(code)
    return Lookups(
        ids={
            "force": ids(Force.id),
            "response": ids(Disclosure.id),
            "measure": ids(Measure.id),
            "gender": ids(Gender.id),
            "caveat": ids(Caveat.id),
            "outcome": ids(OutcomeType.id),
            "platform": ids(Platform.id),
            "offence": ids(OffenceCode.code),
            "age_band": ids(AgeBand.id),
        },  # fmt: skip
        platform_aliases=dict(session.execute(select(PlatformAlias.key, PlatformAlias.platform_id)).all()),
        offence_variants=dict(
            session.execute(select(OffenceCodeVariant.variant, OffenceCodeVariant.code)).all()
        ),
        offence_children=children,
        canonical_age_bands=list(session.scalars(select(AgeBand.id).where(AgeBand.kind != "single_year"))),
    )


def lookups() -> Lookups:
    """The code lists of this request's release, read once per release (api/releases.py)."""
    return loaded_release().derived("lookups", _load_lookups)


def bad_parameter(name: str, message: str, allowed: list[str] | None = None, status: int = 400):
    entry = {"in": "query", "name": name, "messages": [message]}
    if allowed is not None:
        entry["allowed"] = allowed
    abort(status, message=message, parameter_errors=[entry])


def known(name: str, values: list[str]) -> list[str]:
    """The values, each checked to be an id the filter `name` takes."""
    if not values:
        return values
    allowed = lookups().ids[name]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        bad_parameter(name, f"unknown {name} {', '.join(map(repr, unknown))}", allowed)
    return values


def forces(values: list[str]) -> list[str]:
    return known("force", values)


def responses(values: list[str]) -> list[str]:
    return known("response", values)


def measures(values: list[str]) -> list[str]:
    return known("measure", values)


def genders(values: list[str]) -> list[str]:
    return known("gender", values)


def caveats(values: list[str]) -> list[str]:
    return known("caveat", values)


def outcomes(values: list[str]) -> list[str]:
    return known("outcome", values)


def age_bands(values: list[str]) -> list[str]:
    if not values:
        return values
    unknown = [v for v in values if v not in lookups().ids["age_band"]]
    if unknown:
        bad_parameter(
            "age_band",
            f"unknown age_band {', '.join(map(repr, unknown))}; single years of age are '0' to '99'",
            lookups().canonical_age_bands,
        )
    return values


def platform_id(value: str) -> str | None:
    """The platform an id or alias names, ignoring case, spaces and punctuation."""
    found = lookups()
    return value if value in found.ids["platform"] else found.platform_aliases.get(alias_key(value))


def platforms(values: list[str]) -> list[str]:
    resolved = [platform_id(v) for v in values]
    unknown = [v for v, r in zip(values, resolved, strict=True) if r is None]
    if unknown:
        bad_parameter(
            "platform", f"unknown platform {', '.join(map(repr, unknown))}", lookups().ids["platform"]
        )
    return resolved


def offence_code(value: str) -> str | None:
    """The canonical code for any written variant (`086/02`, `7117`), or None if there is none."""
    found = lookups()
    try:
        code = normalise_offence_code(value, found.offence_variants)
    except Unresolved:
        return None
    return code if code in found.ids["offence"] else None


def offences(values: list[str], include_children: bool) -> list[str]:
    codes, unknown = [], []
    for value in values:
        code = offence_code(value)
        (codes if code else unknown).append(code or value)
    if unknown:
        bad_parameter(
            "offence", f"unknown offence code {', '.join(map(repr, unknown))}", lookups().ids["offence"]
        )
    if include_children:
        codes += descendants(codes)
    return list(dict.fromkeys(codes))


def descendants(codes: list[str]) -> list[str]:
    children = lookups().offence_children
    found, frontier = [], list(codes)
    while frontier:
        frontier = [child for code in frontier for child in children.get(code, [])]
        found += frontier
    return found


def period_bounds(args: dict) -> tuple[dt.date | None, dt.date | None]:
    """The (from, to) a query asks for, from `from`/`to` or a `financial_year` such as 2016/17."""
    start, end = args.get("from_"), args.get("to")
    if "financial_year" in args:
        if start or end:
            bad_parameter("financial_year", "give either financial_year or from/to, not both", status=422)
        try:
            start, end = financial_year(args["financial_year"])
        except Unresolved as exc:
            bad_parameter("financial_year", str(exc))
    if start and end and start > end:
        bad_parameter("from", f"from ({start}) is after to ({end})", status=422)
    return start, end


def overlaps(start_column, end_column, start: dt.date | None, end: dt.date | None) -> ColumnElement[bool]:
    """Rows whose period overlaps [start, end]; an open side is unbounded."""
    conditions = []
    if start:
        conditions.append(end_column >= start)
    if end:
        conditions.append(start_column <= end)
    return and_(*conditions) if conditions else and_(True)
