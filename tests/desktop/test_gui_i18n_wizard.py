"""The case page and the screening wizard in another language: every text goes through the
catalogue (the pseudo-locale shows anything hard-coded), and the person's wording comes from the
person's language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from gui_helpers import (
    TIMEOUT,
    choose,
    click,
    create_vault,
    new_case,
    start_screening,
    to_items,
)
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from desktop import texts
from desktop.i18n import current, set_language
from desktop.main_window import MainWindow
from desktop.person_card import PersonCard
from screening_tools.flow import Step
from screening_tools.i18n import instrument_context, load_catalog, pseudo
from screening_tools.service import ScreeningService

ACCENTED = re.compile("[åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅßÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ]")
ENGLISH_WORD = re.compile("[A-Za-z]{2,}")


@pytest.fixture
def pseudo_window(qtbot, gui_service: ScreeningService) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window built with the interface in the pseudo-locale, English again after."""
    set_language("qps")
    try:
        win = MainWindow(gui_service, idle_lock_minutes=0)
        qtbot.addWidget(win)
        win.resize(1200, 800)
        win.show()
        qtbot.waitExposed(win)
        yield win
        win.shutdown()
    finally:
        set_language("en")


def _plain(text: str) -> str:
    """A label's text as read: rich text (bullet lists) without its markup."""
    if "<" in text and ">" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def visible_texts(root: QWidget) -> list[str]:
    """Every text a person sees or hears from the shown widgets under ``root``."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(_plain(widget.text()))
        if isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
    return [t.strip() for t in found if t and t.strip()]


def not_translated(found: list[str], *data: str) -> list[str]:
    """Texts with English words in them that did not go through the catalogue.

    Pseudo-translated texts are wrapped in brackets; recorded data (``data``: a reference, a
    worker's name) is no interface text and is left out before looking.
    """
    missed = []
    for text in found:
        rest = text
        for value in data:
            rest = rest.replace(value, "")
        if "[" in rest or not ENGLISH_WORD.search(rest):
            continue
        missed.append(text)
    return missed


def test_case_page_and_wizard_steps_are_all_translated(qtbot, pseudo_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = pseudo_window
    assert current().locale == "qps"
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)

    page = window.case_page
    shown = visible_texts(page)
    assert any(ACCENTED.search(t) and "[" in t for t in shown)
    assert page.title.text().startswith("[") and reference in page.title.text()
    assert ACCENTED.search(page.start_button.text())
    assert not_translated(shown, reference, "Outreach worker") == []

    safety = start_screening(qtbot, window, "adult-indicators", age="adult")
    assert window.wizard.current_step() is safety
    # The step itself: its title, intro, questions (instrument wording) and buttons.
    step_texts = visible_texts(safety)
    assert ACCENTED.search(safety.heading.text()) and safety.heading.text().startswith("[")
    assert not_translated(step_texts) == []
    # The wizard's header: step indicator, checklist title, language selector.
    header = window.wizard.step_indicator.text()
    assert header.startswith("[") and ACCENTED.search(header)
    assert not_translated(visible_texts(window.wizard), reference) == []


def test_questions_in_the_pseudo_locale_show_the_romanian_question(  # type: ignore[no-untyped-def]
    qtbot, pseudo_window: MainWindow
) -> None:
    window = pseudo_window
    create_vault(qtbot, window)
    reference = new_case(qtbot, window)
    items = to_items(qtbot, window)
    assert window.wizard.context is not None and window.wizard.context.flow.step is Step.ITEMS
    assert not_translated(visible_texts(items), reference) == []

    choose(window.wizard.language, "ro")
    widget = next(w for w in items.items.widgets() if w.item.person_text)
    english = str(widget.item.person_text)
    romanian = _romanian_person_text(widget.instrument_id, widget.item.id, english)
    assert widget.person_label is not None
    shown = widget.person_label.text()
    assert romanian in shown
    assert english not in shown
    assert texts.NOT_TRANSLATED not in shown and pseudo(texts.NOT_TRANSLATED) not in shown
    # The worker's own wording beside it stays in the worker's (pseudo) language.
    assert widget.worker_text.startswith("[") and widget.worker_text in " ".join(
        visible_texts(widget)
    )


def test_bilingual_view_shows_the_romanian_catalogue(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    create_vault(qtbot, window)
    new_case(qtbot, window)
    items = to_items(qtbot, window)
    widget = next(w for w in items.items.widgets() if w.item.person_text)
    assert widget.person_label is not None and widget.person_caption is not None
    english = str(widget.item.person_text)
    assert english in widget.person_label.text()

    choose(window.wizard.language, "ro")
    assert window.wizard.person_language == "ro"
    romanian = _romanian_person_text(widget.instrument_id, widget.item.id, english)
    assert romanian in widget.person_label.text()
    assert english not in widget.person_label.text()
    assert texts.NOT_TRANSLATED not in widget.person_label.text()
    assert "Romanian" in widget.person_caption.text()
    # The worker's wording stays English beside it.
    assert widget.item.worker_text in widget.worker_text

    # The full-screen card shows only the Romanian words, with no "not translated" note.
    assert widget.show_button is not None
    click(qtbot, widget.show_button)
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is not None, timeout=TIMEOUT)
    card = window.findChild(PersonCard)
    assert card is not None
    qtbot.waitUntil(card.isVisible, timeout=TIMEOUT)
    assert card.text() == romanian
    assert not card.note.isVisible() and card.note.text() == ""
    card.reject()
    qtbot.waitUntil(lambda: window.findChild(PersonCard) is None, timeout=TIMEOUT)


def test_untranslated_person_wording_is_marked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    instrument = ScreeningService(tmp_path).instrument("adult-indicators")
    asked = next(i for i in instrument.items() if i.person_text)
    observed = next(i for i in instrument.items() if not i.person_text)
    assert texts.person_wording(instrument.id, asked, "en") == (asked.person_text, None)
    assert texts.person_wording(instrument.id, observed, "ro") is None
    translated = texts.person_wording(instrument.id, asked, "ro")
    assert translated is not None and translated[1] is None
    assert translated[0] == _romanian_person_text(instrument.id, asked.id, str(asked.person_text))
    # A wording the catalogue does not have (changed since it was translated): English, marked.
    changed = asked.model_copy(update={"person_text": "A question written after translation?"})
    assert texts.person_wording(instrument.id, changed, "ro") == (
        "A question written after translation?",
        texts.NOT_TRANSLATED,
    )
    assert texts.person_text(instrument.id, changed, "ro") == (
        f"A question written after translation?\n{texts.NOT_TRANSLATED}"
    )
    # English shown in place of Arabic is still laid out left to right.
    assert texts.is_right_to_left("ar") and not texts.is_right_to_left("ar", texts.NOT_TRANSLATED)


def _romanian_person_text(instrument_id: str, item_id: str, english: str) -> str:
    """The item's question as the Romanian catalogue has it (read from the .po file)."""
    catalog = load_catalog("ro", "instruments")
    assert catalog is not None
    entry = catalog.get(english, context=instrument_context(instrument_id, item_id, "person_text"))
    assert entry is not None and entry.string and not entry.fuzzy
    assert entry.string != english
    return str(entry.string)
