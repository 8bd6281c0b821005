"""Vaults written by earlier schema versions still open, migrate and read back correctly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screening_tools.domain import AnswerState
from screening_tools.service import ScreeningService
from screening_tools.vault.migrations import LATEST_VERSION, schema_version
from tests.conftest import STRONG

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("vault-v*"))


def _facts(folder: Path) -> dict[str, str]:
    lines = (folder / "FIXTURE.txt").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_there_is_a_fixture_vault() -> None:
    assert FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_vault_upgrades_and_reads(fixture: Path, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(fixture, vault)
    facts = _facts(vault)
    service = ScreeningService(vault)
    service.unlock(STRONG)
    assert service._vault is not None and service._vault.conn is not None
    assert schema_version(service._vault.conn) == LATEST_VERSION
    detail = service.open_case(facts["reference"])
    answers = detail.screenings[0].answers
    assert answers[facts["item0"]].state is AnswerState.OBSERVED
    assert answers[facts["item1"]].state is AnswerState.NOT_PRESENT
    assert detail.case.name == "Fixture Person"
    assert [n.body for n in detail.notes] == ["Fixture note"]
    service.lock()
    service.unlock_with_recovery_key(facts["recovery"], "a brand new passphrase for this vault")
