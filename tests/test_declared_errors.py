"""Every response openapi.yaml declares for an operation is one the app really answers: for each
(operation, status) a request that gets exactly that status, so no status is declared for show.
(The other way round, that the app answers nothing undeclared, is what tests/test_fuzz.py checks.)"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import yaml

from api import create_app
from api.http import MAX_QUERY_STRING
from tests.conftest import OLDER_RELEASE

SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi.yaml").read_text(encoding="utf-8"))
DECLARED = [
    (path, status)
    for path, item in SPEC["paths"].items()
    for status in item["get"]["responses"]
    if status != "default"
]
PARAMETER = re.compile(r"\{[^}]+\}")


def query_parameters(path: str) -> set[str]:
    return {p["name"] for p in SPEC["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}


def real_url(client, path: str) -> str:
    """The path with each parameter filled from the first entry its collection lists
    (/v1/forces/{force_id}: the first force of /v1/forces), and a response's document from the
    first its response lists."""
    collection = path.split("/{")[0]
    if collection == path:
        return path
    first = client.get(collection).get_json()["data"][0]
    url = PARAMETER.sub(str(first.get("id") or first["code"]), path, count=1)
    if "/documents/{" in url:
        response = client.get(url.split("/documents/")[0]).get_json()
        url = PARAMETER.sub(response["documents"][0]["name"], url, count=1)
    return url


@pytest.fixture(scope="module")
def client(app_with_an_older_release):
    return app_with_an_older_release.test_client()


@pytest.fixture(scope="module")
def unreachable_database_client():
    """The app on a PostgreSQL URL whose port nothing listens on, with no response cache."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/foi"
    return create_app({"DATABASE_URL": url, "TESTING": True, "RESPONSE_CACHE": False}).test_client()


def witnesses(status: str, path: str, client, unreachable_database_client) -> list:
    """The responses to the requests that should get `status` at `path`."""
    if status == "200":
        return [client.get(real_url(client, path))]
    if status == "304":
        url = real_url(client, path)
        return [client.get(url, headers={"If-None-Match": client.get(url).headers["ETag"]})]
    if status == "400":
        url = real_url(client, path)
        answers = [client.get(f"{url}?padding={'x' * MAX_QUERY_STRING}")]
        if path.startswith("/v1"):  # there a parameter the URL does not take is refused too
            answers.append(client.get(f"{url}?no_such_parameter=1"))
        return answers
    if status == "404":
        return [client.get(PARAMETER.sub("no-such-id", path))]
    if status == "406":
        return [client.get(real_url(client, path), headers={"Accept": "application/x-no-such-type"})]
    if status == "410":
        return [client.get(PARAMETER.sub(OLDER_RELEASE, path))]
    if status == "422" and {"from", "to"} <= query_parameters(path):
        return [client.get(f"{path}?from=2019-01-01&to=2018-01-01")]
    if status == "503":
        return [unreachable_database_client.get(PARAMETER.sub("no-such-id", path))]
    pytest.fail(f"no request here gets {status} at {path}: add one, or stop declaring it")


@pytest.mark.parametrize(("path", "status"), DECLARED, ids=[f"{p} {s}" for p, s in DECLARED])
def test_every_declared_response_is_one_the_app_answers(path, status, client, unreachable_database_client):
    for response in witnesses(status, path, client, unreachable_database_client):
        assert response.status_code == int(status), (path, response.get_data(as_text=True)[:300])
        if response.status_code >= 400:
            assert response.mimetype == "application/problem+json"
        if status == "503":
            assert response.headers["Retry-After"].isdigit()


def test_every_operation_declares_a_client_error():
    """What Redocly's operation-4xx-response asks for, kept true by the app rather than the spec."""
    for path, item in SPEC["paths"].items():
        assert any(s.startswith("4") for s in item["get"]["responses"]), path
