"""Draft a disclosure's seed file from its source document (`flask --app api seeds draft PATH`).

The draft finds the document's tables (tabs, pipes, space-aligned columns, one cell per line,
`Label: value` lists, spreadsheet sheets) and its answers in words, proposes a figure for each
row with its verbatim quote and its line (or cell), resolves every label against the code lists
and marks with TODO each choice it cannot make, with the nearest entries. The loader refuses a
seed file with a TODO left, so nothing drafted is loaded until a person has made those choices
and `seeds load --check` passes.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..disclosure.todos import todos
from ..reference import CodeLists
from .answers import answer_groups
from .document import DocLine, DraftError, read_document
from .figures import TODO, Context, table_group, years_in
from .header import Header, propose_header
from .labels import LabelResolver
from .offences import offence_set
from .render import comment_lines, one_line, render_groups, scalar
from .tables import ANSWER_PREFIX, Table, find_tables

__all__ = ["DraftError", "draft_seed", "seed_id", "todos_in"]

OFFENCE_SET = "offences"  # the one offence set a draft proposes, for every group without its own
UNNAMED_FORCE = "unidentified"  # forces.yaml's entry for a letter that names no force


def todos_in(text: str) -> list[tuple[str, str]]:
    """(place, text) of each TODO a draft (or a seed edited from one) still has."""
    return todos(yaml.safe_load(text))


def seed_id(path: Path) -> str:
    return re.sub(r"[^a-z0-9.\-]+", "-", path.stem.lower()).strip("-.") or "draft"


def draft_seed(path: Path, lists: CodeLists) -> str:
    """The draft seed file for the document at `path`, as YAML text."""
    document = read_document(path)
    # A sheet's `Sheet: <name>` line names it; it is not a row of it (`Sheet: 2024` is no figure).
    lines = [line for line in document.lines if not line.heading]
    header = propose_header(lines, lists)
    tables = find_tables(lines)
    in_tables = {n for t in tables for n in range(t.first, t.last + 1)}
    offences, offence_comments = offence_set(lines, lists)
    ctx = Context(
        resolver=LabelResolver(lists),
        question_of=_questions_by_line(lines, header),
        years=_years(lines, header, in_tables),
        force=header.forces[0] if header.forces else UNNAMED_FORCE,
        offences=OFFENCE_SET,
    )
    groups = [table_group(ctx, t) for t in tables if t.counts]
    groups += answer_groups(ctx, lines, in_tables | header.question_lines | header.dated_lines)
    groups.sort(key=lambda g: g.first)
    out = _header_lines(path, lines, document.text_sha256, header, ctx)
    if any(g.defaults.get("offences") == OFFENCE_SET for g in groups):
        out += ["", *comment_lines(offence_comments, ""), "offence_sets:", f"  {OFFENCE_SET}:"]
        out += [f"    - {scalar(o)}" for o in offences]
    out += ["", *render_groups(groups)]
    out += _records_tables([t for t in tables if not t.counts])
    return "\n".join(map(one_line, out)) + "\n"


def _questions_by_line(lines: list[DocLine], header: Header) -> dict[int, str]:
    """The question each line answers: the last `Q2`-style marker above it; with one question
    (or none printed, so one paraphrased), that one."""
    numbers = [n for n, _ in header.questions] or ["1"]
    current = numbers[0] if len(numbers) == 1 else None
    by_line = {}
    for line in lines:
        m = ANSWER_PREFIX.match(line.text)
        if m and line.number not in header.question_lines:
            current = m[1]
        if current is not None:
            by_line[line.number] = current
    return by_line


def _years(lines: list[DocLine], header: Header, in_tables: set[int]) -> dict[str, list[str]]:
    """The years each printed question names, and ("") those the document names outside its
    tables and dates."""
    years = {number: years_in(text) for number, text in header.questions}
    prose = " ".join(
        line.text for line in lines if line.number not in in_tables and line.number not in header.dated_lines
    )
    years[""] = years_in(prose)
    return years


def _header_lines(
    path: Path, lines: list[DocLine], text_sha256: str | None, header: Header, ctx: Context
) -> list[str]:
    named = bool(header.forces)
    # A document whose text is extracted names the text's hash, as the loader requires.
    source = {"file": path.name, "text_sha256": text_sha256} if text_sha256 else path.name
    questions = header.questions or [("1", f"{TODO}: the request, in our words")]
    title = next((text for _, text in header.questions), None) or header.reference or path.stem
    out = [
        f"# DRAFT written by `flask --app api seeds draft` from {path.name}: check every line against the",
        "# document. Each TODO is a choice to make (the loader refuses the file while one is left);",
        "# 'draft:' comments say what was proposed and why. See docs/adding-a-disclosure.md.",
        f"id: {seed_id(path)}",
        f"reference: {scalar(header.reference or f'{TODO}: the force reference')}",
        f"title: {scalar(_shortened(title))}  # draft: write a short title",
        f"responding_body: {scalar(header.responding_body or 'A force the document does not name')}",
        f"forces: [{ctx.force}]"
        + (f"  # draft: the document also names {', '.join(header.forces[1:])}" if header.forces[1:] else ""),
        f"source: {scalar(source)}  # put the document in seeds/sources/",
        f"received: {_dated(header.received)}",
        f"responded: {_dated(header.responded)}",
        "data_as_of: null",
        "recording_system: null",
        "method: null",
        "scope: null  # draft: null says the offence codes and the period alone define the counts",
        "questions:",
    ]
    for number, text in questions:
        paraphrased = {"paraphrased": True} if not header.questions else {}
        out.append(f"  - {scalar({'number': number, 'text': text, **paraphrased})}")
    sections = _sections_named(lines)
    if sections:
        out.append(
            f"# draft: the document names section {', '.join(sections)}: add an exemption for each one a"
            " figure is withheld under (section 12, the cost limit, is a refusal, not an exemption)"
        )
    out += ["exemptions: []", f"caveats: [{'' if named else 'force-not-named'}]"]
    return out


def _shortened(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


_SECTION = re.compile(r"\bsection\s+(\d{1,2}(?:\(\d\))?(?:\([a-z]\))?)", re.IGNORECASE)


def _sections_named(lines: list[DocLine]) -> list[str]:
    """The sections of the Act the document names, other than 12 (the cost limit)."""
    found = (m[1] for line in lines for m in _SECTION.finditer(line.text))
    return [s for s in dict.fromkeys(found) if s != "12"]


def _dated(found) -> str:
    if found is None:
        return "null  # draft: not found in the document"
    return scalar({"date": found.date.isoformat(), "precision": found.precision, "quote": found.quote})


def _records_tables(tables: list[Table]) -> list[str]:
    out = []
    for table in tables:
        columns = ", ".join(table.header or ()) or "no header"
        out += [
            "",
            f"# draft: a table of records, {table.rows[0].line.ref()} to {table.rows[-1].line.ref()} ({columns}):",
            "# describe it under `tables` (docs/adding-a-disclosure.md); its rows are not figures.",
        ]
    return out
