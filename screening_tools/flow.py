"""The screening flow: a state machine with no Qt, no database and no clock of its own.

Order (seed 001 L816-L838, L864-L880; seed 003 L800):

    safety check -> purpose and limits of confidentiality -> interpreter -> agreement to notes
      -> instrument items -> summary -> next steps

The GUI only renders ``flow.step`` and calls the methods here; the service persists
``flow.to_json()`` so a session can pause and resume. Every rule is enforced here, not in a widget:

* Not safe to talk here, in crisis, or not in control of their faculties: the questions stay
  locked; the flow goes to immediate needs and support and records why no interview took place
  (seed 001 L834-L836, L828, L844).
* Family members, friends, companions or unknown people are refused as interpreters, with the
  reason (seed 001 L593, L824, L866).
* Disclosure notes only after the confidentiality script was delivered and the person agreed to
  notes (seed 001 L827, L877, L880). Observed indicators and minimal facts can still be kept.
* Under 18, or unknown or disputed age: the child route (PRODUCT principle 8).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from screening_tools.errors import ScreeningError
from screening_tools.i18n import N_


class Step(StrEnum):
    SAFETY_CHECK = "safety_check"
    CONFIDENTIALITY = "confidentiality"
    INTERPRETER = "interpreter"
    NOTES_AGREEMENT = "notes_agreement"
    ITEMS = "items"
    SUMMARY = "summary"
    NEXT_STEPS = "next_steps"
    IMMEDIATE_NEEDS = "immediate_needs"  # when no interview takes place


ORDER = (
    Step.SAFETY_CHECK,
    Step.CONFIDENTIALITY,
    Step.INTERPRETER,
    Step.NOTES_AGREEMENT,
    Step.ITEMS,
    Step.SUMMARY,
    Step.NEXT_STEPS,
)


class NoInterviewReason(StrEnum):
    NOT_SAFE_HERE = "not_safe_here"
    IN_CRISIS = "in_crisis"
    NOT_IN_CONTROL = "not_in_control"


# English source texts, marked for the catalogue; the GUI shows them through tr().
NO_INTERVIEW_TEXT = {
    NoInterviewReason.NOT_SAFE_HERE: N_("It was not safe to talk in this place or at this time."),
    NoInterviewReason.IN_CRISIS: N_(
        "The person seemed to be in crisis; questions would not help them now."
    ),
    NoInterviewReason.NOT_IN_CONTROL: N_(
        "The person did not seem to be in full control of their faculties, so an interview "
        "would not be fair to them."
    ),
}


class InterpreterType(StrEnum):
    NOT_NEEDED = "not_needed"
    PROFESSIONAL_IN_PERSON = "professional_in_person"
    PROFESSIONAL_PHONE = "professional_phone"
    PROFESSIONAL_VIDEO = "professional_video"
    FAMILY_MEMBER = "family_member"
    FRIEND = "friend"
    COMPANION = "companion"
    UNKNOWN_PERSON = "unknown_person"


REFUSED_INTERPRETERS = {
    InterpreterType.FAMILY_MEMBER: N_(
        "A family member cannot interpret: they may be involved, and the person may not feel "
        "free to speak in front of them. Use an independent professional interpreter (in person, "
        "by phone or by video)."
    ),
    InterpreterType.FRIEND: N_(
        "A friend cannot interpret: the person may not feel free to speak in front of them, and "
        "what is said may not stay private. Use an independent professional interpreter."
    ),
    InterpreterType.COMPANION: N_(
        "The person who came with them cannot interpret: a companion may be the one controlling "
        "them. Use an independent professional interpreter."
    ),
    InterpreterType.UNKNOWN_PERSON: N_(
        "Someone whose role is not known cannot interpret. Use an independent professional "
        "interpreter."
    ),
}


class AgeStatus(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    UNKNOWN = "unknown"
    DISPUTED = "disputed"


class Route(StrEnum):
    ADULT = "adult"
    CHILD = "child"


class FlowError(ScreeningError):
    """A step was asked for out of order, or a rule refuses it; the message says why."""


class InterpreterRefused(FlowError):
    def __init__(self, kind: InterpreterType) -> None:
        super().__init__(REFUSED_INTERPRETERS[kind])
        self.kind = kind


def route_for_age(status: AgeStatus, age_years: int | None = None) -> Route:
    """Under 18, unknown or disputed: the child route, until an adult age is established."""
    if status is AgeStatus.ADULT and (age_years is None or age_years >= 18):
        return Route.ADULT
    return Route.CHILD


@dataclass
class SafetyCheck:
    safe_to_talk: bool
    in_crisis: bool
    in_control: bool

    def reasons(self) -> list[NoInterviewReason]:
        reasons = []
        if not self.safe_to_talk:
            reasons.append(NoInterviewReason.NOT_SAFE_HERE)
        if self.in_crisis:
            reasons.append(NoInterviewReason.IN_CRISIS)
        if not self.in_control:
            reasons.append(NoInterviewReason.NOT_IN_CONTROL)
        return reasons


@dataclass
class FlowState:
    step: Step = Step.SAFETY_CHECK
    safety: SafetyCheck | None = None
    no_interview: list[NoInterviewReason] = field(default_factory=list)
    confidentiality_delivered_at: str | None = None
    interpreter_language: str | None = None
    interpreter: InterpreterType | None = None
    notes_agreed: bool | None = None
    age_status: AgeStatus = AgeStatus.UNKNOWN
    paused: bool = False
    skipped_items: list[str] = field(default_factory=list)
    # The language the person-facing wording is shown in (a locale code), kept for resume.
    person_language: str | None = None


class ScreeningFlow:
    def __init__(self, state: FlowState | None = None) -> None:
        self.state = state or FlowState()

    # -- reading ------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.state.step

    @property
    def route(self) -> Route:
        return route_for_age(self.state.age_status)

    @property
    def questions_locked(self) -> bool:
        """True until the safety check passes; for ever in a session where it did not."""
        return self.state.safety is None or bool(self.state.no_interview)

    @property
    def can_save_disclosure_notes(self) -> bool:
        return (
            not self.questions_locked
            and self.state.confidentiality_delivered_at is not None
            and self.state.notes_agreed is True
        )

    @property
    def interview_took_place(self) -> bool:
        return self.state.safety is not None and not self.state.no_interview

    # -- steps --------------------------------------------------------------------------------

    def set_age_status(self, status: AgeStatus) -> None:
        self.state.age_status = AgeStatus(status)

    def record_safety_check(self, *, safe_to_talk: bool, in_crisis: bool, in_control: bool) -> Step:
        self._expect(Step.SAFETY_CHECK)
        check = SafetyCheck(safe_to_talk, in_crisis, in_control)
        self.state.safety = check
        self.state.no_interview = check.reasons()
        self.state.step = Step.IMMEDIATE_NEEDS if check.reasons() else Step.CONFIDENTIALITY
        return self.state.step

    def record_confidentiality_delivered(self, when: datetime) -> Step:
        self._expect(Step.CONFIDENTIALITY)
        self.state.confidentiality_delivered_at = when.isoformat()
        self.state.step = Step.INTERPRETER
        return self.state.step

    def record_interpreter(self, language: str, kind: InterpreterType) -> Step:
        self._expect(Step.INTERPRETER)
        kind = InterpreterType(kind)
        if kind in REFUSED_INTERPRETERS:
            raise InterpreterRefused(kind)
        self.state.interpreter_language = language.strip() or None
        self.state.interpreter = kind
        self.state.step = Step.NOTES_AGREEMENT
        return self.state.step

    def record_notes_agreement(self, agreed: bool) -> Step:
        self._expect(Step.NOTES_AGREEMENT)
        self.state.notes_agreed = bool(agreed)
        self.state.step = Step.ITEMS
        return self.state.step

    def skip_item(self, item_id: str) -> None:
        self._expect(Step.ITEMS)
        if item_id not in self.state.skipped_items:
            self.state.skipped_items.append(item_id)

    def require_items_open(self) -> None:
        if self.questions_locked:
            raise FlowError(
                "Questions stay closed in this session: the safety check found that an "
                "interview should not take place now. Record immediate needs and support instead."
            )
        if self.state.step is not Step.ITEMS:
            raise FlowError("Finish the steps before the checklist first.")

    def require_notes_allowed(self) -> None:
        if not self.can_save_disclosure_notes:
            raise FlowError(
                "Notes about what the person said can be saved only after the limits of "
                "confidentiality were explained and the person agreed to notes. You can still "
                "record what you observed."
            )

    def unskip_item(self, item_id: str) -> None:
        if item_id in self.state.skipped_items:
            self.state.skipped_items.remove(item_id)

    def back_to_items(self) -> Step:
        """From the summary back to the questions, to add or correct an answer."""
        self._expect(Step.SUMMARY)
        self.state.step = Step.ITEMS
        return self.state.step

    def set_person_language(self, code: str | None) -> None:
        self.state.person_language = (code or "").strip() or None

    def finish_items(self) -> Step:
        self._expect(Step.ITEMS)
        self.state.step = Step.SUMMARY
        return self.state.step

    def to_next_steps(self) -> Step:
        self._expect(Step.SUMMARY, Step.IMMEDIATE_NEEDS)
        self.state.step = Step.NEXT_STEPS
        return self.state.step

    def pause(self) -> None:
        self.state.paused = True

    def resume(self) -> Step:
        self.state.paused = False
        return self.state.step

    # -- persistence --------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data = asdict(self.state)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScreeningFlow:
        safety = data.get("safety")
        state = FlowState(
            step=Step(data["step"]),
            safety=SafetyCheck(**safety) if isinstance(safety, dict) else None,
            no_interview=[NoInterviewReason(r) for r in data.get("no_interview", [])],
            confidentiality_delivered_at=data.get("confidentiality_delivered_at"),
            interpreter_language=data.get("interpreter_language"),
            interpreter=InterpreterType(data["interpreter"]) if data.get("interpreter") else None,
            notes_agreed=data.get("notes_agreed"),
            age_status=AgeStatus(data.get("age_status", AgeStatus.UNKNOWN)),
            paused=bool(data.get("paused", False)),
            skipped_items=list(data.get("skipped_items", [])),
            person_language=data.get("person_language"),
        )
        return cls(state)

    def _expect(self, *steps: Step) -> None:
        if self.state.step not in steps:
            wanted = " or ".join(s.value.replace("_", " ") for s in steps)
            raise FlowError(
                f"This belongs to the {wanted} step; the session is at "
                f"{self.state.step.value.replace('_', ' ')}."
            )
