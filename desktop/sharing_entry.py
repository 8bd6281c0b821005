"""Where the case page opens the sharing dialogs: consent, export, and the other legal bases.

    open_consent(parent, service, ops, reference) -> ConsentDialog
    open_export(parent, service, ops, reference)  -> ExportWizard
    open_basis(parent, service, ops, reference)   -> BasisDialog

Each opens a window-modal dialog (``open()``, never a nested event loop) and returns it, so the
caller can connect ``finished`` to reload the case. Each dialog is a child of ``parent``, so
locking the app rejects it with every other dialog, and deleted when closed, so nothing it showed
lingers in memory. Window titles are fixed and say nothing about the person.

``SharingDialog`` is what the three share: every service call goes through the ``Operations``
worker, results arrive only while the dialog is still open, and errors are shown in the dialog's
own message bar (``desktop.messages``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from desktop.messages import MessageBar
from desktop.ops import Operations
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    from desktop.basis_dialogs import BasisDialog
    from desktop.consent_dialog import ConsentDialog
    from desktop.export_wizard import ExportWizard


class SharingDialog(QDialog):
    """A dialog about one case whose core calls all run on the ops worker."""

    idle_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None,
        service: ScreeningService,
        ops: Operations,
        reference: str,
        title: str,
    ) -> None:
        super().__init__(parent)
        # Fixed wording: the reference and anything about the person stay out of window lists.
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(True)
        self._service = service
        self._ops = ops
        self._reference = reference
        self._pending = 0
        self._closed = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.messages = MessageBar()
        outer.addWidget(self.messages)
        self.content = QVBoxLayout()
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(0)
        outer.addLayout(self.content, 1)

    @property
    def reference(self) -> str:
        return self._reference

    def is_idle(self) -> bool:
        return self._pending == 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Queue ``fn`` on the worker; call back only if this dialog is still open."""
        self._pending += 1
        if self._pending == 1:
            self.idle_changed.emit(False)

        def settle() -> bool:
            if not shiboken6.isValid(self):
                return False
            self._pending -= 1
            if self._pending == 0:
                self.idle_changed.emit(True)
            return not self._closed

        def done(result: Any) -> None:
            if settle():
                on_done(result)

        def failed(error: Exception) -> None:
            if settle():
                (on_error or self.show_error)(error)

        self._ops.run(fn, done, failed)

    def show_error(self, error: Exception) -> None:
        self.messages.show_error(error)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)


def open_consent(
    parent: QWidget | None, service: ScreeningService, ops: Operations, reference: str
) -> ConsentDialog:
    """Record the person's consent (or that they declined), or withdraw one."""
    from desktop.consent_dialog import ConsentDialog

    dialog = ConsentDialog(parent, service, ops, reference)
    dialog.open()
    return dialog


def open_export(
    parent: QWidget | None, service: ScreeningService, ops: Operations, reference: str
) -> ExportWizard:
    """Choose a recipient, preview, protect and save a referral packet."""
    from desktop.export_wizard import ExportWizard

    dialog = ExportWizard(parent, service, ops, reference)
    dialog.open()
    return dialog


def open_basis(
    parent: QWidget | None, service: ScreeningService, ops: Operations, reference: str
) -> BasisDialog:
    """Record a child's views, request a safeguarding exception, or sign one off."""
    from desktop.basis_dialogs import BasisDialog

    dialog = BasisDialog(parent, service, ops, reference)
    dialog.open()
    return dialog
