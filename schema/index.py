"""The API index: where everything is."""

import marshmallow as ma
from marshmallow import fields

from .common import ReleasedMixin
from .fields import Link


class MeasureSchema(ma.Schema):
    id = fields.Str(required=True)
    label = fields.Str(required=True)
    unit = fields.Str(required=True)
    view = Link(
        "/v1/{view}",
        optional=True,
        metadata={
            "description": "The figure collection named for this measure; null for a measure that only "
            "/v1/figures lists (see `figures`)."
        },
    )
    figures = Link("/v1/figures?measure={id}", metadata={"description": "This measure's figures."})
    description = fields.Str(required=True)


class DataVersionSchema(ma.Schema):
    """The release being served (a DataRelease)."""

    release = fields.Str(
        required=True, attribute="id", metadata={"description": "Id of the loaded data release."}
    )
    loaded_at = fields.DateTime(required=True, attribute="created_at")
    content_hash = fields.Str(
        required=True, metadata={"description": "SHA-256 of the seed files, sources and loader code."}
    )


class IndexSchema(ReleasedMixin):
    name = fields.Str(required=True)
    description = fields.Str(required=True)
    version = fields.Str(required=True, metadata={"description": "API version."})
    data_version = fields.Nested(DataVersionSchema, required=True, allow_none=True)
    counts = fields.Dict(
        keys=fields.Str(),
        values=fields.Int(),
        required=True,
        metadata={"description": "Rows loaded, by kind."},
    )
    measures = fields.List(fields.Nested(MeasureSchema), required=True)
    links = fields.Dict(keys=fields.Str(), values=fields.Url(), required=True)
