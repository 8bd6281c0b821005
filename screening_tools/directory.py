"""Partner directory: referral partners as a data file, and suggestions when choosing one.

The file (YAML or JSON) is validated by strict models with the instrument loader's precise
messages. ``suggest`` ranks partners against what the person needs, saying in plain words why each
matches and what to check first. It only advises: routing and consent still decide what may be
sent. Its one hard rule is the person's answer about the police: a partner that involves the
police is never suggested to someone who did not agree to police sharing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import yaml
from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from screening_tools import paths
from screening_tools.content import loader as _fmt
from screening_tools.content.loader import get_instrument
from screening_tools.content.models import Identifier, Text, Version
from screening_tools.errors import InvalidInstrument, ScreeningError
from screening_tools.jurisdiction import ENFORCEMENT_TYPES, JurisdictionPack, RecipientType

Format = Literal["yaml", "json"]
Loc = tuple[int | str, ...]
SERVICES_INSTRUMENT = "services-needed"
EXPLOITATION_INSTRUMENT = "exploitation-types"

# Ranking weights. What the person needs counts most, then being understood in their own
# language; an in-date data-sharing agreement lifts a partner above an otherwise equal one.
SERVICE_WEIGHT = 10  # per needed service offered
LANGUAGE_WEIGHT = 6
POPULATION_WEIGHT = 4  # the partner names the group; "any" earns half
EXPLOITATION_WEIGHT = 3  # per suspected type the partner has experience of
RESPONSE_WEIGHT = 2
AGREEMENT_WEIGHT = 5

# Short labels for reasons; they move to the gettext catalogue with the rest of the wording.
_SERVICE_LABELS = {
    "service.housing": "housing",
    "service.medical": "medical care",
    "service.mental-health": "mental health support",
    "service.legal": "legal advice",
    "service.immigration-advice": "immigration advice",
    "service.interpreter": "interpreting",
    "service.financial": "help with money",
    "service.education": "education and training",
    "service.other": "other help",
}
_EXPLOITATION_LABELS = {
    "exploitation.sexual": "sexual exploitation",
    "exploitation.labour": "labour exploitation",
    "exploitation.criminal": "criminal exploitation",
    "exploitation.other": "other forms of exploitation",
}


class InvalidDirectory(ScreeningError):
    """A partner directory file is not valid; ``problems`` lists every problem found."""

    def __init__(self, file: str, problems: list[str]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The partner directory {file} is not valid:\n{lines}")
        self.file = file
        self.problems = problems


@functools.cache
def _item_order(instrument_id: str) -> dict[str, int]:
    return {item.id: i for i, item in enumerate(get_instrument(instrument_id).items())}


def _code_of(instrument_id: str, what: str) -> Callable[[str], str]:
    def check(code: str) -> str:
        known = sorted(_item_order(instrument_id))
        if code not in known:
            close = difflib.get_close_matches(code, known, n=1, cutoff=0.7)
            hint = f"did you mean {close[0]!r}?" if close else "one of " + ", ".join(known)
            raise ValueError(f"expected {what} code, got {code!r} ({hint})")
        return code

    return check


@functools.cache
def _language_names() -> dict[str, str]:
    # ISO 639-1 codes are Babel's two-letter ones; its English names double as the reason text.
    return {code: name for code, name in Locale("en").languages.items() if len(code) == 2}


def _language(code: str) -> str:
    if code not in _language_names():
        raise ValueError(
            f"expected a two-letter ISO 639-1 language code like en, ro or ar, got {code!r}"
        )
    return code


ServiceCode = Annotated[str, AfterValidator(_code_of(SERVICES_INSTRUMENT, "a service"))]
ExploitationType = Annotated[
    str, AfterValidator(_code_of(EXPLOITATION_INSTRUMENT, "an exploitation type"))
]
Language = Annotated[str, AfterValidator(_language)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Population(StrEnum):
    """Who a partner works with. The groups overlap (an adult woman is in adults and in women):
    a partner lists every group it takes, or ``any`` alone when it takes everyone."""

    ADULTS = "adults"
    CHILDREN = "children"
    WOMEN = "women"
    MEN = "men"
    FAMILIES = "families"
    LGBTQ = "lgbtq"
    MIGRANTS = "migrants"
    ANY = "any"


_POPULATION_LABELS = {Population.LGBTQ: "LGBTQ+ people"}


class AgreementStatus(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    SIGNED = "signed"
    EXPIRED = "expired"


class DataSharingAgreement(_Strict):
    status: AgreementStatus
    date: dt.date | None = None  # the day it was signed, drafted or expired
    review_by: dt.date | None = None  # a signed agreement is in force up to and on this day

    @model_validator(mode="after")
    def _dates_fit_status(self) -> DataSharingAgreement:
        if self.status is AgreementStatus.NONE and (self.date or self.review_by):
            raise ValueError("status: with no agreement ('none'), leave out date and review_by")
        if self.status in (AgreementStatus.SIGNED, AgreementStatus.EXPIRED) and not self.date:
            raise ValueError(
                f"date: give the day the agreement was {self.status.value}, like 2026-03-01"
            )
        if self.date and self.review_by and self.review_by < self.date:
            raise ValueError("review_by: expected a day on or after the agreement's date")
        return self


class Partner(_Strict):
    id: Identifier  # stable: consent records and referrals refer to it
    name: Text
    type: RecipientType
    services: list[ServiceCode] = Field(min_length=1)
    languages: list[Language] = Field(min_length=1)
    populations: list[Population] = Field(min_length=1)
    exploitation_types: list[ExploitationType] = []  # types it has particular experience of
    when_to_contact: Text
    expected_response_hours: int = Field(ge=1)
    contact: Text | None = None
    # Strict: this decides whether the partner may be suggested at all, so never guess it.
    police_involved: StrictBool
    data_sharing_agreement: DataSharingAgreement
    recipient_id: Identifier | None = None  # the jurisdiction pack's recipient it is, if any
    notes: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Partner:
        for field in ("services", "languages", "populations", "exploitation_types"):
            values: list[str] = getattr(self, field)
            repeated = sorted({str(v) for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{field}: {', '.join(map(repr, repeated))} listed twice")
        if Population.ANY in self.populations and len(self.populations) > 1:
            raise ValueError("populations: 'any' already covers everyone; list it alone")
        if self.type in ENFORCEMENT_TYPES and not self.police_involved:
            raise ValueError(
                "police_involved: a police or immigration partner must say police_involved: true"
            )
        return self


class Directory(_Strict):
    version: Version
    description: Text | None = None
    partners: list[Partner] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> Directory:
        ids = [p.id for p in self.partners]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"partner ids used twice: {', '.join(map(repr, repeated))}")
        return self

    def partner(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)


def example_directory_path() -> Path:
    return paths.resources_dir() / "directory" / "example-partners.yaml"


# --- reading and writing ------------------------------------------------------------------------


def load_directory(path: Path) -> Directory:
    """Read and validate a directory file; raise ``InvalidDirectory`` listing every problem."""
    path = Path(path)
    try:
        text = _fmt._read_text(path)  # same file types and reading messages as instruments
    except InvalidInstrument as err:
        raise InvalidDirectory(str(path), list(err.problems)) from None
    return parse_directory(text, "json" if path.suffix.lower() == ".json" else "yaml", str(path))


def parse_directory(text: str, fmt: Format = "yaml", source: str = "text") -> Directory:
    """Validate a directory given as text (as stored in the vault); ``source`` names it."""
    data, tree, found = _parse(text, fmt, source)
    if data is None and not found:
        raise InvalidDirectory(source, ["(top level): the file is empty"])
    duplicates = _duplicate_ids(data)
    found += duplicates
    directory: Directory | None = None
    try:
        directory = Directory.model_validate(data)
    except ValidationError as err:
        for detail in err.errors():
            # The model's own id check cannot say where; _duplicate_ids placed each duplicate.
            if not (detail["type"] == "value_error" and detail["loc"] == () and duplicates):
                found.append(_explain(detail))
    if found or directory is None:
        ordered = sorted(found, key=lambda p: _fmt._line_of(tree, p) or (1 << 30, 0))
        raise InvalidDirectory(source, [_fmt._render(tree, p) for p in ordered])
    return directory


def dump_directory(directory: Directory, fmt: Format = "yaml") -> str:
    """The directory as a file's text; ``parse_directory`` gives back an equal directory."""
    data = directory.model_dump(mode="json", exclude_none=True)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    raise ValueError(f"unknown directory format {fmt!r}; expected 'yaml' or 'json'")


class _YamlLoader(yaml.SafeLoader):
    # Dates stay text for pydantic to read: PyYAML's own date reading raises a bare ValueError,
    # with no line, for a day that does not exist (2026-02-30).
    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class-level table
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _parse(text: str, fmt: Format, source: str) -> tuple[object, yaml.Node | None, list[_Problem]]:
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            where = f"line {err.lineno}, column {err.colno}"
            raise InvalidDirectory(source, [f"{where}: not valid JSON: {err.msg}"]) from None
        try:  # JSON is (nearly) YAML: the composer tells us where things are
            tree = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            tree = None
    elif fmt == "yaml":
        loader = _YamlLoader(text)
        try:
            tree = loader.get_single_node()
            data = loader.construct_document(tree) if tree is not None else None
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
            reason = " ".join(part for part in (err.context, err.problem) if part)
            raise InvalidDirectory(source, [f"{where}: not valid YAML: {reason}"]) from None
        except (yaml.YAMLError, ValueError) as err:
            raise InvalidDirectory(source, [f"file: not valid YAML: {err}"]) from None
        finally:
            loader.dispose()
    else:
        raise ValueError(f"unknown directory format {fmt!r}; expected 'yaml' or 'json'")
    return data, tree, list(_fmt._duplicate_keys(tree, ()))


_Problem = _fmt._Problem


def _duplicate_ids(data: object) -> list[_Problem]:
    partners = data.get("partners") if isinstance(data, dict) else None
    first: dict[str, int] = {}
    problems: list[_Problem] = []
    for index, partner in enumerate(partners if isinstance(partners, list) else []):
        ident = partner.get("id") if isinstance(partner, dict) else None
        if isinstance(ident, str) and ident in first:
            text = f"partner id {ident!r} is already used by partners[{first[ident]}]"
            problems.append(_Problem(("partners", index, "id"), text))
        elif isinstance(ident, str):
            first[ident] = index
    return problems


def _explain(detail: ErrorDetails) -> _Problem:
    loc: Loc = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "extra_forbidden":
        model, key = _model_at(loc[:-1]), str(loc[-1])
        allowed = list(model.model_fields) if model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        hint = hint or (f" (allowed keys: {', '.join(allowed)})" if allowed else "")
        return _Problem(loc, f"unexpected key {key!r}{hint}", key_node=True)
    if kind.startswith("date_"):
        return _Problem(
            loc, f"expected a date like 2026-03-01, got {_fmt._describe(detail['input'])}"
        )
    if kind == "bool_type":
        return _Problem(loc, f"expected true or false, got {_fmt._describe(detail['input'])}")
    problem = _fmt._explain(detail)
    # Our validators start a message with the key it is about; point at that key's line.
    field, _, rest = problem.text.partition(": ")
    model = _model_at(loc)
    if kind == "value_error" and model is not None and field in model.model_fields:
        return _Problem((*loc, field), rest)
    return problem


def _model_at(loc: Loc) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Directory
    for part in loc:
        if model is None:
            return None
        if isinstance(part, str):
            field = model.model_fields.get(part)
            model = _fmt._inner_model(field.annotation) if field else None
    return model


def recipient_problems(directory: Directory, pack: JurisdictionPack) -> list[str]:
    """Partners whose ``recipient_id`` is not in ``pack``, or is there with another type."""
    problems = []
    for index, partner in enumerate(directory.partners):
        recipient = pack.recipient(partner.recipient_id) if partner.recipient_id else None
        where = f"partners[{index}].recipient_id"
        if partner.recipient_id and recipient is None:
            problems.append(f"{where}: {pack.name} has no recipient {partner.recipient_id!r}")
        elif recipient is not None and recipient.type is not partner.type:
            problems.append(
                f"{where}: {recipient.id!r} is a {recipient.type.value} recipient, but this "
                f"partner's type is {partner.type.value}"
            )
    return problems


# --- suggestions --------------------------------------------------------------------------------


def _first_language(value: object) -> object:
    # A screening language such as pt_BR or pt-BR: the partner need only speak Portuguese.
    return value.replace("-", "_").split("_")[0].lower() if isinstance(value, str) else value


class Criteria(_Strict):
    services_needed: AbstractSet[ServiceCode] = frozenset()
    language: Annotated[Language, BeforeValidator(_first_language)] | None = None
    population: Population | None = None  # 'any' is the same as none
    exploitation_types: AbstractSet[ExploitationType] = frozenset()
    # Safe by default: police-free unless the person agreed to police sharing.
    needs_police_free: bool = True
    within_hours: int | None = Field(default=None, ge=1)


class Suggestion(_Strict):
    partner: Partner
    score: int
    reasons: list[str]
    warnings: list[str]


def suggest(directory: Directory, criteria: Criteria, today: dt.date) -> list[Suggestion]:
    """Partners that fit, best first (score, then name, then id), each with reasons and warnings.

    Left out: partners involving the police when ``needs_police_free``, and partners offering
    none of the services needed (when some are). Anything else that does not fit is a warning.
    """
    found = [s for p in directory.partners if (s := _assess(p, criteria, today)) is not None]
    return sorted(found, key=lambda s: (-s.score, s.partner.name.casefold(), s.partner.id))


def _assess(partner: Partner, criteria: Criteria, today: dt.date) -> Suggestion | None:
    if criteria.needs_police_free and partner.police_involved:
        return None
    offered = _ordered(SERVICES_INSTRUMENT, criteria.services_needed & set(partner.services))
    if criteria.services_needed and not offered:
        return None
    score, reasons, warnings = 0, list[str](), list[str]()

    def match(weight: int, reason: str) -> None:
        nonlocal score
        score += weight
        reasons.append(reason)

    if offered:
        match(SERVICE_WEIGHT * len(offered), "offers " + _join(_SERVICE_LABELS, offered))
    if missing := _ordered(SERVICES_INSTRUMENT, criteria.services_needed - set(partner.services)):
        warnings.append("does not offer " + _join(_SERVICE_LABELS, missing))
    if (code := criteria.language) is not None:
        name = _language_names()[code]
        if code in partner.languages:
            match(LANGUAGE_WEIGHT, f"works in {name}")
        else:
            warnings.append(f"does not list {name} among its languages: an interpreter may help")
    if (group := criteria.population) is not None and group is not Population.ANY:
        label = _POPULATION_LABELS.get(group, group.value)
        if group in partner.populations:
            match(POPULATION_WEIGHT, f"works with {label}")
        elif Population.ANY in partner.populations:
            match(POPULATION_WEIGHT // 2, "works with everyone")
        else:
            warnings.append(f"does not list {label} among the people it works with")
    known = set(partner.exploitation_types)
    if shared := _ordered(EXPLOITATION_INSTRUMENT, criteria.exploitation_types & known):
        match(
            EXPLOITATION_WEIGHT * len(shared),
            "has experience of " + _join(_EXPLOITATION_LABELS, shared),
        )
    if criteria.needs_police_free:
        match(0, "no police involvement")
    hours, asked = _hours(partner.expected_response_hours), criteria.within_hours
    if asked is not None and partner.expected_response_hours <= asked:
        match(RESPONSE_WEIGHT, f"responds in about {hours}, within the {_hours(asked)} asked")
    elif asked is not None:
        warnings.append(f"responds in about {hours}, slower than the {_hours(asked)} asked")
    in_force, text = _agreement(partner.data_sharing_agreement, today)
    if in_force:
        match(AGREEMENT_WEIGHT, text)
    else:
        warnings.append(text)
    return Suggestion(partner=partner, score=score, reasons=reasons, warnings=warnings)


def _agreement(agreement: DataSharingAgreement, today: dt.date) -> tuple[bool, str]:
    """Whether a signed agreement is in force today, and a sentence saying so or why not."""
    signed, review_by = agreement.date, agreement.review_by
    check = "check before sharing anything about the person"
    if agreement.status is AgreementStatus.SIGNED and signed is not None:
        if signed > today:
            return False, f"data-sharing agreement only takes effect on {signed}: {check}"
        if review_by is not None and review_by < today:
            return False, f"data-sharing agreement was due for review by {review_by}: {check}"
        return True, f"data-sharing agreement signed {signed}"
    if agreement.status is AgreementStatus.EXPIRED:
        return False, f"data-sharing agreement expired on {signed}: {check}"
    if agreement.status is AgreementStatus.DRAFT:
        return False, f"data-sharing agreement is only a draft: {check}"
    return False, f"no data-sharing agreement: {check}"


def _ordered(instrument_id: str, codes: Iterable[str]) -> list[str]:
    order = _item_order(instrument_id)  # the order the instrument lists them in
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


def _hours(count: int) -> str:
    return f"{count} hour" if count == 1 else f"{count} hours"


def _join(labels: dict[str, str], codes: list[str]) -> str:
    # A code with no short label yet reads from its id: service.peer-support -> "peer support".
    words = [labels.get(c) or c.partition(".")[2].replace("-", " ") for c in codes]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
