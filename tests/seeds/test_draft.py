"""`seeds draft` writes a seed file from a source document that, once a person has made the choices
it marks TODO (and no others), passes `seeds load --check` with the figures a hand-written seed has."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from api import create_app
from seeds import limits
from seeds.draft import todos_in
from seeds.loader import SEEDS_DIR, build_release
from tests.conftest import FIXTURES
from tests.seeds.test_source_formats import with_fixture

# The synthetic fixtures, and the choices a person makes in each one's draft: TODO text -> choice.
FIXTURE_CHOICES = {
    "synthetic-statuses": {},
    "synthetic-discrepancy": {},
    "synthetic-outcomes": {
        "TODO: the request, in our words": "Offences of sexual communication with a child (71/17) recorded in 2024, by outcome.",
    },
}


@pytest.fixture(scope="module")
def app(make_database):
    return create_app({"DATABASE_URL": make_database(), "TESTING": True})


@pytest.fixture()
def seeds(tmp_path) -> Path:
    """An empty seeds folder with the real code lists."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR / "reference", folder / "reference")
    (folder / "disclosures").mkdir()
    (folder / "sources").mkdir()
    return folder


@pytest.fixture()
def cli(app, seeds):
    def run(*args: str):
        return app.test_cli_runner().invoke(args=["seeds", *args, "--seeds-dir", str(seeds)])

    return run


def draft(cli, seeds: Path, source: Path) -> Path:
    """Draft the document (put in the seeds' sources/ first) into the seeds' disclosures/."""
    placed = seeds / "sources" / source.name
    if placed != source:
        shutil.copy(source, placed)
    result = cli("draft", str(placed))
    assert result.exit_code == 0, result.output
    (written,) = (seeds / "disclosures").glob("*.yaml")
    return written


def choose(path: Path, choices: dict[str, str]) -> None:
    """Make the draft's choices: each TODO's text replaced, and nothing else."""
    text = path.read_text(encoding="utf-8")
    assert {todo for _, todo in todos_in(text)} == set(choices)
    for todo, choice in choices.items():
        text = text.replace(todo, choice)
    path.write_text(text, encoding="utf-8")
    assert todos_in(text) == []


def figures(seeds: Path) -> list[tuple]:
    """What each figure says and where it comes from, in a comparable form."""
    (bundle,) = build_release(seeds).bundles
    return sorted(
        (
            f.question_number,
            f.measure_id,
            f.status.value,
            f.value,
            f.value_as_written,
            f.quote,
            f.period_start,
            f.period_end,
            f.platform_id,
            f.outcome_id,
            [(o.code, o.role) for o in f.offences],
        )
        for f in bundle.figures
    )


def hand_written(tmp_path: Path, name: str) -> list[tuple]:
    folder = tmp_path / "hand"
    shutil.copytree(SEEDS_DIR / "reference", folder / "reference")
    for part in ("disclosures", "sources"):
        (folder / part).mkdir()
    with_fixture(folder, name)
    return figures(folder)


@pytest.mark.parametrize("name", sorted(FIXTURE_CHOICES))
def test_a_fixture_drafts_to_the_figures_of_its_hand_written_seed(name, cli, seeds, tmp_path):
    seed = draft(cli, seeds, FIXTURES / "sources" / f"{name}.txt")
    choose(seed, FIXTURE_CHOICES[name])
    check = cli("load", "--check")
    assert check.exit_code == 0, check.output
    assert figures(seeds) == hand_written(tmp_path, name)


def test_a_letters_spreadsheet_drafts_to_the_figures_its_hand_written_seed_reads_from_it(
    cli, seeds, tmp_path
):
    """synthetic-letter-spreadsheet answers question 2 in its XLSX attachment: drafted from the
    workbook alone (its `source` with the hash of the text the loader extracts), and the request
    written in, it loads with the figures the hand-written seed cites the cells of."""
    seed = draft(cli, seeds, FIXTURES / "sources" / "synthetic-attachment.xlsx")
    choose(seed, {"TODO: the request, in our words": "How many of those offences mention each platform?"})
    check = cli("load", "--check")
    assert check.exit_code == 0, check.output
    from_sheet = [f[1:] for f in hand_written(tmp_path, "synthetic-letter-spreadsheet") if f[0] == "2"]
    assert len(from_sheet) == 3
    assert [f[1:] for f in figures(seeds)] == from_sheet


def test_a_draft_with_a_todo_left_does_not_pass_the_check(cli, seeds):
    draft(cli, seeds, FIXTURES / "sources" / "synthetic-outcomes.txt")
    check = cli("load", "--check")
    assert check.exit_code == 1
    assert "questions[0].text: a draft's TODO is left: 'TODO: the request, in our words'" in check.output


# --- one small table per layout ------------------------------------------------------------

QUESTION = """Freedom of Information Request Reference No: SYN-0100
Request received 1 May 2025.

1. How many offences of sexual communication with a child (71/17) were recorded in 2024, by platform?

"""
LAYOUTS = {
    "tab": ("Platform\tOffences\nSnapchat\t7\nInstagram\t3\n", ["Snapchat\t7", "Instagram\t3"]),
    "pipe": (
        "| Platform | Offences |\n|----------|----------|\n| Snapchat | 7 |\n| Instagram | 3 |\n",
        ["| Snapchat | 7 |", "| Instagram | 3 |"],
    ),
    "space-aligned": (
        "Platform     Offences\nSnapchat     7\nInstagram    3\n",
        ["Snapchat     7", "Instagram    3"],
    ),
    "one cell per line": ("Platform\nOffences\nSnapchat\n7\nInstagram\n3\n", ["Snapchat\n7", "Instagram\n3"]),
    "label: value": ("Snapchat: 7\nInstagram: 3\n", ["Snapchat: 7", "Instagram: 3"]),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_table_in_each_layout_drafts_to_loadable_figures(layout, cli, seeds):
    table, quotes = LAYOUTS[layout]
    source = seeds / "sources" / "snippet.txt"
    source.write_text(QUESTION + table, encoding="utf-8")
    seed = draft(cli, seeds, source)
    assert f"# draft: {layout} table" in seed.read_text(encoding="utf-8")
    choose(seed, {})
    check = cli("load", "--check")
    assert check.exit_code == 0, check.output
    (bundle,) = build_release(seeds).bundles
    assert sorted((f.platform_id, f.value, f.quote, f.measure_id) for f in bundle.figures) == sorted(
        [
            ("snapchat", 7, quotes[0], "records_mentioning_platform"),
            ("instagram", 3, quotes[1], "records_mentioning_platform"),
        ]
    )
    assert {(f.period_label, f.question_number) for f in bundle.figures} == {("2024", "1")}


def test_a_spreadsheet_sheet_drafts_figures_with_their_cells(cli, seeds):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Counts"
    for row in (["Platform", "Offences"], ["Snapchat", 7], ["Instagram", 3]):
        sheet.append(row)
    source = seeds / "sources" / "counts.xlsx"
    book.save(source)
    result = cli("draft", str(source), "-o", "-")
    assert result.exit_code == 0, result.output
    assert "# Counts!B2" in result.output and "# Counts!B3" in result.output
    (group,) = yaml.safe_load(result.output)["groups"]
    assert [(f["platform"], f["value"], f["quote"]) for f in group["figures"]] == [
        ("Snapchat", 7, "Snapchat\t7"),
        ("Instagram", 3, "Instagram\t3"),
    ]


def test_each_sheet_is_a_table_of_its_own_and_its_name_is_no_figure(cli, seeds):
    """The loader's text puts a `Sheet: 2023` line above each sheet's rows: it names the sheet, it
    is no `Label: value` figure, and no table runs on from one sheet into the next."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "2023"
    for title, rows in (("2023", (["Snapchat", 7], ["Instagram", 3])), ("2024", (["Snapchat", 8],))):
        sheet = book[title] if title in book.sheetnames else book.create_sheet(title)
        for row in (["Platform", "Offences"], *rows):
            sheet.append(row)
    source = seeds / "sources" / "years.xlsx"
    book.save(source)
    result = cli("draft", str(source), "-o", "-")
    assert result.exit_code == 0, result.output
    assert "Sheet:" not in result.output
    assert [
        [(f["platform"], f["value"]) for f in g["figures"]] for g in yaml.safe_load(result.output)["groups"]
    ] == [
        [("Snapchat", 7), ("Instagram", 3)],
        [("Snapchat", 8)],
    ]
    assert "# 2023!B3" in result.output and "# 2024!B2" in result.output


def test_a_label_that_resolves_to_nothing_is_a_todo_with_the_nearest_entries(cli, seeds):
    source = seeds / "sources" / "misspelt.txt"
    source.write_text(QUESTION + "Platform\tOffences\nSnapchta\t7\n", encoding="utf-8")
    seed = draft(cli, seeds, source)
    ((place, todo),) = todos_in(seed.read_text(encoding="utf-8"))
    assert place == "groups[0].figures[0].platform.id" and todo.startswith("TODO: snapchat")
    assert "platform 'Snapchta' resolves to no entry" in seed.read_text(encoding="utf-8")
    choose(seed, {todo: "snapchat"})
    (bundle,) = build_release(seeds).bundles
    assert [(f.platform_id, f.platform_as_written, f.value) for f in bundle.figures] == [
        ("snapchat", "Snapchta", 7)
    ]


def test_a_table_of_records_is_pointed_at_not_read_as_figures(cli, seeds):
    source = seeds / "sources" / "records.txt"
    rows = (
        "Year\tDetails\tOutcome\n2015\tThreat to post video\tUndetected\n2015\tThreat to post image\tCharge\n"
    )
    source.write_text(QUESTION + rows, encoding="utf-8")
    text = draft(cli, seeds, source).read_text(encoding="utf-8")
    assert "# draft: a table of records, line 7 to line 8 (Year, Details, Outcome)" in text
    assert yaml.safe_load(text)["groups"] == []


# --- the command ---------------------------------------------------------------------------


def test_the_draft_goes_to_standard_output_with_dash(cli, seeds):
    result = cli("draft", str(FIXTURES / "sources" / "synthetic-discrepancy.txt"), "-o", "-")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["id"] == "synthetic-discrepancy"
    assert list((seeds / "disclosures").iterdir()) == []


def test_an_existing_file_is_overwritten_only_with_force(cli, seeds):
    target = seeds / "disclosures" / "synthetic-statuses.yaml"
    target.write_text("# a contributor's edits\n", encoding="utf-8")
    source = str(FIXTURES / "sources" / "synthetic-statuses.txt")
    refused = cli("draft", source)
    assert refused.exit_code == 1
    assert "exists; give --force to overwrite it" in refused.output
    assert target.read_text(encoding="utf-8") == "# a contributor's edits\n"
    forced = cli("draft", source, "--force")
    assert forced.exit_code == 0, forced.output
    assert f"wrote {target}: 0 TODOs to resolve" in forced.output
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["id"] == "synthetic-statuses"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        pytest.param("missing.txt", None, "missing.txt: no such file", id="missing"),
        pytest.param("folder.txt", "folder", "folder.txt: a folder, not a document", id="folder"),
        pytest.param("pipe.txt", "fifo", "pipe.txt: not a regular file", id="fifo"),
        pytest.param("letter.pdf", b"%PDF-1.4", "unsupported kind of document '.pdf'", id="unsupported"),
        pytest.param("latin1.txt", "Réponse\n".encode("latin-1"), "not UTF-8 text (byte 1)", id="not-utf8"),
        pytest.param(
            "broken.xlsx", b"not a zip", "broken.xlsx: not an XLSX file (an XLSX is a zip)", id="broken-xlsx"
        ),
    ],
)
def test_a_document_that_cannot_be_read_is_a_clear_error(name, content, error, cli, tmp_path):
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content == "fifo":
        os.mkfifo(path)
    elif content is not None:
        path.write_bytes(content)
    result = cli("draft", str(path), "-o", "-")
    assert result.exit_code == 1
    assert error in result.output


def workbook(path: Path, cells: dict[str, object], title: str = "Sheet") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = title
    for name, value in cells.items():
        book.active[name] = value
    book.save(path)
    return path


def test_a_sheet_spanning_too_many_cells_is_refused_before_they_are_read(cli, tmp_path, monkeypatch):
    """A cell far out (XFD1048576 in a 5 KB file) would have every empty cell before it read: the
    loader's bound on one sheet, checked as the loader checks it."""
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 1_000)
    path = workbook(tmp_path / "far.xlsx", {"A1": "Year", "J200": 7})  # 10 columns x 200 rows
    result = cli("draft", str(path), "-o", "-")
    assert result.exit_code == 1
    assert "far.xlsx: sheet 'Sheet' reaches column J and row 200, more than 1,000 cells" in result.output


def test_a_workbook_that_unpacks_to_more_than_an_xlsx_may_is_refused(cli, tmp_path, monkeypatch):
    """A zip bomb: a small file whose sheets unpack to far more than any real source, refused at
    the loader's bound before any part is unpacked."""
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 64 * 1024)
    path = workbook(tmp_path / "packed.xlsx", {"A1": "Year"})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", " " * 100_000)
    assert path.stat().st_size < 64 * 1024
    result = cli("draft", str(path), "-o", "-")
    assert result.exit_code == 1
    assert "packed.xlsx: unpacks to " in result.output
    assert "an XLSX may unpack to at most 65,536 (seeds/limits.py): a zip bomb?" in result.output


def test_a_workbook_larger_than_a_source_may_be_is_refused_before_it_is_read(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SOURCE_BYTES", 1_000)
    path = workbook(tmp_path / "large.xlsx", {"A1": "Year"})
    result = cli("draft", str(path), "-o", "-")
    assert result.exit_code == 1
    assert (
        f"large.xlsx: is {path.stat().st_size:,} bytes; a source document may be at most 1,000"
        in result.output
    )


@pytest.mark.parametrize("odd", ["\u2028id: injected", "\x85", "\u2029", "\x7f", "\x9b", "\x0b"])
def test_characters_yaml_reads_as_line_breaks_or_refuses_stay_in_their_comment_or_string(cli, tmp_path, odd):
    """Document text goes into comments and quoted strings: a line or paragraph separator there
    would end the comment early (and what follows would be read as YAML), a control character
    would make the file unreadable."""
    path = tmp_path / "odd.txt"
    path.write_text(f"Platform\tOffences\nSnap{odd}chat\t7\nInstagram\t3\n", encoding="utf-8")
    result = cli("draft", str(path), "-o", "-")
    assert result.exit_code == 0, result.output
    drafted = yaml.safe_load(result.output)
    assert "injected" not in drafted
    (group,) = drafted["groups"]
    assert group["figures"][0]["quote"] == f"Snap{odd}chat\t7"


def test_a_sheet_name_with_a_line_break_stays_in_its_comment(cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Counts\nid= x"
    for row in (["Platform", "Offences"], ["Snapchat", 7]):
        book.active.append(row)
    book.save(tmp_path / "named.xlsx")
    result = cli("draft", str(tmp_path / "named.xlsx"), "-o", "-")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output)["groups"][0]["figures"][0]["value"] == 7


def test_a_table_by_offence_gives_each_row_its_codes_and_the_total_all_of_them(cli, seeds):
    source = seeds / "sources" / "by-offence.txt"
    rows = "Offence\tNumber\n088A\t12\n22B. Sexual activity involving child under 16\t4\nSexual grooming\t3\nTotal\t19\n"
    source.write_text(QUESTION + rows, encoding="utf-8")
    seed = draft(cli, seeds, source)
    ((_, todo), (_, same)) = todos_in(seed.read_text(encoding="utf-8"))  # the row's, and the total's
    assert todo == same and todo.startswith("TODO: 88A")  # a title, nearest the code it is the title of
    choose(seed, {todo: "88A"})
    (bundle,) = build_release(seeds).bundles
    offences = {f.value: [(o.code, o.as_written) for o in f.offences] for f in bundle.figures}
    rows = [
        ("88A", "088A"),
        ("22B", "22B. Sexual activity involving child under 16"),
        ("88A", "Sexual grooming"),
    ]
    assert offences == {12: rows[:1], 4: rows[1:2], 3: rows[2:], 19: rows}


def test_section_headings_and_gender_and_age_cells_become_dimensions(cli, seeds):
    source = seeds / "sources" / "sections.txt"
    rows = "Year\tGender & Age\tNumber\nSNAPCHAT\t\t\n2024\tFemale 13\t4\n2024\tMale u/k\t1\nKIK\t\t\nNIL RETURN\t\t\n"
    source.write_text(QUESTION + rows, encoding="utf-8")
    seed = draft(cli, seeds, source)
    ((_, period),) = todos_in(seed.read_text(encoding="utf-8"))  # the year of Kik's NIL RETURN
    choose(seed, {period: "2024"})
    (bundle,) = build_release(seeds).bundles
    assert sorted(
        (f.platform_id, f.gender_id, f.age_band_id, f.status.value, f.value, f.measure_id)
        for f in bundle.figures
    ) == [
        ("kik", None, None, "nil_return", 0, "victims"),
        ("snapchat", "female", "13", "reported", 4, "victims"),
        ("snapchat", "male", "unknown", "reported", 1, "victims"),
    ]


def test_the_years_a_text_names_leave_out_an_acts_year():
    from seeds.draft.figures import years_in

    text = "Under the Freedom of Information Act 2000 (or ACT (2000)) we hold figures for 2017 and 2018."
    assert years_in(text) == ["2017", "2018"]


def test_the_sections_of_the_act_the_document_names_are_listed_for_the_exemptions(cli, seeds):
    source = seeds / "sources" / "exempt.txt"
    text = "Details are withheld under section 40(2); section 12 does not apply.\n\nSnapchat: 7\n"
    source.write_text(QUESTION + text, encoding="utf-8")
    drafted = draft(cli, seeds, source).read_text(encoding="utf-8")
    assert "# draft: the document names section 40(2): add an exemption" in drafted
    assert yaml.safe_load(drafted)["exemptions"] == []


def test_a_workbook_is_drafted_from_the_lines_the_loader_reads_each_row_with_its_cells(tmp_path):
    """A row's quote is the text the loader checks quotes against (dates as dates, spaces as one),
    on the line the loader numbers it, and each of its values names the cell the loader keeps it by."""
    import datetime as dt

    from core.models import SourceFormat
    from core.text import lines_of
    from seeds.draft.document import read_document
    from seeds.extract import extract

    cells = {"A1": dt.datetime(2024, 3, 1), "B1": "Snap  chat", "D1": 4.0, "B3": "Total"}
    path = workbook(tmp_path / "a.xlsx", cells)
    drafted = read_document(path).lines
    extracted = extract(path.read_bytes(), SourceFormat.XLSX)
    assert [(line.number, line.text) for line in drafted] == list(
        enumerate(lines_of(extracted.text), start=1)
    )
    assert [(line.text, line.cells) for line in drafted] == [
        ("Sheet: Sheet", ()),
        ("2024-03-01\tSnap chat\t\t4", ("Sheet!A1", "Sheet!B1", "Sheet!C1", "Sheet!D1")),
        ("", ()),
        ("\tTotal", ("Sheet!A3", "Sheet!B3")),
    ]
    for line in drafted:
        for column, value in enumerate(line.text.split("\t") if line.cells else []):
            assert extracted.cells.get(line.ref(column)) == ((line.number, value) if value else None)


@pytest.mark.parametrize("title", ["a!b", " Lead", "Trail ", "O'Brien", "Counts\nx", "It's a!b", "'q'"])
def test_a_rows_cell_is_named_as_a_seeds_cell_names_it_whatever_its_sheet_is_called(tmp_path, title):
    """`# a!b!B2` read back as a figure's `cell` named no cell; `'a!b'!B2` does."""
    from core.models import SourceFormat
    from seeds.draft.document import read_document
    from seeds.extract import cell_address, extract

    path = workbook(tmp_path / "a.xlsx", {"A1": "Snapchat", "B1": 7}, title=title)
    extracted = extract(path.read_bytes(), SourceFormat.XLSX)
    (row,) = [line for line in read_document(path).lines if line.cells]
    assert [extracted.cells.get(cell_address(row.ref(c))) for c in range(2)] == [(2, "Snapchat"), (2, "7")]
