"""Instruments as data: strict models, loading, validation and the bundled catalogue."""

from screening_tools.content.models import (
    Audience,
    Group,
    Instrument,
    Item,
    Provenance,
    ReviewStatus,
    Strength,
)

__all__ = ["Audience", "Group", "Instrument", "Item", "Provenance", "ReviewStatus", "Strength"]
