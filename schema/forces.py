"""Police forces."""

import marshmallow as ma
from marshmallow import fields, validate

from .release import ReleasedMixin


class ForceLinksSchema(ma.Schema):
    self = fields.Url(required=True)
    responses = fields.Url(required=True)
    figures = fields.Url(required=True)


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
    kind = fields.Str(required=True, validate=validate.OneOf(["territorial", "special", "unidentified"]))
    note = fields.Str(required=True, allow_none=True)
    counts = fields.Dict(
        keys=fields.Str(),
        values=fields.Int(),
        required=True,
        metadata={"description": "responses and figures."},
    )
    links = fields.Nested(ForceLinksSchema, required=True)


class ForceListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(ForceSchema), required=True)


class ForceResourceSchema(ForceSchema, ReleasedMixin):
    """One force on its own."""
