"""How a text is cut into numbered lines, the one rule for quotes' line numbers and pages."""

from __future__ import annotations

import re

# Only the line endings an editor or `sed -n 31p` counts. str.splitlines() also splits on form
# feeds (every page break of a PDF's extracted text), vertical tabs and U+2028/U+2029/U+0085,
# which would shift every line number after them and split a JSON string in two.
LINE_ENDING = re.compile(r"\r\n|\r|\n")


def lines_of(text: str) -> list[str]:
    """The text's lines without their endings; a final line ending does not start a new line."""
    lines = LINE_ENDING.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
