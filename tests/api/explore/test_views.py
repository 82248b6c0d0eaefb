"""/explore and its source pages as HTML: the same figures as the JSON API with the same filters,
every status in words, a chart with gaps drawn as gaps, the CSV of what is shown, the quoted
lines of a source highlighted, untrusted text escaped, and the app's headers and caching kept."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from api import create_app
from api.explore.present import STATUS_WORDS
from api.http import EXPLORE_CSP
from core.migrate import upgrade
from core.models import FigureStatus
from core.text import lines_of
from tests.conftest import engine_for
from tests.helpers import csv_rows

from .page import figure_rows, parse

QUERIES = [
    "",
    "measure=records_mentioning_platform&force=norfolk&financial_year=2014/15",
    "platform=SnapChat",
    "offence=7117&status=not_in_document",
    "from=2015-01-01&to=2015-12-31&page=2&page_size=5",
]


def explore(client, query: str = ""):
    response = client.get(f"/explore?{query}" if query else "/explore")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    return parse(response.get_data(as_text=True))


def json_ids(client, query: str) -> tuple[list[str], int]:
    sized = query if "page_size" in query else "&".join(filter(None, [query, "page_size=25"]))
    body = client.get(f"/v1/figures?{sized}").get_json()
    return [f["id"] for f in body["data"]], body["pagination"]["total"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_page_shows_what_the_json_api_gives_for_the_same_filters(client, query):
    document = explore(client, query)
    ids, total = json_ids(client, query)
    assert [row.figure for row in figure_rows(document)] == ids
    assert document.find("h2", id="results").words.startswith(f"{total:,} figure")


def statuses_present(client) -> list[str]:
    return [s for s in FigureStatus if client.get(f"/v1/figures?status={s}&page_size=1").get_json()["data"]]


@pytest.mark.parametrize("app_name", ["seeds", "seeds+fixtures"])
def test_every_status_is_written_in_words_and_no_cell_is_blank(request, app_name):
    client = (
        request.getfixturevalue("app") if app_name == "seeds" else request.getfixturevalue("fixtures_app")
    ).test_client()
    present = statuses_present(client)
    assert {"reported", "withheld", "nil_return"} <= set(present)
    for status in present:
        rows = figure_rows(explore(client, f"status={status}&page_size=100"))
        assert rows, status
        for row in rows:
            assert row.cells["Status"].words.startswith(STATUS_WORDS[FigureStatus(status)][0]), row.figure
            assert all(cell.words for cell in row.cells.values()), row.figure
            value = row.cells["Value"].words
            if status in ("reported", "derived", "nil_return"):
                assert re.fullmatch(r"[\d,]+ .+", value), (row.figure, value)
            else:
                assert value.startswith(("no figure:", "suppressed:")), (row.figure, value)


def test_every_status_has_words():
    assert set(STATUS_WORDS) == set(FigureStatus)


def test_a_withheld_figure_names_its_exemption_and_carries_caveats_citation_and_source(client):
    (withheld,) = client.get("/v1/figures?status=withheld").get_json()["data"]
    (row,) = figure_rows(explore(client, "status=withheld"))
    assert row.cells["Status"].words == f"Withheld (section {withheld['exemption']})"
    assert row.cells["Value"].words == f"no figure: withheld (section {withheld['exemption']})"
    for caveat in withheld["caveats"]:
        assert caveat["text"] in row.cells["Caveats"].words
    cited = row.cells["Citation and source"]
    assert cited.find("p", **{"class": "citation"}).words == withheld["citation"]
    assert cited.find("button", **{"class": "copy"}).attrs["data-copy"] == cited.find("p").attrs["id"]
    link = cited.find("a", **{"class": "source"}).attrs["href"]
    assert link.startswith(f"/explore/responses/{withheld['source']['response_id']}/source?figure=")
    assert link.endswith(f"#L{withheld['source']['line']}")


def test_the_chart_draws_values_as_bars_and_gaps_as_labelled_gaps(fixtures_app):
    client = fixtures_app.test_client()
    for query in ("measure=victims&force=unidentified", "measure=records_mentioning_platform&page_size=100"):
        document = explore(client, query)
        rows = figure_rows(document)
        svg = document.find("svg")
        groups = [g for g in svg.find_all("g") if g.attrs.get("class") in ("bar", "gap")]
        assert len(groups) == len(rows)
        for group, row in zip(groups, rows, strict=True):
            gap = "gap" in row.cells["Value"].attrs["class"]
            assert group.attrs["class"] == ("gap" if gap else "bar")
            rects = group.find_all("rect")
            if gap:
                assert not rects, row.figure  # never a bar, not even of zero length
                assert group.find("text", **{"class": "value"}).words == row.cells["Value"].words
            else:
                value = int(row.cells["Value"].words.split()[0].replace(",", ""))
                assert bool(rects) == (value > 0), row.figure
        assert "gap" in {g.attrs["class"] for g in groups}, query


def test_a_nil_return_is_drawn_as_a_zero_that_says_so(client):
    document = explore(client, "status=nil_return&measure=records_mentioning_platform")
    values = [
        g.find("text", **{"class": "value"}).words
        for g in document.find("svg").find_all("g", **{"class": "bar"})
    ]
    assert values and all(v == "0 (nil return)" for v in values)


def test_figures_counting_different_things_are_not_drawn_on_one_scale(client):
    document = explore(client, "force=unidentified")
    assert not document.find_all("svg")
    assert "choose a measure" in document.find("p", **{"class": "no-chart"}).words


def test_the_csv_link_downloads_exactly_the_figures_shown(client):
    query = "measure=victims&force=norfolk&page=2&page_size=10"
    document = explore(client, query)
    link = next(a.attrs["href"] for a in document.find_all("a") if a.words == "Download these figures as CSV")
    assert urlsplit(link).path == "/v1/figures.csv"
    assert parse_qs(urlsplit(link).query) == parse_qs(query)
    response = client.get(link)
    assert response.headers["Content-Disposition"] == 'attachment; filename="figures.csv"'
    assert [r["id"] for r in csv_rows(response)] == [row.figure for row in figure_rows(document)]


def test_the_form_offers_each_filter_with_a_label_and_keeps_what_was_chosen(client):
    document = explore(
        client,
        "measure=victims&force=norfolk&offence=22B&financial_year=2016/17&response=norfolk-foi-004600-17",
    )
    form = document.find("form")
    labels = {label.attrs["for"] for label in form.find_all("label")}
    controls = form.find_all("select") + [i for i in form.find_all("input") if i.attrs["type"] != "hidden"]
    assert {c.attrs["id"] for c in controls} == labels
    names = {c.attrs["name"] for c in controls}
    assert {"measure", "force", "platform", "offence", "financial_year", "from", "to", "status"} == names
    chosen = {s.attrs["name"]: [o.attrs["value"] for o in s.find_all("option") if "selected" in o.attrs]
              for s in form.find_all("select")}  # fmt: skip
    assert chosen["measure"] == ["victims"] and chosen["force"] == ["norfolk"]
    assert chosen["offence"] == ["22B"] and chosen["financial_year"] == ["2016/17"]
    hidden = {i.attrs["name"]: i.attrs["value"] for i in form.find_all("input", type="hidden")}
    assert hidden == {"response": "norfolk-foi-004600-17"}  # a filter the form does not offer is kept


def test_fields_left_empty_are_dropped_from_the_address(client):
    response = client.get("/explore?measure=&force=norfolk&platform=&status=")
    assert response.status_code == 303
    assert response.headers["Location"] == "/explore?force=norfolk"


def test_a_page_past_the_last_says_so_and_links_to_the_last(client):
    """Not "no figure matches" under a heading that counts them."""
    pages = client.get("/v1/figures?page_size=25").get_json()["pagination"]["pages"]
    assert "No figure matches" not in client.get(f"/explore?page={pages + 5}").get_data(as_text=True)
    document = explore(client, f"page={pages + 5}")
    (link,) = [a for a in document.find_all("a") if a.words == "Go to the last page"]
    assert parse_qs(urlsplit(link.attrs["href"]).query)["page"] == [str(pages)]
    assert figure_rows(explore(client, urlsplit(link.attrs["href"]).query))


@pytest.mark.parametrize(
    ("query", "name", "words"),
    [
        ("forse=norfolk", "forse", "not a parameter here"),
        ("platform=snapcht", "platform", "did you mean 'snapchat'?"),
        ("financial_year=2016", "financial_year", "write a financial year as 2016/17"),
        ("page_size=1000", "page_size", "100"),
    ],
)
def test_a_bad_choice_is_an_html_page_that_says_what_was_wrong(client, query, name, words):
    response = client.get(f"/explore?{query}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    problems = parse(response.get_data(as_text=True)).find("main").words
    assert name in problems and words in problems
    assert response.headers["Cache-Control"] == "no-store"


def test_before_any_release_is_loaded_the_page_says_so_and_when_to_retry(make_database):
    engine = engine_for(url := make_database())
    upgrade(engine)  # the tables, and no release in them
    engine.dispose()
    response = create_app({"DATABASE_URL": url, "TESTING": True}).test_client().get("/explore")
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert "seeds load" in parse(response.get_data(as_text=True)).find("main").words
    assert response.headers["Retry-After"]


def test_the_page_names_its_release_and_is_cached_per_release(client):
    response = client.get("/explore?measure=victims")
    release = response.headers["X-Data-Release"]
    assert parse(response.get_data(as_text=True)).find("strong", **{"class": "release"}).words == release
    assert response.headers["ETag"].strip('"').startswith(release)
    assert "public" in response.headers["Cache-Control"]
    again = client.get("/explore?measure=victims", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "url", ["/explore", "/explore/responses/norfolk-foi-000763-16/source", "/explore?forse=1"]
)
def test_the_pages_keep_the_security_headers_under_their_own_csp(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == EXPLORE_CSP
    assert "unsafe" not in EXPLORE_CSP and "http" not in EXPLORE_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_pages_load_nothing_from_outside_the_app_and_no_inline_script_or_style(client):
    html = client.get("/explore?measure=victims").get_data(as_text=True)
    document = parse(html)
    assets = [
        e.attrs.get("src") or e.attrs.get("href")
        for e in document.find_all("script") + document.find_all("link")
    ]
    assert assets and all(a.startswith("/explore/assets/") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert all(s.attrs.get("src") for s in document.find_all("script"))
    assert not document.find_all("style") and not re.search(r"<[^>]+\s(style|on[a-z]+)=", html)


def test_the_json_api_is_unchanged_beside_the_pages(client):
    assert client.get("/v1/figures?page_size=1").mimetype == "application/json"
    assert client.get("/v1/figures?page_size=1", headers={"Accept": "text/html"}).status_code == 406
    assert client.get("/v1/").get_json()["links"]["explore"] == "http://api.test/explore"
    spec = client.get("/openapi.json").get_json()
    assert not [p for p in spec["paths"] if p.startswith("/explore")]
    assert "[/explore](/explore)" in spec["info"]["description"]  # /docs shows it as a link


# --- the source page ---


def source_page(client, response_id: str, query: str = ""):
    response = client.get(f"/explore/responses/{response_id}/source" + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.get_data(as_text=True)
    return parse(response.get_data(as_text=True))


def highlighted(document) -> list[int]:
    return [int(tr.attrs["id"][1:]) for tr in document.find("table").find_all("tr", **{"class": "quoted"})]


@pytest.mark.parametrize(
    ("app_name", "response_id"),
    [("app", "norfolk-foi-000763-16"), ("fixtures_app", "synthetic-statuses")],  # the second has a form feed
)
def test_every_line_of_a_source_has_its_own_anchor(request, app_name, response_id):
    client = request.getfixturevalue(app_name).test_client()
    text = client.get(f"/v1/responses/{response_id}/source").get_data(as_text=True)
    rows = source_page(client, response_id).find("tbody").find_all("tr")
    assert [tr.attrs["id"] for tr in rows] == [f"L{n}" for n in range(1, len(lines_of(text)) + 1)]
    assert [tr.find("a").attrs["href"] for tr in rows[:3]] == ["#L1", "#L2", "#L3"]
    assert [" ".join(tr.find("td").text.split()) for tr in rows] == [
        " ".join(t.split()) for t in lines_of(text)
    ]


def test_highlight_marks_the_lines_asked_for(client):
    document = source_page(client, "norfolk-foi-000763-16", "highlight=31-33")
    assert highlighted(document) == [31, 32, 33]
    assert len(document.find("tbody").find_all("mark")) == 3


@pytest.mark.parametrize("highlight", ["5-1", "31%0A", "1-9999999"])
def test_a_highlight_that_is_not_a_range_of_lines_is_a_400_page(client, highlight):
    """Lines backwards, or a number followed by a line break, would otherwise highlight nothing
    or be read as the number alone."""
    response = client.get(f"/explore/responses/norfolk-foi-000763-16/source?highlight={highlight}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "write lines as 31 or 31-33" in response.get_data(as_text=True)


def test_a_figure_highlights_every_line_its_quote_covers(client):
    multi_line = [f for f in client.get("/v1/figures?status=nil_return&page_size=100").get_json()["data"]
                  if "\n" in f["source"]["quote"]]  # fmt: skip
    assert multi_line
    for figure in multi_line:
        source = figure["source"]
        document = source_page(client, source["response_id"], f"figure={figure['id']}")
        lines = highlighted(document)
        assert lines[0] == source["line"] and len(lines) >= source["quote"].count("\n") + 1
        quoted = " ".join(document.find("tr", id=f"L{n}").find("td").words for n in lines)
        assert " ".join(source["quote"].split()) in " ".join(quoted.split())
        assert document.find("p", **{"class": "citation"}).words == figure["citation"]


def test_a_figure_of_another_response_or_an_unknown_response_is_a_404_page(client):
    figure = client.get("/v1/figures?response=norfolk-foi-000763-16&page_size=1").get_json()["data"][0]
    wrong = client.get(f"/explore/responses/norfolk-foi-004600-17/source?figure={figure['id']}")
    unknown = client.get("/explore/responses/nowhere/source")
    for response in (wrong, unknown):
        assert response.status_code == 404 and response.mimetype == "text/html"


def test_source_text_is_escaped_not_interpreted(client):
    html = client.get("/explore/responses/hertfordshire-foi2018-03922/source").get_data(as_text=True)
    assert "&lt;https://ico.org.uk/concerns/&gt;" in html
    assert "<https://ico.org.uk" not in html


def test_the_explorer_guide_shows_each_status_as_the_pages_do():
    guide = (Path(__file__).resolve().parents[3] / "docs" / "explore.md").read_text(encoding="utf-8")
    shown = dict(re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", guide, re.M))
    assert {FigureStatus(s): words.removesuffix(" (section 40(2))") for s, words in shown.items()} == {
        status: words for status, (words, _) in STATUS_WORDS.items()
    }


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/explore/", 404), ("GET", "/explore/responses", 404), ("POST", "/explore", 405)],
)
def test_an_address_or_method_the_explorer_lacks_is_answered_with_a_page(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == EXPLORE_CSP
    document = parse(response.get_data(as_text=True))
    heading = document.find("h1").words
    assert heading in {"Not Found", "Method Not Allowed"}
    (start_again,) = [
        a.attrs["href"] for a in document.find_all("a") if a.words == "Start again from every figure"
    ]
    assert client.get(urljoin(path, start_again)).status_code == 200
    if status == 405:
        assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}


@pytest.mark.parametrize("path", ["/explorer", "/v1/explore", "/explore.json"])
def test_addresses_beside_the_explorers_are_the_apis_errors(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("path", ["/explore", "/explore/", "/explore/responses/x/source"])
def test_a_host_the_explorer_does_not_answer_for_is_told_which_it_does_without_its_own_echoed(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    lead = parse(response.get_data(as_text=True)).find("p", **{"class": "lead"}).words
    assert "answers for the hosts api.test, localhost" in lead and "evil.example" not in lead
