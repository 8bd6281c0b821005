"""The partner directory: who the organisation refers to, imported and exported as a data file,
and suggestions for a recipient from what the person needs, each with why it matches and what to
check first.

Suggestions only advise. The one hard rule is the core's: a partner that involves the police is
never suggested unless the person agreed to police sharing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import ui
from desktop.ops import Operations
from desktop.supervisor_widgets import (
    Notice,
    choose_open_file,
    choose_save_file,
    page_frame,
    table_widget,
)
from screening_tools.directory import Criteria, Directory, Population, Suggestion
from screening_tools.service import ScreeningService

INTRO = (
    "Organisations you refer people to. Import your directory as a YAML or JSON file; export it "
    "to share or edit. Suggestions rank partners against what the person needs."
)
FORM_WIDTH = 440
CELL_PADDING = 10  # QTableView::item's horizontal padding in desktop.style
TAB_STYLE = "QTabBar::tab { padding: 6px 16px; } QTabBar::tab:selected { font-weight: 600; }"
FILE_FILTERS = "Directory files (*.yaml *.yml *.json);;All files (*)"
# The app's interface languages come first; partners' own languages are added when loaded.
BASE_LANGUAGES = ("en", "es", "fr", "ar", "ro", "vi")
RESPONSE_CHOICES = (
    (0, "Any response time"),
    (4, "Within 4 hours"),
    (24, "Within 24 hours"),
    (48, "Within 48 hours"),
    (72, "Within 3 days"),
    (168, "Within a week"),
)
POPULATION_LABELS = {
    Population.ADULTS: "Adults",
    Population.CHILDREN: "Children",
    Population.WOMEN: "Women",
    Population.MEN: "Men",
    Population.FAMILIES: "Families",
    Population.LGBTQ: "LGBTQ+ people",
    Population.MIGRANTS: "Migrants",
}


def short_label(text: str) -> str:
    """A checklist wording cut to its first phrase: "Housing: a safe place…" -> "Housing"."""
    head = re.split(r":|, (?:including|for example|such as|or help|often)\b", str(text))[0]
    return head.strip().rstrip(".")


def language_name(code: str) -> str:
    from babel import Locale

    name = Locale("en").languages.get(code)
    return str(name) if name else code


def stored_directory(service: ScreeningService) -> Directory:
    """On the worker: the vault's directory, or an empty one before any has been imported.

    (The core builds its own empty directory with a version its model refuses, so "nothing
    imported yet" is read here as the empty directory it means.)
    """
    from pydantic import ValidationError

    try:
        return service.partner_directory()
    except ValidationError:
        return Directory(version="1.0", partners=[])


def suggest_from(service: ScreeningService, criteria: Criteria) -> list[Suggestion]:
    from pydantic import ValidationError

    try:
        return service.suggest_partners(criteria)
    except ValidationError:
        return []  # no directory imported yet: nobody to suggest


class _SuggestionCard(QFrame):
    def __init__(self, rank: int, suggestion: Suggestion) -> None:
        super().__init__()
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        partner = suggestion.partner
        title = ui.heading(f"{rank}. {partner.name}", level=2)
        layout.addWidget(title)
        layout.addWidget(ui.paragraph(f"When to contact: {partner.when_to_contact}", muted=True))
        self.reasons = ui.bullet_list(suggestion.reasons, f"Why {partner.name} matches")
        why = ui.paragraph("Why it matches")
        why.setObjectName("fieldLabel")
        layout.addWidget(why)
        layout.addWidget(self.reasons)
        self.warnings = ui.bullet_list(suggestion.warnings, f"Check first for {partner.name}")
        if suggestion.warnings:
            caption = ui.paragraph("Check first")
            caption.setObjectName("reviewStatus")
            caption.setStyleSheet("font-weight: 600;")
            layout.addWidget(caption)
            layout.addWidget(self.warnings)
        if partner.contact:
            layout.addWidget(ui.paragraph(f"Contact: {partner.contact}", selectable=True))
        self.suggestion = suggestion


class DirectoryPage(QWidget):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._directory: Directory | None = None
        self._suggestions: list[Suggestion] = []
        self._service_labels: dict[str, str] = {}
        layout = page_frame(self, "Partner directory", INTRO)

        self.notice = Notice("Directory result")
        layout.addWidget(self.notice)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Partner directory views")
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet(TAB_STYLE)
        self.tabs.addTab(self._build_partners(), "Partners")
        self.tabs.addTab(self._build_suggestions(), "Suggest a recipient")
        layout.addWidget(self.tabs, 1)

        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        self.suggest_button.clicked.connect(self.suggest)

    def _build_partners(self) -> QWidget:
        box = QWidget()
        box.setObjectName("page")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 10, 0, 0)
        buttons = QHBoxLayout()
        self.count = ui.paragraph("", muted=True)
        buttons.addWidget(self.count, 1)
        self.import_button = ui.button("Import directory file…", "Import directory file")
        self.export_button = ui.button("Export directory file…", "Export directory file")
        buttons.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(buttons)
        self.table = table_widget(
            "Partners", ["Partner", "Type", "Services", "Languages", "Police", "Agreement"]
        )
        header = self.table.horizontalHeader()
        for index in (1, 4, 5):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        # Columns settle after the page is shown: fit the wrapped rows again when they do.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())
        column.addWidget(self.table, 1)
        return box

    def _build_suggestions(self) -> QWidget:
        box = QWidget()
        box.setObjectName("page")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 10, 0, 0)
        row.setSpacing(16)

        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.setSpacing(6)
        form_layout.addWidget(ui.paragraph("What does the person need?", muted=True))
        self.service_boxes: dict[str, QCheckBox] = {}
        self._services_grid = QGridLayout()
        self._services_grid.setHorizontalSpacing(12)
        self._services_grid.setVerticalSpacing(0)
        form_layout.addLayout(self._services_grid)
        form_layout.addWidget(ui.paragraph("Suspected exploitation (optional)", muted=True))
        self.exploitation_boxes: dict[str, QCheckBox] = {}
        self._exploitation_grid = QGridLayout()
        self._exploitation_grid.setHorizontalSpacing(12)
        self._exploitation_grid.setVerticalSpacing(0)
        form_layout.addLayout(self._exploitation_grid)

        choices = QGridLayout()
        choices.setHorizontalSpacing(12)
        choices.setVerticalSpacing(6)
        self.language = ui.combo_box("Person's language", [("", "Any language")])
        self.population = ui.combo_box(
            "Person is among",
            [("", "Anyone")] + [(p.value, t) for p, t in POPULATION_LABELS.items()],
        )
        self.within = ui.combo_box(
            "Response needed within", [(str(h), t) for h, t in RESPONSE_CHOICES]
        )
        for column, (text, widget) in enumerate(
            (
                ("Language", self.language),
                ("The person is", self.population),
                ("Response", self.within),
            )
        ):
            choices.addWidget(ui.field_label(text, widget), column, 0)
            choices.addWidget(widget, column, 1)
        choices.setColumnStretch(1, 1)
        form_layout.addSpacing(6)
        form_layout.addLayout(choices)
        self.police_free = ui.check_box(
            "Only partners with no police involvement",
            "Only partners with no police involvement",
        )
        self.police_free.setToolTip(
            "Keep this ticked unless the person agreed to share with the police"
        )
        self.police_free.setChecked(True)
        form_layout.addWidget(self.police_free)
        suggest_row = QHBoxLayout()
        suggest_row.addStretch(1)
        self.suggest_button = ui.button("Suggest partners", primary=True)
        suggest_row.addWidget(self.suggest_button)
        form_layout.addLayout(suggest_row)
        form_layout.addStretch(1)
        form_scroll = QScrollArea()
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setFixedWidth(FORM_WIDTH)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form.setObjectName("page")
        form_scroll.setWidget(form)
        row.addWidget(form_scroll)

        results = QWidget()
        results.setObjectName("page")
        self._results = QVBoxLayout(results)
        self._results.setContentsMargins(0, 0, 8, 0)
        self._results.setSpacing(8)
        self.results_heading = ui.heading("Suggestions", level=2)
        self._results.addWidget(self.results_heading)
        self.results_note = ui.paragraph(
            "Choose what the person needs and press Suggest partners.", muted=True
        )
        self.results_note.setAccessibleName("Suggestions summary")
        self._results.addWidget(self.results_note)
        self._results.addStretch(1)
        self.cards: list[_SuggestionCard] = []
        results_scroll = QScrollArea()
        results_scroll.setWidgetResizable(True)
        results_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        results_scroll.setWidget(results)
        row.addWidget(results_scroll, 1)
        return box

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self._service

        def load() -> tuple[Directory, list[tuple[str, str]], list[tuple[str, str]]]:
            from screening_tools.directory import EXPLOITATION_INSTRUMENT, SERVICES_INSTRUMENT

            services = [
                (i.id, str(i.worker_text)) for i in service.instrument(SERVICES_INSTRUMENT).items()
            ]
            kinds = [
                (i.id, str(i.worker_text))
                for i in service.instrument(EXPLOITATION_INSTRUMENT).items()
            ]
            return stored_directory(service), services, kinds

        self._ops.run(load, self._loaded, self.notice.show_error)

    def clear(self) -> None:
        self._directory = None
        self.table.setRowCount(0)
        self.count.clear()
        self._show_suggestions(None)
        self.notice.clear_notice()

    def focus_first(self) -> None:
        self.table.setFocus()

    @property
    def directory(self) -> Directory | None:
        return self._directory

    def _loaded(self, result: Any) -> None:
        directory, services, kinds = result
        self._service_labels = {code: short_label(text) for code, text in services}
        if not self.service_boxes:
            _fill_boxes(self._services_grid, self.service_boxes, services, "Needs")
            _fill_boxes(self._exploitation_grid, self.exploitation_boxes, kinds, "Suspected")
        self._show_directory(directory)

    def _show_directory(self, directory: Directory) -> None:
        self._directory = directory
        partners = directory.partners
        self.table.setRowCount(len(partners))
        for row, p in enumerate(partners):
            agreement = p.data_sharing_agreement
            agreement_text = agreement.status.value.capitalize()
            if agreement.date:
                agreement_text += f" ({agreement.date.isoformat()})"
            values = (
                p.name,
                p.type.value.replace("_", " "),
                ", ".join(self._service_labels.get(s, s) for s in p.services),
                ", ".join(language_name(code) for code in p.languages),
                "Involved" if p.police_involved else "None",
                agreement_text,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._fit_rows()
        count = len(partners)
        self.count.setText(
            f"{count} partner{'s' if count != 1 else ''}"
            + (f". {directory.description}" if directory.description else "")
            if count
            else "No partners yet: import your organisation's directory file."
        )
        codes = list(BASE_LANGUAGES)
        codes += sorted({c for p in partners for c in p.languages} - set(codes))
        current = self.language.currentData()
        self.language.clear()
        self.language.addItem("Any language", "")
        for code in codes:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))

    def _fit_rows(self) -> None:
        """Each row as tall as its most wrapped cell. Measured here rather than by
        ``resizeRowsToContents``, which leaves out the style sheet's cell padding and so cuts
        the last line short."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        flags = int(Qt.TextFlag.TextWordWrap)
        for row in range(self.table.rowCount()):
            height = metrics.height()
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is None:
                    continue
                width = max(20, header.sectionSize(column) - 2 * CELL_PADDING - 12)
                box = metrics.boundingRect(QRect(0, 0, width, 10_000), flags, item.text())
                height = max(height, box.height())
            self.table.setRowHeight(row, height + 14)

    # -- file import and export ---------------------------------------------------------------

    def _choose_import(self) -> None:
        path = choose_open_file(self, "Import a partner directory", FILE_FILTERS)
        if path is not None:
            self.import_file(path)

    def _choose_export(self) -> None:
        path = choose_save_file(self, "Export the partner directory", "partners.yaml", FILE_FILTERS)
        if path is not None:
            self.export_file(path)

    def import_file(self, path: Path) -> None:
        service = self._service

        def imported(directory: Any) -> None:
            self._show_directory(directory)
            count = len(directory.partners)
            self.notice.show_info(f"Imported {count} partner{'s' if count != 1 else ''}.")
            self._show_suggestions(None)

        self.notice.clear_notice()
        self._ops.run(lambda: service.import_directory(path), imported, self.notice.show_error)

    def export_file(self, path: Path) -> None:
        service = self._service
        fmt = "json" if path.suffix.lower() == ".json" else "yaml"

        def export() -> None:
            text = service.export_directory(fmt)
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                from screening_tools.errors import ScreeningError

                raise ScreeningError(f"Cannot write {path.name}: {exc.strerror}.") from None

        self.notice.clear_notice()
        self._ops.run(
            export,
            lambda _r: self.notice.show_info(f"Exported the directory to {path.name}."),
            self.notice.show_error,
        )

    # -- suggestions --------------------------------------------------------------------------

    def criteria(self) -> Criteria:
        within = int(self.within.currentData() or 0)
        return Criteria(
            services_needed=frozenset(c for c, b in self.service_boxes.items() if b.isChecked()),
            language=self.language.currentData() or None,
            population=self.population.currentData() or None,
            exploitation_types=frozenset(
                c for c, b in self.exploitation_boxes.items() if b.isChecked()
            ),
            needs_police_free=self.police_free.isChecked(),
            within_hours=within or None,
        )

    def suggest(self) -> None:
        service = self._service
        try:
            criteria = self.criteria()
        except ValueError as err:  # pydantic: a code the directory rules do not know
            self.notice.show_error(err)
            return
        self._ops.run(
            lambda: suggest_from(service, criteria),
            self._show_suggestions,
            self.notice.show_error,
        )

    def suggestions(self) -> list[Suggestion]:
        return list(self._suggestions)

    def _show_suggestions(self, result: Any) -> None:
        for card in self.cards:
            self._results.removeWidget(card)
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        if result is None:
            self._suggestions = []
            self.results_note.setText("Choose what the person needs and press Suggest partners.")
            return
        self._suggestions = list(result)
        if not self._suggestions:
            self.results_note.setText(
                "No partner fits. Try fewer needs, or check the directory is imported."
            )
            return
        count = len(self._suggestions)
        self.results_note.setText(
            f"{count} partner{'s' if count != 1 else ''} fit, best first. Suggestions only "
            "advise: the referral route and the person's consent still decide what may be sent."
        )
        for rank, suggestion in enumerate(self._suggestions, start=1):
            card = _SuggestionCard(rank, suggestion)
            self._results.insertWidget(self._results.count() - 1, card)
            self.cards.append(card)


def _fill_boxes(
    grid: QGridLayout, boxes: dict[str, QCheckBox], items: list[tuple[str, str]], prefix: str
) -> None:
    for index, (code, text) in enumerate(items):
        label = short_label(text)
        box = ui.check_box(label, f"{prefix}: {label}")
        box.setToolTip(text)
        grid.addWidget(box, index, 0)
        boxes[code] = box
