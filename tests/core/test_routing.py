"""Jurisdiction packs and routing: bundled packs, validation rules and messages, route decisions."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from screening_tools.consent import (
    DIRECT_IDENTIFIER_CATEGORIES,
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    DataCategory,
    Purpose,
)
from screening_tools.errors import NotFound
from screening_tools.flow import AgeStatus, Route, route_for_age
from screening_tools.jurisdiction import (
    InvalidJurisdiction,
    JurisdictionPack,
    RecipientType,
    TargetName,
    bundled_jurisdictions,
    check_pack_provenance,
    get_jurisdiction,
    jurisdiction_json_schema,
    jurisdictions_dir,
    load_jurisdiction_file,
    shipped_jurisdiction_schema_path,
)
from screening_tools.referral.model import BasisKind
from screening_tools.routing import RouteOption, available_routes, recipients_for

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
UK_SEED = "001_90370d0feb58ee3b.txt"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PACK_IDS = ["au", "generic", "uk-ew", "us"]


@pytest.fixture(scope="module")
def uk() -> JurisdictionPack:
    return get_jurisdiction("uk-ew")


def _uk_data() -> dict[str, Any]:
    data = yaml.safe_load((jurisdictions_dir() / "uk-ew.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _load(tmp_path: Path, data: dict[str, Any]) -> JurisdictionPack:
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_jurisdiction_file(path)


def _problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidJurisdiction) as caught:
        _load(tmp_path, data)
    assert str(tmp_path / "pack.yaml") in str(caught.value)
    return caught.value.problems


def _route_index(data: dict[str, Any], route_id: str) -> int:
    return next(i for i, r in enumerate(data["routes"]) if r["id"] == route_id)


# --- bundled packs ------------------------------------------------------------------------------


def test_every_bundled_pack_validates_and_is_flagged_for_checking() -> None:
    packs = bundled_jurisdictions()
    assert [p.id for p in packs] == PACK_IDS
    for pack in packs:
        assert pack.verify_before_use, pack.id
        kinds = {r.basis for r in pack.routes}
        assert kinds == set(BasisKind), pack.id  # consent, monitoring, child, exception
        assert any(r.basis is BasisKind.CONSENT and not r.involves_police for r in pack.routes), (
            pack.id
        )


def test_every_bundled_file_loads_on_its_own() -> None:
    for file in sorted(jurisdictions_dir().glob("*.yaml")):
        assert load_jurisdiction_file(file).id == file.stem


def test_get_jurisdiction_unknown_id() -> None:
    with pytest.raises(NotFound, match="jurisdiction 'xx'"):
        get_jurisdiction("xx")


def test_bundled_provenance_points_at_real_seed_lines() -> None:
    for pack in bundled_jurisdictions():
        assert check_pack_provenance(pack, SEEDS) == [], pack.id


def test_uk_targets_and_their_seed_lines(uk: JurisdictionPack) -> None:
    targets = uk.targets
    assert (targets.refer_within_hours, targets.first_decision_working_days) == (48, 5)
    assert targets.recovery_period_days == 45 and targets.recovery_extension_allowed
    assert uk.effective_date == date(2009, 4, 1)
    cited = {name: (p.seed, p.lines) for name, p in targets.provenance.items()}
    assert cited[TargetName.REFER_WITHIN_HOURS] == (UK_SEED, "L695")
    assert cited[TargetName.FIRST_DECISION_WORKING_DAYS] == (UK_SEED, "L705")
    assert cited[TargetName.RECOVERY_PERIOD_DAYS] == (UK_SEED, "L705-L707")
    # The cited lines say what the figures claim (checked against the text, not just the span).
    lines = (SEEDS / UK_SEED).read_text(encoding="utf-8").split("\n")
    assert "initial target referral time is 48 hours" in lines[695 - 1]
    assert "five working days" in lines[705 - 1] and "45 day" in lines[705 - 1]
    assert "beyond 45 days" in lines[707 - 1]
    assert "From I April 2009" in lines[676 - 1]


def test_uk_routes_follow_the_seed(uk: JurisdictionPack) -> None:
    nrm, child = uk.route("uk-nrm-referral"), uk.route("uk-child-protection")
    assert nrm is not None and child is not None
    assert [r.id for r in recipients_for(uk, child)] == ["uk-childrens-services"]
    nrm_types = {r.type for r in recipients_for(uk, nrm)}
    assert nrm_types == {RecipientType.FIRST_RESPONDER, RecipientType.COMPETENT_AUTHORITY}
    support = uk.route("uk-support-referral")
    assert support is not None and not support.involves_police
    assert all(r.type is not RecipientType.POLICE for r in recipients_for(uk, support))


def test_historic_recipients_are_flagged_for_checking() -> None:
    historic = [r for p in bundled_jurisdictions() for r in p.recipients if r.historic]
    assert {r.id for r in historic} >= {"uk-ca-ukhtc", "uk-ca-ukba", "us-nhtrc-hotline", "au-afp"}
    assert all(r.verify_before_use for r in historic)
    # A contact may only come from a seed, and then it is historic.
    for pack in bundled_jurisdictions():
        for recipient in pack.recipients:
            assert recipient.contact is None or recipient.historic, recipient.id


def test_generic_pack_names_no_agency() -> None:
    generic = get_jurisdiction("generic")
    assert all(not r.historic and r.contact is None for r in generic.recipients)
    assert all(r.seed is None for r in generic.provenance)


def test_monitoring_routes_carry_no_direct_identifiers() -> None:
    for pack in bundled_jurisdictions():
        for route in pack.routes:
            if route.basis is BasisKind.MONITORING_ONLY:
                assert not set(route.allowed_categories) & DIRECT_IDENTIFIER_CATEGORIES


# --- validation rules and messages --------------------------------------------------------------


@pytest.mark.parametrize(
    "category", [DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.NOTES]
)
def test_monitoring_route_with_identifiers_is_refused(
    tmp_path: Path, category: DataCategory
) -> None:
    data = _uk_data()
    r = _route_index(data, "uk-monitoring-notification")
    data["routes"][r]["allowed_categories"].append(category.value)
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith(f"routes[{r}].allowed_categories: ")
    assert "monitoring-only" in problem and repr(category.value) in problem
    assert "(line " in problem


def test_duplicate_ids_are_reported_where_they_repeat(tmp_path: Path) -> None:
    data = _uk_data()
    data["routes"].append(copy.deepcopy(data["routes"][0]))
    data["recipients"][1]["id"] = data["recipients"][0]["id"]
    problems = _problems(tmp_path, data)
    last = len(data["routes"]) - 1
    assert any(p.startswith(f"routes[{last}].id: route id ") for p in problems), problems
    assert any(
        p.startswith("recipients[1].id: recipient id ") and "recipients[0]" in p for p in problems
    ), problems


def test_route_without_a_matching_recipient_is_refused(tmp_path: Path) -> None:
    data = _uk_data()
    r = _route_index(data, "uk-support-referral")
    data["routes"][r]["recipient_types"].append("legal")
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith(f"routes[{r}].recipient_types[2]: ")
    assert "'legal'" in problem


def test_pack_without_a_police_free_consent_route_is_refused(tmp_path: Path) -> None:
    data = _uk_data()
    data["routes"] = [r for r in data["routes"] if r["basis"] != "consent" or r["involves_police"]]
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith("routes: ") and "no police" in problem


def test_route_to_police_must_say_so(tmp_path: Path) -> None:
    data = _uk_data()
    r = _route_index(data, "uk-support-referral")
    data["routes"][r]["recipient_types"].append("police")
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith(f"routes[{r}].involves_police: ")


@pytest.mark.parametrize(
    ("route_id", "audience", "says"),
    [
        ("uk-child-protection", "any", "must have audience 'child'"),
        ("uk-nrm-referral", "child", "children take the child-protection route"),
        ("uk-monitoring-notification", "child", "children take the child-protection route"),
    ],
)
def test_route_audience_must_fit_its_basis(
    tmp_path: Path, route_id: str, audience: str, says: str
) -> None:
    data = _uk_data()
    r = _route_index(data, route_id)
    data["routes"][r]["audience"] = audience
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith(f"routes[{r}].audience: ") and says in problem


def test_historic_recipient_must_be_verified(tmp_path: Path) -> None:
    data = _uk_data()
    data["recipients"][1]["verify_before_use"] = False
    (problem,) = _problems(tmp_path, data)
    assert problem.startswith("recipients[1].verify_before_use: ")


def test_unexpected_key_and_bad_values_are_all_reported(tmp_path: Path) -> None:
    data = _uk_data()
    data["routes"][0]["involves_polise"] = False
    data["routes"][1]["basis"] = "consented"
    data["targets"]["refer_within_hours"] = 0
    problems = _problems(tmp_path, data)
    assert len(problems) == 3, problems
    joined = "\n".join(problems)
    assert "routes[0]: unexpected key 'involves_polise' (allowed keys: id, label" in joined
    assert "routes[1].basis: expected one of" in joined and "'consented'" in joined
    assert "targets.refer_within_hours:" in joined
    assert all("(line " in p for p in problems)


def test_json_pack_and_parse_errors(tmp_path: Path) -> None:
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(_uk_data(), default=str), encoding="utf-8")
    assert load_jurisdiction_file(path).id == "uk-ew"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidJurisdiction, match="not valid JSON"):
        load_jurisdiction_file(path)
    text = tmp_path / "pack.txt"
    text.write_text("id: x", encoding="utf-8")
    with pytest.raises(InvalidJurisdiction, match="file type"):
        load_jurisdiction_file(text)


def test_models_refuse_the_same_rules_without_the_loader() -> None:
    data = _uk_data()
    data["routes"] = [r for r in data["routes"] if r["basis"] != "child_protection"]
    with pytest.raises(ValueError, match="child-protection route"):
        JurisdictionPack.model_validate(data)


def test_shipped_schema_matches_the_models() -> None:
    shipped = json.loads(shipped_jurisdiction_schema_path().read_text(encoding="utf-8"))
    assert shipped == jurisdiction_json_schema(), (
        "resources/schemas/jurisdiction.schema.json is out of date; regenerate it from "
        "screening_tools.jurisdiction.jurisdiction_schema_text()"
    )
    assert shipped["$id"].startswith("urn:")


# --- routing decisions --------------------------------------------------------------------------


def _consent(
    decision: ConsentDecision = ConsentDecision.GIVEN,
    recipients: frozenset[str] = frozenset({"uk-local-support-service", "uk-fr-tara"}),
    police: bool = False,
    **changes: Any,
) -> ConsentRecord:
    scope = ConsentScope(
        categories=frozenset({DataCategory.IDENTITY, DataCategory.NEEDS}),
        recipients=recipients,
        purposes=frozenset({Purpose.SUPPORT_REFERRAL}),
        police_immigration_sharing=police,
    )
    fields: dict[str, Any] = {
        "case_reference": "FS-TEST",
        "decision": decision,
        "given_by": ConsentGiver.PERSON,
        "obtained_by": "Worker A",
        "obtained_at": NOW - timedelta(hours=1),
        "method": ConsentMethod.VERBAL,
        "language": "en",
        "interpreter": "not_needed",
        "confidentiality_script_delivered": True,
        "scope": scope,
        "fingerprint": scope.fingerprint(),
        **changes,
    }
    return ConsentRecord(**fields)


def _available(options: list[RouteOption]) -> set[str]:
    return {o.route.id for o in options if o.available}


UK_ADULT = {
    "uk-support-referral",
    "uk-nrm-referral",
    "uk-monitoring-notification",
    "uk-safeguarding-exception",
}
UK_CHILD = {"uk-child-protection", "uk-safeguarding-exception"}


@pytest.mark.parametrize(
    ("case", "age", "consent", "signed_off", "offered", "available"),
    [
        ("adult consent", AgeStatus.ADULT, _consent(), False, UK_ADULT, {"uk-support-referral"}),
        (
            "adult consent incl. police",
            AgeStatus.ADULT,
            _consent(recipients=frozenset({"uk-fr-tara"}), police=True),
            False,
            UK_ADULT,
            {"uk-support-referral", "uk-nrm-referral"},
        ),
        (
            "adult declined",
            AgeStatus.ADULT,
            _consent(ConsentDecision.DECLINED),
            False,
            UK_ADULT,
            {"uk-monitoring-notification"},
        ),
        (
            "adult withdrew",
            AgeStatus.ADULT,
            _consent(withdrawn_at=NOW - timedelta(minutes=5), withdrawn_by="Worker A"),
            False,
            UK_ADULT,
            {"uk-monitoring-notification"},
        ),
        ("adult no record", AgeStatus.ADULT, None, False, UK_ADULT, set()),
        ("child", AgeStatus.CHILD, _consent(), False, UK_CHILD, {"uk-child-protection"}),
        ("unknown age", AgeStatus.UNKNOWN, None, False, UK_CHILD, {"uk-child-protection"}),
        ("disputed age", AgeStatus.DISPUTED, None, False, UK_CHILD, {"uk-child-protection"}),
        (
            "adult exception signed off",
            AgeStatus.ADULT,
            None,
            True,
            UK_ADULT,
            {"uk-safeguarding-exception"},
        ),
        ("child exception signed off", AgeStatus.UNKNOWN, None, True, UK_CHILD, UK_CHILD),
    ],
)
def test_route_decisions(
    uk: JurisdictionPack,
    case: str,
    age: AgeStatus,
    consent: ConsentRecord | None,
    signed_off: bool,
    offered: set[str],
    available: set[str],
) -> None:
    options = available_routes(uk, route_for_age(age), consent, signed_off, NOW)
    assert {o.route.id for o in options} == offered, case
    assert _available(options) == available, case
    for option in options:
        assert option.reason, case
        assert option.basis_kind is option.route.basis
        if option.basis_kind is BasisKind.CHILD_PROTECTION:
            assert option.requires_child_views
        if option.basis_kind is BasisKind.SAFEGUARDING_EXCEPTION:
            assert "shared without consent — exception" in option.label
            assert option.basis_label.startswith("Shared without consent — exception")


def test_reasons_say_what_would_unblock_a_route(uk: JurisdictionPack) -> None:
    def reason(consent: ConsentRecord | None, route_id: str, signed_off: bool = False) -> str:
        options = available_routes(uk, Route.ADULT, consent, signed_off, NOW)
        return next(o.reason for o in options if o.route.id == route_id)

    assert "No consent has been recorded" in reason(None, "uk-support-referral")
    assert "ask the person" in reason(None, "uk-monitoring-notification")
    assert "declined" in reason(_consent(ConsentDecision.DECLINED), "uk-support-referral")
    assert "police" in reason(_consent(), "uk-nrm-referral")
    expired = _consent(expires_at=NOW - timedelta(days=1))
    assert "expired" in reason(expired, "uk-support-referral")
    assert "supervisor to sign it off" in reason(None, "uk-safeguarding-exception")
    elsewhere = _consent(recipients=frozenset({"somewhere-else"}))
    assert "does not cover any recipient" in reason(elsewhere, "uk-support-referral")


def test_adult_options_offer_the_police_free_route_first(uk: JurisdictionPack) -> None:
    options = available_routes(uk, Route.ADULT, _consent(), False, NOW)
    assert options[0].route.id == "uk-support-referral"
    assert [o.basis_kind for o in options] == sorted(
        (o.basis_kind for o in options),
        key=[BasisKind.CONSENT, BasisKind.MONITORING_ONLY, BasisKind.SAFEGUARDING_EXCEPTION].index,
    )


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_pack_gives_a_child_a_route_and_an_adult_a_police_free_one(pack_id: str) -> None:
    pack = get_jurisdiction(pack_id)
    child = available_routes(pack, Route.CHILD, None, False, NOW)
    assert child and all(o.basis_kind is not BasisKind.CONSENT for o in child)
    assert any(o.available and o.basis_kind is BasisKind.CHILD_PROTECTION for o in child)
    adult = available_routes(pack, Route.ADULT, None, False, NOW)
    assert any(o.basis_kind is BasisKind.CONSENT and not o.route.involves_police for o in adult)
    assert not any(o.basis_kind is BasisKind.CHILD_PROTECTION for o in adult)
