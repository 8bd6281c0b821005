"""The one place where errors and notices are turned into words and shown.

Only a ``ScreeningError``'s own text reaches the screen (the core writes it for the worker and
keeps anything recorded about a person out of it); anything else becomes a generic sentence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop import ui
from desktop.i18n import tr
from desktop.ops import GENERIC_FAILURE, UnexpectedFailure
from screening_tools.errors import ScreeningError


def describe_error(error: BaseException) -> str:
    """The error in the interface language (the core's English text where it has no
    translation yet)."""
    if isinstance(error, ScreeningError | UnexpectedFailure):
        return tr(str(error))
    return tr(GENERIC_FAILURE)


class MessageBar(QWidget):
    """A calm strip above the page for errors and short notices; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Messages"))
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 10, 24, 0)
        self._frame = QFrame()
        self._frame.setObjectName("messageBar")
        outer.addWidget(self._frame)
        layout = QHBoxLayout(self._frame)
        layout.setContentsMargins(*ui.mirrored(14, 8, 8, 8))
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setAccessibleName(tr("Message"))
        layout.addWidget(self._text, 1)
        self._dismiss = QPushButton(tr("Dismiss"))
        self._dismiss.setAccessibleName(tr("Dismiss message"))
        self._dismiss.clicked.connect(self.clear)
        layout.addWidget(self._dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_error(self, error: BaseException) -> None:
        self._show(describe_error(error), "error")

    def show_info(self, text: str) -> None:
        self._show(text, "info")

    def text(self) -> str:
        return self._text.text()

    def clear(self) -> None:
        self._text.clear()
        self.hide()

    def _show(self, text: str, kind: str) -> None:
        self._frame.setProperty("kind", kind)
        # Re-polish so the stylesheet picks up the new property.
        self._frame.style().unpolish(self._frame)
        self._frame.style().polish(self._frame)
        self._text.setText(text)
        self.show()
