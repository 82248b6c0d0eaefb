"""A source document as the draft writer reads it: numbered lines of text, or a spreadsheet's
rows as tab-separated lines that remember their sheet and cells."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from core.text import lines_of

from .. import limits
from ..extract import cell_text

TEXT_SUFFIXES = {".txt", ".tsv", ".text", ".md"}
SHEET_SUFFIXES = {".xlsx"}


class DraftError(ValueError):
    """A document the draft writer cannot read (missing, unsupported or not UTF-8)."""


@dataclass(frozen=True)
class DocLine:
    number: int  # 1-based position in the document (a text line, or a row across all sheets)
    text: str
    cells: tuple[str, ...] = field(default=())  # a spreadsheet row's cell names: "Sheet1!B4"

    def ref(self, column: int | None = None) -> str:
        """Where a reader finds it: `line 12`, or `Sheet1!B4` for a spreadsheet cell."""
        if not self.cells:
            return f"line {self.number}"
        return self.cells[-1 if column is None else column]


def read_document(path: Path) -> list[DocLine]:
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
    if suffix in SHEET_SUFFIXES:
        return _sheet_lines(path)
    if suffix not in TEXT_SUFFIXES:
        supported = ", ".join(sorted(TEXT_SUFFIXES | SHEET_SUFFIXES))
        raise DraftError(f"{path}: unsupported kind of document '{suffix}'; give one of {supported}")
    if path.stat().st_size > limits.MAX_SOURCE_BYTES:
        raise DraftError(f"{path}: larger than {limits.MAX_SOURCE_BYTES:,} bytes")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return [DocLine(i, t) for i, t in enumerate(lines_of(text), start=1)]


def _sheet_lines(path: Path) -> list[DocLine]:
    """Each non-empty row of each sheet, its cells joined by tabs (empty cells kept, so columns
    line up), with a blank line between sheets so no table runs across two."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        _check_unpacked_size(path)
        book = load_workbook(path, data_only=True)
    except DraftError:
        raise
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise DraftError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    cells = sum(sheet.max_row * sheet.max_column for sheet in book.worksheets)
    if cells > limits.MAX_SHEET_CELLS:
        book.close()
        raise DraftError(f"{path}: its sheets span {cells:,} cells, more than {limits.MAX_SHEET_CELLS:,}")
    lines: list[DocLine] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            values = [cell_text(c.value) for c in row]
            while values and not values[-1].strip():
                values.pop()
            if not values:
                lines.append(DocLine(len(lines) + 1, ""))
                continue
            names = tuple(f"{sheet.title}!{get_column_letter(c.column)}{c.row}" for c in row[: len(values)])
            lines.append(DocLine(len(lines) + 1, "\t".join(values), names))
        lines.append(DocLine(len(lines) + 1, ""))
    book.close()
    return lines


def _check_unpacked_size(path: Path) -> None:
    """A workbook is a zip: refuse one whose parts unpack to more than a source may hold (a zip
    bomb) before any is read. Reading never yields more than a part's stated size."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(part.file_size for part in archive.infolist())
    if unpacked > limits.MAX_SOURCE_BYTES:
        raise DraftError(f"{path}: unpacks to more than {limits.MAX_SOURCE_BYTES:,} bytes")
