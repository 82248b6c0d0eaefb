"""Every number each source document states is in the database, with the right force, period and
dimensions. Each test walks the document's tables with its own simple parsing (not the loader's),
so a row the loader dropped or misread shows up here."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, selectinload

from core.models import DisclosedRecord, Figure, FigureStatus
from tests.helpers import source_text

FY_2017 = (dt.date(2017, 4, 1), dt.date(2018, 3, 31))


@pytest.fixture(scope="module")
def db(database_url):
    engine = create_engine(database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def figures_of(db, response_id: str) -> list[Figure]:
    stmt = select(Figure).where(Figure.response_id == response_id).options(selectinload(Figure.offences))
    return list(db.scalars(stmt))


def records_of(db, response_id: str) -> list[DisclosedRecord]:
    return list(db.scalars(select(DisclosedRecord).where(DisclosedRecord.response_id == response_id)))


def one(figures: list[Figure], **attrs) -> Figure:
    found = [f for f in figures if all(getattr(f, k) == v for k, v in attrs.items())]
    assert len(found) == 1, f"expected one figure with {attrs}, found {len(found)}"
    return found[0]


def table_after(text: str, header: str) -> list[list[str]]:
    """Tab-separated rows after the header line, up to the first blank line."""
    lines = text.splitlines()
    start = lines.index(header) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(line.split("\t"))
    return rows


def cell_value(cell: str) -> int:
    return 0 if cell == "-" else int(cell)


# --- Norfolk and Suffolk, FOI 002539-18 -------------------------------------------------------

NS = "norfolk-suffolk-foi-002539-18"
NS_TEXT = "norfolk-suffolk_FOI-002539-18_livestreaming.txt"


def test_002539_q1_totals_per_force(db):
    figures = figures_of(db, NS)
    rows = table_after(source_text(NS_TEXT), "Force\tTotal")
    assert len(rows) == 2
    for force, total in rows:
        f = one(figures, measure_id="offences_recorded", force_id=force.lower())
        assert (f.value, f.status, (f.period_start, f.period_end)) == (
            int(total),
            FigureStatus.REPORTED,
            FY_2017,
        )
        assert [o.code for o in f.offences] == ["21", "22B", "88A", "88E", "71/17"]


@pytest.mark.parametrize(
    ("header", "measure", "dimension"),
    [
        ("Media Platform\tNorfolk\tSuffolk", "records_mentioning_platform", "platform_as_written"),
        ("Victim Age\tNorfolk\tSuffolk", "victims", "age_band_as_written"),
    ],
)
def test_002539_every_cell_of_the_per_force_tables(db, header, measure, dimension):
    figures = figures_of(db, NS)
    rows = table_after(source_text(NS_TEXT), header)
    assert len(rows) >= 3
    for label, *cells in rows:
        for force, cell in zip(["norfolk", "suffolk"], cells, strict=True):
            f = one(figures, measure_id=measure, force_id=force, **{dimension: label})
            assert (f.value, f.value_as_written, f.status) == (cell_value(cell), cell, FigureStatus.REPORTED)
            assert (f.period_start, f.period_end) == FY_2017
            if cell == "-":
                assert "dash-read-as-none" in [c.caveat_id for c in f.caveat_links]


def test_002539_platforms_asked_about_but_not_found(db):
    text = source_text(NS_TEXT)
    question = text[text.index("2. *For each offence") : text.index("3. Of the results")]
    requested = [re.sub(r"[*\s]+$", "", m).strip("* ") for m in re.findall(r"^\s*- (.+)$", question, re.M)]
    found = {row[0].casefold() for row in table_after(text, "Media Platform\tNorfolk\tSuffolk")}
    absent = [p for p in requested if p.casefold() not in found]
    assert len(requested) == 23 and len(absent) == 21
    figures = figures_of(db, NS)
    for platform in absent:
        for force in ("norfolk", "suffolk"):
            f = one(
                figures,
                measure_id="records_mentioning_platform",
                force_id=force,
                platform_as_written=platform,
            )
            assert (f.status, f.value) == (FigureStatus.NOT_FOUND, None)


def test_002539_q3_nil_and_q4_youngest(db):
    figures = figures_of(db, NS)
    text = source_text(NS_TEXT)
    assert "None of the above investigations were linked to an offence under Home office code 088/02." in text
    for force in ("norfolk", "suffolk"):
        f = one(figures, measure_id="offences_linked_to_offence", force_id=force)
        assert (f.value, f.value_as_written) == (0, "None")
        linked = [o for o in f.offences if o.role == "linked"]
        assert [(o.code, o.as_written) for o in linked] == [("86/2", "088/02")]
    youngest = re.findall(r"^(Norfolk|Suffolk) – The youngest victim was (\d+) years old", text, re.M)
    assert len(youngest) == 2
    for force, age in youngest:
        assert one(figures, measure_id="youngest_victim_age", force_id=force.lower()).value == int(age)


# --- Hertfordshire, FOI2018/03922 -----------------------------------------------------------------

HERTS = "hertfordshire-foi2018-03922"


def test_03922_every_answer_is_a_figure_of_hertfordshire(db):
    text = source_text("hertfordshire_FOI2018-03922_livestreaming.txt")
    figures = figures_of(db, HERTS)
    assert {f.force_id for f in figures} == {"hertfordshire"}

    count, code = re.search(r"^Q1 – (\d+) offence of (\w+)", text, re.M).groups()
    f = one(figures, measure_id="offences_recorded")
    # It counts the codes searched (the clarified request's); the code found is in its note.
    assert (f.value, [o.code for o in f.offences]) == (
        int(count),
        ["21", "22B", "88/1", "88/2", "88E", "71/17"],
    )
    assert code in f.note

    platforms = re.search(r"^Q2 – From the above (\w+) and (\w+) were referenced", text, re.M).groups()
    for platform in platforms:
        assert one(figures, measure_id="records_mentioning_platform", platform_as_written=platform).value == 1

    linked = re.search(r"^Q3 – (\d+) – The offence was linked", text, re.M)[1]
    assert one(figures, measure_id="offences_linked_to_offence").value == int(linked)

    youngest = re.search(r"^Q4 – a\) (\d+) years old", text, re.M)[1]
    assert one(figures, measure_id="youngest_victim_age").value == int(youngest)

    victims, band = re.search(r"^b\) (\d+) victim in the ([\d-]+) bracket", text, re.M).groups()
    f = one(figures, measure_id="victims", status=FigureStatus.REPORTED)
    assert (f.value, f.age_band_id) == (int(victims), band)
    for f in figures:
        assert (f.period_start, f.period_end) == FY_2017


# --- Norfolk, FOI 004600/17 ------------------------------------------------------------------------

SOCIAL = "norfolk-foi-004600-17"
SOCIAL_TEXT = "norfolk_FOI-004600-17_social-media.txt"


def sectioned_rows(text: str, header: str, end: str) -> tuple[list[tuple], list[str]]:
    """(heading, *cells) for every data row, and the headings followed by NIL RETURN."""
    body = text[text.index(header) + len(header) : text.index(end)]
    rows, nil, heading = [], [], None
    for line in body.splitlines():
        cells = [c for c in line.split("\t") if c]
        if len(cells) == 1:
            if cells[0] == "NIL RETURN":
                nil.append(heading)
            else:
                heading = cells[0]
        elif cells:
            rows.append((heading, *cells))
    return rows, nil


def test_004600_every_heading_has_a_count_for_each_year_the_table_covers_zero_where_it_lists_none(db):
    rows, _ = sectioned_rows(
        source_text(SOCIAL_TEXT), "Financial Year\tCrime Banding\tOutcome", "- Type 1 - Charged"
    )
    listed = Counter((heading, year) for heading, year, *_ in rows)
    years = {year for _, year in listed}
    derived = {
        (f.platform_as_written, f.period_label): f.value
        for f in figures_of(db, SOCIAL)
        if f.derived_from and f.derived_from["derivation"] == "records-by-platform-year"
    }
    assert derived == {(heading, year): listed[heading, year] for heading, _ in listed for year in years}
    assert 0 in derived.values()  # a year with no rows under a heading is a derived 0, not nothing


def test_004600_table_a_every_row_is_a_record(db):
    rows, nil = sectioned_rows(
        source_text(SOCIAL_TEXT), "Financial Year\tCrime Banding\tOutcome", "- Type 1 - Charged"
    )
    assert len(rows) == 149 and nil == ["MusicaL.ly", "PINTEREST", "TWITCH"]
    records = records_of(db, SOCIAL)
    assert Counter(rows) == Counter(
        (r.platform_as_written, r.period_label, r.offence_as_written, r.outcome_as_written) for r in records
    )
    for r in records:
        assert r.period_start == dt.date(2000 + int(r.period_label[:2]), 4, 1)
        if m := re.match(r"^(\d+[A-Z]?)\. ", r.offence_as_written):
            assert r.offence_code == m[1]
        if m := re.match(r"^(?:Type )?0*(\d+)[ .]", r.outcome_as_written):
            assert r.outcome_id == m[1]


def test_004600_table_b_every_row_is_a_reported_figure(db):
    rows, nil = sectioned_rows(
        source_text(SOCIAL_TEXT), "Financial Year\tGender & Age\tNumber", "In addition to the above"
    )
    assert len(rows) == 58 and nil == ["Musical.ly", "PINTEREST", "TWITCH"]
    figures = [
        f for f in figures_of(db, SOCIAL) if f.measure_id == "victims" and f.status == FigureStatus.REPORTED
    ]
    assert Counter(rows) == Counter(
        (
            f.platform_as_written,
            f.period_label,
            f"{f.gender_as_written} {f.age_band_as_written}",
            f.value_as_written,
        )
        for f in figures
    )
    for f in figures:
        assert f.value == int(f.value_as_written)
        assert f.age_band_id == ("unknown" if f.age_band_as_written == "u/k" else f.age_band_as_written)


def test_004600_nil_returns_are_their_own_status(db):
    figures = figures_of(db, SOCIAL)
    for measure, headings in (
        ("records_mentioning_platform", ["MusicaL.ly", "PINTEREST", "TWITCH"]),
        ("victims", ["Musical.ly", "PINTEREST", "TWITCH"]),
    ):
        for heading in headings:
            f = one(figures, measure_id=measure, platform_as_written=heading, status=FigureStatus.NIL_RETURN)
            assert (f.value, f.value_as_written) == (0, "NIL RETURN")
            assert (f.period_start, f.period_end) == (dt.date(2014, 4, 1), dt.date(2017, 3, 31))


# --- unidentified force, 20210999 ------------------------------------------------------------------

UNNAMED = "unidentified-20210999"


def test_20210999_stated_figures_and_missing_ones(db):
    text = source_text("unnamed-force_20210999_sexual-communication.txt")
    figures = figures_of(db, UNNAMED)
    assert {f.force_id for f in figures} == {"unidentified"}

    mentions = re.findall(r"^\*?([A-Z]+) – (\d+|Nil Return)", text, re.M)
    assert len(mentions) == 6
    for platform, written in mentions:
        f = one(figures, measure_id="records_mentioning_platform", platform_as_written=platform)
        assert (f.period_start, f.period_end) == (dt.date(2020, 4, 1), dt.date(2021, 3, 31))
        if written == "Nil Return":
            assert (f.status, f.value) == (FigureStatus.NIL_RETURN, 0)
        else:
            assert (f.status, f.value) == (FigureStatus.REPORTED, int(written))

    without = re.search(r"(\d+) offences are currently recorded without victim details", text)[1]
    assert one(figures, measure_id="offences_without_victim_details").value == int(without)
    withheld = one(figures, measure_id="youngest_victim_age")
    assert (withheld.status, withheld.value, withheld.exemption_section) == (
        FigureStatus.WITHHELD,
        None,
        "40(2)",
    )
    missing = [f for f in figures if f.status == FigureStatus.NOT_IN_DOCUMENT]
    assert {f.measure_id for f in missing} == {"offences_recorded", "victims"}
    assert all(
        f.value is None and (f.period_start, f.period_end) == (dt.date(2020, 7, 1), dt.date(2021, 3, 31))
        for f in missing
    )


# --- Norfolk, FOI 000763/16 ------------------------------------------------------------------------

SEXTORTION = "norfolk-foi-000763-16"
SEXTORTION_TEXT = "norfolk_FOI-000763-16_sextortion.txt"


def test_000763_q1_every_year_and_the_total(db):
    rows = table_after(source_text(SEXTORTION_TEXT), "Year\tNumber of Crimes")
    assert len(rows) == 6
    figures = [f for f in figures_of(db, SEXTORTION) if f.measure_id == "offences_recorded"]
    for label, count in rows:
        f = one(figures, period_label=label)
        assert (f.value, f.force_id, [o.code for o in f.offences]) == (int(count), "norfolk", ["35"])
        if label != "Total":
            assert (f.period_start, f.period_end) == (dt.date(int(label), 1, 1), dt.date(int(label), 12, 31))
        else:
            assert (f.period_start, f.period_end) == (dt.date(2011, 1, 1), dt.date(2015, 12, 31))


def test_000763_q2_every_row_is_a_record(db):
    text = source_text(SEXTORTION_TEXT)
    body = text[text.index("Year\tDetails\tOutcome\tVictim Age") : text.index("No further specific details")]
    rows = [tuple(line.split("\t")) for line in body.splitlines()[1:] if line.strip()]
    assert len(rows) == 68
    records = records_of(db, SEXTORTION)
    assert Counter(rows) == Counter(
        (r.period_label, r.description, r.outcome_as_written, r.victim_age_as_written) for r in records
    )
    for r in records:
        assert r.victim_age == (
            None if r.victim_age_as_written == "Not stated" else int(r.victim_age_as_written)
        )
        assert r.offence_code == "35"
