"""Users (supervisor): who can open the vault, with which role; add a user with their own
passphrase (typed twice, with strength feedback); remove a user after a confirmation.

The core checks the role on every call (``users``, ``add_user``, ``remove_user``); this page is
only offered to supervisors. Users are colleagues, never the people screened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import confirm, ui
from desktop.i18n import current, tr, trn
from desktop.messages import describe_error
from desktop.ops import Operations
from desktop.passphrase_fields import PassphraseFields
from screening_tools.domain import Role, User
from screening_tools.errors import ScreeningError
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

USERS_INTRO = N_(
    "Everyone who opens this vault has their own passphrase. Supervisors also manage users, "
    "read the audit log, sign off and export referral packets; workers screen and record."
)
ADD_HINT = N_(
    "A role label such as “Outreach worker 2” is enough. It is shown with what this colleague "
    "records."
)
ROLE_LABELS = {Role.WORKER: N_("Worker"), Role.SUPERVISOR: N_("Supervisor")}
_ID_ROLE = Qt.ItemDataRole.UserRole


class UsersPage(QWidget):
    """``back`` is emitted by the Back link when the page is given one (``back_text``)."""

    back = Signal()

    def __init__(
        self, service: ScreeningService, ops: Operations, *, back_text: str | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._users: list[User] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        if back_text:
            self.back_button = ui.link_button(back_text)
            self.back_button.clicked.connect(self.back)
            row = QHBoxLayout()
            row.addWidget(self.back_button)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(ui.heading(tr("Users")))
        layout.addWidget(ui.paragraph(tr(USERS_INTRO), muted=True))

        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(tr("Users"))
        self.table.setHorizontalHeaderLabels([tr("Name or role label"), tr("Role")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.table.setMinimumHeight(150)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName(tr("Select all"))
        columns = QHBoxLayout()
        columns.setSpacing(20)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.status = ui.paragraph("", muted=True)
        self.status.setAccessibleName(tr("Users status"))
        row.addWidget(self.status, 1)
        self.remove_button = ui.button(tr("Remove user…"), tr("Remove the selected user"))
        self.remove_button.setEnabled(False)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        columns.addLayout(left, 1)

        card, form = ui.card()
        form.addWidget(ui.heading(tr("Add a user"), level=2))
        self.name = ui.line_edit(tr("Name or role label of the new user"))
        self.name.setMaxLength(80)
        form.addWidget(ui.field_label(tr("Name or role label"), self.name))
        form.addWidget(self.name)
        hint = ui.paragraph(tr(ADD_HINT), muted=True)
        hint.setObjectName("fieldHint")
        form.addWidget(hint)
        self.role = ui.combo_box(
            tr("Role of the new user"),
            [
                (Role.WORKER.value, tr(ROLE_LABELS[Role.WORKER])),
                (Role.SUPERVISOR.value, tr(ROLE_LABELS[Role.SUPERVISOR])),
            ],
        )
        self.role.setMaximumWidth(240)
        form.addWidget(ui.field_label(tr("Role"), self.role))
        form.addWidget(self.role)
        self.passphrase = PassphraseFields(tr("Their passphrase"), tr("Repeat their passphrase"))
        form.addWidget(self.passphrase)
        self.add_error = ui.paragraph()
        self.add_error.setObjectName("inlineError")
        self.add_error.setAccessibleName(tr("Add user problem"))
        self.add_error.hide()
        form.addWidget(self.add_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.add_button = ui.button(tr("Add user"), primary=True)
        buttons.addWidget(self.add_button)
        form.addLayout(buttons)
        card.setFixedWidth(420)
        right = QVBoxLayout()
        right.addWidget(card)
        right.addStretch(1)
        columns.addLayout(right)
        layout.addLayout(columns, 1)

        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.name.textChanged.connect(self._update_buttons)
        self.passphrase.changed.connect(self._update_buttons)
        self.passphrase.submitted.connect(self._add)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self._update_buttons()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self._service
        self._ops.run(service.users, self._loaded)

    def clear(self) -> None:
        self._users = []
        self.table.setRowCount(0)
        self.name.clear()
        self.passphrase.clear()
        self.status.clear()
        self.add_error.clear()
        self.add_error.hide()

    def focus_first(self) -> None:
        self.table.setFocus()

    def _loaded(self, users: Any) -> None:
        self._users = list(users)
        me = self._me()
        self.table.setRowCount(len(self._users))
        for row, user in enumerate(self._users):
            shown = (
                tr("{name} (you)").format(name=user.display_name)
                if user.id == me
                else user.display_name
            )
            name = QTableWidgetItem(shown)
            name.setData(_ID_ROLE, user.id)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(self._role_label(user.role)))
        count = len(self._users)
        self.status.setText(
            trn(
                "{count} user can open this vault.", "{count} users can open this vault.", count
            ).format(count=current().format_number(count))
        )
        self._update_buttons()

    @staticmethod
    def _role_label(role: Role) -> str:
        label = ROLE_LABELS.get(role)
        return tr(label) if label else str(role)

    def _me(self) -> int | None:
        try:
            return self._service.current_user.id
        except ScreeningError:  # locked meanwhile
            return None

    # -- actions --------------------------------------------------------------------------

    def selected_user(self) -> User | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self._users) or not self.table.selectedItems():
            return None
        return self._users[row]

    def _update_buttons(self, *_args: object) -> None:
        user = self.selected_user()
        me = self._me()
        self.remove_button.setEnabled(user is not None and user.id != me)
        self.add_button.setEnabled(
            bool(self.name.text().strip()) and self.passphrase.is_acceptable()
        )

    def _add(self) -> None:
        if not self.add_button.isEnabled():
            return
        name = self.name.text().strip()
        role = Role(self.role.currentData())
        passphrase = self.passphrase.passphrase()
        self.add_button.setEnabled(False)
        self.add_error.hide()
        service = self._service
        self._ops.run(
            lambda: service.add_user(name, role, passphrase), self._added, self._add_failed
        )

    def _added(self, user: Any) -> None:
        self.name.clear()
        self.passphrase.clear()
        self.role.setCurrentIndex(0)
        self.refresh()
        if user.role is Role.SUPERVISOR:
            text = tr("{name} was added as a supervisor.")
        else:
            text = tr("{name} was added as a worker.")
        self.status.setText(text.format(name=user.display_name))

    def _add_failed(self, error: Exception) -> None:
        self.add_error.setText(describe_error(error))
        self.add_error.show()
        self._update_buttons()

    def _remove(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if not confirm.ask(
            self,
            tr("Remove user?"),
            tr(
                "Remove {name}? Their passphrase will stop opening this vault at once. What they "
                "recorded stays in the vault."
            ).format(name=user.display_name),
            tr("Remove user"),
        ):
            return
        service = self._service
        user_id = user.id
        self._ops.run(lambda: service.remove_user(user_id), lambda _r: self._removed(user))

    def _removed(self, user: User) -> None:
        self.refresh()
        self.status.setText(tr("{name} was removed.").format(name=user.display_name))
