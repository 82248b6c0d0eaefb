"""Data releases: each successful load of the seeds."""

import marshmallow as ma
from marshmallow import fields

from .common import ReleasedMixin


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
