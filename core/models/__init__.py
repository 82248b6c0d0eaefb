"""The harmonised data model.

Every table keeps what a force wrote (`*_as_written`) beside the value we harmonised it to, so
nothing a force said is overwritten. Code lists (forces, offence codes, outcome types, platforms,
age bands, genders, caveats, measures) are loaded from `seeds/reference/`; responses, figures and
disclosed records from `seeds/disclosures/`.
"""

from .base import (
    MAIN_DOCUMENT,
    AgeBandKind,
    Base,
    CaveatKind,
    Confidence,
    CopyKind,
    DatePrecision,
    FigureStatus,
    ForceKind,
    OffenceRole,
    PeriodKind,
    SourceFormat,
    UtcDateTime,
)
from .code_lists import (
    MEASURE_VIEWS,
    AgeBand,
    Caveat,
    Force,
    Gender,
    Measure,
    OffenceCode,
    OffenceCodeVariant,
    OutcomeType,
    Platform,
    PlatformAlias,
)
from .disclosures import (
    BREAKDOWN_DIMENSIONS,
    DataRelease,
    DisclosedRecord,
    Disclosure,
    DisclosureCaveat,
    DisclosureForce,
    Exemption,
    Figure,
    FigureCaveat,
    FigureDocument,
    FigureOffence,
    FigurePart,
    Question,
    RecordCaveat,
    ResponseDocument,
    breakdown_key,
)

__all__ = [
    "BREAKDOWN_DIMENSIONS", "MAIN_DOCUMENT", "MEASURE_VIEWS", "AgeBand", "AgeBandKind", "Base", "Caveat", "CaveatKind", "Confidence", "CopyKind", "DataRelease",
    "DatePrecision", "DisclosedRecord", "Disclosure", "DisclosureCaveat", "DisclosureForce", "Exemption",
    "Figure", "FigureCaveat", "FigureDocument", "FigureOffence", "FigurePart", "FigureStatus", "Force", "ForceKind",
    "Gender", "Measure", "OffenceCode", "OffenceCodeVariant", "OffenceRole", "OutcomeType", "PeriodKind",
    "Platform", "PlatformAlias", "Question", "RecordCaveat", "ResponseDocument", "SourceFormat", "UtcDateTime", "breakdown_key",
]  # fmt: skip
