"""Swagger UI at /docs, with its JavaScript and CSS served from the swagger-ui-bundle package."""

from __future__ import annotations

from flask import Flask, send_from_directory
from swagger_ui_bundle import swagger_ui_path


def register(app: Flask) -> None:
    @app.get("/docs/assets/<path:filename>")
    def swagger_ui_assets(filename: str):
        return send_from_directory(swagger_ui_path, filename, max_age=86400)
