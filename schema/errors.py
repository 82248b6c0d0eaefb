"""The problem+json error body (RFC 9457), documented once for every error response."""

import marshmallow as ma
from marshmallow import fields


class ParameterErrorSchema(ma.Schema):
    in_ = fields.Str(data_key="in", metadata={"description": "Where the parameter was: query or path."})
    name = fields.Str(allow_none=True, metadata={"description": "The parameter that was rejected."})
    messages = fields.List(fields.Str(), metadata={"description": "Why it was rejected."})
    allowed = fields.List(fields.Str(), metadata={"description": "The values (or parameters) accepted here."})


class ProblemSchema(ma.Schema):
    type = fields.Str(
        metadata={"description": "A URI for the kind of problem; about:blank for plain HTTP errors."}
    )
    title = fields.Str(metadata={"description": "The HTTP status phrase."})
    status = fields.Int(metadata={"description": "The HTTP status code."})
    detail = fields.Str(metadata={"description": "What went wrong and how to fix it."})
    instance = fields.Str(metadata={"description": "The path and query that caused the problem."})
    release = fields.Str(metadata={"description": "The data release being served, where one is loaded."})
    errors = fields.List(
        fields.Nested(ParameterErrorSchema), metadata={"description": "One entry per rejected parameter."}
    )
