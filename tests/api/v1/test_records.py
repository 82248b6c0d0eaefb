"""/v1/records: disclosed crime records, each field as written beside its harmonised value."""

from __future__ import annotations

from tests.helpers import all_pages, csv_rows


def test_records_are_paginated_in_the_envelope(client, release):
    body = client.get("/v1/records").get_json()
    assert body["pagination"]["total"] == release.record_count
    assert list(body) == ["data", "pagination", "links", "release"]


def test_a_record_keeps_each_field_as_written_beside_its_harmonised_value(client):
    records = all_pages(client, "/v1/records?response=norfolk-foi-004600-17&platform=oovoo")
    assert len(records) == 2
    record = records[0]
    assert record["platform"] == {"id": "oovoo", "label": "ooVoo", "as_written": "ooVoo"}
    assert record["offence"]["id"] == "21"
    assert record["offence"]["as_written"] == "21. Sexual Activity involving a child under 13"
    assert record["outcome"]["id"] == "18" and record["outcome"]["framework"] is True
    assert record["outcome"]["as_written"] == "18. No Suspect. Crime investigated. Case closed pending"
    assert record["period"]["label"] == "14/15" and record["period"]["start"] == "2014-04-01"
    assert record["source"]["quote"] in client.get(record["source"]["url"].split("#")[0]).get_data(
        as_text=True
    )


def test_the_records_csv_keeps_each_field_beside_its_caveats_and_source(client):
    query = "response=norfolk-foi-004600-17&platform=oovoo"
    rows = csv_rows(client.get(f"/v1/records.csv?{query}"))
    records = client.get(f"/v1/records?{query}").get_json()["data"]
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    row, record = rows[0], records[0]
    assert row["platform.id"] == "oovoo" and row["platform.as_written"] == "ooVoo"
    assert row["offence.id"] == "21" and row["offence.as_written"] == record["offence"]["as_written"]
    assert row["outcome.framework"] == "true" and row["victim.age"] == ""
    assert row["caveats.id"] == " | ".join(c["id"] for c in record["caveats"])
    assert row["caveats.text"] == " | ".join(c["text"] for c in record["caveats"])
    assert row["source.quote"] == record["source"]["quote"] and "\t" in row["source.quote"]
    assert row["source.line"] == "211" and row["source.url"] == record["source"]["url"]


def test_legacy_outcomes_and_missing_ages_are_kept_as_written(client):
    records = all_pages(client, "/v1/records?response=norfolk-foi-000763-16&page_size=500")
    assert len(records) == 68
    undetected = [r for r in records if r["outcome"]["as_written"] == "Undetected"]
    assert {r["outcome"]["id"] for r in undetected} == {"legacy-undetected"}
    assert {r["outcome"]["framework"] for r in undetected} == {False}
    not_stated = [r for r in records if r["victim"]["age_as_written"] == "Not stated"]
    assert len(not_stated) == 3 and {r["victim"]["age"] for r in not_stated} == {None}
    assert max(r["victim"]["age"] or 0 for r in records) == 66


def test_unmapped_offence_wording_has_no_code_and_says_why(client):
    records = all_pages(client, "/v1/records?response=norfolk-foi-004600-17&page_size=500")
    unmapped = [r for r in records if r["offence"]["id"] is None]
    assert unmapped
    assert all(r["offence"]["note"] for r in unmapped)


def test_records_filter_by_offence_variant_outcome_and_year(client):
    by_code = all_pages(client, "/v1/records?offence=086/02&page_size=500")
    assert by_code and {r["offence"]["id"] for r in by_code} == {"86/2"}
    by_outcome = all_pages(client, "/v1/records?outcome=legacy-charge")
    assert {r["outcome"]["as_written"] for r in by_outcome} == {"Charge"}
    by_year = all_pages(client, "/v1/records?financial_year=2015/16&page_size=500")
    assert by_year and {r["period"]["label"] for r in by_year} <= {"15/16", "2015"}


def test_records_reject_unknown_parameters_and_values(client):
    assert client.get("/v1/records?platfrom=kik").status_code == 400
    response = client.get("/v1/records?outcome=99")
    assert response.status_code == 400
    assert "legacy-undetected" in response.get_json()["errors"][0]["allowed"]


def test_every_record_a_derived_figure_counts_can_be_followed_to_it(client):
    derived = all_pages(client, "/v1/figures?status=derived&page_size=500")
    followed = 0
    for figure in derived:
        for record_id in figure["derived_from"].get("records", []):
            record = client.get(f"/v1/records/{record_id}").get_json()
            assert record["id"] == record_id and record["response"]["id"] == figure["source"]["response_id"]
            followed += 1
    assert followed


def test_records_carry_their_tables_caveats_then_their_responses(client):
    records = all_pages(client, "/v1/records?response=norfolk-foi-004600-17&page_size=500")
    response = client.get("/v1/responses/norfolk-foi-004600-17").get_json()
    for record in records:
        ids = [c["id"] for c in record["caveats"]]
        assert ids[0] == "rows-repeat-across-platforms"
        assert len(ids) == len(set(ids)) and set(ids[1:]) == {c["id"] for c in response["caveats"]}


def test_an_unknown_record_is_a_404_problem(client):
    response = client.get("/v1/records/nope")
    assert response.status_code == 404 and "nope" in response.get_json()["detail"]
