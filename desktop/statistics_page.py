"""De-identified statistics for the partnership: the report's tables, a bar chart beside each,
and export as CSV or JSON.

Everything shown comes from the core's ``StatsReport``, already suppressed: a hidden count is
shown as the report's own marker, in the table and in the chart, and nothing here could hold a
name (the records behind the report have no field for one).
"""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.style import current_theme
from desktop.supervisor_widgets import (
    Notice,
    choose_save_file,
    name_parts,
    page_frame,
    setup_table,
)
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService
from screening_tools.stats import StatsReport, to_csv, to_json
from screening_tools.stats_suppression import Position, Table

INTRO = N_(
    "Counts of cases for the partnership, with no names, dates of birth or free text. Small "
    "counts are hidden, and so are the counts that would let someone work them out."
)
TOTAL_LABEL = N_("Total")
LABEL_MAX_WIDTH = 380
HEADER_WRAP = 18  # characters per line in a column heading
SIDE_BY_SIDE_COLUMNS = 2  # value columns (besides the total) that still leave room for a chart
Cell = int | str


def _label(meanings: dict[str, str], code: str) -> str:
    """A code's meaning; an indicator group also says whose checklist it is from, because
    adult and child groups are counted apart and some read alike."""
    meaning = tr(meanings[code]) if code in meanings else code
    instrument, slash, _group = code.partition("/")
    if slash and code in meanings:
        owner = _OWNERS.get(instrument.split("-")[0])
        return tr("{owner}: {meaning}").format(
            owner=tr(owner) if owner else instrument.split("-")[0].capitalize(), meaning=meaning
        )
    return meaning


_OWNERS = {"adult": N_("Adult"), "child": N_("Child")}


def _cell(value: Cell) -> str:
    """A count with the interface language's digits; the suppression marker as it is."""
    return ui.number(value) if isinstance(value, int) else str(value)


def _meanings(report: StatsReport, dimension: str) -> dict[str, str]:
    try:
        return dict(report.dictionary.dimension(dimension).values)
    except KeyError:  # the period axis: its codes are its labels
        return {}


def _generated(stamp: str) -> str:
    try:
        return ui.local_time(datetime.fromisoformat(stamp))
    except ValueError:
        return stamp


class BarChart(QWidget):
    """Horizontal bars, one per row of a table, drawn with QPainter.

    A suppressed value has no bar: the marker is written where the bar would be, so a chart can
    never show more than the table does.
    """

    BAR = 18
    GAP = 8
    PAD = 8

    def __init__(self, title: str, marker: str) -> None:
        super().__init__()
        self._title = title
        self._marker = marker
        self._bars: list[tuple[str, Cell]] = []
        self.setAccessibleName(tr("Chart: {title}").format(title=title))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(260)

    def set_bars(self, bars: list[tuple[str, Cell]]) -> None:
        self._bars = list(bars)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {_cell(value)}" for label, value in bars)
        )
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def bars(self) -> list[tuple[str, Cell]]:
        return list(self._bars)

    def _row_height(self) -> int:
        return max(self.BAR, self.fontMetrics().height()) + self.GAP

    def sizeHint(self) -> QSize:
        return QSize(420, self.PAD * 2 + max(1, len(self._bars)) * self._row_height())

    def paintEvent(self, event: QPaintEvent) -> None:
        theme = current_theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        width = self.width() - 2 * self.PAD
        label_width = min(
            int(width * 0.55),
            max((metrics.horizontalAdvance(b[0]) + 4 for b in self._bars), default=0),
        )
        value_width = max(
            metrics.horizontalAdvance(self._marker), metrics.horizontalAdvance("00000")
        )
        bar_left = self.PAD + label_width + 10
        bar_room = max(10, self.width() - self.PAD - value_width - 8 - bar_left)
        numbers = [v for _, v in self._bars if isinstance(v, int)]
        biggest = max(numbers, default=0) or 1
        row_height = self._row_height()
        italic = QFont(self.font())
        italic.setItalic(True)
        # Drawn left to right; in a right-to-left layout every box is mirrored (labels on the
        # right, bars growing to the left), as Qt mirrors its own widgets.
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        full = self.width()

        def place(rect: QRectF) -> QRectF:
            if not rtl:
                return rect
            return QRectF(full - rect.x() - rect.width(), rect.y(), rect.width(), rect.height())

        near, far = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        if rtl:
            near, far = far, near
        for index, (label, value) in enumerate(self._bars):
            top = self.PAD + index * row_height
            middle = place(QRectF(self.PAD, top, label_width, row_height - self.GAP))
            painter.setPen(QColor(theme.ink))
            painter.setFont(self.font())
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(middle, int(far | Qt.AlignmentFlag.AlignVCenter), text)
            bar_top = top + (row_height - self.GAP - self.BAR) / 2
            if isinstance(value, int):
                length = bar_room * value / biggest
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(theme.accent))
                painter.drawRoundedRect(place(QRectF(bar_left, bar_top, length, self.BAR)), 3, 3)
                after = place(
                    QRectF(bar_left + length + 6, top, value_width, row_height - self.GAP)
                )
                painter.setPen(QColor(theme.ink))
                painter.drawText(after, int(near | Qt.AlignmentFlag.AlignVCenter), _cell(value))
            else:
                # No bar for a hidden count: an outline and the marker, never a length.
                pen = QPen(QColor(theme.muted))
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                box = place(
                    QRectF(
                        bar_left, bar_top, metrics.horizontalAdvance(self._marker) + 16, self.BAR
                    )
                )
                painter.drawRoundedRect(box, 3, 3)
                painter.setPen(QColor(theme.muted))
                painter.setFont(italic)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), self._marker)
        painter.end()


class _StatsGrid(QTableWidget):
    """The row-label column takes the width the counts leave, but never less than its labels
    need (up to a cap): then the table scrolls sideways instead of cutting the labels."""

    label_width = 200

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        header = self.horizontalHeader()
        others = sum(header.sectionSize(j) for j in range(1, self.columnCount()))
        header.resizeSection(0, max(self.label_width, self.viewport().width() - others))


class StatsTableView(QFrame):
    """One report table: the counts with totals, and a bar chart of the row totals."""

    def __init__(self, report: StatsReport, table: Table) -> None:
        super().__init__()
        self.setObjectName("panel")
        self.source = table
        marker = report.header.suppression_marker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        title = tr(table.title)
        layout.addWidget(ui.heading(title, level=2))
        if table.row_multi_valued or table.column_multi_valued:
            layout.addWidget(
                ui.paragraph(
                    tr(
                        "A case can count under more than one row here; a total counts cases with "
                        "at least one."
                    ),
                    muted=True,
                )
            )
        rows = _meanings(report, table.row_dimension)
        columns = _meanings(report, table.column_dimension)
        row_labels = [_label(rows, r) for r in table.rows] + [tr(TOTAL_LABEL)]
        column_labels = [_label(columns, c) for c in table.columns] + [tr(TOTAL_LABEL)]
        row_heading = tr(table.row_dimension.replace("_", " ").capitalize())

        # The row labels are the first column (not a vertical header), so they can take the
        # width they need and a screen reader reads them with their row.
        self.table = _StatsGrid(len(row_labels), len(column_labels) + 1)
        setup_table(self.table, title, stretch=False)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.table.setHorizontalHeaderLabels(
            [row_heading, *(textwrap.fill(c, HEADER_WRAP) for c in column_labels)]
        )
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bold = QFont(self.font())
        bold.setBold(True)
        italic = QFont(self.font())
        italic.setItalic(True)
        muted = QColor(current_theme().muted)
        for i, row in enumerate((*table.rows, None)):
            name = QTableWidgetItem(row_labels[i])
            name.setToolTip(row_labels[i])
            if row is None:
                name.setFont(bold)
            self.table.setItem(i, 0, name)
            for j, column in enumerate((*table.columns, None), start=1):
                value = table.value(Position(row, column))
                item = QTableWidgetItem(_cell(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if value == marker:
                    item.setFont(italic)
                    item.setForeground(muted)
                    item.setToolTip(tr("Hidden so that no small group of people can be picked out"))
                elif row is None or column is None:
                    item.setFont(bold)
                self.table.setItem(i, j, item)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(70)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        metrics = self.table.fontMetrics()
        self.table.label_width = min(
            LABEL_MAX_WIDTH, max(metrics.horizontalAdvance(t) for t in row_labels) + 28
        )
        for j in range(1, self.table.columnCount()):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
            header_item = self.table.horizontalHeaderItem(j)
            if header_item is not None:
                header_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        height = (
            header.sizeHint().height()
            + self.table.verticalHeader().defaultSectionSize() * len(row_labels)
            + 2 * self.table.frameWidth()
            + 14  # room for a horizontal scroll bar when there are many periods
        )
        self.table.setFixedHeight(height)

        self.chart = BarChart(title, marker)
        self.chart.set_bars(
            [(label, value) for label, value in zip(row_labels[:-1], table.row_totals, strict=True)]
        )
        # A narrow table has its chart beside it; a wide one (many periods, a cross-tabulation)
        # takes the full width, with the chart under it.
        wide = len(table.columns) > SIDE_BY_SIDE_COLUMNS
        body: QBoxLayout = QVBoxLayout() if wide else QHBoxLayout()
        body.setSpacing(10 if wide else 16)
        body.addWidget(self.table, 3)
        chart_box = QVBoxLayout()
        chart_box.addWidget(ui.paragraph(tr("Cases in each row (the Total column)"), muted=True))
        chart_box.addWidget(self.chart)
        chart_box.addStretch(1)
        body.addLayout(chart_box, 2)
        layout.addLayout(body)
        self.wide = wide

    def cell_texts(self) -> list[str]:
        texts = []
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                texts.append(item.text() if item is not None else "")
        return texts


class StatisticsPage(QWidget):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._report: StatsReport | None = None
        layout = page_frame(self, tr("Statistics"), tr(INTRO))

        controls = QHBoxLayout()
        controls.setSpacing(8)
        self.granularity = ui.combo_box(
            tr("Count by"), [("month", tr("Months")), ("quarter", tr("Quarters"))]
        )
        controls.addWidget(ui.field_label(tr("Count by"), self.granularity))
        controls.addWidget(self.granularity)
        self.threshold = QSpinBox()
        name_parts(self.threshold, tr("Hide counts under"))
        self.threshold.setRange(2, 50)
        self.threshold.setValue(5)
        controls.addSpacing(12)
        controls.addWidget(ui.field_label(tr("Hide counts under"), self.threshold))
        controls.addWidget(self.threshold)
        self.update_button = ui.button(tr("Update"))
        controls.addWidget(self.update_button)
        controls.addStretch(1)
        self.csv_button = ui.button(tr("Export CSV…"), tr("Export statistics as CSV"))
        self.json_button = ui.button(tr("Export JSON…"), tr("Export statistics as JSON"))
        controls.addWidget(self.csv_button)
        controls.addWidget(self.json_button)
        layout.addLayout(controls)

        self.summary = ui.paragraph("", muted=True)
        self.summary.setAccessibleName(tr("About these statistics"))
        layout.addWidget(self.summary)
        self.notice = Notice(tr("Statistics result"))
        layout.addWidget(self.notice)

        inner = QWidget()
        inner.setObjectName("page")
        self._sections = QVBoxLayout(inner)
        self._sections.setContentsMargins(*ui.mirrored(0, 0, 12, 0))
        self._sections.setSpacing(12)
        self._sections.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(inner)
        layout.addWidget(self.scroll_area, 1)
        self.sections: list[StatsTableView] = []

        self.update_button.clicked.connect(self.refresh)
        self.granularity.currentIndexChanged.connect(lambda _i: self.refresh())
        self.csv_button.clicked.connect(lambda: self._choose_export("csv"))
        self.json_button.clicked.connect(lambda: self._choose_export("json"))
        self._set_export_enabled()

    @property
    def report(self) -> StatsReport | None:
        return self._report

    def refresh(self) -> None:
        service = self._service
        granularity = str(self.granularity.currentData() or "month")
        threshold = self.threshold.value()
        self.notice.clear_notice()
        self._ops.run(
            lambda: service.statistics(granularity=granularity, threshold=threshold),
            self.show_report,
            self.notice.show_error,
        )

    def clear(self) -> None:
        self._report = None
        self._clear_sections()
        self.summary.clear()
        self.notice.clear_notice()
        self._set_export_enabled()

    def focus_first(self) -> None:
        self.granularity.setFocus()

    def show_report(self, result: Any) -> None:
        report: StatsReport = result
        self._report = report
        h = report.header
        period = (
            h.period_start
            if h.period_start == h.period_end
            else tr("{start} to {end}").format(start=h.period_start, end=h.period_end)
        )
        self.summary.setText(
            tr(
                "{organisation}, {period}. Counts under {threshold} are hidden and shown as "
                "“{marker}”, as are other counts that would let them be worked out. Generated "
                "{generated}; data dictionary {version}."
            ).format(
                organisation=h.organisation,
                period=period,
                threshold=ui.number(h.threshold),
                marker=h.suppression_marker,
                generated=_generated(h.generated_at),
                version=h.data_dictionary_version,
            )
        )
        self._clear_sections()
        for table in report.tables:
            section = StatsTableView(report, table)
            self._sections.insertWidget(self._sections.count() - 1, section)
            self.sections.append(section)
        self._set_export_enabled()

    def _clear_sections(self) -> None:
        for section in self.sections:
            self._sections.removeWidget(section)
            section.setParent(None)
            section.deleteLater()
        self.sections = []

    def _set_export_enabled(self) -> None:
        for button in (self.csv_button, self.json_button):
            button.setEnabled(self._report is not None)

    # -- export -------------------------------------------------------------------------------

    def _choose_export(self, fmt: str) -> None:
        if self._report is None:
            return
        h = self._report.header
        suggested = f"statistics-{h.period_start}-{h.period_end}.{fmt}"
        filters = tr("CSV files (*.csv)") if fmt == "csv" else tr("JSON files (*.json)")
        path = choose_save_file(self, tr("Export statistics"), suggested, filters)
        if path is not None:
            self.export_to(path, fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        report = self._report
        if report is None:
            return

        def export() -> None:
            text = (
                to_csv(report)
                if fmt == "csv"
                else json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
            )
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                from screening_tools.errors import ScreeningError

                raise ScreeningError(
                    tr("Cannot write {name}: {problem}.").format(
                        name=path.name, problem=exc.strerror
                    )
                ) from None

        self._ops.run(
            export,
            lambda _r: self.notice.show_info(
                tr("Exported the statistics to {name}.").format(name=path.name)
            ),
            self.notice.show_error,
        )
