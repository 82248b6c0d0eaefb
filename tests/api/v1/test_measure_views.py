"""/v1/offences, /v1/platform-mentions and /v1/victim-age-bands: filtered views of /v1/figures."""

from __future__ import annotations

import pytest

from tests.helpers import all_pages

VIEWS = {
    "/v1/offences": {"offences_recorded", "offences_linked_to_offence", "offences_without_victim_details"},
    "/v1/platform-mentions": {"records_mentioning_platform"},
    "/v1/victim-age-bands": {"victims", "youngest_victim_age"},
}


@pytest.mark.parametrize(("url", "measures"), VIEWS.items())
def test_each_view_serves_exactly_its_measures(client, url, measures):
    figures = all_pages(client, f"{url}?page_size=500")
    assert {f["measure"] for f in figures} == measures
    everything = all_pages(client, "/v1/figures?page_size=500")
    assert len(figures) == sum(1 for f in everything if f["measure"] in measures)


def test_the_views_together_cover_every_figure(client):
    total = client.get("/v1/figures").get_json()["pagination"]["total"]
    assert sum(client.get(url).get_json()["pagination"]["total"] for url in VIEWS) == total


@pytest.mark.parametrize("url", VIEWS)
def test_views_take_the_same_filters_and_formats(client, url):
    for view in (url, f"{url}.csv"):
        response = client.get(f"{view}?force=norfolk&derived=exclude")
        assert response.status_code == 200, view
        assert client.get(f"{view}?forse=norfolk").status_code == 400
    assert client.get(f"{url}?force=norfolk&format=csv").mimetype == "text/csv"


def test_platform_mentions_by_alias(client):
    figures = all_pages(client, "/v1/platform-mentions?platform=MusicaL.ly")
    assert {f["status"] for f in figures} == {"nil_return", "not_found"}


def test_victim_age_bands_filtered_by_band_and_gender(client):
    figures = all_pages(client, "/v1/victim-age-bands?age_band=13&gender=female&platform=facebook")
    assert {f["period"]["label"] for f in figures} == {"2014/15", "2016/17"}
    assert sum(f["value"] for f in figures) == 12 + 1


def test_every_measure_view_is_a_collection_with_its_docs():
    from api.v1 import COLLECTIONS, collection_of_view
    from api.v1.figures.views import MEASURE_VIEW_DOCS
    from core.models import MEASURE_VIEWS

    assert set(MEASURE_VIEW_DOCS) == set(MEASURE_VIEWS)
    for view in MEASURE_VIEWS:
        assert collection_of_view(view) in COLLECTIONS
        assert collection_of_view(view).blueprint_name == MEASURE_VIEW_DOCS[view].blueprint
