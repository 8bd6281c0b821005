"""Instruments as data: strict models, loading, validation and the bundled catalogue."""

from screening_tools.content.models import (
    Audience,
    Flag,
    Group,
    Instrument,
    InstrumentKind,
    Item,
    Provenance,
    ReviewStatus,
    Strength,
)

__all__ = [
    "Audience",
    "Flag",
    "Group",
    "Instrument",
    "InstrumentKind",
    "Item",
    "Provenance",
    "ReviewStatus",
    "Strength",
]
