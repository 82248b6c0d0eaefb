"""Document in the spec the errors an operation can answer whatever its view declares, because
they come from hooks that run before any view (api/http.py, api/blueprint.py, api/negotiation.py)
or from the database (api/errors.py). A view's own, more specific description of one wins.

tests/test_declared_errors.py makes every operation answer every status it declares."""

from __future__ import annotations

import http

from apispec import BasePlugin

from .http import MAX_QUERY_STRING
from .releases import NO_DATABASE

# The description of each status's shared response component (api/errors.py registers them).
DESCRIPTIONS = {
    400: (
        f"The query string was refused: longer than {MAX_QUERY_STRING} bytes, or (under /v1) a "
        "parameter this URL does not take or a value it does not accept, each named in `errors`."
    ),
    406: "The Accept header allows none of the media types this URL can return.",
    503: "The database is unreachable or too slow just now: retry after Retry-After seconds.",
}


def common_errors(path: str) -> list[int]:
    """The statuses any operation at `path` can answer besides those its view declares."""
    statuses = [400]  # the cap on query strings applies to every request
    if path.startswith("/v1"):
        statuses.append(406)  # content negotiation covers the versioned API only
    if not path.startswith(NO_DATABASE):
        statuses.append(503)
    return statuses


class CommonErrorsPlugin(BasePlugin):
    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            for status in common_errors(path or ""):
                if status not in responses and str(status) not in responses:
                    responses[str(status)] = http.HTTPStatus(status).name  # the shared component
