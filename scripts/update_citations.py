"""Rewrite seeds/citations/ from a fresh load of the seeds (`make citations`).

Run after changing a seed file, a measure's wording or core/citation.py;
tests/core/test_citation.py fails until you do. It loads the seeds into a temporary SQLite
database, so it never touches yours.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from core.migrate import upgrade  # noqa: E402
from seeds.citations import CITATIONS_DIR, citation_files  # noqa: E402
from seeds.loader import build_release, write_release  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/citations.sqlite3")
        upgrade(engine)
        write_release(engine, build_release())
        with Session(engine) as session:
            files = citation_files(session)
    CITATIONS_DIR.mkdir(exist_ok=True)
    for stale in set(p.name for p in CITATIONS_DIR.glob("*.txt")) - set(files):
        (CITATIONS_DIR / stale).unlink()
    for name, text in files.items():
        (CITATIONS_DIR / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} citation files to {CITATIONS_DIR}")


if __name__ == "__main__":
    main()
