"""The code lists: offence codes, platforms, age bands, caveats and outcome types."""

import marshmallow as ma
from marshmallow import fields, validate

from .release import ReleasedMixin

CONFIDENCE = validate.OneOf(["high", "medium", "low"])


class CodeRefSchema(ma.Schema):
    code = fields.Str(required=True)
    title = fields.Str(required=True)


class OffenceCodeSchema(ma.Schema):
    code = fields.Str(required=True, metadata={"description": "Canonical form: 22B, 88A, 71/17, 86/2."})
    title = fields.Str(required=True)
    group = fields.Str(
        required=True, allow_none=True, metadata={"description": "The published statistics' group."}
    )
    umbrella = fields.Bool(required=True, metadata={"description": "A class covering several sub-codes."})
    legislation = fields.Str(required=True, allow_none=True)
    confidence = fields.Str(
        required=True,
        validate=CONFIDENCE,
        metadata={"description": "How sure the code list is of this entry."},
    )
    note = fields.Str(required=True, allow_none=True)
    variants = fields.List(
        fields.Str(), required=True, metadata={"description": "Other ways disclosures write this code."}
    )
    parent = fields.Nested(CodeRefSchema, required=True, allow_none=True)
    children = fields.List(fields.Nested(lambda: OffenceCodeSchema()), required=True)
    links = fields.Dict(keys=fields.Str(), values=fields.Url(), required=True)


class OffenceCodeListSchema(ReleasedMixin):
    data = fields.List(
        fields.Nested(OffenceCodeSchema), required=True,
        metadata={"description": "Top-level codes; sub-codes are nested under `children`."},
    )  # fmt: skip


class PlatformRefSchema(ma.Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)


class PlatformSchema(ma.Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)
    owner = fields.Str(required=True, allow_none=True)
    aliases = fields.List(
        fields.Str(), required=True, metadata={"description": "Names that resolve to this platform."}
    )
    successor = fields.Nested(
        PlatformRefSchema, required=True, allow_none=True, metadata={"description": "What it became."}
    )
    predecessors = fields.List(
        fields.Nested(PlatformRefSchema), required=True, metadata={"description": "What became it."}
    )
    history = fields.Str(required=True, allow_none=True)
    confidence = fields.Str(required=True, validate=CONFIDENCE)
    links = fields.Dict(keys=fields.Str(), values=fields.Url(), required=True)


class PlatformListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(PlatformSchema), required=True)


class AgeBandSchema(ma.Schema):
    id = fields.Str(required=True)
    label = fields.Str(required=True)
    kind = fields.Str(required=True, validate=validate.OneOf(["band", "unknown"]))
    lower = fields.Int(
        required=True, allow_none=True, metadata={"description": "Youngest age in the band, inclusive."}
    )
    upper = fields.Int(
        required=True, allow_none=True, metadata={"description": "Oldest age, inclusive; null = open-ended."}
    )
    aliases = fields.List(
        fields.Str(), required=True, metadata={"description": "Ways forces write this band."}
    )


class AgeBandListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(AgeBandSchema), required=True)
    note = fields.Str(required=True)


class CaveatDetailSchema(ma.Schema):
    id = fields.Str(required=True)
    kind = fields.Str(
        required=True, validate=validate.OneOf(["method", "scope", "quality", "disclosure", "counting"])
    )
    text = fields.Str(required=True)
    figures = fields.Int(required=True, metadata={"description": "How many figures carry it."})
    links = fields.Dict(keys=fields.Str(), values=fields.Url(), required=True)


class CaveatListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(CaveatDetailSchema), required=True)


class OutcomeTypeSchema(ma.Schema):
    id = fields.Str(
        required=True,
        metadata={"description": "'0'-'22' and '1A', or a legacy label id such as legacy-undetected."},
    )
    title = fields.Str(required=True)
    short_label = fields.Str(required=True, allow_none=True)
    framework = fields.Bool(
        required=True, metadata={"description": "False for legacy labels that map to no single type."}
    )
    nearest_type = fields.Str(required=True, allow_none=True)
    introduced = fields.Date(required=True, allow_none=True)
    confidence = fields.Str(required=True, validate=CONFIDENCE)
    aliases = fields.List(fields.Str(), required=True)
    note = fields.Str(required=True, allow_none=True)


class OutcomeTypeListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(OutcomeTypeSchema), required=True)


class OffenceCodeResourceSchema(OffenceCodeSchema, ReleasedMixin):
    """One offence code on its own, with its sub-codes."""


class PlatformResourceSchema(PlatformSchema, ReleasedMixin):
    """One platform on its own."""


class CaveatResourceSchema(CaveatDetailSchema, ReleasedMixin):
    """One caveat on its own."""
