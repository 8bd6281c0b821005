"""The audit log (supervisor): every entry of the hash-chained log, and whether the chain checks
out. Where it breaks (an entry changed, removed or moved after it was written), the banner says
so in words and those rows are highlighted and marked in their own column, so the warning does
not depend on colour alone.

The core checks the role (``audit_report``) and verifies the chain; this page only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.i18n import current, tr, trn
from desktop.messages import describe_error
from desktop.ops import Operations
from desktop.style import current_theme
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.service_admin import AuditReport
from screening_tools.vault.audit import AuditEntry, AuditProblem

AUDIT_INTRO = N_(
    "Everything done in this vault, in order. Each entry carries a fingerprint of the one "
    "before it, so an entry that is changed, removed or moved afterwards breaks the chain."
)
ACTION_LABELS = {
    "vault_created": N_("Vault created"),
    "unlock": N_("Unlocked"),
    "failed_unlock": N_("Failed unlock attempts"),
    "lock": N_("Locked"),
    "case_created": N_("Case created"),
    "case_opened": N_("Case opened"),
    "answer_changed": N_("Checklist answer changed"),
    "response_changed": N_("Response changed"),
    "note_added": N_("Note added"),
    "consent_recorded": N_("Consent recorded"),
    "consent_withdrawn": N_("Consent withdrawn"),
    "exception_recorded": N_("Safeguarding exception recorded"),
    "sign_off": N_("Signed off"),
    "export": N_("Referral packet exported"),
    "referral_changed": N_("Referral updated"),
    "packet_imported": N_("Packet imported"),
    "user_added": N_("User added"),
    "user_removed": N_("User removed"),
    "passphrase_changed": N_("Passphrase changed"),
    "passphrase_reset": N_("Passphrase reset with the recovery key"),
    "settings_changed": N_("Settings changed"),
    "backup": N_("Backup made"),
    "restore": N_("Restored from backup"),
}
PROBLEM_LABELS = {
    "changed": N_("Changed"),
    "removed": N_("Entries missing before"),
    "reordered": N_("Moved"),
}
# Marked here, translated where the header is shown; the English names find the columns.
COLUMNS = ("#", N_("When"), N_("Who"), N_("What"), N_("Case"), N_("Details"), N_("Check"))
CHECK_COLUMN = COLUMNS.index("Check")


def _detail_text(detail: dict[str, Any], users: dict[int, str]) -> str:
    parts = []
    for key, value in sorted(detail.items()):
        if key == "user_id" and isinstance(value, int):
            key, value = "user", users.get(value, tr("removed user {id}").format(id=value))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif value is None:
            value = tr("none")
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


@dataclass(frozen=True)
class _Row:
    entry: AuditEntry
    problem: AuditProblem | None


class AuditModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []
        self._users: dict[int, str] = {}

    def set_report(self, report: AuditReport, users: dict[int, str]) -> None:
        self.beginResetModel()
        problems = {p.seq: p for p in report.problems}
        self._rows = [_Row(e, problems.get(e.seq)) for e in report.entries]
        self._users = dict(users)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._users = {}
        self.endResetModel()

    def problem_rows(self) -> list[int]:
        return [i for i, row in enumerate(self._rows) if row.problem is not None]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        theme = current_theme()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return ui.upper_first(tr(row.problem.message)) if row.problem else (text or None)
            return text
        # In high contrast the warning background is the page's own black: use the accent.
        tinted = theme.warn_background != theme.surface
        if role == Qt.ItemDataRole.BackgroundRole and row.problem is not None:
            return QBrush(QColor(theme.warn_background if tinted else theme.accent))
        if role == Qt.ItemDataRole.ForegroundRole and row.problem is not None:
            return QBrush(QColor(theme.warn_text if tinted else theme.on_accent))
        if role == Qt.ItemDataRole.FontRole and row.problem is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(row, index.column())
            if row.problem is not None and index.column() == 0:
                return tr("{text}, problem: {problem}").format(
                    text=text, problem=tr(row.problem.message)
                )
            return text
        return None

    def _text(self, row: _Row, column: int) -> str:
        entry = row.entry
        if column == 0:
            return current().format_number(entry.seq)
        if column == 1:
            return ui.local_time(entry.at)
        if column == 2:
            if entry.user_id is None:
                return "—"
            return self._users.get(entry.user_id, tr("Removed user {id}").format(id=entry.user_id))
        if column == 3:
            label = ACTION_LABELS.get(entry.action)
            return tr(label) if label else entry.action.replace("_", " ").capitalize()
        if column == 4:
            return entry.subject
        if column == 5:
            return _detail_text(entry.detail, self._users)
        if row.problem is None:
            return tr("OK")
        problem = PROBLEM_LABELS.get(row.problem.kind)
        return f"⚠ {tr(problem) if problem else row.problem.kind.capitalize()}"


class AuditPage(QWidget):
    back = Signal()

    def __init__(
        self, service: ScreeningService, ops: Operations, *, back_text: str | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self.report: AuditReport | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        if back_text:
            self.back_button = ui.link_button(back_text)
            self.back_button.clicked.connect(self.back)
            back_row = QHBoxLayout()
            back_row.addWidget(self.back_button)
            back_row.addStretch(1)
            layout.addLayout(back_row)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(ui.heading(tr("Audit log")))
        titles.addWidget(ui.paragraph(tr(AUDIT_INTRO), muted=True))
        top.addLayout(titles, 1)
        self.refresh_button = ui.button(tr("Check again"), tr("Read and check the audit log again"))
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)

        self.result = ui.banner(tr("Checking the log…"), accessible_name=tr("Audit check result"))
        self.result_label = self.result.findChild(QLabel)
        layout.addWidget(self.result)

        self.model = AuditModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Audit log entries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Details"), QHeaderView.ResizeMode.Stretch)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName(tr("Select all"))
        layout.addWidget(self.table, 1)

        self.refresh_button.clicked.connect(self.refresh)

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self._service

        def load() -> tuple[AuditReport, dict[int, str]]:
            report = service.audit_report()
            return report, {u.id: u.display_name for u in service.users()}

        self.refresh_button.setEnabled(False)
        self._ops.run(load, self._loaded, self._failed)

    def clear(self) -> None:
        self.report = None
        self.model.clear()
        self._set_result(tr("Checking the log…"), ok=None)

    def focus_first(self) -> None:
        self.table.setFocus()

    def _loaded(self, result: Any) -> None:
        report, users = result
        assert isinstance(report, AuditReport)
        self.report = report
        self.model.set_report(report, users)
        self.refresh_button.setEnabled(True)
        count = len(report.entries)
        if report.intact:
            self._set_result(
                trn(
                    "The log is intact: its {count} entry checks out.",
                    "The log is intact: all {count} entries check out, each one against the one "
                    "before.",
                    count,
                ).format(count=current().format_number(count)),
                ok=True,
            )
            self.table.scrollToBottom()
            return
        problems = "; ".join(tr(p.message) for p in report.problems[:5])
        more = len(report.problems) - 5
        if more > 0:
            problems += tr("; and {count} more").format(count=current().format_number(more))
        self._set_result(
            tr(
                "The log has been tampered with: {problems}. The rows where the chain breaks are "
                "highlighted and marked “⚠”. Keep this computer as it is and tell whoever is "
                "responsible for data protection."
            ).format(problems=problems),
            ok=False,
        )
        first = self.model.problem_rows()[0] if self.model.problem_rows() else 0
        index = self.model.index(first, 0)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        # Current (for the keyboard) but not selected: a selection would hide the highlight.
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self._set_result(describe_error(error), ok=False)

    def _set_result(self, text: str, *, ok: bool | None) -> None:
        if self.result_label is not None:
            self.result_label.setText(text)
        # Same frame, another look: "banner" (info) when intact or pending, "warning" if not.
        name = "warning" if ok is False else "banner"
        if self.result.objectName() != name:
            self.result.setObjectName(name)
            self.result.style().unpolish(self.result)
            self.result.style().polish(self.result)
        self.result.setProperty("intact", "unknown" if ok is None else str(ok).lower())

    @property
    def result_text(self) -> str:
        return self.result_label.text() if self.result_label is not None else ""
