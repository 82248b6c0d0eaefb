"""Every error is application/problem+json in one shape, naming what was wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}

# The committed spec, which tests/test_openapi.py keeps identical to the app's: the parameter tables
# below come from it, so a new endpoint or parameter is covered without editing this file.
SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi.yaml").read_text(encoding="utf-8"))
QUERY_PARAMETERS = [
    (path, parameter)
    for path, item in SPEC["paths"].items()
    for parameter in item.get("get", {}).get("parameters", [])
    if parameter["in"] == "query"
]


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


def assert_rejects_parameter(response, parameter: str, *hints: str) -> None:
    """A 400 problem naming exactly this parameter, with each hint in its detail."""
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert [e["name"] for e in body["errors"]] == [parameter]
    for hint in (parameter, *hints):
        assert hint in body["detail"]


FINANCIAL_YEAR_PATHS = [path for path, p in QUERY_PARAMETERS if p["name"] == "financial_year"]


def test_the_financial_year_filter_is_on_every_figure_and_record_collection():
    assert len(FINANCIAL_YEAR_PATHS) >= 5


@pytest.mark.parametrize("year", ["9999/00", "0000/01", "1899/00", "2100/01"])
@pytest.mark.parametrize("path", FINANCIAL_YEAR_PATHS)
def test_a_financial_year_outside_the_served_range_is_a_400_not_a_500(client, path, year):
    response = client.get(f"{path}?financial_year={quote(year, safe='')}")
    assert_rejects_parameter(response, "financial_year", "2016/17", "1900/01", "2099/00")


@pytest.mark.parametrize("year", ["1900/01", "2099/00", "99/00"])
def test_the_first_and_last_financial_years_are_accepted(client, year):
    assert client.get(f"/v1/figures?financial_year={quote(year, safe='')}").status_code == 200


def two_values(parameter: dict) -> list[str]:
    """Two different, individually valid values for a single-valued parameter."""
    schema = parameter["schema"]
    if "enum" in schema:
        return [str(v).lower() for v in (schema["enum"] * 2)[:2]]
    if schema["type"] == "integer":
        low = schema.get("minimum", 1)
        return [str(low), str(low + 1)]
    if schema["type"] == "boolean":
        return ["false", "true"]
    if schema.get("format") == "date":
        return ["2017-04-01", "2018-04-01"]
    return {"financial_year": ["2016/17", "2017/18"]}[parameter["name"]]


SINGLE_VALUED = [
    pytest.param(path, p, id=f"{path} {p['name']}")
    for path, p in QUERY_PARAMETERS
    if p["schema"]["type"] != "array"
]
LIST_VALUED = [
    pytest.param(path, p, id=f"{path} {p['name']}")
    for path, p in QUERY_PARAMETERS
    if p["schema"]["type"] == "array"
]


@pytest.mark.parametrize(("path", "parameter"), SINGLE_VALUED)
def test_a_single_valued_parameter_given_twice_is_a_400(client, path, parameter):
    name = parameter["name"]
    first, second = two_values(parameter)
    alone = client.get(f"{path}?{name}={quote(first, safe='')}")
    assert alone.status_code == 200, alone.get_data(as_text=True)
    twice = client.get(f"{path}?{name}={quote(first, safe='')}&{name}={quote(second, safe='')}")
    assert_rejects_parameter(twice, name, f"give {name} once")


@pytest.mark.parametrize(("path", "parameter"), LIST_VALUED)
def test_a_list_parameter_may_be_repeated(client, path, parameter):
    name = parameter["name"]
    response = client.get(f"{path}?{name}=a&{name}=b")
    messages = " ".join(m for e in (response.get_json() or {}).get("errors", []) for m in e["messages"])
    assert "once" not in messages


def test_repeated_and_comma_separated_list_values_mean_the_same(client):
    repeated = client.get("/v1/figures?force=norfolk&force=suffolk,hertfordshire&platform=snapchat")
    commas = client.get("/v1/figures?force=norfolk,suffolk,hertfordshire&platform=snapchat")
    assert repeated.status_code == commas.status_code == 200
    assert repeated.get_json()["data"] == commas.get_json()["data"]


INTEGER_PARAMETERS = [
    pytest.param(path, p["name"], id=f"{path} {p['name']}")
    for path, p in QUERY_PARAMETERS
    if p["schema"]["type"] == "integer"
]
# Python's int() takes every one of these; a page number is written in ASCII digits.
ODD_INTEGERS = ["\u0661", "\uff12", "1_0", " 2", "2 ", "+2", "2\n", "0x2", "1.0", "1e1"]


@pytest.mark.parametrize("written", ODD_INTEGERS, ids=ascii)
@pytest.mark.parametrize(("path", "name"), INTEGER_PARAMETERS)
def test_an_integer_parameter_takes_ascii_digits_only(client, path, name, written):
    response = client.get(f"{path}?{name}={quote(written, safe='')}")
    assert_rejects_parameter(response, name, "digits 0-9")


@pytest.mark.parametrize(("path", "name"), INTEGER_PARAMETERS)
def test_an_integer_parameter_in_plain_digits_is_accepted(client, path, name):
    assert client.get(f"{path}?{name}=02").status_code == 200


def test_an_unknown_value_suggests_the_nearest_one(client):
    body = client.get("/v1/figures?platform=snapcht").get_json()
    assert "did you mean 'snapchat'?" in body["detail"]
    body = client.get("/v1/figures?force=sufolk").get_json()
    assert "did you mean 'suffolk'?" in body["detail"]
