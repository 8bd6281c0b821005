"""Strict pydantic models for an instrument file.

Instruments are data, not code: an organisation can add one as a YAML or JSON file. The models
forbid unknown keys and are frozen, so a typo in a file fails loudly instead of being ignored.
Wording in the file is ours (English source text); facts come from the sources named in each
item's provenance. Translations are gettext catalogues keyed by item id (message context).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Stable ids: lower-case, digits, dots, dashes and underscores; they never change once shipped.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]{1,79}$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
LineRange = Annotated[str, StringConstraints(pattern=r"^L\d+(-L?\d+)?$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Audience(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    ANY = "any"


class Strength(StrEnum):
    """ILO-style strength of an indicator, only where the source gives one."""

    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    DRAFT_NEEDS_PRACTITIONER_REVIEW = "draft-needs-practitioner-review"
    REVIEWED = "reviewed"


class InstrumentKind(StrEnum):
    """How an instrument's items are answered."""

    INDICATORS = "indicators"  # the five answer states (observed, disclosed, not present, ...)
    CHECKLIST = "checklist"  # yes / no / not asked (safety check, immediate needs, security)
    MULTI_SELECT = "multi_select"  # tick any that apply (exploitation types, services needed)
    SCRIPT = "script"  # text read to the person, recorded as delivered
    REFERENCE = "reference"  # read-only screens (Action-Means-Purpose, trafficking/smuggling)


class Flag(StrEnum):
    """Answers that raise a visible "this must be passed on" prompt and a safeguarding task."""

    SELF_HARM = "self_harm"
    SERIOUS_HARM = "serious_harm"
    CHILD_PROTECTION = "child_protection"
    PREGNANCY = "pregnancy"


class Provenance(_Strict):
    """Where a fact comes from: a seed file with a line range, or a named public source."""

    seed: str | None = Field(
        default=None,
        description="File name under shared/seeds, e.g. 001_90370d0feb58ee3b.txt",
    )
    lines: LineRange | None = Field(default=None, description="1-based line range, e.g. L612-L613")
    source: str | None = Field(
        default=None, description="A public source named in full when the fact is not in a seed"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _seed_or_source(self) -> Provenance:
        if self.seed is None and self.source is None:
            raise ValueError("give either 'seed' (with 'lines') or 'source'")
        if self.seed is not None and self.lines is None:
            raise ValueError("a 'seed' reference needs 'lines', e.g. L612 or L612-L618")
        return self

    def line_span(self) -> tuple[int, int] | None:
        if self.lines is None:
            return None
        parts = self.lines.replace("L", "").split("-")
        first = int(parts[0])
        last = int(parts[-1])
        return first, last


class Item(_Strict):
    id: Identifier
    worker_text: Text = Field(description="What the worker looks for or records, in our words")
    person_text: Text | None = Field(
        default=None,
        description="Optional open, non-leading wording the worker may read to the person",
    )
    guidance: Text = Field(description="Why we ask and how to ask, in our words")
    audience: Audience = Audience.ANY
    strength: Strength | None = None
    flags: list[Flag] = Field(
        default_factory=list,
        description="Safeguarding prompts raised when this item is observed, disclosed or "
        "answered yes",
    )
    provenance: list[Provenance] = Field(min_length=1)
    review_status: ReviewStatus


class Group(_Strict):
    id: Identifier
    title: Text
    description: Text | None = None
    items: list[Item] = Field(min_length=1)


class Instrument(_Strict):
    id: Identifier
    version: Version
    title: Text
    description: Text
    audience: Audience
    kind: InstrumentKind = InstrumentKind.INDICATORS
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z]+)?$")]] = (
        Field(min_length=1)
    )
    review_status: ReviewStatus
    caveat: Text | None = Field(
        default=None, description="Shown with the checklist and in every summary"
    )
    next_steps: list[Text] = Field(default_factory=list)
    on_concern: Text | None = Field(
        default=None,
        description="Prompt shown as soon as any item is observed, disclosed or answered yes "
        "(e.g. a preliminary screen: refer for a fuller screening)",
    )
    provenance: list[Provenance] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Instrument:
        seen: set[str] = set()
        for group in self.groups:
            if group.id in seen:
                raise ValueError(f"group id {group.id!r} is used twice")
            seen.add(group.id)
        items: set[str] = set()
        for group in self.groups:
            for item in group.items:
                if item.id in items:
                    raise ValueError(f"item id {item.id!r} is used twice")
                items.add(item.id)
        return self

    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group.items]

    def item(self, item_id: str) -> Item | None:
        for item in self.items():
            if item.id == item_id:
                return item
        return None

    def group_of(self, item_id: str) -> Group | None:
        for group in self.groups:
            if any(item.id == item_id for item in group.items):
                return group
        return None
