"""On the case: what must be passed on, and the referral target. A target, never a block."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.i18n import tr, trn
from screening_tools.domain import ReferralTarget, SafeguardingTask


class SafeguardingPanel(QFrame):
    mark_passed_on = Signal(int)  # task id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAccessibleName(tr(wording.TASKS_HEADING))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addWidget(ui.heading(tr(wording.TASKS_HEADING), level=2))
        self.target = ui.paragraph()
        self.target.setAccessibleName(tr("Referral target"))
        layout.addWidget(self.target)
        self.due = ui.paragraph()
        self.due.setObjectName("targetDue")
        self.due.setAccessibleName(tr("Referral target time"))
        layout.addWidget(self.due)
        self.overdue = ui.paragraph(tr(wording.TARGET_OVERDUE))
        self.overdue.setObjectName("overdue")
        layout.addWidget(self.overdue)
        self.tasks_box = QVBoxLayout()
        self.tasks_box.setSpacing(4)
        layout.addLayout(self.tasks_box)
        self.empty = ui.paragraph(tr(wording.TASKS_EMPTY), muted=True)
        layout.addWidget(self.empty)
        self.done = ui.paragraph(muted=True)
        self.done.setAccessibleName(tr("Already passed on"))
        layout.addWidget(self.done)
        self.buttons: dict[int, QWidget] = {}
        self.set_content(None, [], {})

    def set_content(
        self,
        target: ReferralTarget | None,
        tasks: list[SafeguardingTask],
        item_texts: dict[str, str],
        now: datetime | None = None,
    ) -> None:
        now = now or datetime.now(UTC)
        if target is None:
            self.target.setText(tr(wording.TARGET_NOT_STARTED))
            self.due.hide()
            self.overdue.hide()
        else:
            late = target.overdue(now)
            self.target.setText(
                trn(
                    "Target: refer within {hours} hour of the first recorded concern",
                    "Target: refer within {hours} hours of the first recorded concern",
                    target.hours,
                ).format(hours=texts.number(target.hours))
            )
            self.due.setText(
                tr("Target time: {due} (first concern recorded {started})").format(
                    due=texts.local_time(target.due_at),
                    started=texts.local_time(target.started_at),
                )
            )
            self.due.setProperty("overdue", "true" if late else "false")
            self.due.style().unpolish(self.due)
            self.due.style().polish(self.due)
            self.due.show()
            self.overdue.setVisible(late)
        self._clear_tasks()
        open_tasks = [t for t in tasks if t.done_at is None]
        for task in open_tasks:
            self.tasks_box.addWidget(self._task_row(task, item_texts.get(task.item_id)))
        done = [t for t in tasks if t.done_at is not None]
        self.done.setText(
            "\n".join(
                tr("Passed on {time}: {item}").format(
                    time=texts.local_time(t.done_at), item=item_texts.get(t.item_id, t.item_id)
                )
                for t in done
                if t.done_at is not None
            )
        )
        self.done.setVisible(bool(done))
        self.empty.setVisible(not open_tasks)

    def _task_row(self, task: SafeguardingTask, item_text: str | None) -> QFrame:
        row = QFrame()
        row.setObjectName("task")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        prompt = ui.paragraph(tr(task.prompt), selectable=True)
        prompt.setObjectName("guidanceItem")
        layout.addWidget(prompt)
        when, who = texts.local_time(task.created_at), task.created_by
        if item_text:
            raised = tr("Raised {time} by {worker} · {item}").format(
                time=when, worker=who, item=item_text
            )
        else:
            raised = tr("Raised {time} by {worker}").format(time=when, worker=who)
        meta = ui.paragraph(raised, muted=True)
        layout.addWidget(meta)
        buttons = QHBoxLayout()
        button = ui.button(
            tr("Mark as passed on"),
            tr("Mark as passed on: {item}").format(item=item_text or task.flag),
        )
        button.clicked.connect(lambda: self._mark(task.id))
        buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.buttons[task.id] = button
        return row

    def _mark(self, task_id: int) -> None:
        button = self.buttons.get(task_id)
        if button is not None:
            button.setEnabled(False)
        self.mark_passed_on.emit(task_id)

    def _clear_tasks(self) -> None:
        self.buttons = {}
        while self.tasks_box.count():
            child = self.tasks_box.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def open_task_labels(self) -> list[str]:
        return [
            label.text()
            for index in range(self.tasks_box.count())
            if (child := self.tasks_box.itemAt(index)) is not None
            and (widget := child.widget()) is not None
            for label in widget.findChildren(QLabel)
        ]
