"""Small-cell suppression that holds after cross-tabulation, and an audit that tries to undo it.

A table is a grid of counts with row totals, column totals and a grand total. Every entry, totals
included, is a count of cases, so every entry is subject to the threshold.

* **Primary:** every entry with ``0 < count < threshold`` is hidden.
* **Zeros are shown.** A zero says nobody is in a category, which is what readers need (no
  referrals late, no withdrawals). Because zeros are shown, a hidden entry is known to be at least
  one; the rules below and the audit take that into account rather than pretending otherwise.
* **Complementary:** in every line (a row, a column, the row of column totals, the column of row
  totals), one hidden entry is never alone: the smallest non-zero published entry of the line is
  hidden with it (a cell rather than the total where there is one). Where the line's total is
  published and its hidden cells are so small that each must be almost exactly one (the hidden
  sum leaves no room), one more is hidden. Repeated until nothing changes.
* **Audit:** then the published table is attacked as a reader would attack it, first quickly
  (linear algebra over every additive line; interval bounds from "hidden means at least one"),
  then exactly: a hidden count is given away when it is the same in every table of counts that
  matches what is published, which is decided with the equations plus the inequalities that can
  never be loosened (one small linear programme, in exact fractions). Single lines are not
  enough: in [[6, 6, 4], [0, 2, 1], [0, 3, 1]] at threshold 3 the rules leave two ones that only
  all the lines together pin down. Anything found gets another complementary entry and the
  audit runs again, so the result is checked by construction, not trusted.
* **One marker** (``SUPPRESSED``) for every hidden entry. A separate marker for complementary
  entries would tell a reader which hidden entry is the small one (a "<5" beside an "x" in a row
  of six makes the "<5" a one), and "<5" on a complementary entry of twelve would be false.

Multi-valued dimensions (indicator groups, exploitation types, unmet needs) count a case once per
value, so along them a total is "cases with at least one", not the sum of its cells: it lies
between the largest cell and the sum. Such lines are *union* lines: they give no equation, but
they do give bounds, and the complementary rule and the audit treat them with those bounds.

Tables that share an entry (the cases in a period appear in every one-way table; the children
appear in "by age band" and in "age band x consent outcome") are suppressed together: an entry
is identified by the cases it counts, so it is hidden everywhere or nowhere, and the audit runs
over all the tables of a report at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import NamedTuple

SUPPRESSED = "suppressed"
ANY = "*"  # in a key: "at least one value of this multi-valued dimension"

Cell = int | str  # a published entry: a count, or SUPPRESSED
Key = frozenset[tuple[str, str]]  # which cases an entry counts: {(dimension, value), ...}


class Position(NamedTuple):
    """Where an entry sits; ``None`` is the total along that axis (both None: the grand total)."""

    row: str | None
    column: str | None


@dataclass(frozen=True)
class Table:
    """Counts of cases by ``row_dimension`` x ``column_dimension``, with totals.

    A total along a multi-valued dimension counts cases with at least one of its values.
    """

    name: str
    title: str
    row_dimension: str
    column_dimension: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell
    row_multi_valued: bool = False
    column_multi_valued: bool = False
    threshold: int | None = None  # set once suppressed

    def value(self, at: Position) -> Cell:
        if at.row is None:
            if at.column is None:
                return self.grand_total
            return self.column_totals[self.columns.index(at.column)]
        i = self.rows.index(at.row)
        if at.column is None:
            return self.row_totals[i]
        return self.cells[i][self.columns.index(at.column)]

    def positions(self) -> Iterator[Position]:
        for row in (*self.rows, None):
            for column in (*self.columns, None):
                yield Position(row, column)

    def key(self, at: Position) -> Key:
        """The cases an entry counts, the same in every table that shows them."""
        parts = {_condition(self.row_dimension, at.row, self.row_multi_valued)}
        parts.add(_condition(self.column_dimension, at.column, self.column_multi_valued))
        return frozenset(p for p in parts if p is not None)

    def lines(self) -> Iterator[_Line]:
        for row in (*self.rows, None):
            parts = tuple(self.key(Position(row, c)) for c in self.columns)
            yield _Line(self.key(Position(row, None)), parts, not self.column_multi_valued)
        for column in (*self.columns, None):
            parts = tuple(self.key(Position(r, column)) for r in self.rows)
            yield _Line(self.key(Position(None, column)), parts, not self.row_multi_valued)

    def published(self, hidden: set[Key], threshold: int) -> Table:
        def show(at: Position) -> Cell:
            return SUPPRESSED if self.key(at) in hidden else self.value(at)

        return replace(
            self,
            cells=tuple(tuple(show(Position(r, c)) for c in self.columns) for r in self.rows),
            row_totals=tuple(show(Position(r, None)) for r in self.rows),
            column_totals=tuple(show(Position(None, c)) for c in self.columns),
            grand_total=show(Position(None, None)),
            threshold=threshold,
        )


def _condition(dimension: str, value: str | None, multi: bool) -> tuple[str, str] | None:
    if value is not None:
        return (dimension, value)
    # Summing a single-valued dimension over all its values adds no condition; a multi-valued
    # total counts cases with at least one value, which is a condition of its own.
    return (dimension, ANY) if multi else None


@dataclass(frozen=True)
class _Line:
    total: Key
    parts: tuple[Key, ...]
    additive: bool  # total == sum(parts); otherwise max(parts) <= total <= sum(parts)
    within: bool = False  # only part <= total for each part: a subset, not a breakdown

    @property
    def entries(self) -> tuple[Key, ...]:
        return (*self.parts, self.total)


def _nesting(keys: Iterable[Key]) -> list[_Line]:
    """Cases with at least one indicator group in May are among the cases in May: across tables
    such a count is bounded by the same count without the "at least one" condition."""
    keys = set(keys)
    return [
        _Line(key - {condition}, (key,), additive=False, within=True)
        for key in keys
        for condition in key
        if condition[1] == ANY and key - {condition} in keys
    ]


# --- suppression ---------------------------------------------------------------------------------


def suppress(table: Table, threshold: int = 5) -> Table:
    """The table as it may be published: small counts hidden, and nothing hidden recoverable."""
    return suppress_together([table], threshold)[0]


def suppress_together(tables: Sequence[Table], threshold: int = 5) -> list[Table]:
    """Suppress tables that may share entries (one report) so that none undoes another."""
    if threshold < 2:
        raise ValueError("the suppression threshold must be at least 2")
    values: dict[Key, int] = {}
    for table in tables:
        for at in table.positions():
            count = table.value(at)
            if not isinstance(count, int) or count < 0:
                raise ValueError(f"{table.name}: {at} is not a count; suppress raw tables only")
            if values.setdefault(table.key(at), count) != count:
                raise ValueError(f"{table.name}: {at} disagrees with another table")
    lines = [line for table in tables for line in table.lines()] + _nesting(values)
    hidden = _hide(values, lines, threshold)
    return [table.published(hidden, threshold) for table in tables]


def _hide(values: Mapping[Key, int], lines: list[_Line], threshold: int) -> set[Key]:
    hidden = {key for key, count in values.items() if 0 < count < threshold}
    while True:
        if _complement(values, lines, hidden, threshold):
            continue
        known = {key: count for key, count in values.items() if key not in hidden}
        exposed = _exposed(lines, known, hidden) or _pinned_exactly(lines, values, hidden)
        if not exposed:
            return hidden
        # One more entry per round, beside the smallest exposed entry that has a published
        # neighbour, then look again: hiding beside every exposed entry at once hides far more.
        partner = None
        for key in _ordered(exposed, values):
            partner = _partner([line for line in lines if key in line.entries], values, hidden)
            if partner is not None:
                break
        partner = partner or _smallest_published(values, hidden)
        if partner is None:
            return hidden  # every non-zero entry is hidden already: nothing left to give away
        hidden.add(partner)


def _complement(
    values: Mapping[Key, int], lines: list[_Line], hidden: set[Key], threshold: int
) -> bool:
    changed = False
    for line in lines:
        hidden_here = [key for key in line.entries if key in hidden]
        if not hidden_here or line.within:
            continue
        if len(hidden_here) == 1:
            need = True  # a lone hidden entry is its total minus the published ones
        elif line.additive and line.total not in hidden:
            # Each hidden cell is at least one, so the largest any of them can be is the hidden
            # sum minus one for each of the others. Keep that at threshold - 1 or more, so the
            # total tells a reader no more than the marker does.
            hidden_sum = sum(values[key] for key in hidden_here)
            need = hidden_sum - (len(hidden_here) - 1) < max(threshold - 1, 2)
        else:
            need = False
        partner = _partner([line], values, hidden) if need else None
        if partner is not None:
            hidden.add(partner)
            changed = True
    return changed


def _partner(lines: Iterable[_Line], values: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    """The smallest non-zero published entry of the lines, a cell before a total."""
    candidates = [
        (key == line.total, values[key], index, key)
        for line in lines
        for index, key in enumerate(line.entries)
        if key not in hidden and values[key] > 0
    ]
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def _smallest_published(values: Mapping[Key, int], hidden: set[Key]) -> Key | None:
    # Only reached if no exposed entry shares a line with a published non-zero entry; kept so the
    # loop always makes progress.
    candidates = [(v, sorted(k), k) for k, v in values.items() if k not in hidden and v > 0]
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def _ordered(keys: Iterable[Key], values: Mapping[Key, int]) -> list[Key]:
    return sorted(keys, key=lambda k: (values[k], sorted(k)))


# --- the audit -----------------------------------------------------------------------------------

Row = dict[Key, Fraction]  # a linear form over hidden entries


def derivable_cells(table: Table, raw: Table | None = None) -> list[Position]:
    """Hidden entries of a published table that its published entries determine exactly.

    With ``raw`` (the same table before suppression) the check is exact: it also finds entries
    pinned by combining many lines with "a hidden count is at least one".
    """
    return [at for _, at in derivable_in_report([table], None if raw is None else [raw])]


def derivable_in_report(
    tables: Sequence[Table], raw: Sequence[Table] | None = None
) -> list[tuple[str, Position]]:
    """Hidden entries that all the published tables together determine, as (table, position)."""
    known: dict[Key, int] = {}
    hidden: set[Key] = set()
    for table in tables:
        for at in table.positions():
            count = table.value(at)
            if isinstance(count, int):
                known[table.key(at)] = count
            else:
                hidden.add(table.key(at))
    shown_elsewhere = hidden & known.keys()  # suppress_together never does this
    hidden -= shown_elsewhere
    lines = [line for table in tables for line in table.lines()] + _nesting(known.keys() | hidden)
    exposed = _exposed(lines, known, hidden) | shown_elsewhere
    if raw is not None:
        true = {t.key(at): int(t.value(at)) for t in raw for at in t.positions()}
        exposed |= _pinned_exactly(lines, true, hidden)
    return [
        (table.name, at)
        for table in tables
        for at in table.positions()
        if table.value(at) == SUPPRESSED and table.key(at) in exposed
    ]


def _exposed(lines: list[_Line], known: Mapping[Key, int], hidden: set[Key]) -> set[Key]:
    """Quick and sound, not complete: single unknowns by linear algebra, and interval bounds."""
    relevant = [line for line in lines if any(key in hidden for key in line.entries)]
    return _determined(_equations(relevant, hidden)) | _pinned(relevant, known, hidden)


def _equations(lines: list[_Line], hidden: set[Key]) -> list[Row]:
    rows = []
    for line in lines:
        if line.additive:  # sum(parts) - total == a published number
            row = {k: Fraction(1) for k in line.parts if k in hidden}
            if line.total in hidden:
                row[line.total] = Fraction(-1)
            rows.append(row)
    return rows


def _reduce(rows: Iterable[Row]) -> dict[Key, Row]:
    """Gauss-Jordan: each pivot's row has coefficient 1 there and no other pivot in it."""
    pivots: dict[Key, Row] = {}
    for original in rows:
        row = dict(original)
        for pivot in [k for k in row if k in pivots]:
            factor = row[pivot]
            for k, v in pivots[pivot].items():
                row[k] = row.get(k, Fraction(0)) - factor * v
        row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        pivot = next(iter(row))
        row = {k: v / row[pivot] for k, v in row.items()}
        for other in pivots.values():
            below = other.get(pivot)
            if below:
                for k, v in row.items():
                    other[k] = other.get(k, Fraction(0)) - below * v
                for k in [k for k, v in other.items() if not v]:
                    del other[k]
        pivots[pivot] = row
    return pivots


def _determined(rows: Iterable[Row]) -> set[Key]:
    """Unknowns whose unit vector lies in the row space: reduction leaves them alone in a row."""
    return {pivot for pivot, row in _reduce(rows).items() if len(row) == 1}


def _pinned_exactly(lines: list[_Line], true: Mapping[Key, int], hidden: set[Key]) -> set[Key]:
    """Every hidden entry that is the same in all tables a reader could still believe in.

    The tables consistent with what is published form a polytope. A count is pinned exactly
    when it is constant on it, i.e. on its affine hull: the equations plus the inequalities that
    are tight everywhere on it (its implicit equalities). Only inequalities tight at the true
    counts can be such; one linear programme over the directions the equations allow says
    which of those can be loosened, and the rest join the equations.
    """
    relevant = [line for line in lines if any(key in hidden for key in line.entries)]
    equations = _equations(relevant, hidden)
    pivots = _reduce(equations)
    tight = _tight(relevant, true, hidden)
    projected = [_free_part(row, pivots) for row in tight]
    # A form that vanishes on every allowed direction is an implicit equality outright.
    candidates = [i for i, form in enumerate(projected) if form]
    loose = {candidates[j] for j in _can_loosen([projected[i] for i in candidates])}
    implicit = [row for i, row in enumerate(tight) if i not in loose]
    return _determined(equations + implicit)


def _tight(lines: list[_Line], true: Mapping[Key, int], hidden: set[Key]) -> list[Row]:
    """Inequalities that hold with equality at the true counts, as forms that must stay >= 0."""
    forms: list[dict[Key, int]] = [{key: 1} for key in hidden if true[key] == 1]  # hidden >= 1
    for line in lines:
        if line.additive:
            continue
        forms += [{line.total: 1, p: -1} for p in line.parts if true[p] == true[line.total]]
        if not line.within and sum(true[p] for p in line.parts) == true[line.total]:
            form = dict.fromkeys(line.parts, 1)
            form[line.total] = form.get(line.total, 0) - 1
            forms.append(form)
    rows = [{k: Fraction(v) for k, v in f.items() if k in hidden and v} for f in forms]
    return [row for row in rows if row]


def _free_part(row: Row, pivots: Mapping[Key, Row]) -> Row:
    """The form in the free unknowns, after each pivot is written through them."""
    out = {k: v for k, v in row.items() if k not in pivots}
    for pivot, coefficient in row.items():
        for k, v in pivots.get(pivot, {}).items():
            if k != pivot:
                out[k] = out.get(k, Fraction(0)) - coefficient * v
    return {k: v for k, v in out.items() if v}


def _can_loosen(forms: list[Row]) -> set[int]:
    """Which forms some direction w makes > 0 while keeping every form >= 0.

    Maximise sum(t) subject to form_j(w) >= t_j, 0 <= t_j <= 1, w free (w = w+ - w-): every
    form that can be made positive reaches t_j = 1 at the optimum. Dense simplex with Bland's
    rule, exact in fractions; the origin is feasible, so no first phase.
    """
    if not forms:
        return set()
    unknowns = list(dict.fromkeys(k for form in forms for k in form))
    n, m = len(unknowns), len(forms)
    width = 2 * n + m + 2 * m  # w+, w-, t, slacks
    zero = Fraction(0)
    table: list[list[Fraction]] = []
    for j, form in enumerate(forms):  # t_j - form_j(w) <= 0
        row = [zero] * (width + 1)
        for i, key in enumerate(unknowns):
            row[i], row[n + i] = -form.get(key, zero), form.get(key, zero)
        row[2 * n + j] = row[2 * n + m + j] = Fraction(1)
        table.append(row)
    for j in range(m):  # t_j <= 1
        row = [zero] * (width + 1)
        row[2 * n + j] = row[2 * n + 2 * m + j] = row[width] = Fraction(1)
        table.append(row)
    objective = [zero] * (width + 1)
    for j in range(m):
        objective[2 * n + j] = Fraction(-1)
    basis = list(range(2 * n + m, width))
    while True:
        entering = next((c for c in range(width) if objective[c] < 0), None)
        if entering is None:
            break
        ratios = [
            (row[width] / row[entering], basis[r], r)
            for r, row in enumerate(table)
            if row[entering] > 0
        ]
        _, _, leaving = min(ratios)  # bounded: sum(t) <= m
        pivot_row = table[leaving]
        scale = pivot_row[entering]
        nonzero = [(c, v / scale) for c, v in enumerate(pivot_row) if v]
        for c, v in nonzero:
            pivot_row[c] = v
        for row in (*table, objective):
            factor = row[entering]
            if row is not pivot_row and factor:
                for c, v in nonzero:  # the tableau is sparse: touch only what changes
                    row[c] -= factor * v
        basis[leaving] = entering
    value = {column: table[r][width] for r, column in enumerate(basis)}
    return {j for j in range(m) if value.get(2 * n + j, zero) > 0}


def _pinned(lines: list[_Line], known: Mapping[Key, int], hidden: set[Key]) -> set[Key]:
    """Unknowns whose bounds meet, by interval reasoning over every line (sound, not complete)."""
    low: dict[Key, int] = {key: 1 for key in hidden}  # zeros are shown, so hidden means >= 1
    high: dict[Key, int | None] = dict.fromkeys(hidden)
    low.update(known)
    high.update(known)

    def tighten(key: Key, lo: int | None, hi: int | None) -> bool:
        moved = False
        if lo is not None and lo > low[key]:
            low[key], moved = lo, True
        current = high[key]
        if hi is not None and (current is None or hi < current):
            high[key], moved = hi, True
        return moved

    for _ in range(64):  # bounds only tighten; stopping early is still sound
        moved = False
        for line in lines:
            if line.within:
                for key in line.parts:
                    moved |= tighten(key, None, high[line.total])
                    moved |= tighten(line.total, low[key], None)
                continue
            highs = [high[k] for k in line.parts]
            unbounded = highs.count(None)
            high_sum = sum(h for h in highs if h is not None)
            low_sum = sum(low[k] for k in line.parts)
            # additive: total == sum(parts); union: max(parts) <= total <= sum(parts)
            total_low = low_sum if line.additive else max(low[k] for k in line.parts)
            moved |= tighten(line.total, total_low, None if unbounded else high_sum)
            for key, own_high in zip(line.parts, highs, strict=True):
                if unbounded - (own_high is None):
                    lo = None
                else:
                    lo = low[line.total] - (high_sum - (own_high or 0))
                hi = high[line.total]
                if line.additive and hi is not None:
                    hi -= low_sum - low[key]
                moved |= tighten(key, lo, hi)
        if not moved:
            break
    return {key for key in hidden if low[key] == high[key]}
