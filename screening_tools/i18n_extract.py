"""Building the translation templates and keeping the catalogues in step (Babel under the hood).

    screening i18n extract   # translations/frontline.pot and instruments.pot, then update .po
    screening i18n check --json

The interface template comes from the Python sources (``_``, ``N_``, ``tr``, ``ngettext``,
``pgettext`` calls); the instruments template from the bundled instrument files, one entry per
text with ``<instrument>:<item or group>:<field>`` as context.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from screening_tools.content.loader import bundled_instruments
from screening_tools.i18n import (
    DOMAINS,
    QT_STANDARD_TEXTS,
    instrument_context,
    load_catalog,
    locales,
    po_path,
)
from screening_tools.paths import translations_dir

KEYWORDS = {
    "_": None,
    "N_": None,
    "tr": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "trn": (1, 2),
    "trp": ((1, "c"), 2),
}


def instruments_template() -> Catalog:
    catalog = Catalog(project="Frontline Screening", domain="instruments", fuzzy=False)
    for instrument in bundled_instruments():
        iid = instrument.id

        def add(part: str, field: str, text: str | None, iid: str = iid) -> None:
            if text:
                catalog.add(text, context=instrument_context(iid, part, field))

        add("", "title", instrument.title)
        add("", "description", instrument.description)
        add("", "caveat", instrument.caveat)
        add("", "on_concern", instrument.on_concern)
        for index, step in enumerate(instrument.next_steps):
            add("", f"next_steps.{index}", step)
        for group in instrument.groups:
            add(f"group:{group.id}", "title", group.title)
            add(f"group:{group.id}", "description", group.description)
            for item in group.items:
                add(item.id, "worker_text", item.worker_text)
                add(item.id, "person_text", item.person_text)
                add(item.id, "guidance", item.guidance)
    return catalog


def interface_template(root: Path) -> Catalog:
    catalog = Catalog(project="Frontline Screening", domain="frontline", fuzzy=False)
    for folder in ("screening_tools", "desktop"):
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            catalog.add(
                message,
                locations=[(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def add_qt_texts(catalog: Catalog) -> None:
    for context, text in QT_STANDARD_TEXTS:
        catalog.add(text, context=f"qt:{context}", auto_comments=["Qt's own dialog text"])


def add_pdf_labels(catalog: Catalog) -> None:
    from screening_tools.referral.pdf_labels import PDF_CONTEXT, source_labels

    for key, text in source_labels().items():
        catalog.add(text, context=PDF_CONTEXT + key, auto_comments=["A label in the referral PDF"])


def extract(root: Path) -> dict[str, int]:
    """Write both templates and update every locale's catalogue; returns message counts."""
    interface = interface_template(root)
    add_pdf_labels(interface)
    add_qt_texts(interface)
    templates = {"frontline": interface, "instruments": instruments_template()}
    counts = {}
    for domain in DOMAINS:
        template = templates[domain]
        with (translations_dir() / f"{domain}.pot").open("wb") as handle:
            write_po(handle, template, width=100, omit_header=False, sort_output=True)
        counts[domain] = len(template)
        for code in locales():
            if code == "en":
                continue
            path = po_path(code, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=code, domain=domain)
                # No fuzzy guesses: a changed source text must be translated again by a person.
                catalog.update(template, no_fuzzy_matching=True)
            else:
                catalog = Catalog(locale=code, domain=domain, project="Frontline Screening")
                catalog.update(template, no_fuzzy_matching=True)
            with path.open("wb") as handle:
                write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)
    load_catalog.cache_clear()
    return counts
