"""Read seed files safely: confined to the seeds folder, bounded in size, UTF-8 checked, YAML without
aliases, and each file's bytes recorded for the release's content hash.

A load runs inside `reading_within(seeds_dir)`; every file read through this module is then refused
if it resolves outside that folder, and recorded (name and SHA-256 of the bytes read) so the
release hash covers exactly what was read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import yaml

from . import limits


class SeedFileError(Exception):
    """A seed file that cannot be read: names the file and what is wrong with it."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}:\n" + "\n".join(f"  - {p}" for p in placed(Path(path), problems)))


class SeedErrors(Exception):
    """Every seed file that failed, each with its problems."""

    def __init__(self, failures: list[SeedFileError]):
        self.failures = failures
        super().__init__("\n".join(str(f) for f in failures))


# --- which files a load reads ----------------------------------------------------------------


class ReadLog:
    """The files one load read, all inside its seeds folder: relative name -> SHA-256 of the bytes."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.digests: dict[str, str] = {}

    def name_of(self, path: Path) -> str:
        """The file's name relative to the seeds folder; refuses one that resolves outside it
        (an absolute path, `..`, or a symbolic link leading out)."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root):
            raise SeedFileError(path, [f"resolves to {resolved}, outside the seeds folder {self.root}"])
        return resolved.relative_to(self.root).as_posix()

    def record(self, path: Path, data: bytes) -> None:
        self.digests[self.name_of(path)] = hashlib.sha256(data).hexdigest()


_current_log: ContextVar[ReadLog | None] = ContextVar("seed_read_log", default=None)


@contextmanager
def reading_within(root: Path) -> Iterator[ReadLog]:
    """Confine the reads made inside the block to `root` and record them."""
    log = ReadLog(root)
    token = _current_log.set(log)
    try:
        yield log
    finally:
        _current_log.reset(token)


# --- reading one file --------------------------------------------------------------------------


def read_bytes(path: Path, max_bytes: int, what: str = "a seed file") -> bytes:
    """The file's bytes, refused before reading if it is larger than `max_bytes`."""
    log = _current_log.get()
    if log is not None:
        log.name_of(path)  # refuse before touching a file outside the seeds folder
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SeedFileError(path, [_too_large(f"{size:,} bytes", max_bytes, what)])
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # stat can be wrong (a file still growing, a device)
    except FileNotFoundError:
        raise SeedFileError(path, ["file not found"]) from None
    except OSError as exc:
        raise SeedFileError(path, [f"cannot be read: {exc.strerror or exc}"]) from None
    if len(data) > max_bytes:
        raise SeedFileError(path, [_too_large(f"more than {max_bytes:,} bytes", max_bytes, what)])
    if log is not None:
        log.record(path, data)
    return data


def _too_large(size: str, max_bytes: int, what: str) -> str:
    return f"is {size}; {what} may be at most {max_bytes:,} bytes (seeds/limits.py)"


def read_text(path: Path, max_bytes: int, what: str = "a seed file") -> str:
    data = read_bytes(path, max_bytes, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SeedFileError(
            path,
            [f"line {line} (byte {exc.start:,}): not UTF-8 text: {exc.reason} (byte {data[exc.start]:#04x})"],
        ) from None


# --- YAML ------------------------------------------------------------------------------------


# What an escape in a quoted scalar can write but no database stores: a lone surrogate (UTF-8
# cannot encode it) and NUL (PostgreSQL refuses it in text). Both are refused when written raw.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


class _SeedScalars:
    """A scalar its explicit tag cannot read (`!!int a`, `!!float` with no value) is a YAML error at
    its place: SafeConstructor lets Python's own error out (ValueError, KeyError...), unplaced. So
    is a string holding what no database stores (`"\\ud800"`, `"\\0"`), which passed the check and
    failed the write. And a key written twice in one mapping, and a set (its order is the hash's)."""

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and (found := _UNSTORABLE.search(value)):
            raise yaml.constructor.ConstructorError(
                None, None, f"{found.group()!r} cannot be stored: a database holds no such character",
                node.start_mark,
            )  # fmt: skip
        return value

    def construct_mapping(self, node, deep=False):
        """YAML's keys are unique: a key written twice in one mapping is an error at the second,
        where PyYAML kept the last value without a word (a merged `<<` key may still be overridden).
        Keys are compared as they are read, so `1` and `0x1`, or `yes` and `true`, are one key."""
        first: dict[object, tuple[str, int]] = {}  # key as read -> (as written, line)
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                read = self.construct_object(key)
                if read in first:
                    written, line = first[read]
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"found duplicate key {key.value!r} (first on line {line}"
                        + (f", written {written!r})" if written != key.value else ")"),
                        key.start_mark,
                    )  # fmt: skip
                first[read] = (key.value, key.start_mark.line + 1)
        return super().construct_mapping(node, deep)

    def _refuse_set(self, node):
        raise yaml.constructor.ConstructorError(
            None, None, "a set (!!set) has no order, so what is read from it would change from one "
            "load to the next: write a list", node.start_mark,
        )  # fmt: skip

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, LookupError, AttributeError, TypeError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.tag} cannot read {_shortened(node.value)!r}", node.start_mark
            ) from None


def _shortened(value: str, limit: int = 60) -> str:
    """A scalar as an error quotes it: 5,000 digits of an `!!int` are not 5,000 characters of message."""
    return value if len(value) <= limit else value[:limit] + "..."


class _SeedLoader(_SeedScalars, yaml.SafeLoader):
    """SafeLoader without aliases (a few hundred bytes of nested aliases describe billions of
    values to whatever walks the result) and with a bound on nesting (the composer recurses)."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in seed files", self.peek_event().start_mark
            )
        if self._depth >= limits.MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"nested more than {limits.MAX_YAML_DEPTH} levels deep",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Drop the implicit timestamp resolver: `2018-07-18` stays a string for fields.Date to check.
_SeedLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _CSeedLoader(_SeedScalars, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's SafeLoader (C) with _SeedLoader's resolvers: the same data, about ten times sooner.
    Its composer is C code that _SeedLoader's checks cannot enter, so `_within_bounds` checks the
    events first."""

    yaml_implicit_resolvers = _SeedLoader.yaml_implicit_resolvers


for _loader in (_SeedLoader, _CSeedLoader):
    _loader.add_constructor("tag:yaml.org,2002:set", _SeedScalars._refuse_set)


def _within_bounds(text: str) -> bool:
    """No alias and no node nested near MAX_YAML_DEPTH (libyaml's events, in C)."""
    depth = 0
    for event in yaml.parse(text, Loader=_CSeedLoader):
        if isinstance(event, yaml.AliasEvent):
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth >= limits.MAX_YAML_DEPTH - 1:
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _libyaml_reads(text: str) -> bool:
    """Whether a seed file's text is read by libyaml: it is installed, and the text has no alias, no
    nesting near the bound and no byte order mark after the first character (libyaml skips one
    that opens any line, where _SeedLoader keeps it: `---` then BOM `measure:` is another key)."""
    try:
        return yaml.__with_libyaml__ and "\ufeff" not in text[1:] and _within_bounds(text)
    except yaml.YAMLError:
        return False


def parse_yaml(text: str):
    """The data in a seed file's text. A file libyaml reads (_libyaml_reads) is read by it; any
    other (refused, malformed, or libyaml missing) by _SeedLoader, whose error is reported."""
    if _libyaml_reads(text):
        try:
            return yaml.load(text, Loader=_CSeedLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_SeedLoader)


def read_yaml(path: Path) -> dict:
    text = read_text(path, limits.MAX_SEED_FILE_BYTES, "a seed file")
    try:
        data = parse_yaml(text)
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


# --- where in the seed file a problem is -------------------------------------------------------

PLACE = re.compile(r"^[\w-]+(?:\.[\w-]+|\[\d+\])*$")  # groups[2].figures[0].platform, groups.2.figures.0


def placed(path: Path, problems: list[str]) -> list[str]:
    """Each problem once, its place in the seed given with the line it starts on: one message
    reported for several figures (a group's default, say) is one line naming them all."""
    lines = yaml_lines(path)
    places_of: dict[str, list[str]] = {}
    for problem in problems:
        place, sep, message = problem.partition(": ")
        if sep and PLACE.match(place):
            places = places_of.setdefault(message, [])
            if _indexed(place) not in places:
                places.append(_indexed(place))
        else:
            places_of.setdefault(problem, [])
    return [_with_places(message, places, lines) for message, places in places_of.items()]


def _indexed(place: str) -> str:
    """marshmallow's `groups.2.figures.0` written as the loader writes it, `groups[2].figures[0]`."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", place)


def _with_places(message: str, places: list[str], lines: dict[str, int]) -> str:
    if not places:
        return message
    numbers = sorted({n for n in (_line_of(p, lines) for p in places) if n})
    at = ""
    if numbers:
        at = f" (line {numbers[0]})" if len(numbers) == 1 else f" (lines {', '.join(map(str, numbers[:8]))}"
        at += "" if len(numbers) == 1 else (", ...)" if len(numbers) > 8 else ")")
    named = places[0] if len(places) == 1 else f"{places[0]} and {len(places) - 1} more like it"
    return f"{named}: {message}{at}"


def _line_of(place: str, lines: dict[str, int]) -> int | None:
    """The line of the place, or of the nearest enclosing one the file has."""
    while place:
        if place in lines:
            return lines[place]
        place = re.sub(r"(?:\.[\w-]+|\[\d+\])$", "", place) if re.search(r"[.\[]", place) else ""
    return None


def _composed(text: str):
    """The text's nodes, read by the reader parse_yaml reads its data with: a file only libyaml
    reads (a tab after a value) has its places too."""
    if _libyaml_reads(text):
        try:
            return yaml.compose(text, Loader=_CSeedLoader)
        except yaml.YAMLError:
            pass
    loader = _SeedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def yaml_lines(path: Path) -> dict[str, int]:
    """Every place in a seed file (`groups[2].figures[0]`) and the line it starts on; empty for a
    file that is not readable YAML (its own error says why)."""
    # Read directly, not through read_text: this runs while a SeedFileError is being made.
    try:
        if path.suffix not in (".yaml", ".yml") or path.stat().st_size > limits.MAX_SEED_FILE_BYTES:
            return {}
        root = _composed(path.read_bytes().decode("utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, int] = {}
    todo = [("", root)] if root is not None else []
    while todo:
        place, node = todo.pop()
        if place:
            lines[place] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            todo += [(f"{place}.{k.value}" if place else str(k.value), v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(f"{place}[{i}]", v) for i, v in enumerate(node.value)]
    return lines
