"""Every list's CSV: a sibling operation at its path with `.csv` appended, and the same bytes from
the JSON URL for `Accept: text/csv` or `format=csv` (api/negotiation.py, schema/tables.py)."""

from __future__ import annotations

import pytest

from tests.helpers import csv_rows

LISTS = ["/v1/figures", "/v1/offences", "/v1/platform-mentions", "/v1/victim-age-bands", "/v1/records"]


@pytest.mark.parametrize("url", LISTS)
def test_each_list_has_a_csv_sibling_with_the_same_items_and_paging(client, url):
    sibling = client.get(f"{url}.csv?page_size=3&page=2")
    assert sibling.status_code == 200 and sibling.mimetype == "text/csv"
    name = url.rsplit("/", 1)[1]
    assert sibling.headers["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    assert f'<http://api.test{url}.csv?page_size=3&page=3>; rel="next"' in sibling.headers["Link"]
    as_json = client.get(f"{url}?page_size=3&page=2").get_json()["data"]
    assert [row["id"] for row in csv_rows(sibling)] == [item["id"] for item in as_json]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("query", "headers"),
    [("&format=csv", {}), ("", {"Accept": "text/csv"}), ("&format=csv", {"Accept": "application/json"})],
    ids=["format", "accept", "format over accept"],
)
def test_the_json_url_still_answers_csv_with_the_siblings_bytes(client, url, query, headers):
    sibling = client.get(f"{url}.csv?page_size=4")
    negotiated = client.get(f"{url}?page_size=4{query}", headers=headers)
    assert negotiated.mimetype == "text/csv" and negotiated.data == sibling.data
    assert negotiated.headers["Content-Disposition"] == sibling.headers["Content-Disposition"]


@pytest.mark.parametrize("url", LISTS)
def test_json_stays_the_default_where_the_client_takes_both(client, url):
    response = client.get(url, headers={"Accept": "application/json, text/csv"})
    assert response.mimetype == "application/json"


@pytest.mark.parametrize("url", LISTS)
def test_a_csv_sibling_is_only_csv(client, url):
    refused = client.get(f"{url}.csv", headers={"Accept": "application/json"})
    assert refused.status_code == 406 and refused.mimetype == "application/problem+json"
    misplaced = client.get(f"{url}.csv?format=json")
    assert misplaced.status_code == 400 and misplaced.get_json()["errors"][0]["name"] == "format"
    assert client.get(f"{url}.csv?page_size=501").status_code == 400


@pytest.mark.parametrize("url", ["/v1/figures", "/v1/records"])
def test_csv_columns_are_the_json_paths_of_an_item(client, url):
    header = client.get(f"{url}.csv").get_data(as_text=True).splitlines()[0].split(",")
    item = client.get(url).get_json()["data"][0]
    for column in header:
        value = item
        for key in column.split("."):
            value = value[0] if isinstance(value, list) and value else value
            assert isinstance(value, dict | type(None)) and (value is None or key in value), column
            value = value.get(key) if value else None
