"""De-identified statistics: coarse case records, a data dictionary, suppressed tables, exports.

The unit is the case. A ``StatRecord`` holds only coarse codes: a month or quarter (never a day),
an age band, and ids from the instruments and the jurisdiction pack. It has no field that could
hold a name, a date of birth, a date or free text, and every id is checked against the data
dictionary on the way into a table: an id the dictionary does not list is counted as
``unlisted``, so nothing outside the dictionary's vocabulary can reach an export.

Tables are suppressed by ``screening_tools.stats_suppression`` (see there for the rules); a
report's tables are suppressed together, so one table cannot undo another.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from screening_tools.content.models import Instrument, InstrumentKind
from screening_tools.errors import ScreeningError
from screening_tools.jurisdiction import JurisdictionPack
from screening_tools.referral.model import BasisKind
from screening_tools.stats_suppression import SUPPRESSED, Table, suppress_together

DATA_DICTIONARY_VERSION = "1.0"
UNLISTED = "unlisted"  # an id the dictionary does not list (e.g. from a retired instrument)
NONE = "none"
TOTAL = "TOTAL"  # the total row or column in CSV; upper case, so never an id
PERIOD = "period"
EXPLOITATION_INSTRUMENT = "exploitation-types"
SERVICES_INSTRUMENT = "services-needed"

_PERIOD = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")
# Ids only: lower case, no spaces. A name or a sentence cannot pass.
_CODE = re.compile(r"^[a-z][a-z0-9_./-]{0,160}$")


class InvalidStatistics(ScreeningError):
    """A statistics request cannot be met as asked; the message says what to change."""


class Granularity(StrEnum):
    MONTH = "month"  # 2026-11
    QUARTER = "quarter"  # 2026-Q4


def period_of(when: date, granularity: Granularity | str = Granularity.MONTH) -> str:
    """The month or quarter of a date or datetime, in its own time zone; never a day."""
    if Granularity(granularity) is Granularity.MONTH:
        return f"{when.year:04d}-{when.month:02d}"
    return f"{when.year:04d}-Q{(when.month - 1) // 3 + 1}"


def _parse_period(period: str) -> tuple[Granularity, int]:
    """The period's granularity and its index on a continuous count of months or quarters."""
    match = _PERIOD.match(period)
    if match is None:
        raise InvalidStatistics(f"{period!r} is not a period: use a month (2026-11) or a quarter")
    year, month, quarter = match.groups()
    if month is not None:
        return Granularity.MONTH, int(year) * 12 + int(month) - 1
    return Granularity.QUARTER, int(year) * 4 + int(quarter) - 1


def periods_between(start: str, end: str) -> tuple[str, ...]:
    """Every period from start to end inclusive (both months, or both quarters)."""
    (kind, first), (end_kind, last) = _parse_period(start), _parse_period(end)
    if kind is not end_kind:
        raise InvalidStatistics("The start and end of the period must both be months or quarters")
    if last < first:
        raise InvalidStatistics(f"The period ends ({end}) before it starts ({start})")
    per_year = 12 if kind is Granularity.MONTH else 4
    return tuple(
        period_of(date(i // per_year, (i % per_year) * (12 // per_year) + 1, 1), kind)
        for i in range(first, last + 1)
    )


# --- helpers for turning a case into codes ------------------------------------------------------


def age_band_of(age_status: str) -> str:
    """adult -> adult, child -> child, unknown or disputed -> unknown."""
    return age_status if age_status in ("adult", "child") else "unknown"


def consent_outcome_of(decision: str | None, withdrawn: bool) -> str:
    if decision is None:
        return "not_recorded"
    return "withdrawn" if withdrawn and decision == "given" else decision


def interpreter_used_of(interpreter_type: str | None) -> bool | None:
    """None: not recorded; False: not needed; True: an interpreter (always a professional)."""
    if not interpreter_type:
        return None
    return interpreter_type != "not_needed"


def timeliness_of(
    *,
    first_concern_at: datetime | None,
    referred_at: datetime | None,
    target_hours: int,
    now: datetime,
) -> str:
    """Referral against the target clock started by the first recorded concern."""
    if referred_at is not None:
        if first_concern_at is None:
            return "within_target"
        due = first_concern_at + timedelta(hours=target_hours)
        return "within_target" if referred_at <= due else "late"
    if first_concern_at is not None and now <= first_concern_at + timedelta(hours=target_hours):
        return "pending"
    return "not_referred"


def indicator_group_code(instrument_id: str, group_id: str) -> str:
    """Groups are named within their instrument: adult and child groups never merge."""
    return f"{instrument_id}/{group_id}"


# --- the data dictionary ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    name: str
    description: str
    values: tuple[tuple[str, str], ...]  # (code, meaning), in display order
    multi_valued: bool = False
    # Codes come from the instruments or the jurisdiction pack, not from this module.
    from_content: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.values)


@dataclass(frozen=True)
class DataDictionary:
    version: str
    dimensions: tuple[Dimension, ...]

    def dimension(self, name: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.name == name:
                return dimension
        raise KeyError(name)

    def with_codes(self, name: str, values: Iterable[tuple[str, str]]) -> DataDictionary:
        """A copy with the codes of a content dimension filled in (kept in the order given)."""
        old = self.dimension(name)
        fixed = [v for v in old.values if v[0] in (NONE, UNLISTED)]
        new: dict[str, str] = {}
        for code, meaning in values:
            if _CODE.match(code) and code not in (NONE, UNLISTED):
                new.setdefault(code, meaning)
        dims = tuple(
            replace(d, values=(*new.items(), *fixed)) if d is old else d for d in self.dimensions
        )
        return replace(self, dimensions=dims)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "period": "A month (YYYY-MM) or a quarter (YYYY-Qn); never a day",
            "dimensions": [
                {
                    "name": d.name,
                    "description": d.description,
                    "multi_valued": d.multi_valued,
                    "values": [{"code": c, "meaning": m} for c, m in d.values],
                }
                for d in self.dimensions
            ],
        }


_UNLISTED = (UNLISTED, "An id this dictionary does not list (e.g. from a retired instrument)")
_AT_LEAST_ONE = (
    " A case counts once under each of its values; totals count cases with at least one."
)

DATA_DICTIONARY = DataDictionary(
    DATA_DICTIONARY_VERSION,
    (
        Dimension(
            "age_band",
            "Age group of the person in the case, as recorded.",
            (
                ("adult", "Recorded as an adult"),
                ("child", "Recorded as a child (under 18)"),
                ("unknown", "Age unknown or disputed (these take the child route)"),
            ),
        ),
        Dimension(
            "indicator_groups",
            "Indicator groups with at least one indicator observed or disclosed, as "
            "<instrument id>/<group id>." + _AT_LEAST_ONE,
            (_UNLISTED,),
            multi_valued=True,
            from_content=True,
        ),
        Dimension(
            "exploitation_types",
            "Suspected types of exploitation ticked." + _AT_LEAST_ONE,
            (_UNLISTED,),
            multi_valued=True,
            from_content=True,
        ),
        Dimension(
            "route",
            "Referral route of the case's referral, from the jurisdiction pack.",
            ((NONE, "No referral made"), _UNLISTED),
            from_content=True,
        ),
        Dimension(
            "basis",
            "Basis the referral relied on.",
            (
                *((b.value, b.value.replace("_", " ").capitalize()) for b in BasisKind),
                (NONE, "No referral made"),
            ),
        ),
        Dimension(
            "consent_outcome",
            "Outcome of the consent conversation.",
            (
                ("given", "Consent given and not withdrawn"),
                ("declined", "The person declined"),
                ("withdrawn", "Consent given, then withdrawn"),
                ("not_recorded", "No consent decision recorded"),
            ),
        ),
        Dimension(
            "interpreter_used",
            "Whether a professional interpreter was used in a screening of the case.",
            (
                ("yes", "An interpreter was used"),
                ("no", "Not needed"),
                ("not_recorded", "Not recorded"),
            ),
        ),
        Dimension(
            "referral_timeliness",
            "Referral against the jurisdiction's target, counted from the first recorded concern.",
            (
                ("within_target", "Referred within the target"),
                ("late", "Referred after the target"),
                ("pending", "Not referred yet; the target has not passed"),
                ("not_referred", "Not referred, and no referral is pending"),
            ),
        ),
        Dimension(
            "unmet_needs",
            "Services needed (for now: every service recorded as needed)." + _AT_LEAST_ONE,
            (_UNLISTED,),
            multi_valued=True,
            from_content=True,
        ),
    ),
)


def dictionary_from_content(
    instruments: Iterable[Instrument], packs: Iterable[JurisdictionPack]
) -> DataDictionary:
    """The data dictionary with the codes of these instruments and jurisdiction packs."""
    instruments = list(instruments)
    groups = [
        (indicator_group_code(i.id, g.id), g.title)
        for i in instruments
        if i.kind is InstrumentKind.INDICATORS
        for g in i.groups
    ]

    def items(instrument_id: str) -> list[tuple[str, str]]:
        found = [i for i in instruments if i.id == instrument_id]
        return [(item.id, item.worker_text) for i in found for item in i.items()]

    routes = [(r.id, r.label) for pack in packs for r in pack.routes]
    return (
        DATA_DICTIONARY.with_codes("indicator_groups", groups)
        .with_codes("exploitation_types", items(EXPLOITATION_INSTRUMENT))
        .with_codes("unmet_needs", items(SERVICES_INSTRUMENT))
        .with_codes("route", routes)
    )


@functools.lru_cache(maxsize=1)
def bundled_dictionary() -> DataDictionary:
    """The dictionary for the instruments and jurisdiction packs shipped with the app."""
    from screening_tools.content.loader import bundled_instruments
    from screening_tools.jurisdiction import bundled_jurisdictions

    return dictionary_from_content(bundled_instruments(), bundled_jurisdictions())


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatRecord:
    """One case, as codes only. There is deliberately no field for text, names or dates."""

    period: str
    age_band: str = "unknown"
    indicator_groups: frozenset[str] = frozenset()
    exploitation_types: frozenset[str] = frozenset()
    route: str = NONE
    basis: str = NONE
    consent_outcome: str = "not_recorded"
    interpreter_used: bool | None = None
    referral_timeliness: str = "not_referred"
    unmet_needs: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _parse_period(self.period)
        for name in ("age_band", "basis", "consent_outcome", "referral_timeliness"):
            if getattr(self, name) not in DATA_DICTIONARY.dimension(name).codes:
                raise ValueError(f"{name}: {getattr(self, name)!r} is not a code it allows")
        if self.interpreter_used not in (True, False, None):
            raise ValueError("interpreter_used: True, False or None")
        for name in ("indicator_groups", "exploitation_types", "unmet_needs", "route"):
            value = getattr(self, name)
            for code in [value] if isinstance(value, str) else value:
                if not isinstance(code, str) or not _CODE.match(code):
                    raise ValueError(f"{name}: only ids are allowed, not free text")

    def codes(self, dimension: str) -> frozenset[str]:
        if dimension == "interpreter_used":
            used = self.interpreter_used
            return frozenset({"not_recorded" if used is None else "yes" if used else "no"})
        value = getattr(self, dimension)
        return frozenset({value}) if isinstance(value, str) else frozenset(value)


# --- tables -------------------------------------------------------------------------------------


def one_way(
    records: Iterable[StatRecord],
    dimension: str,
    *,
    periods: Sequence[str] | None = None,
    dictionary: DataDictionary | None = None,
    name: str | None = None,
    title: str | None = None,
) -> Table:
    """Cases per code of ``dimension`` (rows) per period (columns), with totals; unsuppressed."""
    records = list(records)
    columns = tuple(periods or sorted({r.period for r in records}))
    return _tabulate(records, dimension, PERIOD, columns, dictionary, name, title)


def cross_tab(
    records: Iterable[StatRecord],
    row_dim: str,
    col_dim: str,
    *,
    dictionary: DataDictionary | None = None,
    name: str | None = None,
    title: str | None = None,
) -> Table:
    """Cases by ``row_dim`` x ``col_dim`` over all the records given, with totals; unsuppressed."""
    return _tabulate(list(records), row_dim, col_dim, None, dictionary, name, title)


def _tabulate(
    records: list[StatRecord],
    row_dim: str,
    col_dim: str,
    periods: tuple[str, ...] | None,
    dictionary: DataDictionary | None,
    name: str | None,
    title: str | None,
) -> Table:
    if row_dim == col_dim:
        raise ValueError("a cross-tabulation needs two different dimensions")
    book = dictionary or bundled_dictionary()

    def codes(record: StatRecord, dim: str) -> frozenset[str]:
        if dim == PERIOD:
            return frozenset({record.period})
        allowed = book.dimension(dim).codes
        return frozenset(c if c in allowed else UNLISTED for c in record.codes(dim))

    cells: Counter[tuple[str, str]] = Counter()
    row_totals: Counter[str] = Counter()
    col_totals: Counter[str] = Counter()
    grand = 0
    for record in records:
        row_codes, col_codes = codes(record, row_dim), codes(record, col_dim)
        cells.update((r, c) for r in row_codes for c in col_codes)
        # A total counts cases, not case-values: for a multi-valued dimension, cases with at
        # least one value; a case with no value at all is in no cell and no total.
        row_totals.update(row_codes if col_codes else ())
        col_totals.update(col_codes if row_codes else ())
        grand += bool(row_codes and col_codes)

    def axis(dim: str, counts: Counter[str]) -> tuple[str, ...]:
        if dim == PERIOD:
            return periods if periods is not None else tuple(sorted(counts))
        d = book.dimension(dim)
        # Content codes nobody has are left out (a row of zeros says nothing more), so a table
        # is not nineteen routes long; fixed codes always show.
        return tuple(c for c in d.codes if counts[c] or not (d.from_content or c == UNLISTED))

    rows, columns = axis(row_dim, row_totals), axis(col_dim, col_totals)
    multi = {d.name for d in book.dimensions if d.multi_valued}
    return Table(
        name=name or (f"{row_dim}_by_{col_dim}" if periods is None else row_dim),
        title=title or f"Cases by {row_dim} and {col_dim}".replace("_", " "),
        row_dimension=row_dim,
        column_dimension=col_dim,
        rows=rows,
        columns=columns,
        cells=tuple(tuple(cells[r, c] for c in columns) for r in rows),
        row_totals=tuple(row_totals[r] for r in rows),
        column_totals=tuple(col_totals[c] for c in columns),
        grand_total=grand,
        row_multi_valued=row_dim in multi,
        column_multi_valued=col_dim in multi,
    )


# --- reports ------------------------------------------------------------------------------------

_ONE_WAY = (
    ("indicator_groups", "Cases by indicator group (at least one indicator observed or disclosed)"),
    ("exploitation_types", "Cases by suspected type of exploitation"),
    ("age_band", "Cases by age band"),
    ("consent_outcome", "Cases by consent outcome"),
    ("interpreter_used", "Cases by interpreter use"),
    ("referral_timeliness", "Cases by referral timeliness against the target"),
    ("unmet_needs", "Cases by service needed"),
)
_CROSS = (
    ("route", "basis", "Cases by referral route and basis"),
    ("age_band", "consent_outcome", "Cases by age band and consent outcome"),
)


@dataclass(frozen=True)
class ReportHeader:
    organisation: str
    period_start: str
    period_end: str
    data_dictionary_version: str
    generated_at: str  # ISO 8601, to the hour
    threshold: int
    suppression_marker: str = SUPPRESSED


@dataclass(frozen=True)
class StatsReport:
    header: ReportHeader
    tables: tuple[Table, ...]
    dictionary: DataDictionary = field(repr=False)


def build_report(
    records: Iterable[StatRecord],
    *,
    organisation: str,
    period_start: str,
    period_end: str,
    generated_at: datetime,
    threshold: int = 5,
    dictionary: DataDictionary | None = None,
) -> StatsReport:
    """Every standard table over the cases of the period, suppressed together."""
    if threshold < 2:
        raise InvalidStatistics("The suppression threshold must be 2 or more")
    periods = periods_between(period_start, period_end)
    records = list(records)
    outside = sorted({r.period for r in records} - set(periods))
    if outside:
        raise InvalidStatistics(f"Some cases fall outside {period_start} to {period_end}")
    book = dictionary or bundled_dictionary()
    tables = [one_way(records, d, periods=periods, dictionary=book, title=t) for d, t in _ONE_WAY]
    tables += [cross_tab(records, r, c, dictionary=book, title=t) for r, c, t in _CROSS]
    if generated_at.tzinfo is not None:
        generated_at = generated_at.astimezone(UTC)
    hour = generated_at.replace(minute=0, second=0, microsecond=0).isoformat(timespec="minutes")
    header = ReportHeader(
        organisation, period_start, period_end, book.version, hour, threshold, SUPPRESSED
    )
    return StatsReport(header, tuple(suppress_together(tables, threshold)), book)


# --- exports ------------------------------------------------------------------------------------


def _header_json(header: ReportHeader) -> dict[str, Any]:
    return {
        "organisation": header.organisation,
        "period_start": header.period_start,
        "period_end": header.period_end,
        "data_dictionary_version": header.data_dictionary_version,
        "generated_at": header.generated_at,
        "threshold": header.threshold,
        "suppression_marker": header.suppression_marker,
    }


def _totals_meaning(multi_valued: bool) -> str:
    return "cases with at least one" if multi_valued else "sum"


def to_json(report: StatsReport) -> dict[str, Any]:
    return {
        "header": _header_json(report.header),
        "tables": [
            {
                "name": t.name,
                "title": t.title,
                "row_dimension": t.row_dimension,
                "column_dimension": t.column_dimension,
                "rows": list(t.rows),
                "columns": list(t.columns),
                "cells": [list(row) for row in t.cells],
                "row_totals": list(t.row_totals),
                "column_totals": list(t.column_totals),
                "grand_total": t.grand_total,
                # A row total adds up the row's cells unless the columns are multi-valued.
                "row_totals_are": _totals_meaning(t.column_multi_valued),
                "column_totals_are": _totals_meaning(t.row_multi_valued),
            }
            for t in report.tables
        ],
        "data_dictionary": report.dictionary.to_json(),
    }


def to_csv(report: StatsReport) -> str:
    """A block of ``field,value`` header lines, a blank line, then one line per table entry.

    Entry lines: table, row_dimension, row, column_dimension, column, count; ``TOTAL`` in the
    row or column marks a total, and a count is a number or the suppression marker.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["field", "value"])
    writer.writerows(_header_json(report.header).items())
    writer.writerow([])
    writer.writerow(["table", "row_dimension", "row", "column_dimension", "column", "count"])
    for t in report.tables:
        for at in t.positions():
            row, column = at.row or TOTAL, at.column or TOTAL
            writer.writerow([t.name, t.row_dimension, row, t.column_dimension, column, t.value(at)])
    return out.getvalue()
