"""New case: both fields optional and marked as sensitive; a reference is made automatically."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop import ui, wording
from desktop.i18n import tr


class NewCaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Fixed and neutral, like the main window's title.
        self.setWindowTitle(tr("New case"))
        self.setModal(True)
        # A fresh dialog each time, destroyed when closed: typed names do not linger in memory.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(ui.heading(tr("New case"), level=2))
        layout.addWidget(ui.paragraph(tr(wording.NEW_CASE_INTRO), muted=True))
        layout.addSpacing(6)

        optional = tr(wording.SENSITIVE_OPTIONAL)
        self.name = ui.line_edit(tr("Name ({optional})").format(optional=optional))
        self.contact = ui.line_edit(tr("Contact ({optional})").format(optional=optional))
        for label, field in ((tr("Name"), self.name), (tr("Contact"), self.contact)):
            layout.addWidget(ui.field_label(label, field))
            layout.addWidget(field)
            hint = ui.paragraph(optional[:1].upper() + optional[1:], muted=True)
            hint.setObjectName("fieldHint")
            layout.addWidget(hint)
            layout.addSpacing(6)

        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            tr("Create case"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.create_button.setObjectName("primary")
        self.create_button.setAccessibleName(tr("Create case"))
        self.cancel_button.setAccessibleName(tr("Cancel"))
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(buttons)

    def values(self) -> tuple[str | None, str | None]:
        return self.name.text().strip() or None, self.contact.text().strip() or None
