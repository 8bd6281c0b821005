"""Every interactive widget has an accessible name; the app works from the keyboard; text size
follows the zoom; the high-contrast theme applies and keeps text readable."""

from __future__ import annotations

from gui_helpers import (
    TIMEOUT,
    answer_safety_check,
    click,
    create_vault,
    interactive_without_name,
    new_case,
    open_dialog,
    start_screening,
    to_items,
    wait_idle,
    wait_step,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.items_step import ItemsStep
from desktop.main_window import MainWindow
from desktop.person_card import PersonCard
from desktop.reference_page import REFERENCES
from desktop.style import HIGH_CONTRAST, STANDARD, contrast_ratio
from screening_tools.domain import AnswerState
from screening_tools.flow import Step

SELF_HARM = "adult.psychological.self-harm"


def _named(root: QWidget, where: str) -> None:
    assert interactive_without_name(root) == [], where


def test_every_page_and_step_names_its_controls(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # Walk through the app so every page and every wizard step is filled with real content.
    create_vault(qtbot, window)
    qtbot.mouseClick(window.case_list_page.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(window)
    _named(dialog, "new case dialog")
    dialog.reject()
    new_case(qtbot, window, name="A name")
    _named(window, "case page")
    # The fit warning (age unknown, adult checklist) with its button.
    click(qtbot, window.case_page.start_button)
    qtbot.waitUntil(window.case_page.fit_warning.isVisible, timeout=TIMEOUT)
    _named(window, "case page with the checklist warning")

    items = to_items(qtbot, window)
    for step in (Step.SAFETY_CHECK, Step.CONFIDENTIALITY, Step.INTERPRETER, Step.NOTES_AGREEMENT):
        assert window.wizard.step(step).context is not None, step  # each was really shown
    _named(window, "questions")
    click(qtbot, items.items.widget(SELF_HARM).buttons[AnswerState.OBSERVED])
    qtbot.waitUntil(items.prompts.isVisible, timeout=TIMEOUT)
    _named(window, "questions with a must-be-passed-on prompt")
    with_question = next(w for w in items.items.widgets() if w.show_button is not None)
    assert with_question.show_button is not None
    click(qtbot, with_question.show_button)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is not None, timeout=TIMEOUT)
    card = window.findChild(PersonCard)
    assert card is not None
    _named(card, "person card")
    card.reject()
    click(qtbot, items.finish_button)
    summary = wait_step(qtbot, window, Step.SUMMARY)
    qtbot.waitUntil(lambda: summary.table.rowCount() > 0, timeout=TIMEOUT)  # type: ignore[attr-defined]
    _named(window, "summary")
    click(qtbot, summary.continue_button)  # type: ignore[attr-defined]
    next_steps = wait_step(qtbot, window, Step.NEXT_STEPS)
    qtbot.waitUntil(lambda: bool(next_steps.lists["services-needed"].ticks), timeout=TIMEOUT)  # type: ignore[attr-defined]
    _named(window, "next steps")
    click(qtbot, next_steps.done_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(window.case_page.safeguarding.buttons), timeout=TIMEOUT)
    _named(window, "case page with a safeguarding task")

    # The no-interview path, with the observation list open.
    start_screening(qtbot, window, age=None)
    answer_safety_check(qtbot, window, safe=False)
    needs = wait_step(qtbot, window, Step.IMMEDIATE_NEEDS)
    click(qtbot, needs.observations_toggle)  # type: ignore[attr-defined]
    _named(window, "immediate needs")

    for instrument_id, _title in REFERENCES:
        window.reference_actions[instrument_id].trigger()
        qtbot.waitUntil(
            lambda i=instrument_id: window.reference_page.instrument_id == i, timeout=TIMEOUT
        )
        _named(window, instrument_id)
    click(qtbot, window.reference_page.back_button)
    assert window.current_page() is window.wizard  # back where the worker was

    assert len(window.pages) == 8
    for page in window.pages:
        _named(page, type(page).__name__)
    _named(window, "whole window")


def test_lock_shortcut_is_ctrl_l(window: MainWindow) -> None:
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.lock_action.text() == "Lock"


def test_enter_submits_unlock_and_create(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.create_page
    qtbot.keyClicks(page.passphrase.first, "amber river quietly folds maps")
    qtbot.keyClick(page.passphrase.first, Qt.Key.Key_Return)  # moves to the repeat field
    qtbot.keyClicks(page.passphrase.second, "amber river quietly folds maps")
    qtbot.keyClick(page.passphrase.second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page() is window.recovery_key_page, timeout=TIMEOUT)


def test_zoom_keys_change_the_text_size(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    items = to_items(qtbot, window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font().pointSizeF()
    label = items.items.widgets()[0].findChild(QLabel)
    assert label is not None
    label_size = label.font().pointSizeF()
    box = items.notes.observation_editor
    box_height = box.height()
    heading = items.heading.font().pointSizeF()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    target = QApplication.focusWidget() or window

    qtbot.keyClick(target, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == 1.25
    assert app.font().pointSizeF() > base * 1.2
    qtbot.waitUntil(lambda: label.font().pointSizeF() > label_size * 1.2, timeout=TIMEOUT)
    assert items.heading.font().pointSizeF() > heading * 1.2
    qtbot.waitUntil(lambda: box.height() > box_height, timeout=TIMEOUT)  # still two lines

    qtbot.keyClick(target, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == 1.1
    qtbot.keyClick(target, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == 1.0
    assert abs(app.font().pointSizeF() - base) < 0.01
    qtbot.keyClick(target, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert app.font().pointSizeF() < base
    window.view.reset_zoom()


def test_high_contrast_applies_and_text_stays_readable(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    create_vault(qtbot, window)
    new_case(qtbot, window)
    before = app.palette().color(QPalette.ColorRole.Window).name()
    assert before == STANDARD.background
    window.contrast_action.trigger()
    try:
        assert window.view.high_contrast
        palette = app.palette()
        assert palette.color(QPalette.ColorRole.Window).name() == HIGH_CONTRAST.background
        assert palette.color(QPalette.ColorRole.Window).name() != before
        for text, background in (
            (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
            (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
            (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
            (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        ):
            assert contrast_ratio(palette.color(text), palette.color(background)) >= 7, text
        # What the page really shows: light text on a dark page, muted text included.
        page = window.case_page
        wait_idle(qtbot, window)
        for label in (page.title, page.meta, page.route):
            colour = label.palette().color(label.foregroundRole())
            assert contrast_ratio(colour, HIGH_CONTRAST.background) >= 7, label.text()
        image = window.grab().toImage()
        corner = image.pixelColor(image.width() - 4, image.height() // 2)
        assert corner.lightness() < 40  # the page itself turned dark
        # The theme's own text pairs, in both themes, are readable (WCAG AA or better).
        for theme, minimum in ((STANDARD, 4.5), (HIGH_CONTRAST, 7.0)):
            for fg, bg in (
                (theme.ink, theme.background),
                (theme.ink, theme.surface),
                (theme.muted, theme.background),
                (theme.muted, theme.surface),
                (theme.on_accent, theme.accent),
                (theme.warn_text, theme.warn_background),
                (theme.review, theme.surface),
                (theme.accent, theme.surface),
                (theme.selection_text, theme.selection),
            ):
                assert contrast_ratio(fg, bg) >= minimum, (theme.name, fg, bg)
    finally:
        window.contrast_action.trigger()
    assert app.palette().color(QPalette.ColorRole.Window).name() == STANDARD.background


def test_questions_can_be_answered_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    items = to_items(qtbot, window)
    assert isinstance(items, ItemsStep)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    first = items.items.widgets()[0]
    radio = first.buttons[AnswerState.NOT_ASSESSED]
    radio.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(radio, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: first.state() == AnswerState.OBSERVED, timeout=TIMEOUT)
    # Tab leaves the answers for the item's own buttons (Skip), then the next item.
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first.skip_button
    qtbot.keyClick(first.skip_button, Qt.Key.Key_Space)  # type: ignore[arg-type]
    qtbot.waitUntil(first.is_skipped, timeout=TIMEOUT)
    wait_idle(qtbot, window)
    context = window.wizard.context
    assert context is not None
    flow = window.service.session_flow(context.screening_id)
    assert first.item.id in flow.state.skipped_items
