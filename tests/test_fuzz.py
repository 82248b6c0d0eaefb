"""Fuzzing from the spec: schemathesis generates requests for every operation in openapi.yaml and
sends them to the app in process. No 5xx, every response conforms to the spec (status, media type,
headers, body), and every error is problem+json.

Bounded by FUZZ_EXAMPLES per operation (several thousand cases in all) to keep the suite fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks as schemathesis_checks
from schemathesis.openapi import checks as openapi_checks  # noqa: F401 (registers the OpenAPI checks)

from api import create_app

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 120))
CASES: dict[str, int] = {}  # generated cases per operation, reported at the end of the run


COMMITTED_SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"
schema = schemathesis.openapi.from_path(COMMITTED_SPEC)


@pytest.fixture(scope="module")
def app_under_test(database_url):
    """The app serving the seeded database, called in process over WSGI."""
    return create_app({"DATABASE_URL": database_url, "SERVER_NAME": "localhost"})


# Ids such as force or platform are data, not an enum in the spec, so a schema-valid but unknown
# value is rightly a 400: the check that every schema-valid request succeeds does not apply.
EXCLUDED = (
    [schemathesis_checks.positive_data_acceptance]
    if hasattr(schemathesis_checks, "positive_data_acceptance")
    else []
)


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_survives_generated_requests(case, app_under_test):
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1
    case.operation.schema.app = app_under_test  # the WSGI transport, not HTTP
    # Plain bodies: the in-process transport does not decompress (gzip has tests of its own).
    response = case.call_and_validate(
        app=app_under_test, headers={"Accept-Encoding": "identity"}, excluded_checks=EXCLUDED
    )
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
    if response.status_code >= 400:
        assert header(response, "content-type").startswith("application/problem+json")


def header(response, name: str) -> str:
    value = {k.lower(): v for k, v in response.headers.items()}[name]
    return value[0] if isinstance(value, list) else value
