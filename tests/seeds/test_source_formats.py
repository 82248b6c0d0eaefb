"""Sources in any format (seeds/extract.py): a web page, a PDF letter and an XLSX attachment are read
to text that quotes are checked against, a figure may cite a spreadsheet's cell, and a file that is
malformed, too large or a zip bomb stops the load naming the file, never a crash."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from openpyxl import Workbook

from core.models import SourceFormat
from seeds import limits
from seeds.extract import ExtractError, cell_address, extract
from seeds.loader import build_release
from tests.conftest import FIXTURES
from tests.helpers import edit
from tests.seeds.test_loader_limits import problems_of

LETTER = "synthetic-letter-spreadsheet"
PAGE = "synthetic-log-page"


def with_fixture(seeds: Path, seed_name: str) -> Path:
    """A fixture disclosure and every source it names, copied into a copy of the seeds: its seed file."""
    seed = FIXTURES / "disclosures" / f"{seed_name}.yaml"
    shutil.copy(seed, seeds / "disclosures" / seed.name)
    for source in (FIXTURES / "sources").iterdir():
        if source.name in seed.read_text(encoding="utf-8"):
            shutil.copy(source, seeds / "sources" / source.name)
    return seeds / "disclosures" / seed.name


def xlsx(rows: list[tuple], sheet: str = "Platforms") -> bytes:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- extraction ------------------------------------------------------------------------------


def test_a_web_page_gives_its_visible_text_a_line_per_block_and_cells_split_by_tabs():
    page = (
        b"<html><head><title>T</title><style>p{}</style><script>x()</script></head><body>"
        b"<h1>Disclosure   log</h1><p>Request\n received <b>7 April</b> 2025.<br>Next</p>"
        b"<table><tr><th>Platform</th><th>Count</th></tr><tr><td>Snapchat</td><td>7</td></tr></table>"
        b"</body></html>"
    )
    assert extract(page, SourceFormat.HTML).text == (
        "Disclosure log\nRequest received 7 April 2025.\nNext\nPlatform\tCount\nSnapchat\t7\n"
    )


def test_a_page_in_the_charset_it_declares_is_read_in_it():
    page = '<meta charset="windows-1252"><p>Caution – Youth</p>'.encode("windows-1252")
    assert extract(page, SourceFormat.HTML).text == "Caution – Youth\n"


def test_a_spreadsheet_gives_a_line_per_row_and_each_cell_by_its_address():
    extracted = extract(
        xlsx([("Platform", "Offences"), ("Snapchat", 9), ("WhatsApp", "Nil")]), SourceFormat.XLSX
    )
    assert extracted.text == "Sheet: Platforms\nPlatform\tOffences\nSnapchat\t9\nWhatsApp\tNil\n"
    assert extracted.cells["Platforms!B2"] == (3, "9")
    assert extracted.cells["Platforms!B3"] == (4, "Nil")


def test_a_sheet_name_with_a_line_break_is_one_line_so_its_cells_keep_their_lines():
    extracted = extract(
        xlsx([("Platform", "Offences"), ("Snapchat", 9)], sheet="Counts\r\nby year"), SourceFormat.XLSX
    )
    assert extracted.text == "Sheet: Counts by year\nPlatform\tOffences\nSnapchat\t9\n"
    assert extracted.cells["Counts\r\nby year!B2"] == (3, "9")


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("Platforms!B2", "Platforms!B2"),
        ("Platforms!b2", "Platforms!B2"),
        ("'My sheet'!$B$12", "My sheet!B12"),
        ("'It''s a!b'!B2", "It's a!b!B2"),
        ("O'Brien!B2", "O'Brien!B2"),
        ("B2", None),
        ("Platforms!2B", None),
    ],
)
def test_a_cell_address_is_read_as_excel_writes_it(written, address):
    assert cell_address(written) == address


def test_the_fixture_pdf_letter_reads_as_its_lines():
    text = extract((FIXTURES / "sources" / "synthetic-letter.pdf").read_bytes(), SourceFormat.PDF).text
    assert "Answer to question 1: 23 offences were recorded in 2024." in text.splitlines()


# --- hostile and broken files ------------------------------------------------------------------


def zip_bomb() -> bytes:
    """An XLSX-shaped zip of about 70 KB whose one entry unpacks to 80 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF page with no text on it, as a scan without a text layer reads."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    return bytes(pdf.output())


def sparse_sheet() -> bytes:
    """A valid XLSX with one cell in the sheet's last row and column: billions of cells in range."""
    book = Workbook()
    book.active["XFD1048576"] = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "data", "reason"),
    [
        pytest.param(SourceFormat.PDF, b"%PDF-1.7\n1 0 obj <<", "cannot be read as pdf", id="truncated-pdf"),
        pytest.param(SourceFormat.PDF, b"not a pdf at all", "cannot be read as pdf", id="not-a-pdf"),
        pytest.param(SourceFormat.PDF, scanned_pdf(), "the PDF has no text layer", id="pdf-without-text"),
        pytest.param(SourceFormat.XLSX, b"PK\x03\x04broken", "not an XLSX file", id="broken-zip"),
        pytest.param(SourceFormat.XLSX, zip_bomb(), "unpacks to 83,886,080 bytes", id="zip-bomb"),
        pytest.param(
            SourceFormat.XLSX, sparse_sheet(), "reaches column XFD and row 1,048,576", id="sparse-sheet"
        ),
        pytest.param(SourceFormat.HTML, b"<p>caf\xe9</p>", "not utf-8 text", id="html-not-utf8"),
        pytest.param(SourceFormat.TEXT, b"caf\xe9", "not UTF-8 text", id="text-not-utf8"),
    ],
)
def test_a_broken_or_hostile_file_is_an_error_that_says_why(fmt, data, reason):
    with pytest.raises(ExtractError, match=re.escape(reason)):
        extract(data, fmt)


def test_a_broken_source_stops_the_load_naming_its_file(seeds_copy):
    with_fixture(seeds_copy, LETTER)
    (seeds_copy / "sources" / "synthetic-attachment.xlsx").write_bytes(zip_bomb())
    message = problems_of(seeds_copy)
    assert "synthetic-attachment.xlsx" in message and "a zip bomb?" in message


def test_a_source_larger_than_the_limit_is_refused_before_it_is_read(seeds_copy, monkeypatch):
    with_fixture(seeds_copy, LETTER)
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 1000)
    message = problems_of(seeds_copy)
    assert "synthetic-letter.pdf" in message and "may be at most 1,000 bytes" in message


# --- the seed's rules --------------------------------------------------------------------------


def test_the_fixtures_in_every_format_load(seeds_copy):
    for name in (LETTER, PAGE):
        with_fixture(seeds_copy, name)
    bundles = {b.response.id: b for b in build_release(seeds_copy).bundles}
    letter = bundles[LETTER]
    assert [(d.name, d.format) for d in letter.response.documents] == [
        ("main", SourceFormat.PDF),
        ("spreadsheet", SourceFormat.XLSX),
    ]
    cells = {
        f.source_cell: (f.source_document, f.source_line, f.quote) for f in letter.figures if f.source_cell
    }
    assert cells["Platforms!B2"] == ("spreadsheet", 3, "Snapchat\t9")


def test_a_text_hash_that_no_longer_matches_stops_the_load_and_gives_the_new_one(seeds_copy):
    seed = with_fixture(seeds_copy, PAGE)
    edit(seeds_copy / "sources" / "synthetic-log-page.html", "<td>17</td>", "<td>18</td>")
    edit(seed, 'value: 17, quote: "2024\\t17"', 'value: 18, quote: "2024\\t18"')
    message = problems_of(seeds_copy)
    assert "the text extracted from synthetic-log-page.html has SHA-256 " in message
    assert "record the new hash" in message


def test_a_document_whose_text_is_extracted_must_record_the_text_hash(seeds_copy):
    seed = with_fixture(seeds_copy, PAGE)
    text = seed.read_text(encoding="utf-8")
    seed.write_text(re.sub(r"\n  text_sha256: \w+", "", text), encoding="utf-8")
    assert "source.text_sha256: a document whose text is extracted gives" in problems_of(seeds_copy)


def test_a_figure_whose_value_is_not_its_cell_s_stops_the_load(seeds_copy):
    seed = with_fixture(seeds_copy, LETTER)
    edit(seed, 'cell: "Platforms!B2", value: 9', 'cell: "Platforms!B2", value: 8')
    assert "cell Platforms!B2 of synthetic-attachment.xlsx holds '9', not '8'" in problems_of(seeds_copy)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            'cell: "Platforms!B2"',
            'cell: "Platforms!C9"',
            "cell Platforms!C9 of synthetic-attachment.xlsx is empty",
        ),
        ('cell: "Platforms!B2"', 'cell: "B2"', "cell 'B2' is not a cell address such as Sheet1!B4"),
        ("document: spreadsheet}", "document: sheet}", "unknown document 'sheet'"),
        (
            "document: spreadsheet}",
            "document: main}",
            "only a figure read from a spreadsheet cites a `cell`; synthetic-letter.pdf is not one",
        ),
    ],
)
def test_a_figure_must_name_a_document_and_cell_that_hold_it(seeds_copy, old, new, problem):
    seed = with_fixture(seeds_copy, LETTER)
    edit(seed, old, new)
    assert problem in problems_of(seeds_copy)


def test_outside_excerpt_is_only_for_a_copy_that_is_an_excerpt(seeds_copy):
    seed = with_fixture(seeds_copy, PAGE)
    edit(seed, "  copy: excerpt\n", "")
    edit(seed, '  excerpt: "The page down', '  note: "The page down')  # an unknown key now
    text = seed.read_text(encoding="utf-8")
    seed.write_text(re.sub(r"\n  note: .*", "", text), encoding="utf-8")
    assert "an outside_excerpt figure is read from a copy that is an excerpt" in problems_of(seeds_copy)


def test_an_excerpt_says_what_it_covers(seeds_copy):
    seed = with_fixture(seeds_copy, PAGE)
    text = seed.read_text(encoding="utf-8")
    seed.write_text(re.sub(r"\n  excerpt: .*", "", text), encoding="utf-8")
    assert "a copy that is an excerpt says what it covers in `excerpt`" in problems_of(seeds_copy)


def test_a_sheet_writing_more_cells_than_a_sheet_may_hold_is_refused_before_openpyxl_reads_it(
    monkeypatch,
):
    """The used range was checked after openpyxl had made every cell: 64 MiB of sheet XML (a 12 MB
    file) writes some 4,600,000 cells, minutes and gigabytes before that check refused them."""
    import openpyxl

    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 1_000)
    data = xlsx([tuple(range(50))] * 40)  # 2,000 cells

    def read(*args, **kwargs):
        raise AssertionError("openpyxl read the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", read)
    with pytest.raises(ExtractError, match=r"xl/worksheets/sheet1\.xml writes more than 1,000 cells"):
        extract(data, SourceFormat.XLSX)


def test_sheets_reaching_more_cells_together_than_a_sheet_may_are_refused_before_any_is_read(monkeypatch):
    """Each sheet was held to the bound alone: 16 sheets of two cells, A1 and A999999, are a 12 KB
    file whose 16,000,000 cells would take minutes and gigabytes to read (3 sheets of 300,000
    rows took 9 s and 280 MB)."""
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 1_000)
    book = Workbook()
    for i in range(3):
        sheet = book.active if i == 0 else book.create_sheet(f"S{i}")
        sheet["A1"], sheet["A400"] = "Year", 7  # 400 cells each, 1,200 in all
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ExtractError, match=r"its sheets reach 1,200 cells together, more than 1,000"):
        extract(out.getvalue(), SourceFormat.XLSX)
