"""Shows the one-time recovery key once, and moves on only after the worker confirms storing it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import ui, wording
from desktop.i18n import tr
from desktop.style import monospace_font


class RecoveryKeyPage(QWidget):
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("page")
        card, layout = ui.card()
        layout.addWidget(ui.heading(tr("Your recovery key")))
        layout.addWidget(ui.paragraph(tr(wording.RECOVERY_INTRO)))

        self.key_label = QLabel()
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setFont(monospace_font(17))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setAccessibleName(tr("Recovery key"))
        layout.addSpacing(4)
        layout.addWidget(self.key_label)
        layout.addSpacing(4)
        layout.addWidget(ui.paragraph(tr(wording.RECOVERY_ADVICE), muted=True))
        layout.addSpacing(6)

        self.confirm = ui.check_box(tr(wording.RECOVERY_CONFIRM))
        layout.addWidget(self.confirm)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.continue_button = ui.button(tr("Continue"), primary=True)
        self.continue_button.setEnabled(False)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ui.centred_column(card, 600))

        self.confirm.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._continue)

    def show_key(self, recovery_key: str) -> None:
        # Groups of four on two lines read back more reliably than one long line.
        groups = recovery_key.split("-")
        half = (len(groups) + 1) // 2
        self.key_label.setText("-".join(groups[:half]) + "\n" + "-".join(groups[half:]))
        self.confirm.setChecked(False)
        self.continue_button.setEnabled(False)

    def focus_first(self) -> None:
        self.key_label.setFocus()

    def clear(self) -> None:
        # Shown once: the key leaves the screen (and this process's widgets) for good.
        self.key_label.clear()
        self.confirm.setChecked(False)

    def _continue(self) -> None:
        if not self.confirm.isChecked():
            return
        self.clear()
        self.finished.emit()
