"""Referral tracking: the status lifecycle, and the time targets computed over it (tables)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from screening_tools.errors import ScreeningError
from screening_tools.jurisdiction import Targets, get_jurisdiction
from screening_tools.targets import (
    RecoveryPeriod,
    TargetKind,
    TargetStatus,
    add_working_days,
    decision_label,
    decision_target,
    recovery_label,
    recovery_period,
    refer_label,
    refer_target,
    targets_for,
)
from screening_tools.tracking import (
    ALLOWED,
    OPEN_STATUSES,
    OUTCOME_STATUSES,
    EventOutOfOrder,
    InvalidReferralEvent,
    ReferralChangeRefused,
    ReferralEvent,
    ReferralStatus,
    ReferralTrack,
    ReferralTrackUnreadable,
    TransitionNotAllowed,
)

S = ReferralStatus
WEEKEND = {5, 6}  # Saturday, Sunday
FRI_SAT = {4, 5}
UK_2024_XMAS = {date(2024, 12, 25), date(2024, 12, 26), date(2025, 1, 1)}
EARLY_MAY_2024 = {date(2024, 5, 6)}  # a bank holiday Monday
TARGETS = Targets(recovery_extension_allowed=True)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- working days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "weekend", "holidays", "expected"),
    [
        # Day of receipt is day 0; the time of day is kept.
        (utc(2024, 3, 1, 10), 5, WEEKEND, set(), utc(2024, 3, 8, 10)),  # Fri -> next Fri
        (utc(2024, 3, 4, 9, 30), 5, WEEKEND, set(), utc(2024, 3, 11, 9, 30)),  # Mon -> Mon
        (utc(2024, 3, 6, 16), 5, WEEKEND, set(), utc(2024, 3, 13, 16)),  # Wed -> Wed
        (utc(2024, 3, 1, 10), 1, WEEKEND, set(), utc(2024, 3, 4, 10)),  # Fri + 1 -> Mon
        # A weekend start counts from the next working day, which is day 0.
        (utc(2024, 3, 2, 14), 5, WEEKEND, set(), utc(2024, 3, 11, 14)),  # Sat -> Mon week after
        (utc(2024, 3, 3, 23, 59), 5, WEEKEND, set(), utc(2024, 3, 11, 23, 59)),  # Sun
        # Zero days: the (next) working day of receipt itself.
        (utc(2024, 3, 6, 16), 0, WEEKEND, set(), utc(2024, 3, 6, 16)),
        (utc(2024, 3, 2, 14), 0, WEEKEND, set(), utc(2024, 3, 4, 14)),
        # A bank holiday Monday is skipped; a start on it counts from Tuesday.
        (utc(2024, 5, 3, 10), 5, WEEKEND, EARLY_MAY_2024, utc(2024, 5, 13, 10)),
        (utc(2024, 5, 6, 10), 5, WEEKEND, EARLY_MAY_2024, utc(2024, 5, 14, 10)),
        (utc(2024, 5, 3, 10), 5, WEEKEND, set(), utc(2024, 5, 10, 10)),  # same, no holiday
        # Christmas Day, Boxing Day and New Year's Day with a weekend between.
        (utc(2024, 12, 23, 11), 5, WEEKEND, UK_2024_XMAS, utc(2025, 1, 2, 11)),
        (utc(2024, 12, 24, 11), 5, WEEKEND, UK_2024_XMAS, utc(2025, 1, 3, 11)),
        (utc(2024, 12, 25, 11), 5, WEEKEND, UK_2024_XMAS, utc(2025, 1, 6, 11)),
        (utc(2024, 12, 25, 11), 0, WEEKEND, UK_2024_XMAS, utc(2024, 12, 27, 11)),
        # A Friday/Saturday weekend: Sunday is a working day.
        (utc(2024, 3, 7, 10), 5, FRI_SAT, set(), utc(2024, 3, 14, 10)),  # Thu -> Thu
        (utc(2024, 3, 10, 10), 5, FRI_SAT, set(), utc(2024, 3, 17, 10)),  # Sun -> Sun
        (utc(2024, 3, 8, 10), 1, FRI_SAT, set(), utc(2024, 3, 11, 10)),  # Fri start: Sun is 0
        (utc(2024, 3, 9, 10), 0, FRI_SAT, set(), utc(2024, 3, 10, 10)),  # Sat start -> Sun
        # A one-day weekend.
        (utc(2024, 3, 9, 10), 1, {6}, set(), utc(2024, 3, 11, 10)),  # Sat + 1 -> Mon
    ],
)
def test_add_working_days(
    start: datetime, days: int, weekend: set[int], holidays: set[date], expected: datetime
) -> None:
    assert add_working_days(start, days, weekend, holidays) == expected


def test_working_days_keep_the_wall_clock_time_across_a_clock_change() -> None:
    london = ZoneInfo("Europe/London")
    start = datetime(2024, 3, 28, 9, tzinfo=london)  # GMT; clocks go forward on Sunday 31st
    due = add_working_days(start, 5, WEEKEND, set())
    assert (due.date(), due.hour, due.tzinfo) == (date(2024, 4, 4), 9, london)
    assert due.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "days", "weekend", "message"),
    [
        (datetime(2024, 3, 1, 10), 5, WEEKEND, "timezone-aware"),
        (utc(2024, 3, 1), -1, WEEKEND, "0 or more"),
        (utc(2024, 3, 1), 5, set(range(7)), "every day of the week"),
        (utc(2024, 3, 1), 5, {7}, r"0 \(Monday\) to 6 \(Sunday\)"),
    ],
)
def test_add_working_days_refuses_nonsense(
    start: datetime, days: int, weekend: set[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        add_working_days(start, days, weekend, set())


# --- refer and decision targets -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("concern", "hours", "expected"),
    [
        (utc(2024, 3, 1, 10), 48, utc(2024, 3, 3, 10)),  # over a weekend: hours, not workdays
        (utc(2024, 3, 1, 10), 1, utc(2024, 3, 1, 11)),
        # 48 elapsed hours across the clock change: 12:00 GMT -> 13:00 BST, still 48 hours.
        (datetime(2024, 3, 30, 12, tzinfo=ZoneInfo("Europe/London")), 48, utc(2024, 4, 1, 12)),
    ],
)
def test_refer_target(concern: datetime, hours: int, expected: datetime) -> None:
    due = refer_target(concern, hours)
    assert due == expected
    assert due.tzinfo is UTC


def test_decision_target_uses_the_packs_weekend_and_holidays() -> None:
    targets = Targets(
        recovery_extension_allowed=True, weekend_days=[4, 5], holidays=[date(2024, 3, 12)]
    )
    # Thu 7 is day 0; Sun 10, Mon 11, (Tue 12 holiday), Wed 13, Thu 14, Sun 17.
    assert decision_target(utc(2024, 3, 7, 10), targets) == utc(2024, 3, 17, 10)
    assert decision_target(utc(2024, 3, 1, 10), TARGETS) == utc(2024, 3, 8, 10)


def track_of(*steps: tuple[ReferralStatus, datetime]) -> ReferralTrack:
    return ReferralTrack(ReferralEvent(status, at, "A. Worker") for status, at in steps)


SENT_FRI = [
    (S.DRAFT, utc(2024, 3, 1, 9)),
    (S.SIGNED_OFF, utc(2024, 3, 1, 9, 30)),
    (S.SENT, utc(2024, 3, 1, 10)),
]


def one(found: list[TargetStatus], kind: TargetKind) -> TargetStatus:
    (status,) = [t for t in found if t.name is kind]
    return status


@pytest.mark.parametrize(
    ("later", "now", "overdue", "met_at", "met_late", "days_remaining"),
    [
        ([], utc(2024, 3, 7, 12), False, None, False, 0),  # 22 hours left
        ([], utc(2024, 3, 6, 10), False, None, False, 2),
        ([], utc(2024, 3, 8, 10), False, None, False, 0),  # exactly at the target: not yet over
        ([], utc(2024, 3, 8, 10, 1), True, None, False, -1),
        ([], utc(2024, 3, 20), True, None, False, -12),
        ([(S.ACKNOWLEDGED, utc(2024, 3, 4, 15))], utc(2024, 3, 9), True, None, False, -1),
        (
            [(S.ACKNOWLEDGED, utc(2024, 3, 4)), (S.DECISION_NEGATIVE, utc(2024, 3, 7))],
            utc(2024, 3, 20),
            False,
            utc(2024, 3, 7),
            False,
            None,
        ),
        (
            [(S.DECISION_POSITIVE, utc(2024, 3, 11, 9))],  # decision letter, no acknowledgement
            utc(2024, 3, 20),
            False,
            utc(2024, 3, 11, 9),
            True,
            None,
        ),
    ],
)
def test_decision_target_status(
    later: list[tuple[ReferralStatus, datetime]],
    now: datetime,
    overdue: bool,
    met_at: datetime | None,
    met_late: bool,
    days_remaining: int | None,
) -> None:
    track = track_of(*SENT_FRI, *later)
    found = targets_for(track, utc(2024, 2, 29, 12), TARGETS, now)
    status = one(found, TargetKind.FIRST_DECISION)
    assert status.started_at == utc(2024, 3, 1, 10)
    assert status.due_at == utc(2024, 3, 8, 10)
    assert (status.overdue, status.met_at, status.met_late) == (overdue, met_at, met_late)
    assert status.days_remaining == days_remaining
    assert status.label == "Target: first decision within 5 working days of receipt"


def test_decision_target_is_stopped_when_the_recipient_declines() -> None:
    track = track_of(*SENT_FRI, (S.DECLINED_BY_RECIPIENT, utc(2024, 3, 5)))
    status = one(targets_for(track, None, TARGETS, utc(2024, 4, 1)), TargetKind.FIRST_DECISION)
    assert (status.stopped_at, status.met_at, status.overdue) == (utc(2024, 3, 5), None, False)
    assert status.days_remaining is None


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (UTC, utc(2024, 3, 8, 23, 30)),  # Friday is day 0
        (ZoneInfo("Europe/Paris"), utc(2024, 3, 10, 23, 30)),  # Monday 00:30 Paris is day 0
    ],
)
def test_decision_target_follows_the_calendar_of_the_given_time_zone(
    tz: ZoneInfo, expected: datetime
) -> None:
    sent = utc(2024, 3, 1, 23, 30)
    track = track_of((S.DRAFT, sent), (S.SIGNED_OFF, sent), (S.SENT, sent))
    status = one(targets_for(track, None, TARGETS, sent, tz=tz), TargetKind.FIRST_DECISION)
    assert status.due_at == expected
    assert status.due_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("steps", "now", "overdue", "met_at", "stopped_at", "met_late"),
    [
        ([], utc(2024, 3, 2), False, None, None, False),
        ([], utc(2024, 3, 3, 10, 1), True, None, None, False),
        (
            [(S.DRAFT, utc(2024, 3, 2)), (S.SIGNED_OFF, utc(2024, 3, 2))],
            utc(2024, 3, 4),
            True,
            None,
            None,
            False,
        ),
        (
            [*SENT_FRI[:1], (S.SIGNED_OFF, utc(2024, 3, 2)), (S.SENT, utc(2024, 3, 2, 8))],
            utc(2024, 3, 9),
            False,
            utc(2024, 3, 2, 8),
            None,
            False,
        ),
        (
            [*SENT_FRI[:2], (S.SENT, utc(2024, 3, 4))],
            utc(2024, 3, 9),
            False,
            utc(2024, 3, 4),
            None,
            True,
        ),
        # The person withdrew before anything was sent: the target no longer applies.
        (
            [(S.DRAFT, utc(2024, 3, 1, 12)), (S.DECLINED_BY_PERSON, utc(2024, 3, 2))],
            utc(2024, 3, 9),
            False,
            None,
            utc(2024, 3, 2),
            False,
        ),
    ],
)
def test_refer_target_status(
    steps: list[tuple[ReferralStatus, datetime]],
    now: datetime,
    overdue: bool,
    met_at: datetime | None,
    stopped_at: datetime | None,
    met_late: bool,
) -> None:
    track = track_of(*steps) if steps else None
    found = targets_for(track, utc(2024, 3, 1, 10), TARGETS, now)
    status = one(found, TargetKind.REFERRAL)
    assert status.due_at == utc(2024, 3, 3, 10)
    assert status.label == "Target: refer within 48 hours of the first recorded concern"
    assert (status.overdue, status.met_at, status.stopped_at) == (overdue, met_at, stopped_at)
    assert status.met_late is met_late


def test_which_targets_apply() -> None:
    now = utc(2024, 3, 5)
    assert targets_for(None, None, TARGETS, now) == []
    assert [t.name for t in targets_for(None, utc(2024, 3, 1), TARGETS, now)] == [
        TargetKind.REFERRAL
    ]
    sent = track_of(*SENT_FRI)
    assert [t.name for t in targets_for(sent, None, TARGETS, now)] == [TargetKind.FIRST_DECISION]
    positive = track_of(*SENT_FRI, (S.DECISION_POSITIVE, utc(2024, 3, 4)))
    assert [t.name for t in targets_for(positive, utc(2024, 3, 1), TARGETS, now)] == list(
        TargetKind
    )
    no_recovery = Targets(recovery_extension_allowed=False, recovery_period_days=0)
    assert len(targets_for(positive, utc(2024, 3, 1), no_recovery, now)) == 2


def test_targets_for_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        targets_for(None, utc(2024, 3, 1), TARGETS, datetime(2024, 3, 2))


# --- recovery period ----------------------------------------------------------------------------

START = utc(2024, 3, 1, 10)
PLANNED = utc(2024, 4, 15, 10)  # 45 days on


@pytest.mark.parametrize(
    ("extensions", "curtailed_at", "planned_end", "effective_end"),
    [
        ([], None, PLANNED, PLANNED),
        ([date(2024, 5, 15)], None, utc(2024, 5, 15, 10), utc(2024, 5, 15, 10)),
        ([date(2024, 5, 15), date(2024, 6, 30)], None, utc(2024, 6, 30, 10), utc(2024, 6, 30, 10)),
        # Curtailed before the planned end.
        ([], utc(2024, 3, 20, 9), PLANNED, utc(2024, 3, 20, 9)),
        # Curtailed after an extension, later than the original 45 days would have run.
        ([date(2024, 5, 15)], utc(2024, 5, 1, 16), utc(2024, 5, 15, 10), utc(2024, 5, 1, 16)),
        # A curtailment recorded after the planned end changes nothing.
        ([], utc(2024, 4, 20), PLANNED, PLANNED),
        # An extension names the new end, even one sooner than the default length.
        ([date(2024, 4, 1)], None, utc(2024, 4, 1, 10), utc(2024, 4, 1, 10)),
    ],
)
def test_recovery_period(
    extensions: list[date],
    curtailed_at: datetime | None,
    planned_end: datetime,
    effective_end: datetime,
) -> None:
    period = recovery_period(START, TARGETS, extensions, curtailed_at)
    assert period == RecoveryPeriod(START, planned_end, effective_end)


def test_recovery_period_length_comes_from_the_pack() -> None:
    thirty = Targets(recovery_extension_allowed=False, recovery_period_days=30)
    assert recovery_period(START, thirty).planned_end == utc(2024, 3, 31, 10)


@pytest.mark.parametrize(
    ("extensions", "curtailed_at", "message"),
    [
        ([date(2024, 6, 1), date(2024, 5, 1)], None, "later than 2024-06-01"),
        ([date(2024, 6, 1), date(2024, 6, 1)], None, "later than 2024-06-01"),
        ([date(2024, 3, 1)], None, "later than 2024-03-01"),
        ([], utc(2024, 2, 28), "before it starts"),
    ],
)
def test_recovery_period_refuses_nonsense(
    extensions: list[date], curtailed_at: datetime | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        recovery_period(START, TARGETS, extensions, curtailed_at)


POSITIVE = [*SENT_FRI, (S.DECISION_POSITIVE, START), (S.RECOVERY_RUNNING, START)]


def recovery_track(*later: ReferralEvent) -> ReferralTrack:
    track = track_of(*POSITIVE)
    for event in later:
        track.apply(event)
    return track


def extend(at: datetime, until: date) -> ReferralEvent:
    return ReferralEvent(S.RECOVERY_EXTENDED, at, "A. Worker", extension_until=until)


def end(at: datetime, curtailed: bool = False) -> ReferralEvent:
    return ReferralEvent(S.RECOVERY_ENDED, at, "A. Worker", curtailed=curtailed)


@pytest.mark.parametrize(
    ("later", "now", "due", "met", "overdue", "remaining", "extended_to", "curtailed"),
    [
        ([], utc(2024, 3, 5, 10), PLANNED, None, False, 41, None, False),
        # The planned end has passed with nothing recorded: flagged so someone checks.
        ([], utc(2024, 4, 16), PLANNED, None, True, -1, None, False),
        (
            [extend(utc(2024, 4, 10), date(2024, 5, 15))],
            utc(2024, 4, 16),
            utc(2024, 5, 15, 10),
            None,
            False,
            29,
            date(2024, 5, 15),
            False,
        ),
        (
            [
                extend(utc(2024, 4, 10), date(2024, 5, 15)),
                extend(utc(2024, 5, 10), date(2024, 6, 30)),
            ],
            utc(2024, 6, 1),
            utc(2024, 6, 30, 10),
            None,
            False,
            29,
            date(2024, 6, 30),
            False,
        ),
        (
            [end(utc(2024, 3, 20, 9), curtailed=True)],
            utc(2024, 4, 16),
            PLANNED,
            utc(2024, 3, 20, 9),
            False,
            None,
            None,
            True,
        ),
        (
            [extend(utc(2024, 4, 10), date(2024, 5, 15)), end(utc(2024, 5, 1), curtailed=True)],
            utc(2024, 6, 1),
            utc(2024, 5, 15, 10),
            utc(2024, 5, 1),
            False,
            None,
            date(2024, 5, 15),
            True,
        ),
        ([end(utc(2024, 4, 16, 8))], utc(2024, 4, 20), PLANNED, PLANNED, False, None, None, False),
    ],
)
def test_recovery_period_status(
    later: list[ReferralEvent],
    now: datetime,
    due: datetime,
    met: datetime | None,
    overdue: bool,
    remaining: int | None,
    extended_to: date | None,
    curtailed: bool,
) -> None:
    status = one(
        targets_for(recovery_track(*later), None, TARGETS, now), TargetKind.RECOVERY_PERIOD
    )
    assert (status.started_at, status.due_at, status.met_at) == (START, due, met)
    assert (status.overdue, status.days_remaining) == (overdue, remaining)
    assert (status.extended_to, status.curtailed) == (extended_to, curtailed)
    assert status.label.startswith("Target: recovery period of 45 days")
    assert ("extended" in status.label) is (extended_to is not None)
    assert ("curtailed" in status.label) is curtailed


def test_recovery_period_stops_when_the_person_withdraws() -> None:
    withdrawn = ReferralEvent(S.DECLINED_BY_PERSON, utc(2024, 3, 10), "A. Worker")
    status = one(
        targets_for(recovery_track(withdrawn), None, TARGETS, utc(2024, 5, 1)),
        TargetKind.RECOVERY_PERIOD,
    )
    assert (status.stopped_at, status.met_at, status.overdue) == (utc(2024, 3, 10), None, False)


def test_recorded_extensions_count_even_where_the_pack_does_not_expect_them() -> None:
    au = get_jurisdiction("au").targets
    assert au.recovery_extension_allowed is False
    track = recovery_track(extend(utc(2024, 4, 10), date(2024, 5, 15)))
    status = one(targets_for(track, None, au, utc(2024, 4, 16)), TargetKind.RECOVERY_PERIOD)
    assert status.due_at == utc(2024, 5, 15, 10)


# --- labels -------------------------------------------------------------------------------------


def test_every_label_says_target_and_never_deadline() -> None:
    tracks = [
        None,
        track_of(*SENT_FRI),
        recovery_track(extend(utc(2024, 4, 10), date(2024, 5, 15)), end(utc(2024, 5, 1), True)),
    ]
    labels = [
        t.label
        for track in tracks
        for now in (utc(2024, 3, 2), utc(2024, 9, 1))
        for t in targets_for(track, utc(2024, 3, 1), TARGETS, now)
    ]
    labels += [refer_label(1), decision_label(1), recovery_label(1, True, True)]
    assert len(labels) >= 10
    for label in labels:
        assert label.startswith("Target: ")
        assert "deadline" not in label.lower()
    assert refer_label(1) == "Target: refer within 1 hour of the first recorded concern"
    assert decision_label(1) == "Target: first decision within 1 working day of receipt"


# --- the lifecycle ------------------------------------------------------------------------------

PATH_TO: dict[ReferralStatus, list[ReferralStatus]] = {
    S.DRAFT: [S.DRAFT],
    S.SIGNED_OFF: [S.DRAFT, S.SIGNED_OFF],
    S.SENT: [S.DRAFT, S.SIGNED_OFF, S.SENT],
    S.ACKNOWLEDGED: [S.DRAFT, S.SIGNED_OFF, S.SENT, S.ACKNOWLEDGED],
    S.DECISION_POSITIVE: [S.DRAFT, S.SIGNED_OFF, S.SENT, S.ACKNOWLEDGED, S.DECISION_POSITIVE],
    S.DECISION_NEGATIVE: [S.DRAFT, S.SIGNED_OFF, S.SENT, S.ACKNOWLEDGED, S.DECISION_NEGATIVE],
    S.RECOVERY_RUNNING: [S.DRAFT, S.SIGNED_OFF, S.SENT, S.DECISION_POSITIVE, S.RECOVERY_RUNNING],
    S.RECOVERY_EXTENDED: [
        *[S.DRAFT, S.SIGNED_OFF, S.SENT, S.DECISION_POSITIVE],
        *[S.RECOVERY_RUNNING, S.RECOVERY_EXTENDED],
    ],
    S.RECOVERY_ENDED: [
        *[S.DRAFT, S.SIGNED_OFF, S.SENT, S.DECISION_POSITIVE],
        *[S.RECOVERY_RUNNING, S.RECOVERY_ENDED],
    ],
    S.DECLINED_BY_PERSON: [S.DRAFT, S.DECLINED_BY_PERSON],
    S.DECLINED_BY_RECIPIENT: [S.DRAFT, S.SIGNED_OFF, S.SENT, S.DECLINED_BY_RECIPIENT],
    S.UNABLE_TO_CONTACT: [S.DRAFT, S.SIGNED_OFF, S.SENT, S.UNABLE_TO_CONTACT],
    S.CLOSED: [S.DRAFT, S.CLOSED],
}


def event(status: ReferralStatus, index: int) -> ReferralEvent:
    """The ``index``-th change of a test track: one hour apart, extensions a week apart."""
    at = utc(2024, 3, 1, 9) + timedelta(hours=index)
    until = date(2024, 5, 1) + timedelta(weeks=index) if status is S.RECOVERY_EXTENDED else None
    return ReferralEvent(status, at, "A. Worker", extension_until=until)


def track_at(status: ReferralStatus) -> ReferralTrack:
    track = ReferralTrack(event(s, i) for i, s in enumerate(PATH_TO[status]))
    assert track.status is status
    return track


ALLOWED_PAIRS = [(a, b) for a in ReferralStatus for b in ReferralStatus if b in ALLOWED[a]]
REFUSED_PAIRS = [(a, b) for a in ReferralStatus for b in ReferralStatus if b not in ALLOWED[a]]


def test_the_table_covers_every_status_and_what_the_brief_requires() -> None:
    assert set(ALLOWED) == set(ReferralStatus)
    assert ALLOWED[S.DRAFT] == {S.SIGNED_OFF, S.DECLINED_BY_PERSON, S.CLOSED}
    assert ALLOWED[S.SIGNED_OFF] == {S.SENT, S.DRAFT, S.DECLINED_BY_PERSON}
    assert ALLOWED[S.DECISION_POSITIVE] == {S.RECOVERY_RUNNING, S.DECLINED_BY_PERSON}
    assert ALLOWED[S.RECOVERY_EXTENDED] == {
        S.RECOVERY_EXTENDED,
        S.RECOVERY_ENDED,
        S.DECLINED_BY_PERSON,
    }
    for status in OPEN_STATUSES:  # a person can withdraw at any time
        assert S.DECLINED_BY_PERSON in ALLOWED[status], status
    outcomes = {S.DECISION_NEGATIVE, S.RECOVERY_ENDED, S.DECLINED_BY_PERSON}
    assert outcomes | {S.DECLINED_BY_RECIPIENT, S.UNABLE_TO_CONTACT} == OUTCOME_STATUSES
    for status in OUTCOME_STATUSES:
        assert ALLOWED[status] == {S.CLOSED}
    assert ALLOWED[S.CLOSED] == frozenset()
    assert len(ALLOWED_PAIRS) == 30


@pytest.mark.parametrize(("current", "after"), ALLOWED_PAIRS)
def test_every_allowed_transition(current: ReferralStatus, after: ReferralStatus) -> None:
    track = track_at(current)
    change = event(after, len(track.history))
    track.apply(change)
    assert track.status is after
    assert track.history[-1] == change
    assert after in track_at(current).allowed_next()


@pytest.mark.parametrize(("current", "after"), REFUSED_PAIRS)
def test_every_refused_transition_leaves_the_track_unchanged(
    current: ReferralStatus, after: ReferralStatus
) -> None:
    track = track_at(current)
    before = track.history
    with pytest.raises(TransitionNotAllowed) as caught:
        track.apply(event(after, len(before)))
    assert track.history == before
    message = str(caught.value)
    assert f"This referral is '{current.label}', so it cannot be marked '{after.label}'" in message
    for allowed in ALLOWED[current]:
        assert f"'{allowed.label}'" in message
    assert isinstance(caught.value, ScreeningError)


@pytest.mark.parametrize(
    ("current", "after", "message"),
    [
        (
            S.DRAFT,
            S.SENT,
            "This referral is 'draft', so it cannot be marked 'sent'. From 'draft' "
            "it can next be marked: 'signed off', 'declined by the person' or 'closed'.",
        ),
        (
            S.SENT,
            S.RECOVERY_RUNNING,
            "From 'sent' it can next be marked: 'acknowledged by the "
            "recipient', 'first decision: positive', 'first decision: negative', 'declined by the "
            "person', 'declined by the recipient' or 'unable to contact'.",
        ),
        (S.DECISION_NEGATIVE, S.RECOVERY_RUNNING, "it can next be marked: 'closed'."),
        (S.RECOVERY_ENDED, S.RECOVERY_EXTENDED, "it can next be marked: 'closed'."),
        (
            S.CLOSED,
            S.DRAFT,
            "This referral is 'closed', so it cannot be marked 'draft'. A closed "
            "referral cannot change any more.",
        ),
    ],
)
def test_refusal_messages(current: ReferralStatus, after: ReferralStatus, message: str) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        track_at(current).apply(event(after, 10))
    assert message in str(caught.value)
    assert (caught.value.current, caught.value.attempted) == (current, after)


@pytest.mark.parametrize("first", [s for s in ReferralStatus if s is not S.DRAFT])
def test_a_track_starts_as_a_draft(first: ReferralStatus) -> None:
    with pytest.raises(TransitionNotAllowed, match="A new referral starts as 'draft'"):
        ReferralTrack([event(first, 0)])
    with pytest.raises(InvalidReferralEvent, match="starts with its 'draft'"):
        ReferralTrack([])


def test_time_going_backwards_is_refused() -> None:
    track = track_at(S.SENT)
    before = track.history
    with pytest.raises(EventOutOfOrder) as caught:
        track.apply(ReferralEvent(S.ACKNOWLEDGED, utc(2024, 3, 1, 10, 59), "A. Worker"))
    assert str(caught.value).startswith(
        "This change is dated 2024-03-01 10:59 UTC, which is before the last recorded change "
        "('sent', 2024-03-01 11:00 UTC)."
    )
    assert isinstance(caught.value, ReferralChangeRefused)
    assert track.history == before
    track.apply(ReferralEvent(S.ACKNOWLEDGED, utc(2024, 3, 1, 11), "A. Worker"))  # same time: ok
    assert track.status is S.ACKNOWLEDGED


def test_a_returned_referral_can_be_signed_off_again() -> None:
    track = track_at(S.SIGNED_OFF)
    for i, status in enumerate([S.DRAFT, S.SIGNED_OFF, S.SENT], start=2):
        track.apply(event(status, i))
    assert [e.status for e in track.history] == [
        S.DRAFT,
        S.SIGNED_OFF,
        S.DRAFT,
        S.SIGNED_OFF,
        S.SENT,
    ]
    assert track.first(S.SIGNED_OFF) == track.history[1]
    assert track.is_open


def test_extensions_must_move_later() -> None:
    track = recovery_track(extend(utc(2024, 4, 10), date(2024, 5, 15)))
    with pytest.raises(InvalidReferralEvent, match="already extended to 2024-05-15"):
        track.apply(extend(utc(2024, 4, 11), date(2024, 5, 15)))
    with pytest.raises(InvalidReferralEvent, match="started on 2024-03-01"):
        recovery_track().apply(extend(utc(2024, 3, 2), date(2024, 3, 1)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"at": datetime(2024, 3, 1)}, "time zone"),
        ({"by": "  "}, "who made it"),
        ({"by": "x" * 121}, "who made it"),
        ({"note": "x" * 501}, "not for details about the person"),
        ({"status": S.RECOVERY_EXTENDED}, "needs the date it is extended to"),
        ({"status": S.RECOVERY_EXTENDED, "extension_until": utc(2024, 5, 1)}, "needs the date"),
        ({"extension_until": date(2024, 5, 1)}, "Only an extension"),
        ({"curtailed": True}, "Only the end of a recovery period"),
        ({"status": "sent"}, "is not a referral status"),
    ],
)
def test_invalid_events(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"status": S.SENT, "at": utc(2024, 3, 1), "by": "A. Worker"}
    with pytest.raises(InvalidReferralEvent, match=message):
        ReferralEvent(**(fields | kwargs))  # type: ignore[arg-type]


def test_events_are_stored_in_utc_and_tidied() -> None:
    paris = datetime(2024, 3, 1, 11, tzinfo=ZoneInfo("Europe/Paris"))
    change = ReferralEvent(S.DRAFT, paris, "  A. Worker ", note="  ")
    assert change.at == utc(2024, 3, 1, 10)
    assert change.at.tzinfo is UTC
    assert (change.by, change.note) == ("A. Worker", None)


# --- storage ------------------------------------------------------------------------------------


def full_track() -> ReferralTrack:
    return recovery_track(
        ReferralEvent(
            S.RECOVERY_EXTENDED, utc(2024, 4, 10), "B. Reviewer", "letter", date(2024, 5, 15)
        ),
        ReferralEvent(S.RECOVERY_ENDED, utc(2024, 5, 1), "B. Reviewer", curtailed=True),
        ReferralEvent(S.CLOSED, utc(2024, 5, 2), "A. Worker", note="Case review done"),
    )


def test_json_round_trip() -> None:
    track = full_track()
    text = track.to_json()
    again = ReferralTrack.from_json(text)
    assert again == track
    assert again.history == track.history
    assert again.status is S.CLOSED and not again.is_open
    assert all(e.at.utcoffset() == timedelta(0) for e in again.history)
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("frontline-screening/referral-track", 1)
    assert data["events"][-3]["extension_until"] == "2024-05-15"
    assert data["events"][-2]["curtailed"] is True
    assert ReferralTrack.from_dict(track.to_dict()) == track


def _events_with(change: dict[str, object]) -> str:
    data = full_track().to_dict()
    data["events"][1].update(change)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "not a referral history"),
        ('{"format": "frontline-screening/referral-track", "version": 2}', "version 2"),
        ('{"format": "frontline-screening/referral-track", "version": 1}', "no list"),
        (_events_with({"status": "sent"}), "'draft', so it cannot be marked 'sent'"),
        (_events_with({"at": "2020-01-01T00:00:00+00:00"}), "before the last recorded change"),
        (_events_with({"at": "2024-03-01T09:30:00"}), "time zone"),
        (_events_with({"status": "lost"}), "not a valid ReferralStatus"),
        (_events_with({"colour": "red"}), "unexpected keys"),
    ],
)
def test_unreadable_histories(text: str, reason: str) -> None:
    with pytest.raises(ReferralTrackUnreadable) as caught:
        ReferralTrack.from_json(text)
    assert reason in str(caught.value)
    assert "cannot be read" in str(caught.value)
