"""Step 5: the instrument's items, five answers each, the guidance beside them, and notes.

A flagged answer raises the "this must be passed on" box at once; the core has already added a
safeguarding task to the case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.guidance_panel import GuidancePanel
from desktop.i18n import tr
from desktop.item_list import ItemList
from desktop.ops import Operations
from desktop.prompt_banner import PromptBanner
from desktop.session_context import SessionContext
from desktop.session_notes import SessionNotes
from desktop.step_page import StepPage
from screening_tools.domain import Answer
from screening_tools.service import ScreeningService


class ItemsStep(StepPage):
    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__(service, ops, tr(wording.STEP_TITLES["items"]), scrolling=False)
        self._current: str | None = None
        self.heading.hide()  # the wizard's header names the checklist already
        self.prompts = PromptBanner()
        self.body.addWidget(self.prompts)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(14)
        # Everything on the left scrolls together, so nothing is squeezed at a large text size.
        self.items_area = QScrollArea()
        self.items_area.setWidgetResizable(True)
        self.items_area.setFrameShape(QFrame.Shape.NoFrame)
        self.items_area.setAccessibleName(tr("Checklist items"))
        self.items_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("checklistBody")
        left_layout = QVBoxLayout(content)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        self.caveat = ui.banner(accessible_name=tr("About these indicators"))
        left_layout.addWidget(self.caveat)
        help_text = ui.paragraph(tr(wording.ITEMS_HELP), muted=True)
        help_text.setObjectName("fieldHint")
        left_layout.addWidget(help_text)
        self.items = ItemList(service, ops)
        left_layout.addWidget(self.items, 1)
        self.items_area.setWidget(content)
        splitter.addWidget(self.items_area)

        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.setHandleWidth(12)
        right.setMinimumWidth(300)
        self.guidance = GuidancePanel()
        right.addWidget(self.guidance)
        self.notes = SessionNotes(service, ops)
        notes_area = QScrollArea()
        notes_area.setWidgetResizable(True)
        notes_area.setFrameShape(QFrame.Shape.NoFrame)
        notes_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        notes_area.setWidget(self.notes)
        right.addWidget(notes_area)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 380])
        self.body.addWidget(splitter, 1)

        self.finish_button = self.add_action(
            ui.button(
                tr("Finish questions"), tr("Finish questions and show the summary"), primary=True
            )
        )
        self.finish_button.clicked.connect(
            lambda: self._advance(lambda service, sid: service.finish_items(sid))
        )
        self.items.selected.connect(self._select)
        self.items.saved.connect(self._saved)
        self.items.status.connect(self.status.setText)
        self.notes.status.connect(self.status.setText)

    # -- rendering ------------------------------------------------------------------------

    def fill(self, context: SessionContext) -> None:
        self._current = None
        self.heading.setText(texts.own_text(context.instrument, "title"))
        label = self.caveat.findChild(QLabel)
        if label is not None:
            label.setText(texts.own_text(context.instrument, "caveat"))
        self.caveat.setVisible(bool(context.instrument.caveat))
        self.prompts.set_prompts(context.open_prompts())
        self.items.load(context, self._lang)
        self.notes.load(context)
        self.status.setText(self.items.summary_text())
        widgets = self.items.widgets()
        if widgets:
            self._select(widgets[0].item.id)

    def apply_language(self) -> None:
        self.items.set_language(self._lang)
        if self._current is not None:
            current, self._current = self._current, None
            self._select(current)

    def reset(self) -> None:
        self._current = None
        self.prompts.clear()
        self.items.clear()
        self.notes.clear()
        self.guidance.show_item(None)

    def focus_first(self) -> None:
        widgets = self.items.widgets()
        if widgets:
            first = widgets[0]
            first.buttons[first.state()].setFocus()

    def _update(self) -> None:
        self.finish_button.setEnabled(self._context is not None and not self._busy)

    # -- guidance and prompts -------------------------------------------------------------

    def select_item(self, item_id: str) -> None:
        """Show an item's guidance and bring it into view."""
        self._select(item_id)
        self.items_area.ensureWidgetVisible(self.items.widget(item_id), 0, 80)

    def _select(self, item_id: str) -> None:
        context = self._context
        if context is None or item_id == self._current:
            return
        widgets = {w.item.id: w for w in self.items.widgets()}
        if item_id not in widgets:
            return
        if self._current in widgets:
            widgets[self._current].set_current(False)
        self._current = item_id
        widget = widgets[item_id]
        widget.set_current(True)
        instrument = context.instrument
        group = instrument.group_of(item_id)
        title = texts.group_text(instrument.id, group) if group else ""
        self.guidance.show_item(widget.item, title, self._lang, instrument_id=instrument.id)

    def _saved(self, answer: Answer) -> None:
        if answer.prompts:
            self.prompts.add(answer.prompts)
