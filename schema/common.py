"""Pieces shared by several representations: references, periods, dimensions, envelopes, and
the arguments every collection takes."""

import re

import marshmallow as ma
from marshmallow import fields, validate
from webargs.fields import DelimitedList

from core.harmonise import Unresolved, financial_year

MAX_FILTER_VALUES = 20
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_PAGE = 100_000


class IdList(DelimitedList):
    """Several values, comma-separated (`force=a,b`) or repeated (`force=a&force=b`, as generated
    clients send them): both mean the same, and neither loses a value."""

    is_multiple = True  # webargs passes every repeated value, not only the first

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list | tuple):
            if not all(isinstance(v, str) for v in value):
                raise self.make_error("invalid")
            value = self.delimiter.join(value)
        return super()._deserialize(value, attr, data, **kwargs)


class StrictInt(fields.Integer):
    """An integer query parameter in ASCII digits only. Python's int() also reads '١', '２', '1_0',
    ' 2' and '+2'; a client sending those has a bug we should report, not guess around."""

    # A minus is read so that page=-1 gets the range's "at least 1" rather than "not an integer".
    ASCII_DIGITS = re.compile(r"-?[0-9]+")
    default_error_messages = {"invalid": "Not a valid integer: write it in the digits 0-9 only, such as 2."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not self.ASCII_DIGITS.fullmatch(value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class FinancialYear(validate.Regexp):
    """The shape (documented as the spec's `pattern`), then the same check the seeds get, so a
    year outside the ones served (9999/00) is a 400 naming financial_year."""

    def __call__(self, value: str) -> str:
        super().__call__(value)
        try:
            financial_year(value)
        except Unresolved as exc:
            raise ma.ValidationError(str(exc)) from None
        return value


def id_list(description: str, choices: list[str] | None = None) -> IdList:
    """A filter taking one or more values (at most MAX_FILTER_VALUES)."""
    validators = [validate.Length(min=1, max=100)] + ([validate.OneOf(choices)] if choices else [])
    return IdList(
        fields.Str(validate=validators),
        validate=validate.Length(
            min=1,
            max=MAX_FILTER_VALUES,
            error=f"give between 1 and {MAX_FILTER_VALUES} values (an empty filter is an error)",
        ),
        metadata={
            "description": f"{description} Several values: comma-separated or repeated (any of them matches)."
        },
    )


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
    kind = fields.Str(required=True, validate=validate.OneOf(["financial_year", "calendar_year", "range"]))


class CaveatSchema(ma.Schema):
    id = fields.Str(required=True)
    kind = fields.Str(
        required=True, validate=validate.OneOf(["method", "scope", "quality", "disclosure", "counting"])
    )
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
        validate=validate.OneOf(["counted", "linked"]),
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
    quote = fields.Str(required=True, metadata={"description": "The source text, verbatim."})
    line = fields.Int(
        required=True,
        allow_none=True,
        metadata={"description": "Line of the source text where the quote starts."},
    )
    url = fields.Url(required=True, metadata={"description": "The stored source document, as plain text."})


class FoiResponseRefSchema(ma.Schema):
    id = fields.Str(required=True)
    reference = fields.Str(required=True, metadata={"description": "The disclosure's reference as written."})
    url = fields.Url(required=True)
