"""Referral tracking: the status lifecycle of one referral, each change timestamped and signed.

A referral moves draft → signed off → sent → acknowledged → first decision (positive or
negative) → recovery period running / extended / ended, or stops as declined by the person,
declined by the recipient or unable to contact; every outcome then closes. ``ALLOWED`` is the
whole lifecycle in one table. A person can withdraw at any time, so "declined by the person" is
allowed from every open status.

``ReferralTrack`` is the ordered, append-only history. A refused change leaves it untouched and
raises a ``ReferralChangeRefused`` whose message names the current status and what may follow.
Time targets computed over a track live in ``screening_tools.targets``; nothing here blocks on
them (seed 001 L705: "a target and not a deadline").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from screening_tools.errors import ScreeningError

NOTE_MAX_CHARS = 500
BY_MAX_CHARS = 120
JSON_FORMAT = "frontline-screening/referral-track"
JSON_VERSION = 1


class ReferralStatus(StrEnum):
    DRAFT = "draft"
    SIGNED_OFF = "signed_off"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    DECISION_POSITIVE = "decision_positive"
    DECISION_NEGATIVE = "decision_negative"
    RECOVERY_RUNNING = "recovery_running"
    RECOVERY_EXTENDED = "recovery_extended"
    RECOVERY_ENDED = "recovery_ended"
    DECLINED_BY_PERSON = "declined_by_person"
    DECLINED_BY_RECIPIENT = "declined_by_recipient"
    UNABLE_TO_CONTACT = "unable_to_contact"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The status in plain words, for messages and lists."""
        return STATUS_LABELS[self]


S = ReferralStatus

STATUS_LABELS: dict[ReferralStatus, str] = {
    S.DRAFT: "draft",
    S.SIGNED_OFF: "signed off",
    S.SENT: "sent",
    S.ACKNOWLEDGED: "acknowledged by the recipient",
    S.DECISION_POSITIVE: "first decision: positive",
    S.DECISION_NEGATIVE: "first decision: negative",
    S.RECOVERY_RUNNING: "recovery period running",
    S.RECOVERY_EXTENDED: "recovery period extended",
    S.RECOVERY_ENDED: "recovery period ended",
    S.DECLINED_BY_PERSON: "declined by the person",
    S.DECLINED_BY_RECIPIENT: "declined by the recipient",
    S.UNABLE_TO_CONTACT: "unable to contact",
    S.CLOSED: "closed",
}

DECISION_STATUSES = frozenset({S.DECISION_POSITIVE, S.DECISION_NEGATIVE})
# While the recipient has the referral it may decline it or fail to reach the person, and the
# person may withdraw.
_WITH_RECIPIENT = frozenset({S.DECLINED_BY_RECIPIENT, S.UNABLE_TO_CONTACT, S.DECLINED_BY_PERSON})

ALLOWED: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    # A draft can be abandoned (closed) before anything leaves the app.
    S.DRAFT: frozenset({S.SIGNED_OFF, S.DECLINED_BY_PERSON, S.CLOSED}),
    # A reviewer can return a signed-off referral to draft for changes.
    S.SIGNED_OFF: frozenset({S.SENT, S.DRAFT, S.DECLINED_BY_PERSON}),
    # The first word back may be the decision letter itself, with no acknowledgement before it:
    # a worker must not have to invent an acknowledgement to record what really happened.
    S.SENT: frozenset({S.ACKNOWLEDGED}) | DECISION_STATUSES | _WITH_RECIPIENT,
    S.ACKNOWLEDGED: DECISION_STATUSES | _WITH_RECIPIENT,
    S.DECISION_POSITIVE: frozenset({S.RECOVERY_RUNNING, S.DECLINED_BY_PERSON}),
    S.RECOVERY_RUNNING: frozenset({S.RECOVERY_EXTENDED, S.RECOVERY_ENDED, S.DECLINED_BY_PERSON}),
    S.RECOVERY_EXTENDED: frozenset({S.RECOVERY_EXTENDED, S.RECOVERY_ENDED, S.DECLINED_BY_PERSON}),
    S.DECISION_NEGATIVE: frozenset({S.CLOSED}),
    S.RECOVERY_ENDED: frozenset({S.CLOSED}),
    S.DECLINED_BY_PERSON: frozenset({S.CLOSED}),
    S.DECLINED_BY_RECIPIENT: frozenset({S.CLOSED}),
    S.UNABLE_TO_CONTACT: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}
# Outcomes: the referral has stopped or run its course, and only closing remains.
OUTCOME_STATUSES = frozenset(s for s, after in ALLOWED.items() if after == {S.CLOSED})
# Still in progress; the person may withdraw from any of these.
OPEN_STATUSES = frozenset(ReferralStatus) - OUTCOME_STATUSES - {S.CLOSED}


# --- errors -------------------------------------------------------------------------------------


class ReferralChangeRefused(ScreeningError):
    """A change to a referral's status was not recorded; the track is unchanged."""


class TransitionNotAllowed(ReferralChangeRefused):
    def __init__(self, current: ReferralStatus | None, attempted: ReferralStatus) -> None:
        self.current = current
        self.attempted = attempted
        if current is None:
            text = (
                f"A new referral starts as '{S.DRAFT.label}'; it cannot start as "
                f"'{attempted.label}'."
            )
        elif not ALLOWED[current]:
            text = (
                f"This referral is '{current.label}', so it cannot be marked "
                f"'{attempted.label}'. A closed referral cannot change any more."
            )
        else:
            text = (
                f"This referral is '{current.label}', so it cannot be marked "
                f"'{attempted.label}'. From '{current.label}' it can next be marked: "
                f"{_or_list(allowed_next(current))}."
            )
        super().__init__(text)


class EventOutOfOrder(ReferralChangeRefused):
    def __init__(self, current: ReferralStatus, previous_at: datetime, at: datetime) -> None:
        self.current = current
        self.previous_at = previous_at
        self.at = at
        super().__init__(
            f"This change is dated {_when(at)}, which is before the last recorded change "
            f"('{current.label}', {_when(previous_at)}). Changes are recorded in the order they "
            "happened: check the date and time."
        )


class InvalidReferralEvent(ReferralChangeRefused):
    """A change whose own details are wrong (a missing date, a naive time, a long note)."""


class ReferralTrackUnreadable(ScreeningError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The saved referral history cannot be read ({reason}). Nothing was changed; "
            "restore it from a backup or contact your administrator."
        )


def allowed_next(status: ReferralStatus) -> list[ReferralStatus]:
    """The statuses that may follow ``status``, in lifecycle order (stable for menus)."""
    return [s for s in ReferralStatus if s in ALLOWED[status]]


def _or_list(statuses: list[ReferralStatus]) -> str:
    quoted = [f"'{s.label}'" for s in statuses]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# --- events and the track -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralEvent:
    """One status change: what, when (stored in UTC) and who, with an optional short note.

    ``note`` is for the referral's progress ("letter received"), not for anything about the
    person. ``extension_until`` is the new last day of the recovery period and belongs only to
    ``recovery_extended``; ``curtailed`` marks a ``recovery_ended`` before the planned end.
    """

    status: ReferralStatus
    at: datetime
    by: str
    note: str | None = None
    extension_until: date | None = None
    curtailed: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.status, ReferralStatus):
            raise InvalidReferralEvent(f"{self.status!r} is not a referral status.")
        if not isinstance(self.at, datetime) or self.at.utcoffset() is None:
            raise InvalidReferralEvent("The time of a referral change must include its time zone.")
        object.__setattr__(self, "at", self.at.astimezone(UTC))
        by = self.by.strip() if isinstance(self.by, str) else ""
        if not by or len(by) > BY_MAX_CHARS:
            raise InvalidReferralEvent(
                f"Each referral change records who made it: give a name of 1 to {BY_MAX_CHARS} "
                "characters."
            )
        object.__setattr__(self, "by", by)
        note = self.note.strip() if isinstance(self.note, str) else None
        if note is not None and len(note) > NOTE_MAX_CHARS:
            raise InvalidReferralEvent(
                f"The note is {len(note)} characters long; keep it under {NOTE_MAX_CHARS}. It is "
                "for the referral's progress, not for details about the person."
            )
        object.__setattr__(self, "note", note or None)
        extended = self.status is S.RECOVERY_EXTENDED
        until = self.extension_until
        if extended and (not isinstance(until, date) or isinstance(until, datetime)):
            raise InvalidReferralEvent(
                "An extension of the recovery period needs the date it is extended to."
            )
        if not extended and until is not None:
            raise InvalidReferralEvent(
                "Only an extension of the recovery period has an 'extended to' date."
            )
        if not isinstance(self.curtailed, bool):
            raise InvalidReferralEvent("'Curtailed' must be true or false.")
        if self.curtailed and self.status is not S.RECOVERY_ENDED:
            raise InvalidReferralEvent("Only the end of a recovery period can be curtailed.")

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "at": self.at.isoformat(),
            "by": self.by,
            "note": self.note,
            "extension_until": self.extension_until.isoformat() if self.extension_until else None,
            "curtailed": self.curtailed,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ReferralEvent:
        """Read ``to_dict`` output; any problem raises ``ReferralTrackUnreadable``."""
        try:
            if not isinstance(data, dict):
                raise ValueError("an event is not an object")
            extra = set(data) - {"status", "at", "by", "note", "extension_until", "curtailed"}
            if extra:
                raise ValueError(f"unexpected keys {sorted(extra)}")
            until = data.get("extension_until")
            return cls(
                status=ReferralStatus(data["status"]),
                at=datetime.fromisoformat(data["at"]),
                by=data["by"],
                note=data.get("note"),
                extension_until=None if until is None else date.fromisoformat(until),
                curtailed=data.get("curtailed", False),
            )
        except (KeyError, TypeError, ValueError, InvalidReferralEvent) as err:
            raise ReferralTrackUnreadable(f"a status change is not valid: {err}") from err


class ReferralTrack:
    """The ordered history of one referral's status changes. Append-only.

    Built from its events, each checked as if applied in turn, so a stored history that breaks
    the lifecycle (edited by hand, say) is refused rather than shown as if it were true.
    """

    def __init__(self, events: Iterable[ReferralEvent]) -> None:
        self._events: list[ReferralEvent] = []
        for event in events:
            self.apply(event)
        if not self._events:
            raise InvalidReferralEvent(f"A referral's history starts with its '{S.DRAFT.label}'.")

    @classmethod
    def new(cls, at: datetime, by: str, note: str | None = None) -> ReferralTrack:
        return cls([ReferralEvent(S.DRAFT, at, by, note)])

    @property
    def status(self) -> ReferralStatus:
        return self._events[-1].status

    @property
    def history(self) -> tuple[ReferralEvent, ...]:
        return tuple(self._events)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_next(self) -> list[ReferralStatus]:
        return allowed_next(self.status)

    def first(self, *statuses: ReferralStatus) -> ReferralEvent | None:
        """The earliest change to any of ``statuses``, or None."""
        return next((e for e in self._events if e.status in statuses), None)

    def apply(self, event: ReferralEvent) -> None:
        """Record ``event``, or raise ``ReferralChangeRefused`` and leave the track unchanged."""
        last = self._events[-1] if self._events else None
        if last is None:
            if event.status is not S.DRAFT:
                raise TransitionNotAllowed(None, event.status)
        else:
            if event.status not in ALLOWED[last.status]:
                raise TransitionNotAllowed(last.status, event.status)
            # Equal times are allowed: signing off and sending can be one action.
            if event.at < last.at:
                raise EventOutOfOrder(last.status, last.at, event.at)
        if event.extension_until is not None:
            self._check_extension(event.extension_until)
        self._events.append(event)

    def _check_extension(self, until: date) -> None:
        previous = [e.extension_until for e in self._events if e.extension_until is not None]
        if previous and until <= previous[-1]:
            raise InvalidReferralEvent(
                f"The recovery period is already extended to {previous[-1].isoformat()}; a new "
                f"extension must be to a later date than that, not {until.isoformat()}."
            )
        positive = self.first(S.DECISION_POSITIVE)
        if positive is not None and until <= positive.at.date():
            raise InvalidReferralEvent(
                f"The recovery period started on {positive.at.date().isoformat()}; it cannot be "
                f"extended to {until.isoformat()}."
            )

    # -- storage ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "events": [e.to_dict() for e in self._events],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any) -> ReferralTrack:
        if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
            raise ReferralTrackUnreadable("it is not a referral history")
        if data.get("version") != JSON_VERSION:
            raise ReferralTrackUnreadable(
                f"it has version {data.get('version')!r}; this app reads version {JSON_VERSION}"
            )
        events = data.get("events")
        if not isinstance(events, list):
            raise ReferralTrackUnreadable("it has no list of status changes")
        try:
            return cls(ReferralEvent.from_dict(e) for e in events)
        except ReferralChangeRefused as err:
            raise ReferralTrackUnreadable(str(err)) from err

    @classmethod
    def from_json(cls, text: str) -> ReferralTrack:
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as err:
            raise ReferralTrackUnreadable(f"it is not valid JSON: {err}") from err
        return cls.from_dict(data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReferralTrack) and self._events == other._events

    __hash__ = None  # type: ignore[assignment]  # mutable: not hashable

    def __repr__(self) -> str:
        return f"ReferralTrack(status={self.status.value!r}, events={len(self._events)})"
