"""The screening wizard, step by step, against a real vault: the order comes from the core."""

from __future__ import annotations

from gui_helpers import (
    TIMEOUT,
    answer_safety_check,
    choose,
    click,
    create_vault,
    new_case,
    start_screening,
    to_items,
    wait_idle,
    wait_step,
    widget_texts,
)
from PySide6.QtCore import Qt

from desktop.items_step import ItemsStep
from desktop.main_window import MainWindow
from desktop.person_card import PersonCard
from desktop.texts import NOT_TRANSLATED
from screening_tools.domain import AnswerState
from screening_tools.flow import REFUSED_INTERPRETERS, InterpreterType, Step
from screening_tools.i18n import Translator

SELF_HARM = "adult.psychological.self-harm"
DISCLOSURE = "Said they sleep at the work site and hand their wages to the supervisor."
OBSERVATION = "Arrived with a man who waited outside the whole time."


def _concern_words(texts: list[str]) -> str:
    return " ".join(texts).lower()


def test_adult_walk_from_safety_check_to_summary(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    safety = start_screening(qtbot, window, "adult-indicators", age="adult")
    # Nothing is assumed: Continue waits for all three explicit answers.
    assert not safety.continue_button.isEnabled()  # type: ignore[attr-defined]
    assert window.wizard.step_indicator.text().startswith("Step 1 of 7")
    answer_safety_check(qtbot, window)

    script = wait_step(qtbot, window, Step.CONFIDENTIALITY)
    assert window.wizard.step_indicator.text().startswith("Step 2 of 7")
    assert "What you tell me stays private" in " ".join(widget_texts(script))
    # The child-only part of the script is not read to an adult.
    assert "Because you are under 18" not in " ".join(widget_texts(script))
    click(qtbot, script.delivered_button)  # type: ignore[attr-defined]

    interpreter = wait_step(qtbot, window, Step.INTERPRETER)
    qtbot.keyClicks(interpreter.language, "Romanian")  # type: ignore[attr-defined]
    click(qtbot, interpreter.choices[InterpreterType.PROFESSIONAL_VIDEO])  # type: ignore[attr-defined]
    click(qtbot, interpreter.continue_button)  # type: ignore[attr-defined]

    notes_step = wait_step(qtbot, window, Step.NOTES_AGREEMENT)
    assert not notes_step.continue_button.isEnabled()  # type: ignore[attr-defined]
    click(qtbot, notes_step.choice.buttons["yes"])  # type: ignore[attr-defined]
    click(qtbot, notes_step.continue_button)  # type: ignore[attr-defined]

    items = wait_step(qtbot, window, Step.ITEMS)
    assert isinstance(items, ItemsStep)
    qtbot.waitUntil(lambda: bool(items.items.widgets()), timeout=TIMEOUT)
    widgets = items.items.widgets()
    assert all(w.state() == AnswerState.NOT_ASSESSED for w in widgets)
    assert not items.prompts.isVisible()

    # Answers: two concerns, one not present; the self-harm item raises the prompt at once.
    click(qtbot, widgets[0].buttons[AnswerState.OBSERVED])
    click(qtbot, widgets[1].buttons[AnswerState.NOT_PRESENT])
    self_harm = items.items.widget(SELF_HARM)
    items.select_item(SELF_HARM)
    click(qtbot, self_harm.buttons[AnswerState.DISCLOSED])
    qtbot.waitUntil(items.prompts.isVisible, timeout=TIMEOUT)
    assert any("This must be passed on" in p for p in items.prompts.prompts())
    assert "self-harm" in " ".join(items.prompts.prompts())

    # Skip an item: recorded in the session, shown on the item.
    skipped = widgets[2]
    click(qtbot, skipped.skip_button)  # type: ignore[arg-type]
    qtbot.waitUntil(skipped.is_skipped, timeout=TIMEOUT)

    # A disclosure note: allowed, because the script was delivered and the person agreed.
    assert items.notes.disclosure_editor.isEnabled()
    assert not items.notes.disclosure_closed.isVisible()
    qtbot.keyClicks(items.notes.disclosure_editor, DISCLOSURE)
    click(qtbot, items.notes.save_disclosure_button)
    qtbot.waitUntil(lambda: DISCLOSURE in items.notes.notes_view.toPlainText(), timeout=TIMEOUT)
    wait_idle(qtbot, window)

    detail = window.service.open_case(reference)
    screening = detail.screenings[0]
    assert screening.answers[SELF_HARM].state == AnswerState.DISCLOSED
    assert [n.kind for n in detail.notes] == ["disclosure"]
    assert [t.item_id for t in detail.safeguarding_tasks] == [SELF_HARM]
    assert detail.referral_target is not None  # the first concern started the clock

    click(qtbot, items.finish_button)
    summary = wait_step(qtbot, window, Step.SUMMARY)
    qtbot.waitUntil(lambda: summary.table.rowCount() > 1, timeout=TIMEOUT)  # type: ignore[attr-defined]
    table = summary.table  # type: ignore[attr-defined]
    groups = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Physical signs" in groups and "Psychological signs" in groups
    total_row = table.rowCount() - 1
    totals = [table.item(total_row, c).text() for c in range(1, 6)]
    assert totals[:4] == ["1", "1", "1", "0"]
    assert widgets[0].item.worker_text in summary.recorded.text()  # type: ignore[attr-defined]
    assert summary.caveat.isVisible()  # type: ignore[attr-defined]
    assert summary.skipped.isVisible()  # type: ignore[attr-defined]
    assert skipped.item.worker_text in summary.skipped.text()  # type: ignore[attr-defined]
    assert summary.prompts.isVisible()  # type: ignore[attr-defined]
    words = _concern_words(widget_texts(summary))
    assert "is a victim" not in words and "victim of" not in words

    click(qtbot, summary.continue_button)  # type: ignore[attr-defined]
    next_steps = wait_step(qtbot, window, Step.NEXT_STEPS)
    needs = next_steps.lists["immediate-needs"]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(needs.rows), timeout=TIMEOUT)
    click(qtbot, needs.rows["needs.urgent-health"].buttons["yes"])
    services = next_steps.lists["services-needed"]  # type: ignore[attr-defined]
    services.ticks["service.medical"].box.click()
    types = next_steps.lists["exploitation-types"]  # type: ignore[attr-defined]
    types.ticks["exploitation.labour"].box.click()
    security = next_steps.lists["security-concerns"]  # type: ignore[attr-defined]
    click(qtbot, security.rows["security.transport"].buttons["no"])
    wait_idle(qtbot, window)
    responses = window.service.session_responses(screening.id)
    assert responses[("immediate-needs", "needs.urgent-health")] == "yes"
    assert responses[("services-needed", "service.medical")] == "selected"
    assert responses[("exploitation-types", "exploitation.labour")] == "selected"
    assert responses[("security-concerns", "security.transport")] == "no"

    click(qtbot, next_steps.done_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.current_page() is window.case_page, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    case_page = window.case_page
    assert "Next steps" in case_page.screenings.item(0).text()
    # The safeguarding task and the target are on the case; neither blocks anything.
    assert "self-harm" in " ".join(case_page.safeguarding.open_task_labels())
    assert "48 hours" in case_page.safeguarding.target.text()
    assert case_page.safeguarding.due.isVisible()
    assert case_page.start_button.isEnabled()
    (task_id,) = case_page.safeguarding.buttons
    click(qtbot, case_page.safeguarding.buttons[task_id])
    qtbot.waitUntil(lambda: not case_page.safeguarding.buttons, timeout=TIMEOUT)
    assert case_page.safeguarding.done.isVisible()
    assert window.service.open_case(reference).safeguarding_tasks[0].done_at is not None


def test_child_route_offers_the_child_instrument(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    page = window.case_page
    choose(page.age, "child")
    wait_idle(qtbot, window)
    assert "Child route" in page.route.text()
    choose(page.instrument, "adult-indicators")
    qtbot.waitUntil(page.fit_warning.isVisible, timeout=TIMEOUT)
    assert page.fit_text is not None and "written for adults" in page.fit_text.text()
    assert page.use_suggested_button.isVisible()
    click(qtbot, page.use_suggested_button)
    assert page.chosen_instrument() == "child-indicators"
    wait_idle(qtbot, window)
    assert not page.fit_warning.isVisible()
    click(qtbot, page.start_button)
    wait_step(qtbot, window, Step.SAFETY_CHECK)
    assert window.service.open_case(reference).screenings[0].instrument_id == "child-indicators"
    assert "child route" in window.wizard.meta.text()
    assert "needs practitioner review" in window.wizard.review.text().lower()

    answer_safety_check(qtbot, window)
    script = wait_step(qtbot, window, Step.CONFIDENTIALITY)
    # On the child route the child's part of the script is read too.
    assert "Because you are under 18" in " ".join(widget_texts(script))
    click(qtbot, script.delivered_button)  # type: ignore[attr-defined]
    interpreter = wait_step(qtbot, window, Step.INTERPRETER)
    click(qtbot, interpreter.choices[InterpreterType.NOT_NEEDED])  # type: ignore[attr-defined]
    click(qtbot, interpreter.continue_button)  # type: ignore[attr-defined]
    notes_step = wait_step(qtbot, window, Step.NOTES_AGREEMENT)
    click(qtbot, notes_step.choice.buttons["yes"])  # type: ignore[attr-defined]
    click(qtbot, notes_step.continue_button)  # type: ignore[attr-defined]
    items = wait_step(qtbot, window, Step.ITEMS)
    assert isinstance(items, ItemsStep)
    qtbot.waitUntil(lambda: bool(items.items.widgets()), timeout=TIMEOUT)
    assert items.heading.text() == "Child indicators"
    first = items.items.widgets()[0]
    assert "needs practitioner review" in items.guidance.review.text().lower()
    click(qtbot, first.buttons[AnswerState.OBSERVED])
    qtbot.waitUntil(items.prompts.isVisible, timeout=TIMEOUT)  # a child-protection flag
    click(qtbot, items.finish_button)
    summary = wait_step(qtbot, window, Step.SUMMARY)
    qtbot.waitUntil(lambda: summary.table.rowCount() > 1, timeout=TIMEOUT)  # type: ignore[attr-defined]
    assert "child" in " ".join(widget_texts(summary)).lower()


def test_unknown_age_never_starts_adult_unwarned(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    page = window.case_page
    # A new case's age is unknown: the child route. Start straight away, without looking.
    assert page.age.currentData() == "unknown"
    click(qtbot, page.start_button)
    qtbot.waitUntil(page.fit_warning.isVisible, timeout=TIMEOUT)
    assert window.current_page() is page
    assert window.service.open_case(reference).screenings == []
    # Seen: the worker may still go ahead (a warning, never a block).
    click(qtbot, page.start_button)
    wait_step(qtbot, window, Step.SAFETY_CHECK)
    assert window.service.open_case(reference).screenings[0].instrument_id == "adult-indicators"


def test_unsafe_safety_check_goes_to_immediate_needs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    start_screening(qtbot, window, "adult-indicators", age="adult")
    answer_safety_check(qtbot, window, safe=False, crisis=True)
    step = wait_step(qtbot, window, Step.IMMEDIATE_NEEDS)
    assert window.wizard.step_indicator.text().startswith("No interview this time")
    reasons = step.reasons.text()  # type: ignore[attr-defined]
    assert "not safe to talk" in reasons and "crisis" in reasons
    # No questions: no five-answer items, no disclosure notes.
    observations = step.observations  # type: ignore[attr-defined]
    assert not observations.isVisible()
    for widget in observations.widgets():
        assert AnswerState.DISCLOSED not in widget.buttons
        assert AnswerState.PREFER_NOT_TO_SAY not in widget.buttons
    assert not step.notes.disclosure_editor.isEnabled()  # type: ignore[attr-defined]
    assert step.notes.disclosure_closed.isVisible()  # type: ignore[attr-defined]
    assert "No interview" in step.notes.disclosure_closed.text()  # type: ignore[attr-defined]

    # Immediate needs and what was observed can still be recorded.
    needs = step.needs  # type: ignore[attr-defined]
    click(qtbot, needs.rows["needs.place-of-safety"].buttons["yes"])
    click(qtbot, step.observations_toggle)  # type: ignore[attr-defined]
    assert observations.isVisible()
    first = observations.widgets()[0]
    click(qtbot, first.buttons[AnswerState.OBSERVED])
    qtbot.keyClicks(step.notes.observation_editor, OBSERVATION)  # type: ignore[attr-defined]
    click(qtbot, step.notes.save_observation_button)  # type: ignore[attr-defined]
    wait_idle(qtbot, window)
    detail = window.service.open_case(reference)
    sid = detail.screenings[0].id
    assert detail.screenings[0].answers[first.item.id].state == AnswerState.OBSERVED
    responses = window.service.session_responses(sid)
    assert responses[("immediate-needs", "needs.place-of-safety")] == "yes"
    assert [n.kind for n in detail.notes] == ["observation"]

    click(qtbot, step.continue_button)  # type: ignore[attr-defined]
    wait_step(qtbot, window, Step.NEXT_STEPS)
    assert window.wizard.step(Step.ITEMS).context is None  # the questions were never shown


def test_interpreter_refusal_shows_the_reason(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    start_screening(qtbot, window)
    answer_safety_check(qtbot, window)
    script = wait_step(qtbot, window, Step.CONFIDENTIALITY)
    click(qtbot, script.delivered_button)  # type: ignore[attr-defined]
    step = wait_step(qtbot, window, Step.INTERPRETER)
    qtbot.keyClicks(step.language, "Vietnamese")  # type: ignore[attr-defined]
    for kind in (InterpreterType.FAMILY_MEMBER, InterpreterType.COMPANION):
        click(qtbot, step.choices[kind])  # type: ignore[attr-defined]
        assert not step.refusal.isVisible()  # type: ignore[attr-defined]
        click(qtbot, step.continue_button)  # type: ignore[attr-defined]
        qtbot.waitUntil(step.refusal.isVisible, timeout=TIMEOUT)  # type: ignore[attr-defined]
        assert step.refusal.text() == REFUSED_INTERPRETERS[kind]  # type: ignore[attr-defined]
        wait_idle(qtbot, window)
        assert window.wizard.current_step() is step
        assert window.wizard.context is not None
        sid = window.wizard.context.screening_id
        assert window.service.session_flow(sid).step is Step.INTERPRETER
    assert not window.messages.isVisible()  # shown beside the choice, not as an error
    click(qtbot, step.choices[InterpreterType.PROFESSIONAL_IN_PERSON])  # type: ignore[attr-defined]
    assert not step.refusal.isVisible()  # type: ignore[attr-defined]
    click(qtbot, step.continue_button)  # type: ignore[attr-defined]
    wait_step(qtbot, window, Step.NOTES_AGREEMENT)
    flow = window.service.session_flow(sid)
    assert flow.state.interpreter_language == "Vietnamese"
    assert flow.state.interpreter is InterpreterType.PROFESSIONAL_IN_PERSON


def test_notes_refused_keeps_disclosure_notes_closed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    items = to_items(qtbot, window, agree_notes=False)
    notes = items.notes
    assert not notes.disclosure_editor.isEnabled()
    assert not notes.save_disclosure_button.isEnabled()
    assert notes.disclosure_closed.isVisible()
    assert "did not agree to notes" in notes.disclosure_closed.text()
    # Observations and minimal facts stay possible.
    assert notes.observation_editor.isEnabled()
    qtbot.keyClicks(notes.observation_editor, OBSERVATION)
    click(qtbot, notes.save_observation_button)
    qtbot.waitUntil(lambda: OBSERVATION in notes.notes_view.toPlainText(), timeout=TIMEOUT)
    assert [n.kind for n in window.service.open_case(reference).notes] == ["observation"]


def test_pause_and_resume_at_the_stored_step(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    items = to_items(qtbot, window)
    first = items.items.widgets()[0]
    click(qtbot, first.buttons[AnswerState.NOT_PRESENT])
    click(qtbot, window.wizard.pause_button)
    qtbot.waitUntil(lambda: window.current_page() is window.case_page, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.case_page.screenings.count() == 1, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    assert "paused" in window.case_page.screenings.item(0).text()
    assert "paused" in window.messages.text()
    sid = window.service.open_case(reference).screenings[0].id
    assert window.service.session_flow(sid).state.paused

    # A second session on the same case: the first one stays as it was.
    start_screening(qtbot, window, "preliminary-screen", age=None)
    click(qtbot, window.wizard.pause_button)
    qtbot.waitUntil(lambda: window.case_page.screenings.count() == 2, timeout=TIMEOUT)
    wait_idle(qtbot, window)

    case_page = window.case_page
    case_page.screenings.setCurrentRow(0)
    click(qtbot, case_page.open_button)
    resumed = wait_step(qtbot, window, Step.ITEMS)
    assert isinstance(resumed, ItemsStep)
    qtbot.waitUntil(lambda: bool(resumed.items.widgets()), timeout=TIMEOUT)
    assert resumed.items.widgets()[0].state() == AnswerState.NOT_PRESENT
    assert not window.service.session_flow(sid).state.paused
    assert len(window.service.open_case(reference).screenings) == 2


def test_bilingual_view_and_person_card(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    items = to_items(qtbot, window)
    with_question = next(w for w in items.items.widgets() if w.item.person_text)
    assert with_question.person_label is not None
    assert with_question.item.person_text in with_question.person_label.text()
    assert NOT_TRANSLATED not in with_question.person_label.text()
    choose(window.wizard.language, "ro")
    assert window.wizard.person_language == "ro"
    romanian = Translator("ro").instrument_text(
        "adult-indicators", with_question.item.id, "person_text", with_question.item.person_text
    )
    assert romanian != with_question.item.person_text
    assert romanian in with_question.person_label.text()
    assert NOT_TRANSLATED not in with_question.person_label.text()
    assert with_question.person_caption is not None
    assert "Romanian" in with_question.person_caption.text()
    # The worker's own wording stays in the worker's language beside it.
    assert with_question.item.worker_text in " ".join(widget_texts(with_question))

    assert with_question.show_button is not None
    click(qtbot, with_question.show_button)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is not None, timeout=TIMEOUT)
    card = window.findChild(PersonCard)
    assert card is not None
    qtbot.waitUntil(card.isVisible, timeout=TIMEOUT)
    assert card.isFullScreen()
    assert card.text() == romanian  # only the person's words, in their language
    assert card.note.text() == ""
    assert card.windowTitle() == "Frontline Screening"
    assert with_question.item.worker_text not in " ".join(widget_texts(card))
    qtbot.keyClick(card, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is None, timeout=TIMEOUT)


def test_safety_check_is_keyboard_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    step = start_screening(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=TIMEOUT)
    rows = step.rows  # type: ignore[attr-defined]
    first = rows["safety.safe-to-talk"].buttons["yes"]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert rows["safety.safe-to-talk"].value() == "yes"
    # Tab to the next question, choose with the keyboard.
    for key, wanted in (("safety.in-crisis", "no"), ("safety.in-control", "yes")):
        target = rows[key].buttons[wanted]
        for _ in range(6):
            if target.hasFocus():
                break
            focused = window.focusWidget()
            assert focused is not None
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
            if (
                window.focusWidget() is not target
                and window.focusWidget() in rows[key].buttons.values()
            ):
                qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)
        assert target.hasFocus(), key
        qtbot.keyClick(target, Qt.Key.Key_Space)
        assert rows[key].value() == wanted
    assert step.continue_button.isEnabled()  # type: ignore[attr-defined]
    step.continue_button.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(step.continue_button, Qt.Key.Key_Space)  # type: ignore[attr-defined]
    wait_step(qtbot, window, Step.CONFIDENTIALITY)
