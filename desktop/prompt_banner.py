"""The "this must be passed on" box: prominent when a prompt is raised, and, once the worker has
read it, folded into one line that stays in view until the session moves on.

Prompts arrive as the core's English source texts (also what the vault stores); they are shown,
and returned by ``prompts()``, in the worker's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from desktop import texts, ui, wording
from desktop.i18n import tr, trn


class PromptBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mustPassOn")
        self.setAccessibleName(tr(wording.MUST_PASS_ON))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 10, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.title = ui.paragraph(tr(wording.MUST_PASS_ON))
        self.title.setObjectName("mustPassOnTitle")
        top.addWidget(self.title, 1)
        self.fold_button = ui.button(tr("Fold"), tr("Fold the must-be-passed-on box"))
        top.addWidget(self.fold_button)
        layout.addLayout(top)
        self.list = ui.bullet_list([], tr(wording.MUST_PASS_ON))
        layout.addWidget(self.list)
        self.task_note = ui.paragraph(tr(wording.MUST_PASS_ON_TASK))
        layout.addWidget(self.task_note)
        self._prompts: list[str] = []
        self._folded = False
        self.fold_button.clicked.connect(lambda: self.set_folded(not self._folded))
        self.hide()

    def prompts(self) -> list[str]:
        """The prompts shown, in the worker's language."""
        return [tr(p) for p in self._prompts]

    def is_folded(self) -> bool:
        return self._folded

    def set_prompts(self, prompts: Iterable[str]) -> None:
        self._prompts = []
        self._folded = False
        self.add(prompts)

    def add(self, prompts: Iterable[str]) -> None:
        new = [p for p in prompts if p and p not in self._prompts]
        self._prompts += new
        # The prompts repeat the box's title; each is shown without it.
        ui.set_bullets(self.list, [_without_title(p) for p in self.prompts()])
        # A screen reader reads the whole box when it appears.
        self.setAccessibleDescription(" ".join(self.prompts()))
        if new:
            self._folded = False
        self._show()

    def set_folded(self, folded: bool) -> None:
        self._folded = folded
        self._show()

    def clear(self) -> None:
        self.set_prompts([])

    def _show(self) -> None:
        count = len(self._prompts)
        self.setVisible(count > 0)
        self.list.setVisible(not self._folded)
        self.task_note.setVisible(not self._folded)
        if self._folded:
            self.title.setText(
                trn(
                    "This must be passed on: {count} concern (listed on the case)",
                    "This must be passed on: {count} concerns (listed on the case)",
                    count,
                ).format(count=texts.number(count))
            )
            self.fold_button.setText(tr("Show"))
            self.fold_button.setAccessibleName(tr("Show what must be passed on"))
        else:
            self.title.setText(tr(wording.MUST_PASS_ON))
            self.fold_button.setText(tr("Fold"))
            self.fold_button.setAccessibleName(tr("Fold the must-be-passed-on box"))


def _without_title(prompt: str) -> str:
    """A (translated) prompt without the box's title it starts with, if it does."""
    title = tr(wording.MUST_PASS_ON)
    if prompt.startswith(title):
        rest = prompt[len(title) :].lstrip(" :：\u00a0").strip()
        if rest:
            return rest[:1].upper() + rest[1:]
    return prompt
