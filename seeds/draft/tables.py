"""Find the tables in a document, one finder per layout: tab-separated, pipe, space-aligned
columns, one cell per line, and `Label: value` lists. Spreadsheet rows arrive tab-separated.

A table is a run of rows whose last cell reads as a value (values.py); a run whose rows end in
something else (a description, an age) is a table of records, which the draft only points at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .document import DocLine
from .values import read_value

# A question's answer is often introduced by its number: "Q2 - Snapchat: *", "Question 3:".
ANSWER_PREFIX = re.compile(r"^\s*(?:Q|Question\s*)(\d+)\s*[-–:.)]?\s*", re.IGNORECASE)
_PIPE_RULE = re.compile(r"^[\s|:+=\-]+$")
_LABEL_VALUE = re.compile(r"^(?P<label>[^:\t|]{1,40}?)\s*:\s*(?P<value>[^:]{1,12})$")
MAX_HEADER_CELL = 40  # a longer "cell" is prose, not a column name


@dataclass(frozen=True)
class Row:
    labels: tuple[str, ...]  # the cells before the value, as written
    value: str  # the last cell, as written
    quote: str  # the verbatim text of the row's line (or lines)
    line: DocLine  # the row's first line
    value_ref: str  # where the value is: "line 12" or "Sheet1!B4"
    section: str | None = None  # the heading above the row (`INSTAGRAM`), as written


@dataclass(frozen=True)
class Table:
    layout: str
    header: tuple[str, ...] | None  # column names, the value's last
    rows: tuple[Row, ...]
    first: int  # first and last line numbers
    last: int
    counts: bool  # every row ends in a value (a table of figures), or not (records)


def find_tables(lines: list[DocLine]) -> list[Table]:
    """Every table, in document order; each line belongs to at most one."""
    taken: set[int] = set()
    found: list[Table] = []
    for finder in (_tab_tables, _pipe_tables, _spaced_tables, _one_cell_tables, _label_value_lists):
        for table in finder([line for line in lines if line.number not in taken]):
            found.append(table)
            taken.update(range(table.first, table.last + 1))
    return sorted(found, key=lambda t: t.first)


def _runs(lines: list[DocLine], cells_of: Callable[[DocLine], list[str] | None]) -> list[list]:
    """Runs of consecutive lines that split into cells, a blank line (a page break) inside a run
    allowed: [(line, cells), ...]. A line of one cell is a section heading (or its NIL RETURN)."""
    runs, run, previous = [], [], None
    for line in lines:
        cells = cells_of(line)
        if cells:
            adjacent = previous is not None and line.number - previous <= 2
            if run and not adjacent:
                runs.append(run)
                run = []
            run.append((line, cells))
            previous = line.number
    if run:
        runs.append(run)
    rows = [[item for item in r if len(item[1]) >= 2] for r in runs]
    return [
        r
        for r, cells in zip(runs, rows, strict=True)
        if len(cells) >= 2 or (cells and read_value(cells[0][1][-1]))
    ]


def _table(layout: str, run: list, quote: Callable[[DocLine], str] = lambda line: line.text) -> Table:
    """A table from a run of split lines: the first is its header when none of its cells is a
    value; a line of one cell is a heading for the rows under it (or its NIL RETURN)."""
    header, first = None, run[0][0].number
    first_cells = run[0][1]
    if len(run) > 1 and len(first_cells) >= 2 and all(_heading(c) for c in first_cells):
        header, run = tuple(first_cells), run[1:]
    rows, section = [], None
    for line, cells in run:
        if len(cells) == 1 and read_value(cells[0]) is None:
            section = cells[0]
            continue
        ref = line.ref(len(cells) - 1 if line.cells else None)
        rows.append(Row(tuple(cells[:-1]), cells[-1], quote(line), line, ref, section))
    counts = all(read_value(r.value) is not None for r in rows)
    return Table(layout, header, tuple(rows), first, run[-1][0].number, counts)


def _heading(cell: str) -> bool:
    return read_value(cell) is None and len(cell) <= MAX_HEADER_CELL


def _tab_cells(line: DocLine) -> list[str] | None:
    if "\t" not in line.text:
        return None
    cells = [c.strip() for c in line.text.split("\t")]
    filled = [c for c in cells if c]
    if len(filled) == 1 and cells[0]:  # `INSTAGRAM\t\t`: a section heading
        return filled
    return cells if len(filled) >= 2 else None


def _tab_tables(lines: list[DocLine]) -> list[Table]:
    return [_table("tab", run) for run in _runs(lines, _tab_cells)]


def _pipe_cells(line: DocLine) -> list[str] | None:
    text = line.text.strip()
    if "|" not in text or _PIPE_RULE.match(text):
        return None
    cells = [c.strip() for c in text.strip("|").split("|")]
    return cells if len(cells) >= 2 and all(cells) else None


def _pipe_tables(lines: list[DocLine]) -> list[Table]:
    # A rule line (|---|---|) is not a row, but it does not end the table either.
    rows = [line for line in lines if not _PIPE_RULE.match(line.text.strip()) or "|" not in line.text]
    return [_table("pipe", run) for run in _runs(rows, _pipe_cells)]


def _spaced_cells(line: DocLine) -> list[str] | None:
    cells = re.split(r"\s{2,}", line.text.strip())
    return cells if len(cells) >= 2 and all(len(c) <= 60 for c in cells) else None


def _spaced_tables(lines: list[DocLine]) -> list[Table]:
    """Columns aligned with runs of spaces: every line of a run has as many cells as the first."""
    tables = []
    for run in _runs(lines, _spaced_cells):
        width = len(run[0][1])
        same = [item for item in run if len(item[1]) == width]
        if len(same) == len(run) and len(run) >= 2:
            table = _table("space-aligned", run)
            if table.counts:  # prose with double spaces is not a table
                tables.append(table)
    return tables


def _one_cell_tables(lines: list[DocLine]) -> list[Table]:
    """A header of n short lines, then rows of n lines each, the last of each a value."""
    tables = []
    for block in _blocks(lines):
        for width in (2, 3, 4, 5):
            table = _one_cell_table(block, width)
            if table:
                tables.append(table)
                break
    return tables


def _blocks(lines: list[DocLine]) -> list[list[DocLine]]:
    """Runs of consecutive non-blank lines."""
    blocks, block = [], []
    for line in lines:
        if line.text.strip() and block and line.number == block[-1].number + 1:
            block.append(line)
        else:
            if block:
                blocks.append(block)
            block = [line] if line.text.strip() else []
    if block:
        blocks.append(block)
    return blocks


def _one_cell_table(block: list[DocLine], width: int) -> Table | None:
    if len(block) < 2 * width or len(block) % width:
        return None
    cells = [line.text.strip() for line in block]
    header = cells[:width]
    if not all(_heading(c) for c in header):
        return None
    groups = [block[i : i + width] for i in range(width, len(block), width)]
    if any(read_value(g[-1].text.strip()) is None for g in groups):
        return None
    rows = tuple(
        Row(
            tuple(line.text.strip() for line in g[:-1]),
            g[-1].text.strip(),
            "\n".join(line.text for line in g),
            g[0],
            g[-1].ref(),
        )
        for g in groups
    )
    return Table("one cell per line", tuple(header), rows, block[0].number, block[-1].number, True)


def _label_value_cells(line: DocLine) -> list[str] | None:
    m = _LABEL_VALUE.match(_without_answer_prefix(line.text).strip())
    if m and read_value(m["value"].strip()) is not None:
        return [m["label"].strip(), m["value"].strip()]
    return None


def _without_answer_prefix(text: str) -> str:
    return text[ANSWER_PREFIX.match(text).end() :] if ANSWER_PREFIX.match(text) else text


def _label_value_lists(lines: list[DocLine]) -> list[Table]:
    """`Snapchat: *` lines, one figure each; the quote leaves out an answer's `Q2 - ` prefix."""
    runs = []
    for line in lines:
        cells = _label_value_cells(line)
        if cells is None:
            continue
        if runs and line.number == runs[-1][-1][0].number + 1:
            runs[-1].append((line, cells))
        else:
            runs.append([(line, cells)])
    return [
        Table(
            "label: value",
            None,
            tuple(Row((c[0],), c[1], _without_answer_prefix(ln.text).strip(), ln, ln.ref()) for ln, c in run),
            run[0][0].number,
            run[-1][0].number,
            True,
        )
        for run in runs
    ]
