"""Interactive docs at /docs: Swagger UI 5 reads the OpenAPI 3.1 spec and shows every operation
in a real headless Chromium, loading nothing from outside this app (no CDN)."""

import json
import re
import time
from urllib.parse import urlsplit
from urllib.request import urlopen

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# Each operation Swagger UI shows, as (METHOD, path template).
SHOWN_OPERATIONS = """blocks => blocks.map(block => [
    block.querySelector(".opblock-summary-method").textContent,
    block.querySelector(".opblock-summary-path").dataset.path,
])"""


def test_the_docs_page_loads_only_local_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/docs/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert 'data-spec-url="/openapi.json"' in page


def test_the_spec_is_served_as_json(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["info"]["title"] == "foi-stats"
    assert "/v1/figures" in spec["paths"]


def test_swagger_ui_shows_every_operation_and_loads_only_from_this_app(browser, live_server, tmp_path):
    with urlopen(f"{live_server}/openapi.json", timeout=10) as response:
        spec = json.load(response)
    assert spec["openapi"].startswith("3.1")
    operations = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests, problems = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: problems.append(f"{request.url} failed: {request.failure}"))
    context.on("response", lambda r: r.status < 400 or problems.append(f"{r.url} answered {r.status}"))
    page = context.new_page()
    # Chromium says on the console what the Content-Security-Policy blocked, so that fails too.
    page.on("console", lambda message: message.type in ("error", "warning") and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    screenshot = tmp_path / "docs.png"
    started = time.monotonic()
    try:
        page.goto(f"{live_server}/docs")
        page.wait_for_function(
            "count => document.querySelectorAll('.opblock').length >= count",
            arg=len(operations),
            timeout=30_000,
        )
        rendered = time.monotonic() - started
        shown = {tuple(operation) for operation in page.eval_on_selector_all(".opblock", SHOWN_OPERATIONS)}
        title = page.text_content(".info .title")
    finally:
        page.screenshot(path=screenshot, full_page=True)
        context.close()
        print(f"/docs in Chromium: screenshot {screenshot}")
    print(f"/docs showed {len(shown)} operations {rendered:.1f} s after the request")
    assert shown == operations
    assert title and title.startswith(spec["info"]["title"])
    own = urlsplit(live_server)
    outside = [url for url in requests if urlsplit(url)[:2] != own[:2]]
    assert not outside, outside
    assert f"{live_server}/openapi.json" in requests
    assert not problems, problems
