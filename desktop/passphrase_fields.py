"""Two passphrase fields with live strength feedback from the core's policy."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop import ui
from desktop.i18n import tr
from screening_tools.service import ScreeningService


class PassphraseFields(QWidget):
    """'Passphrase' and 'Repeat passphrase', a strength line and advice; ``changed`` on edits."""

    changed = Signal()
    submitted = Signal()

    def __init__(
        self,
        first_label: str | None = None,
        repeat_label: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        first_label = first_label if first_label is not None else tr("Passphrase")
        repeat_label = repeat_label if repeat_label is not None else tr("Repeat passphrase")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        self.first = ui.line_edit(first_label, password=True)
        self.second = ui.line_edit(repeat_label, password=True)
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.strength.setWordWrap(True)
        self.advice = ui.paragraph(muted=True)
        self.match = ui.paragraph(muted=True)

        layout.addWidget(ui.field_label(first_label, self.first))
        layout.addWidget(self.first)
        layout.addWidget(self.strength)
        layout.addWidget(self.advice)
        layout.addSpacing(6)
        layout.addWidget(ui.field_label(repeat_label, self.second))
        layout.addWidget(self.second)
        layout.addWidget(self.match)

        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.first.returnPressed.connect(self.second.setFocus)
        self.second.returnPressed.connect(self._submit)
        self._acceptable = False
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        return self._acceptable and self.first.text() == self.second.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _submit(self) -> None:
        if self.is_acceptable():
            self.submitted.emit()

    def _update(self) -> None:
        text = self.first.text()
        if not text:
            self._acceptable = False
            self._set_strength("", ok=False)
            self.advice.setText(
                tr("Use at least 10 characters; several unrelated words work well.")
            )
        else:
            try:
                strength = ScreeningService.passphrase_strength(text)
            except Exception:
                # The estimator refused the input (e.g. too long); let the core decide on create.
                self._acceptable = False
                self._set_strength(tr("Strength could not be checked"), ok=False)
                self.advice.setText(tr("Try a shorter passphrase."))
            else:
                self._acceptable = strength.acceptable
                self._set_strength(
                    (
                        tr("Strength: {label} — good enough")
                        if strength.acceptable
                        else tr("Strength: {label} — not strong enough yet")
                    ).format(label=tr(strength.label)),
                    strength.acceptable,
                )
                self.advice.setText(tr(strength.advice) if strength.advice else "")
        repeat = self.second.text()
        if not repeat:
            self.match.setText("")
        elif repeat == text:
            self.match.setText(tr("The passphrases match."))
        else:
            self.match.setText(tr("The passphrases do not match yet."))
        self.advice.setVisible(bool(self.advice.text()))
        self.match.setVisible(bool(self.match.text()))
        self.changed.emit()

    def _set_strength(self, text: str, ok: bool) -> None:
        self.strength.setText(text)
        self.strength.setProperty("ok", "true" if ok else "false")
        self.strength.style().unpolish(self.strength)
        self.strength.style().polish(self.strength)
        self.strength.setVisible(bool(text))
