"""Drive the app offscreen through every screen and save a PNG of each.

    python -m desktop.screenshots [OUT_DIR] [WIDTHxHEIGHT]   (default: ./screenshots 1200x800)

Uses a throw-away vault in a temporary folder and cheap key derivation; nothing real is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FRONTLINE_TEST_CHEAP_KDF", "1")

from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import create_application
from desktop.confidentiality_step import ConfidentialityStep
from desktop.immediate_needs_step import ImmediateNeedsStep
from desktop.interpreter_step import InterpreterStep
from desktop.items_step import ItemsStep
from desktop.main_window import MainWindow
from desktop.new_case_dialog import NewCaseDialog
from desktop.next_steps_step import NextStepsStep
from desktop.notes_agreement_step import NotesAgreementStep
from desktop.person_card import PersonCard
from desktop.reference_page import ACTION_MEANS_PURPOSE, TRAFFICKING_VS_SMUGGLING
from desktop.safety_check_step import SafetyCheckStep
from desktop.step_page import StepPage
from desktop.summary_step import SummaryStep
from screening_tools.domain import AnswerState
from screening_tools.flow import InterpreterType, Step
from screening_tools.service import ScreeningService

PASSPHRASE = "lantern orchard pebble violet"  # noqa: S105 (a demo vault, deleted afterwards)
SIZE = (1200, 800)


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def settle(window: MainWindow) -> None:
    wait_until(lambda: not window.ops.is_busy())
    for _ in range(5):
        QApplication.processEvents()


def save(widget: QWidget, out_dir: Path, name: str) -> Path:
    path = out_dir / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def capture(out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    create_application([])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        service = ScreeningService(Path(tmp) / "vault")
        window = MainWindow(service, idle_lock_minutes=0)
        window.resize(*size)
        window.show()
        settle(window)

        page = window.create_page
        page.user_name.setText("Outreach worker")
        page.passphrase.first.setText(PASSPHRASE)
        page.passphrase.second.setText(PASSPHRASE)
        settle(window)
        shots.append(save(window, out_dir, "01-create-vault"))
        page.create_button.click()
        wait_until(lambda: window.current_page() is window.recovery_key_page)
        settle(window)
        shots.append(save(window, out_dir, "02-recovery-key"))
        window.recovery_key_page.confirm.setChecked(True)
        window.recovery_key_page.continue_button.click()
        wait_until(lambda: window.current_page() is window.case_list_page)
        settle(window)

        window.case_list_page.new_case()
        dialog = window.findChild(NewCaseDialog)
        assert dialog is not None
        QApplication.processEvents()
        shots.append(save(dialog, out_dir, "03-new-case-dialog"))
        dialog.name.setText("Sample name")
        dialog.create_button.click()
        wait_until(lambda: window.case_page.reference is not None)
        settle(window)
        reference = window.case_page.reference
        assert reference is not None
        for _ in range(3):
            window.ops.run(service.new_case)
        window.show_cases()
        settle(window)
        window.case_list_page.table.setFocus()
        shots.append(save(window, out_dir, "04-case-list"))

        shots += _capture_session(window, reference, out_dir)
        shots += _capture_no_interview(window, reference, out_dir)

        window.show_case(reference)
        settle(window)
        window.case_page.note_editor.setPlainText("Met at the drop-in. Will be back next week.")
        window.case_page.save_note_button.click()
        settle(window)
        window.case_page.screenings.setCurrentRow(0)
        shots.append(save(window, out_dir, "05-case-with-task-and-target"))

        for instrument_id, name in (
            (ACTION_MEANS_PURPOSE, "18-reference-action-means-purpose"),
            (TRAFFICKING_VS_SMUGGLING, "19-reference-trafficking-vs-smuggling"),
        ):
            window.reference_actions[instrument_id].trigger()
            settle(window)
            shots.append(save(window, out_dir, name))
        window.reference_page.back_button.click()
        settle(window)

        window.contrast_action.trigger()
        settle(window)
        shots.append(save(window, out_dir, "20-high-contrast-case"))
        wizard = window.wizard
        _start(window, "adult-indicators")
        _through_to_items(window, agree=False)
        items = wizard.step(Step.ITEMS)
        assert isinstance(items, ItemsStep)
        items.items.widgets()[0].buttons[AnswerState.OBSERVED].click()
        items.select_item(items.items.widgets()[1].item.id)
        settle(window)
        shots.append(save(window, out_dir, "21-high-contrast-questions-notes-refused"))
        window.contrast_action.trigger()
        settle(window)
        window.view.zoom_in()
        window.view.zoom_in()
        window.view.zoom_in()
        settle(window)
        items = wizard.step(Step.ITEMS)
        assert isinstance(items, ItemsStep)
        items.select_item(items.items.widgets()[1].item.id)
        settle(window)
        shots.append(save(window, out_dir, "22-zoomed-questions"))
        window.view.reset_zoom()
        settle(window)

        window.lock()
        settle(window)
        window.unlock_page.passphrase.setText("not the passphrase")
        window.unlock_page.unlock_button.click()
        settle(window)
        shots.append(save(window, out_dir, "23-unlock-wrong-passphrase"))
        window.unlock_page.clear()
        shots.append(save(window, out_dir, "23-unlock"))
        window.unlock_page.forgot_button.click()
        settle(window)
        shots.append(save(window, out_dir, "24-recovery-unlock"))
        window.shutdown()
        window.deleteLater()
        QApplication.processEvents()
    return shots


def _start(window: MainWindow, instrument_id: str) -> StepPage | None:
    page = window.case_page
    page.choose_instrument(instrument_id)
    page.start_button.click()
    settle(window)
    if window.current_page() is not window.wizard:
        # The checklist warning was shown first; starting again goes ahead.
        page.start_button.click()
        settle(window)
    return window.wizard.current_step()


def _safety(window: MainWindow, *, safe: bool, crisis: bool, control: bool) -> None:
    step = window.wizard.step(Step.SAFETY_CHECK)
    assert isinstance(step, SafetyCheckStep)
    for key, value in (
        ("safety.safe-to-talk", safe),
        ("safety.in-crisis", crisis),
        ("safety.in-control", control),
    ):
        step.rows[key].buttons["yes" if value else "no"].click()
    step.continue_button.click()
    settle(window)


def _through_to_items(window: MainWindow, *, agree: bool) -> None:
    wizard = window.wizard
    _safety(window, safe=True, crisis=False, control=True)
    script = wizard.step(Step.CONFIDENTIALITY)
    assert isinstance(script, ConfidentialityStep)
    script.delivered_button.click()
    settle(window)
    interpreter = wizard.step(Step.INTERPRETER)
    assert isinstance(interpreter, InterpreterStep)
    interpreter.choices[InterpreterType.PROFESSIONAL_PHONE].click()
    interpreter.continue_button.click()
    settle(window)
    notes = wizard.step(Step.NOTES_AGREEMENT)
    assert isinstance(notes, NotesAgreementStep)
    notes.choice.buttons["yes" if agree else "no"].click()
    notes.continue_button.click()
    settle(window)


def _capture_session(window: MainWindow, reference: str, out_dir: Path) -> list[Path]:
    shots: list[Path] = []
    window.show_case(reference)
    settle(window)
    page = window.case_page
    page.age.setCurrentIndex(page.age.findData("adult"))
    page.age.activated.emit(page.age.currentIndex())
    settle(window)
    wizard = window.wizard
    _start(window, "adult-indicators")
    safety = wizard.step(Step.SAFETY_CHECK)
    assert isinstance(safety, SafetyCheckStep)
    safety.rows["safety.safe-to-talk"].buttons["yes"].click()
    safety.rows["safety.in-crisis"].buttons["no"].click()
    settle(window)
    shots.append(save(window, out_dir, "06-step-safety-check"))
    safety.rows["safety.in-control"].buttons["yes"].click()
    safety.continue_button.click()
    settle(window)

    script = wizard.step(Step.CONFIDENTIALITY)
    assert isinstance(script, ConfidentialityStep)
    shots.append(save(window, out_dir, "07-step-confidentiality"))
    script.show_button.click()
    settle(window)
    card = window.findChild(PersonCard)
    assert card is not None
    shots.append(save(card, out_dir, "08-person-card-script"))
    card.reject()
    settle(window)
    script.delivered_button.click()
    settle(window)

    interpreter = wizard.step(Step.INTERPRETER)
    assert isinstance(interpreter, InterpreterStep)
    interpreter.language.setText("Romanian")
    interpreter.choices[InterpreterType.COMPANION].click()
    interpreter.continue_button.click()
    settle(window)
    shots.append(save(window, out_dir, "09-step-interpreter-refused"))
    interpreter.choices[InterpreterType.PROFESSIONAL_PHONE].click()
    interpreter.continue_button.click()
    settle(window)

    notes = wizard.step(Step.NOTES_AGREEMENT)
    assert isinstance(notes, NotesAgreementStep)
    notes.choice.buttons["yes"].click()
    settle(window)
    shots.append(save(window, out_dir, "10-step-notes-agreement"))
    notes.continue_button.click()
    settle(window)

    items = wizard.step(Step.ITEMS)
    assert isinstance(items, ItemsStep)
    widgets = items.items.widgets()
    for widget, state in zip(
        widgets[:6],
        [
            AnswerState.OBSERVED,
            AnswerState.NOT_PRESENT,
            AnswerState.OBSERVED,
            AnswerState.PREFER_NOT_TO_SAY,
            AnswerState.NOT_PRESENT,
            AnswerState.DISCLOSED,
        ],
        strict=True,
    ):
        widget.buttons[state].click()
    settle(window)
    shots.append(save(window, out_dir, "11-step-questions"))
    self_harm = items.items.widget("adult.psychological.self-harm")
    self_harm.buttons[AnswerState.DISCLOSED].click()
    settle(window)
    wizard.language.setCurrentIndex(wizard.language.findData("ro"))
    items.select_item("adult.psychological.low-mood")
    items.notes.disclosure_editor.setPlainText("Said the employer keeps the passport.")
    items.notes.save_disclosure_button.click()
    settle(window)
    shots.append(save(window, out_dir, "12-step-questions-prompt-bilingual"))
    low_mood = items.items.widget("adult.psychological.low-mood")
    assert low_mood.show_button is not None
    low_mood.show_button.click()
    settle(window)
    card = window.findChild(PersonCard)
    assert card is not None
    shots.append(save(card, out_dir, "13-person-card-item"))
    card.reject()
    settle(window)
    items.finish_button.click()
    settle(window)
    shots.append(save(window, out_dir, "14-step-summary"))
    summary = wizard.step(Step.SUMMARY)
    assert isinstance(summary, SummaryStep)
    summary.continue_button.click()
    settle(window)
    next_steps = wizard.step(Step.NEXT_STEPS)
    assert isinstance(next_steps, NextStepsStep)
    next_steps.lists["immediate-needs"].rows["needs.urgent-health"].buttons["yes"].click()
    next_steps.lists["services-needed"].ticks["service.medical"].box.click()
    settle(window)
    shots.append(save(window, out_dir, "15-step-next-steps"))
    if next_steps.scroll_area is not None:
        services = next_steps.lists["services-needed"]
        next_steps.scroll_area.verticalScrollBar().setValue(services.y() - 20)
        settle(window)
        shots.append(save(window, out_dir, "15b-step-next-steps-services"))
    next_steps.done_button.click()
    settle(window)
    return shots


def _capture_no_interview(window: MainWindow, reference: str, out_dir: Path) -> list[Path]:
    shots: list[Path] = []
    window.show_case(reference)
    settle(window)
    page = window.case_page
    page.age.setCurrentIndex(page.age.findData("unknown"))
    page.age.activated.emit(page.age.currentIndex())
    page.choose_instrument("adult-indicators")
    page.instrument.activated.emit(page.instrument.currentIndex())
    settle(window)
    shots.append(save(window, out_dir, "16-case-checklist-warning"))
    page.use_suggested_button.click()
    settle(window)
    _start(window, "child-indicators")
    _safety(window, safe=False, crisis=True, control=True)
    step = window.wizard.step(Step.IMMEDIATE_NEEDS)
    assert isinstance(step, ImmediateNeedsStep)
    step.needs.rows["needs.place-of-safety"].buttons["yes"].click()
    settle(window)
    shots.append(save(window, out_dir, "17-step-immediate-needs"))
    window.wizard.pause()
    settle(window)
    return shots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path("screenshots")
    size = SIZE
    if len(args) > 1:
        width, height = args[1].lower().split("x")
        size = (int(width), int(height))
    capture(out_dir, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
