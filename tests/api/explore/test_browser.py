"""The explorer in a real headless Chromium, used as a person would: filters picked with the
keyboard, the table's statuses read, the chart seen, a citation copied, a source line followed and
a CSV downloaded; checked by axe-core for accessibility, loading nothing from outside this app.
Screenshots are kept in the test's temp dir."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

FOCUSABLE_LIMIT = 60  # Tab presses allowed to reach a control: the page has far fewer stops


@pytest.fixture()
def visit(browser, live_server, tmp_path):
    """visit(path) -> a page of a new browser context that fails the test on any request outside
    the app, failed request, error response, console error (a CSP refusal is one) or script error."""
    contexts, problems = [], []

    def open_page(path: str, status: int = 200, **options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        contexts.append(context)
        own, url = urlsplit(live_server), live_server + path
        # An error page asked for on purpose answers its status, and Chromium logs that on the console.
        expected = (url, f"the server responded with a status of {status}")
        context.on(
            "request", lambda r: urlsplit(r.url)[:2] == own[:2] or problems.append(f"outside: {r.url}")
        )
        context.on("requestfailed", lambda r: problems.append(f"{r.url} failed: {r.failure}"))
        context.on(
            "response",
            lambda r: r.status < 400 or r.url == expected[0] or problems.append(f"{r.url}: {r.status}"),
        )
        page = context.new_page()
        page.on(
            "console",
            lambda m: m.type not in ("error", "warning") or expected[1] in m.text or problems.append(m.text),
        )
        page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
        assert page.goto(url).status == status
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, problems


def shoot(page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")


def tab_to(page, selector: str) -> None:
    """Press Tab until the element is focused, as a keyboard user would reach it."""
    for _ in range(FOCUSABLE_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def choose_with_keyboard(page, selector: str, typed: str) -> str:
    """Focus a select with Tab and type the start of an option, as a keyboard user picks one."""
    tab_to(page, selector)
    page.keyboard.type(typed, delay=30)
    return page.eval_on_selector(selector, "s => s.selectedOptions[0].textContent")


def focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; }"""
    )


def test_a_reader_picks_figures_with_the_keyboard_and_reads_them(visit, tmp_path):
    page = visit("/explore")
    assert choose_with_keyboard(page, "#f-measure", "Victims") == "Victims"
    assert focus_is_visible(page)
    assert choose_with_keyboard(page, "#f-force", "Force not") == "Force not identified"
    tab_to(page, "form button[type=submit]")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "measure=victims" in page.url and "force=unidentified" in page.url
    rows = page.locator("table.figures tbody tr")
    assert rows.count() > 0
    statuses = rows.locator("td:nth-of-type(2)").all_inner_texts()
    values = rows.locator("td:nth-of-type(1)").all_inner_texts()
    assert all(s.strip() for s in statuses) and all(v.strip() for v in values)
    assert "Not in the document" in statuses  # the victims of 20210999 are in a spreadsheet we lack
    gaps = page.locator("svg g.gap")
    assert gaps.count() == sum(v.startswith("no figure") for v in values)
    assert gaps.locator("rect").count() == 0
    assert page.locator("svg").is_visible()
    shoot(page, tmp_path, "explore-keyboard")


def test_a_citation_is_copied_to_the_clipboard(visit):
    page = visit("/explore?status=withheld", permissions=["clipboard-read", "clipboard-write"])
    citation = page.locator("p.citation").first.inner_text()
    tab_to(page, "button.copy")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('copy-status').textContent !== ''")
    assert page.locator("#copy-status").inner_text() == "Citation copied."
    assert page.evaluate("() => navigator.clipboard.readText()") == citation


def test_a_source_link_leads_to_the_highlighted_quoted_lines(visit, tmp_path):
    page = visit("/explore?measure=records_mentioning_platform&status=nil_return")
    link = page.locator("table.figures a.source").first
    line = link.get_attribute("href").rsplit("#L", 1)[1]
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"#L{line}")
    target = page.locator(f"#L{line}")
    assert "quoted" in target.get_attribute("class")
    assert target.locator("mark").is_visible()
    assert page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        f"L{line}",
    )  # scrolled to the line
    highlighted = page.locator("tr.quoted")
    assert highlighted.count() >= 2  # a nil return's quote is its heading and NIL RETURN
    background = page.eval_on_selector("tr.quoted td", "td => getComputedStyle(td).backgroundColor")
    plain = page.eval_on_selector(
        "tr:not(.quoted):not(:target) td", "td => getComputedStyle(td).backgroundColor"
    )
    assert background != plain
    page.screenshot(path=tmp_path / "explore-source.png")


def test_the_csv_download_holds_the_figures_shown(visit):
    page = visit("/explore?measure=victims&force=norfolk&page_size=10")
    shown = page.eval_on_selector_all("table.figures tbody tr", "rows => rows.map(r => r.dataset.figure)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures as CSV").click()
    assert download.value.suggested_filename == "figures.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == shown


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/explore", 200),
        ("/explore?measure=records_mentioning_platform&force=norfolk&financial_year=2016/17", 200),
        ("/explore/responses/norfolk-foi-004600-17/source?highlight=206-207", 200),
        ("/explore?platform=snapcht", 400),
        ("/explore/nowhere", 404),  # answered before any explorer view runs
    ],
)
def test_axe_finds_no_accessibility_violations(visit, path, status):
    page = visit(path, status)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_control_has_a_label_and_the_chart_a_text_alternative(visit):
    page = visit("/explore?measure=victims")
    unlabelled = page.eval_on_selector_all(
        "select, input:not([type=hidden]), button",
        "controls => controls.filter(c => !(c.labels && c.labels.length) && !c.textContent.trim()).map(c => c.outerHTML)",
    )
    assert unlabelled == []
    svg = page.locator("svg[role=img]")
    labelled_by = svg.get_attribute("aria-labelledby").split()
    texts = [page.locator(f"#{i}").text_content().strip() for i in labelled_by]
    assert all(texts) and "table below" in texts[-1]
