"""First run: choose a passphrase (twice) and, optionally, the name or role for the record."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop import ui, wording
from desktop.i18n import tr
from desktop.messages import describe_error
from desktop.ops import Operations
from desktop.passphrase_fields import PassphraseFields
from screening_tools.service import ScreeningService


class CreateVaultPage(QWidget):
    created = Signal(str)  # the one-time recovery key

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._working = False

        card, layout = ui.card()
        layout.addWidget(ui.heading(tr("Set up Frontline Screening")))
        layout.addWidget(ui.paragraph(tr(wording.CREATE_INTRO), muted=True))
        layout.addSpacing(8)

        self.user_name = ui.line_edit(
            tr("Your name or role for the record (optional)"),
            placeholder=tr("e.g. Outreach worker"),
        )
        layout.addWidget(
            ui.field_label(tr("Your name or role for the record (optional)"), self.user_name)
        )
        layout.addWidget(self.user_name)
        hint = ui.paragraph(tr(wording.CREATE_NAME_HINT), muted=True)
        hint.setObjectName("fieldHint")
        layout.addWidget(hint)
        layout.addSpacing(8)

        self.passphrase = PassphraseFields(tr("Passphrase"), tr("Repeat passphrase"))
        layout.addWidget(self.passphrase)

        self.error = ui.paragraph()
        self.error.setObjectName("inlineError")
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create_button = ui.button(tr("Create vault"), primary=True)
        buttons.addWidget(self.create_button)
        layout.addSpacing(6)
        layout.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ui.centred_column(card, 560))

        self.user_name.returnPressed.connect(self.passphrase.first.setFocus)
        self.passphrase.changed.connect(self._update_button)
        self.passphrase.submitted.connect(self._create)
        self.create_button.clicked.connect(self._create)
        self._update_button()

    def clear(self) -> None:
        self.passphrase.clear()
        self.error.hide()
        self._working = False
        self._update_button()

    def focus_first(self) -> None:
        self.user_name.setFocus()

    def _update_button(self) -> None:
        self.create_button.setEnabled(self.passphrase.is_acceptable() and not self._working)

    def _create(self) -> None:
        if not self.passphrase.is_acceptable() or self._working:
            return
        self._working = True
        self._update_button()
        self.error.hide()
        passphrase = self.passphrase.passphrase()
        name = self.user_name.text()
        service = self._service
        self._ops.run(lambda: service.create_vault(passphrase, name), self._done, self._failed)

    def _done(self, recovery_key: object) -> None:
        self._working = False
        self.passphrase.clear()
        self.user_name.clear()
        self._update_button()
        self.created.emit(str(recovery_key))

    def _failed(self, error: Exception) -> None:
        self._working = False
        self._update_button()
        self.error.setText(describe_error(error))
        self.error.show()
