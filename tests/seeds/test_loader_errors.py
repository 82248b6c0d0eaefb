"""What a contributor reads when a seed file is wrong: each problem once, at the seed file's line
where it was written (a group's defaults, not each figure that inherits them), with the nearest
valid value to change it to."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds.loader import build_release
from seeds.yamlio import SeedErrors, placed
from tests.helpers import edit

SEXTORTION = "disclosures/norfolk-foi-000763-16.yaml"


def line_holding(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def load_errors(seeds_dir: Path) -> str:
    with pytest.raises(SeedErrors) as raised:
        build_release(seeds_dir)
    return str(raised.value)


def test_a_wrong_default_is_reported_once_at_its_line_with_the_nearest_measure(seeds_copy):
    seed = seeds_copy / SEXTORTION
    edit(seed, "measure: offences_recorded", "measure: offences_recordd")
    message = load_errors(seeds_copy)
    line = line_holding(seed, "measure: offences_recordd")
    assert message.count("unknown measure") == 1, message
    assert (
        "groups[0].defaults.measure: unknown measure 'offences_recordd' "
        f"(see reference/measures.yaml); did you mean 'offences_recorded'? (line {line})"
    ) in message


def test_a_misspelt_caveat_suggests_the_caveat_meant(seeds_copy):
    seed = seeds_copy / SEXTORTION
    edit(seed, "caveats: [adults-included,", "caveats: [adult-included,")
    message = load_errors(seeds_copy)
    line = line_holding(seed, "caveats: [adult-included,")
    assert (
        "caveats: unknown caveat 'adult-included' (see reference/caveats.yaml); "
        f"did you mean 'adults-included'? (line {line})"
    ) in message


def test_a_schema_error_names_the_member_and_its_line(tmp_path):
    seed = tmp_path / "a.yaml"
    seed.write_text("id: a\ngroups:\n  - defaults: {}\n    figures:\n      - {value: x}\n", encoding="utf-8")
    assert placed(seed, ["groups.0.figures.0.value: Not a valid integer."]) == [
        "groups[0].figures[0].value: Not a valid integer. (line 5)"
    ]


def test_one_message_for_several_places_is_one_line_naming_them(tmp_path):
    seed = tmp_path / "a.yaml"
    seed.write_text("groups:\n  - figures:\n      - {a: 1}\n      - {a: 2}\n", encoding="utf-8")
    problems = ["groups[0].figures[0]: wrong", "groups[0].figures[1]: wrong", "a problem with no place"]
    assert placed(seed, problems) == [
        "groups[0].figures[0] and 1 more like it: wrong (lines 3, 4)",
        "a problem with no place",
    ]


def test_a_file_that_is_not_yaml_keeps_its_problems_as_they_are(tmp_path):
    seed = tmp_path / "a.yaml"
    seed.write_text("groups: [\n", encoding="utf-8")
    assert placed(seed, ["groups[0]: wrong"]) == ["groups[0]: wrong"]


def test_a_seed_with_a_tab_after_a_value_still_has_its_problems_placed_at_their_lines(seeds_copy):
    # libyaml reads `id: x<TAB>`, which PyYAML's reader refuses; the lines were looked up with the latter.
    seed = seeds_copy / SEXTORTION
    edit(seed, "id: norfolk-foi-000763-16\n", "id: norfolk-foi-000763-16\t\n")
    edit(seed, "measure: offences_recorded", "measure: offences_recordd")
    line = line_holding(seed, "measure: offences_recordd")
    assert f"did you mean 'offences_recorded'? (line {line})" in load_errors(seeds_copy)
