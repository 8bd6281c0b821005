"""The items of an indicator instrument by group, saved as the worker answers them.

Used by the questions step (all five answers, Skip) and by the immediate-needs step, where no
interview takes place and only what the worker observed can be kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop import texts, ui
from desktop.checklist_item_widget import STATES, ChecklistItemWidget
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.person_card import PersonCard
from desktop.session_context import SessionContext
from screening_tools.domain import Answer, AnswerState
from screening_tools.service import ScreeningService


class ItemList(QWidget):
    selected = Signal(str)  # item id
    saved = Signal(object)  # the Answer the core returned (with its prompts)
    status = Signal(str)  # "Saving…", "Saved 14:05", "Not saved"

    def __init__(
        self,
        service: ScreeningService,
        ops: Operations,
        *,
        states: Sequence[AnswerState] = STATES,
        can_skip: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklistBody")
        self._service = service
        self._ops = ops
        self._states = tuple(states)
        self._can_skip = can_skip
        self._context: SessionContext | None = None
        self._lang = texts.SOURCE_LANGUAGE
        self._items: dict[str, ChecklistItemWidget] = {}
        self._saved: dict[str, AnswerState] = {}
        self._pending = 0
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 12, 12)
        self._layout.setSpacing(8)

    # -- content --------------------------------------------------------------------------

    def load(self, context: SessionContext, lang: str) -> None:
        self.clear()
        self._context = context
        self._lang = lang
        number = 0
        iid = context.instrument.id
        for group in context.instrument.groups:
            heading = ui.group_heading(texts.group_text(iid, group))
            self._layout.addWidget(heading)
            if group.description:
                description = texts.group_text(iid, group, "description")
                self._layout.addWidget(ui.paragraph(description, muted=True))
            for item in group.items:
                number += 1
                widget = ChecklistItemWidget(
                    item,
                    number,
                    instrument_id=iid,
                    states=self._states,
                    lang=lang,
                    can_skip=self._can_skip,
                )
                widget.answer_chosen.connect(self._answer_chosen)
                widget.selected.connect(self.selected)
                widget.skip_requested.connect(self._skip)
                widget.show_requested.connect(self._show_to_person)
                self._layout.addWidget(widget)
                self._items[item.id] = widget
        self._layout.addStretch(1)
        for item_id, answer in context.screening.answers.items():
            existing = self._items.get(item_id)
            if existing is not None:
                existing.set_state(answer.state)
                self._saved[item_id] = answer.state
        for item_id in context.flow.state.skipped_items:
            if item_id in self._items:
                self._items[item_id].set_skipped(True)

    def clear(self) -> None:
        self._context = None
        self._items = {}
        self._saved = {}
        self._pending = 0
        while self._layout.count():
            child = self._layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        for widget in self._items.values():
            widget.set_language(lang)

    def widgets(self) -> list[ChecklistItemWidget]:
        return list(self._items.values())

    def widget(self, item_id: str) -> ChecklistItemWidget:
        return self._items[item_id]

    def answered_count(self) -> int:
        return sum(1 for s in self._saved.values() if s != AnswerState.NOT_ASSESSED)

    def summary_text(self) -> str:
        return tr("{answered} of {total} answered · all saved").format(
            answered=texts.number(self.answered_count()), total=texts.number(len(self._items))
        )

    # -- saving ---------------------------------------------------------------------------

    def _answer_chosen(self, item_id: str, state: object) -> None:
        context = self._context
        if context is None:
            return
        screening_id = context.screening_id
        answer = AnswerState(str(state))
        self._pending += 1
        self.status.emit(tr("Saving…"))
        service = self._service
        self._ops.run(
            lambda: service.record_answer(screening_id, item_id, answer),
            lambda result: self._answer_saved(screening_id, result),
            lambda error: self._answer_failed(screening_id, item_id, error),
        )

    def _current(self, screening_id: int) -> bool:
        return self._context is not None and self._context.screening_id == screening_id

    def _answer_saved(self, screening_id: int, answer: Answer) -> None:
        if not self._current(screening_id):
            return  # another session is open now; this one was saved all the same
        self._saved[answer.item_id] = answer.state
        self._pending = max(self._pending - 1, 0)
        if self._pending == 0:
            self.status.emit(tr("Saved {time}").format(time=texts.clock_time()))
        self.saved.emit(answer)

    def _answer_failed(self, screening_id: int, item_id: str, error: Exception) -> None:
        self._ops.failed.emit(error)
        if not self._current(screening_id):
            return
        self._pending = max(self._pending - 1, 0)
        widget = self._items.get(item_id)
        if widget is not None:
            widget.set_state(self._saved.get(item_id, AnswerState.NOT_ASSESSED))
        self.status.emit(tr("Not saved"))

    def _skip(self, item_id: str) -> None:
        context = self._context
        if context is None:
            return
        screening_id = context.screening_id
        service = self._service
        self._ops.run(
            lambda: service.skip_item(screening_id, item_id),
            lambda _flow: self._skipped(screening_id, item_id),
        )

    def _skipped(self, screening_id: int, item_id: str) -> None:
        if not self._current(screening_id) or item_id not in self._items:
            return
        widget = self._items[item_id]
        widget.set_skipped(True)
        self.status.emit(tr("Skipped · saved {time}").format(time=texts.clock_time()))
        # Keep the keyboard in the item: Skip has just disappeared.
        widget.buttons[widget.state()].setFocus()

    def _show_to_person(self, item_id: str) -> None:
        widget = self._items.get(item_id)
        if widget is None:
            return
        words = texts.person_wording(widget.instrument_id, widget.item, self._lang)
        if words is None:
            return
        text, note = words
        PersonCard.present(
            self, [text], note, right_to_left=texts.is_right_to_left(self._lang, note)
        )
