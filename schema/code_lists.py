"""The code lists: forces, offence codes, platforms, age bands, caveats and outcome types."""

import marshmallow as ma
from marshmallow import fields, validate

from core.models import AgeBandKind, CaveatKind, Confidence, ForceKind

from .common import ReleasedMixin
from .fields import Counts, Itself, Link, Links, SortedValues, one_of

CONFIDENCE = one_of(Confidence)

# --- forces --------------------------------------------------------------------------------------


class ForceLinksSchema(ma.Schema):
    self = Link("/v1/forces/{id}")
    responses = Link("/v1/responses?force={id}")
    figures = Link("/v1/figures?force={id}")


class ForceSchema(ma.Schema):
    id = fields.Str(
        required=True,
        metadata={"description": "police.uk force id; 'unidentified' for a letter naming no force."},
    )
    name = fields.Str(required=True)
    ons_code = fields.Str(
        required=True, allow_none=True, metadata={"description": "ONS Police Force Area code (E23…, W15…)."}
    )
    ons_name = fields.Str(
        required=True, allow_none=True, metadata={"description": "ONS Police Force Area name."}
    )
    kind = fields.Str(required=True, validate=one_of(ForceKind))
    note = fields.Str(required=True, allow_none=True)
    counts = Counts(
        {"responses": "response_count", "figures": "figure_count"},
        metadata={"description": "responses and figures."},
    )
    links = Itself(ForceLinksSchema, required=True)


class ForceListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(ForceSchema), required=True)


class ForceResourceSchema(ForceSchema, ReleasedMixin):
    """One force on its own."""


# --- offence codes -------------------------------------------------------------------------------


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
    variants = SortedValues(
        "variants", "variant", metadata={"description": "Other ways disclosures write this code."}
    )
    parent = fields.Nested(CodeRefSchema, required=True, allow_none=True)
    children = fields.List(fields.Nested(lambda: OffenceCodeSchema()), required=True)
    links = Links(
        {
            "self": "/v1/offence-codes/{code}",
            "figures": "/v1/figures?offence={code}&include_children=true",
            "records": "/v1/records?offence={code}&include_children=true",
        }
    )


class OffenceCodeListSchema(ReleasedMixin):
    data = fields.List(
        fields.Nested(OffenceCodeSchema), required=True,
        metadata={"description": "Top-level codes; sub-codes are nested under `children`."},
    )  # fmt: skip


class OffenceCodeResourceSchema(OffenceCodeSchema, ReleasedMixin):
    """One offence code on its own, with its sub-codes."""


# --- platforms -----------------------------------------------------------------------------------


class PlatformRefSchema(ma.Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)


class PlatformSchema(ma.Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)
    owner = fields.Str(required=True, allow_none=True)
    aliases = SortedValues(
        "aliases", "alias", metadata={"description": "Names that resolve to this platform."}
    )
    successor = fields.Nested(
        PlatformRefSchema, required=True, allow_none=True, metadata={"description": "What it became."}
    )
    predecessors = fields.List(
        fields.Nested(PlatformRefSchema), required=True, metadata={"description": "What became it."}
    )
    history = fields.Str(required=True, allow_none=True)
    confidence = fields.Str(required=True, validate=CONFIDENCE)
    links = Links(
        {
            "self": "/v1/platforms/{id}",
            "figures": "/v1/platform-mentions?platform={id}",
            "records": "/v1/records?platform={id}",
        }
    )


class PlatformListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(PlatformSchema), required=True)


class PlatformResourceSchema(PlatformSchema, ReleasedMixin):
    """One platform on its own."""


# --- age bands -----------------------------------------------------------------------------------


class AgeBandSchema(ma.Schema):
    id = fields.Str(required=True)
    label = fields.Str(required=True)
    kind = fields.Str(
        required=True, validate=validate.OneOf([AgeBandKind.BAND.value, AgeBandKind.UNKNOWN.value])
    )
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


# --- caveats -------------------------------------------------------------------------------------


class CaveatDetailSchema(ma.Schema):
    id = fields.Str(required=True)
    kind = fields.Str(required=True, validate=one_of(CaveatKind))
    text = fields.Str(required=True)
    figures = fields.Int(
        required=True, attribute="figure_count", metadata={"description": "How many figures carry it."}
    )
    links = Links({"self": "/v1/caveats/{id}", "figures": "/v1/figures?caveat={id}"})


class CaveatListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(CaveatDetailSchema), required=True)


class CaveatResourceSchema(CaveatDetailSchema, ReleasedMixin):
    """One caveat on its own."""


# --- outcome types -------------------------------------------------------------------------------


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
