"""What the seed-file schemas share: id rules and values written in more than one form."""

import marshmallow as ma
from marshmallow import fields, validate

from core.models import Confidence

from ..fields import one_of

CONFIDENCE = one_of(Confidence)
ID = validate.Regexp(r"^[a-z0-9][a-z0-9.\-]*\Z", error="ids are lower-case letters, digits, '.' and '-'")


class StrOrMapping(fields.Field):
    """A seed value written either as a plain string (a name or an as-written label) or a mapping."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str | dict):
            return value
        raise ma.ValidationError("must be a string or a mapping")


class StrOrList(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str | list):
            return value
        raise ma.ValidationError("must be a string (a named set) or a list")
