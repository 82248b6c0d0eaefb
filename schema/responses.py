"""Responses: one FOI disclosure each, as the responding body issued it."""

import marshmallow as ma
from marshmallow import fields, validate

from .common import CaveatSchema, ForceRefSchema, PageArgsSchema, PageLinksSchema, PaginationSchema, id_list
from .release import ReleasedMixin


class DatedSchema(ma.Schema):
    date = fields.Date(required=True)
    precision = fields.Str(
        required=True, validate=validate.OneOf(["day", "month"]),
        metadata={"description": "month: the letter gives only the month (date is then the 1st)."},
    )  # fmt: skip


class QuestionSchema(ma.Schema):
    number = fields.Str(required=True)
    text = fields.Str(required=True, metadata={"description": "The question, verbatim."})


class ExemptionSchema(ma.Schema):
    section = fields.Str(required=True, metadata={"description": "FOI Act section, e.g. 40(2)."})
    title = fields.Str(required=True)
    covers = fields.Str(required=True, metadata={"description": "What it was applied to, in our words."})
    quote = fields.Str(required=True, metadata={"description": "The force's words, verbatim."})


class SourceDocumentSchema(ma.Schema):
    file = fields.Str(
        required=True, metadata={"description": "The stored copy's file name in seeds/sources/."}
    )
    sha256 = fields.Str(required=True)
    url = fields.Url(required=True, metadata={"description": "The stored text, as text/plain."})


class FoiResponseLinksSchema(ma.Schema):
    self = fields.Url(required=True)
    source = fields.Url(required=True)
    figures = fields.Url(required=True)
    records = fields.Url(required=True)


class FoiResponseSummarySchema(ma.Schema):
    id = fields.Str(required=True)
    reference = fields.Str(required=True, metadata={"description": "The reference as written in the letter."})
    title = fields.Str(required=True)
    responding_body = fields.Str(required=True)
    forces = fields.List(
        fields.Nested(ForceRefSchema), required=True, metadata={"description": "The forces it reports for."}
    )
    responded = fields.Nested(DatedSchema, required=True, allow_none=True)
    links = fields.Nested(FoiResponseLinksSchema, required=True)


class FoiResponseSchema(FoiResponseSummarySchema, ReleasedMixin):
    attribution_note = fields.Str(
        required=True, allow_none=True, metadata={"description": "Why the figures belong to these forces."}
    )
    received = fields.Nested(DatedSchema, required=True, allow_none=True)
    data_as_of = fields.Date(required=True, allow_none=True)
    recording_system = fields.Str(required=True, allow_none=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)
    method = fields.Str(
        required=True,
        allow_none=True,
        metadata={"description": "The search method, as the letter describes it."},
    )
    exemptions = fields.List(fields.Nested(ExemptionSchema), required=True)
    caveats = fields.List(
        fields.Nested(CaveatSchema), required=True, metadata={"description": "Caveats on every figure of it."}
    )
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
    source = fields.Nested(SourceDocumentSchema, required=True)


class FoiResponseQueryArgsSchema(PageArgsSchema):
    force = id_list("Only responses reporting for these force ids.")


class FoiResponsePageSchema(ReleasedMixin):
    data = fields.List(fields.Nested(FoiResponseSummarySchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    links = fields.Nested(PageLinksSchema, required=True)
