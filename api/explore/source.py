"""A stored source document as numbered lines, and the lines a figure's quote covers.

A quote matches its source verbatim but for white space (seeds/source_document.py), so it may run
over several lines and the blank lines between them: it covers its first line through the line
where its last words end."""

from __future__ import annotations

from seeds.source_document import squash


def quoted_lines(lines: list[str], first: int, quote: str) -> range:
    """The lines (1-based) that the quote starting on line `first` covers."""
    wanted = squash(quote)
    seen = ""
    for number in range(first, len(lines) + 1):
        words = squash(lines[number - 1])
        if words:
            seen = f"{seen} {words}" if seen else words
        if wanted in seen:
            return range(first, number + 1)
    return range(first, first + 1)  # the quote does not read from here (never after a load's checks)


def lines_asked(highlight: str, line_count: int) -> range:
    """`31` or `31-33` as a range of lines, kept within the document."""
    start, _, end = highlight.partition("-")
    first, last = int(start), int(end or start)
    return range(max(1, first), min(line_count, last) + 1)
