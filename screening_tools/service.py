"""The façade: one method per use case. The GUI and the CLI call only this module.

Thread safety: the GUI calls these methods from one background worker thread; a lock still
guards the connection so a stray call from another thread cannot interleave a transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from screening_tools.domain import (
    Answer,
    AnswerState,
    Case,
    CaseDetail,
    CaseSummary,
    GroupSummary,
    Note,
    ReferralTarget,
    Screening,
    ScreeningSummary,
)
from screening_tools.errors import (
    InvalidAnswer,
    NotFound,
    ScreeningError,
)
from screening_tools.flow import (
    NO_INTERVIEW_TEXT,
    AgeStatus,
    FlowError,
    InterpreterType,
    Route,
    ScreeningFlow,
    Step,
    route_for_age,
)
from screening_tools.service_core import _clean
from screening_tools.service_supervision import StatisticsUseCases
from screening_tools.vault.audit import AuditAction
from screening_tools.vault.repositories import (
    CaseRepository,
    NoteRepository,
    ScreeningRepository,
    now_utc,
)
from screening_tools.vault.session_repository import SessionRepository
from screening_tools.wording import (
    ADULT_INSTRUMENT_FOR_CHILD,
    SAFEGUARDING_PROMPTS,
)

MAX_NOTE_LENGTH = 20_000
SAFETY_CHECK_ID = "safety-check"
CHILD_INSTRUMENT_ID = "child-indicators"
# Keyed by InstrumentKind values (a StrEnum key matches).
RESPONSE_VALUES: dict[str, frozenset[str]] = {
    "checklist": frozenset({"yes", "no", "not_asked"}),
    "multi_select": frozenset({"selected", "not_selected"}),
    "script": frozenset({"delivered", "not_delivered"}),
}
# Without the safety check there is no conversation: only what the worker can see is kept.
OBSERVATION_STATES = frozenset(
    {AnswerState.OBSERVED, AnswerState.NOT_PRESENT, AnswerState.NOT_ASSESSED}
)


@dataclass(frozen=True)
class SessionView:
    screening: Screening
    flow: ScreeningFlow
    responses: dict[tuple[str, str], str]
    notes: list[Note]


@dataclass(frozen=True)
class InstrumentFit:
    warning: str | None
    suggested_instrument_id: str | None


def _check_answer_allowed(flow: ScreeningFlow, state: AnswerState) -> None:
    if flow.questions_locked:
        if flow.state.safety is not None and state in OBSERVATION_STATES:
            return  # no interview, but what the worker observed can still be recorded
        flow.require_items_open()
    if flow.step not in (Step.ITEMS, Step.SUMMARY):
        flow.require_items_open()


def _prompt_texts() -> dict[str, str]:
    return dict(SAFEGUARDING_PROMPTS)


class ScreeningService(StatisticsUseCases):
    """The façade: one method per use case. Cases, screening sessions and the flow are here;
    supervision, sharing, administration and the vault life cycle come from the layers below
    (service_supervision → service_sharing → service_admin → service_core)."""

    # -- cases ----------------------------------------------------------------------------

    def new_case(self, *, name: str | None = None, contact: str | None = None) -> Case:
        with self._write() as (conn, users):
            case = CaseRepository(conn, users).add(
                self.current_user.id, _clean(name), _clean(contact)
            )
            self._audit(conn, AuditAction.CASE_CREATED, case.reference)
            return case

    def list_cases(self, limit: int | None = None, offset: int = 0) -> list[CaseSummary]:
        with self._read() as (conn, users):
            return CaseRepository(conn, users).summaries(limit, offset)

    def open_case(self, reference: str) -> CaseDetail:
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            sessions = SessionRepository(conn, users)
            started = sessions.first_concern_at(case.id)
            target = None
            if started is not None:
                hours = self.referral_target_hours
                target = ReferralTarget(started, started + timedelta(hours=hours), hours)
            self._audit(conn, AuditAction.CASE_OPENED, case.reference)
            return CaseDetail(
                case,
                ScreeningRepository(conn, users).for_case(case.id),
                NoteRepository(conn, users).for_case(case.id),
                age_status=sessions.age_status(case.id).value,
                referral_target=target,
                safeguarding_tasks=sessions.tasks(case.id, _prompt_texts()),
            )

    # -- screening ------------------------------------------------------------------------

    def start_screening(self, reference: str, instrument_id: str) -> Screening:
        instrument = self.instrument(instrument_id)
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            screening = ScreeningRepository(conn, users).add(
                case.id, instrument.id, instrument.version, self.current_user.id
            )
            CaseRepository(conn, users).touch(case.id)
            return screening

    def record_answer(self, screening_id: int, item_id: str, state: AnswerState) -> Answer:
        state = AnswerState(state)
        with self._write() as (conn, users):
            repo = ScreeningRepository(conn, users)
            screening = repo.get(screening_id)
            if screening is None:
                raise NotFound("screening", str(screening_id))
            instrument = self.instrument(screening.instrument_id)
            if instrument.item(item_id) is None:
                raise InvalidAnswer(
                    f"The item {item_id!r} is not part of {instrument.title}; nothing was saved."
                )
            sessions = SessionRepository(conn, users)
            flow = sessions.load_flow(screening_id)
            _check_answer_allowed(flow, state)
            answer = repo.set_answer(screening_id, item_id, state, self.current_user.id)
            if item_id in flow.state.skipped_items:
                # Answering a skipped item un-skips it.
                flow.unskip_item(item_id)
                sessions.save_flow(screening_id, flow)
            prompts: list[str] = []
            if state.is_concern:
                sessions.start_target_clock(screening.case_id, answer.recorded_at)
                item = instrument.item(item_id)
                assert item is not None
                for flag in item.flags:
                    sessions.add_task(
                        screening.case_id, screening_id, item_id, flag.value, self.current_user.id
                    )
                    prompts.append(SAFEGUARDING_PROMPTS[flag])
            CaseRepository(conn, users).touch(screening.case_id)
            self._audit(
                conn,
                AuditAction.ANSWER_CHANGED,
                f"screening:{screening_id}",
                {"item": item_id, "state": state.value},
            )
            return replace(answer, prompts=tuple(prompts))

    def add_note(
        self,
        reference: str,
        body: str,
        screening_id: int | None = None,
        *,
        disclosure: bool = False,
    ) -> Note:
        """Save a note. A note of what the person said (``disclosure``) needs the flow's gate."""
        text = body.strip()
        if not text:
            raise InvalidAnswer("The note is empty; nothing was saved.")
        if len(text) > MAX_NOTE_LENGTH:
            raise InvalidAnswer(
                f"The note is longer than {MAX_NOTE_LENGTH} characters; shorten it and save again."
            )
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            if screening_id is not None:
                screening = ScreeningRepository(conn, users).get(screening_id)
                if screening is None or screening.case_id != case.id:
                    raise NotFound("screening", str(screening_id))
                if disclosure:
                    SessionRepository(conn, users).load_flow(screening_id).require_notes_allowed()
            elif disclosure:
                raise FlowError(
                    "A note of what the person said belongs to a screening session in which "
                    "they agreed to notes."
                )
            note = NoteRepository(conn, users).add(
                case.id,
                text,
                self.current_user.id,
                screening_id,
                "disclosure" if disclosure else "observation",
            )
            CaseRepository(conn, users).touch(case.id)
            self._audit(
                conn, AuditAction.NOTE_ADDED, case.reference, {"note": note.id, "kind": note.kind}
            )
            return note

    # -- the screening flow (safety first) ------------------------------------------------

    def set_age_status(self, reference: str, status: AgeStatus) -> Route:
        """Record what is known of the person's age; returns the route that now applies."""
        status = AgeStatus(status)
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            SessionRepository(conn, users).set_age_status(case.id, status)
        return route_for_age(status)

    def instrument_fit(self, reference: str, instrument_id: str) -> InstrumentFit:
        """Warn when an adult-only instrument is about to be used on the child route."""
        instrument = self.instrument(instrument_id)
        with self._read() as (conn, users):
            case = self._case(conn, users, reference)
            status = SessionRepository(conn, users).age_status(case.id)
        if route_for_age(status) is Route.CHILD and instrument.audience == "adult":
            return InstrumentFit(ADULT_INSTRUMENT_FOR_CHILD, CHILD_INSTRUMENT_ID)
        return InstrumentFit(None, None)

    def session_flow(self, screening_id: int) -> ScreeningFlow:
        with self._read() as (conn, users):
            self._screening(conn, users, screening_id)
            return SessionRepository(conn, users).load_flow(screening_id)

    def record_safety_check(
        self, screening_id: int, *, safe_to_talk: bool, in_crisis: bool, in_control: bool
    ) -> ScreeningFlow:
        def step(flow: ScreeningFlow, sessions: SessionRepository) -> None:
            flow.record_safety_check(
                safe_to_talk=safe_to_talk, in_crisis=in_crisis, in_control=in_control
            )
            for item_id, value in (
                ("safety.safe-to-talk", safe_to_talk),
                ("safety.in-crisis", in_crisis),
                ("safety.in-control", in_control),
            ):
                sessions.set_response(
                    screening_id,
                    SAFETY_CHECK_ID,
                    item_id,
                    "yes" if value else "no",
                    self.current_user.id,
                )

        return self._flow_step(screening_id, step)

    def record_confidentiality_delivered(self, screening_id: int) -> ScreeningFlow:
        return self._flow_step(
            screening_id, lambda flow, _: flow.record_confidentiality_delivered(now_utc())
        )

    def record_interpreter(
        self, screening_id: int, language: str, kind: InterpreterType
    ) -> ScreeningFlow:
        return self._flow_step(
            screening_id, lambda flow, _: flow.record_interpreter(language, kind)
        )

    def record_notes_agreement(self, screening_id: int, agreed: bool) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.record_notes_agreement(agreed))

    def skip_item(self, screening_id: int, item_id: str) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.skip_item(item_id))

    def back_to_items(self, screening_id: int) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.back_to_items())

    def unskip_item(self, screening_id: int, item_id: str) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.unskip_item(item_id))

    def set_person_language(self, screening_id: int, code: str | None) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.set_person_language(code))

    def session(self, screening_id: int) -> SessionView:
        """One session in one read: the screening, its flow, responses and notes."""
        with self._read() as (conn, users):
            screening = self._screening(conn, users, screening_id)
            sessions = SessionRepository(conn, users)
            notes = [
                n
                for n in NoteRepository(conn, users).for_case(screening.case_id)
                if n.screening_id == screening_id
            ]
            return SessionView(
                screening,
                sessions.load_flow(screening_id),
                sessions.responses(screening_id),
                notes,
            )

    def finish_items(self, screening_id: int) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.finish_items())

    def to_next_steps(self, screening_id: int) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.to_next_steps())

    def pause_session(self, screening_id: int) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.pause())

    def resume_session(self, screening_id: int) -> ScreeningFlow:
        return self._flow_step(screening_id, lambda flow, _: flow.resume())

    def record_response(
        self, screening_id: int, instrument_id: str, item_id: str, value: str
    ) -> list[str]:
        """Answer a checklist (yes/no/not_asked), multi-select (selected/not_selected) or
        script (delivered) item within a session: immediate needs, security concerns,
        exploitation types, services needed."""
        instrument = self.instrument(instrument_id)
        allowed = RESPONSE_VALUES.get(instrument.kind)
        if allowed is None or value not in allowed:
            raise InvalidAnswer(
                f"{value!r} is not an answer for {instrument.title}; expected one of "
                f"{', '.join(sorted(allowed or ()))}."
            )
        if instrument.item(item_id) is None:
            raise InvalidAnswer(f"The item {item_id!r} is not part of {instrument.title}.")
        with self._write() as (conn, users):
            screening = self._screening(conn, users, screening_id)
            sessions = SessionRepository(conn, users)
            sessions.set_response(screening_id, instrument_id, item_id, value, self.current_user.id)
            item = instrument.item(item_id)
            prompts: list[str] = []
            if value in ("yes", "selected") and item is not None:
                for flag in item.flags:
                    sessions.add_task(
                        screening.case_id, screening_id, item_id, flag.value, self.current_user.id
                    )
                    prompts.append(SAFEGUARDING_PROMPTS[flag])
            CaseRepository(conn, users).touch(screening.case_id)
            self._audit(
                conn,
                AuditAction.RESPONSE_CHANGED,
                f"screening:{screening_id}",
                {"instrument": instrument_id, "item": item_id, "value": value},
            )
            return prompts

    def session_responses(self, screening_id: int) -> dict[tuple[str, str], str]:
        with self._read() as (conn, users):
            self._screening(conn, users, screening_id)
            return SessionRepository(conn, users).responses(screening_id)

    def close_safeguarding_task(self, reference: str, task_id: int) -> None:
        with self._write() as (conn, users):
            self._case(conn, users, reference)
            SessionRepository(conn, users).close_task(task_id)

    def _flow_step(
        self,
        screening_id: int,
        step: Callable[[ScreeningFlow, SessionRepository], object],
    ) -> ScreeningFlow:
        with self._write() as (conn, users):
            screening = self._screening(conn, users, screening_id)
            sessions = SessionRepository(conn, users)
            flow = sessions.load_flow(screening_id)
            step(flow, sessions)
            sessions.save_flow(screening_id, flow)
            CaseRepository(conn, users).touch(screening.case_id)
            return flow

    def screening_summary(self, screening_id: int) -> ScreeningSummary:
        with self._read() as (conn, users):
            screening = ScreeningRepository(conn, users).get(screening_id)
            if screening is None:
                raise NotFound("screening", str(screening_id))
            case = CaseRepository(conn, users).by_id(screening.case_id)
            assert case is not None
            sessions = SessionRepository(conn, users)
            flow = sessions.load_flow(screening_id)
            tasks = sessions.tasks(case.id, _prompt_texts())
        instrument = self.instrument(screening.instrument_id)
        groups = []
        for group in instrument.groups:
            buckets: dict[AnswerState, list[str]] = {s: [] for s in AnswerState}
            for item in group.items:
                answer = screening.answers.get(item.id)
                buckets[answer.state if answer else AnswerState.NOT_ASSESSED].append(item.id)
            groups.append(
                GroupSummary(
                    group.id,
                    group.title,
                    observed=buckets[AnswerState.OBSERVED],
                    disclosed=buckets[AnswerState.DISCLOSED],
                    not_present=buckets[AnswerState.NOT_PRESENT],
                    prefer_not_to_say=buckets[AnswerState.PREFER_NOT_TO_SAY],
                    not_assessed=buckets[AnswerState.NOT_ASSESSED],
                )
            )
        concern = any(g.observed or g.disclosed for g in groups)
        return ScreeningSummary(
            screening.id,
            case.reference,
            instrument.id,
            instrument.version,
            groups,
            instrument.caveat or "",
            list(instrument.next_steps),
            no_interview=[NO_INTERVIEW_TEXT[r] for r in flow.state.no_interview],
            safeguarding_prompts=sorted({t.prompt for t in tasks if t.done_at is None}),
            on_concern=instrument.on_concern if concern else None,
            skipped=list(flow.state.skipped_items),
        )


__all__ = ["ScreeningError", "ScreeningService"]
