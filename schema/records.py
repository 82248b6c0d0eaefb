"""Disclosed records: one crime record a force listed, each field as written and harmonised."""

import marshmallow as ma
from marshmallow import fields

from .common import (
    CaveatSchema,
    DimensionSchema,
    FoiResponseRefSchema,
    ForceRefSchema,
    FormatArgsMixin,
    OutcomeDimensionSchema,
    PageArgsSchema,
    PageLinksSchema,
    PaginationSchema,
    PeriodArgsMixin,
    ReleasedMixin,
    SourceTextSchema,
    period,
)
from .fields import Itself, harmonised, id_list


class RecordOffenceSchema(DimensionSchema):
    note = fields.Str(required=True, allow_none=True, metadata={"description": "How the label was read."})


class VictimSchema(ma.Schema):
    age = fields.Int(required=True, allow_none=True, attribute="victim_age")
    age_as_written = fields.Str(required=True, allow_none=True, attribute="victim_age_as_written")
    gender = harmonised(
        DimensionSchema, id="victim_gender_id", label="gender.label", as_written="victim_gender_as_written"
    )


class RecordSchema(ma.Schema):
    id = fields.Str(required=True)
    response = fields.Nested(FoiResponseRefSchema, required=True)
    question = fields.Str(required=True, attribute="question_number")
    force = fields.Nested(ForceRefSchema, required=True)
    period = period()
    offence = harmonised(
        RecordOffenceSchema, id="offence_code", label="offence.title", as_written="offence_as_written",
        note="offence_note",
    )  # fmt: skip
    outcome = harmonised(
        OutcomeDimensionSchema, id="outcome_id", label="outcome.title", as_written="outcome_as_written",
        framework="outcome.framework",
    )  # fmt: skip
    platform = harmonised(
        DimensionSchema, id="platform_id", label="platform.name", as_written="platform_as_written",
        metadata={"description": "The platform heading the force listed the record under."},
    )  # fmt: skip
    victim = Itself(VictimSchema, required=True)
    description = fields.Str(required=True, allow_none=True)
    caveats = fields.List(
        fields.Nested(CaveatSchema),
        required=True,
        metadata={"description": "Its table's caveats, then its response's."},
    )
    source = Itself(SourceTextSchema, required=True)


class RecordQueryArgsSchema(PageArgsSchema, PeriodArgsMixin):
    response = id_list("Response ids.")
    force = id_list("Force ids.")
    platform = id_list("Platform ids or aliases.")
    offence = id_list("Offence codes in any written form.")
    include_children = fields.Bool(
        load_default=False, metadata={"description": "With offence: include sub-codes."}
    )
    outcome = id_list("Outcome type ids (see /v1/outcome-types).")


class RecordListArgsSchema(RecordQueryArgsSchema, FormatArgsMixin):
    """What the JSON list of records takes: the query, and `format` (see FormatArgsMixin)."""


class RecordResourceSchema(RecordSchema, ReleasedMixin):
    """One record on its own."""


class RecordPageSchema(ReleasedMixin):
    data = fields.List(fields.Nested(RecordSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    links = fields.Nested(PageLinksSchema, required=True)
