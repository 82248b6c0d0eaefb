"""Disclosed records: one crime record a force listed, each field as written and harmonised."""

import marshmallow as ma
from marshmallow import fields

from .common import (
    DimensionSchema,
    FoiResponseRefSchema,
    ForceRefSchema,
    OutcomeDimensionSchema,
    PageArgsSchema,
    PageLinksSchema,
    PaginationSchema,
    PeriodArgsMixin,
    PeriodSchema,
    SourceTextSchema,
    id_list,
)
from .release import ReleasedMixin


class RecordOffenceSchema(DimensionSchema):
    note = fields.Str(required=True, allow_none=True, metadata={"description": "How the label was read."})


class VictimSchema(ma.Schema):
    age = fields.Int(required=True, allow_none=True)
    age_as_written = fields.Str(required=True, allow_none=True)
    gender = fields.Nested(DimensionSchema, required=True, allow_none=True)


class RecordSchema(ma.Schema):
    id = fields.Str(required=True)
    response = fields.Nested(FoiResponseRefSchema, required=True)
    question = fields.Str(required=True)
    force = fields.Nested(ForceRefSchema, required=True)
    period = fields.Nested(PeriodSchema, required=True)
    offence = fields.Nested(RecordOffenceSchema, required=True, allow_none=True)
    outcome = fields.Nested(OutcomeDimensionSchema, required=True, allow_none=True)
    platform = fields.Nested(
        DimensionSchema, required=True, allow_none=True,
        metadata={"description": "The platform heading the force listed the record under."},
    )  # fmt: skip
    victim = fields.Nested(VictimSchema, required=True)
    description = fields.Str(required=True, allow_none=True)
    source = fields.Nested(SourceTextSchema, required=True)


class RecordQueryArgsSchema(PageArgsSchema, PeriodArgsMixin):
    response = id_list("Response ids.")
    force = id_list("Force ids.")
    platform = id_list("Platform ids or aliases.")
    offence = id_list("Offence codes in any written form.")
    include_children = fields.Bool(
        load_default=False, metadata={"description": "With offence: include sub-codes."}
    )
    outcome = id_list("Outcome type ids (see /v1/outcome-types).")


class RecordPageSchema(ReleasedMixin):
    data = fields.List(fields.Nested(RecordSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    links = fields.Nested(PageLinksSchema, required=True)
