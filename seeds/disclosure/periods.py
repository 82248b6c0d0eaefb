"""Periods a figure or record covers: named under `periods`, or written out where they are used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import marshmallow as ma

from core.harmonise import Unresolved, calendar_year, financial_year, period_slug
from schema.seed_files.disclosures import PeriodSchema

from .context import DisclosureContext

PERIOD_SCHEMA = PeriodSchema()  # made once: building a schema costs more than loading with it


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str
    kind: str

    @property
    def slug(self) -> str:
        return period_slug(self.start, self.end, self.kind)

    def columns(self) -> dict:
        """The period as the four columns figures and records store it in."""
        return {
            "period_start": self.start,
            "period_end": self.end,
            "period_label": self.label,
            "period_kind": self.kind,
        }


def named_periods(ctx: DisclosureContext) -> dict[str, Period | None]:
    return {name: read_period(ctx, p, f"periods.{name}") for name, p in ctx.spec["periods"].items()}


def read_period(
    ctx: DisclosureContext, spec: dict | str, where: str, from_table: bool = False
) -> Period | None:
    """The period a name or a written-out spec stands for; None (reported) if it has none. A
    label a seed file writes must occur in the document; one read from a table row does."""
    if isinstance(spec, str):
        if spec not in ctx.periods:
            ctx.report(where, f"unknown period '{spec}' (define it under `periods`)")
            return None
        return ctx.periods[spec]
    try:
        spec = PERIOD_SCHEMA.load(spec)
        start, end = _dates(spec)
    except (ma.ValidationError, ValueError) as exc:  # ValueError: a date out of range (9999/00)
        ctx.report(where, f"period: {getattr(exc, 'messages', exc)}")
        return None
    if start > end:
        ctx.report(where, "period starts after it ends")
    if not from_table:
        ctx.check_as_written(spec["label"], f"{where}.label")
    return Period(start, end, spec["label"], spec["kind"])


def _dates(spec: dict) -> tuple[dt.date, dt.date]:
    if spec["start"] and spec["end"]:
        return spec["start"], spec["end"]
    if spec["kind"] == "financial_year":
        return financial_year(spec["label"])
    if spec["kind"] == "calendar_year":
        return calendar_year(spec["label"])
    raise Unresolved("a range needs explicit `start` and `end` dates")
