"""Table model of the case list: reference, last update, counts. Never a name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop import texts
from desktop.i18n import tr
from screening_tools.domain import CaseSummary
from screening_tools.i18n import N_

Index = QModelIndex | QPersistentModelIndex

# Marked here, translated when the view asks for them (after the language was chosen).
_HEADERS = (N_("Reference"), N_("Last updated"), N_("Checklists"), N_("Observed or disclosed"))
_TOOLTIPS = (
    N_("The case's neutral reference"),
    N_("When anything in the case last changed (your local time)"),
    N_("How many checklists were started for this case"),
    N_("How many checklist items were recorded as observed or disclosed"),
)


class CaseListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CaseSummary] = []

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def clear(self) -> None:
        self.set_cases([])

    def reference_at(self, row: int) -> str | None:
        return self._rows[row].reference if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                case.reference,
                texts.local_time(case.updated_at),
                texts.number(case.screening_count),
                texts.number(case.concern_count),
            )
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignCenter if column >= 2 else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(_HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(_TOOLTIPS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignCenter if section >= 2 else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None
