"""GET /v1/figures: the envelope, pagination, filters, and what every figure carries."""

from __future__ import annotations

import pytest

from tests.helpers import all_pages

VALUELESS = {"withheld", "not_in_document", "not_found", "not_given"}


def test_figures_come_in_the_envelope_with_pagination_and_links(client):
    response = client.get("/v1/figures")
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["data", "pagination", "links"]
    assert body["pagination"] == {"page": 1, "page_size": 50, "total": 306, "pages": 7}
    assert len(body["data"]) == 50
    assert body["links"]["prev"] is None
    assert body["links"]["next"] == "http://api.test/v1/figures?page=2"


def test_the_last_page_has_no_next_link(client):
    body = client.get("/v1/figures?page=7").get_json()
    assert len(body["data"]) == 306 - 6 * 50
    assert body["links"]["next"] is None
    assert body["links"]["prev"] == "http://api.test/v1/figures?page=6"


def test_page_links_keep_the_filters(client):
    body = client.get("/v1/figures?status=derived&page_size=100").get_json()
    assert body["links"]["next"] == "http://api.test/v1/figures?status=derived&page_size=100&page=2"


def test_a_page_past_the_end_is_empty_not_an_error(client):
    body = client.get("/v1/figures?page=99").get_json()
    assert body["data"] == [] and body["pagination"]["total"] == 306


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        (
            "response=norfolk-suffolk-foi-002539-18",
            ("source", "response_id"),
            "norfolk-suffolk-foi-002539-18",
        ),
        ("force=suffolk", ("force", "id"), "suffolk"),
        ("measure=youngest_victim_age", ("measure",), "youngest_victim_age"),
        ("status=nil_return", ("status",), "nil_return"),
    ],
)
def test_filters_return_only_matching_figures(client, query, key, expected):
    figures = all_pages(client, f"/v1/figures?{query}&page_size=500")
    assert figures
    for figure in figures:
        value = figure
        for part in key:
            value = value[part]
        assert value == expected


def test_every_figure_carries_caveats_and_a_source_quote_that_is_in_its_source(client):
    figures = all_pages(client, "/v1/figures?page_size=500")
    assert len(figures) == 306
    sources: dict[str, str] = {}
    for figure in figures:
        assert figure["caveats"], figure["id"]
        source = figure["source"]
        url = source["url"].split("#")[0]
        if url not in sources:
            sources[url] = " ".join(client.get(url).get_data(as_text=True).split())
        assert " ".join(source["quote"].split()) in sources[url], figure["id"]
        assert source["question_text"], figure["id"]


def test_absent_figures_have_a_status_and_no_value(client):
    for figure in all_pages(client, "/v1/figures?page_size=500"):
        if figure["status"] in VALUELESS:
            assert figure["value"] is None, figure["id"]
        else:
            assert isinstance(figure["value"], int), figure["id"]


def test_derived_figures_say_so_and_show_what_they_were_derived_from(client):
    derived = all_pages(client, "/v1/figures?status=derived&page_size=500")
    assert len(derived) == 133
    for figure in derived:
        assert figure["caveats"][0]["id"] == "derived-by-project"
        assert figure["derived_from"]["method"]
        assert (
            figure["value"] == len(figure["derived_from"].get("records", []))
            or "figures" in figure["derived_from"]
        )
    reported = [f for f in all_pages(client, "/v1/figures?status=reported&page_size=500")]
    assert all(f["derived_from"] is None for f in reported)


def test_a_figure_keeps_the_forces_wording_beside_the_harmonised_value(client):
    figures = all_pages(
        client,
        "/v1/figures?response=norfolk-suffolk-foi-002539-18&measure=records_mentioning_platform&page_size=500",
    )
    snapchat = next(
        f
        for f in figures
        if f["force"]["id"] == "norfolk" and f["dimensions"]["platform"]["as_written"] == "SnapChat"
    )
    assert snapchat["dimensions"]["platform"] == {
        "id": "snapchat",
        "label": "Snapchat",
        "as_written": "SnapChat",
    }
    assert snapchat["force"] == {"id": "norfolk", "name": "Norfolk Constabulary", "ons_code": "E23000024"}
    assert snapchat["period"] == {
        "start": "2017-04-01",
        "end": "2018-03-31",
        "label": "April 1st 2017 and March 31st 2018",
        "kind": "financial_year",
    }


def test_the_source_document_is_served_as_plain_text(client):
    response = client.get("/v1/responses/norfolk-foi-000763-16/source")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert "Freedom of Information Request Reference" in response.get_data(as_text=True)


def test_an_unknown_response_source_is_a_404_problem(client):
    response = client.get("/v1/responses/nope/source")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert "nope" in response.get_json()["detail"]
