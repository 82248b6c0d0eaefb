"""A seed file with a TODO left is a draft (`seeds draft`): refuse it, naming each place."""

from __future__ import annotations

MARKER = "TODO"


def leftover_todos(raw, where: str = "") -> list[str]:
    """Every place in a seed file's YAML whose key or text starts with TODO."""
    if isinstance(raw, dict):
        found = []
        for key, value in raw.items():
            place = f"{where}.{key}" if where else str(key)
            if str(key).startswith(MARKER):
                found.append(f"{place}: a draft's TODO is left: {value!r}")
            else:
                found += leftover_todos(value, place)
        return found
    if isinstance(raw, list):
        return [p for i, item in enumerate(raw) for p in leftover_todos(item, f"{where}[{i}]")]
    if isinstance(raw, str) and raw.lstrip().startswith(MARKER):
        return [f"{where}: a draft's TODO is left: {raw!r}"]
    return []
