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
from desktop.main_window import MainWindow
from desktop.new_case_dialog import NewCaseDialog
from screening_tools.domain import AnswerState
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

        window.show_case(reference)
        settle(window)
        window.case_page.start_button.click()
        wait_until(lambda: window.checklist_page.screening_id is not None)
        settle(window)
        checklist = window.checklist_page
        items = list(checklist._items.values())
        for widget, state in zip(
            items[:6],
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
        with_question = next((w for w in items if w.item.person_text), items[0])
        checklist.select_item(with_question.item.id)
        settle(window)
        shots.append(save(window, out_dir, "06-checklist"))

        checklist.note_editor.setPlainText("Seemed tired; said the employer keeps the passport.")
        checklist.save_note_button.click()
        settle(window)
        checklist.summary_button.click()
        settle(window)
        shots.append(save(window, out_dir, "07-summary"))

        window.show_case(reference)
        settle(window)
        window.case_page.note_editor.setPlainText("Met at the drop-in. Will be back next week.")
        window.case_page.save_note_button.click()
        settle(window)
        shots.append(save(window, out_dir, "05-case"))

        window.lock()
        settle(window)
        window.unlock_page.passphrase.setText("not the passphrase")
        window.unlock_page.unlock_button.click()
        settle(window)
        shots.append(save(window, out_dir, "08-unlock-wrong-passphrase"))
        window.unlock_page.clear()
        shots.append(save(window, out_dir, "08-unlock"))
        window.unlock_page.forgot_button.click()
        settle(window)
        shots.append(save(window, out_dir, "09-recovery-unlock"))
        window.shutdown()
        window.deleteLater()
        QApplication.processEvents()
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
