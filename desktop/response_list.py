"""A checklist (Yes / No / Not asked) or tick-any-that-apply instrument, saved as it is answered:
immediate needs, security concerns, interpreter checks, exploitation types, services needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop import texts, ui
from desktop.choice_row import YES_NO_NOT_ASKED, ChoiceRow, translated
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.session_context import SessionContext
from desktop.tick_row import TickRow
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Instrument

NOT_ASKED = "not_asked"
SELECTED = "selected"
NOT_SELECTED = "not_selected"


class ResponseList(QWidget):
    flagged = Signal(str)  # item id: a "yes" on an item that must be passed on was saved
    status = Signal(str)

    def __init__(
        self,
        service: ScreeningService,
        ops: Operations,
        instrument_id: str,
        *,
        show_title: bool = True,
        title: str | None = None,  # in the worker's language; the instrument's own by default
        describe: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._ops = ops
        self.instrument_id = instrument_id
        self._show_title = show_title
        self._title = title
        self._describe = describe
        self._context: SessionContext | None = None
        self._instrument: Instrument | None = None
        self._saved: dict[str, str] = {}
        self.rows: dict[str, ChoiceRow] = {}
        self.ticks: dict[str, TickRow] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def load(self, context: SessionContext) -> None:
        self.clear()
        self._context = context
        instrument = context.tool(self.instrument_id)
        self._instrument = instrument
        iid = instrument.id
        if self._show_title:
            title = self._title or texts.own_text(instrument, "title")
            self._layout.addWidget(ui.heading(title, level=2))
        if self._describe:
            description = texts.own_text(instrument, "description")
            self._layout.addWidget(ui.paragraph(description, muted=True))
        if instrument.caveat:
            caveat = texts.own_text(instrument, "caveat")
            self._layout.addWidget(ui.banner(caveat, accessible_name=tr("Please note")))
        multi = instrument.kind == "multi_select"
        choices = translated(YES_NO_NOT_ASKED)
        for group in instrument.groups:
            if len(instrument.groups) > 1:
                heading = ui.group_heading(texts.group_text(iid, group))
                self._layout.addWidget(heading)
            for item in group.items:
                value = context.response(instrument.id, item.id)
                worker_text = texts.item_text(iid, item)
                if multi:
                    tick = TickRow(item.id, worker_text)
                    tick.set_ticked(value == SELECTED)
                    tick.toggled.connect(
                        lambda key, on: self._save(key, SELECTED if on else NOT_SELECTED)
                    )
                    self._layout.addWidget(tick)
                    self.ticks[item.id] = tick
                else:
                    row = ChoiceRow(item.id, worker_text, choices, value=value or NOT_ASKED)
                    row.chosen.connect(self._save)
                    self._layout.addWidget(row)
                    self.rows[item.id] = row
                self._saved[item.id] = value or (NOT_SELECTED if multi else NOT_ASKED)

    def clear(self) -> None:
        self._context = None
        self._instrument = None
        self._saved = {}
        self.rows = {}
        self.ticks = {}
        while self._layout.count():
            child = self._layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _save(self, item_id: str, value: str) -> None:
        context = self._context
        if context is None:
            return
        screening_id, instrument_id = context.screening_id, self.instrument_id
        service = self._service
        self.status.emit(tr("Saving…"))
        self._ops.run(
            lambda: service.record_response(screening_id, instrument_id, item_id, value),
            lambda _none: self._saved_ok(screening_id, item_id, value),
            lambda error: self._failed(screening_id, item_id, error),
        )

    def _is_current(self, screening_id: int) -> bool:
        return self._context is not None and self._context.screening_id == screening_id

    def _saved_ok(self, screening_id: int, item_id: str, value: str) -> None:
        if not self._is_current(screening_id):
            return
        self._saved[item_id] = value
        self.status.emit(tr("Saved {time}").format(time=texts.clock_time()))
        item = self._instrument.item(item_id) if self._instrument else None
        if value == "yes" and item is not None and item.flags:
            self.flagged.emit(item_id)

    def _failed(self, screening_id: int, item_id: str, error: Exception) -> None:
        self._ops.failed.emit(error)
        if not self._is_current(screening_id):
            return
        previous = self._saved.get(item_id)
        if item_id in self.rows:
            self.rows[item_id].set_value(previous)
        if item_id in self.ticks:
            self.ticks[item_id].set_ticked(previous == SELECTED)
        self.status.emit(tr("Not saved"))
