"""Turn validated query arguments into SQL conditions, resolving what users type the way the
loader resolves what forces wrote: platform aliases, offence code variants, financial years.

A value that resolves to nothing is a 400 naming the parameter and listing the allowed values,
never an empty (or unfiltered) result.
"""

from __future__ import annotations

import datetime as dt

from flask_smorest import abort
from sqlalchemy import ColumnElement, and_, or_, select

from seeds.harmonise import Unresolved, alias_key, financial_year, normalise_offence_code

from .database import db_session
from .models import (
    AgeBand,
    Caveat,
    Force,
    Gender,
    Measure,
    OffenceCode,
    OffenceCodeVariant,
    OutcomeType,
    Platform,
    PlatformAlias,
    Response,
)


def bad_parameter(name: str, message: str, allowed: list[str] | None = None, status: int = 400):
    entry = {"in": "query", "name": name, "messages": [message]}
    if allowed is not None:
        entry["allowed"] = allowed
    abort(status, message=message, parameter_errors=[entry])


def _ids(model, column) -> list[str]:
    return list(db_session().scalars(select(column).order_by(column)))


def known(name: str, values: list[str], model, column=None) -> list[str]:
    """The values, each checked to be an id of `model`."""
    column = column if column is not None else model.id
    allowed = _ids(model, column)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        bad_parameter(name, f"unknown {name} {', '.join(map(repr, unknown))}", allowed)
    return values


def forces(values: list[str]) -> list[str]:
    return known("force", values, Force)


def responses(values: list[str]) -> list[str]:
    return known("response", values, Response)


def measures(values: list[str]) -> list[str]:
    return known("measure", values, Measure)


def genders(values: list[str]) -> list[str]:
    return known("gender", values, Gender)


def caveats(values: list[str]) -> list[str]:
    return known("caveat", values, Caveat)


def outcomes(values: list[str]) -> list[str]:
    return known("outcome", values, OutcomeType)


def age_bands(values: list[str]) -> list[str]:
    allowed = _ids(AgeBand, AgeBand.id)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        canonical = list(db_session().scalars(select(AgeBand.id).where(AgeBand.kind != "single_year")))
        bad_parameter(
            "age_band",
            f"unknown age_band {', '.join(map(repr, unknown))}; single years of age are '0' to '99'",
            canonical,
        )
    return values


def platform_id(value: str) -> str | None:
    """The platform an id or alias names, ignoring case, spaces and punctuation."""
    if db_session().get(Platform, value) is not None:
        return value
    return db_session().scalar(select(PlatformAlias.platform_id).where(PlatformAlias.key == alias_key(value)))


def platforms(values: list[str]) -> list[str]:
    resolved = [platform_id(v) for v in values]
    unknown = [v for v, r in zip(values, resolved, strict=True) if r is None]
    if unknown:
        bad_parameter(
            "platform", f"unknown platform {', '.join(map(repr, unknown))}", _ids(Platform, Platform.id)
        )
    return resolved


def offence_code(value: str) -> str | None:
    """The canonical code for any written variant (`086/02`, `7117`), or None if there is none."""
    variants = dict(db_session().execute(select(OffenceCodeVariant.variant, OffenceCodeVariant.code)).all())
    try:
        code = normalise_offence_code(value, variants)
    except Unresolved:
        return None
    return code if db_session().get(OffenceCode, code) else None


def offences(values: list[str], include_children: bool) -> list[str]:
    codes, unknown = [], []
    for value in values:
        code = offence_code(value)
        (codes if code else unknown).append(code or value)
    if unknown:
        bad_parameter(
            "offence",
            f"unknown offence code {', '.join(map(repr, unknown))}",
            _ids(OffenceCode, OffenceCode.code),
        )
    if include_children:
        codes += descendants(codes)
    return list(dict.fromkeys(codes))


def descendants(codes: list[str]) -> list[str]:
    found, frontier = [], list(codes)
    while frontier:
        children = list(
            db_session().scalars(select(OffenceCode.code).where(OffenceCode.parent_code.in_(frontier)))
        )
        found += children
        frontier = children
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


def any_of(*conditions) -> ColumnElement[bool]:
    return or_(*conditions)
