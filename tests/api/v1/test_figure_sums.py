"""Sums that never double count: each figure says what it is broken down by and which totals it is
a part of, a list filters by breakdown, and its comparability block says when summing its values
would count a record twice (parts beside their totals, restatements beside what they restate).
Checked on the real seeds and on the synthetic fixture `synthetic-sums`, expectations taken from
the data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.v1.figures.query import overlapping as overlapping_parts
from seeds.disclosure.sums import value_of
from tests.helpers import all_pages, csv_rows

SNAPCHAT = "/v1/platform-mentions?platform=snapchat&page_size=500"
SUMS = "synthetic-sums"


@pytest.fixture(scope="module")
def fixtures_client(fixtures_app):
    return fixtures_app.test_client()


@pytest.fixture(scope="module")
def every_figure(any_app) -> dict[str, dict]:
    """Every figure listed, restatements too, of the real seeds and of the seeds with the fixtures."""
    client = any_app.test_client()
    return {f["id"]: f for f in all_pages(client, "/v1/figures?restatements=include&page_size=500")}


KINDS = ("parts", "totals", "restatements", "overlapping")
NOTHING_TWICE = ([], [], [], [])


def double_counted(figures: list[dict]) -> tuple[list[str], ...]:
    """(parts, totals, restatements, overlapping) that a sum over these figures would count twice."""
    listed = {f["id"] for f in figures}
    parts = sorted(f["id"] for f in figures if listed & set(f["part_of"]))
    totals = sorted({t for f in figures for t in f["part_of"] if t in listed})
    restatements = sorted(f["id"] for f in figures if f["restates"] in listed)
    return parts, totals, restatements, overlapping(figures)


def cell(figure: dict, dimension: str):
    """A figure's value in one breakdown dimension, as two parts of one total compare it."""
    if dimension == "period":
        return figure["period"]["start"], figure["period"]["end"]
    if dimension == "offence":
        return sorted((o["id"] or o["as_written"], o["role"]) for o in figure["dimensions"]["offences"])
    value = figure["dimensions"][dimension]
    return value and (value["id"] or value["as_written"])


def overlapping(figures: list[dict]) -> list[str]:
    """Parts of one total, neither a part of the other, whose cells overlap: broken down in
    different ways (per offence, per outcome) and the same in every dimension both are broken
    down by, so some records are in both."""
    found = set()
    for a, b in combinations([f for f in figures if f["part_of"]], 2):
        shared = set(a["breakdown"]) & set(b["breakdown"])
        if (
            set(a["part_of"]) & set(b["part_of"])
            and a["id"] not in b["part_of"]
            and b["id"] not in a["part_of"]
            and all(cell(a, d) == cell(b, d) for d in shared)
        ):
            found |= {a["id"], b["id"]}
    return sorted(found)


def block_ids(block: dict | None) -> tuple[list[str], ...]:
    counting = block and block["double_counting"]
    if not counting:
        return NOTHING_TWICE
    for kind in KINDS:
        assert counting[kind]["count"] == len(counting[kind]["ids"])  # under the listing limit here
    return tuple(counting[kind]["ids"] for kind in KINDS)


# --- what each figure says -----------------------------------------------------------------------------


def test_a_part_names_its_totals_and_is_broken_down_by_more_than_each(every_figure):
    parts = [f for f in every_figure.values() if f["part_of"]]
    assert parts, "the seeds break totals down (004600/17's records per offence and outcome)"
    for part in parts:
        for total_id in part["part_of"]:
            total = every_figure[total_id]
            assert set(total["breakdown"]) < set(part["breakdown"]), (part["id"], total_id)
            assert (total["measure"], total["force"]["id"]) == (part["measure"], part["force"]["id"])
            assert total["source"]["response_id"] == part["source"]["response_id"]


def test_the_parts_of_one_breakdown_add_up_to_their_total(every_figure):
    """Unless the force's own figures disagree, which its seed declares (a caveat says so)."""
    sums: dict[tuple[str, tuple], list[dict]] = defaultdict(list)
    for figure in every_figure.values():
        if figure["part_of"]:
            sums[(figure["part_of"][0], tuple(figure["breakdown"]))].append(figure)
    assert sums
    for (total_id, breakdown), parts in sums.items():
        total = every_figure[total_id]
        caveats = {c["id"] for f in [total, *parts] for c in f["caveats"]}
        if "force-figures-disagree" in caveats or any(p["value"] is None for p in parts):
            continue
        assert sum(p["value"] for p in parts) == total["value"], (total_id, breakdown)


def test_a_figure_is_broken_down_by_the_dimensions_that_limit_it(every_figure):
    for figure in every_figure.values():
        dimensions = figure["dimensions"]
        for name in ("age_band", "gender", "outcome"):
            if dimensions[name]:
                assert name in figure["breakdown"], figure["id"]
        if figure["status"] == "derived" and "offence" in figure["derived_from"]["derivation"]:
            assert "offence" in figure["breakdown"], figure["id"]


def test_a_restatement_says_what_it_restates_and_agrees_with_it(every_figure):
    restatements = [f for f in every_figure.values() if f["restates"]]
    for figure in restatements:
        restated = every_figure[figure["restates"]]
        spans = [(f["period"]["start"], f["period"]["end"]) for f in (figure, restated)]
        assert (figure["value"], figure["measure"]) == (restated["value"], restated["measure"])
        assert spans[0] == spans[1]
        assert f"This restates figure {restated['id']}" in figure["citation"]


# --- the filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        ("none", []),
        ("offence", ["offence"]),
        ("age_band%2Bgender", ["age_band", "gender"]),
        ("gender+age_band", ["age_band", "gender"]),  # '+' in a URL reads as a space: taken too
    ],
)
def test_the_breakdown_filter_keeps_exactly_that_breakdown(client, breakdown, expected):
    listed = all_pages(client, "/v1/figures?page_size=500")
    filtered = all_pages(client, f"/v1/figures?breakdown={breakdown}&page_size=500")
    assert filtered, "the seeds have figures of each of these breakdowns"
    assert [f["id"] for f in filtered] == [f["id"] for f in listed if f["breakdown"] == expected]


def test_totals_only_never_double_count(client):
    body = client.get(SNAPCHAT + "&breakdown=none").get_json()
    assert body["data"] and all(f["breakdown"] == [] for f in body["data"])
    assert block_ids(body.get("comparability")) == NOTHING_TWICE


def test_an_unknown_breakdown_is_a_400_listing_the_dimensions(client):
    response = client.get("/v1/figures?breakdown=offense")
    assert response.status_code == 400
    (error,) = response.get_json()["errors"]
    assert "none" in error["allowed"] and "offence" in error["allowed"]


# --- the comparability block ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", [SNAPCHAT, "/v1/figures?response=norfolk-foi-000763-16&page_size=500"])
def test_the_block_names_every_part_listed_beside_its_total(client, query):
    figures = all_pages(client, query)
    parts, totals, restatements, overlaps = double_counted(figures)
    assert parts, "these lists mix totals with their own breakdowns"
    block = client.get(query).get_json()["comparability"]
    assert block_ids(block) == (parts, totals, restatements, overlaps)
    totals_words = f"{len(totals)} total{'s' if len(totals) > 1 else ''}"
    assert f"{len(parts)} figures are parts of {totals_words} also listed" in block["note"]
    assert "breakdown=none" in block["double_counting"]["note"]


# Two breakdowns of one total without the total: 004600/17's records per platform and year, per
# offence and per outcome; and breakdowns that nest (an age band, by gender) or do not overlap.
BREAKDOWN_PAIRS = ["offence&breakdown=outcome", "age_band&breakdown=age_band%2Bgender", "age_band&breakdown=gender",
                   "outcome&breakdown=period", "none&breakdown=offence&breakdown=outcome"]  # fmt: skip


@pytest.mark.parametrize("breakdowns", BREAKDOWN_PAIRS)
@pytest.mark.parametrize(
    "other", ["", "&measure=records_mentioning_platform", "&status=derived", "&platform=facebook"]
)
def test_the_block_names_every_figure_a_sum_of_several_breakdowns_counts_twice(any_app, breakdowns, other):
    client = any_app.test_client()
    query = f"/v1/figures?breakdown={breakdowns}{other}&page_size=500"
    figures = all_pages(client, query)
    expected = double_counted(figures)
    assert block_ids(client.get(query).get_json().get("comparability")) == expected
    if expected[3]:
        note = client.get(query).get_json()["comparability"]["double_counting"]["note"]
        assert f"{len(expected[3])} figures break down the same total" in note


def test_two_breakdowns_of_one_total_without_it_are_counted_twice(client):
    query = "/v1/figures?breakdown=offence&breakdown=outcome&page_size=500"
    assert overlapping(all_pages(client, query)), "004600/17 breaks its totals down by offence and by outcome"
    assert client.get(query).get_json()["comparability"]["double_counting"]["overlapping"]["count"]


def test_a_list_from_one_response_has_a_block_only_when_its_sum_would_double_count(client):
    for response in all_pages(client, "/v1/responses?page_size=500"):
        query = f"/v1/figures?response={response['id']}&page_size=500"
        body = client.get(query).get_json()
        counts_twice = double_counted(all_pages(client, query)) != NOTHING_TWICE
        assert ("comparability" in body) == counts_twice, response["id"]


def test_the_csv_has_the_breakdown_and_the_totals(client):
    figures = all_pages(client, SNAPCHAT)
    rows = csv_rows(client.get(SNAPCHAT.replace("platform-mentions", "platform-mentions.csv")))
    for figure, row in zip(figures, rows, strict=True):
        assert row["breakdown"] == " | ".join(figure["breakdown"])
        assert row["part_of"] == " | ".join(figure["part_of"])
        assert row["restates"] == (figure["restates"] or "")


# --- the synthetic fixture: a total, its breakdown and a Sum row restating it ---------------------------


def test_a_restatement_is_listed_only_when_asked_for(fixtures_client):
    listed = all_pages(fixtures_client, f"/v1/figures?response={SUMS}")
    restating = all_pages(fixtures_client, f"/v1/figures?response={SUMS}&restatements=only")
    assert restating and all(f["restates"] for f in restating)
    assert not {f["id"] for f in restating} & {f["id"] for f in listed}
    included = all_pages(fixtures_client, f"/v1/figures?response={SUMS}&restatements=include")
    assert sorted(f["id"] for f in included) == sorted(f["id"] for f in [*listed, *restating])
    for figure in restating:  # still reachable on its own, saying what it restates
        one = fixtures_client.get(figure["links"]["self"]).get_json()
        assert one["restates"] == figure["restates"]


def test_the_fixture_block_names_its_parts_totals_and_restatements(fixtures_client):
    query = f"/v1/figures?response={SUMS}&restatements=include"
    figures = all_pages(fixtures_client, query)
    parts, totals, restatements, overlaps = double_counted(figures)
    assert parts and totals and restatements
    block = fixtures_client.get(query).get_json()["comparability"]
    assert block_ids(block) == (parts, totals, restatements, overlaps)
    assert block["note"].startswith("These figures come from one response. Summing value double counts:")
    # Totals only, restatements left out: one figure per record counted, and no block.
    body = fixtures_client.get(f"/v1/figures?response={SUMS}&breakdown=none").get_json()
    assert [f["id"] for f in body["data"]] == totals
    assert "comparability" not in body


def test_the_fixture_parts_are_its_total_broken_down_by_gender(fixtures_client):
    total_id = f"{SUMS}.q1.total"
    parts = all_pages(fixtures_client, f"/v1/figures?response={SUMS}&breakdown=gender")
    assert parts and all(f["part_of"] == [total_id] for f in parts)
    total = fixtures_client.get(f"/v1/figures/{total_id}").get_json()
    assert sum(f["value"] for f in parts) == total["value"]


def test_counts_beside_a_link_to_figures_count_what_the_link_lists(fixtures_client):
    """A response's, force's or caveat's count of figures leaves restatements out, as its list does."""
    response = fixtures_client.get(f"/v1/responses/{SUMS}").get_json()
    counted = [(response["counts"]["figures"], f"/v1/figures?response={SUMS}")]
    force = fixtures_client.get("/v1/forces/unidentified").get_json()
    counted.append((force["counts"]["figures"], force["links"]["figures"]))
    for caveat in fixtures_client.get("/v1/caveats").get_json()["data"]:
        counted.append((caveat["figures"], caveat["links"]["figures"]))
    for count, link in counted:
        assert fixtures_client.get(link).get_json()["pagination"]["total"] == count, link


# --- the overlap search, against every pair ------------------------------------------------------

DIMENSION_VALUES = {"age_band": ["0", "1", None], "gender": ["female", "male"], "outcome": ["1", "18"]}


def part(i: int, dims: frozenset[str], values: dict) -> SimpleNamespace:
    return SimpleNamespace(
        id=f"p{i}", breakdown_dimensions=sorted(dims), force_id="kent", offences=[],
        period_start=dt.date(2020, 4, 1), period_end=dt.date(2021, 3, 31), outcome_as_written=None,
        **{f"{d}_id": values.get(d) for d in DIMENSION_VALUES},
    )  # fmt: skip


PARTS = st.lists(
    st.tuples(
        st.frozensets(st.sampled_from(sorted(DIMENSION_VALUES)), min_size=1),
        st.fixed_dictionaries({d: st.sampled_from(v) for d, v in DIMENSION_VALUES.items()}),
        st.integers(0, 2),  # which of three totals it is a part of
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(PARTS, st.sets(st.tuples(st.integers(0, 11), st.integers(0, 11))))
def test_the_overlap_search_finds_what_comparing_every_pair_finds(specs, nestings):
    figures = [part(i, dims, values) for i, (dims, values, _) in enumerate(specs)]
    totals_of = {f.id: {f"total-{total}"} for f, (_, _, total) in zip(figures, specs, strict=True)}
    for inner, outer in nestings:  # some parts are also parts of other parts
        if inner < len(figures) and outer < len(figures) and inner != outer:
            totals_of[f"p{inner}"].add(f"p{outer}")
    parts_of: dict[str, list] = defaultdict(list)
    for f in figures:
        for total in totals_of[f.id]:
            parts_of[total].append(f)
    by_every_pair = set()
    for parts in parts_of.values():
        for a, b in combinations(parts, 2):
            nested = a.id in totals_of[b.id] or b.id in totals_of[a.id]
            shared = set(a.breakdown_dimensions) & set(b.breakdown_dimensions)
            if not nested and all(value_of(a, d) == value_of(b, d) for d in shared):
                by_every_pair |= {a.id, b.id}
    assert overlapping_parts(parts_of, totals_of) == by_every_pair
