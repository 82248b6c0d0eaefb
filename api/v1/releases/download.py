"""A whole data release as one zip: a CSV per collection, the source documents, a README with
the citation rules, and a Frictionless `datapackage.json` describing every file and column
(schema/datapackage.py says what is in it).

Built from one request's snapshot (api/database.py), so every file is of one release, and in
memory: each row is written as it is read, so only the compressed bytes are held (about 70 KB for
the seeds; 4.3 MiB for the 109,650 figures of the benchmark's synthetic release, in about 20 s of
CPU). Each worker builds it once per release (api/v1/releases/views.py). The bytes are the same
for every build of a release: files in a fixed order, fixed timestamps and permissions, rows in
the collections' default order.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Iterator

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from api import links
from api.database import db_session
from api.negotiation import TEXT
from core.citation import CAVEAT_PRECEDENCE
from core.models import (
    DataRelease,
    Disclosure,
    Figure,
    FigureDocument,
    FigureStatus,
    ResponseDocument,
    SourceFormat,
)
from schema.datapackage import (
    DESCRIPTOR,
    README,
    TABLES,
    File,
    Table,
    descriptor,
    table_resource,
    text_resource,
)
from schema.figures import stored_document
from schema.tables import LIST_SEPARATOR, write_csv

from ..code_lists import query as code_lists
from ..index import measures
from ..records.query import records_query
from ..responses.query import responses_in_full

BATCH = 1000  # rows read from the database at a time
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: every file, every build


class Entry:
    """A file being written into the zip, counting its bytes and hashing them on the way."""

    def __init__(self, archive: zipfile.ZipFile, path: str):
        info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, whatever this runs on
        info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
        self.path = path
        self.stream = archive.open(info, "w")
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        self.sha256.update(data)
        self.bytes += len(data)
        self.stream.write(data)

    def close(self) -> File:
        self.stream.close()
        return File(self.path, self.bytes, self.sha256.hexdigest())


def write(archive: zipfile.ZipFile, path: str, text: str | bytes) -> File:
    entry = Entry(archive, path)
    entry.write(text)
    return entry.close()


def release_zip(release: DataRelease) -> bytes:
    """The release's download. `release` must be the release of this request's snapshot."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        resources, counts = [], {}
        for table in TABLES:
            entry = Entry(archive, table.path)
            counts[table.name] = write_csv(entry, table.columns, ROWS[table.name]())
            resources.append(table_resource(table, entry.close()))
        disclosures = list(
            db_session().scalars(
                select(Disclosure)
                .options(
                    selectinload(Disclosure.documents).options(
                        undefer(ResponseDocument.text), undefer(ResponseDocument.original)
                    )
                )
                .order_by(Disclosure.id)
            )
        )
        resources += write_documents(archive, disclosures)
        readme = write(archive, README, readme_text(release, counts, disclosures))
        resources.append(
            text_resource(
                "readme", readme, "README", "text/markdown",
                "What this download holds and how to cite its figures.",
            )
        )  # fmt: skip
        sources = [
            {"title": f"FOI response {d.reference}: {d.title}", "path": f"sources/{d.source_file}"}
            for d in disclosures
        ]

        package = descriptor(release.id, release.content_hash, resources, sources)
        write(archive, DESCRIPTOR, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    return out.getvalue()


def write_documents(archive: zipfile.ZipFile, disclosures: list[Disclosure]) -> list[dict]:
    """Each document's original file, and beside one that is not plain text the text extracted from
    it (`<file>.txt`), whose lines figures cite. A document several responses share is written once."""
    resources, written_paths = [], set()
    for disclosure in disclosures:
        for document in disclosure.documents:
            if document.file in written_paths:
                continue
            written_paths.add(document.file)
            name = f"source-{disclosure.id}" + ("" if document.position == 0 else f"-{document.name}")
            what = f"{disclosure.title} ({disclosure.responding_body})"
            if document.format == SourceFormat.TEXT:
                files = [
                    (name, document.original, document.media_type, f"The stored text of {what}; {CITED}")
                ]
            else:
                files = [
                    (name, document.original, document.media_type, f"The original {document.format.value} of {what}."),
                    (f"{name}-text", document.text, TEXT,
                     f"The text extracted from {document.file}, {what}; {CITED}"),
                ]  # fmt: skip
            for resource_name, data, media_type, description in files:
                path = f"sources/{document.text_file if data is document.text else document.file}"
                written = write(archive, path, data)
                title = f"FOI response {disclosure.reference}" + (
                    f", {document.name}" if document.position else ""
                )
                resources.append(text_resource(resource_name, written, title, media_type, description))
    return resources


CITED = "a figure's or record's source.line is a line of it."


def readme_text(release: DataRelease, counts: dict[str, int], disclosures: list[Disclosure]) -> str:
    return render_template(
        "release-README.md",
        release=release,
        api=links.url("index.Index"),
        tables=[(table, counts[table.name]) for table in TABLES],
        disclosures=disclosures,
        statuses=[s.value for s in FigureStatus],
        precedence=[kind.value for kind in CAVEAT_PRECEDENCE],
        separator=LIST_SEPARATOR.strip(),
        descriptor=DESCRIPTOR,
    )


# --- each table's rows, in its collection's default order ------------------------------------------


def figure_rows() -> Iterator[dict]:
    """The stored documents (as /v1/figures gives them), read a batch at a time."""
    stmt = (
        select(FigureDocument.document)
        .join(Figure, Figure.id == FigureDocument.figure_id)
        .order_by(Figure.response_id, Figure.position)
        .execution_options(yield_per=BATCH)
    )
    base = links.public_base()
    for document in db_session().scalars(stmt):
        yield stored_document(document, base)


def dumped(table: Table, rows: Iterable) -> Iterator[dict]:
    """Rows rendered by the table's schema (links after the public base URL, as the API's)."""
    for row in rows:
        yield table.schema.dump(row)


def records() -> Iterator[dict]:
    return dumped(
        TABLE["records"], db_session().scalars(records_query({}).execution_options(yield_per=BATCH))
    )


def responses() -> Iterator[dict]:
    return dumped(TABLE["responses"], db_session().scalars(responses_in_full()))


def offence_codes() -> Iterator[dict]:
    return dumped(TABLE["offence-codes"], code_lists.walk(code_lists.offence_code_tree()))


TABLE = {table.name: table for table in TABLES}
ROWS = {
    "figures": figure_rows,
    "records": records,
    "responses": responses,
    "measures": lambda: dumped(TABLE["measures"], measures()),
    "forces": lambda: dumped(TABLE["forces"], code_lists.forces()),
    "offence-codes": offence_codes,
    "platforms": lambda: dumped(TABLE["platforms"], code_lists.platforms()),
    "age-bands": lambda: dumped(TABLE["age-bands"], code_lists.age_bands()),
    "caveats": lambda: dumped(TABLE["caveats"], code_lists.caveats()),
    "outcome-types": lambda: dumped(TABLE["outcome-types"], code_lists.outcome_types()),
}
