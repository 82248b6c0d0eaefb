"""GET /v1/figures and /v1/figures/{id}: envelope, pagination, filters, sorting, formats, and what
every figure carries."""

from __future__ import annotations

import math
import re

import pytest
from sqlalchemy import event

from api.pagination import Page
from core.text import lines_of
from seeds.source_document import squash
from tests.helpers import all_pages

VALUELESS = {
    "withheld",
    "not_in_document",
    "not_found",
    "not_given",
    "suppressed",
    "refused_cost",
    "not_held",
}


def ids(client, url: str) -> list[str]:
    return [f["id"] for f in all_pages(client, url)]


# --- envelope and pagination ---------------------------------------------------------------


def pages_of(total: int, size: int = 50) -> int:
    return max(1, math.ceil(total / size))


def test_figures_come_in_the_envelope_with_pagination_and_links(client, release):
    response = client.get("/v1/figures")
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["data", "pagination", "links", "comparability", "release"]
    total = release.figure_count  # what the loader counted from the seeds
    assert body["pagination"] == {"page": 1, "page_size": 50, "total": total, "pages": pages_of(total)}
    assert len(body["data"]) == 50
    assert body["links"]["prev"] is None
    assert body["links"]["next"] == "http://api.test/v1/figures?page=2"


def test_the_same_links_are_in_a_link_header(client):
    link = client.get("/v1/figures?page=2").headers["Link"]
    assert '<http://api.test/v1/figures?page=3>; rel="next"' in link
    assert '<http://api.test/v1/figures?page=1>; rel="prev"' in link
    assert 'rel="first"' in link and 'rel="last"' in link


def test_the_last_page_has_no_next_link(client, release):
    last = pages_of(release.figure_count)
    body = client.get(f"/v1/figures?page={last}").get_json()
    assert len(body["data"]) == release.figure_count - (last - 1) * 50
    assert body["links"]["next"] is None
    assert body["links"]["prev"] == f"http://api.test/v1/figures?page={last - 1}"


def test_page_links_keep_the_filters(client):
    body = client.get("/v1/figures?status=derived&page_size=100").get_json()
    assert body["links"]["next"] == "http://api.test/v1/figures?status=derived&page_size=100&page=2"


def test_page_links_are_right_when_another_argument_holds_a_nul(app):
    # A page's links come from one URL built with a NUL where the page number goes; a NUL the
    # request itself holds must not be taken for that mark.
    with app.test_request_context("/v1/figures?force=%00&page=2"):
        links = Page(items=[], page=2, page_size=50, total=200).links()
    assert links == {rel: f"http://api.test/v1/figures?force=%00&page={n}"
                     for rel, n in {"self": 2, "first": 1, "last": 4, "next": 3, "prev": 1}.items()}  # fmt: skip


def test_a_page_past_the_end_is_empty_not_an_error(client, release):
    body = client.get(f"/v1/figures?page={pages_of(release.figure_count) + 1}").get_json()
    assert body["data"] == [] and body["pagination"]["total"] == release.figure_count


# --- filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "path", "expected"),
    [
        (
            "response=norfolk-suffolk-foi-002539-18",
            ("source", "response_id"),
            {"norfolk-suffolk-foi-002539-18"},
        ),
        ("force=suffolk", ("force", "id"), {"suffolk"}),
        ("force=suffolk,hertfordshire", ("force", "id"), {"suffolk", "hertfordshire"}),
        ("force=suffolk&force=hertfordshire", ("force", "id"), {"suffolk", "hertfordshire"}),
        (
            "status=withheld&status=not_in_document,nil_return",
            ("status",),
            {"withheld", "not_in_document", "nil_return"},
        ),
        ("measure=youngest_victim_age", ("measure",), {"youngest_victim_age"}),
        ("status=nil_return", ("status",), {"nil_return"}),
        ("status=withheld,not_in_document", ("status",), {"withheld", "not_in_document"}),
        ("platform=snapchat", ("dimensions", "platform", "id"), {"snapchat"}),
        ("age_band=12-15", ("dimensions", "age_band", "id"), {"12-15"}),
        ("gender=male", ("dimensions", "gender", "id"), {"male"}),
        ("derived=only", ("status",), {"derived"}),
    ],
)
def test_filters_return_only_matching_figures(client, query, path, expected):
    figures = all_pages(client, f"/v1/figures?{query}&page_size=500")
    found = set()
    for figure in figures:
        value = figure
        for part in path:
            value = value[part]
        found.add(value)
    assert found == expected


@pytest.mark.parametrize("spelling", ["SnapChat", "SNAPCHAT", "snap chat", "Snapchat"])
def test_platform_filter_takes_any_alias_ignoring_case(client, spelling):
    assert ids(client, f"/v1/figures?platform={spelling}&page_size=500") == ids(
        client, "/v1/figures?platform=snapchat&page_size=500"
    )


def test_live_me_resolves_to_liveme(client):
    figures = all_pages(client, "/v1/figures?platform=Live%20Me")
    assert {f["dimensions"]["platform"]["as_written"] for f in figures} == {"Live Me"}


@pytest.mark.parametrize("variant", ["71/17", "7117", "071/17"])
def test_offence_filter_takes_any_written_variant(client, variant):
    found = ids(client, f"/v1/figures?offence={variant}&page_size=500")
    assert found and found == ids(client, "/v1/figures?offence=71/17&page_size=500")


def test_include_children_takes_in_an_umbrella_codes_sub_codes(client):
    umbrella_only = all_pages(client, "/v1/figures?offence=88A&page_size=500")
    with_children = all_pages(client, "/v1/figures?offence=88A&include_children=true&page_size=500")
    assert len(with_children) > len(umbrella_only)
    codes = {o["id"] for f in with_children for o in f["dimensions"]["offences"]}
    assert {"88A", "71/17"} <= codes
    assert all(
        {o["id"] for o in f["dimensions"]["offences"]} & {"88A", "71/17", "88/1", "88/2"}
        for f in with_children
    )


def test_possession_and_taking_images_stay_apart(client):
    possession = all_pages(client, "/v1/figures?offence=86/10&page_size=500")
    making = all_pages(client, "/v1/figures?offence=086/02&page_size=500")
    assert possession and making
    assert not {f["id"] for f in possession} & {f["id"] for f in making}


@pytest.mark.parametrize(
    ("query", "start_at_most", "end_at_least"),
    [
        ("financial_year=2016/17", "2017-03-31", "2016-04-01"),
        ("from=2015-01-01&to=2015-12-31", "2015-12-31", "2015-01-01"),
    ],
)
def test_period_filters_keep_figures_whose_period_overlaps(client, query, start_at_most, end_at_least):
    figures = all_pages(client, f"/v1/figures?{query}&page_size=500")
    assert figures
    for figure in figures:
        assert figure["period"]["start"] <= start_at_most and figure["period"]["end"] >= end_at_least


def test_derived_figures_are_included_by_default_and_can_be_excluded(client, release):
    total = client.get("/v1/figures").get_json()["pagination"]["total"]
    excluded = client.get("/v1/figures?derived=exclude").get_json()["pagination"]["total"]
    only = client.get("/v1/figures?derived=only").get_json()["pagination"]["total"]
    assert excluded + only == total
    assert only == sum(f.status == "derived" for b in release.bundles for f in b.figures) > 0


def test_caveat_filter(client):
    figures = all_pages(client, "/v1/figures?caveat=withheld-s40-2")
    assert [f["status"] for f in figures] == ["withheld"]


# --- sorting -------------------------------------------------------------------------------------


def test_sort_by_value_descending_puts_the_largest_first_and_no_values_last(client):
    figures = all_pages(client, "/v1/figures?sort=-value&page_size=500")
    values = [f["value"] for f in figures]
    numbers = [v for v in values if v is not None]
    assert numbers == sorted(numbers, reverse=True)
    assert values[: len(numbers)] == numbers


def test_sort_by_period(client):
    starts = [f["period"]["start"] for f in all_pages(client, "/v1/figures?sort=period&page_size=500")]
    assert starts == sorted(starts)


# --- one figure ----------------------------------------------------------------------------------


def test_a_figure_by_id(client):
    figure = client.get("/v1/figures?status=withheld").get_json()["data"][0]
    response = client.get(figure["links"]["self"])
    assert response.status_code == 200
    assert response.get_json() == {**figure, "release": response.headers["X-Data-Release"]}


def test_an_unknown_figure_is_a_404_problem(client):
    response = client.get("/v1/figures/no-such-figure")
    assert response.status_code == 404
    assert "no-such-figure" in response.get_json()["detail"]


# --- what every figure carries -----------------------------------------------------------------


@pytest.mark.parametrize(
    "collection", ["/v1/figures", "/v1/offences", "/v1/platform-mentions", "/v1/victim-age-bands"]
)
def test_every_figure_anywhere_carries_caveats_citation_and_a_source_quote_that_is_in_its_source(
    client, collection
):
    figures = all_pages(client, f"{collection}?page_size=500")
    assert figures
    sources: dict[str, str] = {}
    for figure in figures:
        assert figure["caveats"], figure["id"]
        source = figure["source"]
        url = source["url"].split("#")[0]
        if url not in sources:
            sources[url] = " ".join(client.get(url).get_data(as_text=True).split())
        assert " ".join(source["quote"].split()) in sources[url], figure["id"]
        assert source["question_text"], figure["id"]
        assert figure["source"]["reference"] in figure["citation"]
        # Which caveat the citation prints is a rule of its own: tests/core/test_citation.py.


def test_every_figures_line_is_the_one_its_quote_starts_on_and_the_quote_holds_its_value(client):
    """A quote written twice in a document (two tables with the same heading) points to the
    occurrence the figure was read from: the one starting on its line."""
    sources: dict[str, list[str]] = {}
    for figure in all_pages(client, "/v1/figures?page_size=500"):
        source = figure["source"]
        url, _, anchor = source["url"].partition("#L")
        lines = sources.setdefault(url, lines_of(client.get(url).get_data(as_text=True)))
        if source["line"] is None:
            continue
        assert anchor == str(source["line"]), figure["id"]
        if row := re.search(r"\.line-(\d+)$", figure["id"]):  # read from a table row: at or just above it
            assert int(row[1]) - 3 <= source["line"] <= int(row[1]), figure["id"]
        first, *rest = lines_of(source["quote"]) or [""]
        assert squash(first) in squash(lines[source["line"] - 1]), figure["id"]
        following = squash(" ".join(lines[source["line"] : source["line"] + len(rest) + 5]))
        assert all(squash(line) in following for line in rest), figure["id"]
        if figure["status"] in ("reported", "nil_return") and figure["value_as_written"]:
            assert squash(figure["value_as_written"]).lower() in squash(source["quote"]).lower(), figure["id"]


def test_absent_figures_have_a_status_and_no_value(client):
    for figure in all_pages(client, "/v1/figures?page_size=500"):
        if figure["status"] in VALUELESS:
            assert figure["value"] is None, figure["id"]
        else:
            assert isinstance(figure["value"], int), figure["id"]


def test_derived_figures_say_so_and_show_what_they_were_derived_from(client, release):
    derived = all_pages(client, "/v1/figures?status=derived&page_size=500")
    assert len(derived) == sum(f.status == "derived" for b in release.bundles for f in b.figures) > 0
    for figure in derived:
        assert figure["caveats"][0]["id"] == "derived-by-project"
        assert "counted by foi-stats" in figure["citation"]
        sources = figure["derived_from"]
        assert sources["method"]
        if "records" in sources:
            assert figure["value"] == len(sources["records"])
        else:
            summed = [client.get(f"/v1/figures/{i}").get_json()["value"] for i in sources["figures"]]
            assert figure["value"] == sum(summed)
    assert all(
        f["derived_from"] is None for f in all_pages(client, "/v1/figures?status=reported&page_size=500")
    )


def test_a_figure_keeps_the_forces_wording_beside_the_harmonised_value(client):
    url = "/v1/figures?response=norfolk-suffolk-foi-002539-18&measure=records_mentioning_platform&force=norfolk&platform=snapchat"
    (snapchat,) = all_pages(client, url)
    assert snapchat["dimensions"]["platform"] == {
        "id": "snapchat",
        "label": "Snapchat",
        "as_written": "SnapChat",
    }
    assert snapchat["force"] == {"id": "norfolk", "name": "Norfolk Constabulary", "ons_code": "E23000024"}
    assert snapchat["period"] == {
        "start": "2017-04-01", "end": "2018-03-31", "label": "between April 1st 2017 and March 31st 2018", "kind": "financial_year",
    }  # fmt: skip


def test_the_citation_is_a_printable_sentence(client):
    (figure,) = all_pages(client, "/v1/figures?force=suffolk&platform=liveme")
    assert figure["citation"] == (
        "Suffolk Constabulary reported 3 crime records mentioning LiveMe under Home Office codes 21, 22B, 88A, 88E "
        "and 71/17 in the financial year 2017/18, counting only offences whose free text contains one of six "
        "spellings of 'live stream', platforms found by the force reviewing each of those records by hand, "
        "according to FOI response FOI 002539-18. Caveat: Counted umbrella code 88A (all sexual grooming); "
        "Hertfordshire's answer to the same request counted only 88/1 and 88/2."
    )


@pytest.mark.parametrize(
    "url",
    [
        "/v1/victim-age-bands?force=norfolk&age_band=13&gender=female&page_size=7",
        "/v1/platform-mentions?platform=snapchat&page_size=7",
    ],
)
def test_a_filtered_list_reads_its_ids_from_a_covering_index(app, client, database_url, url):
    """The loader leaves the planner fresh statistics (ANALYZE): without them SQLite chose the
    index on `restates`, NULL for nearly every figure, and read the whole table for each page."""
    if not database_url.startswith("sqlite"):
        pytest.skip("reads SQLite's query plan")
    statements = []
    engine = app.extensions["foi_db"].reads

    def remember(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    statement, parameters = next((s, p) for s, p in statements if s.startswith("SELECT figures.id"))
    with engine.connect() as connection:
        plan = " | ".join(
            row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        )
    assert "USING COVERING INDEX ix_figures_" in plan, plan
