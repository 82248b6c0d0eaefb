"""The seed-file schemas' patterns match whole values: a trailing line break (which `$` lets
through) never makes an id, a measure, an ONS code or a text hash."""

from __future__ import annotations

import marshmallow as ma
import pytest

from schema.seed_files.common import ID
from schema.seed_files.disclosures import DocumentSpecSchema
from schema.seed_files.reference import ForceSchema, MeasureSchema


def test_an_id_with_a_trailing_line_break_is_refused():
    ID("norfolk-foi-000763-16")
    with pytest.raises(ma.ValidationError):
        ID("norfolk-foi-000763-16\n")


@pytest.mark.parametrize(
    ("schema", "member", "good"),
    [
        (MeasureSchema, "id", "arrests"),
        (ForceSchema, "ons_code", "E23000024"),
        (DocumentSpecSchema, "text_sha256", "0" * 64),
    ],
)
def test_each_pattern_refuses_a_trailing_line_break(schema, member, good):
    field = schema().fields[member]
    field.deserialize(good)
    with pytest.raises(ma.ValidationError):
        field.deserialize(good + "\n")
