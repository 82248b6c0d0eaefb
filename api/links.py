"""Every URL the API writes into a body or a header: the configured public base URL followed by
the route's path.

Nothing in a link comes from the request (Host, X-Forwarded-*, SCRIPT_NAME): a response is the
same for every client, so it can be cached and served to anyone without carrying a host that
one client chose (see api/response_cache.py). PUBLIC_BASE_URL unset gives relative links.
"""

from __future__ import annotations

from flask import Flask, current_app
from werkzeug.routing import MapAdapter


def public_base() -> str:
    """`https://api.example.org` (no trailing slash), or "" for relative links."""
    return current_app.config["PUBLIC_BASE_URL"]


def url(endpoint: str, **values) -> str:
    """The public URL of an endpoint; values that are not route arguments become the query."""
    return public_base() + routes(current_app).build(endpoint, values)


def routes(app: Flask) -> MapAdapter:
    """The app's URL map bound once, to no host and the root path: building links or matching a
    path with it never reads the request."""
    adapter = app.extensions.get("foi_links")
    if adapter is None:
        adapter = app.extensions["foi_links"] = app.url_map.bind("localhost", script_name="/")
    return adapter
