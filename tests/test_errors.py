"""Every error is application/problem+json in one shape, naming what was wrong and how to fix it."""

from __future__ import annotations

import pytest

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


@pytest.mark.parametrize(
    ("method", "url", "headers", "status", "parameter"),
    [
        pytest.param("get", "/v1/figures?pagesize=10", {}, 400, "pagesize", id="misspelt parameter"),
        pytest.param("get", "/v1/figures?status=zero", {}, 400, "status", id="value outside the list"),
        pytest.param("get", "/v1/figures?platform=myspace", {}, 400, "platform", id="unknown platform"),
        pytest.param("get", "/v1/figures?offence=88B", {}, 400, "offence", id="unknown offence code"),
        pytest.param("get", "/v1/figures?force=gotham", {}, 400, "force", id="unknown force"),
        pytest.param("get", "/v1/figures?age_band=teen", {}, 400, "age_band", id="unknown age band"),
        pytest.param("get", "/v1/figures?page_size=501", {}, 400, "page_size", id="page size over the cap"),
        pytest.param("get", "/v1/figures?page=0", {}, 400, "page", id="page below 1"),
        pytest.param("get", "/v1/figures?page=two", {}, 400, "page", id="page not a number"),
        pytest.param("get", "/v1/figures?page=184467440737095518", {}, 400, "page", id="page beyond the cap"),
        pytest.param("get", "/v1/figures?measure=", {}, 400, "measure", id="empty filter"),
        pytest.param("get", "/v1/figures?from=2018-13-01", {}, 400, "from", id="not a date"),
        pytest.param(
            "get", "/v1/figures?financial_year=2016-17", {}, 400, "financial_year", id="malformed year"
        ),
        pytest.param("get", "/v1/figures?format=xml", {}, 400, "format", id="unknown format"),
        pytest.param(
            "get", "/v1/figures?force=" + ",".join(["norfolk"] * 21), {}, 400, "force", id="too many values"
        ),
        pytest.param("get", "/v1/figures?from=2018-01-01&to=2017-01-01", {}, 422, "from", id="from after to"),
        pytest.param(
            "get",
            "/v1/figures?financial_year=2016/17&from=2016-01-01",
            {},
            422,
            "financial_year",
            id="year and dates",
        ),
        pytest.param(
            "get", "/v1/figures?include_children=true", {}, 422, "include_children", id="children of nothing"
        ),
        pytest.param(
            "get", "/v1/figures", {"Accept": "application/xml"}, 406, None, id="unavailable media type"
        ),
        pytest.param("get", "/v1/forces", {"Accept": "text/csv"}, 406, None, id="csv of a code list"),
        pytest.param(
            "get", "/v1/forces/norfolk?format=csv", {}, 400, "format", id="a parameter where none are taken"
        ),
        pytest.param("get", "/v1/nowhere", {}, 404, None, id="unknown path"),
        pytest.param("get", "/v1/figures/nope", {}, 404, None, id="unknown figure"),
        pytest.param("post", "/v1/figures", {}, 405, None, id="write method"),
        pytest.param("delete", "/v1/", {}, 405, None, id="delete on the index"),
    ],
)
def test_errors_are_problem_json_in_one_shape(client, method, url, headers, status, parameter):
    response = getattr(client, method)(url, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status and body["detail"]
    if parameter:
        assert [e["name"] for e in body["errors"]] == [parameter]
        assert body["errors"][0]["in"] == "query"
        assert parameter in body["detail"]


@pytest.mark.parametrize(
    ("url", "parameter", "some_allowed"),
    [
        ("/v1/figures?forse=norfolk", "forse", "force"),
        ("/v1/figures?platform=myspace", "platform", "snapchat"),
        ("/v1/figures?status=zero", "status", "nil_return"),
        ("/v1/figures?derived=maybe", "derived", "exclude"),
        ("/v1/figures?offence=88B", "offence", "88A"),
        ("/v1/figures?sort=size", "sort", "-value"),
    ],
)
def test_a_rejected_parameter_lists_what_is_allowed(client, url, parameter, some_allowed):
    (error,) = client.get(url).get_json()["errors"]
    assert error["name"] == parameter
    assert some_allowed in error["allowed"]


def test_a_misspelt_filter_never_returns_unfiltered_figures(client):
    response = client.get("/v1/figures?forse=norfolk")
    assert response.status_code == 400
    assert "data" not in response.get_json()


def test_a_405_lists_the_allowed_methods(client):
    response = client.put("/v1/figures")
    assert "GET" in response.headers["Allow"]


def test_a_406_names_what_the_url_can_return(client):
    detail = client.get("/v1/figures", headers={"Accept": "application/xml"}).get_json()["detail"]
    assert "application/json" in detail and "text/csv" in detail


def test_an_unexpected_failure_is_a_500_problem_without_internals(database_url):
    from api import create_app

    app = create_app({"DATABASE_URL": database_url})  # not TESTING: errors are handled, not raised

    @app.get("/v1/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/v1/boom")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_database_error_is_a_500_problem_without_sql(make_database):
    from api import create_app

    empty = create_app({"DATABASE_URL": make_database()})  # no tables at all
    response = empty.test_client().get("/v1/figures")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "SELECT" not in body and "sqlite" not in body.lower() and "psycopg" not in body.lower()
