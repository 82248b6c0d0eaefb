"""Imports point down only: api (the web) over seeds (the loader) over schema (representations and
seed-file formats) over core (the domain). The contract is import-linter's, in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["api", "seeds", "schema", "core"]


def contract_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_the_contract_is_the_four_layers_in_order():
    (contract,) = contract_config()["contracts"]
    assert contract["type"] == "layers" and contract["layers"] == LAYERS
    assert sorted(contract_config()["root_packages"]) == sorted(LAYERS)


def test_imports_point_down_only():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_the_contract_catches_an_import_that_points_up(tmp_path, monkeypatch):
    """The same contract over a miniature of the four packages in which core imports api."""
    names = [f"mini_{layer}" for layer in LAYERS]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / "mini_core" / "models.py").write_text("import mini_api\n")
    config = tmp_path / "importlinter.ini"
    config.write_text(
        f"[importlinter]\nroot_packages =\n    {chr(10).join('    ' + n for n in names).strip()}\n\n"
        f"[importlinter:contract:layers]\nname = layers\ntype = layers\nlayers =\n"
        + "".join(f"    {n}\n" for n in names)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 1
