"""Turn validated query arguments into SQL conditions, resolving what users type the way the
loader resolves what forces wrote: platform aliases, offence code variants, financial years.

A value that resolves to nothing is a 400 naming the parameter and listing the allowed values,
never an empty (or unfiltered) result. The code lists are read once per release and worker
into the resolver the loader uses too (`resolver()`, core/code_lists.py), since they only change
when a release is loaded.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_smorest import abort
from sqlalchemy import ColumnElement, and_, select

from core.code_lists import (
    ID_COLUMNS,
    SINGLE_YEAR,
    CodeListResolver,
    label_spellings,
    offence_children,
    variant_key,
)
from core.harmonise import Unresolved, financial_year, label_key
from core.models import (
    BREAKDOWN_DIMENSIONS,
    AgeBand,
    Disclosure,
    Gender,
    OffenceCode,
    OffenceCodeVariant,
    OutcomeType,
    PlatformAlias,
    breakdown_key,
)

from .database import db_session
from .releases import loaded_release


def _load_resolver() -> CodeListResolver:
    session = db_session()

    def ids(column) -> list[str]:
        return list(session.scalars(select(column).order_by(column)))

    def label_aliases(model) -> dict[str, str]:
        return {label_key(s): row.id for row in session.scalars(select(model)) for s in label_spellings(row)}

    variants = session.execute(select(OffenceCodeVariant.variant, OffenceCodeVariant.code))
    return CodeListResolver(
        ids={"response": ids(Disclosure.id), **{name: ids(column) for name, column in ID_COLUMNS.items()}},
        offence_variants={variant_key(variant): code for variant, code in variants},
        offence_children=offence_children(session.execute(select(OffenceCode.code, OffenceCode.parent_code))),
        platform_aliases=dict(session.execute(select(PlatformAlias.key, PlatformAlias.platform_id)).all()),
        outcome_aliases=label_aliases(OutcomeType),
        age_band_aliases=label_aliases(AgeBand),
        gender_aliases=label_aliases(Gender),
        canonical_age_bands=list(session.scalars(select(AgeBand.id).where(AgeBand.kind != SINGLE_YEAR))),
    )


def resolver() -> CodeListResolver:
    """The code lists of this request's release, read once per release (api/releases.py)."""
    return loaded_release().derived("code_lists", _load_resolver)


def bad_parameter(name: str, message: str, allowed: list[str] | None = None, status: int = 400):
    entry = {"in": "query", "name": name, "messages": [message]}
    if allowed is not None:
        entry["allowed"] = allowed
    abort(status, message=message, parameter_errors=[entry])


def hint(name: str, unknown: list[str]) -> str:
    """ "; did you mean 'snapchat'?" for the first unknown value that is close to an id."""
    return resolver().did_you_mean(name, unknown[0]) if unknown else ""


def known(name: str, values: list[str]) -> list[str]:
    """The values, each checked to be an id the filter `name` takes."""
    if not values:
        return values
    unknown = resolver().unknown(name, values)
    if unknown:
        bad_parameter(
            name, f"unknown {name} {', '.join(map(repr, unknown))}{hint(name, unknown)}", resolver().ids[name]
        )
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
    unknown = resolver().unknown("age_band", values)
    if unknown:
        bad_parameter(
            "age_band",
            f"unknown age_band {', '.join(map(repr, unknown))}; single years of age are '0' to '99'",
            resolver().canonical_age_bands,
        )
    return values


def breakdowns(values: list[str]) -> list[str]:
    """Breakdowns as figures store them: "none" is "" (a total), "age_band+gender" (or with a
    space, as a '+' in a URL reads) the dimensions in their fixed order."""
    keys = []
    for value in values:
        dimensions = [] if value.strip().lower() == "none" else re.split(r"[+\s]+", value.strip())
        if unknown := [d for d in dimensions if d not in BREAKDOWN_DIMENSIONS]:
            bad_parameter(
                "breakdown",
                f"unknown breakdown dimension {', '.join(map(repr, unknown))}: give none, or dimensions joined by '+'",
                ["none", *BREAKDOWN_DIMENSIONS],
            )
        keys.append(breakdown_key(dimensions))
    return keys


def platform_id(value: str) -> str | None:
    """The platform an id or alias names, ignoring case, spaces and punctuation."""
    try:
        return resolver().platform(value, or_id=True)
    except Unresolved:
        return None


def platforms(values: list[str]) -> list[str]:
    resolved = [platform_id(v) for v in values]
    unknown = [v for v, r in zip(values, resolved, strict=True) if r is None]
    if unknown:
        bad_parameter(
            "platform",
            f"unknown platform {', '.join(map(repr, unknown))}{hint('platform', unknown)}",
            resolver().ids["platform"],
        )
    return resolved


def offence_code(value: str) -> str | None:
    """The canonical code for any written variant (`086/02`, `7117`), or None if there is none."""
    try:
        return resolver().offence_code(value)
    except Unresolved:
        return None


def offences(values: list[str], include_children: bool) -> list[str]:
    codes, unknown = [], []
    for value in values:
        code = offence_code(value)
        (codes if code else unknown).append(code or value)
    if unknown:
        bad_parameter(
            "offence",
            f"unknown offence code {', '.join(map(repr, unknown))}{hint('offence', unknown)}",
            resolver().ids["offence"],
        )
    if include_children:
        codes += resolver().descendants(codes)
    return list(dict.fromkeys(codes))


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
