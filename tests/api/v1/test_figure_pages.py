"""A page of figures as the body shows it beside the figures themselves: the comparability block
and the CSV (api/v1/figures/page.py)."""

from __future__ import annotations

import pytest

from tests.helpers import all_pages, csv_rows

# --- comparability ----------------------------------------------------------------------------------


def test_a_list_from_one_response_whose_sum_counts_nothing_twice_has_no_comparability_block(client):
    # Whether one response's list double counts is tested in test_figure_sums.py.
    assert (
        "comparability"
        not in client.get("/v1/figures?response=norfolk-foi-000763-16&breakdown=none").get_json()
    )


def test_a_list_mixing_responses_says_how_they_differ(client):
    body = client.get("/v1/figures?measure=youngest_victim_age").get_json()
    block = body["comparability"]
    assert [r["id"] for r in block["responses"]] == [
        "hertfordshire-foi2018-03922", "norfolk-suffolk-foi-002539-18", "unidentified-20210999",
    ]  # fmt: skip
    differences = {d["caveat"]["id"]: d["responses"] for d in block["differences"]}
    assert differences["scope-88a-umbrella"] == ["norfolk-suffolk-foi-002539-18"]
    assert differences["scope-88-1-88-2-only"] == ["hertfordshire-foi2018-03922"]
    assert "livestream-keywords-only" in differences  # shared by two of the three only
    assert block["periods_differ"] is True


@pytest.mark.parametrize(
    "query", ["/v1/platform-mentions?page_size=500", "/v1/figures?measure=youngest_victim_age"]
)
def test_the_comparability_block_states_what_every_response_shares_and_what_differs(client, query):
    block = client.get(query).get_json()["comparability"]
    caveats_of: dict[str, set[str]] = {}
    for figure in all_pages(client, query):
        caveats_of.setdefault(figure["source"]["response_id"], set()).update(
            c["id"] for c in figure["caveats"]
        )
    assert sorted(caveats_of) == [r["id"] for r in block["responses"]]
    everyone = set.intersection(*caveats_of.values())
    assert {c["id"] for c in block["shared"]} == everyone
    assert {d["caveat"]["id"] for d in block["differences"]} == set.union(*caveats_of.values()) - everyone
    for difference in block["differences"]:
        assert difference["responses"] == sorted(
            r for r, ids in caveats_of.items() if difference["caveat"]["id"] in ids
        )


# --- CSV (every list's: tests/api/v1/test_csv.py) ---------------------------------------------------


@pytest.mark.parametrize(
    "query", ["", "platform=snapchat&sort=-value", "status=derived&page=2", "force=unidentified"]
)
def test_the_same_query_in_json_and_csv_yields_the_same_figures(client, query):
    as_json = client.get(f"/v1/figures?{query}").get_json()["data"]
    as_csv = csv_rows(client.get(f"/v1/figures.csv?{query}"))
    assert [row["id"] for row in as_csv] == [f["id"] for f in as_json]
    for row, figure in zip(as_csv, as_json, strict=True):
        assert row["value"] == ("" if figure["value"] is None else str(figure["value"]))
        assert row["status"] == figure["status"]
        assert row["force.id"] == figure["force"]["id"]
        assert row["citation"] == figure["citation"]
        assert row["caveats.id"] == " | ".join(c["id"] for c in figure["caveats"])
        assert row["source.quote"] == figure["source"]["quote"]


def test_derived_figures_keep_their_provenance_in_csv(client):
    figures = client.get("/v1/figures?status=derived&page_size=100").get_json()["data"]
    rows = csv_rows(client.get("/v1/figures.csv?status=derived&page_size=100"))
    assert any(f["derived_from"].get("records") for f in figures)
    for figure, row in zip(figures, rows, strict=True):
        derived_from = figure["derived_from"]
        assert row["derived_from.method"] == derived_from["method"]
        assert row["derived_from.records"] == " | ".join(derived_from.get("records", []))
        assert row["derived_from.figures"] == " | ".join(derived_from.get("figures", []))
        assert row["links.self"] == figure["links"]["self"]


def test_every_record_a_derived_figure_lists_is_a_row_of_the_records_csv(client):
    rows = csv_rows(client.get("/v1/figures.csv?status=derived&page_size=500"))
    listed = {r for row in rows for r in row["derived_from.records"].split(" | ") if r}
    records = {row["id"] for row in csv_rows(client.get("/v1/records.csv?page_size=500"))}
    assert listed and listed <= records
