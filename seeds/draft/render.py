"""Write a draft as seed-file YAML, in the compact style of the hand-written seeds: flow mappings
for figures, the document's place after each, and TODOs and proposals as comments above them."""

from __future__ import annotations

import json
import re

from .figures import Group

# What YAML reads as a line break (which would end a comment early, or fold a quoted string) or
# refuses outright (control characters), as a document may hold them: written as \u escapes.
NOT_ON_ONE_YAML_LINE = re.compile(r"[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return flow(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def one_line(line: str) -> str:
    """A line of the draft that stays one line of YAML: in a double-quoted string each escape reads
    back as the character it stands for; in a comment it is text."""
    return NOT_ON_ONE_YAML_LINE.sub(lambda found: json.dumps(found[0])[1:-1], line)


def flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value)}" for key, value in mapping.items()) + "}"


def comment_lines(comments: list[str], indent: str) -> list[str]:
    return [f"{indent}# {'' if c.startswith('TODO') else 'draft: '}{c}" for c in comments]


def render_groups(groups: list[Group]) -> list[str]:
    out = ["groups:"] if groups else ["groups: []"]
    for group in groups:
        out.append("")
        out += comment_lines(group.comments, "  ")
        out.append(f"  - defaults: {flow(group.defaults)}")
        out.append("    figures:")
        for figure in group.figures:
            out += comment_lines(figure.comments, "      ")
            out.append(f"      - {flow(figure.fields)}  # {figure.where}")
    return out
