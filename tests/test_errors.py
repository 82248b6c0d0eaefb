"""Every error is application/problem+json in one shape, naming what was wrong."""

from __future__ import annotations

import pytest

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


@pytest.mark.parametrize(
    ("method", "url", "status", "parameter"),
    [
        pytest.param("get", "/v1/figures?pagesize=10", 400, "pagesize", id="misspelt parameter"),
        pytest.param("get", "/v1/figures?status=zero", 400, "status", id="value outside the list"),
        pytest.param("get", "/v1/figures?page_size=501", 400, "page_size", id="page size over the cap"),
        pytest.param("get", "/v1/figures?page=0", 400, "page", id="page below 1"),
        pytest.param("get", "/v1/figures?page=two", 400, "page", id="page not a number"),
        pytest.param("get", "/v1/nowhere", 404, None, id="unknown path"),
        pytest.param("post", "/v1/figures", 405, None, id="write method"),
        pytest.param("delete", "/v1/", 405, None, id="delete on the index"),
    ],
)
def test_errors_are_problem_json_in_one_shape(client, method, url, status, parameter):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status and body["detail"]
    if parameter:
        assert [e["name"] for e in body["errors"]] == [parameter]
        assert body["errors"][0]["in"] == "query"


def test_a_misspelt_filter_never_returns_unfiltered_figures(client):
    response = client.get("/v1/figures?forse=norfolk")
    assert response.status_code == 400
    assert "data" not in response.get_json()


def test_a_405_lists_the_allowed_methods(client):
    response = client.put("/v1/figures")
    assert "GET" in response.headers["Allow"]


def test_an_unexpected_failure_is_a_500_problem_without_internals(database_url):
    from api import create_app

    app = create_app({"DATABASE_URL": database_url})  # not TESTING: errors are handled, not raised

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
