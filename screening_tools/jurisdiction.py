"""Jurisdiction packs: referral routes, recipients, time targets and terminology, as data.

A pack says who may receive what, on which basis, for one jurisdiction. Packs are YAML or JSON
files under ``resources/jurisdictions``, validated by the strict models here. Agency names and
numbers taken from the seeds are dated: each such recipient is ``historic`` and must be checked
before use. The rules that keep a pack safe are checked when it loads, not when it is used:

* a monitoring-only route never carries a direct identifier (PRODUCT principle 9);
* a route to support that involves no police always exists (PRODUCT principle 6);
* a child-protection route exists, and is for children (PRODUCT principle 8);
* every recipient type a route names has a recipient in the pack.

Routing decisions over a loaded pack live in ``screening_tools.routing``.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from screening_tools import paths
from screening_tools.consent import DIRECT_IDENTIFIER_CATEGORIES, DataCategory, Purpose
from screening_tools.content import loader as _fmt
from screening_tools.content import provenance as _prov
from screening_tools.content.models import Audience, Identifier, Provenance, Text, Version
from screening_tools.errors import InvalidInstrument, NotFound, ScreeningError
from screening_tools.referral.model import BasisKind

Loc = tuple[int | str, ...]
TermKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,59}$")]
# Passed as validation context by the loader: located problems are collected, not raised.
_COLLECT = "collect_problems"


class InvalidJurisdiction(ScreeningError):
    """A jurisdiction file is not valid; ``problems`` lists every problem found."""

    def __init__(self, file: str, problems: list[str]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The jurisdiction file {file} is not valid:\n{lines}")
        self.file = file
        self.problems = problems


class RecipientType(StrEnum):
    SUPPORT_PROVIDER = "support_provider"
    FIRST_RESPONDER = "first_responder"
    COMPETENT_AUTHORITY = "competent_authority"
    CHILD_PROTECTION = "child_protection"
    MONITORING_BODY = "monitoring_body"
    HEALTH = "health"
    POLICE = "police"
    IMMIGRATION = "immigration"
    LEGAL = "legal"
    OTHER = "other"


# Sending to these is police or immigration sharing, which the person answers separately.
ENFORCEMENT_TYPES = frozenset({RecipientType.POLICE, RecipientType.IMMIGRATION})


class TargetName(StrEnum):
    REFER_WITHIN_HOURS = "refer_within_hours"
    FIRST_DECISION_WORKING_DAYS = "first_decision_working_days"
    RECOVERY_PERIOD_DAYS = "recovery_period_days"
    RECOVERY_EXTENSION_ALLOWED = "recovery_extension_allowed"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Targets(_Strict):
    """Targets, never deadlines: nothing is blocked when one passes (seed 001 L705)."""

    refer_within_hours: int = Field(default=48, ge=1)
    first_decision_working_days: int = Field(default=5, ge=1)
    recovery_period_days: int = Field(default=45, ge=0)
    recovery_extension_allowed: bool
    weekend_days: list[Annotated[int, Field(ge=0, le=6)]] = Field(
        default_factory=lambda: [5, 6], description="0 is Monday, 6 is Sunday"
    )
    holidays: list[date] = Field(default_factory=list)
    provenance: dict[TargetName, Provenance] = Field(
        default_factory=dict,
        description="Where each figure comes from; a figure with no entry is a default",
    )


class Recipient(_Strict):
    id: Identifier
    name: Text
    type: RecipientType
    description: Text
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Za-z]+)?$")]] = (
        Field(min_length=1)
    )
    contact: Text | None = None
    accepts_fhir: bool = False
    historic: bool = Field(description="The name or contact comes from a dated source")
    verify_before_use: bool
    provenance: list[Provenance] = Field(min_length=1)

    @model_validator(mode="after")
    def _historic_is_verified(self) -> Recipient:
        if self.historic and not self.verify_before_use:
            raise ValueError(
                "verify_before_use: a historic recipient (dated name or contact) must have "
                "verify_before_use: true"
            )
        return self


class RouteDef(_Strict):
    id: Identifier
    label: Text
    description: Text
    basis: BasisKind
    audience: Audience
    purposes: list[Purpose] = Field(min_length=1)
    recipient_types: list[RecipientType] = Field(min_length=1)
    allowed_categories: list[DataCategory] = Field(min_length=1)
    involves_police: bool
    provenance: list[Provenance] = Field(min_length=1)

    @model_validator(mode="after")
    def _basis_rules(self) -> RouteDef:
        identifiers = sorted(set(self.allowed_categories) & DIRECT_IDENTIFIER_CATEGORIES)
        if self.basis is BasisKind.MONITORING_ONLY and identifiers:
            found = ", ".join(repr(c.value) for c in identifiers)
            raise ValueError(
                "allowed_categories: a monitoring-only notification must carry no direct "
                f"identifiers or free text; remove {found}"
            )
        if self.basis is BasisKind.CHILD_PROTECTION and self.audience is not Audience.CHILD:
            raise ValueError("audience: a child-protection route must have audience 'child'")
        if self.basis in (BasisKind.CONSENT, BasisKind.MONITORING_ONLY) and (
            self.audience is Audience.CHILD
        ):
            raise ValueError(
                f"audience: a {self.basis.value} route is for adults; children take the "
                "child-protection route"
            )
        if ENFORCEMENT_TYPES & set(self.recipient_types) and not self.involves_police:
            raise ValueError(
                "involves_police: this route sends to the police or immigration, so it must "
                "say involves_police: true"
            )
        return self


class JurisdictionPack(_Strict):
    id: Identifier
    version: Version
    name: Text
    effective_date: date
    verify_before_use: bool
    provenance_note: Text
    provenance: list[Provenance] = Field(default_factory=list)
    terminology: dict[TermKey, Text] = Field(default_factory=dict)
    targets: Targets
    recipients: list[Recipient] = Field(min_length=1)
    routes: list[RouteDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> JurisdictionPack:
        found = pack_problems(self)
        sink = info.context.get(_COLLECT) if isinstance(info.context, dict) else None
        if isinstance(sink, list):
            sink.extend(found)  # the loader places each problem in the file itself
        elif found:
            raise ValueError(
                "; ".join(f"{_fmt._path(loc) or '(top level)'}: {text}" for loc, text in found)
            )
        return self

    def recipient(self, recipient_id: str) -> Recipient | None:
        return next((r for r in self.recipients if r.id == recipient_id), None)

    def route(self, route_id: str) -> RouteDef | None:
        return next((r for r in self.routes if r.id == route_id), None)


def pack_problems(pack: JurisdictionPack) -> list[tuple[Loc, str]]:
    """Rules across routes and recipients, each with its place in the file."""
    problems: list[tuple[Loc, str]] = []
    ids = {"recipient": [r.id for r in pack.recipients], "route": [r.id for r in pack.routes]}
    for kind, used in ids.items():
        first: dict[str, int] = {}
        for index, ident in enumerate(used):
            if ident in first:
                where = f"{kind}s[{first[ident]}]"
                problems.append(
                    ((f"{kind}s", index, "id"), f"{kind} id {ident!r} is already used by {where}")
                )
            first.setdefault(ident, index)
    present = {r.type for r in pack.recipients}
    for r, route in enumerate(pack.routes):
        for t, kind in enumerate(route.recipient_types):
            if kind not in present:
                problems.append(
                    (
                        ("routes", r, "recipient_types", t),
                        f"no recipient in this pack has type {kind.value!r}; add one under "
                        "recipients, or remove the type from this route",
                    )
                )
    if not any(
        route.basis is BasisKind.CONSENT
        and not route.involves_police
        and route.audience is not Audience.CHILD
        for route in pack.routes
    ):
        problems.append(
            (
                ("routes",),
                "expected a consent route for adults with involves_police: false; a route to "
                "support that involves no police must always exist",
            )
        )
    if not any(route.basis is BasisKind.CHILD_PROTECTION for route in pack.routes):
        problems.append(
            (
                ("routes",),
                "expected a child-protection route: a child, or a person whose age is unknown "
                "or disputed, must always have one",
            )
        )
    if any(r.historic for r in pack.recipients) and not pack.verify_before_use:
        problems.append(
            (("verify_before_use",), "a pack with historic recipients must be verified")
        )
    return problems


# --- loading ------------------------------------------------------------------------------------


def jurisdictions_dir() -> Path:
    return paths.resources_dir() / "jurisdictions"


def load_jurisdiction_file(path: Path) -> JurisdictionPack:
    """Read and validate one pack; raise ``InvalidJurisdiction`` listing every problem."""
    path = Path(path)
    try:
        # The instrument loader's reading and parsing: same file types, same messages.
        data, tree, found = _fmt._parse(path, _fmt._read_text(path))
    except InvalidInstrument as err:
        raise InvalidJurisdiction(str(path), list(err.problems)) from None
    if data is None and not found:
        raise InvalidJurisdiction(str(path), ["(top level): the file is empty"])
    collected: list[tuple[Loc, str]] = []
    pack: JurisdictionPack | None = None
    try:
        pack = JurisdictionPack.model_validate(data, context={_COLLECT: collected})
    except ValidationError as err:
        found.extend(_explain(detail) for detail in err.errors())
    found.extend(_fmt._Problem(loc, text) for loc, text in collected)
    if found or pack is None:
        ordered = sorted(found, key=lambda p: _fmt._line_of(tree, p) or (1 << 30, 0))
        raise InvalidJurisdiction(str(path), [_fmt._render(tree, p) for p in ordered])
    return pack


def _explain(detail: Any) -> _fmt._Problem:
    # The instrument loader explains most problems; two need the jurisdiction models instead.
    loc: Loc = tuple(detail["loc"])
    model = _model_at(loc[:-1] if detail["type"] == "extra_forbidden" else loc)
    if detail["type"] == "extra_forbidden":
        text = f"unexpected key {loc[-1]!r}"
        if model is not None:
            text += f" (allowed keys: {', '.join(model.model_fields)})"
        return _fmt._Problem(loc, text, key_node=True)
    problem = _fmt._explain(detail)
    # Our validators start a message with the key it is about; point at that key's line.
    field, _, rest = problem.text.partition(": ")
    if detail["type"] == "value_error" and model is not None and field in model.model_fields:
        return _fmt._Problem((*loc, field), rest)
    return problem


def _model_at(loc: Loc) -> type[BaseModel] | None:
    model: type[BaseModel] | None = JurisdictionPack
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _fmt._inner_model(field.annotation) if field else None
    return model


@functools.lru_cache(maxsize=1)
def _bundled() -> tuple[JurisdictionPack, ...]:
    by_id: dict[str, tuple[JurisdictionPack, Path]] = {}
    for file in _fmt.instrument_files(jurisdictions_dir()):
        pack = load_jurisdiction_file(file)
        if pack.id in by_id:
            other = by_id[pack.id][1].name
            raise InvalidJurisdiction(
                str(file), [f"id: pack id {pack.id!r} is also used by {other}"]
            )
        by_id[pack.id] = (pack, file)
    return tuple(by_id[key][0] for key in sorted(by_id))


def bundled_jurisdictions() -> list[JurisdictionPack]:
    """The packs shipped with the app, sorted by id. A broken file raises at once."""
    return list(_bundled())


def get_jurisdiction(jurisdiction_id: str) -> JurisdictionPack:
    for pack in _bundled():
        if pack.id == jurisdiction_id:
            return pack
    raise NotFound("jurisdiction", jurisdiction_id)


def check_pack_provenance(pack: JurisdictionPack, seeds_dir: Path) -> list[str]:
    """Problems with the pack's seed references; an empty list means they all resolve."""
    refs: list[tuple[str, Provenance]] = [
        (f"provenance[{i}]", p) for i, p in enumerate(pack.provenance)
    ]
    refs += [(f"targets.provenance.{k.value}", p) for k, p in pack.targets.provenance.items()]
    owners = {
        "recipients": [r.provenance for r in pack.recipients],
        "routes": [r.provenance for r in pack.routes],
    }
    for kind, cited_by in owners.items():
        for e, cited in enumerate(cited_by):
            refs += [(f"{kind}[{e}].provenance[{i}]", p) for i, p in enumerate(cited)]
    cache: dict[str, list[str] | None] = {}
    problems: list[str] = []
    for location, ref in refs:
        if ref.seed is not None:
            problems.extend(_prov._check(location, ref, Path(seeds_dir), cache))
    return problems


# --- schema -------------------------------------------------------------------------------------

SCHEMA_FILE_NAME = "jurisdiction.schema.json"
_DESCRIPTION = (
    "A jurisdiction pack for Frontline Screening: referral routes, recipients, time targets and "
    "terminology. Not expressible here and checked by the app: route and recipient ids are "
    "unique; every recipient type a route names has a recipient; a monitoring-only route carries "
    "no direct identifiers; there is a consent route for adults that involves no police and a "
    "child-protection route for children; a historic recipient is flagged verify_before_use."
)


def jurisdiction_json_schema() -> dict[str, Any]:
    header: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        # A URN, not a URL: the app is offline and nothing should look as if it could be fetched.
        "$id": "urn:frontline-screening:schema:jurisdiction",
        "title": "Frontline Screening jurisdiction pack",
        "description": _DESCRIPTION,
    }
    generated = JurisdictionPack.model_json_schema()
    return {**header, **{k: v for k, v in generated.items() if k not in header}}


def jurisdiction_schema_text() -> str:
    return json.dumps(jurisdiction_json_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_jurisdiction_schema_path() -> Path:
    return paths.schemas_dir() / SCHEMA_FILE_NAME
