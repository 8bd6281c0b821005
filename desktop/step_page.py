"""What every step of the screening wizard shares: a heading, a body, a row of actions, and one
way to ask the core to move the session on.

A step never decides which step comes next: it calls the core, and the wizard shows whatever step
the returned flow is at.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import texts, ui
from desktop.i18n import tr
from desktop.ops import Operations
from desktop.session_context import SessionContext
from screening_tools.flow import ScreeningFlow
from screening_tools.service import ScreeningService

READING_WIDTH = 900  # long lines are hard to read; wider windows get margins instead


class StepPage(QWidget):
    advanced = Signal(object)  # the ScreeningFlow the core returned
    finished = Signal()  # the worker is done with the session for now

    def __init__(
        self,
        service: ScreeningService,
        ops: Operations,
        title: str,
        intro: str = "",  # both already in the worker's language (tr)
        *,
        scrolling: bool = True,
    ) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self._context: SessionContext | None = None
        self._lang = texts.SOURCE_LANGUAGE
        self._busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        content = QWidget()
        content.setObjectName("page")
        self.body = QVBoxLayout(content)
        self.body.setSpacing(10)
        self.heading = ui.heading(title)
        self.body.addWidget(self.heading)
        self.intro = ui.paragraph(intro, muted=True)
        self.intro.setVisible(bool(intro))
        self.body.addWidget(self.intro)
        if scrolling:
            self.body.setContentsMargins(0, 4, 12, 16)
            content.setMaximumWidth(READING_WIDTH)
            holder = QWidget()
            holder.setObjectName("page")
            row = QHBoxLayout(holder)
            row.setContentsMargins(32, 8, 20, 0)
            row.addWidget(content, 1)
            row.addStretch(0)
            self.scroll_area: QScrollArea | None = QScrollArea()
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.scroll_area.setWidget(holder)
            outer.addWidget(self.scroll_area, 1)
        else:
            self.scroll_area = None
            self.body.setContentsMargins(24, 8, 24, 8)
            outer.addWidget(content, 1)

        bar = QFrame()
        bar.setObjectName("actionBar")
        self.action_row = QHBoxLayout(bar)
        self.action_row.setContentsMargins(32, 8, 32, 12)
        self.action_row.setSpacing(10)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setAccessibleName(tr("Save status"))
        self.action_row.addWidget(self.status, 1)
        outer.addWidget(bar)

    # -- what the wizard calls ------------------------------------------------------------

    @property
    def context(self) -> SessionContext | None:
        return self._context

    def show_context(self, context: SessionContext, lang: str) -> None:
        self._context = context
        self._lang = lang
        self._busy = False
        self.status.clear()
        self.fill(context)
        self._update()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        if self._context is not None:
            self.apply_language()

    def clear(self) -> None:
        self._context = None
        self._busy = False
        self.status.clear()
        self.reset()
        self._update()

    def focus_first(self) -> None:
        self.heading.setFocus()

    # -- for the steps --------------------------------------------------------------------

    def fill(self, context: SessionContext) -> None:
        """Fill the step from the session."""

    def apply_language(self) -> None:
        """Show the person-facing wording in ``self._lang``."""

    def reset(self) -> None:
        """Forget everything shown (lock, or another session opened)."""

    def _update(self) -> None:
        """Enable or disable the actions."""

    def add_action(self, button: QPushButton) -> QPushButton:
        self.action_row.addWidget(button)
        return button

    def _advance(
        self,
        call: Callable[[ScreeningService, int], ScreeningFlow],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Ask the core to record this step; the wizard then shows the step the flow is at."""
        context = self._context
        if context is None or self._busy:
            return
        screening_id = context.screening_id
        service = self._service
        self._busy = True
        self._update()
        self._ops.run(
            lambda: call(service, screening_id),
            lambda flow: self._advanced(screening_id, flow),
            lambda error: self._advance_failed(error, on_error),
        )

    def _advanced(self, screening_id: int, flow: ScreeningFlow) -> None:
        self._busy = False
        if self._context is None or self._context.screening_id != screening_id:
            return
        self._update()
        self.advanced.emit(flow)

    def _advance_failed(
        self, error: Exception, on_error: Callable[[Exception], None] | None
    ) -> None:
        self._busy = False
        self._update()
        if on_error is not None:
            on_error(error)
        else:
            self._ops.failed.emit(error)
