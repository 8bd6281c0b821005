"""Table-driven tests for every rule of the screening flow, headless, through the service."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening_tools.domain import AnswerState
from screening_tools.errors import ScreeningError
from screening_tools.flow import (
    AgeStatus,
    FlowError,
    InterpreterRefused,
    InterpreterType,
    NoInterviewReason,
    Route,
    ScreeningFlow,
    Step,
    route_for_age,
)
from screening_tools.service import ScreeningService
from tests.conftest import STRONG

ADULT = "adult-indicators"
SELF_HARM = "adult.psychological.self-harm"
PREGNANCY = "adult.sexual-health.unwanted-pregnancy"
FEAR = "adult.psychological.fear-anxiety"


@pytest.fixture
def svc(vault_dir: Path) -> ScreeningService:
    service = ScreeningService(vault_dir)
    service.create_vault(STRONG)
    return service


def _session(svc: ScreeningService, *, agree_notes: bool = True) -> tuple[str, int]:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    svc.record_safety_check(sid, safe_to_talk=True, in_crisis=False, in_control=True)
    svc.record_confidentiality_delivered(sid)
    svc.record_interpreter(sid, "Romanian", InterpreterType.PROFESSIONAL_PHONE)
    svc.record_notes_agreement(sid, agree_notes)
    return reference, sid


# -- safety gate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("safe", "crisis", "control", "expected_step", "reasons"),
    [
        (True, False, True, Step.CONFIDENTIALITY, []),
        (False, False, True, Step.IMMEDIATE_NEEDS, [NoInterviewReason.NOT_SAFE_HERE]),
        (True, True, True, Step.IMMEDIATE_NEEDS, [NoInterviewReason.IN_CRISIS]),
        (True, False, False, Step.IMMEDIATE_NEEDS, [NoInterviewReason.NOT_IN_CONTROL]),
        (
            False,
            True,
            False,
            Step.IMMEDIATE_NEEDS,
            [
                NoInterviewReason.NOT_SAFE_HERE,
                NoInterviewReason.IN_CRISIS,
                NoInterviewReason.NOT_IN_CONTROL,
            ],
        ),
    ],
)
def test_safety_gate(
    svc: ScreeningService,
    safe: bool,
    crisis: bool,
    control: bool,
    expected_step: Step,
    reasons: list[NoInterviewReason],
) -> None:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    flow = svc.record_safety_check(sid, safe_to_talk=safe, in_crisis=crisis, in_control=control)
    assert flow.step is expected_step
    assert flow.state.no_interview == reasons
    # The reasons are kept with the session, and the answers to the check too.
    assert svc.session_flow(sid).state.no_interview == reasons
    responses = svc.session_responses(sid)
    assert responses[("safety-check", "safety.safe-to-talk")] == ("yes" if safe else "no")
    if reasons:
        assert flow.questions_locked
        with pytest.raises(FlowError):
            svc.record_answer(sid, FEAR, AnswerState.DISCLOSED)
        with pytest.raises(FlowError):
            svc.record_confidentiality_delivered(sid)
        # What the worker can see may still be recorded.
        svc.record_answer(sid, FEAR, AnswerState.OBSERVED)
        # Immediate needs and support remain available.
        assert svc.to_next_steps(sid).step is Step.NEXT_STEPS


def test_no_questions_before_safety_check(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    for state in AnswerState:
        with pytest.raises(FlowError):
            svc.record_answer(sid, FEAR, state)


def test_steps_cannot_be_skipped(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    with pytest.raises(FlowError, match="safety check"):
        svc.record_interpreter(sid, "Arabic", InterpreterType.PROFESSIONAL_IN_PERSON)
    svc.record_safety_check(sid, safe_to_talk=True, in_crisis=False, in_control=True)
    with pytest.raises(FlowError):
        svc.record_notes_agreement(sid, True)


# -- interpreter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "refused"),
    [
        (InterpreterType.NOT_NEEDED, False),
        (InterpreterType.PROFESSIONAL_IN_PERSON, False),
        (InterpreterType.PROFESSIONAL_PHONE, False),
        (InterpreterType.PROFESSIONAL_VIDEO, False),
        (InterpreterType.FAMILY_MEMBER, True),
        (InterpreterType.FRIEND, True),
        (InterpreterType.COMPANION, True),
        (InterpreterType.UNKNOWN_PERSON, True),
    ],
)
def test_interpreter_rule(svc: ScreeningService, kind: InterpreterType, refused: bool) -> None:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    svc.record_safety_check(sid, safe_to_talk=True, in_crisis=False, in_control=True)
    svc.record_confidentiality_delivered(sid)
    if refused:
        with pytest.raises(InterpreterRefused) as err:
            svc.record_interpreter(sid, "Vietnamese", kind)
        assert "independent professional interpreter" in str(err.value)
        assert svc.session_flow(sid).step is Step.INTERPRETER  # nothing recorded, still there
    else:
        flow = svc.record_interpreter(sid, "Vietnamese", kind)
        assert flow.state.interpreter is kind
        assert flow.state.interpreter_language == "Vietnamese"
        assert flow.step is Step.NOTES_AGREEMENT


# -- notes gate ----------------------------------------------------------------------------


@pytest.mark.parametrize("agreed", [True, False])
def test_disclosure_notes_need_script_and_agreement(svc: ScreeningService, agreed: bool) -> None:
    reference, sid = _session(svc, agree_notes=agreed)
    if agreed:
        note = svc.add_note(
            reference, "Said the employer keeps their passport.", sid, disclosure=True
        )
        assert note.kind == "disclosure"
    else:
        with pytest.raises(FlowError, match="agreed to notes"):
            svc.add_note(reference, "Said something.", sid, disclosure=True)
    # Observations and minimal facts can always be kept.
    assert svc.add_note(reference, "Arrived with a companion.", sid).kind == "observation"


def test_disclosure_note_before_script_is_refused(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    svc.record_safety_check(sid, safe_to_talk=True, in_crisis=False, in_control=True)
    with pytest.raises(FlowError):
        svc.add_note(reference, "x", sid, disclosure=True)


# -- skipping, pausing, accumulation -------------------------------------------------------


def test_skip_pause_resume_partial(svc: ScreeningService) -> None:
    reference, sid = _session(svc)
    svc.record_answer(sid, FEAR, AnswerState.OBSERVED)
    svc.skip_item(sid, "adult.physical.injuries-assault")
    svc.pause_session(sid)
    svc.lock()
    svc.unlock(STRONG)
    flow = svc.resume_session(sid)
    assert flow.step is Step.ITEMS and not flow.state.paused
    assert flow.state.skipped_items == ["adult.physical.injuries-assault"]
    screening = svc.open_case(reference).screenings[0]
    assert screening.answers[FEAR].state is AnswerState.OBSERVED  # partial screening kept
    assert svc.finish_items(sid).step is Step.SUMMARY


def test_sessions_accumulate_and_a_negative_one_never_clears(svc: ScreeningService) -> None:
    reference, first = _session(svc)
    svc.record_answer(first, FEAR, AnswerState.DISCLOSED)
    second = svc.start_screening(reference, ADULT).id
    svc.record_safety_check(second, safe_to_talk=True, in_crisis=False, in_control=True)
    svc.record_confidentiality_delivered(second)
    svc.record_interpreter(second, "", InterpreterType.NOT_NEEDED)
    svc.record_notes_agreement(second, True)
    svc.record_answer(second, FEAR, AnswerState.NOT_PRESENT)
    detail = svc.open_case(reference)
    assert len(detail.screenings) == 2
    assert detail.screenings[0].answers[FEAR].state is AnswerState.DISCLOSED
    assert detail.referral_target is not None  # the clock started and stays started
    assert svc.list_cases()[0].concern_count == 1


# -- age routing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "age", "route"),
    [
        (AgeStatus.ADULT, None, Route.ADULT),
        (AgeStatus.ADULT, 18, Route.ADULT),
        (AgeStatus.ADULT, 17, Route.CHILD),
        (AgeStatus.CHILD, None, Route.CHILD),
        (AgeStatus.UNKNOWN, None, Route.CHILD),
        (AgeStatus.DISPUTED, 19, Route.CHILD),
    ],
)
def test_route_for_age(status: AgeStatus, age: int | None, route: Route) -> None:
    assert route_for_age(status, age) is route


@pytest.mark.parametrize(
    ("status", "warns"),
    [
        (AgeStatus.ADULT, False),
        (AgeStatus.CHILD, True),
        (AgeStatus.UNKNOWN, True),
        (AgeStatus.DISPUTED, True),
    ],
)
def test_adult_instrument_for_a_child_warns(
    svc: ScreeningService, status: AgeStatus, warns: bool
) -> None:
    reference = svc.new_case().reference
    svc.set_age_status(reference, status)
    fit = svc.instrument_fit(reference, ADULT)
    assert (fit.warning is not None) is warns
    if warns:
        assert fit.suggested_instrument_id == "child-indicators"
        assert "child" in (fit.warning or "")
    assert svc.open_case(reference).age_status == status.value


# -- safeguarding prompts and target clock -------------------------------------------------


@pytest.mark.parametrize(
    ("item", "state", "flags"),
    [
        (SELF_HARM, AnswerState.DISCLOSED, {"self_harm"}),
        (SELF_HARM, AnswerState.OBSERVED, {"self_harm"}),
        (SELF_HARM, AnswerState.NOT_PRESENT, set()),
        (SELF_HARM, AnswerState.PREFER_NOT_TO_SAY, set()),
        (PREGNANCY, AnswerState.DISCLOSED, {"pregnancy", "child_protection"}),
        (FEAR, AnswerState.DISCLOSED, set()),
    ],
)
def test_safeguarding_prompts_create_tasks(
    svc: ScreeningService, item: str, state: AnswerState, flags: set[str]
) -> None:
    reference, sid = _session(svc)
    answer = svc.record_answer(sid, item, state)
    assert bool(answer.prompts) is bool(flags)
    assert all("must be passed on" in p for p in answer.prompts)
    tasks = svc.open_case(reference).safeguarding_tasks
    assert {t.flag for t in tasks} == flags
    # Recording it again does not duplicate the task.
    svc.record_answer(sid, item, state)
    assert len(svc.open_case(reference).safeguarding_tasks) == len(flags)


def test_first_concern_starts_the_target_clock(svc: ScreeningService) -> None:
    reference, sid = _session(svc)
    svc.record_answer(sid, FEAR, AnswerState.NOT_PRESENT)
    assert svc.open_case(reference).referral_target is None
    first = svc.record_answer(sid, FEAR, AnswerState.OBSERVED)
    target = svc.open_case(reference).referral_target
    assert target is not None
    assert target.started_at == first.recorded_at
    assert (target.due_at - target.started_at).total_seconds() == 48 * 3600
    assert target.label.startswith("Target:")
    svc.record_answer(sid, SELF_HARM, AnswerState.DISCLOSED)
    later = svc.open_case(reference).referral_target
    assert later is not None and later.started_at == first.recorded_at  # never restarted


def test_flow_state_round_trips_through_json() -> None:
    flow = ScreeningFlow()
    flow.record_safety_check(safe_to_talk=True, in_crisis=False, in_control=True)
    copy = ScreeningFlow.from_json(flow.to_json())
    assert copy.state == flow.state


def test_flow_errors_are_screening_errors() -> None:
    assert issubclass(FlowError, ScreeningError)


# -- summary ---------------------------------------------------------------------------------


def test_summary_reports_every_state_and_never_determines(svc: ScreeningService) -> None:
    _, sid = _session(svc)
    svc.record_answer(sid, FEAR, AnswerState.OBSERVED)
    svc.record_answer(sid, SELF_HARM, AnswerState.DISCLOSED)
    svc.record_answer(sid, "adult.physical.injuries-assault", AnswerState.NOT_PRESENT)
    svc.record_answer(sid, "adult.psychological.low-mood", AnswerState.PREFER_NOT_TO_SAY)
    summary = svc.screening_summary(sid)
    psych = next(g for g in summary.groups if g.group_id == "psychological")
    assert psych.observed == [FEAR] and psych.disclosed == [SELF_HARM]
    assert psych.prefer_not_to_say == ["adult.psychological.low-mood"]
    physical = next(g for g in summary.groups if g.group_id == "physical")
    assert physical.not_present == ["adult.physical.injuries-assault"]
    assert len(physical.not_assessed) == 6  # "not asked" is never folded into "not present"
    assert summary.safeguarding_prompts and summary.caveat and summary.next_steps
    text = " ".join([summary.caveat, *summary.next_steps, *summary.safeguarding_prompts]).lower()
    assert "is a victim" not in text and "confirmed victim" not in text


def test_summary_says_why_no_interview_took_place(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    sid = svc.start_screening(reference, ADULT).id
    svc.record_safety_check(sid, safe_to_talk=False, in_crisis=True, in_control=True)
    summary = svc.screening_summary(sid)
    assert len(summary.no_interview) == 2
    assert "not safe" in summary.no_interview[0]


def test_preliminary_screen_prompts_fuller_screening(svc: ScreeningService) -> None:
    reference = svc.new_case().reference
    svc.set_age_status(reference, AgeStatus.ADULT)
    sid = svc.start_screening(reference, "preliminary-screen").id
    svc.record_safety_check(sid, safe_to_talk=True, in_crisis=False, in_control=True)
    svc.record_confidentiality_delivered(sid)
    svc.record_interpreter(sid, "", InterpreterType.NOT_NEEDED)
    svc.record_notes_agreement(sid, False)
    item = svc.instrument("preliminary-screen").items()[0].id
    assert svc.screening_summary(sid).on_concern is None
    svc.record_answer(sid, item, AnswerState.DISCLOSED)
    prompt = svc.screening_summary(sid).on_concern
    assert prompt is not None and "fuller screening" in prompt


def test_back_to_items_unskip_language_and_session_view(svc: ScreeningService) -> None:
    reference, sid = _session(svc)
    svc.skip_item(sid, FEAR)
    svc.set_person_language(sid, "ro")
    svc.record_answer(sid, FEAR, AnswerState.OBSERVED)  # answering un-skips
    assert svc.session_flow(sid).state.skipped_items == []
    svc.finish_items(sid)
    assert svc.back_to_items(sid).step is Step.ITEMS
    svc.add_note(reference, "seen", sid)
    view = svc.session(sid)
    assert view.flow.state.person_language == "ro"
    assert view.screening.answers[FEAR].state is AnswerState.OBSERVED
    assert [n.body for n in view.notes] == ["seen"]


def test_record_response_returns_prompts_for_flagged_items(svc: ScreeningService) -> None:
    _, sid = _session(svc)
    flagged = [
        (ins.id, item.id)
        for ins in svc.instruments()
        if ins.kind.value in ("checklist", "multi_select")
        for item in ins.items()
        if item.flags
    ]
    assert flagged, "immediate needs and security concerns carry safeguarding flags"
    instrument_id, item_id = flagged[0]
    kind = svc.instrument(instrument_id).kind.value
    prompts = svc.record_response(
        sid, instrument_id, item_id, "yes" if kind == "checklist" else "selected"
    )
    assert prompts and all("must be passed on" in p for p in prompts)
