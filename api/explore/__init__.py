"""/explore: pages a journalist can read, rendered on the server from the same queries as the JSON
API (api/v1/figures/query.py), with no script or style from anywhere but this app.

- /explore: pick a measure, force, platform, offence, period or status; a table of the figures
  with every status in words, their caveats, citations and source lines; one chart of what is
  shown (gaps drawn as gaps); links to the same figures as CSV and JSON.
- /explore/responses/{id}/source: a response's stored text, a numbered anchor per line (#L31),
  the lines a figure quotes highlighted (?figure=<id>, or ?highlight=31-33).

These pages are HTML, outside the OpenAPI spec (a plain Flask blueprint, not the API's), and keep
the app's security headers under their own Content-Security-Policy (api/http.py): scripts,
styles and forms from this origin only, nothing inline.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from ..errors import register_error_pages
    from .views import blp, error_page

    app.register_blueprint(blp)
    register_error_pages(app, blp.url_prefix, error_page)  # /explore/ and POST /explore too
