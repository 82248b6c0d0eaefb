"""`/`, where a person or a program starts: a browser (asking for HTML first) goes to the explorer,
anything else (curl, a client) to the API's index at /v1/, which links to every collection, the
docs and the spec. Relative Locations, so no request's Host ever appears in the answer."""

from __future__ import annotations

from flask import Flask, jsonify, request

# Where to go from here, also written in the redirect's body for a client that does not follow it.
LINKS = {"index": "/v1/", "explore": "/explore", "docs": "/docs", "openapi": "/openapi.json"}


def register(app: Flask) -> None:
    @app.get("/")
    def root():
        # A tie (*/*, none) goes to JSON, the first listed.
        wants_html = request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"
        response = jsonify(links=LINKS)
        response.status_code = 302
        response.headers["Location"] = LINKS["explore"] if wants_html else LINKS["index"]
        response.vary.add("Accept")
        return response
