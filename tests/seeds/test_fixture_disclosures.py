"""The synthetic fixture disclosures (tests/fixtures/, invented for the tests) load beside a copy
of the real seeds with no code change, and are served with a truthful status and citation."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from seeds.loader import build_release
from seeds.yamlio import SeedErrors
from tests.conftest import FIXTURES
from tests.core.test_citation import STATUS_WORDS
from tests.helpers import all_pages, replace_in, with_fixture


@pytest.fixture(scope="module")
def client(fixtures_app):
    return fixtures_app.test_client()


def figures_of(client, response_id: str) -> dict[str, dict]:
    return {f["id"]: f for f in all_pages(client, f"/v1/figures?response={response_id}&page_size=500")}


def test_a_suppressed_small_number_keeps_what_was_written_and_its_bounds_and_no_value(client):
    figures = figures_of(client, "synthetic-statuses")
    star = next(
        f
        for f in figures.values()
        if f["dimensions"]["platform"] and f["dimensions"]["platform"]["id"] == "snapchat"
    )
    assert (star["status"], star["value"], star["value_as_written"]) == ("suppressed", None, "*")
    assert (star["value_lower"], star["value_upper"]) == (1, 4)
    assert "only as a small number, written '*' (between 1 and 4)" in star["citation"]
    assert star["exemption"] is None  # suppression needs no exemption


def test_a_cost_refusal_and_information_not_held_are_their_own_statuses(client):
    figures = figures_of(client, "synthetic-statuses")
    refused = figures["synthetic-statuses.q3.by-school"]
    assert (refused["status"], refused["value"], refused["exemption"]) == ("refused_cost", None, None)
    assert "refused to give" in refused["citation"] and "section 12" in refused["citation"]
    not_held = figures["synthetic-statuses.q4.livestream"]
    assert (not_held["status"], not_held["value"]) == ("not_held", None)
    assert "does not hold" in not_held["citation"]


def test_every_fixture_figure_says_its_status_in_its_citation(client):
    for figure in figures_of(client, "synthetic-statuses").values():
        assert STATUS_WORDS[figure["status"]] in figure["citation"], figure["id"]


def test_outcome_labels_in_any_style_become_an_outcome_dimension(client):
    by_written = {
        f["dimensions"]["outcome"]["as_written"]: f for f in figures_of(client, "synthetic-outcomes").values()
    }
    assert {written: f["dimensions"]["outcome"]["id"] for written, f in by_written.items()} == {
        "Outcome 18": "18",
        "OC15": "15",
        "Charge/Summons": "1",
        "Community resolution": "8",
        "Under investigation": "under-investigation",
        "Transferred": "transferred",
    }
    assert by_written["Under investigation"]["dimensions"]["outcome"]["framework"] is False
    assert "with outcome type 18 (" in by_written["Outcome 18"]["citation"]
    assert (
        "with the outcome recorded as 'Under investigation'" in by_written["Under investigation"]["citation"]
    )


def test_a_question_the_document_does_not_print_is_marked_as_our_paraphrase(client):
    (question,) = client.get("/v1/responses/synthetic-outcomes").get_json()["questions"]
    assert question["paraphrased"] is True
    for figure in figures_of(client, "synthetic-outcomes").values():
        assert figure["source"]["question_text"] == "[paraphrased by foi-stats] " + question["text"]


def test_figures_filter_by_outcome(client):
    figures = all_pages(client, "/v1/figures?outcome=18,under-investigation&page_size=500")
    assert figures and {f["dimensions"]["outcome"]["id"] for f in figures} == {"18", "under-investigation"}
    assert client.get("/v1/figures?outcome=99").status_code == 400


def test_a_declared_discrepancy_is_served_and_flags_the_figures_involved(client):
    response = client.get("/v1/responses/synthetic-discrepancy").get_json()
    (discrepancy,) = response["discrepancies"]
    assert (discrepancy["group"], discrepancy["left"], discrepancy["right"]) == ({}, 21, 22)
    figures = figures_of(client, "synthetic-discrepancy")
    assert len(figures) == 3
    for figure in figures.values():
        assert "force-figures-disagree" in [c["id"] for c in figure["caveats"]], figure["id"]


def with_discrepancy_fixture(seeds: Path) -> tuple[Path, Path]:
    return with_fixture(seeds, "synthetic-discrepancy")


def test_a_declared_discrepancy_whose_amounts_change_stops_the_load(seeds_copy):
    seed, _ = with_discrepancy_fixture(seeds_copy)
    replace_in(seed, "{left: 21, right: 22,", "{left: 20, right: 22,")
    expected = "declared discrepancy total (20 on the left, 22 on the right): the check now gives 21 and 22"
    with pytest.raises(SeedErrors, match=re.escape(expected)):
        build_release(seeds_copy)


def test_a_declared_discrepancy_that_disappears_stops_the_load(seeds_copy):
    seed, source = with_discrepancy_fixture(seeds_copy)
    replace_in(source, "Total\t21", "Total\t22")  # the force's total, corrected
    replace_in(seed, 'value: 21\n        quote: "Total\\t21"', 'value: 22\n        quote: "Total\\t22"')
    with pytest.raises(SeedErrors, match="the totals now agree"):
        build_release(seeds_copy)


def test_an_undeclared_mismatch_says_how_to_declare_it(seeds_copy):
    seed, _ = with_discrepancy_fixture(seeds_copy)
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text[: text.index("    discrepancies:")], encoding="utf-8")
    with pytest.raises(
        SeedErrors, match="total: 21 on the left, 22 on the right; if the force's own figures disagree"
    ):
        build_release(seeds_copy)


def test_the_real_disclosures_still_load_beside_the_fixtures(client):
    responses = {r["id"] for r in all_pages(client, "/v1/responses?page_size=500")}
    assert {"synthetic-statuses", "synthetic-outcomes", "norfolk-foi-004600-17"} <= responses


def test_line_numbers_count_only_line_endings_so_a_page_break_or_u2028_moves_no_quote(client):
    """A form feed (a PDF page break) or a U+2028 is not a line ending: a figure's line is the one
    an editor or `sed -n Np` shows, and a figure holding a U+2028 is still one JSON document."""
    text = (FIXTURES / "sources" / "synthetic-statuses.txt").read_text(encoding="utf-8")
    assert "\f" in text
    figures = figures_of(client, "synthetic-statuses")
    q1 = next(f for f in figures.values() if f["source"]["quote"] == "Q1 - 41 offences.")
    sed_line = text.split("\n").index("Q1 - 41 offences.") + 1
    assert q1["source"]["line"] == sed_line
    noted = next(f for f in figures.values() if "\u2028" in (f["note"] or ""))
    response = client.get(noted["links"]["self"].removeprefix("http://api.test"))
    assert response.status_code == 200
    assert response.get_json()["note"] == noted["note"]


def test_measures_with_no_collection_of_their_own_are_data_listed_by_figures(client):
    """Arrests, people charged and suspects by age band were added to measures.yaml alone: the
    index names no collection for them but links their figures, which carry true citations."""
    measures = {m["id"]: m for m in client.get("/v1/").get_json()["measures"]}
    for measure_id, words in (
        (
            "arrests",
            "reported 3 arrests for offences recorded as 'sexual communication with a child (71/17)'",
        ),
        ("people_charged", "reported 2 persons charged with offences recorded as"),
        ("suspects", "reported 1 suspect aged under 18 of offences recorded as"),
    ):
        assert measures[measure_id]["view"] is None
        url = measures[measure_id]["figures"].removeprefix("http://api.test")
        figures = [f for f in all_pages(client, url) if f["source"]["response_id"] == "synthetic-measures"]
        assert figures and {f["measure"] for f in all_pages(client, url)} == {measure_id}
        assert any(words in f["citation"] for f in figures), [f["citation"] for f in figures]


def test_offences_counted_month_by_month_keep_each_month_and_its_nil(client):
    months = [
        f for f in figures_of(client, "synthetic-measures").values() if f["measure"] == "offences_recorded"
    ]
    by_label = {f["period"]["label"]: f for f in months}
    assert [(m["value"], m["status"]) for m in by_label.values()] == [
        (4, "reported"),
        (0, "nil_return"),
        (5, "reported"),
    ]
    assert (by_label["February 2025"]["period"]["start"], by_label["February 2025"]["period"]["end"]) == (
        "2025-02-01",
        "2025-02-28",
    )


# --- sources of any format ---------------------------------------------------------------------


def document_line(client, figure: dict) -> str:
    """The line a figure's source links to, read from the document text the API serves."""
    url, line = figure["source"]["url"].split("#L")
    return client.get(url.removeprefix("http://api.test")).get_data(as_text=True).splitlines()[int(line) - 1]


def test_a_web_page_held_as_an_excerpt_says_what_it_covers(client):
    (page,) = client.get("/v1/responses/synthetic-log-page").get_json()["documents"]
    assert (page["format"], page["media_type"], page["copy"]) == ("html", "text/html", "excerpt")
    assert page["excerpt"].startswith("The page down to its Table 1")
    assert (page["origin_url"], page["published"], page["retrieved"]) == (
        "https://foi.example.org/disclosure-log/syn-0003",
        "2025-05-14",
        "2025-11-30",
    )
    text = client.get(page["url"].removeprefix("http://api.test")).get_data(as_text=True)
    assert "<" not in text and "2024\t17" in text.splitlines()


def test_a_figure_beyond_our_excerpt_is_outside_excerpt_not_missing_from_the_document(client):
    figures = figures_of(client, "synthetic-log-page")
    unseen = next(f for f in figures.values() if f["period"]["label"] == "2023")
    assert (unseen["status"], unseen["value"]) == ("outside_excerpt", None)
    assert STATUS_WORDS["outside_excerpt"] in unseen["citation"]
    assert STATUS_WORDS["not_in_document"] not in unseen["citation"]
    assert document_line(client, unseen) == unseen["source"]["quote"]


def test_one_request_is_answered_across_a_pdf_letter_and_its_spreadsheet(client):
    documents = client.get("/v1/responses/synthetic-letter-spreadsheet").get_json()["documents"]
    assert [(d["name"], d["format"], d["copy"]) for d in documents] == [
        ("main", "pdf", "complete"),
        ("spreadsheet", "xlsx", "complete"),
    ]
    figures = figures_of(client, "synthetic-letter-spreadsheet")
    from_letter = [f for f in figures.values() if f["source"]["document"] == "main"]
    from_sheet = {
        f["source"]["cell"]: f for f in figures.values() if f["source"]["document"] == "spreadsheet"
    }
    assert [f["value"] for f in from_letter] == [23]
    assert document_line(client, from_letter[0]) == from_letter[0]["source"]["quote"]
    assert set(from_sheet) == {"Platforms!B2", "Platforms!B3", "Platforms!B4"}
    snapchat = from_sheet["Platforms!B2"]
    assert (snapchat["value"], snapchat["dimensions"]["platform"]["id"]) == (9, "snapchat")
    assert document_line(client, snapchat) == snapchat["source"]["quote"] == "Snapchat\t9"
    whatsapp = from_sheet["Platforms!B4"]
    assert (whatsapp["status"], whatsapp["value_as_written"]) == ("nil_return", "Nil")


def test_one_document_answering_two_requests_is_the_source_of_both(client):
    first, second = (client.get(f"/v1/responses/synthetic-shared-letter-{x}").get_json() for x in ("a", "b"))
    assert first["reference"] != second["reference"]
    assert first["documents"][0]["file"] == second["documents"][0]["file"] == "synthetic-shared-letter.txt"
    assert first["documents"][0]["sha256"] == second["documents"][0]["sha256"]
    (a,) = figures_of(client, "synthetic-shared-letter-a").values()
    (b,) = figures_of(client, "synthetic-shared-letter-b").values()
    assert (a["value"], b["value"]) == (12, 4)
    assert "FOI response SYN-0005" in a["citation"] and "FOI response SYN-0006" in b["citation"]


def test_each_document_is_served_as_published(client):
    documents = client.get("/v1/responses/synthetic-letter-spreadsheet").get_json()["documents"]
    for document in documents:
        response = client.get(document["original_url"].removeprefix("http://api.test"))
        assert response.data == (FIXTURES / "sources" / document["file"]).read_bytes()
        assert response.headers["Content-Disposition"] == f'attachment; filename="{document["file"]}"'
        assert hashlib.sha256(response.data).hexdigest() == document["original_sha256"]


def test_an_unknown_document_is_a_404_problem(client):
    for url in (
        "/v1/responses/synthetic-letter-spreadsheet/documents/nope",
        "/v1/responses/nope/documents/main/original",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_download_holds_each_original_once_and_the_text_beside_it(client):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/v1/releases/latest/download").data))
    names = archive.namelist()
    for name in ("synthetic-letter.pdf", "synthetic-attachment.xlsx", "synthetic-log-page.html"):
        assert archive.read(f"sources/{name}") == (FIXTURES / "sources" / name).read_bytes()
        assert f"sources/{name}.txt" in names
    assert names.count("sources/synthetic-shared-letter.txt") == 1
    sheet = client.get("/v1/responses/synthetic-letter-spreadsheet/documents/spreadsheet").data
    assert archive.read("sources/synthetic-attachment.xlsx.txt") == sheet
