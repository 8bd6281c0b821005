"""The panel beside the checklist: guidance, an open question to ask, and where it comes from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.i18n import tr
from screening_tools.i18n import N_

if TYPE_CHECKING:
    # Only for annotations: the pydantic content models load on first use, not at start-up.
    from screening_tools.content import Item, Provenance, ReviewStatus

_REVIEW = {
    "draft": wording.DRAFT_WORDING,
    "draft-needs-practitioner-review": N_("Draft wording — needs practitioner review"),
    "reviewed": wording.REVIEWED_WORDING,
}
_STRENGTHS = {
    # TRANSLATORS: how strong an indicator is in its source ("Indicator strength: strong").
    "strong": N_("strong"),
    "medium": N_("medium"),
    "weak": N_("weak"),
}


def review_text(status: ReviewStatus) -> str:
    """The review status in the worker's language."""
    return tr(_REVIEW.get(status, wording.DRAFT_WORDING))


def provenance_text(sources: list[Provenance]) -> str:
    """One line per source, e.g. '001_90370d0feb58ee3b.txt, lines 591–593 (note)'."""
    lines = []
    for source in sources:
        if source.seed:
            span = source.line_span()
            where = ""
            if span is not None:
                first, last = span
                if first == last:
                    where = tr("{file}, line {line}").format(
                        file=source.seed, line=texts.number(first)
                    )
                else:
                    where = tr("{file}, lines {first}–{last}").format(
                        file=source.seed, first=texts.number(first), last=texts.number(last)
                    )
            text = where or source.seed
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
        self.setAccessibleName(tr("Guidance"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 8, 14)
        outer.setSpacing(6)
        outer.addWidget(ui.heading(tr("Guidance"), level=2))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        body = QWidget()
        body.setObjectName("guidanceBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 10, 0)
        layout.setSpacing(6)

        self.empty = ui.paragraph(tr(wording.GUIDANCE_EMPTY), muted=True)
        layout.addWidget(self.empty)
        self.group = ui.paragraph(muted=True)
        self.item_text = ui.paragraph(selectable=True)
        self.item_text.setObjectName("guidanceItem")
        self.strength = ui.paragraph(muted=True)
        self.guidance_title = self._caption(tr("Why we ask and how to ask"))
        self.guidance = ui.paragraph(selectable=True)
        self.person_title = self._caption(tr(wording.PERSON_TEXT_LABEL))
        self.person_text = ui.paragraph(selectable=True)
        self.person_text.setObjectName("personText")
        self.source_title = self._caption(tr("Source"))
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
        self,
        item: Item | None,
        group_title: str = "",
        lang: str = texts.SOURCE_LANGUAGE,
        *,
        instrument_id: str = "",
    ) -> None:
        """Show ``item`` of the instrument ``instrument_id``; ``group_title`` is already in the
        worker's language, and the question to ask is shown in the person's language ``lang``."""
        self.empty.setVisible(item is None)
        for label in self._details:
            label.setVisible(item is not None)
        if item is None:
            for label in (self.group, self.item_text, self.guidance, self.person_text, self.source):
                label.clear()
            return
        self.group.setText(group_title)
        self.item_text.setText(texts.item_text(instrument_id, item))
        self.strength.setText(
            tr("Indicator strength in the source: {strength}").format(
                strength=tr(_STRENGTHS[item.strength])
            )
            if item.strength
            else ""
        )
        self.strength.setVisible(item.strength is not None)
        self.guidance.setText(texts.item_text(instrument_id, item, "guidance"))
        words = texts.person_wording(instrument_id, item, lang)
        has_question = words is not None
        if words is not None:
            text, note = words
            self.person_title.setText(
                tr("{label} — {language}").format(
                    label=tr(wording.PERSON_TEXT_LABEL), language=texts.language_name(lang)
                )
                if lang != texts.SOURCE_LANGUAGE
                else tr(wording.PERSON_TEXT_LABEL)
            )
            quoted = tr("“{text}”").format(text=text)
            self.person_text.setText(quoted + (f"\n{note}" if note else ""))
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
