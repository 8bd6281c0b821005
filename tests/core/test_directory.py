"""Partner directory: the example file, precise errors for bad files, round trips, suggestions."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from screening_tools.content.loader import get_instrument
from screening_tools.directory import (
    AgreementStatus,
    Criteria,
    Directory,
    InvalidDirectory,
    Partner,
    Population,
    Suggestion,
    dump_directory,
    example_directory_path,
    load_directory,
    parse_directory,
    recipient_problems,
    suggest,
)
from screening_tools.errors import ScreeningError
from screening_tools.jurisdiction import RecipientType, get_jurisdiction

TODAY = date(2026, 3, 10)


def _partner(ident: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ident,
        "name": ident.replace("-", " ").title(),
        "type": "support_provider",
        "services": ["service.housing"],
        "languages": ["en"],
        "populations": ["any"],
        "when_to_contact": "Any time.",
        "expected_response_hours": 24,
        "police_involved": False,
        "data_sharing_agreement": {"status": "signed", "date": "2026-01-01"},
    }
    data.update(changes)
    return data


def _directory(*partners: dict[str, Any]) -> Directory:
    return Directory.model_validate({"version": "1.0", "partners": list(partners)})


def _ids(found: list[Suggestion]) -> list[str]:
    return [s.partner.id for s in found]


def _one(partner: dict[str, Any], **criteria: Any) -> Suggestion:
    found = suggest(_directory(partner), Criteria(**criteria), TODAY)
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def example() -> Directory:
    return load_directory(example_directory_path())


# --- the example file ---------------------------------------------------------------------------


def test_example_file_is_valid_and_clearly_fictional(example: Directory) -> None:
    assert example.version == "1.0"
    assert example.description is not None and example.description.startswith("EXAMPLE")
    assert len(example.partners) == 6
    assert all("(fictional)" in p.name for p in example.partners)
    text = example_directory_path().read_text(encoding="utf-8")
    assert text.startswith("# EXAMPLE ONLY")
    # Contacts can never reach anyone: reserved domain, drama telephone range.
    for partner in example.partners:
        assert partner.contact is not None
        assert "@" not in partner.contact or ".example" in partner.contact
        assert "01632 960" in partner.contact or "@" in partner.contact
    assert {p.type for p in example.partners} >= {RecipientType.POLICE, RecipientType.LEGAL}


def test_example_uses_every_service_code_and_links_to_the_generic_pack(example: Directory) -> None:
    codes = {item.id for item in get_instrument("services-needed").items()}
    assert {c for p in example.partners for c in p.services} == codes
    assert recipient_problems(example, get_jurisdiction("generic")) == []
    police = example.partner("example-police-unit")
    assert police is not None and police.police_involved
    assert example.partner("nobody") is None


def test_recipient_problems_name_missing_and_mismatched_recipients() -> None:
    directory = _directory(
        _partner("aa", recipient_id="generic-police"),
        _partner("bb", recipient_id="no-such-recipient"),
        _partner("cc", recipient_id="generic-support-provider"),
    )
    assert recipient_problems(directory, get_jurisdiction("generic")) == [
        "partners[0].recipient_id: 'generic-police' is a police recipient, but this partner's "
        "type is support_provider",
        "partners[1].recipient_id: Generic (no jurisdiction) has no recipient 'no-such-recipient'",
    ]


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_is_exact(example: Directory, fmt: Any, tmp_path: Path) -> None:
    text = dump_directory(example, fmt)
    again = parse_directory(text, fmt)
    assert again == example
    assert dump_directory(again, fmt) == text
    file = tmp_path / f"partners.{fmt}"
    file.write_text(text, encoding="utf-8")
    assert load_directory(file) == example


def test_json_export_is_plain_data(example: Directory) -> None:
    data = json.loads(dump_directory(example, "json"))
    assert data["partners"][0]["data_sharing_agreement"] == {
        "status": "signed",
        "date": "2026-03-01",
        "review_by": "2027-02-28",
    }
    assert "notes" not in data["partners"][-1]  # absent stays absent, not null


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_keeps_awkward_text(fmt: Any) -> None:
    notes = 'Line one: "quoted" # not a comment\n- not a list\n\nRomână, العربية,  two  spaces'
    directory = _directory(_partner("aa", notes=notes, contact="yes", when_to_contact="2026-01-01"))
    again = parse_directory(dump_directory(directory, fmt), fmt)
    assert again == directory
    assert again.partners[0].notes == notes


def test_unknown_format_is_refused(example: Directory) -> None:
    with pytest.raises(ValueError, match="unknown directory format 'csv'"):
        dump_directory(example, "csv")  # type: ignore[arg-type]


# --- bad files ----------------------------------------------------------------------------------


def _problems(tmp_path: Path, *partners: dict[str, Any], name: str = "d.yaml") -> list[str]:
    file = tmp_path / name
    data = {"version": "1.0", "partners": list(partners)}
    text = json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data, sort_keys=False)
    file.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDirectory) as caught:
        load_directory(file)
    assert str(caught.value).startswith(f"The partner directory {file} is not valid:")
    return caught.value.problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"services": ["service.housing", "service.housng"]},
            "partners[0].services[1]: expected a service code, got 'service.housng' "
            "(did you mean 'service.housing'?)",
        ),
        (
            {"services": ["housing-and-food"]},
            "partners[0].services[0]: expected a service code, got 'housing-and-food' (one of "
            "service.education, service.financial,",
        ),
        (
            {"languages": ["en", "xx"]},
            "partners[0].languages[1]: expected a two-letter ISO 639-1 language code like en, "
            "ro or ar, got 'xx'",
        ),
        ({"languages": ["ron"]}, "partners[0].languages[0]: expected a two-letter ISO 639-1"),
        ({"languages": []}, "partners[0].languages: expected at least one entry, got 0"),
        (
            {"data_sharing_agreement": {"status": "signed", "date": "2026-02-30"}},
            "partners[0].data_sharing_agreement.date: expected a date like 2026-03-01, "
            "got '2026-02-30'",
        ),
        (
            {"data_sharing_agreement": {"status": "expired", "date": "01/03/2026"}},
            "partners[0].data_sharing_agreement.date: expected a date like 2026-03-01",
        ),
        (
            {"data_sharing_agreement": {"status": "signed"}},
            "partners[0].data_sharing_agreement.date: give the day the agreement was signed",
        ),
        (
            {"data_sharing_agreement": {"status": "none", "date": "2026-01-01"}},
            "partners[0].data_sharing_agreement.status: with no agreement ('none'), leave out",
        ),
        (
            {
                "data_sharing_agreement": {
                    "status": "signed",
                    "date": "2026-01-01",
                    "review_by": "2025-01-01",
                }
            },
            "partners[0].data_sharing_agreement.review_by: expected a day on or after",
        ),
        (
            {"data_sharing_agreement": {"status": "lapsed"}},
            "partners[0].data_sharing_agreement.status: expected one of 'none', 'draft', "
            "'signed' or 'expired', got 'lapsed'",
        ),
        ({"populations": ["kids"]}, "partners[0].populations[0]: expected one of 'adults'"),
        (
            {"populations": ["any", "women"]},
            "partners[0].populations: 'any' already covers everyone; list it alone",
        ),
        (
            {"services": ["service.legal", "service.legal"]},
            "partners[0].services: 'service.legal' listed twice",
        ),
        (
            {"exploitation_types": ["exploitation.labor"]},
            "partners[0].exploitation_types[0]: expected an exploitation type code, got "
            "'exploitation.labor' (did you mean 'exploitation.labour'?)",
        ),
        (
            {"type": "police"},
            "partners[0].police_involved: a police or immigration partner must say "
            "police_involved: true",
        ),
        ({"police_involved": "maybe"}, "partners[0].police_involved: expected true or false"),
        ({"police_involved": 0}, "partners[0].police_involved: expected true or false"),
        ({"type": "charity"}, "partners[0].type: expected one of 'support_provider'"),
        (
            {"expected_response_hours": 0},
            "partners[0].expected_response_hours: input should be greater than or equal to 1",
        ),
        ({"servics": []}, "partners[0]: unexpected key 'servics' (did you mean 'services'?)"),
        ({"id": "Bad Id"}, "partners[0].id: expected an id of 2-80 lower-case letters"),
    ],
)
def test_bad_partner_gives_a_precise_problem(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    problems = _problems(tmp_path, _partner("aa", **change))
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]
    assert "(line " in problems[0]


def test_duplicate_ids_are_placed_at_the_second_use(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _partner("aa"), _partner("bb"), _partner("aa"))
    assert len(problems) == 1
    assert problems[0].startswith("partners[2].id: partner id 'aa' is already used by partners[0]")
    # Built in code, the model still refuses them.
    with pytest.raises(ValidationError, match="partner ids used twice: 'aa'"):
        _directory(_partner("aa"), _partner("aa"))


def test_partner_built_in_code_is_checked_too() -> None:
    message = "a police or immigration partner must say police_involved: true"
    with pytest.raises(ValidationError, match=message):
        Partner.model_validate(_partner("pp", type="immigration"))
    assert Partner.model_validate(_partner("pp")).populations == [Population.ANY]


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        _partner("aa", languages=["zz"]),
        _partner("aa", services=["service.nope"]),
        name="d.json",
    )
    assert [p.split(":")[0] for p in problems] == [
        "partners[0].languages[0]",
        "partners[1].id",
        "partners[1].services[0]",
    ]


def test_problem_lines_point_into_the_file(tmp_path: Path) -> None:
    file = tmp_path / "partners.yml"
    text = example_directory_path().read_text(encoding="utf-8")
    text = text.replace("      date: 2025-12-31\n", "      date: 2025-12-32\n")
    file.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      date: 2025-12-32") + 1
    with pytest.raises(InvalidDirectory) as caught:
        load_directory(file)
    assert caught.value.problems == [
        "partners[1].data_sharing_agreement.date: expected a date like 2026-03-01, got "
        f"'2025-12-32' (line {line}, column 13)"
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("d.yaml", "", "(top level): the file is empty"),
        ("d.yaml", "version: '1.0'\npartners: [\n", "not valid YAML"),
        ("d.json", '{"version": "1.0",}', "line 1, column 19: not valid JSON"),
        ("d.yaml", "version: '1.0'\nversion: '1.1'\n", "(top level): key 'version' appears twice"),
        ("d.yaml", "partners: []\n", "(top level): missing required key 'version'"),
        ("d.txt", "version: '1.0'\n", "file type: expected .yaml, .yml, .json, got '.txt'"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, name: str, text: str, expected: str) -> None:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ScreeningError) as caught:
        load_directory(file)
    assert isinstance(caught.value, InvalidDirectory)
    assert caught.value.file == str(file)
    assert any(expected in p for p in caught.value.problems), caught.value.problems


def test_parse_names_its_source() -> None:
    with pytest.raises(InvalidDirectory, match=r"^The partner directory vault copy is not valid"):
        parse_directory("version: 1.0\n", source="vault copy")


def test_empty_directory_is_valid() -> None:
    assert parse_directory("version: '1.0'\n").partners == []


# --- suggestions --------------------------------------------------------------------------------


def test_service_match_gives_reasons_and_names_what_is_missing() -> None:
    directory = _directory(
        _partner("both", services=["service.legal", "service.housing", "service.medical"]),
        _partner("housing-only"),
        _partner("neither", services=["service.education"]),
    )
    found = suggest(
        directory, Criteria(services_needed={"service.housing", "service.legal"}), TODAY
    )
    assert _ids(found) == ["both", "housing-only"]  # offering none of them: left out
    assert found[0].reasons[0] == "offers housing and legal advice"
    assert found[0].score > found[1].score
    assert found[1].reasons[0] == "offers housing"
    assert found[1].warnings == ["does not offer legal advice"]


def test_no_services_asked_suggests_every_partner() -> None:
    directory = _directory(_partner("aa"), _partner("bb", services=["service.education"]))
    assert _ids(suggest(directory, Criteria(), TODAY)) == ["aa", "bb"]


@pytest.mark.parametrize(
    ("language", "reason", "warning"),
    [
        ("ro", "works in Romanian", None),
        ("ro_RO", "works in Romanian", None),
        ("RO-ro", "works in Romanian", None),
        ("ar", None, "does not list Arabic among its languages: an interpreter may help"),
    ],
)
def test_language_match(language: str, reason: str | None, warning: str | None) -> None:
    found = _one(_partner("aa", languages=["en", "ro"]), language=language)
    assert (reason in found.reasons) if reason else not any("works in" in r for r in found.reasons)
    assert (warning in found.warnings) if warning else found.warnings == []


def test_language_outranks_a_quicker_answer() -> None:
    directory = _directory(
        _partner("speaks-romanian", languages=["ro"], expected_response_hours=40),
        _partner("quick", expected_response_hours=2),
    )
    found = suggest(directory, Criteria(language="ro", within_hours=48), TODAY)
    assert _ids(found) == ["speaks-romanian", "quick"]


@pytest.mark.parametrize(
    ("needs_police_free", "expected"),
    [(True, ["support"]), (False, ["police", "support"])],
)
def test_police_free_exclusion(needs_police_free: bool, expected: list[str]) -> None:
    directory = _directory(
        _partner("support"),
        _partner("police", type="police", police_involved=True),
    )
    found = suggest(directory, Criteria(needs_police_free=needs_police_free), TODAY)
    assert sorted(_ids(found)) == expected
    mentions = ["no police involvement" in s.reasons for s in found]
    assert mentions == [needs_police_free] * len(found)


def test_police_free_is_the_default() -> None:
    directory = _directory(_partner("pp", type="police", police_involved=True))
    assert Criteria().needs_police_free
    assert suggest(directory, Criteria(), TODAY) == []


def test_a_support_partner_that_involves_police_is_excluded_too() -> None:
    directory = _directory(_partner("embedded-officer", police_involved=True))
    assert suggest(directory, Criteria(needs_police_free=True), TODAY) == []


@pytest.mark.parametrize(
    ("agreement", "in_force", "text"),
    [
        (
            {"status": "signed", "date": "2026-03-01"},
            True,
            "data-sharing agreement signed 2026-03-01",
        ),
        (
            {"status": "signed", "date": "2025-03-01", "review_by": "2026-03-10"},
            True,
            "data-sharing agreement signed 2025-03-01",
        ),
        (
            {"status": "signed", "date": "2025-03-01", "review_by": "2026-03-09"},
            False,
            "data-sharing agreement was due for review by 2026-03-09: check before sharing",
        ),
        (
            {"status": "signed", "date": "2026-04-01"},
            False,
            "data-sharing agreement only takes effect on 2026-04-01",
        ),
        (
            {"status": "expired", "date": "2025-12-31"},
            False,
            "data-sharing agreement expired on 2025-12-31: check before sharing anything about "
            "the person",
        ),
        ({"status": "draft"}, False, "data-sharing agreement is only a draft"),
        ({"status": "none"}, False, "no data-sharing agreement"),
    ],
)
def test_agreement_status(agreement: dict[str, str], in_force: bool, text: str) -> None:
    found = _one(_partner("aa", data_sharing_agreement=agreement))
    where = found.reasons if in_force else found.warnings
    assert any(line.startswith(text) for line in where), (found.reasons, found.warnings)
    assert not any("agreement" in line for line in (found.warnings if in_force else found.reasons))


def test_partner_without_an_agreement_in_force_ranks_lower() -> None:
    expired = {"status": "expired", "date": "2025-12-31"}
    directory = _directory(
        _partner("aaa-expired", data_sharing_agreement=expired),
        _partner("zzz-signed"),
    )
    found = suggest(directory, Criteria(services_needed={"service.housing"}), TODAY)
    assert _ids(found) == ["zzz-signed", "aaa-expired"]  # still suggested, after the other
    assert found[0].score > found[1].score


@pytest.mark.parametrize(
    ("hours", "asked", "reason", "warning"),
    [
        (72, 48, None, "responds in about 72 hours, slower than the 48 hours asked"),
        (48, 48, "responds in about 48 hours, within the 48 hours asked", None),
        (1, 24, "responds in about 1 hour, within the 24 hours asked", None),
        (72, None, None, None),
    ],
)
def test_response_time(
    hours: int, asked: int | None, reason: str | None, warning: str | None
) -> None:
    found = _one(_partner("aa", expected_response_hours=hours), within_hours=asked)
    responds = [r for r in found.reasons if r.startswith("responds")]
    assert responds == ([reason] if reason else [])
    assert [w for w in found.warnings if w.startswith("responds")] == ([warning] if warning else [])


@pytest.mark.parametrize(
    ("populations", "asked", "reason", "warning"),
    [
        (["children"], "children", "works with children", None),
        (["adults", "lgbtq"], "lgbtq", "works with LGBTQ+ people", None),
        (["any"], "children", "works with everyone", None),
        (["adults"], "children", None, "does not list children among the people it works with"),
        (["adults"], "any", None, None),
        (["adults"], None, None, None),
    ],
)
def test_population(
    populations: list[str], asked: str | None, reason: str | None, warning: str | None
) -> None:
    found = _one(_partner("aa", populations=populations), population=asked)
    assert [r for r in found.reasons if r.startswith("works with")] == ([reason] if reason else [])
    assert found.warnings == ([warning] if warning else [])


def test_specialist_population_ranks_above_any() -> None:
    directory = _directory(_partner("a-general"), _partner("b-children", populations=["children"]))
    found = suggest(directory, Criteria(population=Population.CHILDREN), TODAY)
    assert _ids(found) == ["b-children", "a-general"]


def test_exploitation_experience() -> None:
    directory = _directory(
        _partner("general"),
        _partner("labour", exploitation_types=["exploitation.labour", "exploitation.criminal"]),
    )
    criteria = Criteria(exploitation_types={"exploitation.criminal", "exploitation.labour"})
    found = suggest(directory, criteria, TODAY)
    assert _ids(found) == ["labour", "general"]
    assert "has experience of labour exploitation and criminal exploitation" in found[0].reasons
    assert not any(r.startswith("has experience") for r in found[1].reasons)


def test_a_full_match_has_a_reason_for_every_criterion() -> None:
    partner = _partner(
        "full",
        services=["service.housing", "service.legal"],
        languages=["en", "ro"],
        populations=["adults", "women"],
        exploitation_types=["exploitation.domestic-servitude"],
        expected_response_hours=24,
    )
    found = _one(
        partner,
        services_needed={"service.legal", "service.housing"},
        language="ro",
        population=Population.WOMEN,
        exploitation_types={"exploitation.domestic-servitude"},
        needs_police_free=True,
        within_hours=48,
    )
    assert found.reasons == [
        "offers housing and legal advice",
        "works in Romanian",
        "works with women",
        "has experience of domestic servitude",
        "no police involvement",
        "responds in about 24 hours, within the 48 hours asked",
        "data-sharing agreement signed 2026-01-01",
    ]
    assert found.warnings == []
    assert found.score == 10 * 2 + 6 + 4 + 3 + 2 + 5


def test_order_is_deterministic_score_then_name() -> None:
    partners = [_partner(f"p-{n}", name=f"Partner {n}") for n in "edcba"]
    partners.append(_partner("best", name="Zed", languages=["ro"]))
    partners.append(_partner("same-name", name="partner a"))
    expected = ["best", "p-a", "same-name", "p-b", "p-c", "p-d", "p-e"]
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(partners)
        assert _ids(suggest(_directory(*partners), Criteria(language="ro"), TODAY)) == expected


def test_example_directory_suggestions(example: Directory) -> None:
    criteria = Criteria(
        services_needed={"service.housing", "service.legal"},
        language="ro",
        population=Population.ADULTS,
        within_hours=48,
    )
    found = suggest(example, criteria, TODAY)
    assert _ids(found) == [
        "example-safe-house",
        "example-migrant-support",
        "example-childrens-services",
        "example-legal-clinic",
    ]
    legal = found[-1]
    assert "offers legal advice" in legal.reasons
    expired = "data-sharing agreement expired on 2025-12-31: check before sharing anything"
    assert any(w.startswith(expired) for w in legal.warnings)
    assert "responds in about 72 hours, slower than the 48 hours asked" in legal.warnings
    assert all(s.reasons for s in found)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"services_needed": {"service.housng"}}, "did you mean 'service.housing'"),
        ({"language": "xx"}, "two-letter ISO 639-1"),
        ({"exploitation_types": {"sexual"}}, "expected an exploitation type code"),
        ({"within_hours": 0}, "greater than or equal to 1"),
        ({"population": "kids"}, "Input should be"),
    ],
)
def test_bad_criteria_are_refused(criteria: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Criteria(**criteria)


def test_models_are_frozen(example: Directory) -> None:
    partner = example.partners[0]
    with pytest.raises(ValidationError):
        partner.name = "Changed"
    with pytest.raises(ValidationError):
        partner.data_sharing_agreement.status = AgreementStatus.SIGNED
    assert example.partners[0].name == "Example Safe House (fictional)"
