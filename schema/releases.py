"""Data releases: each successful load of the seeds."""

import marshmallow as ma
from marshmallow import fields

from .common import ReleasedMixin
from .fields import Link


class DownloadLink(Link):
    """The release's download: for the release served, null for the others, whose data this server
    no longer holds."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return super().get_value(obj, attr, accessor, default) if obj.current else None


class ReleaseSchema(ma.Schema):
    id = fields.Str(required=True)
    created_at = fields.DateTime(required=True, metadata={"description": "When it was loaded (UTC)."})
    content_hash = fields.Str(
        required=True, metadata={"description": "SHA-256 of the seed files, sources and loader code."}
    )
    counts = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
    current = fields.Bool(required=True, metadata={"description": "True for the release being served."})
    download = DownloadLink(
        "/v1/releases/{id}/download",
        allow_none=True,
        metadata={
            "description": "The release as a zip of CSV files, sources and a datapackage.json; null for a "
            "release no longer served."
        },
    )


class ReleaseListSchema(ReleasedMixin):
    data = fields.List(fields.Nested(ReleaseSchema), required=True, metadata={"description": "Newest first."})
