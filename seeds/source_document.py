"""A stored FOI response as text: quote checks and the line ranges parsers read."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from core.models import SourceFormat
from core.text import lines_of

from . import limits
from .extract import ExtractError, extract
from .yamlio import SeedFileError, read_bytes


def squash(text: str) -> str:
    """Collapse every run of white space to one space: quotes match verbatim but for white space
    (the sources use tabs and hard line breaks that YAML cannot show legibly)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as an editor shows it
    text: str


class SourcePathError(ValueError):
    """A seed's `source` that names a file outside its sources folder."""


def source_path(sources_dir: Path, name: str) -> Path:
    """The file `name` in `sources_dir`, refusing any name that leads outside that folder: the
    document is served at /v1/responses/{id}/source, so a seed must not reach e.g. /etc/passwd."""
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute():
        raise SourcePathError(f"'{name}' is an absolute path; name a file in {sources_dir.name}/")
    if ".." in PurePosixPath(name).parts or ".." in PureWindowsPath(name).parts:
        raise SourcePathError(f"'{name}' contains '..'; name a file inside {sources_dir.name}/")
    path = sources_dir / name
    if not path.resolve().is_relative_to(sources_dir.resolve()):
        raise SourcePathError(
            f"'{name}' leads through a symbolic link to {path.resolve()}, outside {sources_dir.name}/"
        )
    return path


class SourceDocument:
    """A document's extracted text (extract.py), its lines, and for a spreadsheet its cells."""

    def __init__(
        self,
        path: Path,
        text: str,
        cells: dict[str, tuple[int, str]] | None = None,
        original: bytes = b"",
        fmt: SourceFormat = SourceFormat.TEXT,
    ):
        self.path = path
        self.format = fmt
        self.text = text
        self.cells = cells or {}
        self.original = original
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self.lines = [Line(i, t) for i, t in enumerate(lines_of(self.text), start=1)]
        # The squashed text, and where each non-blank line starts in it, to map a match to a line.
        pieces, self._offsets, self._numbers, at = [], [], [], 0
        for line in self.lines:
            if words := squash(line.text):
                self._offsets.append(at)
                self._numbers.append(line.number)
                pieces.append(words)
                at += len(words) + 1
        self._squashed = " ".join(pieces)

    @classmethod
    def read(cls, path: Path, fmt: SourceFormat) -> SourceDocument:
        """Read the original file and extract its text; SeedFileError names the file and what is wrong."""
        data = read_bytes(path, limits.MAX_SOURCE_BYTES, "a source document")
        try:
            extracted = extract(data, fmt)
        except ExtractError as exc:
            raise SeedFileError(path, [str(exc)]) from None
        return cls(path, extracted.text, extracted.cells, data, fmt)

    def cell(self, address: str) -> tuple[int, str] | None:
        """A spreadsheet cell's (line, value as text), or None where the cell is empty or absent."""
        return self.cells.get(address)

    def line_text(self, number: int) -> str:
        return self.lines[number - 1].text

    def contains(self, quote: str) -> bool:
        return self.line_of(quote) is not None

    def line_of(self, quote: str, at_or_before: int | None = None) -> int | None:
        """The line on which the quote's first occurrence starts, or None if it does not occur.
        With `at_or_before`, the last occurrence starting on or before that line: a table row's
        quote is the one above the row, not the same words in an earlier table."""
        target = squash(quote)
        if not target:
            return None
        if at_or_before is None:
            at = self._squashed.find(target)
        else:
            following = bisect.bisect_right(self._numbers, at_or_before)  # the next non-blank line
            starts_by = self._offsets[following] if following < len(self._offsets) else len(self._squashed)
            at = self._squashed.rfind(target, 0, starts_by - 1 + len(target))
        if at < 0:
            return None
        return self._numbers[bisect.bisect_right(self._offsets, at) - 1]

    def between(self, start: str, end: str) -> list[Line]:
        """The lines after the first line starting with `start`, up to the next starting with `end`."""
        start_at = self._first_line_starting(start, 0)
        end_at = self._first_line_starting(end, start_at + 1)
        return self.lines[start_at + 1 : end_at]

    def _first_line_starting(self, marker: str, from_index: int) -> int:
        wanted = squash(marker)
        for i in range(from_index, len(self.lines)):
            if squash(self.lines[i].text).startswith(wanted):
                return i
        raise LookupError(f"no line starting with {marker!r} in {self.path.name}")


def occurs_as_token(needle: str, haystack: str) -> bool:
    """True if `needle` occurs in `haystack` not glued to other letters or digits ("3" in "Norfolk 3")."""
    pattern = r"(?<![\w])" + re.escape(squash(needle)) + r"(?![\w])"
    return re.search(pattern, squash(haystack), flags=re.IGNORECASE) is not None
