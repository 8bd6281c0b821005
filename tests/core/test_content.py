"""Instrument content: bundled files, the adult checklist, validation messages, schema, CLI."""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from screening_tools import paths
from screening_tools.content import cli as content_cli
from screening_tools.content.loader import (
    bundled_instruments,
    get_instrument,
    instrument_files,
    load_instrument_file,
    validate_file,
)
from screening_tools.content.models import Instrument, ReviewStatus
from screening_tools.content.provenance import check_provenance
from screening_tools.content.schema import instrument_json_schema, shipped_schema_path
from screening_tools.errors import InvalidInstrument, NotFound

REPO = Path(__file__).resolve().parents[2]
# The seeds live beside the checkout (../shared/seeds), locally and in CI.
SEEDS = REPO.parent / "shared" / "seeds"
ADULT_SEED = "001_90370d0feb58ee3b.txt"
CONTENT_PACKAGE = REPO / "screening_tools" / "content"

# Wording that would state a determination; the app only ever records indicators.
DETERMINATION = re.compile(
    r"\b(is|are|was|were) (a |the )?(confirmed |definite |real )?victims?\b"
    r"|\bconfirmed victim|\b(is|are|was|has been|have been) (being )?trafficked\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def adult() -> Instrument:
    return get_instrument("adult-indicators")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _valid_document() -> dict[str, object]:
    return {
        "id": "test-instrument",
        "version": "1.0",
        "title": "Test",
        "description": "A small instrument for tests.",
        "audience": "adult",
        "languages": ["en"],
        "review_status": "draft",
        "provenance": [{"seed": ADULT_SEED, "lines": "L608-L648"}],
        "groups": [
            {
                "id": "physical",
                "title": "Physical",
                "items": [
                    {
                        "id": "t.one",
                        "worker_text": "Something observed.",
                        "guidance": "Why and how.",
                        "provenance": [{"seed": ADULT_SEED, "lines": "L612"}],
                        "review_status": "draft",
                    },
                    {
                        "id": "t.two",
                        "worker_text": "Something else observed.",
                        "guidance": "Why and how.",
                        "provenance": [{"seed": ADULT_SEED, "lines": "L613"}],
                        "review_status": "draft",
                    },
                ],
            }
        ],
    }


def _write_yaml(tmp_path: Path, document: object, name: str = "inst.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


# --- bundled content ----------------------------------------------------------------------------


def test_every_bundled_file_validates() -> None:
    files = instrument_files(paths.instruments_dir())
    assert files, "no bundled instrument files found"
    for file in files:
        assert validate_file(file) == [], file
    assert [i.id for i in bundled_instruments()] == sorted(i.id for i in bundled_instruments())


def test_adult_instrument_groups_and_counts(adult: Instrument) -> None:
    counts = {group.id: len(group.items) for group in adult.groups}
    assert list(counts)[:4] == ["physical", "psychological", "sexual-health", "situational"]
    assert [counts[g] for g in ("physical", "psychological", "sexual-health", "situational")] == [
        7,
        8,
        3,
        7,
    ]
    assert counts["other-signs"] > 0
    assert adult.version == "1.0"
    assert adult.audience.value == "adult"
    assert adult.languages == ["en"]
    assert adult.review_status is ReviewStatus.DRAFT


def test_every_adult_item_is_complete(adult: Instrument) -> None:
    for group in adult.groups:
        for item in group.items:
            assert item.id.startswith("adult."), item.id
            assert item.id == item.id.lower()
            assert item.worker_text and item.guidance, item.id
            assert item.provenance, item.id
            assert item.review_status is ReviewStatus.DRAFT, item.id
            assert all(p.seed == ADULT_SEED and p.lines for p in item.provenance), item.id
            if item.person_text is not None:
                assert item.person_text.endswith("?"), item.id  # a question, not a statement


def test_adult_caveat_next_steps_and_specific_guidance(adult: Instrument) -> None:
    assert adult.caveat and "first meeting" in adult.caveat
    assert "neither prove nor disprove" in adult.caveat
    assert any("referral" in step for step in adult.next_steps)
    assert any(p.lines == "L608-L648" for p in adult.provenance)
    self_harm = adult.item("adult.psychological.self-harm")
    assert self_harm is not None and "passed on" in self_harm.guidance
    assert {p.lines for p in self_harm.provenance} >= {"L827", "L880"}
    pregnancy = adult.item("adult.sexual-health.unwanted-pregnancy")
    assert pregnancy is not None and "child-protection" in pregnancy.guidance
    assert "L662" in {p.lines for p in pregnancy.provenance}
    # Items that must only ever be observed, never asked about.
    for never_asked in ("adult.physical.ownership-marks", "adult.sexual-health.sexual-injuries"):
        item = adult.item(never_asked)
        assert item is not None and item.person_text is None


def test_bundled_provenance_points_at_real_seed_lines() -> None:
    assert SEEDS.is_dir(), f"seed files expected beside the checkout, in {SEEDS}"
    for instrument in bundled_instruments():
        assert check_provenance(instrument, SEEDS) == [], instrument.id


def test_adult_formal_items_cite_the_source_list_lines(adult: Instrument) -> None:
    expected = {
        "physical": [f"L{n}" for n in range(612, 619)],
        "psychological": [f"L{n}" for n in range(622, 630)],
        "sexual-health": ["L633", "L634", "L635"],
        "situational": ["L639", "L640", "L641", "L642", "L643", "L644", "L646"],
    }
    for group in adult.groups:
        if group.id in expected:
            assert [item.provenance[0].lines for item in group.items] == expected[group.id]


def test_no_determination_language_in_bundled_content() -> None:
    assert DETERMINATION.search("we think she is a victim of trafficking")  # the check can fail
    for file in instrument_files(paths.instruments_dir()):
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
        for text in _strings(document):
            assert not DETERMINATION.search(text), f"{file.name}: {text!r}"


def test_get_instrument_unknown_id() -> None:
    with pytest.raises(NotFound):
        get_instrument("no-such-instrument")


# --- provenance checks --------------------------------------------------------------------------


def test_check_provenance_reports_bad_references(tmp_path: Path) -> None:
    (tmp_path / "seed.txt").write_text("first\n\nthird\nfourth", encoding="utf-8")
    document = _valid_document()
    items = document["groups"][0]["items"]  # type: ignore[index]
    document["provenance"] = [{"seed": "missing.txt", "lines": "L1"}]
    items[0]["provenance"] = [{"seed": "seed.txt", "lines": "L2"}]
    items[1]["provenance"] = [
        {"seed": "seed.txt", "lines": "L3-L5"},
        {"seed": "seed.txt", "lines": "L4-L1"},
        {"seed": "seed.txt", "lines": "L3-L4"},
        {"seed": "../seed.txt", "lines": "L1"},
    ]
    problems = check_provenance(Instrument.model_validate(document), tmp_path)
    assert problems == [
        f"provenance[0].seed: seed file 'missing.txt' was not found in {tmp_path}",
        "groups[0].items[0].provenance[0].lines: line 2 of seed.txt is blank; "
        "check the reference 'L2'",
        "groups[0].items[1].provenance[0].lines: 'L3-L5' is past the end of seed.txt (4 lines)",
        "groups[0].items[1].provenance[1].lines: the range 'L4-L1' runs backwards",
        "groups[0].items[1].provenance[3].seed: expected a file name inside the seeds folder, "
        "got '../seed.txt'",
    ]


# --- validation messages ------------------------------------------------------------------------


def test_valid_document_loads(tmp_path: Path) -> None:
    assert validate_file(_write_yaml(tmp_path, _valid_document())) == []
    json_file = tmp_path / "inst.json"
    json_file.write_text(json.dumps(_valid_document()), encoding="utf-8")
    assert load_instrument_file(json_file).id == "test-instrument"


def test_unknown_key_is_reported_with_location_and_line(tmp_path: Path) -> None:
    document = _valid_document()
    document["groups"][0]["items"][1]["gudance_note"] = "x"  # type: ignore[index]
    document["colour"] = "blue"
    problems = validate_file(_write_yaml(tmp_path, document))
    assert any(
        p.startswith("groups[0].items[1]: unexpected key 'gudance_note'") and "(line " in p
        for p in problems
    ), problems
    assert any(p.startswith("(top level): unexpected key 'colour'") for p in problems), problems


def test_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    document = _valid_document()
    item = document["groups"][0]["items"][0]  # type: ignore[index]
    item["gudance"] = item.pop("guidance")
    problems = validate_file(_write_yaml(tmp_path, document))
    assert "groups[0].items[0]: missing required key 'guidance'" in " ".join(problems)
    assert any("unexpected key 'gudance' (did you mean 'guidance'?)" in p for p in problems)


def test_missing_guidance(tmp_path: Path) -> None:
    document = _valid_document()
    del document["groups"][0]["items"][1]["guidance"]  # type: ignore[index]
    problems = validate_file(_write_yaml(tmp_path, document))
    assert len(problems) == 1
    assert problems[0].startswith("groups[0].items[1]: missing required key 'guidance'")


def test_bad_line_range_reports_path_expectation_and_value(tmp_path: Path) -> None:
    document = _valid_document()
    document["groups"][0]["items"][0]["provenance"][0]["lines"] = "x12"  # type: ignore[index]
    problems = validate_file(_write_yaml(tmp_path, document))
    assert len(problems) == 1
    assert problems[0].startswith(
        "groups[0].items[0].provenance[0].lines: "
        "expected a line range like L612 or L612-L618, got 'x12'"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    document = _valid_document()
    document["version"] = 1.0
    document["audience"] = "adults"
    document["groups"][0]["items"][1]["review_status"] = "done"  # type: ignore[index]
    problems = validate_file(_write_yaml(tmp_path, document))
    assert [p.split(":")[0] for p in problems] == [
        "version",
        "audience",
        "groups[0].items[1].review_status",
    ]
    assert "expected text, got the number 1.0 (put it in quotes)" in problems[0]
    assert "expected one of 'adult', 'child' or 'any', got 'adults'" in problems[1]


def test_duplicate_item_id_is_reported_where_it_repeats(tmp_path: Path) -> None:
    document = _valid_document()
    document["groups"][0]["items"][1]["id"] = "t.one"  # type: ignore[index]
    with pytest.raises(InvalidInstrument) as caught:
        load_instrument_file(_write_yaml(tmp_path, document))
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(
        "groups[0].items[1].id: item id 't.one' is already used by groups[0].items[0]"
    )
    assert str(tmp_path / "inst.yaml") in str(caught.value)


def test_duplicate_yaml_key_is_reported(tmp_path: Path) -> None:
    text = yaml.safe_dump(_valid_document(), sort_keys=False).replace(
        "title: Test\n", "title: Test\ntitle: Again\n"
    )
    path = tmp_path / "inst.yaml"
    path.write_text(text, encoding="utf-8")
    assert validate_file(path) == ["(top level): key 'title' appears twice (line 4, column 1)"]


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nversion: '1.0'\ntitle: [unclosed\n", encoding="utf-8")
    problems = validate_file(path)
    assert len(problems) == 1
    assert re.match(r"line \d+, column \d+: not valid YAML: ", problems[0]), problems


def test_json_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x",\n  "version": "1.0" "title": "T"}', encoding="utf-8")
    assert validate_file(path) == ["line 2, column 20: not valid JSON: Expecting ',' delimiter"]


def test_json_problems_carry_line_numbers(tmp_path: Path) -> None:
    document = _valid_document()
    document["groups"][0]["items"][0]["provenance"][0]["lines"] = "612"  # type: ignore[index]
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    (problem,) = validate_file(path)
    assert problem.startswith("groups[0].items[0].provenance[0].lines: expected a line range")
    assert re.search(r"\(line \d+, column \d+\)$", problem)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.yaml", "", "(top level): the file is empty"),
        (
            "list.yaml",
            "- a\n- b\n",
            "(top level): expected a mapping of keys to values, got a list",
        ),
        ("notes.txt", "id: x", "file type: expected .yaml, .yml, .json, got '.txt'"),
    ],
)
def test_files_that_are_not_instruments(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (problem,) = validate_file(path)
    assert problem.startswith(expected)


# --- schema -------------------------------------------------------------------------------------


def test_shipped_schema_matches_the_models() -> None:
    shipped = json.loads(shipped_schema_path().read_text(encoding="utf-8"))
    assert shipped == instrument_json_schema(), (
        "resources/schemas/instrument.schema.json is out of date; regenerate it with "
        "`screening content schema --out resources/schemas/instrument.schema.json`"
    )
    assert shipped["$schema"].startswith("https://json-schema.org/")
    assert shipped["$id"] and shipped["title"]
    assert shipped["additionalProperties"] is False  # unknown keys are refused


# --- command line -------------------------------------------------------------------------------


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="screening")
    content_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    result: int = args.func(args)
    return result


def test_instrument_listing_shape(adult: Instrument) -> None:
    (entry,) = content_cli.instrument_listing([adult])
    assert list(entry) == [
        "id",
        "version",
        "title",
        "audience",
        "languages",
        "review_status",
        "groups",
        "items",
    ]
    assert entry["id"] == "adult-indicators"
    assert entry["audience"] == "adult" and entry["review_status"] == "draft"
    assert [(g["id"], g["items"]) for g in entry["groups"]][:4] == [
        ("physical", 7),
        ("psychological", 8),
        ("sexual-health", 3),
        ("situational", 7),
    ]
    assert entry["items"] == sum(g["items"] for g in entry["groups"]) == len(adult.items())


def test_cli_list_json_and_text(capsys: pytest.CaptureFixture[str], adult: Instrument) -> None:
    assert _run("content", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == content_cli.instrument_listing(bundled_instruments())
    assert _run("content", "list") == 0
    text = capsys.readouterr().out
    assert "adult-indicators 1.0  Adult indicators" in text
    assert re.search(r"physical\s+7 items\s+Physical", text)
    assert f"{len(adult.items())} items in {len(adult.groups)} groups" in text


def test_cli_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write_yaml(tmp_path, _valid_document(), "good.yaml")
    bad_document = _valid_document()
    bad_document["extra"] = 1
    bad = _write_yaml(tmp_path, bad_document, "bad.yaml")
    assert _run("content", "validate", str(good)) == 0
    assert capsys.readouterr().out == f"{good}: valid (2 items)\n"
    assert _run("content", "validate", str(good), str(bad), str(tmp_path / "gone.yaml")) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{good}: valid (2 items)"
    assert out[1].startswith(f"{bad}: (top level): unexpected key 'extra'")
    assert out[2].startswith(f"{tmp_path / 'gone.yaml'}: file: cannot be read (")


def test_cli_validate_with_seeds_checks_provenance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _valid_document()
    document["provenance"] = [{"seed": ADULT_SEED, "lines": "L99999"}]
    path = _write_yaml(tmp_path, document)
    assert _run("content", "validate", str(path)) == 0
    capsys.readouterr()
    assert _run("content", "validate", "--seeds", str(SEEDS), str(path)) == 1
    assert "provenance[0].lines: 'L99999' is past the end" in capsys.readouterr().out


def test_cli_schema_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schemas" / "instrument.schema.json"
    assert _run("content", "schema", "--out", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == instrument_json_schema()
    capsys.readouterr()
    assert _run("content", "schema") == 0
    assert json.loads(capsys.readouterr().out) == instrument_json_schema()


# --- no Qt in the core --------------------------------------------------------------------------


def test_content_modules_do_not_import_qt() -> None:
    for module in CONTENT_PACKAGE.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("PySide6", "PyQt", "desktop")), (module, name)
    # And at run time, with PySide6 made unimportable.
    code = (
        "import sys, importlib, pkgutil\n"
        "sys.modules['PySide6'] = None\n"
        "import screening_tools.content as c\n"
        "for m in pkgutil.iter_modules(c.__path__, 'screening_tools.content.'):\n"
        "    importlib.import_module(m.name)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
