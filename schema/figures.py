"""The figure representation: one observation with its caveats and provenance embedded."""

import marshmallow as ma
from marshmallow import fields, validate

from api.models import FigureStatus

from .common import (
    AgeBandDimensionSchema,
    CaveatSchema,
    DimensionSchema,
    ForceRefSchema,
    OffenceDimensionSchema,
    PageArgsSchema,
    PageLinksSchema,
    PaginationSchema,
    PeriodSchema,
)

STATUSES = [s.value for s in FigureStatus]


class DimensionsSchema(ma.Schema):
    offences = fields.List(fields.Nested(OffenceDimensionSchema), required=True)
    platform = fields.Nested(DimensionSchema, required=True, allow_none=True)
    age_band = fields.Nested(AgeBandDimensionSchema, required=True, allow_none=True)
    gender = fields.Nested(DimensionSchema, required=True, allow_none=True)


class SourceSchema(ma.Schema):
    response_id = fields.Str(required=True)
    reference = fields.Str(required=True, metadata={"description": "The disclosure's reference as written."})
    question = fields.Str(
        required=True, metadata={"description": "Number of the question this figure answers."}
    )
    question_text = fields.Str(required=True, metadata={"description": "The question, verbatim."})
    quote = fields.Str(
        required=True, metadata={"description": "The source text the figure was read from, verbatim."}
    )
    line = fields.Int(
        required=True,
        allow_none=True,
        metadata={"description": "Line of the source text where the quote starts."},
    )
    url = fields.Url(required=True, metadata={"description": "The stored source document, as plain text."})


class DerivedFromSchema(ma.Schema):
    derivation = fields.Str(required=True)
    method = fields.Str(required=True)
    records = fields.List(fields.Str(), metadata={"description": "Ids of the disclosed records counted."})
    figures = fields.List(fields.Str(), metadata={"description": "Ids of the reported figures summed."})


class FigureSchema(ma.Schema):
    id = fields.Str(required=True)
    measure = fields.Str(
        required=True, metadata={"description": "What is counted; see the measures in /v1/."}
    )
    value = fields.Int(
        required=True,
        allow_none=True,
        metadata={"description": "Null whenever status says there is no value."},
    )
    value_as_written = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": 'What the force wrote, e.g. "-", "NIL RETURN", "3".'},
    )
    unit = fields.Str(required=True)
    status = fields.Str(
        required=True,
        validate=validate.OneOf(STATUSES),
        metadata={
            "description": (
                "reported: stated by the force; nil_return: the force answered NIL RETURN; "
                "withheld: held but withheld under an exemption; "
                "not_in_document: given in an enclosure not published; "
                "not_found: asked about but absent from the force's own review; "
                "not_given: asked about but not stated in the answer; "
                "derived: computed by foi-stats from disclosed rows (see derived_from)."
            )
        },
    )
    exemption = fields.Str(
        required=True, allow_none=True, metadata={"description": "FOI Act section, for withheld figures."}
    )
    force = fields.Nested(ForceRefSchema, required=True)
    period = fields.Nested(PeriodSchema, required=True)
    dimensions = fields.Nested(DimensionsSchema, required=True)
    caveats = fields.List(
        fields.Nested(CaveatSchema), required=True, metadata={"description": "Most important first."}
    )
    note = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "How we read the figure, where that took a decision."},
    )
    source = fields.Nested(SourceSchema, required=True)
    derived_from = fields.Nested(DerivedFromSchema, required=True, allow_none=True)


class FigureQueryArgsSchema(PageArgsSchema):
    response = fields.Str(metadata={"description": "Only figures from this response (disclosure) id."})
    force = fields.Str(metadata={"description": "Only figures for this force id."})
    measure = fields.Str(metadata={"description": "Only figures of this measure."})
    status = fields.Str(
        validate=validate.OneOf(STATUSES), metadata={"description": "Only figures with this status."}
    )


class FigurePageSchema(ma.Schema):
    data = fields.List(fields.Nested(FigureSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    links = fields.Nested(PageLinksSchema, required=True)
