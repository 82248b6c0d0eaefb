"""Read seed YAML safely, keeping dates as text so marshmallow validates them like any other field."""

from __future__ import annotations

from pathlib import Path

import yaml


class _SeedLoader(yaml.SafeLoader):
    pass


# Drop the implicit timestamp resolver: `2018-07-18` stays a string for fields.Date to check.
_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class SeedFileError(Exception):
    """A seed file that cannot be read: names the file and what is wrong with it."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}:\n" + "\n".join(f"  - {p}" for p in problems))


class SeedErrors(Exception):
    """Every seed file that failed, each with its problems."""

    def __init__(self, failures: list[SeedFileError]):
        self.failures = failures
        super().__init__("\n".join(str(f) for f in failures))


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SeedLoader)
    except FileNotFoundError:
        raise SeedFileError(path, ["file not found"]) from None
    except yaml.YAMLError as exc:
        raise SeedFileError(path, [f"not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise SeedFileError(path, ["the top level must be a mapping"])
    return data


def flatten_errors(messages, prefix: str = "") -> list[str]:
    """marshmallow's nested error dict as one readable line per problem: `groups.2.figures.0.value: ...`."""
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            out += flatten_errors(value, f"{prefix}{key}." if key != "_schema" else prefix)
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix.rstrip('.') or '(file)'}: {m}" for m in messages]
    return [f"{prefix.rstrip('.')}: {messages}"]
