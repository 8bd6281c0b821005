"""One yes/no question before something that cannot be undone lightly.

The safe answer is the default, so a stray Enter never removes a user or replaces a vault.
Tests replace ``ask`` (``monkeypatch.setattr(confirm, "ask", ...)``) instead of clicking a modal.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import tr


def ask(
    parent: QWidget | None, title: str, text: str, yes_text: str, no_text: str | None = None
) -> bool:
    """Texts are shown as given: pass them through ``tr``. ``no_text`` defaults to Cancel."""
    if no_text is None:
        no_text = tr("Cancel")
    box = QMessageBox(parent)
    # A fixed, neutral title: never a name, never anything about a person.
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
    yes.setAccessibleName(yes_text)
    no.setAccessibleName(no_text)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
