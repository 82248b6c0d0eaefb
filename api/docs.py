"""Swagger UI 5 at /docs, which reads the OpenAPI 3.1 spec, served wholly from this app.

flask-smorest registers /docs (OPENAPI_SWAGGER_UI_PATH) and renders it from a template named
swagger_ui.html; api/templates/swagger_ui.html takes its place, since an app's templates come
before a blueprint's. That page loads Swagger UI's files from the flask-swagger-ui package under
/docs/assets/ (OPENAPI_SWAGGER_UI_URL) and its start-up script from /docs/swagger-ui-start.js,
so the Content-Security-Policy for /docs allows scripts from this origin only, none inline.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Flask, send_from_directory

# Swagger UI's distribution as the flask-swagger-ui package ships it (dist/VERSION names it).
SWAGGER_UI_DIST = Path(str(files("flask_swagger_ui") / "dist"))
START_SCRIPT = "swagger-ui-start.js"


def register(app: Flask) -> None:
    templates = Path(app.root_path) / app.template_folder

    @app.get("/docs/assets/<path:filename>")
    def swagger_ui_assets(filename: str):
        return send_from_directory(SWAGGER_UI_DIST, filename, max_age=86400)

    @app.get(f"/docs/{START_SCRIPT}")
    def swagger_ui_start():
        return send_from_directory(templates, START_SCRIPT, max_age=86400)
