"""`/` sends a browser to the explorer and anything else to the API's index, by relative links
that no request's Host can change."""

from __future__ import annotations

import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        (None, "/v1/"),
        ("*/*", "/v1/"),
        ("application/json", "/v1/"),
        (BROWSER, "/explore"),
        ("text/html", "/explore"),
    ],
)
def test_the_root_sends_each_client_where_it_can_start(client, accept, location):
    response = client.get("/", headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.headers["Location"]) == (302, location)
    assert "Accept" in response.headers["Vary"]
    assert client.get(location, headers={"Accept": accept or "*/*"}).status_code == 200


def test_the_root_body_links_everywhere_for_a_client_that_does_not_follow(client):
    links = client.get("/").get_json()["links"]
    assert set(links) == {"index", "explore", "docs", "openapi"}
    assert all(url.startswith("/") and client.get(url).status_code == 200 for url in links.values())
