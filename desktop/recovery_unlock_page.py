"""Forgotten passphrase: open the vault with the recovery key and set a new passphrase."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop import ui, wording
from desktop.i18n import tr
from desktop.messages import describe_error
from desktop.ops import Operations
from desktop.passphrase_fields import PassphraseFields
from screening_tools.service import ScreeningService


class RecoveryUnlockPage(QWidget):
    unlocked = Signal()
    cancelled = Signal()

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._working = False

        card, layout = ui.card()
        layout.addWidget(ui.heading(tr("Use your recovery key")))
        layout.addWidget(ui.paragraph(tr(wording.FORGOT_INTRO), muted=True))
        layout.addSpacing(8)
        self.recovery_key = ui.line_edit(
            tr("Recovery key"),
            password=True,
            placeholder=tr("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"),
        )
        layout.addWidget(ui.field_label(tr("Recovery key"), self.recovery_key))
        layout.addWidget(self.recovery_key)
        # Hidden by default (someone may be looking); shown on request to check typing.
        self.show_key = ui.check_box(tr("Show the key while typing"))
        layout.addWidget(self.show_key)
        layout.addSpacing(8)
        self.passphrase = PassphraseFields(tr("New passphrase"), tr("Repeat new passphrase"))
        layout.addWidget(self.passphrase)
        self.error = ui.paragraph()
        self.error.setObjectName("inlineError")
        self.error.setAccessibleName(tr("Recovery problem"))
        self.error.hide()
        layout.addWidget(self.error)

        row = QHBoxLayout()
        self.back_button = ui.button(tr("Back"), tr("Back to unlock"))
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.unlock_button = ui.button(tr("Unlock and set new passphrase"), primary=True)
        row.addWidget(self.unlock_button)
        layout.addSpacing(4)
        layout.addLayout(row)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ui.centred_column(card, 560))

        self.show_key.toggled.connect(self._toggle_echo)
        self.recovery_key.textChanged.connect(self._update_button)
        self.recovery_key.returnPressed.connect(self.passphrase.first.setFocus)
        self.passphrase.changed.connect(self._update_button)
        self.passphrase.submitted.connect(self._unlock)
        self.unlock_button.clicked.connect(self._unlock)
        self.back_button.clicked.connect(self._cancel)
        self._update_button()

    def focus_first(self) -> None:
        self.recovery_key.setFocus()

    def clear(self) -> None:
        self.recovery_key.clear()
        self.show_key.setChecked(False)
        self.passphrase.clear()
        self.error.clear()
        self.error.hide()
        self._working = False
        self._update_button()

    def _toggle_echo(self, show: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if show else QLineEdit.EchoMode.Password
        self.recovery_key.setEchoMode(mode)

    def _ready(self) -> bool:
        return bool(self.recovery_key.text().strip()) and self.passphrase.is_acceptable()

    def _update_button(self) -> None:
        self.unlock_button.setEnabled(self._ready() and not self._working)

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()

    def _unlock(self) -> None:
        if not self._ready() or self._working:
            return
        self._working = True
        self._update_button()
        key = self.recovery_key.text()
        new_passphrase = self.passphrase.passphrase()
        service = self._service
        self._ops.run(
            lambda: service.unlock_with_recovery_key(key, new_passphrase), self._done, self._failed
        )

    def _done(self, _user: object) -> None:
        self.clear()
        self.unlocked.emit()

    def _failed(self, error: Exception) -> None:
        self._working = False
        self._update_button()
        self.error.setText(describe_error(error))
        self.error.show()
