"""A seed file with a TODO left is a draft (`seeds draft`): refuse it, naming each place."""

from __future__ import annotations

MARKER = "TODO"


def todos(raw, where: str = "") -> list[tuple[str, str]]:
    """(place, text) for every key or text in a seed file's YAML that starts with TODO."""
    if isinstance(raw, dict):
        found = []
        for key, value in raw.items():
            place = f"{where}.{key}" if where else str(key)
            if str(key).startswith(MARKER):
                found.append((place, str(key)))
            else:
                found += todos(value, place)
        return found
    if isinstance(raw, list):
        return [t for i, item in enumerate(raw) for t in todos(item, f"{where}[{i}]")]
    if isinstance(raw, str) and raw.lstrip().startswith(MARKER):
        return [(where, raw)]
    return []


def leftover_todos(raw) -> list[str]:
    return [f"{place}: a draft's TODO is left: {text!r}" for place, text in todos(raw)]
