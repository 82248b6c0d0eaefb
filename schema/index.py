"""The API index: where everything is."""

import marshmallow as ma
from marshmallow import fields


class MeasureSchema(ma.Schema):
    id = fields.Str(required=True)
    label = fields.Str(required=True)
    unit = fields.Str(required=True)
    description = fields.Str(required=True)


class IndexSchema(ma.Schema):
    name = fields.Str(required=True)
    description = fields.Str(required=True)
    version = fields.Str(required=True, metadata={"description": "API version."})
    counts = fields.Dict(
        keys=fields.Str(),
        values=fields.Int(),
        required=True,
        metadata={"description": "Rows loaded, by kind."},
    )
    measures = fields.List(fields.Nested(MeasureSchema), required=True)
    links = fields.Dict(keys=fields.Str(), values=fields.Url(), required=True)
