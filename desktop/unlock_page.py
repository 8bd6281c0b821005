"""The locked screen: a passphrase field, an inline error, and the way to the recovery key."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop import ui, wording
from desktop.i18n import tr
from desktop.messages import describe_error
from desktop.ops import Operations
from screening_tools.service import ScreeningService


class UnlockPage(QWidget):
    unlocked = Signal()
    forgot = Signal()

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops

        card, layout = ui.card()
        layout.addWidget(ui.heading(tr("Frontline Screening")))
        layout.addWidget(ui.paragraph(tr(wording.UNLOCK_INTRO), muted=True))
        layout.addSpacing(8)
        self.passphrase = ui.line_edit(tr("Passphrase"), password=True)
        layout.addWidget(ui.field_label(tr("Passphrase"), self.passphrase))
        layout.addWidget(self.passphrase)
        self.error = ui.paragraph()
        self.error.setObjectName("inlineError")
        self.error.setAccessibleName(tr("Unlock problem"))
        self.error.hide()
        layout.addWidget(self.error)

        row = QHBoxLayout()
        self.forgot_button = ui.button(
            tr("Forgot passphrase? Use recovery key"), tr("Forgot passphrase? Use the recovery key")
        )
        self.forgot_button.setObjectName("link")
        row.addWidget(self.forgot_button)
        row.addStretch(1)
        self.unlock_button = ui.button(tr("Unlock"), primary=True)
        row.addWidget(self.unlock_button)
        layout.addSpacing(4)
        layout.addLayout(row)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ui.centred_column(card, 480))

        self.passphrase.returnPressed.connect(self._unlock)
        self.unlock_button.clicked.connect(self._unlock)
        self.forgot_button.clicked.connect(self.forgot)

    def focus_first(self) -> None:
        self.passphrase.setFocus()

    def clear(self) -> None:
        self.passphrase.clear()
        self.error.clear()
        self.error.hide()
        self._set_working(False)

    def _set_working(self, working: bool) -> None:
        self.unlock_button.setEnabled(not working)
        self.passphrase.setReadOnly(working)

    def _unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error(tr("Enter your passphrase."))
            return
        self._set_working(True)
        service = self._service
        self._ops.run(lambda: service.unlock(passphrase), self._done, self._failed)

    def _done(self, _user: object) -> None:
        self.clear()
        self.unlocked.emit()

    def _failed(self, error: Exception) -> None:
        self._set_working(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self._show_error(describe_error(error))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
