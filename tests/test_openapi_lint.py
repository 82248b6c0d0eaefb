"""openapi.yaml passes the linters other tools' users run: Spectral's spectral:oas rules and
Redocly's recommended rules, both clean at any severity. A rule may be switched off only in
.spectral.yaml or redocly.yaml, with a comment saying why and a justification in docs/api.md;
an override the spec no longer needs fails too.

scripts/spec-lint installs the linters at the versions tools/spec-lint pins (npm, from the
registry) when they are missing: in CI always; elsewhere without npm these tests are skipped."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import IN_CI, TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
SPECTRAL_RULESET = ROOT / ".spectral.yaml"
REDOCLY_CONFIG = ROOT / "redocly.yaml"
DOCS = ROOT / "docs" / "api.md"
LINT_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


@pytest.fixture(scope="session")
def linters() -> Path:
    """The directory of the installed linters' commands."""
    if TEST_DATABASE_URL:
        pytest.skip("the linters read openapi.yaml alone, whatever the database: the SQLite pass runs them")
    done = subprocess.run([ROOT / "scripts" / "spec-lint", "install"], capture_output=True, text=True)
    if done.returncode == 3 and not IN_CI:
        pytest.skip(f"{done.stderr.strip()}: the spec linters are skipped (CI always runs them)")
    assert done.returncode == 0, done.stderr[-2000:]
    return Path(done.stdout.strip())


def run(command: list, cwd: Path = ROOT) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **LINT_ENV})
    assert done.stdout.strip(), f"{command[0]} printed nothing: {done.stderr[-2000:]}"
    return done.stdout


def spectral(linters: Path, ruleset: Path) -> list[tuple[str, str, str]]:
    """(rule, where, message) of every result at any severity (error, warn, info or hint)."""
    results = json.loads(run([linters / "spectral", "lint", "--ruleset", ruleset, "--format", "json",
                              "--fail-severity", "hint", "--quiet", SPEC]))  # fmt: skip
    return [(r["code"], "/".join(map(str, r["path"])), r["message"]) for r in results]


def redocly(linters: Path, config: Path) -> list[tuple[str, str, str]]:
    """(rule, where, message) of every problem at any severity."""
    report = json.loads(run([linters / "redocly", "lint", "--config", config, "--format", "json",
                             "--max-problems", "10000", SPEC], cwd=config.parent))  # fmt: skip
    return [(p["ruleId"], p["location"][0]["pointer"], p["message"]) for p in report["problems"]]


def overrides(config: Path) -> dict[str, str]:
    """Each rule the config switches off or changes, with the comment just above it."""
    text = config.read_text(encoding="utf-8")
    found = {}
    for rule in yaml.safe_load(text).get("rules") or {}:
        above = re.search(rf"((?:^ *#.*\n)+)^ *{re.escape(rule)}:", text, re.MULTILINE)
        found[rule] = " ".join(line.strip(" #") for line in above[1].splitlines()) if above else ""
    return found


def justified_in_docs() -> str:
    section = DOCS.read_text(encoding="utf-8").split("## Linting the spec", 1)
    assert len(section) == 2, "docs/api.md has no 'Linting the spec' section"
    return section[1].split("\n## ", 1)[0]


LINTERS = {
    "spectral": (spectral, SPECTRAL_RULESET, 'extends: ["spectral:oas"]\n'),
    "redocly": (redocly, REDOCLY_CONFIG, "extends:\n  - recommended\n"),
}


@pytest.mark.parametrize("name", LINTERS)
def test_the_spec_is_clean_under_the_committed_rules(linters, name):
    lint, config, _ = LINTERS[name]
    problems = lint(linters, config)
    assert not problems, "\n".join(f"{rule} at {where}: {message}" for rule, where, message in problems)


@pytest.mark.parametrize("name", LINTERS)
def test_every_override_says_why_and_is_justified_in_the_docs(name):
    _, config, _ = LINTERS[name]
    docs = justified_in_docs()
    for rule, comment in overrides(config).items():
        assert len(comment.split()) >= 5, (
            f"{config.name}: say why {rule} is overridden, in a comment above it"
        )
        assert f"`{rule}`" in docs, f"docs/api.md, Linting the spec: justify {name}'s {rule}"


@pytest.mark.parametrize("name", LINTERS)
def test_every_override_is_still_needed(linters, name, tmp_path):
    """Under the linter's own rules alone, exactly the overridden rules find something."""
    lint, config, bare = LINTERS[name]
    plain = tmp_path / config.name
    plain.write_text(bare, encoding="utf-8")
    found = {rule for rule, _, _ in lint(linters, plain)}
    assert not set(overrides(config)) - found, f"{config.name} overrides rules the spec now passes"
    assert not found - set(overrides(config)), "the spec fails rules that no override covers"


def test_the_index_without_its_trailing_slash_redirects_to_it(client):
    """Why the trailing-slash rules are off (docs/api.md): /v1/ is the index and /v1 leads there."""
    response = client.get("/v1")
    assert response.status_code in (301, 308) and response.headers["Location"].endswith("/v1/")
    assert "/v1/" in yaml.safe_load(SPEC.read_text(encoding="utf-8"))["paths"]
