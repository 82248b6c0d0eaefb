"""Tab-separated tables, optionally split into sections by single-cell heading rows.

Norfolk's disclosures list rows under platform headings:

    INSTAGRAM\t\t
    14/15\t21. Sexual Activity involving a child under 13\t18. No Suspect. ...
    MusicaL.ly\t\t
    NIL RETURN\t\t

Blank lines (page breaks in the original) are skipped. Every other line must have exactly one cell
per declared column, so a row the parser does not understand stops the load instead of vanishing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.harmonise import fold

from ..source_document import Line

NIL_RETURN = "NIL RETURN"


class TableError(ValueError):
    def __init__(self, line: Line | None, message: str):
        where = f"line {line.number}: " if line else ""
        super().__init__(f"{where}{message}")


@dataclass
class Row:
    line: Line
    section: str | None  # the heading above the row, as written
    cells: dict[str, str] = field(default_factory=dict)  # column name -> cell as written
    nil_return: bool = False


def parse_tab_table(lines: list[Line], columns: list[str], sectioned: bool) -> list[Row]:
    rows: list[Row] = []
    section: str | None = None
    section_line: Line | None = None
    section_rows = 0
    for line in lines:
        cells = [cell.strip() for cell in line.text.split("\t")]
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if sectioned and len(filled) == 1 and cells[0]:
            if fold(cells[0]).upper() == NIL_RETURN:
                if section is None:
                    raise TableError(line, "NIL RETURN before any section heading")
                rows.append(Row(line=section_line, section=section, nil_return=True))
                section_rows += 1
                continue
            if section is not None and section_rows == 0:
                raise TableError(section_line, f"section {section!r} has neither rows nor NIL RETURN")
            section, section_line, section_rows = cells[0], line, 0
            continue
        if len(cells) != len(columns):
            raise TableError(
                line,
                f"expected {len(columns)} tab-separated cells ({', '.join(columns)}), found {len(cells)}",
            )
        if sectioned and section is None:
            raise TableError(line, "a row before any section heading")
        rows.append(Row(line=line, section=section, cells=dict(zip(columns, cells, strict=True))))
        section_rows += 1
    if sectioned and section is not None and section_rows == 0:
        raise TableError(section_line, f"section {section!r} has neither rows nor NIL RETURN")
    if not rows:
        raise TableError(None, "the table has no rows")
    return rows
