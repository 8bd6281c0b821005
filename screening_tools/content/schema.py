"""The published JSON Schema for instrument files, generated from the pydantic models.

The models are the single source of truth; the schema file is shipped so that authors can get
completion and checking in their editor, and a test keeps the shipped copy in step with the
models. Regenerate it with
``screening content schema --out resources/schemas/instrument.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from screening_tools import paths
from screening_tools.content.models import Instrument

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A URN, not a URL: the app is offline and nothing should look as if it could be fetched.
SCHEMA_ID = "urn:frontline-screening:schema:instrument"
SCHEMA_FILE_NAME = "instrument.schema.json"
_DESCRIPTION = (
    "An indicator checklist for Frontline Screening: groups of items with worker-facing wording, "
    "optional open questions for the person, guidance and provenance. Not expressible here and "
    "checked by the app: group ids and item ids are unique within an instrument, and a 'seed' "
    "reference has 'lines'."
)


def instrument_json_schema() -> dict[str, Any]:
    generated = Instrument.model_json_schema()
    header: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "Frontline Screening instrument",
        "description": _DESCRIPTION,
    }
    body = {key: value for key, value in generated.items() if key not in header}
    return {**header, **body}


def schema_text() -> str:
    # Stable formatting, so the shipped file diffs cleanly when the models change.
    return json.dumps(instrument_json_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_path() -> Path:
    return paths.schemas_dir() / SCHEMA_FILE_NAME


def write_schema(path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
