"""Interactive docs at /docs work without any CDN: every asset comes from this app."""

import re


def test_the_docs_page_loads_only_local_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/docs/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert 'data-spec-url="/openapi.json"' in page


def test_the_spec_is_served_as_json(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["info"]["title"] == "foi-stats"
    assert "/v1/figures" in spec["paths"]
