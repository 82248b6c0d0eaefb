"""/v1/responses: whole disclosures and their source documents."""

from __future__ import annotations

from seeds.loader import SEEDS_DIR


def test_responses_list_every_disclosure(client):
    body = client.get("/v1/responses").get_json()
    assert [r["id"] for r in body["data"]] == [
        "hertfordshire-foi2018-03922", "norfolk-foi-000763-16", "norfolk-foi-004600-17",
        "norfolk-suffolk-foi-002539-18", "unidentified-20210999",
    ]  # fmt: skip


def test_responses_filter_by_force(client):
    body = client.get("/v1/responses?force=suffolk").get_json()
    assert [r["id"] for r in body["data"]] == ["norfolk-suffolk-foi-002539-18"]


def test_a_joint_response_reports_for_each_force(client):
    response = client.get("/v1/responses/norfolk-suffolk-foi-002539-18").get_json()
    assert [f["id"] for f in response["forces"]] == ["norfolk", "suffolk"]
    assert response["received"] == {"date": "2018-07-18", "precision": "day"}
    assert response["responded"] is None  # the letter carries no date
    assert response["data_as_of"] == "2018-07-31"
    assert response["recording_system"] == "Athena"
    assert [q["number"] for q in response["questions"]] == ["1", "2", "3", "4(a)", "4(b)"]
    assert response["counts"] == {"figures": 62, "derived_figures": 0, "records": 0}


def test_hertfordshire_is_attributed_and_says_why(client):
    response = client.get("/v1/responses/hertfordshire-foi2018-03922").get_json()
    assert [f["id"] for f in response["forces"]] == ["hertfordshire"]
    assert "Bedfordshire" in response["attribution_note"]


def test_an_unnamed_force_stays_unattributed_and_exemptions_are_listed(client):
    response = client.get("/v1/responses/unidentified-20210999").get_json()
    assert [f["id"] for f in response["forces"]] == ["unidentified"]
    assert [e["section"] for e in response["exemptions"]] == ["40(2)"]


def test_month_precision_dates(client):
    response = client.get("/v1/responses/norfolk-foi-004600-17").get_json()
    assert response["responded"] == {"date": "2017-05-01", "precision": "month"}


def test_the_source_is_the_stored_document_byte_for_byte(client):
    response = client.get("/v1/responses/norfolk-foi-000763-16/source")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    stored = (SEEDS_DIR / "sources" / "norfolk_FOI-000763-16_sextortion.txt").read_text(encoding="utf-8")
    assert response.get_data(as_text=True) == stored
    detail = client.get("/v1/responses/norfolk-foi-000763-16").get_json()
    assert detail["source"]["file"] == "norfolk_FOI-000763-16_sextortion.txt"


def test_response_links_lead_to_its_figures_and_records(client):
    links = client.get("/v1/responses/norfolk-foi-000763-16").get_json()["links"]
    assert client.get(links["figures"]).get_json()["pagination"]["total"] == 31
    assert client.get(links["records"]).get_json()["pagination"]["total"] == 68


def test_an_unknown_response_is_a_404_problem(client):
    for url in ("/v1/responses/nope", "/v1/responses/nope/source"):
        response = client.get(url)
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
