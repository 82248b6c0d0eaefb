"""A data release as one download: its tables (a CSV each, columns from the schema that renders
the collection's JSON), the source documents, a README, and a Frictionless Data Package
descriptor (`datapackage.json`) describing every file and column.

The API builds the zip (api/v1/releases/download.py); what is in it, and how each file is
described, is said here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import marshmallow as ma

from .code_lists import (
    AgeBandSchema,
    CaveatDetailSchema,
    ForceSchema,
    OffenceCodeSchema,
    OutcomeTypeSchema,
    PlatformSchema,
)
from .figures import FIGURE
from .index import MeasureSchema
from .records import RecordSchema
from .responses import FoiResponseSchema
from .tables import LIST_SEPARATOR, csv_columns, table_schema

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0 (the source disclosures)",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
README, DESCRIPTOR = "README.md", "datapackage.json"


@dataclass(frozen=True)
class Table:
    """One collection as a CSV file of the download."""

    name: str  # the resource's name; its file is data/<name>.csv
    schema: ma.Schema  # renders one row, as the collection's JSON renders one item
    title: str
    description: str
    primary_key: str = "id"
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # column: (table, column)

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return csv_columns(self.schema)


RESPONSE = ("responses", "id")
FORCE = ("forces", "id")
TABLES = (
    Table(
        "figures", FIGURE, "Figures",
        "Every figure, as /v1/figures.csv gives them: its value and status, force, period, "
        "dimensions, what it is broken down by and the totals it is a part of (breakdown, part_of; "
        "never sum a total with its parts), caveats (most important first), source quote and line, "
        "derived_from, and a printable citation. A figure restating another (restates) is here too: "
        "never sum both.",
        foreign_keys={"measure": ("measures", "id"), "force.id": FORCE, "source.response_id": RESPONSE},
    ),
    Table(
        "records", RecordSchema(), "Disclosed records",
        "Every crime record a force listed row by row, as /v1/records.csv gives them: each field as "
        "written beside its harmonised value. Derived figures list the ids they count in "
        "derived_from.records.",
        foreign_keys={"response.id": RESPONSE, "force.id": FORCE},
    ),
    Table(
        "responses", FoiResponseSchema(exclude=("release",)), "FOI responses",
        "Each disclosure, whole: reference, forces, dates, questions, method, scope, exemptions, "
        "caveats, counts, and its source document (source.file, in sources/).",
    ),
    Table("measures", MeasureSchema(), "Measures", "What a figure's `measure` counts, and in which unit."),
    Table("forces", ForceSchema(), "Forces", "Police forces, with ONS area codes."),
    Table(
        "offence-codes", OffenceCodeSchema(exclude=("children",)), "Offence codes",
        "Home Office offence codes, one row each; a sub-code names its umbrella code in parent.code.",
        primary_key="code",
    ),
    Table("platforms", PlatformSchema(), "Platforms", "Online platforms: aliases, owners, successors."),
    Table("age-bands", AgeBandSchema(), "Age bands", "Victim age bands with explicit bounds."),
    Table("caveats", CaveatDetailSchema(), "Caveats", "What limits a figure, in our words."),
    Table("outcome-types", OutcomeTypeSchema(), "Outcome types", "Crime outcome types and legacy labels."),
)  # fmt: skip


@dataclass(frozen=True)
class File:
    """A file as written into the download: its size and SHA-256."""

    path: str
    bytes: int
    sha256: str


def table_resource(table: Table, written: File) -> dict:
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
        "schema": table_schema(table.schema, table.primary_key, table.foreign_keys),
    }


def text_resource(name: str, written: File, title: str, mediatype: str, description: str) -> dict:
    return {
        "name": name,
        "path": written.path,
        "title": title,
        "description": description,
        "format": written.path.rsplit(".", 1)[-1],
        "mediatype": mediatype,
        **({"encoding": "utf-8"} if mediatype.startswith("text/") else {}),
        "bytes": written.bytes,
        "hash": f"sha256:{written.sha256}",
    }


def descriptor(release_id: str, content_hash: str, resources: list[dict], sources: list[dict]) -> dict:
    """The Frictionless Data Package descriptor of a release's download."""
    return {
        "name": f"foi-stats-{release_id}",
        "id": f"foi-stats:release:{content_hash}",
        "title": f"foi-stats data release {release_id}",
        "description": (
            "Harmonised statistics from UK police Freedom of Information disclosures about online child "
            "sexual offences. Every figure carries its caveats, a verbatim quote of its source and a "
            f"printable citation; see README.md for how to cite them. In a CSV, several values in one "
            f"cell are separated by '{LIST_SEPARATOR}', and an empty cell is null."
        ),
        "licenses": [LICENCE],
        "sources": sources,
        "resources": resources,
    }
