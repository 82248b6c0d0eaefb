"""openapi.yaml is generated from the app, valid, committed, and describes what the app sends."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

COMMITTED = Path(__file__).resolve().parent.parent / "openapi.yaml"


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_the_committed_spec_matches_the_app(app, tmp_path):
    generated = tmp_path / "openapi.yaml"
    result = app.test_cli_runner().invoke(args=["openapi", "write", "--format=yaml", str(generated)])
    assert result.exit_code == 0, result.output
    assert generated.read_text() == COMMITTED.read_text(), (
        "openapi.yaml is stale: run `make openapi` and commit it"
    )


def test_the_spec_is_valid_openapi(spec):
    validate(spec)


def test_every_operation_has_an_id_and_a_summary(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("operationId"), f"{method} {path}"
            assert operation.get("summary"), f"{method} {path}"


def test_the_spec_examples_are_real_data(client, spec):
    figure = spec["components"]["schemas"]["Figure"]["properties"]
    response = client.get(f"/v1/figures/{figure['id']['example']}")
    assert response.status_code == 200
    real = response.get_json()
    assert real["measure"] == figure["measure"]["example"]
    assert real["value"] == figure["value"]["example"]
    assert real["status"] == figure["status"]["example"]
    assert real["citation"] == figure["citation"]["example"]
    assert real["force"]["id"] == spec["components"]["schemas"]["ForceRef"]["properties"]["id"]["example"]


def test_csv_is_documented_only_on_the_csv_siblings_and_json_lists_are_only_json(spec):
    siblings = {path for path in spec["paths"] if path.endswith(".csv")}
    assert siblings == {f"/v1/{name}.csv" for name in
                        ("figures", "offences", "platform-mentions", "victim-age-bands", "records")}  # fmt: skip
    for path, operations in spec["paths"].items():
        operation = operations["get"]
        content = operation["responses"]["200"]["content"]
        assert "format" not in [p.get("name") for p in operation.get("parameters", [])], path
        if path in siblings:
            assert list(content) == ["text/csv"] and path.removesuffix(".csv") in spec["paths"]
            assert (
                operation["operationId"]
                == spec["paths"][path.removesuffix(".csv")]["get"]["operationId"] + "Csv"
            )
        elif path.endswith("/download"):
            assert set(content) == {"application/zip", "application/octet-stream"}
        else:
            assert len(content) == 1 and "text/csv" not in content, path


def test_csv_and_zip_bodies_are_named_schemas(spec):
    named = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for media_type, body in operations["get"]["responses"]["200"]["content"].items():
            if media_type != "text/plain":  # a response's source document, as stored
                assert "$ref" in body["schema"], f"{path} {media_type}"
    assert named["ReleaseZip"]["format"] == named["DocumentOriginal"]["format"] == "binary"
    assert named["FigureCsv"]["example"].startswith("id,measure,value,")
    assert named["RecordCsv"]["example"].startswith("id,response.id,")
