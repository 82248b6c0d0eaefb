"""Write a draft as seed-file YAML, in the compact style of the hand-written seeds: flow mappings
for figures, the document's place after each, and TODOs and proposals as comments above them."""

from __future__ import annotations

import json

from .figures import Group


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
