"""Periods a figure or record covers: named under `periods`, or written out where they are used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

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
        period = _written(spec)
    except (ma.ValidationError, ValueError) as exc:  # ValueError: a date out of range (9999/00)
        ctx.report(where, f"period: {getattr(exc, 'messages', exc)}")
        return None
    if period.start > period.end:
        ctx.report(where, "period starts after it ends")
    if not from_table:
        ctx.check_as_written(spec["label"], f"{where}.label")
    return period


def label_period(ctx: DisclosureContext, label: str, kind: str, where: str) -> Period | None:
    """The period a label stands for, as each row of a table writes it: read once per label and
    kind, and through read_period (which reports it) when it has a problem."""
    try:
        period = _labelled(label, kind)
    except (ma.ValidationError, ValueError):
        period = None
    if period is None or period.start > period.end:
        return read_period(ctx, {"label": label, "kind": kind}, where, from_table=True)
    return period


@lru_cache(maxsize=4096)
def _labelled(label: str, kind: str) -> Period:
    return _written({"label": label, "kind": kind})


def _written(spec: dict) -> Period:
    spec = PERIOD_SCHEMA.load(spec)
    start, end = _dates(spec)
    return Period(start, end, spec["label"], spec["kind"])


def _dates(spec: dict) -> tuple[dt.date, dt.date]:
    if spec["start"] and spec["end"]:
        return spec["start"], spec["end"]
    if spec["kind"] == "financial_year":
        return financial_year(spec["label"])
    if spec["kind"] == "calendar_year":
        return calendar_year(spec["label"])
    raise Unresolved("a range needs explicit `start` and `end` dates")
