"""The code lists: offence codes (a tree, each answered under any variant), platforms, age bands,
caveats and outcome types."""

from __future__ import annotations

import pytest


def test_offence_codes_are_a_tree_with_sub_codes_under_their_umbrella(client):
    tree = client.get("/v1/offence-codes").get_json()["data"]
    top = {node["code"]: node for node in tree}
    assert "71/17" not in top
    assert sorted(child["code"] for child in top["88A"]["children"]) == ["71/17", "88/1", "88/2"]
    assert sorted(child["code"] for child in top["86"]["children"]) == ["86/10", "86/2"]


@pytest.mark.parametrize(
    ("variant", "canonical"), [("7117", "71/17"), ("086/02", "86/2"), ("071/17", "71/17"), ("022b", "22B")]
)
def test_a_written_variant_is_answered_in_place_naming_the_canonical_code(client, variant, canonical):
    response = client.get(f"/v1/offence-codes/{variant}")
    assert response.status_code == 200 and "Location" not in response.headers
    assert response.headers["Link"] == f'<http://api.test/v1/offence-codes/{canonical}>; rel="canonical"'
    assert response.get_data() == client.get(f"/v1/offence-codes/{canonical}").get_data()
    assert response.get_json()["code"] == canonical


def test_an_offence_code_shows_parent_children_variants_and_links(client):
    code = client.get("/v1/offence-codes/71/17").get_json()
    assert code["parent"] == {"code": "88A", "title": "Sexual grooming"}
    assert code["variants"] == ["7117"]
    assert client.get(code["links"]["figures"]).get_json()["pagination"]["total"] > 0
    umbrella = client.get("/v1/offence-codes/88A").get_json()
    assert umbrella["umbrella"] and len(umbrella["children"]) == 3


def test_an_unknown_offence_code_is_a_404(client):
    assert client.get("/v1/offence-codes/88B").status_code == 404


def test_platforms_show_aliases_owner_and_renames(client):
    yellow = client.get("/v1/platforms/yellow").get_json()
    assert yellow["successor"] == {"id": "yubo", "name": "Yubo"}
    yubo = client.get("/v1/platforms/yubo").get_json()
    assert yubo["predecessors"] == [{"id": "yellow", "name": "Yellow"}]
    assert "Meta" in client.get("/v1/platforms/instagram").get_json()["owner"]


@pytest.mark.parametrize("alias", ["Live%20Me", "LiveMe", "live.me"])
def test_a_platform_is_reachable_by_any_alias(client, alias):
    assert client.get(f"/v1/platforms/{alias}").get_json()["id"] == "liveme"


def test_age_bands_have_explicit_bounds(client):
    bands = {b["id"]: b for b in client.get("/v1/age-bands").get_json()["data"]}
    assert (bands["0-11"]["lower"], bands["0-11"]["upper"]) == (0, 11)
    assert bands["16-plus"]["upper"] is None
    assert "11 years and younger" in bands["0-11"]["aliases"]
    assert "13" not in bands  # single years are documented, not listed


def test_caveats_list_their_kind_and_how_many_figures_carry_them(client):
    caveats = {c["id"]: c for c in client.get("/v1/caveats").get_json()["data"]}
    derived = client.get("/v1/figures?derived=only").get_json()["pagination"]["total"]
    assert caveats["derived-by-project"]["figures"] == derived > 0
    assert caveats["withheld-s40-2"]["kind"] == "disclosure"
    one = client.get("/v1/caveats/platforms-overlap").get_json()
    assert client.get(one["links"]["figures"]).get_json()["pagination"]["total"] == one["figures"]
    assert client.get("/v1/caveats/nope").status_code == 404


def test_outcome_types_list_the_framework_then_legacy_labels(client):
    outcomes = client.get("/v1/outcome-types").get_json()["data"]
    ids = [o["id"] for o in outcomes]
    assert ids[:3] == ["0", "1", "1A"] and ids.index("22") < ids.index("legacy-charge")
    by_id = {o["id"]: o for o in outcomes}
    assert by_id["21"]["introduced"] == "2016-01-01"
    assert by_id["legacy-undetected"]["framework"] is False


# --- forces --------------------------------------------------------------------------------------


def test_forces_lists_the_43_territorial_forces_btp_and_unidentified(client):
    forces = client.get("/v1/forces").get_json()["data"]
    kinds = [f["kind"] for f in forces]
    assert (
        kinds.count("territorial") == 43 and kinds.count("special") == 1 and kinds.count("unidentified") == 1
    )


def test_a_force_has_its_ons_code_and_counts_that_its_links_bear_out(client):
    force = client.get("/v1/forces/suffolk").get_json()
    assert force["ons_code"] == "E23000025" and force["ons_name"] == "Suffolk"
    responses = client.get(force["links"]["responses"]).get_json()
    figures = client.get(force["links"]["figures"]).get_json()
    assert force["counts"] == {
        "responses": responses["pagination"]["total"],
        "figures": figures["pagination"]["total"],
    }
    assert "norfolk-suffolk-foi-002539-18" in [r["id"] for r in responses["data"]]
    assert {f["force"]["id"] for f in figures["data"]} == {"suffolk"}


def test_an_unknown_force_is_a_404_problem(client):
    response = client.get("/v1/forces/gotham")
    assert response.status_code == 404 and "gotham" in response.get_json()["detail"]
