"""GET /v1/: the index a curl user starts from."""


def test_the_index_links_to_every_collection_and_counts_what_is_loaded(client, release):
    response = client.get("/v1/")
    assert response.status_code == 200
    body = response.get_json()
    # What the loader counted from the seeds, whatever disclosures they hold.
    assert body["counts"] == {
        "responses": len(release.bundles),
        "figures": release.figure_count,
        "records": release.record_count,
    }
    assert body["links"]["figures"] == "http://api.test/v1/figures"
    for url in body["links"].values():
        assert client.get(url).status_code == 200, url


def test_the_index_explains_every_measure(client):
    measures = client.get("/v1/").get_json()["measures"]
    assert {m["id"] for m in measures} >= {"offences_recorded", "records_mentioning_platform", "victims"}
    assert all(m["description"] and m["unit"] for m in measures)


def test_json_is_indented_for_people_reading_it_with_curl(client):
    assert client.get("/v1/").get_data(as_text=True).startswith('{\n  "name"')
