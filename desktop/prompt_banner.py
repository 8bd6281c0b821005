"""The "this must be passed on" box: prominent when a prompt is raised, and, once the worker has
read it, folded into one line that stays in view until the session moves on."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from desktop import ui, wording

_PREFIX = wording.MUST_PASS_ON + ":"


class PromptBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mustPassOn")
        self.setAccessibleName(wording.MUST_PASS_ON)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 10, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.title = ui.paragraph(wording.MUST_PASS_ON)
        self.title.setObjectName("mustPassOnTitle")
        top.addWidget(self.title, 1)
        self.fold_button = ui.button("Fold", "Fold the must-be-passed-on box")
        top.addWidget(self.fold_button)
        layout.addLayout(top)
        self.list = ui.bullet_list([], wording.MUST_PASS_ON)
        layout.addWidget(self.list)
        self.task_note = ui.paragraph(wording.MUST_PASS_ON_TASK)
        layout.addWidget(self.task_note)
        self._prompts: list[str] = []
        self._folded = False
        self.fold_button.clicked.connect(lambda: self.set_folded(not self._folded))
        self.hide()

    def prompts(self) -> list[str]:
        return list(self._prompts)

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
        ui.set_bullets(self.list, [_without_title(p) for p in self._prompts])
        # A screen reader reads the whole box when it appears.
        self.setAccessibleDescription(" ".join(self._prompts))
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
            things = "1 concern" if count == 1 else f"{count} concerns"
            self.title.setText(f"{wording.MUST_PASS_ON}: {things} (listed on the case)")
            self.fold_button.setText("Show")
            self.fold_button.setAccessibleName("Show what must be passed on")
        else:
            self.title.setText(wording.MUST_PASS_ON)
            self.fold_button.setText("Fold")
            self.fold_button.setAccessibleName("Fold the must-be-passed-on box")


def _without_title(prompt: str) -> str:
    if prompt.startswith(_PREFIX):
        rest = prompt[len(_PREFIX) :].strip()
        return rest[:1].upper() + rest[1:]
    return prompt
