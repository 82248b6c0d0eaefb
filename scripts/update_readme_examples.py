"""Rewrite the output of every `$ curl -s '...'` example in README.md and docs/*.md with what the app
answers now.

Run after changing the API or the seeds (`make readme`); tests/test_readme_and_docs.py fails until you do.
It loads the seeds into a temporary SQLite database, so it never touches yours.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402

from api import create_app  # noqa: E402
from api.database import enforce_sqlite_foreign_keys  # noqa: E402
from core.migrate import upgrade  # noqa: E402
from seeds.loader import build_release, write_release  # noqa: E402

EXAMPLE = re.compile(
    r"(```console\n\$ curl -s(?: -H '[^']*')? '(http://127\.0\.0\.1:8000)([^']*)'\n)(.*?)(```)", re.S
)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/readme.sqlite3"
        engine = create_engine(url)
        enforce_sqlite_foreign_keys(engine)
        upgrade(engine)
        write_release(engine, build_release())
        client = create_app({"DATABASE_URL": url, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}).test_client()

        def replace(match: re.Match) -> str:
            header = match[1]
            accept = re.search(r"-H 'Accept: ([^']*)'", header)
            response = client.get(match[3], headers={"Accept": accept[1]} if accept else {})
            body = response.get_data(as_text=True).replace("\r\n", "\n").rstrip()
            return f"{header}{body}\n{match[5]}"

        for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
            page.write_text(EXAMPLE.sub(replace, page.read_text(encoding="utf-8")), encoding="utf-8")
        engine.dispose()


if __name__ == "__main__":
    main()
