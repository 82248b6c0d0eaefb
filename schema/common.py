"""Pieces shared by several representations: references, periods, dimensions, envelopes, and
the arguments every collection takes. Each renders from the model's own attributes."""

import marshmallow as ma
from marshmallow import fields, validate

from core.models import CaveatKind, OffenceRole, PeriodKind

from .fields import FinancialYear, Gathered, Link, StrictInt, one_of

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE = 100_000


class PageArgsSchema(ma.Schema):
    page = StrictInt(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": f"Page number, from 1 (at most {MAX_PAGE})."},
    )
    page_size = StrictInt(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata={"description": f"Items per page: default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}."},
    )


class PeriodArgsMixin(ma.Schema):
    from_ = fields.Date(
        data_key="from", metadata={"description": "Only items whose period ends on or after this date."}
    )
    to = fields.Date(metadata={"description": "Only items whose period starts on or before this date."})
    financial_year = fields.Str(
        validate=FinancialYear(r"^\d{2}(\d{2})?/\d{2}$", error="write a financial year as 2016/17"),
        metadata={
            "description": "Only items whose period overlaps this financial year (April to March), e.g. 2016/17."
        },
    )


class FormatArgsMixin(ma.Schema):
    """`format=csv` on a JSON list answers what its `.csv` sibling does (/v1/figures.csv), as
    `Accept: text/csv` does. The spec leaves it out of the JSON lists (api/blueprint.py,
    `documented`) and documents CSV at the siblings only, so generated clients type lists as JSON."""

    format = fields.Str(
        validate=validate.OneOf(["json", "csv"]),
        metadata={"description": "json (default) or csv; overrides the Accept header."},
    )


class ReleasedMixin(ma.Schema):
    """Top-level bodies name the data release they were served from, so a newsroom can cite it."""

    release = fields.Str(
        required=True,
        allow_none=True,
        metadata={
            "description": "Id of the data release this was served from (also in the X-Data-Release header); "
            "null before any release is loaded.",
            "example": "e2d0080ac6b4",
        },
    )


class PaginationSchema(ma.Schema):
    page = fields.Int(required=True)
    page_size = fields.Int(required=True)
    total = fields.Int(required=True, metadata={"description": "Items matching the query, on all pages."})
    pages = fields.Int(required=True)


class PageLinksSchema(ma.Schema):
    self = fields.Url(required=True)
    first = fields.Url(required=True)
    last = fields.Url(required=True)
    next = fields.Url(required=True, allow_none=True)
    prev = fields.Url(required=True, allow_none=True)


class ForceRefSchema(ma.Schema):
    id = fields.Str(
        required=True,
        metadata={"example": "suffolk", "description": "police.uk force id, or 'unidentified'."},
    )
    name = fields.Str(required=True)
    ons_code = fields.Str(
        required=True, allow_none=True, metadata={"description": "ONS Police Force Area code."}
    )


class PeriodSchema(ma.Schema):
    start = fields.Date(required=True, metadata={"description": "First day, inclusive."})
    end = fields.Date(required=True, metadata={"description": "Last day, inclusive."})
    label = fields.Str(
        required=True,
        metadata={
            "example": "April 1st 2017 and March 31st 2018",
            "description": "The period as the disclosure wrote it.",
        },
    )
    kind = fields.Str(required=True, validate=one_of(PeriodKind))


def period() -> Gathered:
    """The period of a figure or record, from its period_* columns."""
    paths = {"start": "period_start", "end": "period_end", "label": "period_label", "kind": "period_kind"}
    return Gathered(PeriodSchema, paths, required=True)


class CaveatSchema(ma.Schema):
    id = fields.Str(required=True)
    kind = fields.Str(required=True, validate=one_of(CaveatKind))
    text = fields.Str(required=True)


class DimensionSchema(ma.Schema):
    """A harmonised value beside the label the force wrote."""

    id = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "Harmonised id; null where the label maps to none."},
    )
    label = fields.Str(
        required=True, allow_none=True, metadata={"description": "Our name for the harmonised value."}
    )
    as_written = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "Exactly what the disclosure wrote; null for derived values."},
    )


class AgeBandDimensionSchema(DimensionSchema):
    lower = fields.Int(
        required=True, allow_none=True, metadata={"description": "Youngest age in the band, inclusive."}
    )
    upper = fields.Int(
        required=True,
        allow_none=True,
        metadata={"description": "Oldest age in the band, inclusive; null = open-ended."},
    )


class OffenceDimensionSchema(DimensionSchema):
    role = fields.Str(
        required=True,
        validate=one_of(OffenceRole),
        metadata={
            "description": "counted: the offences the figure counts; linked: an offence they were linked to."
        },
    )
    note = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "How the label was read, where that took a decision."},
    )


class OutcomeDimensionSchema(DimensionSchema):
    framework = fields.Bool(
        required=True, allow_none=True,
        metadata={"description": "True for a Home Office outcome type; false for a legacy label that maps to none."},
    )  # fmt: skip


class SourceTextSchema(ma.Schema):
    """Where a figure or record was read: its quote and line in the stored source document."""

    quote = fields.Str(required=True, metadata={"description": "The source text, verbatim."})
    line = fields.Int(
        required=True,
        allow_none=True,
        attribute="source_line",
        metadata={"description": "Line of the source text where the quote starts."},
    )
    url = Link(
        "/v1/responses/{response_id}/source",
        fragment="L{source_line}",
        metadata={"description": "The stored source document, as plain text."},
    )


class FoiResponseRefSchema(ma.Schema):
    id = fields.Str(required=True)
    reference = fields.Str(required=True, metadata={"description": "The disclosure's reference as written."})
    url = Link("/v1/responses/{id}")
