"""Propose the offences counted: Home Office codes the document writes in brackets or after the
word "code", each with the words before it as the force wrote them."""

from __future__ import annotations

import re

from core.harmonise import Unresolved

from ..reference import CodeLists
from .document import DocLine
from .figures import TODO

_BRACKETED = re.compile(r"\((\d{1,3}[A-Z]?(?:/\d{1,3})?)\)")
_AFTER_WORD = re.compile(r"\b(?:code|HOCR|classification)s?\s+(\d{1,3}[A-Z]?(?:/\d{1,3})?)\b", re.IGNORECASE)


def offence_set(lines: list[DocLine], lists: CodeLists) -> tuple[list[dict], list[str]]:
    """([{code, as_written}], comments); a TODO entry when the document names no code."""
    found: dict[str, dict] = {}
    for line in lines:
        for m in [*_BRACKETED.finditer(line.text), *_AFTER_WORD.finditer(line.text)]:
            try:
                code = lists.offence_code(m[1])
            except Unresolved:
                continue
            if code not in found:
                found[code] = {"code": code, "as_written": _as_written(line.text, m)}
    if not found:
        return [
            {
                "code": f"{TODO}: a code from offence_codes.yaml",
                "as_written": f"{TODO}: the offence as written",
            }
        ], [f"{TODO}: the document names no offence code: give the codes the force searched"]
    titles = "; ".join(f"{code}: {lists.offence_codes[code].title}" for code in found)
    return list(found.values()), [f"offence codes written in the document ({titles})"]


def _as_written(text: str, m: re.Match) -> str:
    """`sexual communication with a child (71/17)` from `... offences of sexual communication with
    a child (71/17) were ...`: the words after the last 'of' before a bracketed code."""
    if not m[0].startswith("("):
        return m[0]
    before = text[: m.start()]
    cut = max(before.rfind(" of "), before.rfind(": "))
    words = before[cut + 4 if cut >= 0 and before[cut : cut + 4] == " of " else cut + 2 :].strip()
    return f"{words} {m[0]}" if 0 < len(words) <= 80 else m[1]
