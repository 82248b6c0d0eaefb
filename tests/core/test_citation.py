"""Every figure's printable sentence (core/citation.py), read against the rules of
docs/citations.md, and the committed citations file of each disclosure."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from seeds.citations import CITATIONS_DIR, citation_files
from tests.conftest import engine_for
from tests.helpers import all_pages

# The rule the sentence's caveat is chosen by (docs/citations.md), restated here on purpose.
CAVEAT_PRECEDENCE = ["scope", "method", "quality", "counting", "disclosure"]

# What each status must say, and what none but it may.
STATUS_WORDS = {
    "reported": " reported ",
    "nil_return": " gave a nil return (none) for ",
    "withheld": " withheld ",
    "not_in_document": " only in an enclosure that was not published",
    "outside_excerpt": " does not include",
    "not_found": " did not ",
    "not_given": " did not state ",
    "suppressed": " only as a small number, written ",
    "refused_cost": " under section 12 of the FOI Act",
    "not_held": " said it does not hold ",
    "derived": "(counted by foi-stats)",
}


@pytest.fixture(scope="module")
def figures(client) -> list[dict]:
    return all_pages(client, "/v1/figures?page_size=500")


@pytest.fixture(scope="module")
def responses(client) -> dict[str, dict]:
    listed = all_pages(client, "/v1/responses?page_size=500")
    return {r["id"]: client.get(f"/v1/responses/{r['id']}").get_json() for r in listed}


@pytest.fixture(scope="module")
def client(any_app):
    return any_app.test_client()


def scopes(response: dict, question: str) -> list[dict]:
    """The response's scope, then the figure's question's, as the API shows them."""
    asked = next(q for q in response["questions"] if q["number"] == question)
    return [s for s in (response["scope"], asked["scope"]) if s]


def expected_caveat(figure: dict, stated: set[str]) -> str | None:
    candidates = [c for c in figure["caveats"] if c["id"] not in stated]
    if not candidates:
        return None
    return min(candidates, key=lambda c: CAVEAT_PRECEDENCE.index(c["kind"]))["text"]


def test_every_citation_says_who_what_when_within_which_scope_and_from_which_response(figures, responses):
    problems = []
    for figure in figures:
        citation, response = figure["citation"], responses[figure["source"]["response_id"]]
        in_scope = scopes(response, figure["source"]["question"])
        force = (
            figure["force"]["name"]
            if figure["force"]["id"] != "unidentified"
            else "not named in its response"
        )
        period = figure["period"]
        wanted = {
            "the force": force,
            "the reference": f"according to FOI response {response['reference']}.",
            "the status": STATUS_WORDS[figure["status"]],
            **{f"the scope '{s['phrase']}'": f", {s['phrase']}" for s in in_scope},
            "the start year": period["start"][:4],
            "the end year": period["end"][2:4],
        }
        if figure["status"] in ("reported", "derived"):
            wanted["the value"] = f" {figure['value']} "
        if figure["status"] == "withheld":
            wanted["the exemption"] = f"section {figure['exemption']} of the FOI Act"
        missing = [what for what, words in wanted.items() if words not in citation]
        if missing:
            problems.append(f"{figure['id']}: no {', '.join(missing)}: {citation}")
    assert not problems, "\n".join(problems[:20])


def test_no_citation_invents_a_review_the_force_did_not_describe(figures, responses):
    for figure in figures:
        reviewed = [
            s["reviewed"]
            for s in scopes(responses[figure["source"]["response_id"]], figure["source"]["question"])
        ]
        if "in its review" in figure["citation"]:
            assert True in reviewed, figure["citation"]


def test_the_printed_caveat_is_the_one_the_rule_chooses(figures, responses):
    for figure in figures:
        stated = {
            c
            for s in scopes(responses[figure["source"]["response_id"]], figure["source"]["question"])
            for c in s["caveats"]
        }
        chosen = expected_caveat(figure, stated)
        printed = figure["citation"].partition(" Caveat: ")[2] or None
        assert printed == chosen, figure["id"]


def test_a_value_read_from_words_says_how_it_was_written(figures):
    for figure in figures:
        written = figure["value_as_written"]
        if figure["status"] == "reported" and written is not None and not written.strip().isdigit():
            assert f"(written '{written}')" in figure["citation"], figure["id"]


def test_a_code_read_from_a_title_is_printed_as_our_reading_beside_the_forces_words(figures):
    for figure in figures:
        for offence in figure["dimensions"]["offences"]:
            if offence["role"] != "counted" or offence["id"] is None:
                continue
            reading = f"'{offence['as_written']}' (read by foi-stats as Home Office code {offence['id']})"
            if not any(c.isdigit() for c in offence["as_written"]):  # a title only: the code is ours
                assert reading in figure["citation"], figure["id"]
            else:
                assert reading in figure["citation"] or offence["id"] in figure["citation"], figure["id"]


def test_a_range_period_reads_as_a_period_not_a_fragment(figures):
    for figure in figures:
        assert not re.search(r" (withheld|gave|reported) .* between \d", figure["citation"]), figure[
            "citation"
        ]


def test_the_committed_citations_are_what_the_loader_renders(database_url):
    """seeds/citations/ is regenerated by `make citations`; a change of wording shows in review."""
    engine = engine_for(database_url)
    with Session(engine) as session:
        rendered = citation_files(session)
    engine.dispose()
    committed = {p.name: p.read_text(encoding="utf-8") for p in CITATIONS_DIR.glob("*.txt")}
    assert sorted(committed) == sorted(rendered), "run `make citations`"
    for name, text in rendered.items():
        assert committed[name] == text, f"seeds/citations/{name} is out of date: run `make citations`"
