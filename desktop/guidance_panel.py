"""The panel beside the checklist: guidance, an open question to ask, and where it comes from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from screening_tools.content import Item, Provenance, ReviewStatus

_REVIEW = {
    ReviewStatus.DRAFT: wording.DRAFT_WORDING,
    ReviewStatus.DRAFT_NEEDS_PRACTITIONER_REVIEW: "Draft wording — needs practitioner review",
    ReviewStatus.REVIEWED: wording.REVIEWED_WORDING,
}


def review_text(status: ReviewStatus) -> str:
    return _REVIEW.get(status, wording.DRAFT_WORDING)


def provenance_text(sources: list[Provenance]) -> str:
    """One line per source, e.g. '001_90370d0feb58ee3b.txt, lines 591–593 (note)'."""
    lines = []
    for source in sources:
        if source.seed:
            span = source.line_span()
            where = ""
            if span is not None:
                first, last = span
                where = f", line {first}" if first == last else f", lines {first}–{last}"
            text = f"{source.seed}{where}"
        else:
            text = source.source or ""
        if source.note:
            text += f" ({source.note})"
        lines.append(text)
    return "\n".join(lines)


class GuidancePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setAccessibleName("Guidance")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 8, 14)
        outer.setSpacing(6)
        outer.addWidget(ui.heading("Guidance", level=2))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        body = QWidget()
        body.setObjectName("guidanceBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 10, 0)
        layout.setSpacing(6)

        self.empty = ui.paragraph(wording.GUIDANCE_EMPTY, muted=True)
        layout.addWidget(self.empty)
        self.group = ui.paragraph(muted=True)
        self.item_text = ui.paragraph(selectable=True)
        self.item_text.setObjectName("guidanceItem")
        self.strength = ui.paragraph(muted=True)
        self.guidance_title = self._caption("Why we ask and how to ask")
        self.guidance = ui.paragraph(selectable=True)
        self.person_title = self._caption(wording.PERSON_TEXT_LABEL)
        self.person_text = ui.paragraph(selectable=True)
        self.person_text.setObjectName("personText")
        self.source_title = self._caption("Source")
        self.source = ui.paragraph(muted=True, selectable=True)
        self.review = ui.paragraph()
        self.review.setObjectName("reviewStatus")
        self._details: list[QLabel] = [
            self.group,
            self.item_text,
            self.strength,
            self.guidance_title,
            self.guidance,
            self.person_title,
            self.person_text,
            self.source_title,
            self.source,
            self.review,
        ]
        for index, label in enumerate(self._details):
            if label in (self.guidance_title, self.person_title, self.source_title) and index:
                layout.addSpacing(8)
            layout.addWidget(label)
        layout.addStretch(1)
        scroll.setWidget(body)
        self.show_item(None)

    def show_item(
        self, item: Item | None, group_title: str = "", lang: str = texts.SOURCE_LANGUAGE
    ) -> None:
        self.empty.setVisible(item is None)
        for label in self._details:
            label.setVisible(item is not None)
        if item is None:
            for label in (self.group, self.item_text, self.guidance, self.person_text, self.source):
                label.clear()
            return
        self.group.setText(group_title)
        self.item_text.setText(item.worker_text)
        self.strength.setText(
            f"Indicator strength in the source: {item.strength.value}" if item.strength else ""
        )
        self.strength.setVisible(item.strength is not None)
        self.guidance.setText(item.guidance)
        words = texts.person_wording(item, lang)
        has_question = words is not None
        if words is not None:
            text, note = words
            self.person_title.setText(
                f"{wording.PERSON_TEXT_LABEL} — {texts.language_name(lang)}"
                if lang != texts.SOURCE_LANGUAGE
                else wording.PERSON_TEXT_LABEL
            )
            self.person_text.setText(f"“{text}”" + (f"\n{note}" if note else ""))
        else:
            self.person_text.setText("")
        self.person_title.setVisible(has_question)
        self.person_text.setVisible(has_question)
        self.source.setText(provenance_text(list(item.provenance)))
        self.review.setText(review_text(item.review_status))

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("caption")
        label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        return label
