"""The PDF parts of a referral packet: the recipient's document and the person's own copy.

Both render from one `PacketContent` and nothing else, in memory (no temporary file): a field
the basis does not cover is empty in the content, so it cannot be printed. Every piece of text
goes through `pdf_text.TextBlock`, which shapes and reorders right-to-left lines (Arabic);
tables start on the right in a right-to-left document. Metadata stays neutral: a fixed title,
no author, nothing about the person; output is byte-for-byte reproducible (`invariant`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from screening_tools.consent import DataCategory
from screening_tools.referral.model import BasisKind, NoteEntry, PacketContent, Party, Selection
from screening_tools.referral.pdf_labels import (
    basis_label,
    category_label,
    code_label,
    language_name,
)
from screening_tools.referral.pdf_text import (
    CALM_EDGE,
    CALM_FILL,
    FONT,
    MUTED,
    PARTY_FILL,
    RULE,
    WARN_EDGE,
    WARN_FILL,
    Typesetter,
    padded,
    register_fonts,
    text_width,
    visual,
)

CREATOR = "Frontline Screening"
FRAME_PAD = 6.0  # SimpleDocTemplate's frame padding, each side


def numbered_canvas(footer: Callable[[Any, int, int], None]) -> type:
    """A canvas that holds pages back until the end, so each footer can say "of Y"."""

    class _Canvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._held:
                self.__dict__.update(state)
                footer(self, self._pageNumber, len(self._held))
                super().showPage()
            super().save()

    return _Canvas


def _party(w: Typesetter, party: Party, key: str) -> list[Flowable]:
    extra = [w.text(x) for x in (party.organisation, party.role, party.contact) if x]
    return [w.text(w.t(key), w.label), w.text(party.name, w.strong), *extra]


def _parties(w: Typesetter, content: PacketContent) -> Table:
    half = (w.width - 8) / 2
    cells = [
        _party(w, content.referrer, "party.from"),
        "",
        _party(w, content.recipient, "party.to"),
    ]
    table = Table([w.row(cells)], colWidths=[half, 8, half])
    fills = [("BACKGROUND", (c, 0), (c, 0), PARTY_FILL) for c in (0, 2)]
    table.setStyle(padded(fills + [("BOX", (c, 0), (c, 0), 0.5, RULE) for c in (0, 2)], 9, 6, 8))
    return table


def _exception(w: Typesetter, content: PacketContent) -> Table:
    basis = content.basis
    signed_at = w.when(basis.signed_off_at) if basis.signed_off_at else None
    rows = [
        ("exception.justification", basis.justification),
        ("exception.signed_off_by", basis.signed_off_by),
        ("exception.signed_off_at", signed_at),
    ]
    details = w.kv(rows, width=w.width - 20)
    return w.box([w.text(w.t("exception.banner"), w.banner), details], WARN_FILL, WARN_EDGE, 1.4)


def _indicator_tables(w: Typesetter, content: PacketContent) -> list[Flowable]:
    groups: dict[str, list[Any]] = {}
    for entry in content.indicators:
        groups.setdefault(entry.group_title, []).append(entry)
    widths = w.row([f * w.width for f in (0.5, 0.21, 0.29)])
    out: list[Flowable] = []
    for title, entries in groups.items():
        keys = ("col.indicator", "col.how", "col.recorded")
        # The group title spans the row: its cell is the first one whatever the direction.
        data = [
            [w.text(title, w.subheading), "", ""],
            w.row([w.text(w.t(k), w.label) for k in keys]),
        ]
        for e in entries:
            how, when = code_label(w.labels, "state", e.state), w.when(e.recorded_at, long=False)
            data.append(w.row([w.text(e.text), w.text(how, w.cell), w.text(when, w.cell)]))
        table = Table(data, colWidths=widths, repeatRows=2, splitInRow=1)
        table.setStyle(
            padded(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("BACKGROUND", (0, 0), (-1, 0), CALM_FILL),
                    ("LINEBELOW", (0, 1), (-1, 1), 0.8, CALM_EDGE),
                    ("LINEBELOW", (0, 2), (-1, -2), 0.4, RULE),
                ],
                5,
                3,
                4,
            )
        )
        out += [table, Spacer(1, 8)]
    return out


def _entries(w: Typesetter, notes: Sequence[NoteEntry]) -> list[Flowable]:
    if not notes:
        return [w.text(w.t("none_recorded"), w.small)]
    out: list[Flowable] = []
    for note in notes:
        # A date alone at the foot of a page helps no one; a long body may split across pages.
        out += [CondPageBreak(50), w.text(w.when(note.created_at), w.small), w.text(note.body)]
    return out


def _texts(items: Sequence[Selection]) -> list[str]:
    return [item.text for item in items]


def _party_line(party: Party) -> str:
    return ", ".join(p for p in (party.name, party.organisation, party.contact) if p)


def _story(w: Typesetter, content: PacketContent) -> list[Flowable]:
    shared, basis, person, lab = (
        set(content.categories_shared),
        content.basis,
        content.person,
        w.labels,
    )
    monitoring = basis.kind is BasisKind.MONITORING_ONLY
    meta = (
        f"{w.t('reference')}: {person.reference}   ·   {w.t('packet')}: {content.packet_id}"
        f"   ·   {w.t('created')}: {w.when(content.created_at)}"
    )
    story: list[Flowable] = [
        w.text(w.t("kicker"), w.label),
        w.text(w.t("title.monitoring" if monitoring else "title.referral"), w.title),
        w.text(meta, w.small),
        w.text(w.t("confidential"), w.small),
        Spacer(1, 10),
        w.statement(content.statement, "statement.heading"),
        Spacer(1, 10),
    ]
    if basis.kind is BasisKind.SAFEGUARDING_EXCEPTION:
        story += [_exception(w, content), Spacer(1, 10)]
    story += [_parties(w, content), *w.heading("sec.route")]
    story.append(
        w.kv(
            [
                ("route", basis.route_label),
                ("jurisdiction", basis.jurisdiction_name),
                ("basis", basis_label(lab, basis.kind, basis.label)),
                ("basis_record", basis.basis_id),
                ("child_views", basis.child_views),
            ]
        )
    )
    interpreter = code_label(lab, "interpreter", person.interpreter) if person.interpreter else None
    age = code_label(lab, "age", person.age_group) if person.age_group else None
    story += w.heading("sec.person")
    story.append(
        w.kv(
            [
                ("reference", person.reference),
                ("person.name", person.name),
                ("person.contact", person.contact),
                ("person.age_group", age),
                ("person.language", language_name(person.language, w.language)),
                ("person.interpreter", interpreter),
            ]
        )
    )
    if shared & {DataCategory.INDICATORS, DataCategory.HEALTH}:
        # Room for the heading, a group title, column headers and a first row, or a new page.
        story += [CondPageBreak(170), *w.heading("sec.indicators")]
        story += [w.text(w.t("indicators.intro"), w.small), Spacer(1, 5)]
        story += _indicator_tables(w, content) or w.bullets([])
    sections: list[tuple[DataCategory, str, list[Flowable]]] = [
        (
            DataCategory.INDICATORS,
            "sec.exploitation",
            w.bullets(_texts(content.exploitation_types)),
        ),
        (DataCategory.NEEDS, "sec.needs", w.bullets(_texts(content.immediate_needs))),
        (
            DataCategory.SECURITY_CONCERNS,
            "sec.security",
            w.bullets(_texts(content.security_concerns)),
        ),
        (DataCategory.NEEDS, "sec.services", w.bullets(_texts(content.services_needed))),
        (
            DataCategory.DISCLOSURE_SUMMARY,
            "sec.disclosure",
            _entries(w, content.disclosure_summary),
        ),
        (DataCategory.NOTES, "sec.notes", _entries(w, content.notes)),
    ]
    for category, key, flowables in sections:
        if category in shared:
            story += w.heading(key) + flowables
    if content.consent is not None:
        story += [*w.heading("sec.consent"), _consent(w, content)]
    story += [*w.heading("sec.shared"), w.text(w.t("shared.categories"), w.label)]
    story += w.bullets([category_label(lab, c) for c in content.categories_shared])
    story += [Spacer(1, 4), w.kv([("shared.with", _party_line(content.recipient))])]
    story += [w.text(w.t("shared.not_listed"), w.small), Spacer(1, 14)]
    return [*story, w.statement(content.statement, "statement.heading_end")]


def _consent(w: Typesetter, content: PacketContent) -> Table:
    c, lab = content.consent, w.labels
    assert c is not None
    yes_no = {True: w.t("yes"), False: w.t("no")}
    recipients = [content.recipient.name if r == content.recipient.id else r for r in c.recipients]
    expires = w.when(c.expires_at) if c.expires_at else w.t("no_expiry")
    return w.kv(
        [
            ("consent.decision", code_label(lab, "decision", c.decision)),
            ("consent.given_by", code_label(lab, "given_by", c.given_by)),
            ("consent.giver_role", c.giver_role),
            ("consent.obtained_by", c.obtained_by),
            ("consent.obtained_at", w.when(c.obtained_at)),
            ("consent.method", code_label(lab, "method", c.method)),
            ("consent.language", language_name(c.language, w.language)),
            ("consent.interpreter", code_label(lab, "interpreter", c.interpreter)),
            ("consent.witness", c.witness or w.t("none")),
            ("consent.confidentiality", yes_no[c.confidentiality_script_delivered]),
            ("consent.categories", "\n".join(category_label(lab, x) for x in c.categories)),
            ("consent.recipients", "\n".join(recipients) or w.t("none")),
            ("consent.purposes", "\n".join(code_label(lab, "purpose", p) for p in c.purposes)),
            ("consent.police", yes_no[c.police_immigration_sharing]),
            ("consent.expires", expires),
            ("consent.how_to_withdraw", c.how_to_withdraw),
        ]
    )


def _build(
    content: PacketContent,
    language: str,
    make_story: Callable[[Typesetter], list[Flowable]],
    footer_text: Callable[[Typesetter], str] | None,
    scale: float = 1.0,
) -> tuple[bytes, int]:
    """Render in memory; returns the PDF and its page count."""
    register_fonts()
    us = content.basis.jurisdiction_id.lower().startswith("us")
    page_w, page_h = LETTER if us else A4
    margin = 20 * mm  # to the text; the frame's own padding sits inside the page margin
    w = Typesetter(language, page_w - 2 * margin, scale)
    pages: list[int] = []

    def footer(canv: Any, page: int, total: int) -> None:
        pages.append(total)
        if footer_text is None:
            return
        direction = "R" if w.rtl else "L"
        ident = visual(footer_text(w), FONT, direction)
        numbers = visual(w.t("page_of", page=str(page), pages=str(total)), FONT, direction)
        start, end = (numbers, ident) if w.rtl else (ident, numbers)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(margin, 14 * mm, page_w - margin, 14 * mm)
        canv.setFont(FONT, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(margin, 10 * mm, start)
        canv.drawRightString(page_w - margin, 10 * mm, end)
        canv.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(page_w, page_h),
        leftMargin=margin - FRAME_PAD,
        rightMargin=margin - FRAME_PAD,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=w.t("meta.title"),
        author="",
        subject="",
        creator=CREATOR,
        keywords=[],
        lang=language,
        invariant=True,
        direction="R2L" if w.rtl else None,
    )
    try:
        doc.build(make_story(w), canvasmaker=numbered_canvas(footer))
    finally:
        text_width.cache_clear()  # measured words are the person's data: keep none afterwards
    return buffer.getvalue(), max(pages, default=0)


def render_packet_pdf(content: PacketContent) -> bytes:
    """The recipient's PDF, in `content.language`."""
    return _build(
        content,
        content.language,
        lambda w: _story(w, content),
        lambda w: f"{w.t('kicker')} · {w.t('packet')} {content.packet_id}",
    )[0]


def _copy_story(w: Typesetter, content: PacketContent) -> list[Flowable]:
    referrer, kind = content.referrer, content.basis.kind
    who = referrer.organisation or referrer.name
    what = w.bullets([category_label(w.labels, c) for c in content.categories_shared])
    if not set(content.categories_shared) & {DataCategory.IDENTITY, DataCategory.CONTACT}:
        what += [Spacer(1, 4), w.text(w.t("copy.no_identifiers"))]
    recipient = ", ".join(p for p in (content.recipient.name, content.recipient.organisation) if p)
    contact = [w.text(referrer.organisation, w.strong)] if referrer.organisation else []
    contact += [w.text(x) for x in (referrer.name, referrer.contact) if x]
    story: list[Flowable] = [
        w.text(w.t("copy.title"), w.title),
        w.text(w.t("copy.intro")),
        *w.heading("copy.what"),
        *what,
        *w.heading("copy.who"),
        w.text(recipient),
        *w.heading("copy.when"),
        w.text(w.when(content.created_at)),
        *w.heading("copy.reference"),
        w.text(content.person.reference),
        *w.heading("copy.contact"),
        *contact,
    ]
    if kind is BasisKind.CONSENT:
        how = content.consent.how_to_withdraw if content.consent else ""
        story += [*w.heading("copy.change_heading"), w.text(w.t("copy.withdraw_intro"))]
        story.append(w.text(how or w.t("copy.withdraw_fallback", referrer=who)))
    story += w.heading("copy.questions_heading")
    story.append(w.text(w.t(f"copy.questions.{kind.value}", referrer=who)))
    return [*story, Spacer(1, 12), w.statement(content.statement, "copy.statement_heading")]


def render_person_copy(content: PacketContent) -> bytes:
    """One page for the person, in `content.person_language`: what went to whom, and when.

    Plain sentences, no name on it (a paper that may be found should not identify them). If a
    long withdrawal text or many categories would need a second page, the page is set smaller.
    """
    data = b""
    for scale in (1.12, 1.0, 0.9, 0.8, 0.7, 0.6):
        data, pages = _build(
            content, content.person_language, lambda w: _copy_story(w, content), None, scale
        )
        if pages <= 1:
            break
    return data
