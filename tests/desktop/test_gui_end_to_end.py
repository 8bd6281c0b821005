"""From an empty folder to saved answers, through lock and unlock, with real widgets and vault.

Every screening goes through the wizard: the core refuses answers before the safety check, the
script, the interpreter and the agreement to notes.
"""

from __future__ import annotations

from gui_helpers import (
    TIMEOUT,
    click,
    create_vault,
    lock,
    new_case,
    to_items,
    unlock,
    wait_idle,
    wait_step,
    widget_texts,
)
from PySide6.QtCore import Qt

from desktop.items_step import ItemsStep
from desktop.main_window import MainWindow
from screening_tools.domain import AnswerState
from screening_tools.flow import Step

SENTINEL_NAME = "Zorblatt Quinceworth"
SENTINEL_CONTACT = "07700 900 123"
NOTE = "Said the manager keeps everyone's documents in the office safe."


def test_record_lock_unlock_and_reopen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # (1) first run: create the vault
    create_vault(qtbot, window)

    # (2) new case, adult checklist through the wizard, answers, a note
    reference = new_case(qtbot, window, name=SENTINEL_NAME, contact=SENTINEL_CONTACT)
    page = to_items(qtbot, window)
    items = page.items.widgets()
    assert len(items) > 5
    assert all(item.state() == AnswerState.NOT_ASSESSED for item in items)
    chosen = {
        items[0].item.id: AnswerState.OBSERVED,
        items[1].item.id: AnswerState.NOT_PRESENT,
        items[4].item.id: AnswerState.OBSERVED,
    }
    for item_id, state in chosen.items():
        click(qtbot, page.items.widget(item_id).buttons[state])
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"), timeout=TIMEOUT)

    qtbot.keyClicks(page.notes.disclosure_editor, NOTE)
    click(qtbot, page.notes.save_disclosure_button)
    qtbot.waitUntil(lambda: NOTE in page.notes.notes_view.toPlainText(), timeout=TIMEOUT)
    assert page.notes.disclosure_editor.toPlainText() == ""
    wait_idle(qtbot, window)

    # The answers are in the vault itself, not only on screen.
    detail = window.service.open_case(reference)
    saved = {k: a.state for k, a in detail.screenings[0].answers.items()}
    assert saved == chosen
    assert [n.body for n in detail.notes] == [NOTE]
    assert detail.notes[0].screening_id == detail.screenings[0].id

    # (3) lock: the unlock page, and nothing from the case anywhere in the window
    lock(qtbot, window)
    assert window.unlock_page.isVisible()
    texts = "\n".join(widget_texts(window))
    for secret in (reference, SENTINEL_NAME, SENTINEL_CONTACT, NOTE, items[0].item.worker_text):
        assert secret not in texts
    assert not page.items.widgets()
    assert window.wizard.context is None
    assert window.case_list_page.model.rowCount() == 0
    assert not window.lock_action.isVisible()

    # (4) unlock, reopen the case (keyboard), open the session: it resumes with its answers
    unlock(qtbot, window)
    table = window.case_list_page.table
    qtbot.waitUntil(lambda: window.case_list_page.model.rowCount() == 1, timeout=TIMEOUT)
    assert window.case_list_page.model.reference_at(0) == reference
    table.setFocus()
    table.setCurrentIndex(window.case_list_page.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    case_page = window.case_page
    qtbot.waitUntil(
        lambda: case_page.reference == reference and case_page.screenings.count() == 1,
        timeout=TIMEOUT,
    )
    assert NOTE in case_page.notes.toPlainText()
    case_page.screenings.setCurrentRow(0)
    click(qtbot, case_page.open_button)
    resumed = wait_step(qtbot, window, Step.ITEMS)
    assert isinstance(resumed, ItemsStep)
    qtbot.waitUntil(lambda: bool(resumed.items.widgets()), timeout=TIMEOUT)
    reopened = {w.item.id: w.state() for w in resumed.items.widgets()}
    for item_id, state in reopened.items():
        assert state == chosen.get(item_id, AnswerState.NOT_ASSESSED), item_id
    assert NOTE in resumed.notes.notes_view.toPlainText()


def test_summary_counts_and_wording(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    page = to_items(qtbot, window)
    first, second, third = page.items.widgets()[:3]
    click(qtbot, first.buttons[AnswerState.OBSERVED])
    click(qtbot, second.buttons[AnswerState.DISCLOSED])
    click(qtbot, third.buttons[AnswerState.PREFER_NOT_TO_SAY])
    count = len(page.items.widgets())
    click(qtbot, page.finish_button)
    summary = wait_step(qtbot, window, Step.SUMMARY)
    qtbot.waitUntil(lambda: summary.table.rowCount() > 1, timeout=TIMEOUT)  # type: ignore[attr-defined]
    table = summary.table  # type: ignore[attr-defined]
    total_row = table.rowCount() - 1
    totals = [table.item(total_row, c).text() for c in range(1, 6)]  # type: ignore[union-attr]
    assert totals[:4] == ["1", "1", "0", "1"]
    assert int(totals[4]) == count - 3
    assert first.item.worker_text in summary.recorded.text()  # type: ignore[attr-defined]
    assert summary.caveat.isVisible()  # type: ignore[attr-defined]
    assert summary.next_steps.text()  # type: ignore[attr-defined]
    # The app reports indicators; it never states a determination about a person.
    texts = " ".join(widget_texts(summary)).lower()
    assert "is a victim" not in texts
    assert "victim of" not in texts
    reference = window.case_page.reference or ""
    answers = window.service.open_case(reference).screenings[0].answers
    states = [answers[w.item.id].state for w in (first, second, third)]
    assert states == [AnswerState.OBSERVED, AnswerState.DISCLOSED, AnswerState.PREFER_NOT_TO_SAY]


def test_keyboard_answer_and_guidance(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    page = to_items(qtbot, window)
    with_question = next(w for w in page.items.widgets() if w.item.person_text)
    radio = with_question.buttons[AnswerState.NOT_ASSESSED]
    window.activateWindow()
    radio.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: page.guidance.item_text.text() == with_question.item.worker_text)
    assert page.guidance.guidance.text() == with_question.item.guidance
    assert with_question.item.person_text in page.guidance.person_text.text()
    assert page.guidance.person_title.text() == "You might ask (open question)"
    assert page.guidance.review.text()
    qtbot.keyClick(radio, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: with_question.state() == AnswerState.OBSERVED, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved"), timeout=TIMEOUT)
    wait_idle(qtbot, window)
    screening = window.service.open_case(window.case_page.reference or "").screenings[0]
    assert screening.answers[with_question.item.id].state == AnswerState.OBSERVED
