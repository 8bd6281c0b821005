"""A referral's time targets: the date arithmetic, and where each target stands now.

Targets, never deadlines (seed 001 L705: "this is a target and not a deadline"). Nothing in the
app is blocked when one passes; a passed target is flagged so that someone looks at the case.
Every label starts "Target:".

The calendar rules, each tested in ``tests/core/test_tracking.py``:

* **Refer** (seed 001 L695, R30): elapsed hours from the first recorded concern.
* **First decision** (L705, R31): working days from receipt of the referral. The day of receipt
  is day 0 and only working days are counted after it (weekend days and the pack's holidays are
  skipped); the time of day is kept, so a referral received on a Friday at 10:00 with a target
  of 5 working days is due the next Friday at 10:00. A referral received on a weekend day or a
  holiday is treated as received on the next working day, at the same time of day (as a letter
  delivered on a Saturday is dealt with on Monday), and that day is day 0.
* **Recovery period** (L705, L707, R33): calendar days from the positive first decision, at the
  same time of day. An extension moves the planned end to the date it names (same time of day);
  a curtailment ends the period early. Recorded extensions count even in a pack whose
  ``recovery_extension_allowed`` is false: the app records what was decided, it does not decide.

The calendar (which day a time falls on) is that of the datetimes passed in; ``targets_for``
takes the jurisdiction's time zone as ``tz`` (default UTC) and returns every time in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import NamedTuple

from screening_tools.jurisdiction import Targets
from screening_tools.tracking import (
    DECISION_STATUSES,
    ReferralEvent,
    ReferralStatus,
    ReferralTrack,
)

S = ReferralStatus
_DAY = timedelta(days=1)
# Statuses that stop a referral before a target is met: the target then no longer applies.
_STOPS = (S.DECLINED_BY_PERSON, S.DECLINED_BY_RECIPIENT, S.UNABLE_TO_CONTACT, S.CLOSED)


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


# --- date arithmetic ----------------------------------------------------------------------------


def add_working_days(
    start: datetime, days: int, weekend_days: Iterable[int], holidays: Iterable[date]
) -> datetime:
    """``start`` plus ``days`` working days, keeping the time of day (see the module notes).

    ``weekend_days`` are weekday numbers (0 is Monday, 6 is Sunday); ``holidays`` are dates.
    A start on a non-working day counts from the next working day, which is day 0.
    """
    _require_aware(start, "start")
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    weekend = frozenset(weekend_days)
    if not weekend <= set(range(7)):
        raise ValueError(f"weekend days are 0 (Monday) to 6 (Sunday), got {sorted(weekend)}")
    if len(weekend) == 7:
        raise ValueError("every day of the week is a weekend day: no working day to count")
    closed = frozenset(holidays)

    def working(day: date) -> bool:
        return day.weekday() not in weekend and day not in closed

    day = start.date()
    while not working(day):  # ends: holidays are finite and some weekday is a working day
        day += _DAY
    counted = 0
    while counted < days:
        day += _DAY
        counted += working(day)
    # Adding whole days keeps the wall-clock time in the start's own time zone.
    return start + (day - start.date())


def refer_target(first_concern_at: datetime, hours: int) -> datetime:
    """When the referral target falls due: ``hours`` elapsed hours after the first concern."""
    _require_aware(first_concern_at, "first_concern_at")
    if hours < 0:
        raise ValueError(f"hours must be 0 or more, got {hours}")
    # Elapsed time, so computed in UTC: a clock change inside the 48 hours does not move it.
    return first_concern_at.astimezone(UTC) + timedelta(hours=hours)


def decision_target(received_at: datetime, targets: Targets) -> datetime:
    """When the first-decision target falls due, from the recipient's receipt of the referral."""
    return add_working_days(
        received_at, targets.first_decision_working_days, targets.weekend_days, targets.holidays
    )


class RecoveryPeriod(NamedTuple):
    start: datetime
    planned_end: datetime  # after any extensions
    effective_end: datetime  # the planned end, or the curtailment if earlier


def recovery_period(
    decision_positive_at: datetime,
    targets: Targets,
    extensions: Sequence[date] = (),
    curtailed_at: datetime | None = None,
) -> RecoveryPeriod:
    """The recovery period started by a positive first decision.

    ``extensions`` are the "extended to" dates in the order recorded; each must be later than
    the one before, and the last one sets the planned end (the decision's own words, even if it
    is sooner than the default length). ``curtailed_at`` ends the period early; a curtailment
    recorded after the planned end changes nothing, because the period had already ended.
    """
    _require_aware(decision_positive_at, "decision_positive_at")
    start = decision_positive_at
    planned = start + timedelta(days=targets.recovery_period_days)
    previous = start.date()
    for until in extensions:
        if until <= previous:
            raise ValueError(f"each extension must be later than {previous}, got {until}")
        planned = start + (until - start.date())
        previous = until
    effective = planned
    if curtailed_at is not None:
        _require_aware(curtailed_at, "curtailed_at")
        if curtailed_at < start:
            raise ValueError("a recovery period cannot be curtailed before it starts")
        effective = min(planned, curtailed_at.astimezone(start.tzinfo))
    return RecoveryPeriod(start, planned, effective)


# --- where each target stands -------------------------------------------------------------------


class TargetKind(StrEnum):
    REFERRAL = "referral"
    FIRST_DECISION = "first_decision"
    RECOVERY_PERIOD = "recovery_period"


@dataclass(frozen=True)
class TargetStatus:
    """One target as it stands at ``now``. Every time is in UTC.

    ``met_at`` is when the target was met (or the recovery period ended); ``stopped_at`` is when
    the referral stopped before it was met (declined, unable to contact, closed), after which
    the target no longer applies. Only a target neither met nor stopped can be ``overdue``.
    ``days_remaining`` counts whole days (negative once overdue; ``remaining`` is exact) and is
    None once the target is met or stopped.
    """

    name: TargetKind
    label: str
    started_at: datetime
    due_at: datetime
    met_at: datetime | None
    stopped_at: datetime | None
    overdue: bool
    days_remaining: int | None
    remaining: timedelta | None
    extended_to: date | None = None
    curtailed: bool = False

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def refer_label(hours: int) -> str:
    return f"Target: refer within {_plural(hours, 'hour')} of the first recorded concern"


def decision_label(days: int) -> str:
    return f"Target: first decision within {_plural(days, 'working day')} of receipt"


def recovery_label(days: int, extended: bool, curtailed: bool) -> str:
    label = f"Target: recovery period of {_plural(days, 'day')} from the positive first decision"
    return label + (", extended" if extended else "") + (", curtailed" if curtailed else "")


def _status(
    name: TargetKind,
    label: str,
    started: datetime,
    due: datetime,
    now: datetime,
    met: datetime | None = None,
    stopped: datetime | None = None,
    extended_to: date | None = None,
    curtailed: bool = False,
) -> TargetStatus:
    pending = met is None and stopped is None
    remaining = due - now if pending else None
    return TargetStatus(
        name=name,
        label=label,
        started_at=started.astimezone(UTC),
        due_at=due.astimezone(UTC),
        met_at=None if met is None else met.astimezone(UTC),
        stopped_at=None if stopped is None else stopped.astimezone(UTC),
        overdue=pending and now > due,
        days_remaining=None if remaining is None else remaining // _DAY,
        remaining=remaining,
        extended_to=extended_to,
        curtailed=curtailed,
    )


def targets_for(
    track: ReferralTrack | None,
    first_concern_at: datetime | None,
    targets: Targets,
    now: datetime,
    *,
    tz: tzinfo = UTC,
) -> list[TargetStatus]:
    """The targets that apply to a case's referral, in order: refer, first decision, recovery.

    * refer: from ``first_concern_at`` (none without a concern); met when the referral is sent.
    * first decision: once sent, from the send time, which is taken as the time of receipt
      (an acknowledgement is often recorded later than the referral arrived, and must not move
      the target later); met at the first decision, positive or negative.
    * recovery period: once the first decision is positive; "met" when it ends, and flagged
      overdue when its planned end has passed with no end or extension recorded.

    ``track`` is None before any referral is drafted. ``tz`` is the jurisdiction's time zone,
    whose calendar decides which day is a weekend day or a holiday.
    """
    _require_aware(now, "now")

    def first(*statuses: ReferralStatus) -> ReferralEvent | None:
        return None if track is None else track.first(*statuses)

    stop = first(*_STOPS)
    sent = first(S.SENT)
    found: list[TargetStatus] = []
    if first_concern_at is not None:
        hours = targets.refer_within_hours
        met = None if sent is None else sent.at
        stopped = stop.at if stop is not None and met is None else None
        due = refer_target(first_concern_at, hours)
        found.append(
            _status(
                TargetKind.REFERRAL, refer_label(hours), first_concern_at, due, now, met, stopped
            )
        )
    if sent is not None:
        days = targets.first_decision_working_days
        decided = first(*DECISION_STATUSES)
        met = None if decided is None else decided.at
        stopped = stop.at if stop is not None and met is None else None
        due = decision_target(sent.at.astimezone(tz), targets)
        found.append(
            _status(
                TargetKind.FIRST_DECISION, decision_label(days), sent.at, due, now, met, stopped
            )
        )
    positive = first(S.DECISION_POSITIVE)
    if track is not None and positive is not None:
        found.extend(_recovery(track, positive.at.astimezone(tz), targets, now))
    return found


def _recovery(
    track: ReferralTrack, start: datetime, targets: Targets, now: datetime
) -> list[TargetStatus]:
    history = track.history
    extensions = [e.extension_until for e in history if e.extension_until is not None]
    if targets.recovery_period_days == 0 and not extensions:
        return []  # this jurisdiction has no recovery period
    ended = track.first(S.RECOVERY_ENDED)
    withdrawn = track.first(S.DECLINED_BY_PERSON)
    curtailed_at = ended.at if ended is not None and ended.curtailed else None
    period = recovery_period(start, targets, extensions, curtailed_at)
    curtailed = period.effective_end < period.planned_end
    label = recovery_label(targets.recovery_period_days, bool(extensions), curtailed)
    met = period.effective_end if ended is not None else None
    stopped = withdrawn.at if withdrawn is not None and ended is None else None
    extended_to = extensions[-1] if extensions else None
    return [
        _status(
            TargetKind.RECOVERY_PERIOD,
            label,
            start,
            period.planned_end,
            now,
            met,
            stopped,
            extended_to,
            curtailed,
        )
    ]
