"""What forces write resolves to one harmonised id: codes, platforms, outcomes, bands, periods."""

from __future__ import annotations

import datetime as dt

import pytest

from core.harmonise import Unresolved, calendar_year, financial_year, normalise_offence_code, outcome_number
from seeds.loader import SEEDS_DIR, build_release
from seeds.reference import load_code_lists
from seeds.yamlio import SeedErrors
from tests.helpers import edit


@pytest.fixture(scope="module")
def lists():
    return load_code_lists(SEEDS_DIR / "reference")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("086/02", "86/2"),
        ("86/02", "86/2"),
        ("86/2", "86/2"),
        ("7117", "71/17"),
        ("71/17", "71/17"),
        ("071/17", "71/17"),
        ("088/02", "88/2"),
        ("88/1", "88/1"),
        ("22B", "22B"),
        ("022b", "22B"),
        ("88A", "88A"),
        ("21", "21"),
        (" 35 ", "35"),
    ],
)
def test_offence_code_variants_normalise_to_one_canonical_code(lists, written, canonical):
    assert lists.offence_code(written) == canonical


def test_an_unseparated_code_is_only_read_through_the_listed_variants():
    assert normalise_offence_code("7117", {"7117": "71/17"}) == "71/17"
    with pytest.raises(Unresolved):  # no rule can split it (71/17? 711/7?): the code list must say
        normalise_offence_code("7117")


@pytest.mark.parametrize("written", ["88B", "999", "abc", "71/17/2"])
def test_an_unknown_offence_code_is_refused(lists, written):
    with pytest.raises(Unresolved):
        lists.offence_code(written)


def test_sub_codes_hang_under_their_umbrella(lists):
    children = sorted(c.code for c in lists.offence_codes.values() if c.parent_code == "88A")
    assert children == ["71/17", "88/1", "88/2"]
    assert lists.offence_codes["88A"].umbrella
    assert lists.offence_codes["86/10"].parent_code == lists.offence_codes["86/2"].parent_code == "86"


@pytest.mark.parametrize(
    ("written", "platform"),
    [
        ("SnapChat", "snapchat"),
        ("SNAPCHAT", "snapchat"),
        ("MusicaL.ly", "musically"),
        ("Musical.ly", "musically"),
        ("Live Me", "liveme"),
        ("LiveMe", "liveme"),
        ("Live.ly", "lively"),
        ("ooVoo", "oovoo"),
        ("Oovoo", "oovoo"),
        ("Messenger", "messenger"),
        ("Whatsapp call", "whatsapp"),
        ("WHATSAPP", "whatsapp"),
        ("KIK", "kik"),
        ("Google hangouts", "google-hangouts"),
        ("Playstation network", "playstation-network"),
        ("Yellow", "yellow"),
    ],
)
def test_platform_aliases_resolve(lists, written, platform):
    assert lists.platform(written) == platform


def test_renamed_platforms_keep_their_own_id_and_point_at_their_successor(lists):
    assert lists.platforms["yellow"].successor_id == "yubo"
    assert lists.platforms["musically"].successor_id == "tiktok"
    assert lists.platform("Yubo") == "yubo"


@pytest.mark.parametrize(
    ("written", "outcome"),
    [
        ("18. No Suspect. Crime investigated. Case closed pending", "18"),
        ("Type 15", "15"),
        ("01. Charged/Summons", "1"),
        ("Type 1 - Charged/Summons/Postal Requisition", "1"),
        ("08.1. Restorative / Youth Restorative Disposal", "8"),
        ("Type 3 - Caution Adult", "3"),
        ("Undetected", "legacy-undetected"),
        ("Charge", "legacy-charge"),
        ("Caution", "legacy-caution"),
        ("Caution – Youth", "2"),
        ("-", "none-recorded"),
    ],
)
def test_outcome_labels_resolve_to_a_type_or_a_legacy_label(lists, written, outcome):
    assert lists.outcome(written) == outcome


def test_outcome_number_reads_only_a_leading_type_number():
    assert outcome_number("Type 1A") == "1A"
    assert outcome_number("Undetected") is None


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("11 years and younger", "0-11"),
        ("11 and under", "0-11"),
        ("12-15", "12-15"),
        ("12 to 15", "12-15"),
        ("16-17", "16-17"),
        ("16 and over", "16-plus"),
        ("13", "13"),
        ("u/k", "unknown"),
        ("Not stated", "unknown"),
    ],
)
def test_age_bands_resolve_with_explicit_bounds(lists, written, band):
    assert lists.age_band(written) == band


def test_bands_that_overlap_differently_are_never_merged(lists):
    assert (lists.age_bands["16-17"].lower, lists.age_bands["16-17"].upper) == (16, 17)
    assert (lists.age_bands["16-plus"].lower, lists.age_bands["16-plus"].upper) == (16, None)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("14/15", dt.date(2014, 4, 1), dt.date(2015, 3, 31)),
        ("2016/17", dt.date(2016, 4, 1), dt.date(2017, 3, 31)),
    ],
)
def test_financial_years_run_april_to_march(label, start, end):
    assert financial_year(label) == (start, end)


@pytest.mark.parametrize("label", ["14/16", "2014", "14-15"])
def test_a_malformed_financial_year_is_refused(label):
    with pytest.raises(Unresolved):
        financial_year(label)


@pytest.mark.parametrize("label", ["1900/01", "2099/00", "99/00"])
def test_financial_years_from_1900_01_to_2099_00_are_served(label):
    start, end = financial_year(label)
    assert (start.month, end.month) == (4, 3) and 1900 <= start.year <= 2099


# 9999/00 and 0000/01 would be dates Python cannot build (years 10000 and 0).
@pytest.mark.parametrize("label", ["9999/00", "0000/01", "1899/00", "2100/01"])
def test_a_financial_year_outside_1900_to_2099_is_refused_with_the_range(label):
    with pytest.raises(Unresolved, match="from 1900/01 to 2099/00"):
        financial_year(label)


def test_the_loader_reports_an_impossible_financial_year_rather_than_crashing(seeds_copy):
    edit(
        seeds_copy / "disclosures" / "norfolk-foi-004600-17.yaml",
        'three-years: {start: "2014-04-01", end: "2017-03-31", kind: range,',
        'three-years: {kind: financial_year, label: "9999/00"} #',
    )
    with pytest.raises(SeedErrors, match="'9999/00' is outside the financial years"):
        build_release(seeds_copy)


def test_calendar_years():
    assert calendar_year("2011") == (dt.date(2011, 1, 1), dt.date(2011, 12, 31))


def test_every_force_has_an_ons_code_except_btp_and_the_unidentified_record(lists):
    territorial = [f for f in lists.forces.values() if f.kind == "territorial"]
    assert len(territorial) == 43
    assert all(f.ons_code for f in territorial)
    assert lists.forces["hertfordshire"].ons_code == "E23000027"
    assert lists.forces["unidentified"].ons_code is None
