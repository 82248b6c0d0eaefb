"""Turn what a force wrote into harmonised ids: offence codes, platforms, outcomes, bands, periods.

Each resolver raises `Unresolved` with a message that says what to add to which seed file, so a
new spelling is a data change, never a silent guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


class Unresolved(ValueError):
    """A label that no code list entry accounts for."""


def fold(text: str) -> str:
    """Normalise typography only: NFKC, curly quotes and dashes to ASCII, white space to one space."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'}))
    return " ".join(text.split())


def alias_key(text: str) -> str:
    """The key aliases are matched on: case, spaces and punctuation ignored ("Live Me" = "LiveMe")."""
    return re.sub(r"[\W_]+", "", fold(text).casefold())


def label_key(text: str) -> str:
    """The key labels are matched on: case and typography ignored, words kept apart."""
    return fold(text).casefold()


# --- offence codes ---------------------------------------------------------------------------

_CLASS = re.compile(r"^0*(\d{1,3})([A-Z]?)$")
_SUBCODE = re.compile(r"^0*(\d{1,3})\s*/\s*0*(\d{1,3})$")


def normalise_offence_code(written: str, variants: dict[str, str] | None = None) -> str:
    """Canonical form of a Home Office code: `086/02` -> `86/2`, `022b` -> `22B`, `7117` -> `71/17`.

    `variants` maps spellings that plain rules cannot recover (an unseparated `7117` could be
    71/17 or 711/7) to their canonical code; it is consulted first.
    """
    text = fold(written).upper().rstrip(".")
    if variants and text in variants:
        return variants[text]
    if m := _SUBCODE.match(text):
        return f"{int(m[1])}/{int(m[2])}"
    if m := _CLASS.match(text):
        return f"{int(m[1])}{m[2]}"
    raise Unresolved(f"'{written}' is not a Home Office offence code")


_CODE_PREFIX = re.compile(r"^(\d{1,3}[A-Z]?)\.\s+\S")


def code_prefix(label: str) -> str | None:
    """The code a banding such as `22B. Sexual activity involving child under 16` starts with."""
    m = _CODE_PREFIX.match(fold(label))
    return m[1] if m else None


# --- outcomes --------------------------------------------------------------------------------

# "18. No suspect...", "Type 15", "Outcome 18", "OC18", "O18 - ...", "08.1. Restorative...", "1A".
_OUTCOME_NUMBER = re.compile(
    r"^(?:(?:type|outcome|oc|o)\s*)?0*(\d{1,2}[a-z]?)(?:\.\d+)?(?:\.|\s|$|\s*[-–:])", re.IGNORECASE
)


def outcome_number(label: str) -> str | None:
    """The outcome type a label starts with: `18. No Suspect...` -> 18, `Type 1A` -> 1A, `Outcome 18`,
    `OC18` -> 18, `08.1. ...` -> 8."""
    m = _OUTCOME_NUMBER.match(fold(label))
    return m[1].upper() if m else None


# --- periods ---------------------------------------------------------------------------------

_FY = re.compile(r"^(?:(\d{2})|(\d{4}))/(\d{2})$")
# Financial years start in April of one of these years: 1900/01 to 2099/00. Wide enough for any
# police record; narrow enough that 9999/00 or 0000/01 is a typo to report, never a date Python
# cannot build (year 10000, year 0).
FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR = 1900, 2099


def financial_year(label: str) -> tuple[dt.date, dt.date]:
    """`14/15` or `2014/15` -> 1 April 2014 to 31 March 2015."""
    m = _FY.match(label.strip())
    if not m:
        raise Unresolved(f"'{label}' is not a financial year such as 14/15 or 2014/15")
    start_year = int(m[2]) if m[2] else 2000 + int(m[1])
    if (start_year + 1) % 100 != int(m[3]):
        raise Unresolved(f"'{label}' is not a financial year: the years are not consecutive")
    if not FIRST_FINANCIAL_YEAR <= start_year <= LAST_FINANCIAL_YEAR:
        raise Unresolved(
            f"'{label}' is outside the financial years from {_fy_label(FIRST_FINANCIAL_YEAR)} to "
            f"{_fy_label(LAST_FINANCIAL_YEAR)}; write one such as 2016/17"
        )
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def calendar_year(label: str) -> tuple[dt.date, dt.date]:
    if not re.fullmatch(r"\d{4}", label.strip()):
        raise Unresolved(f"'{label}' is not a calendar year such as 2015")
    year = int(label)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_slug(start: dt.date, end: dt.date, kind: str) -> str:
    """A short, stable token for ids: fy2014-15, 2011, or 2020-07-01.2021-03-31."""
    if kind == "financial_year" and (start.month, start.day, end.month, end.day) == (4, 1, 3, 31):
        return f"fy{start.year}-{end.year % 100:02d}"
    if kind == "calendar_year" and start.year == end.year:
        return str(start.year)
    return f"{start.isoformat()}.{end.isoformat()}"


# --- ages ------------------------------------------------------------------------------------


def split_gender_and_age(cell: str) -> tuple[str, str]:
    """`Female 13` -> (`Female`, `13`); `Female u/k` -> (`Female`, `u/k`)."""
    parts = fold(cell).split(" ", 1)
    if len(parts) != 2:
        raise Unresolved(f"'{cell}' is not a gender followed by an age")
    return parts[0], parts[1]
