"""Text for the PDF parts: clean, shape, reorder and wrap it, and a flowable that draws it.

reportlab draws glyphs left to right exactly as given. Arabic needs two things it does not do:
shaping (letters take their joined forms) and reordering (right-to-left runs, with Latin words
and numbers inside them kept left-to-right). Both happen per *line*, after the line breaks are
chosen in logical order: reordering a whole paragraph first and wrapping it afterwards would put
the end of a sentence on the first line (see PLATFORM.md, "PDF with reportlab").

`TextBlock` is the one flowable every piece of text in the PDFs goes through, in every
language, so left-to-right and right-to-left documents share one code path. `Typesetter` holds a
document's language, labels and styles and makes the blocks, tables (columns start on the right
in a right-to-left document) and boxes the documents in `pdf.py` are built from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import arabic_reshaper
from bidi import algorithm as uba
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Table,
    TableStyle,
)

from screening_tools.paths import resources_dir
from screening_tools.referral.pdf_labels import (
    BIDI_CONTROLS,
    format_when,
    labels_for,
    statement_text,
)

FONT = "FrontlineSans"
FONT_BOLD = "FrontlineSans-Bold"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "yi"})
# Calm, not alarming: ink, muted labels, one accent; amber only for a safeguarding exception.
INK, MUTED, ACCENT = (colors.HexColor(c) for c in ("#1f2933", "#56636f", "#2b5d7d"))
RULE, CALM_FILL, CALM_EDGE = (colors.HexColor(c) for c in ("#d5dde5", "#eef4f8", "#bfd2e1"))
PARTY_FILL = colors.HexColor("#f5f7f9")
WARN_FILL, WARN_EDGE, WARN_INK = (colors.HexColor(c) for c in ("#fdf3e5", "#c47a1c", "#7a4306"))

_SPACES = re.compile(r"[ \t]+")
_RTL_CLASSES = frozenset({"R", "AL"})


def register_fonts() -> None:
    """DejaVu Sans (Latin, Cyrillic, Vietnamese, Arabic presentation forms), bundled."""
    registered = pdfmetrics.getRegisteredFontNames()
    folder = resources_dir() / "fonts"
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))


def is_rtl(language: str) -> bool:
    return re.split(r"[-_]", language, maxsplit=1)[0].lower() in RTL_LANGUAGES


def clean(text: str) -> str:
    """Drop bidi control marks (the line reordering does their job) and odd whitespace."""
    text = BIDI_CONTROLS.sub("", text)
    # Narrow no-break space (Babel's "2:30 PM") -> no-break space: kept together, in every font.
    text = text.replace("\u202f", "\u00a0").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\t", " ")


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def paragraph_direction(text: str, default: str) -> str:
    """'R' or 'L' from the first strong character (Unicode rules P2-P3), else the default.

    Free text keeps its own direction inside a document of the other direction: an English
    indicator in an Arabic packet ends with its full stop on the right, as it should.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL_CLASSES:
            return "R"
        if kind == "L":
            return "L"
    # Only digits and punctuation (a phone number, a date): left to right in any document, or
    # "+44 20 0000 0000" would come out as "0000 0000 20 44+".
    return "L" if any(ch.isdigit() for ch in text) else default


@lru_cache(maxsize=8)
def _reshaper(font_name: str) -> Any:
    """A reshaper that only makes ligatures the font has glyphs for (DejaVu: lam-alef)."""
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    config: dict[str, bool] = {}
    for name, (_match, forms) in arabic_reshaper.ligatures.LIGATURES:
        config[name] = all(ord(form) in cmap for form in forms if form)
    return arabic_reshaper.ArabicReshaper(configuration=config)


def shape(text: str, font_name: str) -> str:
    """Arabic letters in their joined presentation forms (logical order kept)."""
    if not has_rtl(text):
        return text
    return str(_reshaper(font_name).reshape(text))


# Paired brackets (Unicode BidiBrackets.txt, the ones text here may carry).
_OPENERS = dict(
    zip(
        "([{\u2045\u207d\u208d\u2329\u27e8\u3008\u300a\uff08\uff3b\uff5b",
        ")]}\u2046\u207e\u208e\u232a\u27e9\u3009\u300b\uff09\uff3d\uff5d",
        strict=True,
    )
)
_CLOSERS = frozenset(_OPENERS.values())
_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}


def _resolve_bracket_pairs(storage: dict[str, Any]) -> None:
    """Rule N0 of UAX #9, which python-bidi's pure-Python algorithm lacks.

    Without it "أحمد (Ahmed) Sample" comes out as "Ahmed) Sample) دمحأ". python-bidi's Rust
    function does apply N0 but does not mirror brackets (L4), so neither is right alone.
    """
    for run in storage["runs"]:
        chars = storage["chars"][run["start"] : run["start"] + run["length"]]
        if not chars:
            continue
        embedding = "R" if chars[0]["level"] % 2 else "L"
        pairs: list[tuple[int, int]] = []
        stack: list[tuple[str, int]] = []
        for i, c in enumerate(chars):
            if c["type"] != "ON":
                continue
            if c["ch"] in _OPENERS and len(stack) < 63:
                stack.append((_OPENERS[c["ch"]], i))
            elif c["ch"] in _CLOSERS:
                depth = next((d for d in reversed(range(len(stack))) if stack[d][0] == c["ch"]), -1)
                if depth >= 0:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
        for opening, closing in sorted(pairs):
            inside = {
                _STRONG[c["type"]] for c in chars[opening + 1 : closing] if c["type"] in _STRONG
            }
            if not inside:
                continue
            direction = embedding
            if embedding not in inside:
                before = (
                    _STRONG[c["type"]] for c in reversed(chars[:opening]) if c["type"] in _STRONG
                )
                if next(before, run["sor"]) != embedding:
                    direction = "R" if embedding == "L" else "L"
            for index in (opening, closing):
                chars[index]["type"] = direction
                for mark in chars[index + 1 :]:
                    if mark["orig"] != "NSM":
                        break
                    mark["type"] = direction


def reorder(text: str, base: str) -> str:
    """The Unicode bidi algorithm on one line (no explicit embeddings): visual order, mirrored."""
    storage = uba.get_empty_storage()
    storage["base_level"] = uba.PARAGRAPH_LEVELS[base]
    storage["base_dir"] = base
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    return "".join(c["ch"] for c in storage["chars"])


def visual(line: str, font_name: str, base: str) -> str:
    """One wrapped line as it must be drawn: shaped, then reordered for display."""
    if base == "L" and not has_rtl(line):
        return line
    return reorder(shape(line, font_name), base)


@lru_cache(maxsize=4096)
def text_width(text: str, font_name: str, size: float) -> float:
    """Width as drawn (shaped). Cached while one document renders; `pdf._build` clears it."""
    return float(pdfmetrics.stringWidth(shape(text, font_name), font_name, size))


def _break_word(word: str, font_name: str, size: float, width: float) -> list[str]:
    """A word wider than the line (a long address or id) is cut where it has to be."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch, font_name, size) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_logical(text: str, font_name: str, size: float, width: float) -> list[str]:
    """Greedy line breaking in logical order; a newline starts a new paragraph."""
    space = text_width(" ", font_name, size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = [w for w in _SPACES.split(paragraph.strip()) if w]
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        used = 0.0
        for word in words:
            w = text_width(word, font_name, size)
            extra = w + (space if current else 0.0)
            if current and used + extra <= width:
                current.append(word)
                used += extra
                continue
            if current:
                lines.append(" ".join(current))
            if w <= width:
                current, used = [word], w
            else:
                *full, last = _break_word(word, font_name, size, width)
                lines.extend(full)
                current, used = [last], text_width(last, font_name, size)
        lines.append(" ".join(current))
    while lines and not lines[-1]:
        lines.pop()
    return lines


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    color: Any
    space_before: float = 0.0
    space_after: float = 0.0


class TextBlock(Flowable):  # type: ignore[misc]
    """Wrapped text, aligned to the document's start side, split across pages by lines.

    `align_right` is the document's direction (right-to-left documents align right); each
    paragraph's own bidi direction comes from its text. An optional bullet hangs at the start.
    """

    BULLET_INDENT = 11.0

    def __init__(
        self,
        text: str,
        style: TextStyle,
        *,
        align_right: bool,
        bullet: str | None = None,
        _lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.text = clean(text)
        self.style = style
        self.align_right = align_right
        self.bullet = bullet
        self.hanging = bullet is not None
        self.base = paragraph_direction(self.text, "R" if align_right else "L")
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._preset = _lines
        self._lines: list[str] = list(_lines or [])
        self._wrapped_for: float | None = None

    def _indent(self) -> float:
        return self.BULLET_INDENT if self.hanging else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        if self._preset is None and self._wrapped_for != avail_width:
            usable = max(avail_width - self._indent() - 0.5, 10.0)
            self._lines = wrap_logical(self.text, self.style.font, self.style.size, usable)
            self._wrapped_for = avail_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def _part(self, lines: list[str], *, first: bool) -> TextBlock:
        part = TextBlock(self.text, self.style, align_right=self.align_right, _lines=lines)
        part.bullet = self.bullet if first else None
        part.hanging = self.hanging
        part.spaceBefore = self.spaceBefore if first else 0.0
        part.spaceAfter = 0.0 if first else self.spaceAfter
        return part

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int((avail_height - self.spaceBefore) // self.style.leading)
        # No single orphan or widow line; a block that fits needs no split.
        if fit < 2 or len(self._lines) - fit < 2:
            return []
        return [
            self._part(self._lines[:fit], first=True),
            self._part(self._lines[fit:], first=False),
        ]

    def draw(self) -> None:
        canv = self.canv
        st = self.style
        canv.setFont(st.font, st.size)
        canv.setFillColor(st.color)
        drop = (st.leading - st.size) / 2 + 0.24 * st.size
        indent = self._indent()
        for i, line in enumerate(self._lines):
            y = self.height - (i + 1) * st.leading + drop
            if line:
                shown = visual(line, st.font, self.base)
                if self.align_right:
                    canv.drawRightString(self.width - indent, y, shown)
                else:
                    canv.drawString(indent, y, shown)
            if i == 0 and self.bullet:
                if self.align_right:
                    canv.drawRightString(self.width, y, self.bullet)
                else:
                    canv.drawString(0, y, self.bullet)


def padded(commands: list[tuple[Any, ...]], side: float, top: float, bottom: float) -> TableStyle:
    every = ((0, 0), (-1, -1))
    return TableStyle(
        [
            ("VALIGN", *every, "TOP"),
            ("LEFTPADDING", *every, side),
            ("RIGHTPADDING", *every, side),
            ("TOPPADDING", *every, top),
            ("BOTTOMPADDING", *every, bottom),
            *commands,
        ]
    )


class Typesetter:
    """Styles and flowable makers for one document in one language and its direction."""

    def __init__(self, language: str, width: float, scale: float = 1.0) -> None:
        self.language = language
        self.labels = labels_for(language)
        self.rtl = is_rtl(language)
        self.width = width
        # DejaVu's Arabic is small next to its Latin, and its dots need more line height.
        size_k, lead = (1.08, 1.6) if self.rtl else (1.0, 1.42)

        def style(font: str, size: float, color: Any, before: float = 0, after: float = 0) -> Any:
            size *= scale * size_k
            return TextStyle(font, size, size * lead, color, before * scale, after * scale)

        self.body = style(FONT, 9.5, INK, after=2)
        self.small = style(FONT, 8, MUTED)
        self.label = style(FONT, 8.8, MUTED)
        self.cell = style(FONT, 8.8, INK)
        self.strong = style(FONT_BOLD, 9.5, INK)
        self.heading_style = style(FONT_BOLD, 12, ACCENT, before=14, after=2)
        self.subheading = style(FONT_BOLD, 10, ACCENT)
        self.title = style(FONT_BOLD, 20, INK, after=2)
        self.banner = style(FONT_BOLD, 12, WARN_INK, after=4)

    def t(self, key: str, **values: str) -> str:
        return self.labels[key].format(**values) if values else self.labels[key]

    def when(self, moment: datetime, *, long: bool = True) -> str:
        return format_when(moment, self.language, long=long)

    def text(self, text: str, style: TextStyle | None = None, **kw: Any) -> TextBlock:
        return TextBlock(text, style or self.body, align_right=self.rtl, **kw)

    def heading(self, key: str) -> list[Flowable]:
        rule = HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=1, spaceAfter=5)
        return [CondPageBreak(90), self.text(self.t(key), self.heading_style), rule]

    def row(self, cells: Sequence[Any]) -> list[Any]:
        """Table cells in reading order; a right-to-left table starts on the right."""
        return list(reversed(cells)) if self.rtl else list(cells)

    def kv(self, rows: Sequence[tuple[str, str | None]], width: float | None = None) -> Table:
        """Label / value rows (label keys); rows without a value are left out."""
        data = [self.row([self.text(self.t(k), self.label), self.text(v)]) for k, v in rows if v]
        total = width or self.width
        table = Table(data, colWidths=self.row([0.3 * total, 0.7 * total]), splitInRow=1)
        lines = [("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE)] if len(data) > 1 else []
        outer = [("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (-1, 0), (-1, -1), 0)]
        table.setStyle(padded(lines + outer, 5, 3, 4))
        return table

    def bullets(self, items: Sequence[str]) -> list[Flowable]:
        if not items:
            return [self.text(self.t("none_recorded"), self.small)]
        return [self.text(item, bullet="•") for item in items]

    def box(self, flowables: list[Flowable], fill: Any, edge: Any, line: float = 0.7) -> Table:
        table = Table([[flowables]], colWidths=[self.width], splitInRow=1)
        bg = [("BACKGROUND", (0, 0), (-1, -1), fill), ("BOX", (0, 0), (-1, -1), line, edge)]
        table.setStyle(padded(bg, 10, 7, 8))
        return table

    def statement(self, statement: str, heading_key: str) -> Table:
        body = self.text(statement_text(self.labels, statement))
        return self.box(
            [self.text(self.t(heading_key), self.subheading), body], CALM_FILL, CALM_EDGE
        )
