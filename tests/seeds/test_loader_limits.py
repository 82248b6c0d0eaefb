"""The loader's limits (seeds/limits.py): a seed file cannot make it run out of memory or time, and
a file it cannot read is refused naming the file, the place and the reason, never a traceback."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from seeds import limits
from seeds.loader import PROJECT_DIR, SEEDS_DIR, build_release
from seeds.yamlio import SeedErrors, SeedFileError
from tests.helpers import edit, replace_in

UNNAMED = "disclosures/unidentified-20210999.yaml"
UNNAMED_SOURCE = "sources/unnamed-force_20210999_sexual-communication.txt"
SEXTORTION = "disclosures/norfolk-foi-000763-16.yaml"
AGE_BANDS = 'age_band: ["11 and under", "12-15", "16 and over"]'


def problems_of(seeds_dir: Path) -> str:
    with pytest.raises(SeedErrors) as caught:
        build_release(seeds_dir)
    return str(caught.value)


def expand_of(keys: int, values: int) -> str:
    """An `expand` describing values ** keys figures in a few hundred bytes of YAML."""
    listed = ", ".join(str(v) for v in range(values))
    return "".join(f"\n      x{k}: [{listed}]" for k in range(keys))


@pytest.fixture()
def synthetic():
    """bench/synthetic.py, the benchmark release the limits must leave room for."""
    spec = importlib.util.spec_from_file_location("synthetic", PROJECT_DIR / "bench" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- figures ---------------------------------------------------------------------------------


def test_an_expand_describing_billions_of_figures_is_refused_before_it_is_built(seeds_copy):
    edit(seeds_copy / UNNAMED, AGE_BANDS, AGE_BANDS + expand_of(keys=9, values=10))
    message = problems_of(seeds_copy)
    assert "unidentified-20210999.yaml" in message
    assert "expand: describes 3,000,000,000 figures; a group may expand to at most 100,000" in message


def test_a_group_over_the_limit_is_named_by_its_index(seeds_copy, monkeypatch):
    monkeypatch.setattr(limits, "MAX_GROUP_FIGURES", 2)
    message = problems_of(seeds_copy)
    assert "unidentified-20210999.yaml" in message
    assert "].expand: describes 3 figures; a group may expand to at most 2" in message


@pytest.fixture(scope="module")
def real_figures() -> int:
    return build_release().figure_count


def test_a_release_may_hold_exactly_its_limit_of_figures(monkeypatch, real_figures):
    monkeypatch.setattr(limits, "MAX_RELEASE_FIGURES", real_figures)
    assert build_release().figure_count == real_figures


def test_the_file_that_takes_a_release_past_its_limit_is_refused(monkeypatch, real_figures):
    monkeypatch.setattr(limits, "MAX_RELEASE_FIGURES", real_figures - 1)
    with pytest.raises(SeedErrors) as caught:
        build_release()
    assert len(caught.value.failures) == 1
    assert f"at most {real_figures - 1:,} in all" in str(caught.value)


# --- file sizes ------------------------------------------------------------------------------


def test_a_seed_file_over_the_limit_is_refused(seeds_copy, monkeypatch):
    limit = max(p.stat().st_size for p in seeds_copy.glob("*/*.yaml"))
    monkeypatch.setattr(limits, "MAX_SEED_FILE_BYTES", limit)
    path = seeds_copy / UNNAMED
    path.write_text(path.read_text(encoding="utf-8") + "#" * limit + "\n", encoding="utf-8")
    message = problems_of(seeds_copy)
    assert "unidentified-20210999.yaml" in message
    assert f"is {path.stat().st_size:,} bytes; a seed file may be at most {limit:,} bytes" in message


def test_a_huge_source_document_is_refused_without_reading_it(seeds_copy, monkeypatch):
    with (seeds_copy / UNNAMED_SOURCE).open("r+b") as f:
        f.truncate(150 * limits.MiB)  # sparse: 150 MB on paper, nothing written
    opened, real_open = [], Path.open

    def recording_open(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", recording_open)
    message = problems_of(seeds_copy)
    assert "unnamed-force_20210999_sexual-communication.txt" in message
    assert "is 157,286,400 bytes; a source document may be at most 16,777,216 bytes" in message
    assert seeds_copy / UNNAMED_SOURCE not in opened


def test_the_default_limits_leave_room_for_the_benchmark_release(synthetic):
    figures_per_file = len(synthetic.PLATFORMS) * (1 + len(synthetic.GENDERS) * len(synthetic.AGES))
    benchmark_figures = figures_per_file * len(synthetic.forces()) * 10
    assert 100_000 < benchmark_figures < limits.MAX_RELEASE_FIGURES / 4
    assert figures_per_file < limits.MAX_GROUP_FIGURES
    largest_seed = max(p.stat().st_size for p in SEEDS_DIR.glob("*/*.yaml"))
    largest_source = max(p.stat().st_size for p in (SEEDS_DIR / "sources").iterdir())
    assert largest_seed * 100 < limits.MAX_SEED_FILE_BYTES < 100 * limits.MiB
    assert largest_source * 100 < limits.MAX_SOURCE_BYTES < 100 * limits.MiB


def test_some_of_the_benchmark_release_loads_within_the_limits(synthetic, tmp_path):
    synthetic.write(tmp_path, years=1)
    for extra in sorted((tmp_path / "disclosures").glob("*.yaml"))[3:]:
        extra.unlink()  # three files are enough to show each kind passes; all 430 take a minute
    release = build_release(tmp_path)
    assert len(release.bundles) == 3


# --- text that is not UTF-8 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [pytest.param(UNNAMED, id="seed file"), pytest.param(UNNAMED_SOURCE, id="source document")]
)
def test_a_file_that_is_not_utf8_is_refused_with_its_line_and_byte(seeds_copy, path):
    data = (seeds_copy / path).read_bytes()
    at = data.index("–".encode())
    (seeds_copy / path).write_bytes(data.replace("–".encode(), b"\x96"))  # Windows-1252's en dash
    message = problems_of(seeds_copy)
    assert Path(path).name in message
    line = data.count(b"\n", 0, at) + 1
    assert f"line {line} (byte {at:,}): not UTF-8 text: invalid start byte (byte 0x96)" in message


# --- hostile YAML ------------------------------------------------------------------------------


def test_yaml_aliases_are_refused(seeds_copy):
    # Nine more levels of this ("billion laughs") describe 10**9 values in under a kilobyte.
    laughs = 'x-a: &a ["lol", "lol"]\nx-b: &b [*a, *a]\nx-c: &c [*b, *b]\n'
    path = seeds_copy / UNNAMED
    path.write_text(path.read_text(encoding="utf-8") + laughs, encoding="utf-8")
    message = problems_of(seeds_copy)
    assert "unidentified-20210999.yaml" in message
    assert "aliases (*name) are not allowed in seed files" in message
    assert f"line {len(path.read_text(encoding='utf-8').splitlines()) - 1}" in message


def test_yaml_nested_too_deeply_is_refused(seeds_copy):
    path = seeds_copy / UNNAMED
    path.write_text(path.read_text(encoding="utf-8") + "x: " + "[" * 5000 + "]" * 5000 + "\n")
    message = problems_of(seeds_copy)
    assert "unidentified-20210999.yaml" in message
    assert f"nested more than {limits.MAX_YAML_DEPTH} levels deep" in message


# --- periods no date can hold ---------------------------------------------------------------


@pytest.mark.parametrize(
    "period",
    [
        pytest.param('{label: "9999/00", kind: financial_year}', id="financial year 9999/00"),
        pytest.param('{label: "0000", kind: calendar_year}', id="calendar year 0"),
    ],
)
def test_a_period_outside_the_calendar_is_refused_with_its_place(seeds_copy, period):
    edit(seeds_copy / SEXTORTION, '{label: "2011", kind: calendar_year}', period)
    message = problems_of(seeds_copy)
    assert "norfolk-foi-000763-16.yaml" in message
    assert "groups[0].figures[0]: period:" in message


def test_a_table_rows_period_outside_the_calendar_is_refused_on_every_row_that_writes_it(seeds_copy):
    source = seeds_copy / "sources" / "norfolk_FOI-004600-17_social-media.txt"
    for row in ("Female 10\t2", "Female 11\t1"):  # lines 240 and 241 of table-b
        edit(source, f"2014/15\t{row}", f"9999/00\t{row}")
    message = problems_of(seeds_copy)
    assert "line 240: period:" in message and "line 241: period:" in message


@pytest.mark.parametrize("value", [2**31, 10**20])
def test_a_value_larger_than_the_database_holds_is_refused_by_the_check_not_the_write(seeds_copy, value):
    # PostgreSQL's INTEGER holds up to 2**31 - 1; SQLite's up to 2**63 - 1.
    edit(seeds_copy / UNNAMED, 'value: 30, quote: "30 offences', f'value: {value}, quote: "{value} offences')
    edit(seeds_copy / UNNAMED_SOURCE, "30 offences are currently", f"{value} offences are currently")
    problems = problems_of(seeds_copy)
    assert "value: Must be greater than or equal to 0 and less than or equal to 2147483647." in problems


def test_a_text_longer_than_its_column_holds_is_refused_by_the_check_not_the_write(seeds_copy):
    # SQLite stores a longer text; PostgreSQL refuses it (a period's label is VARCHAR(100)).
    label = "between 01-JUL-2020 and 31-MAR-2021"
    longer = label + " (" + "a long aside, " * 6 + ")"
    for path in (seeds_copy / UNNAMED, seeds_copy / UNNAMED_SOURCE):
        replace_in(path, label, longer)
    problems = problems_of(seeds_copy)
    assert f"period_label is {len(longer)} characters; the database holds at most 100" in problems


def test_a_code_lists_text_longer_than_its_column_is_refused_by_the_check_not_the_write(seeds_copy):
    alias = "Snapchat (" + "as one force wrote it, " * 9 + ")"  # a platform alias is VARCHAR(200)
    edit(seeds_copy / "reference/platforms.yaml", "aliases: [Snapchat]", f'aliases: [Snapchat, "{alias}"]')
    with pytest.raises(SeedFileError) as caught:
        build_release(seeds_copy)
    assert f"alias is {len(alias)} characters; the database holds at most 200" in str(caught.value)
