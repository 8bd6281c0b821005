"""Domain objects the repositories return and the service hands to the GUI and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from screening_tools.i18n import N_


class AnswerState(StrEnum):
    """The five states of an indicator. "Not present" and "not assessed" are never the same."""

    NOT_ASSESSED = "not_assessed"
    OBSERVED = "observed"
    DISCLOSED = "disclosed"
    NOT_PRESENT = "not_present"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"

    @property
    def label(self) -> str:
        return _ANSWER_LABELS[self]

    @property
    def is_concern(self) -> bool:
        """Observed or disclosed: something was recorded that may indicate a concern."""
        return self in (AnswerState.OBSERVED, AnswerState.DISCLOSED)


# English source texts, marked for the catalogue; the GUI shows them through tr().
_ANSWER_LABELS = {
    AnswerState.NOT_ASSESSED: N_("Not assessed"),
    AnswerState.OBSERVED: N_("Observed"),
    AnswerState.DISCLOSED: N_("Disclosed"),
    AnswerState.NOT_PRESENT: N_("Not present"),
    AnswerState.PREFER_NOT_TO_SAY: N_("Prefer not to say"),
}


class Role(StrEnum):
    WORKER = "worker"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class User:
    id: int
    display_name: str
    role: Role


@dataclass(frozen=True)
class Case:
    """A case is known by a neutral reference; name and contact are optional and sensitive."""

    id: int
    reference: str
    created_at: datetime
    updated_at: datetime
    created_by: str
    # Sensitive: never shown in window titles, lists visible at a glance, logs or file names;
    # kept out of repr() so a stray log line or traceback cannot print them.
    name: str | None = field(default=None, repr=False)
    contact: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Answer:
    item_id: str
    state: AnswerState
    recorded_at: datetime
    recorded_by: str
    # "This must be passed on" prompts raised by this answer (safeguarding flags).
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Screening:
    id: int
    case_id: int
    instrument_id: str
    instrument_version: str
    started_at: datetime
    updated_at: datetime
    recorded_by: str
    answers: dict[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    id: int
    case_id: int
    screening_id: int | None
    body: str = field(repr=False)
    created_at: datetime
    created_by: str
    kind: str = "observation"  # or "disclosure": what the person said


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list: nothing about the person, only the reference and counts."""

    id: int
    reference: str
    created_at: datetime
    updated_at: datetime
    screening_count: int
    concern_count: int


@dataclass(frozen=True)
class SafeguardingTask:
    """A concern that must be passed on: created by a flagged answer, closed by a person."""

    id: int
    case_id: int
    screening_id: int | None
    item_id: str
    flag: str
    prompt: str
    created_at: datetime
    created_by: str
    done_at: datetime | None


@dataclass(frozen=True)
class ReferralTarget:
    """The jurisdiction's target for referring, started by the first recorded concern.

    A target, never a deadline: nothing in the app is blocked when it passes.
    """

    started_at: datetime
    due_at: datetime
    hours: int

    @property
    def label(self) -> str:
        return f"Target: refer within {self.hours} hours of the first recorded concern"

    def overdue(self, now: datetime) -> bool:
        return now > self.due_at


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    screenings: list[Screening]
    notes: list[Note]
    age_status: str = "unknown"
    referral_target: ReferralTarget | None = None
    safeguarding_tasks: list[SafeguardingTask] = field(default_factory=list)


@dataclass(frozen=True)
class GroupSummary:
    group_id: str
    title: str
    observed: list[str]
    disclosed: list[str]
    not_present: list[str]
    prefer_not_to_say: list[str]
    not_assessed: list[str]


@dataclass(frozen=True)
class ScreeningSummary:
    screening_id: int
    case_reference: str
    instrument_id: str
    instrument_version: str
    groups: list[GroupSummary]
    caveat: str
    next_steps: list[str]
    # Why no interview took place in this session, in plain words (empty when it did).
    no_interview: list[str] = field(default_factory=list)
    # Open "must be passed on" prompts for the case.
    safeguarding_prompts: list[str] = field(default_factory=list)
    # The instrument's own prompt once a concern is recorded (e.g. "refer for a fuller screening").
    on_concern: str | None = None
    skipped: list[str] = field(default_factory=list)

    @property
    def concern_count(self) -> int:
        return sum(len(g.observed) + len(g.disclosed) for g in self.groups)
