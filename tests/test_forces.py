"""/v1/forces: the forces, their ONS codes and links."""


def test_forces_lists_the_43_territorial_forces_btp_and_unidentified(client):
    forces = client.get("/v1/forces").get_json()["data"]
    kinds = [f["kind"] for f in forces]
    assert (
        kinds.count("territorial") == 43 and kinds.count("special") == 1 and kinds.count("unidentified") == 1
    )


def test_a_force_has_its_ons_code_counts_and_links(client):
    force = client.get("/v1/forces/suffolk").get_json()
    assert force["ons_code"] == "E23000025" and force["ons_name"] == "Suffolk"
    assert force["counts"] == {"responses": 1, "figures": 31}
    assert client.get(force["links"]["figures"]).get_json()["pagination"]["total"] == 31
    assert [r["id"] for r in client.get(force["links"]["responses"]).get_json()["data"]] == [
        "norfolk-suffolk-foi-002539-18"
    ]


def test_an_unknown_force_is_a_404_problem(client):
    response = client.get("/v1/forces/gotham")
    assert response.status_code == 404 and "gotham" in response.get_json()["detail"]
