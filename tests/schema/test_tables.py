"""The representations as flat tables (schema/tables.py): columns from a schema, a row's cells,
and the Table Schema a download describes its CSV files with."""

from __future__ import annotations

import marshmallow as ma
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import fields, validate

from schema.code_lists import ForceSchema
from schema.figures import FIGURE
from schema.records import RecordSchema
from schema.tables import columns, csv_columns, flatten, table_field, table_schema


class Part(ma.Schema):
    name = fields.Str(required=True)
    tags = fields.List(fields.Str(), required=True)


class Thing(ma.Schema):
    id = fields.Str(required=True)
    size = fields.Int(required=True, allow_none=True, metadata={"description": "How big."})
    kind = fields.Str(required=True, validate=validate.OneOf(["a", "b"]))
    ok = fields.Bool(required=True)
    when = fields.Date()
    main = fields.Nested(Part, required=True, allow_none=True)
    parts = fields.List(fields.Nested(Part), required=True)


THING = {
    "id": "t1",
    "size": None,
    "kind": "a",
    "ok": False,
    "when": "2017-04-01",
    "main": {"name": "m", "tags": ["x", "y"]},
    "parts": [{"name": "p1", "tags": ["x"]}, {"name": "p2", "tags": []}, {"name": "p3", "tags": ["y", "z"]}],
}


def test_columns_are_the_json_paths_of_every_member_a_schema_renders():
    assert csv_columns(Thing()) == [
        "id", "size", "kind", "ok", "when", "main.name", "main.tags", "parts.name", "parts.tags",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("id", "t1"),
        ("size", ""),  # null
        ("ok", "false"),  # as JSON writes it
        ("main.tags", "x | y"),
        ("parts.name", "p1 | p2 | p3"),
        ("parts.tags", "x |  | y; z"),  # a list inside a list item keeps to its item
        ("nowhere", ""),
    ],
)
def test_a_cell_is_the_value_at_its_path_with_lists_joined(column, text):
    assert flatten(THING).get(column, "") == text


def test_a_list_keeps_its_members_aligned_whatever_each_holds():
    cells = flatten({"a": [{"b": {"c": 1}}, {"b": None}, {"b": {"c": 3}}], "d": []})
    assert cells["a.b.c"] == "1 |  | 3" and cells.get("d", "") == ""


def test_maps_with_fixed_keys_are_a_column_each():
    assert [c for c in csv_columns(ForceSchema()) if c.startswith(("counts", "links"))] == [
        "counts.responses", "counts.figures", "links.self", "links.responses", "links.figures",
    ]  # fmt: skip


def test_a_table_field_has_the_type_description_and_constraints_every_row_meets():
    by_name = {c.name: table_field(c) for c in columns(Thing())}
    assert by_name["id"] == {"name": "id", "type": "string", "constraints": {"required": True}}
    assert by_name["size"] == {"name": "size", "type": "integer", "description": "How big."}
    assert by_name["kind"]["constraints"] == {"required": True, "enum": ["a", "b"]}
    assert by_name["ok"]["type"] == "boolean" and by_name["when"]["type"] == "date"
    assert "constraints" not in by_name["when"]  # not required
    assert "constraints" not in by_name["main.name"]  # main may be null
    assert by_name["parts.name"]["type"] == "string"  # several values in one cell
    assert "separated by ' | '" in by_name["parts.name"]["description"]


def test_the_figure_and_record_columns_keep_provenance():
    figure, record = csv_columns(FIGURE), csv_columns(RecordSchema())
    for column in ("citation", "caveats.id", "source.quote", "source.line", "derived_from.records"):
        assert column in figure
    for column in ("caveats.id", "source.quote", "source.line", "offence.as_written", "victim.age"):
        assert column in record


def test_a_table_schema_names_its_keys():
    schema = table_schema(Thing(), "id", {"main.name": ("parts", "name")})
    assert schema["primaryKey"] == ["id"] and schema["missingValues"] == [""]
    assert schema["foreignKeys"] == [
        {"fields": ["main.name"], "reference": {"resource": "parts", "fields": ["name"]}}
    ]
    assert "foreignKeys" not in table_schema(Thing(), "id", {})


def flattened_plainly(value, path: str = "", separators=(" | ", "; ")) -> dict[str, str]:
    """flatten's rule written as plainly as it can be: the specification its faster walk keeps to."""
    if isinstance(value, dict):
        cells = {}
        for key, member in value.items():
            cells.update(flattened_plainly(member, f"{path}.{key}" if path else key, separators))
        return cells
    if isinstance(value, list):
        members = [flattened_plainly(member, path, separators[1:] or separators) for member in value]
        names = dict.fromkeys(name for member in members for name in member)
        return {name: separators[0].join(member.get(name, "") for member in members) for name in names}
    if isinstance(value, bool):
        return {path: "true" if value else "false"}
    return {path: "" if value is None else str(value)}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "a", "b", "c"]), JSON_VALUES, max_size=4))
def test_flatten_gives_the_cells_of_its_plain_rule_for_any_item(item):
    assert flatten(item) == flattened_plainly(item)
