"""seeds/yamlio.py: seed files read by libyaml give what the pure-Python reader gives, and what the
loader refuses (aliases, deep nesting, malformed YAML) is refused with that reader's message.

libyaml is YAML's reference implementation; PyYAML's pure-Python reader refuses a few texts it
reads (a tab after a scalar, `a\t`). Those are read now: nothing else may differ."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds import limits
from seeds.loader import SEEDS_DIR
from seeds.yamlio import SeedFileError, _SeedLoader, parse_yaml, read_yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_FILES = sorted([*SEEDS_DIR.glob("**/*.yaml"), *FIXTURES.glob("**/*.yaml")])


def plainly(text: str) -> tuple[str, object]:
    """The pure-Python reader's ("data", data), or ("error", its message)."""
    try:
        return "data", yaml.load(text, Loader=_SeedLoader)
    except yaml.YAMLError as exc:
        return "error", str(exc)


def read(text: str) -> tuple[str, object]:
    try:
        return "data", parse_yaml(text)
    except yaml.YAMLError as exc:
        return "error", str(exc)


def assert_read_as_before(text: str) -> None:
    before, now = plainly(text), read(text)
    refused_by_the_loader = before[0] == "error" and ("aliases" in before[1] or "nested more" in before[1])
    if before[0] == "data" or refused_by_the_loader:
        assert now == before
    else:  # malformed for PyYAML: the same message, or libyaml's reading of a text PyYAML refuses
        assert now == before or now[0] == "data"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_every_seed_file_reads_as_the_pure_python_reader_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert ("data", parse_yaml(text)) == plainly(text)


@pytest.mark.parametrize("depth", range(limits.MAX_YAML_DEPTH - 3, limits.MAX_YAML_DEPTH + 3))
def test_nesting_near_the_bound_is_read_or_refused_as_before(depth):
    text = "x: " + "[" * depth + "1" + "]" * depth + "\n"
    assert read(text) == plainly(text)


# YAML's punctuation, indentation and a few scalars: texts that are sometimes YAML and often not.
YAML_PIECES = st.sampled_from(
    ["\n", "  ", "- ", ": ", "a", "1", "2018-07-18", "'", '"', "&x ", "*x", "[", "]", "{", "}", ",",
     "#", "|", ">", "!!str ", "? ", "~", "null", "yes", "\t", "é", "\\", "%YAML 1.1\n", "---\n", "..."]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_any_text_reads_as_the_pure_python_reader_reads_it(text):
    assert_read_as_before(text)


@pytest.mark.parametrize(
    "text",
    ["---\n\ufeffmeasure: victims\n", "\n\ufeffvictims\n", "\ufeff\ufeffmeasure: victims\n"],
    ids=["after ---", "after a blank line", "a second at the start"],
)
def test_a_byte_order_mark_after_the_first_character_is_read_as_before(text):
    # libyaml skips a BOM that opens any line; PyYAML's reader only the text's first character.
    assert read(text) == plainly(text)


@pytest.mark.parametrize(
    "text",
    [
        "value: !!int a\n",
        "value: !!int 0b12\n",
        "value: !!float\n",
        "value: !!bool maybe\n",
        "date: !!timestamp 1\n",
    ],
)
def test_a_scalar_its_tag_cannot_read_is_a_seed_file_error_at_its_line(tmp_path, text):
    seed = tmp_path / "a.yaml"
    seed.write_text("id: a\n" + text, encoding="utf-8")
    with pytest.raises(SeedFileError) as raised:
        read_yaml(seed)
    assert "not valid YAML" in str(raised.value) and "line 2" in str(raised.value)


@pytest.mark.parametrize("escape", ["\\ud800", "\\U0000DFFF", "\\0", "\\x00"])
def test_an_escape_for_what_no_database_stores_is_a_seed_file_error_at_its_line(tmp_path, escape):
    # A lone surrogate passed the check and failed the write (UTF-8 cannot encode it); PostgreSQL
    # refuses NUL in text. The reader refuses both written raw; escaped, they are refused too.
    seed = tmp_path / "a.yaml"
    seed.write_text(f'id: a\nnote: "before {escape} after"\n', encoding="utf-8")
    with pytest.raises(SeedFileError) as raised:
        read_yaml(seed)
    assert "not valid YAML" in str(raised.value) and "line 2" in str(raised.value)


@pytest.mark.parametrize(
    "text",
    [
        "id: a\nfigures:\n  - {value: 3, quote: '3 offences', value: 4}\n",
        "id: a\nscope: null\nnote: x\nscope:\n  phrase: only some\n",
        "id: a\nvalues: {1: x, 0x1: y}\n",
        "id: a\nflags: {yes: x, true: y}\n",
    ],
    ids=["in a flow mapping", "in a block mapping", "written as 1 and 0x1", "written as yes and true"],
)
def test_a_key_written_twice_in_one_mapping_is_a_seed_file_error(tmp_path, text):
    # YAML's keys are unique; PyYAML kept the last value and dropped the first without a word.
    seed = tmp_path / "a.yaml"
    seed.write_text(text, encoding="utf-8")
    with pytest.raises(SeedFileError) as raised:
        read_yaml(seed)
    assert "found duplicate key" in str(raised.value)


def test_a_merge_key_may_still_be_overridden_by_the_mapping_it_is_merged_into():
    assert parse_yaml("a: {<<: {value: 1, quote: x}, value: 2}\n") == {"a": {"value": 2, "quote": "x"}}


def test_a_long_scalar_its_tag_cannot_read_is_quoted_shortened(tmp_path):
    seed = tmp_path / "a.yaml"
    seed.write_text("id: a\nvalue: " + "9" * 5000 + "\n", encoding="utf-8")  # more digits than int() reads
    with pytest.raises(SeedFileError) as raised:
        read_yaml(seed)
    assert "cannot read '" + "9" * 60 + "...'" in str(raised.value) and len(str(raised.value)) < 1000


def test_a_set_is_a_seed_file_error_since_its_order_changes_from_one_run_to_the_next(tmp_path):
    # A list field read a set in hash order: caveats: !!set {a, b} listed them in another order
    # from one process to the next, so the same seed bytes (one release id) stored other documents.
    seed = tmp_path / "a.yaml"
    seed.write_text("id: a\ncaveats: !!set {force-not-named, adults-included}\n", encoding="utf-8")
    with pytest.raises(SeedFileError) as raised:
        read_yaml(seed)
    assert "write a list" in str(raised.value) and "line 2" in str(raised.value)
