"""A deterministic synthetic release at scale, written as ordinary seed files so it goes through
the same loader as the real disclosures: every force, ten financial years, about 110,000 figures.

    python bench/synthetic.py OUT_DIR [--years 10]

OUT_DIR gets reference/ (the real code lists), disclosures/ and sources/ (one pair per force and
year). Each source document has two tab-separated tables the loader parses: records mentioning
each platform, and victims by platform, gender and single year of age.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = ["Facebook", "Instagram", "Snapchat", "WhatsApp", "Twitter", "Skype", "Kik", "TikTok", "YouTube",
             "Discord", "Omegle", "Twitch", "Pinterest", "Tumblr", "Steam"]  # fmt: skip
AGES = range(10, 18)
GENDERS = ["Female", "Male"]


def forces() -> list[str]:
    data = yaml.safe_load((ROOT / "seeds" / "reference" / "forces.yaml").read_text())
    return [f["id"] for f in data["forces"] if f["kind"] == "territorial"]


def source_text(force: str, year: int, rng: random.Random) -> str:
    fy = f"{year}/{(year + 1) % 100:02d}"
    lines = [
        f"Synthetic Constabulary benchmark disclosure SYN-{force}-{year}",
        f"Request received 1 May {year + 1}.",
        "1. How many crime records mention each platform?",
        "2. How many victims were there, by platform, gender and age?",
        "Research has been undertaken of synthetic crime records for benchmarking only.",
        "",
        "Mentions",
        "Financial Year\tNumber",
    ]
    for platform in PLATFORMS:
        lines += [f"{platform.upper()}\t", f"{fy}\t{rng.randint(0, 80)}"]
    lines += ["End of mentions", "", "Victims", "Financial Year\tGender & Age\tNumber"]
    for platform in PLATFORMS:
        lines.append(f"{platform.upper()}\t\t")
        lines += [f"{fy}\t{gender} {age}\t{rng.randint(0, 25)}" for gender in GENDERS for age in AGES]
    lines += ["End of victims", ""]
    return "\n".join(lines)


def seed_file(force: str, year: int) -> dict:
    table = {"force": force, "period_kind": "financial_year", "sections": "platform"}
    return {
        "id": f"syn-{force}-{year}",
        "reference": f"SYN-{force}-{year}",
        "title": f"Synthetic benchmark disclosure, {force}, {year}",
        "responding_body": "Synthetic Constabulary",
        "forces": [force],
        "source": f"syn-{force}-{year}.txt",
        "received": {
            "date": f"{year + 1}-05-01",
            "precision": "day",
            "quote": f"Request received 1 May {year + 1}.",
        },
        "responded": None,
        "data_as_of": None,
        "recording_system": None,
        "method": "Research has been undertaken of synthetic crime records for benchmarking only.",
        "scope": None,
        "questions": [
            {"number": "1", "text": "How many crime records mention each platform?"},
            {"number": "2", "text": "How many victims were there, by platform, gender and age?"},
        ],
        "exemptions": [],
        "caveats": ["keyword-search", "platforms-overlap"],
        "tables": [
            {
                **table,
                "name": "mentions",
                "question": "1",
                "produces": "figures",
                "measure": "records_mentioning_platform",
                "start": "Financial Year\tNumber",
                "end": "End of mentions",
                "columns": ["period", "value"],
            },
            {
                **table,
                "name": "victims",
                "question": "2",
                "produces": "figures",
                "measure": "victims",
                "start": "Financial Year\tGender & Age\tNumber",
                "end": "End of victims",
                "columns": ["period", "gender_and_age", "value"],
                "caveats": ["victims-under-18-only"],
            },
        ],  # fmt: skip
    }


def write(out: Path, years: int) -> int:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "seeds" / "reference", out / "reference")
    (out / "disclosures").mkdir(parents=True)
    (out / "sources").mkdir()
    rng = random.Random(42)
    count = 0
    for force in forces():
        for year in range(2014, 2014 + years):
            (out / "sources" / f"syn-{force}-{year}.txt").write_text(source_text(force, year, rng))
            (out / "disclosures" / f"syn-{force}-{year}.yaml").write_text(
                yaml.safe_dump(seed_file(force, year), sort_keys=False)
            )
            count += len(PLATFORMS) * (1 + len(GENDERS) * len(AGES))
    return count


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    print(f"wrote {write(args.out, args.years)} figures' worth of seeds to {args.out}")
