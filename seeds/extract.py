"""The text of a source document, whatever its format: the text quotes are checked against and whose
lines figures cite.

Extraction is deterministic (the same bytes give the same text with the same library versions), so
only the original file is kept in seeds/sources/ and the text is made at load; a seed records the
text's SHA-256 so that a library upgrade that changes it stops the load rather than moving citations.

- text: the file, as UTF-8.
- html: the page's visible text, a line per block (heading, paragraph, list item, table row) and
  no blank lines, a table's cells separated by tabs, as the plain-text sources are.
- pdf: each page's text as pypdf extracts it, pages in order.
- xlsx: each sheet under a line `Sheet: <name>`, then a line per row, cells separated by tabs; each
  cell's value is also kept by its address (`Sheet1!B4`) for figures that cite a cell, and each
  row's cell addresses by its line, for `seeds draft` to say which cell a value is.

Every parser is given hostile input in the tests: a file that is malformed, a zip bomb or too large
gives an ExtractError naming what is wrong, never a crash.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

from core.models import SourceFormat
from core.text import LINE_ENDING

from . import limits

MEDIA_TYPES = {
    SourceFormat.TEXT: "text/plain",
    SourceFormat.HTML: "text/html",
    SourceFormat.PDF: "application/pdf",
    SourceFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {".txt": SourceFormat.TEXT, ".html": SourceFormat.HTML, ".htm": SourceFormat.HTML,
              ".pdf": SourceFormat.PDF, ".xlsx": SourceFormat.XLSX}  # fmt: skip


class ExtractError(ValueError):
    """A document whose text cannot be extracted: says why, in words for the seed's author."""


@dataclass
class Extracted:
    text: str
    # A spreadsheet's cells: address ("Sheet1!B4") -> (line of its row in `text`, value as text).
    cells: dict[str, tuple[int, str]] = field(default_factory=dict)
    # A spreadsheet's rows: line in `text` -> the address of each of its tab-separated values, in
    # column order, empty ones too (so a value's column names its cell); a line with none is absent.
    rows: dict[int, tuple[str, ...]] = field(default_factory=dict)


def extract(data: bytes, fmt: SourceFormat) -> Extracted:
    try:
        extracted = READERS[fmt](data)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError(f"cannot be read as {fmt.value}: nested too deeply") from None
    except Exception as exc:  # a parser of untrusted bytes may fail in any way: report it, do not crash
        raise ExtractError(f"cannot be read as {fmt.value}: {type(exc).__name__}: {exc}") from None
    size = len(extracted.text.encode("utf-8"))
    if size > limits.MAX_EXTRACTED_BYTES:
        raise ExtractError(
            f"its text is {size:,} bytes; a document's text may be at most "
            f"{limits.MAX_EXTRACTED_BYTES:,} bytes (seeds/limits.py)"
        )
    return extracted


def _text(data: bytes) -> Extracted:
    try:
        return Extracted(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ExtractError(
            f"line {line} (byte {exc.start:,}): not UTF-8 text: {exc.reason} (byte {data[exc.start]:#04x})"
        ) from None


# --- HTML ------------------------------------------------------------------------------------------

BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul",
}  # fmt: skip
HIDDEN = {"head", "script", "style", "noscript", "template", "iframe", "object", "svg"}
# Markers for line and cell breaks while the page's own white space is collapsed (private-use
# characters, removed from the page first).
NEWLINE, TAB = "\ue000", "\ue001"
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def _html(data: bytes) -> Extracted:
    from bs4 import BeautifulSoup  # imported here: only a load with an HTML source needs it

    declared = CHARSET.search(data[:2048])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        page = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise ExtractError(
            f"not {encoding} text, as the page declares (or UTF-8 if it declares none): {exc}"
        ) from None
    page = page.replace(NEWLINE, "").replace(TAB, "")
    soup = BeautifulSoup(page, "html.parser")
    for hidden in soup.find_all(HIDDEN):
        hidden.decompose()
    for br in soup.find_all("br"):
        br.replace_with(NEWLINE)
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(TAB)
    for block in soup.find_all(BLOCKS):
        block.insert_before(NEWLINE)
        block.insert_after(NEWLINE)
    text = " ".join(soup.get_text().split(" "))
    text = re.sub(r"\s+", " ", text).replace(TAB, "\t").replace(NEWLINE, "\n")
    lines = [line.strip(" \t") for line in text.split("\n")]
    return Extracted("\n".join(line for line in lines if line) + "\n")


# --- PDF -------------------------------------------------------------------------------------------


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise ExtractError("the PDF is encrypted; store a copy whose text can be read")
    if len(reader.pages) > limits.MAX_PDF_PAGES:
        raise ExtractError(
            f"has {len(reader.pages):,} pages; a PDF may have at most {limits.MAX_PDF_PAGES} (seeds/limits.py)"
        )
    pages = [page.extract_text() or "" for page in reader.pages]
    text = "\n".join(line.rstrip() for page in pages for line in page.splitlines())
    if not text.strip():
        raise ExtractError("the PDF has no text layer (a scan?); quotes cannot be checked against it")
    return Extracted(text + "\n")


# --- XLSX ------------------------------------------------------------------------------------------


def _xlsx(data: bytes) -> Extracted:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _check_unpacked_size(data)
    workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    lines: list[str] = []
    cells: dict[str, tuple[int, str]] = {}
    rows: dict[int, tuple[str, ...]] = {}
    for sheet in workbook.worksheets:
        if sheet.max_row * sheet.max_column > limits.MAX_SHEET_CELLS:
            raise ExtractError(
                f"sheet {sheet.title!r} reaches column {get_column_letter(sheet.max_column)} and row "
                f"{sheet.max_row:,}, more than {limits.MAX_SHEET_CELLS:,} cells (seeds/limits.py)"
            )
    # Every cell of a sheet's used range is made as it is read: the bound holds for them all, or
    # sixteen sheets of two cells (A1, A999999) would be sixteen million.
    reached = sum(sheet.max_row * sheet.max_column for sheet in workbook.worksheets)
    if reached > limits.MAX_SHEET_CELLS:
        raise ExtractError(
            f"its sheets reach {reached:,} cells together, more than {limits.MAX_SHEET_CELLS:,} "
            "(seeds/limits.py)"
        )
    for sheet in workbook.worksheets:
        if lines:
            lines.append("")
        # A sheet's name may hold a line break; its line must stay one line, or every cell's line
        # number after it would be one off.
        lines.append("Sheet: " + " ".join(LINE_ENDING.split(sheet.title)))
        for row in sheet.iter_rows():
            values = [cell_text(c.value) for c in row]
            while values and not values[-1]:
                values.pop()
            lines.append("\t".join(values))
            names = tuple(f"{sheet.title}!{c.coordinate}" for c in row[: len(values)])
            if names:
                rows[len(lines)] = names
            cells.update(
                (name, (len(lines), value)) for name, value in zip(names, values, strict=True) if value
            )
    return Extracted("\n".join(lines) + "\n", cells, rows)


def _check_unpacked_size(data: bytes) -> None:
    """Refuse an XLSX whose entries would unpack to more than the limit, before unpacking any."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"not an XLSX file (an XLSX is a zip): {exc}") from None
    declared = sum(info.file_size for info in archive.infolist())
    if declared > limits.MAX_UNPACKED_BYTES:
        raise ExtractError(
            f"unpacks to {declared:,} bytes; an XLSX may unpack to at most "
            f"{limits.MAX_UNPACKED_BYTES:,} (seeds/limits.py): a zip bomb?"
        )
    # openpyxl makes every cell a sheet writes before its used range can be checked: 64 MiB of
    # `<c r="A1"/>` is millions of them. Count the cell elements of every part first (a sheet may
    # be stored under any name; no other part has a `c` element).
    for info in archive.infolist():
        cells = CELL_ELEMENT.finditer(archive.read(info))
        if sum(1 for _ in itertools.islice(cells, limits.MAX_SHEET_CELLS + 1)) > limits.MAX_SHEET_CELLS:
            raise ExtractError(
                f"{info.filename} writes more than {limits.MAX_SHEET_CELLS:,} cells, more than "
                "one sheet may hold (seeds/limits.py)"
            )


CELL_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")  # <c r="A1">, <x:c r="A1"/>


def cell_text(value) -> str:
    """A cell's value as the sheet shows it: whole numbers without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return " ".join(str(value).split())


# A quoted sheet name writes a quote in it twice, as Excel does: 'It''s a!b'!B2.
CELL = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^!]+))!\$?(?P<column>[A-Za-z]{1,3})\$?(?P<row>\d{1,7})$"
)


def cell_address(written: str) -> str | None:
    """`Sheet1!b4`, `'My sheet'!$B$4`, `'It''s'!B4` -> `Sheet1!B4`, `My sheet!B4`, `It's!B4`; None if
    it is not a cell address."""
    match = CELL.match(written.strip())
    if match is None:
        return None
    sheet = match.group("quoted").replace("''", "'") if match.group("quoted") else match.group("plain")
    return f"{sheet}!{match.group('column').upper()}{int(match.group('row'))}"


READERS = {
    SourceFormat.TEXT: _text,
    SourceFormat.HTML: _html,
    SourceFormat.PDF: _pdf,
    SourceFormat.XLSX: _xlsx,
}
