"""The code-list seed files under `seeds/reference/`: forces, offence codes, outcome types,
platforms, age bands, genders, caveats and measures."""

import marshmallow as ma
from marshmallow import fields, validate

from core.models import MEASURE_VIEWS, AgeBandKind, CaveatKind, ForceKind

from ..fields import one_of
from .common import CONFIDENCE, ID


class ForceSchema(ma.Schema):
    id = fields.Str(required=True, validate=ID)
    name = fields.Str(required=True)
    ons_code = fields.Str(load_default=None, allow_none=True, validate=validate.Regexp(r"^[EW]\d{8}\Z"))
    ons_name = fields.Str(load_default=None, allow_none=True)
    kind = fields.Str(required=True, validate=one_of(ForceKind))
    note = fields.Str(load_default=None)


class ForcesFileSchema(ma.Schema):
    forces = fields.List(fields.Nested(ForceSchema), required=True)


class OffenceCodeSchema(ma.Schema):
    code = fields.Str(required=True)
    title = fields.Str(required=True)
    group = fields.Str(load_default=None)
    parent = fields.Str(load_default=None)
    umbrella = fields.Bool(load_default=False)
    legislation = fields.Str(load_default=None)
    confidence = fields.Str(required=True, validate=CONFIDENCE)
    variants = fields.List(fields.Str(), load_default=list)
    note = fields.Str(load_default=None)


class OffenceCodesFileSchema(ma.Schema):
    codes = fields.List(fields.Nested(OffenceCodeSchema), required=True)


class OutcomeSchema(ma.Schema):
    id = fields.Str(required=True)
    title = fields.Str(required=True)
    short_label = fields.Str(load_default=None)
    framework = fields.Bool(load_default=True)
    nearest_type = fields.Str(load_default=None)
    introduced = fields.Date(load_default=None)
    confidence = fields.Str(required=True, validate=CONFIDENCE)
    aliases = fields.List(fields.Str(), load_default=list)
    note = fields.Str(load_default=None)


class OutcomesFileSchema(ma.Schema):
    outcomes = fields.List(fields.Nested(OutcomeSchema), required=True)


class PlatformSchema(ma.Schema):
    id = fields.Str(required=True, validate=ID)
    name = fields.Str(required=True)
    owner = fields.Str(load_default=None)
    successor = fields.Str(load_default=None)
    history = fields.Str(load_default=None)
    confidence = fields.Str(required=True, validate=CONFIDENCE)
    aliases = fields.List(fields.Str(), required=True, validate=validate.Length(min=1))


class PlatformsFileSchema(ma.Schema):
    platforms = fields.List(fields.Nested(PlatformSchema), required=True)


class AgeBandSchema(ma.Schema):
    id = fields.Str(required=True)
    label = fields.Str(required=True)
    kind = fields.Str(
        load_default=AgeBandKind.BAND.value,
        validate=validate.OneOf([AgeBandKind.BAND.value, AgeBandKind.UNKNOWN.value]),
    )
    lower = fields.Int(required=True, allow_none=True, validate=validate.Range(min=0))
    upper = fields.Int(required=True, allow_none=True, validate=validate.Range(min=0))
    aliases = fields.List(fields.Str(), load_default=list)


class SingleYearsSchema(ma.Schema):
    from_ = fields.Int(required=True, data_key="from", validate=validate.Range(min=0))
    to = fields.Int(required=True, validate=validate.Range(max=120))


class AgeBandsFileSchema(ma.Schema):
    bands = fields.List(fields.Nested(AgeBandSchema), required=True)
    single_years = fields.Nested(SingleYearsSchema, required=True)


class GenderSchema(ma.Schema):
    id = fields.Str(required=True, validate=ID)
    label = fields.Str(required=True)
    aliases = fields.List(fields.Str(), load_default=list)


class GendersFileSchema(ma.Schema):
    genders = fields.List(fields.Nested(GenderSchema), required=True)


class CaveatSchema(ma.Schema):
    id = fields.Str(required=True, validate=ID)
    kind = fields.Str(required=True, validate=one_of(CaveatKind))
    text = fields.Str(required=True)


class CaveatsFileSchema(ma.Schema):
    caveats = fields.List(fields.Nested(CaveatSchema), required=True)


class CitationTemplateSchema(ma.Schema):
    with_value = fields.Str(required=True)
    subject = fields.Str(required=True)


class MeasureSchema(ma.Schema):
    id = fields.Str(required=True, validate=validate.Regexp(r"^[a-z_]+\Z"))
    label = fields.Str(required=True)
    unit = fields.Str(required=True)
    # A measure's own collection, if it has one; every measure is listed by /v1/figures.
    view = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(MEASURE_VIEWS))
    description = fields.Str(required=True)
    citation = fields.Nested(CitationTemplateSchema, required=True)


class MeasuresFileSchema(ma.Schema):
    measures = fields.List(fields.Nested(MeasureSchema), required=True)
