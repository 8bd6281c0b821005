"""A reference screen (Action–Means–Purpose; trafficking and smuggling compared): read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.guidance_panel import provenance_text, review_text
from desktop.i18n import tr
from desktop.ops import Operations
from screening_tools.i18n import N_
from screening_tools.service import ScreeningService

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    pass

ACTION_MEANS_PURPOSE = "reference-action-means-purpose"
TRAFFICKING_VS_SMUGGLING = "reference-trafficking-vs-smuggling"
# (instrument id, menu title): the titles are English source texts, shown through tr().
REFERENCES = (
    (ACTION_MEANS_PURPOSE, N_("Action, means and purpose")),
    (TRAFFICKING_VS_SMUGGLING, N_("Trafficking and smuggling compared")),
)


class ReferencePage(QWidget):
    back = Signal()

    def __init__(self, service: ScreeningService, ops: Operations) -> None:
        super().__init__()
        self.setObjectName("page")
        self._service = service
        self._ops = ops
        self.instrument_id: str | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        holder = QWidget()
        holder.setObjectName("page")
        scroll.setWidget(holder)
        column = QVBoxLayout(holder)
        column.setContentsMargins(32, 12, 32, 24)
        content = QWidget()
        content.setMaximumWidth(900)
        column.addWidget(content)
        column.addStretch(1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.back_button = ui.link_button(tr("← Back"), tr("Back to where you were"))
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.title = ui.heading(tr("Reference"))
        layout.addWidget(self.title)
        layout.addWidget(ui.paragraph(tr(wording.REFERENCE_NOTE), muted=True))
        self.description = ui.paragraph(selectable=True)
        layout.addWidget(self.description)
        self.caveat = ui.banner(accessible_name=tr("Please note"))
        layout.addWidget(self.caveat)
        self.groups = QVBoxLayout()
        self.groups.setSpacing(6)
        layout.addLayout(self.groups)
        self.source = ui.paragraph(muted=True, selectable=True)
        layout.addWidget(self.source)
        self.review = ui.paragraph()
        self.review.setObjectName("reviewStatus")
        layout.addWidget(self.review)
        self.back_button.clicked.connect(self.back)

    def load(self, instrument_id: str) -> None:
        service = self._service
        self._ops.run(lambda: service.instrument(instrument_id), self._loaded)

    def focus_first(self) -> None:
        self.back_button.setFocus()

    def _loaded(self, result: Any) -> None:
        from screening_tools.content import Instrument  # loaded by now: no start-up cost

        assert isinstance(result, Instrument)
        instrument = result
        self.instrument_id = instrument.id
        iid = instrument.id
        self.title.setText(texts.own_text(instrument, "title"))
        self.description.setText(texts.own_text(instrument, "description"))
        label = self.caveat.findChild(QLabel)
        if label is not None:
            label.setText(texts.own_text(instrument, "caveat"))
        self.caveat.setVisible(bool(instrument.caveat))
        while self.groups.count():
            child = self.groups.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for group in instrument.groups:
            title = texts.group_text(iid, group)
            heading = ui.group_heading(title)
            self.groups.addWidget(heading)
            if group.description:
                description = texts.group_text(iid, group, "description")
                self.groups.addWidget(ui.paragraph(description, muted=True))
            points = ui.bullet_list([texts.item_text(iid, i) for i in group.items], title)
            self.groups.addWidget(ui.boxed(points))
        self.source.setText(
            tr("Source: {sources}").format(sources=provenance_text(list(instrument.provenance)))
        )
        self.review.setText(review_text(instrument.review_status))
