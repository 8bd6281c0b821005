"""The packet's JSON part: canonical bytes, a published JSON Schema, and a strict reader.

The JSON part is ``PacketContent`` as it is, plus ``"$schema"``: the versioned URN of the schema
it follows. The bytes are canonical (sorted keys, no whitespace, UTF-8), so the same content
always gives the same bytes and the manifest's hash is stable.

The schema is generated from the pydantic models, which stay the single source of truth; the
shipped copy in ``resources/schemas/packet.schema.json`` is kept in step by a test. Regenerate it
with ``python -m screening_tools.referral.json_part``.

Both renderers (this one and ``fhir``) refuse content that contradicts itself, for instance a
name when the identity category is not shared: a renderer cannot leak what it refuses to render.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from screening_tools import paths
from screening_tools.consent import CATEGORY_LABELS, DIRECT_IDENTIFIER_CATEGORIES, DataCategory
from screening_tools.errors import ScreeningError
from screening_tools.referral.model import SCHEMA_VERSION, BasisKind, PacketContent

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A URN, not a URL: the app is offline and nothing should look as if it could be fetched.
PACKET_SCHEMA_ID = f"urn:frontline-screening:schema:packet:{SCHEMA_VERSION}"
PACKET_SCHEMA_FILE_NAME = "packet.schema.json"
_DESCRIPTION = (
    "The JSON part of a Frontline Screening referral packet: what the referrer shares about one "
    "person, under one legal basis, with one recipient. Data categories the basis does not "
    "cover are empty (null or []). The indicators are signs noticed or described, not a "
    "determination. Not expressible here and checked by the app: no field is filled for a "
    "category absent from categories_shared, every date-time carries a UTC offset, a 'consent' "
    "basis carries its consent record, and a monitoring-only notification carries no direct "
    "identifiers."
)
_DECISIONS = frozenset({"given", "declined"})


class InvalidPacketPart(ScreeningError):
    """A packet part is not valid; ``problems`` lists every problem found (never any data)."""

    def __init__(self, part: str, problems: list[str]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"The {part} part of this packet is not valid, so it was not used:\n{lines}\n"
            "Ask the sender for a new packet."
        )
        self.part = part
        self.problems = problems


class InconsistentPacketContent(ScreeningError):
    """Content that contradicts itself; refused so that no category can leak by accident."""

    def __init__(self, problems: list[str]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            "The packet was not created because its content is inconsistent (this is a fault "
            f"in the app; please report it):\n{lines}"
        )
        self.problems = problems


def _category_fields(content: PacketContent) -> list[tuple[str, DataCategory, bool]]:
    """(field, category it belongs to, whether it holds data), for every data-bearing field."""
    person = content.person
    fields = [
        ("person.name", DataCategory.IDENTITY, person.name is not None),
        ("person.contact", DataCategory.CONTACT, person.contact is not None),
        ("person.age_group", DataCategory.DEMOGRAPHICS, person.age_group is not None),
        ("person.language", DataCategory.DEMOGRAPHICS, person.language is not None),
        ("person.interpreter", DataCategory.DEMOGRAPHICS, person.interpreter is not None),
        ("exploitation_types", DataCategory.INDICATORS, bool(content.exploitation_types)),
        ("immediate_needs", DataCategory.NEEDS, bool(content.immediate_needs)),
        ("services_needed", DataCategory.NEEDS, bool(content.services_needed)),
        ("security_concerns", DataCategory.SECURITY_CONCERNS, bool(content.security_concerns)),
        ("disclosure_summary", DataCategory.DISCLOSURE_SUMMARY, bool(content.disclosure_summary)),
        ("notes", DataCategory.NOTES, bool(content.notes)),
    ]
    fields += [(f"indicators[{i}]", e.category, True) for i, e in enumerate(content.indicators)]
    return fields


def _datetimes(content: PacketContent) -> list[tuple[str, datetime | None]]:
    found: list[tuple[str, datetime | None]] = [
        ("created_at", content.created_at),
        ("basis.signed_off_at", content.basis.signed_off_at),
    ]
    found += [
        (f"indicators[{i}].recorded_at", e.recorded_at) for i, e in enumerate(content.indicators)
    ]
    found += [(f"notes[{i}].created_at", n.created_at) for i, n in enumerate(content.notes)]
    found += [
        (f"disclosure_summary[{i}].created_at", n.created_at)
        for i, n in enumerate(content.disclosure_summary)
    ]
    if content.consent is not None:
        found += [
            ("consent.obtained_at", content.consent.obtained_at),
            ("consent.expires_at", content.consent.expires_at),
        ]
    return found


def content_problems(content: PacketContent) -> list[str]:
    """Why ``content`` contradicts itself (empty when it does not). Messages carry no data."""
    problems = []
    if content.schema_version != SCHEMA_VERSION:
        problems.append(f"schema_version must be {SCHEMA_VERSION!r}")
    shared = set(content.categories_shared)
    for field, category, filled in _category_fields(content):
        if filled and category not in shared:
            label = CATEGORY_LABELS[category]
            problems.append(f"{field} is filled but the category {label!r} is not shared")
    for index, entry in enumerate(content.indicators):
        if entry.category not in (DataCategory.INDICATORS, DataCategory.HEALTH):
            problems.append(f"indicators[{index}] must be an indicator or a health indicator")
    for field, value in _datetimes(content):
        if value is not None and value.utcoffset() is None:
            problems.append(f"{field} has no time zone")
    kind = content.basis.kind
    if kind is BasisKind.CONSENT and (
        content.consent is None or content.consent.decision != "given"
    ):
        problems.append("the basis is consent, but no consent given is recorded")
    if content.consent is not None and content.consent.decision not in _DECISIONS:
        problems.append("consent.decision must be 'given' or 'declined'")
    if kind is BasisKind.MONITORING_ONLY:
        for category in sorted(shared & DIRECT_IDENTIFIER_CATEGORIES):
            label = CATEGORY_LABELS[category]
            problems.append(f"a monitoring-only notification cannot share {label!r}")
    return problems


def check_content(content: PacketContent) -> None:
    """Raise ``InconsistentPacketContent`` unless ``content`` is consistent."""
    problems = content_problems(content)
    if problems:
        raise InconsistentPacketContent(problems)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8 without escapes: one value, one byte string."""
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def packet_document(content: PacketContent) -> dict[str, Any]:
    check_content(content)
    return {"$schema": PACKET_SCHEMA_ID, **content.model_dump(mode="json")}


def packet_json(content: PacketContent) -> bytes:
    """The JSON part's bytes: canonical, so the same content always gives the same bytes."""
    return canonical_json(packet_document(content))


# --- schema ---------------------------------------------------------------------------------


def packet_json_schema() -> dict[str, Any]:
    generated = PacketContent.model_json_schema()
    header: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": PACKET_SCHEMA_ID,
        "title": f"Frontline Screening referral packet (JSON part, version {SCHEMA_VERSION})",
        "description": _DESCRIPTION,
    }
    body = {key: value for key, value in generated.items() if key not in header}
    body["properties"] = {
        "$schema": {
            "const": PACKET_SCHEMA_ID,
            "description": "The schema this document follows, with its version",
        },
        **body["properties"],
        "schema_version": {
            "const": SCHEMA_VERSION,
            "description": "Version of the packet format",
            "title": "Schema Version",
        },
    }
    required = ["$schema", "schema_version", *body.get("required", [])]
    body["required"] = list(dict.fromkeys(required))
    return {**header, **body}


def schema_text() -> str:
    # Stable formatting, so the shipped file diffs cleanly when the models change.
    return json.dumps(packet_json_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_packet_schema_path() -> Path:
    return paths.schemas_dir() / PACKET_SCHEMA_FILE_NAME


def write_packet_schema(path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")


# --- reading --------------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def parse_packet_json(data: bytes) -> PacketContent:
    """Read a JSON part strictly: raise ``InvalidPacketPart("JSON", problems)`` unless valid.

    Problems name fields and rules, never values: the messages may be shown or logged.
    """
    part = "JSON"
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError:
        raise InvalidPacketPart(part, ["the file is not UTF-8 text"]) from None
    except _DuplicateKey as err:
        raise InvalidPacketPart(part, [f"the key {err.args[0]!r} appears twice"]) from None
    except json.JSONDecodeError as err:
        problem = f"not valid JSON ({err.msg}, line {err.lineno} column {err.colno})"
        raise InvalidPacketPart(part, [problem]) from None
    if not isinstance(document, dict):
        raise InvalidPacketPart(part, ["the document is not a JSON object"])
    problems = []
    declared = document.pop("$schema", None)
    if declared != PACKET_SCHEMA_ID:
        problems.append(f"$schema must be {PACKET_SCHEMA_ID!r}")
    if document.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version must be {SCHEMA_VERSION!r}")
    try:
        content = PacketContent.model_validate_json(canonical_json(document), strict=True)
    except ValidationError as err:
        problems += [f"{_location(e['loc'])}: {e['msg']}" for e in err.errors()]
        raise InvalidPacketPart(part, problems) from None
    problems += content_problems(content)
    if problems:
        raise InvalidPacketPart(part, list(dict.fromkeys(problems)))
    return content


if __name__ == "__main__":  # pragma: no cover - a developer's command
    write_packet_schema(shipped_packet_schema_path())
    print(f"{shipped_packet_schema_path()}: schema written")
