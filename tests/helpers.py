"""Small helpers the tests share."""

from __future__ import annotations

from seeds.loader import SEEDS_DIR

SOURCES = SEEDS_DIR / "sources"


def source_text(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def all_pages(client, url: str) -> list[dict]:
    """Every item of a paginated collection, following `links.next`."""
    items, next_url = [], url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items += body["data"]
        next_url = body["links"]["next"]
    return items
