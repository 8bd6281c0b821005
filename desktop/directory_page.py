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
from desktop.i18n import current, tr, trn
from desktop.ops import Operations
from desktop.supervisor_widgets import (
    Notice,
    choose_open_file,
    choose_save_file,
    page_frame,
    table_widget,
)
from screening_tools.directory import Criteria, Directory, Population, Suggestion
from screening_tools.i18n import N_, PSEUDO_LOCALE
from screening_tools.service import ScreeningService

INTRO = N_(
    "Organisations you refer people to. Import your directory as a YAML or JSON file; export it "
    "to share or edit. Suggestions rank partners against what the person needs."
)
FORM_WIDTH = 440
CELL_PADDING = 10  # QTableView::item's horizontal padding in desktop.style
TAB_STYLE = "QTabBar::tab { padding: 6px 16px; } QTabBar::tab:selected { font-weight: 600; }"
FILE_FILTERS = N_("Directory files (*.yaml *.yml *.json);;All files (*)")
# The app's interface languages come first; partners' own languages are added when loaded.
BASE_LANGUAGES = ("en", "es", "fr", "ar", "ro", "vi")
RESPONSE_CHOICES = (
    (0, N_("Any response time")),
    (4, N_("Within 4 hours")),
    (24, N_("Within 24 hours")),
    (48, N_("Within 48 hours")),
    (72, N_("Within 3 days")),
    (168, N_("Within a week")),
)
POPULATION_LABELS = {
    Population.ADULTS: N_("Adults"),
    Population.CHILDREN: N_("Children"),
    Population.WOMEN: N_("Women"),
    Population.MEN: N_("Men"),
    Population.FAMILIES: N_("Families"),
    Population.LGBTQ: N_("LGBTQ+ people"),
    Population.MIGRANTS: N_("Migrants"),
}
TYPE_LABELS = {
    "support_provider": N_("support provider"),
    "first_responder": N_("first responder"),
    "competent_authority": N_("competent authority"),
    "child_protection": N_("child protection"),
    "monitoring_body": N_("monitoring body"),
    "health": N_("health"),
    "police": N_("police"),
    "immigration": N_("immigration"),
    "legal": N_("legal"),
    "other": N_("other"),
}
AGREEMENT_LABELS = {
    "none": N_("None"),
    "draft": N_("Draft"),
    "signed": N_("Signed"),
    "expired": N_("Expired"),
}


def short_label(text: str) -> str:
    """A checklist wording cut to its first phrase: "Housing: a safe place…" -> "Housing"."""
    head = re.split(r":|, (?:including|for example|such as|or help|often)\b", str(text))[0]
    return head.strip().rstrip(".")


def language_name(code: str) -> str:
    """A language's name in the interface language (Babel's CLDR names)."""
    from babel import Locale

    locale = current().locale
    name = Locale.parse("en" if locale == PSEUDO_LOCALE else locale).languages.get(code)
    return str(name) if name else code


def _label(labels: dict[str, str], value: str) -> str:
    label = labels.get(value)
    return tr(label) if label else value.replace("_", " ")


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
        title = ui.heading(
            tr("{rank}. {name}").format(rank=ui.number(rank), name=partner.name), level=2
        )
        layout.addWidget(title)
        layout.addWidget(
            ui.paragraph(
                tr("When to contact: {when}").format(when=partner.when_to_contact), muted=True
            )
        )
        self.reasons = ui.bullet_list(
            [tr(r) for r in suggestion.reasons],
            tr("Why {name} matches").format(name=partner.name),
        )
        why = ui.paragraph(tr("Why it matches"))
        why.setObjectName("fieldLabel")
        layout.addWidget(why)
        layout.addWidget(self.reasons)
        self.warnings = ui.bullet_list(
            [tr(w) for w in suggestion.warnings],
            tr("Check first for {name}").format(name=partner.name),
        )
        if suggestion.warnings:
            caption = ui.paragraph(tr("Check first"))
            caption.setObjectName("reviewStatus")
            caption.setStyleSheet("font-weight: 600;")
            layout.addWidget(caption)
            layout.addWidget(self.warnings)
        if partner.contact:
            layout.addWidget(
                ui.paragraph(
                    tr("Contact: {contact}").format(contact=partner.contact), selectable=True
                )
            )
        self.suggestion = suggestion


class DirectoryPage(QWidget):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self._service = service
        self._ops = ops
        self._directory: Directory | None = None
        self._suggestions: list[Suggestion] = []
        self._service_labels: dict[str, str] = {}
        layout = page_frame(self, tr("Partner directory"), tr(INTRO))

        self.notice = Notice(tr("Directory result"))
        layout.addWidget(self.notice)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Partner directory views"))
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet(TAB_STYLE)
        self.tabs.addTab(self._build_partners(), tr("Partners"))
        self.tabs.addTab(self._build_suggestions(), tr("Suggest a recipient"))
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
        self.import_button = ui.button(tr("Import directory file…"), tr("Import directory file"))
        self.export_button = ui.button(tr("Export directory file…"), tr("Export directory file"))
        buttons.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(buttons)
        self.table = table_widget(
            tr("Partners"),
            [
                tr("Partner"),
                tr("Type"),
                tr("Services"),
                tr("Languages"),
                tr("Police"),
                tr("Agreement"),
            ],
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
        form_layout.addWidget(ui.paragraph(tr("What does the person need?"), muted=True))
        self.service_boxes: dict[str, QCheckBox] = {}
        self._services_grid = QGridLayout()
        self._services_grid.setHorizontalSpacing(12)
        self._services_grid.setVerticalSpacing(0)
        form_layout.addLayout(self._services_grid)
        form_layout.addWidget(ui.paragraph(tr("Suspected exploitation (optional)"), muted=True))
        self.exploitation_boxes: dict[str, QCheckBox] = {}
        self._exploitation_grid = QGridLayout()
        self._exploitation_grid.setHorizontalSpacing(12)
        self._exploitation_grid.setVerticalSpacing(0)
        form_layout.addLayout(self._exploitation_grid)

        choices = QGridLayout()
        choices.setHorizontalSpacing(12)
        choices.setVerticalSpacing(6)
        self.language = ui.combo_box(tr("Person's language"), [("", tr("Any language"))])
        self.population = ui.combo_box(
            tr("Person is among"),
            [("", tr("Anyone"))] + [(p.value, tr(t)) for p, t in POPULATION_LABELS.items()],
        )
        self.within = ui.combo_box(
            tr("Response needed within"), [(str(h), tr(t)) for h, t in RESPONSE_CHOICES]
        )
        for column, (text, widget) in enumerate(
            (
                (tr("Language"), self.language),
                (tr("The person is"), self.population),
                (tr("Response"), self.within),
            )
        ):
            choices.addWidget(ui.field_label(text, widget), column, 0)
            choices.addWidget(widget, column, 1)
        choices.setColumnStretch(1, 1)
        form_layout.addSpacing(6)
        form_layout.addLayout(choices)
        self.police_free = ui.check_box(
            tr("Only partners with no police involvement"),
            tr("Only partners with no police involvement"),
        )
        self.police_free.setToolTip(
            tr("Keep this ticked unless the person agreed to share with the police")
        )
        self.police_free.setChecked(True)
        form_layout.addWidget(self.police_free)
        suggest_row = QHBoxLayout()
        suggest_row.addStretch(1)
        self.suggest_button = ui.button(tr("Suggest partners"), primary=True)
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
        self._results.setContentsMargins(*ui.mirrored(0, 0, 8, 0))
        self._results.setSpacing(8)
        self.results_heading = ui.heading(tr("Suggestions"), level=2)
        self._results.addWidget(self.results_heading)
        self.results_note = ui.paragraph(
            tr("Choose what the person needs and press Suggest partners."), muted=True
        )
        self.results_note.setAccessibleName(tr("Suggestions summary"))
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

            # In the interface language where the instrument's wording is translated.
            worker = current()
            services = [
                (i.id, worker.instrument_text(SERVICES_INSTRUMENT, i.id, "worker_text", text))
                for i in service.instrument(SERVICES_INSTRUMENT).items()
                if (text := str(i.worker_text))
            ]
            kinds = [
                (i.id, worker.instrument_text(EXPLOITATION_INSTRUMENT, i.id, "worker_text", text))
                for i in service.instrument(EXPLOITATION_INSTRUMENT).items()
                if (text := str(i.worker_text))
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
            _fill_boxes(self._services_grid, self.service_boxes, services, tr("Needs: {item}"))
            _fill_boxes(
                self._exploitation_grid, self.exploitation_boxes, kinds, tr("Suspected: {item}")
            )
        self._show_directory(directory)

    def _show_directory(self, directory: Directory) -> None:
        self._directory = directory
        partners = directory.partners
        self.table.setRowCount(len(partners))
        for row, p in enumerate(partners):
            agreement = p.data_sharing_agreement
            agreement_text = _label(AGREEMENT_LABELS, agreement.status.value)
            if agreement.date:
                agreement_text = tr("{status} ({date})").format(
                    status=agreement_text, date=ui.local_date(agreement.date)
                )
            values = (
                p.name,
                _label(TYPE_LABELS, p.type.value),
                ui.join_list([self._service_labels.get(s, s) for s in p.services]),
                ui.join_list([language_name(code) for code in p.languages]),
                tr("Involved") if p.police_involved else tr("None"),
                agreement_text,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._fit_rows()
        count = len(partners)
        if not count:
            summary = tr("No partners yet: import your organisation's directory file.")
        else:
            summary = trn("{count} partner", "{count} partners", count).format(
                count=ui.number(count)
            )
            if directory.description:
                summary = tr("{partners}. {description}").format(
                    partners=summary, description=directory.description
                )
        self.count.setText(summary)
        codes = list(BASE_LANGUAGES)
        codes += sorted({c for p in partners for c in p.languages} - set(codes))
        current = self.language.currentData()
        self.language.clear()
        self.language.addItem(tr("Any language"), "")
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
        path = choose_open_file(self, tr("Import a partner directory"), tr(FILE_FILTERS))
        if path is not None:
            self.import_file(path)

    def _choose_export(self) -> None:
        path = choose_save_file(
            self, tr("Export the partner directory"), "partners.yaml", tr(FILE_FILTERS)
        )
        if path is not None:
            self.export_file(path)

    def import_file(self, path: Path) -> None:
        service = self._service

        def imported(directory: Any) -> None:
            self._show_directory(directory)
            count = len(directory.partners)
            self.notice.show_info(
                trn("Imported {count} partner.", "Imported {count} partners.", count).format(
                    count=ui.number(count)
                )
            )
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

                raise ScreeningError(
                    tr("Cannot write {name}: {problem}.").format(
                        name=path.name, problem=exc.strerror
                    )
                ) from None

        self.notice.clear_notice()
        self._ops.run(
            export,
            lambda _r: self.notice.show_info(
                tr("Exported the directory to {name}.").format(name=path.name)
            ),
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
            self.results_note.setText(
                tr("Choose what the person needs and press Suggest partners.")
            )
            return
        self._suggestions = list(result)
        if not self._suggestions:
            self.results_note.setText(
                tr("No partner fits. Try fewer needs, or check the directory is imported.")
            )
            return
        count = len(self._suggestions)
        self.results_note.setText(
            trn(
                "{count} partner fits, best first. Suggestions only advise: the referral route "
                "and the person's consent still decide what may be sent.",
                "{count} partners fit, best first. Suggestions only advise: the referral route "
                "and the person's consent still decide what may be sent.",
                count,
            ).format(count=ui.number(count))
        )
        for rank, suggestion in enumerate(self._suggestions, start=1):
            card = _SuggestionCard(rank, suggestion)
            self._results.insertWidget(self._results.count() - 1, card)
            self.cards.append(card)


def _fill_boxes(
    grid: QGridLayout, boxes: dict[str, QCheckBox], items: list[tuple[str, str]], name: str
) -> None:
    """``name`` makes each box's accessible name from its label (``{item}``)."""
    for index, (code, text) in enumerate(items):
        label = short_label(text)
        box = ui.check_box(label, name.format(item=label))
        box.setToolTip(text)
        grid.addWidget(box, index, 0)
        boxes[code] = box
