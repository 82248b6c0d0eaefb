"""The representations as flat tables: a schema's members as CSV columns, a rendered item as a row,
and the columns as a Frictionless Table Schema.

The columns come from the marshmallow schema that renders the JSON, so a CSV (/v1/figures.csv,
/v1/records.csv, the release download) never drifts from it: each column is a member's JSON path
(`force.id`, `dimensions.platform.as_written`), a list's members are one column each
(`caveats.id`), its values joined with " | " (and a list inside one of them with "; ").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import marshmallow as ma
from marshmallow import fields, validate

LIST_SEPARATOR = " | "
INNER_LIST_SEPARATOR = "; "
LINE_END = "\r\n"  # RFC 4180


@dataclass(frozen=True)
class Column:
    name: str  # the member's JSON path, e.g. "dimensions.platform.as_written"
    field: fields.Field  # the field that renders its values
    listed: bool  # inside a list: the cell joins several values
    nullable: bool  # the value, or an object on its path, may be null or absent


def columns(
    schema: ma.Schema, prefix: str = "", listed: bool = False, nullable: bool = False
) -> list[Column]:
    """Every member the schema renders, as a column; nested objects and lists are expanded."""
    found = []
    for name, field in schema.fields.items():
        path = prefix + (field.data_key or name)
        is_list = isinstance(field, fields.List)
        inner = field.inner if is_list else field
        in_list, maybe_null = listed or is_list, nullable or field.allow_none or not field.required
        if isinstance(inner, fields.Nested):
            found += columns(inner.schema, path + ".", in_list, maybe_null)
        elif keys := getattr(inner, "member_names", None):  # a map with fixed keys (Counts, Links)
            found += [Column(f"{path}.{key}", inner.value_field, in_list, maybe_null) for key in keys]
        else:
            found.append(Column(path, inner, in_list, maybe_null))
    return found


def csv_columns(schema: ma.Schema) -> list[str]:
    """The CSV header of a representation: its columns' names."""
    return [column.name for column in columns(schema)]


def flatten(item: dict) -> dict[str, str]:
    """Every value of a rendered item as CSV text, by its column: one walk through the item, however
    many columns it has."""
    cells: dict[str, str] = {}
    _flatten(item, "", cells, (LIST_SEPARATOR, INNER_LIST_SEPARATOR))
    return cells


def _flatten(value, path: str, cells: dict[str, str], separators: tuple[str, ...]) -> None:
    if isinstance(value, dict):
        # A CSV page flattens 500 items of ~60 members: the commonest members (a plain string,
        # null, a whole number) are written here rather than in a call each, and each member's
        # path is joined once per process, not once per item.
        for key, member in value.items():
            kind = type(member)
            if kind is str:
                cells[_member_path(path, key)] = member
            elif member is None:
                cells[_member_path(path, key)] = ""
            elif kind is int:  # not a bool: type() is exact
                cells[_member_path(path, key)] = str(member)
            else:
                _flatten(member, _member_path(path, key), cells, separators)
    elif isinstance(value, list):  # each member's cells, joined column by column
        separator, inner = separators[0], separators[1:] or separators
        members = []
        for member in value:
            members.append({})
            _flatten(member, path, members[-1], inner)
        for column in dict.fromkeys(column for member in members for column in member):
            cells[column] = separator.join(member.get(column, "") for member in members)
    elif isinstance(value, bool):
        cells[path] = "true" if value else "false"
    else:
        cells[path] = "" if value is None else str(value)


@lru_cache(maxsize=4096)
def _member_path(path: str, key) -> str:
    return f"{path}.{key}" if path else key


def write_csv(out, names: list[str], items: Iterable[dict]) -> int:
    """A header row, then a row per item, to anything with `write(str)`: how many rows."""
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(names)
    rows = 0
    for item in items:
        cells = flatten(item)
        writer.writerow([cells.get(name, "") for name in names])
        rows += 1
    return rows


def csv_text(names: list[str], items: Iterable[dict]) -> str:
    out = io.StringIO()
    write_csv(out, names, items)
    return out.getvalue()


def csv_body(what: str, schema: ma.Schema) -> dict:
    """A CSV body as the spec names it: a string, its header row for an example."""
    return {
        "type": "string",
        "description": (
            f"{what} as CSV (RFC 4180, UTF-8): a header row, then a row each. A column's name is the "
            f"path of its value in the JSON (`force.id`); a list's values share one cell, separated by "
            f"'{LIST_SEPARATOR}'; an empty cell is null."
        ),
        "example": ",".join(csv_columns(schema)) + LINE_END,
    }


# --- Frictionless Table Schema ---------------------------------------------------------------------

TYPES = (
    (fields.Bool, "boolean"),
    (fields.Int, "integer"),
    (fields.DateTime, "datetime"),
    (fields.Date, "date"),
)


def table_field(column: Column) -> dict:
    """A column as a Table Schema field: its type (a list's cell is a string), its description,
    and the constraints every row meets."""
    field = {"name": column.name, "type": "string"}
    if not column.listed:
        field["type"] = next((name for kind, name in TYPES if isinstance(column.field, kind)), "string")
    description = column.field.metadata.get("description")
    if column.listed:
        description = " ".join(
            filter(None, [description, f"Several values, separated by '{LIST_SEPARATOR}'."])
        )
    if description:
        field["description"] = description
    constraints = {}
    if not (column.nullable or column.listed):
        constraints["required"] = True
    choices = [v.choices for v in column.field.validators if isinstance(v, validate.OneOf)]
    if choices and not column.listed:
        constraints["enum"] = list(choices[0])
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(schema: ma.Schema, primary_key: str, foreign_keys: dict[str, tuple[str, str]]) -> dict:
    """The Table Schema of a representation's CSV; `foreign_keys` maps a column to the
    (resource, column) it refers to."""
    return {
        "fields": [table_field(column) for column in columns(schema)],
        "missingValues": [""],
        "primaryKey": [primary_key],
        **(
            {
                "foreignKeys": [
                    {"fields": [name], "reference": {"resource": resource, "fields": [target]}}
                    for name, (resource, target) in foreign_keys.items()
                ]
            }
            if foreign_keys
            else {}
        ),
    }
