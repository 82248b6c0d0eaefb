"""The data release every response was served from."""

import marshmallow as ma
from marshmallow import fields


class ReleasedMixin(ma.Schema):
    """Top-level bodies name the data release they were served from, so a newsroom can cite it."""

    release = fields.Str(
        required=True,
        allow_none=True,
        metadata={
            "description": "Id of the data release this was served from (also in the X-Data-Release header); "
            "null before any release is loaded.",
            "example": "e2d0080ac6b4",
        },
    )


class ReleaseSchema(ma.Schema):
    id = fields.Str(required=True)
    created_at = fields.DateTime(required=True, metadata={"description": "When it was loaded (UTC)."})
    content_hash = fields.Str(
        required=True, metadata={"description": "SHA-256 of the seed files, sources and loader code."}
    )
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
    current = fields.Bool(required=True, metadata={"description": "True for the release being served."})


class ReleaseListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(ReleaseSchema), required=True, metadata={"description": "Newest first."})
