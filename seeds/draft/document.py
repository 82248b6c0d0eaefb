"""A source document as the draft writer reads it: numbered lines of text, or a spreadsheet's
text as the loader extracts it (seeds/extract.py), each row's line remembering its cells."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from core.models import SourceFormat
from core.text import lines_of

from .. import limits
from ..extract import ExtractError, cell_address, extract
from ..yamlio import SeedFileError, read_bytes

TEXT_SUFFIXES = {".txt", ".tsv", ".text", ".md"}
SHEET_SUFFIXES = {".xlsx"}


class DraftError(ValueError):
    """A document the draft writer cannot read (missing, unsupported, too large, not UTF-8, or a
    workbook the loader would refuse)."""


@dataclass(frozen=True)
class DocLine:
    number: int  # 1-based, as the loader numbers the document's (extracted) text
    text: str
    cells: tuple[str, ...] = field(default=())  # a spreadsheet row's cell names: "Sheet1!B4"
    heading: bool = False  # a spreadsheet's `Sheet: <name>` line, above its sheet's rows

    def ref(self, column: int | None = None) -> str:
        """Where a reader finds it: `line 12`, or `Sheet1!B4` for a spreadsheet cell."""
        if not self.cells:
            return f"line {self.number}"
        cell = self.cells[-1 if column is None else column]
        if cell_address(cell) == cell:
            return cell
        # A sheet name a seed's `cell` must quote: one holding '!' (a!b) or starting with a space;
        # a quote in a quoted name is written twice, as Excel writes it ('It''s a!b'!B2).
        sheet, _, coordinate = cell.rpartition("!")
        return "'" + sheet.replace("'", "''") + f"'!{coordinate}"


@dataclass(frozen=True)
class Document:
    lines: list[DocLine]
    # For a format whose text the loader extracts (a workbook): that text's SHA-256, which the
    # seed's `source` records.
    text_sha256: str | None = None


def read_document(path: Path) -> Document:
    if not path.is_file():
        why = (
            "a folder, not a document"
            if path.is_dir()
            else "not a regular file"
            if path.exists()
            else "no such file"
        )
        raise DraftError(f"{path}: {why}")  # a FIFO or device is never read: it could block forever
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | SHEET_SUFFIXES:
        supported = ", ".join(sorted(TEXT_SUFFIXES | SHEET_SUFFIXES))
        raise DraftError(f"{path}: unsupported kind of document '{suffix}'; give one of {supported}")
    try:
        data = read_bytes(path, limits.MAX_SOURCE_BYTES, "a source document")
    except SeedFileError as exc:
        raise DraftError(f"{path}: {'; '.join(exc.problems)}") from None
    if suffix in SHEET_SUFFIXES:
        return _sheet_lines(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return Document([DocLine(i, t) for i, t in enumerate(lines_of(text), start=1)])


def _sheet_lines(path: Path, data: bytes) -> Document:
    """The workbook's lines as the loader reads them, checked as it checks them (its unpacked size,
    each sheet's cells): each sheet under a `Sheet: <name>` line, a blank line between sheets, a
    line per row with its cells joined by tabs (empty cells kept, so columns line up)."""
    try:
        extracted = extract(data, SourceFormat.XLSX)
    except ExtractError as exc:
        raise DraftError(f"{path}: {exc}") from None
    # Each line is a row (with its cells), blank, or else the `Sheet: <name>` line above a sheet.
    lines = [
        DocLine(i, t, extracted.rows.get(i, ()), heading=bool(t) and i not in extracted.rows)
        for i, t in enumerate(lines_of(extracted.text), start=1)
    ]
    return Document(lines, hashlib.sha256(extracted.text.encode("utf-8")).hexdigest())
