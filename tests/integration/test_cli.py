"""The `screening` command end to end, as an administrator's script would use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, STRONG


def run(
    *args: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FRONTLINE_TEST_CHEAP_KDF": "1", "PYTHONPATH": str(ROOT)}
    env.pop("FRONTLINE_VAULT", None)
    result = subprocess.run(
        [sys.executable, "-m", "screening_tools.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


@pytest.fixture
def cli_vault(tmp_path: Path) -> tuple[Path, Path]:
    vault = tmp_path / "vault"
    secret = tmp_path / "pass.txt"
    secret.write_text(STRONG + "\n")
    out = run("vault", "create", "--vault", str(vault), "--passphrase-file", str(secret))
    assert "Recovery key" in out.stdout
    return vault, secret


def test_scripted_screening_round_trip(cli_vault: tuple[Path, Path], tmp_path: Path) -> None:
    vault, secret = cli_vault
    common = ["--vault", str(vault), "--passphrase-file", str(secret)]
    reference = run("case", "new", *common).stdout.strip()
    assert reference.startswith("FS-")
    run("age", "--case", reference, "--status", "adult", *common)
    screening = run("start", "--case", reference, *common).stdout.strip()
    sid = ["--screening", screening]
    answer = ["answer", *sid, "--item", _first_item(), "--state", "disclosed", *common]
    refused = run(*answer, check=False)
    assert refused.returncode == 2 and "safety" in refused.stderr  # safety check first
    safety = ["--safe-to-talk", "yes", "--in-crisis", "no", "--in-control", "yes"]
    flow = json.loads(run("session", "safety", *sid, *safety, *common).stdout)
    assert flow["step"] == "confidentiality"
    run("session", "script", *sid, *common)
    bad = run("session", "interpreter", *sid, "--type", "family_member", *common, check=False)
    assert bad.returncode == 2 and "professional interpreter" in bad.stderr
    run("session", "interpreter", *sid, "--type", "professional_phone", "--language", "ro", *common)
    flow = json.loads(run("session", "notes-agreement", *sid, "--agreed", "yes", *common).stdout)
    assert flow["step"] == "items" and flow["can_save_disclosure_notes"] is True
    run(*answer)
    note = tmp_path / "note.txt"
    note.write_text("Said they cannot leave the house.")
    run("note", "--case", reference, "--text-file", str(note), *sid, "--disclosure", *common)

    shown = json.loads(run("case", "show", "--case", reference, "--json", *common).stdout)
    answers = shown["screenings"][0]["answers"]
    assert answers[_first_item()]["state"] == "disclosed"
    assert "body" not in shown["notes"][0]  # note text only with --include-sensitive
    full = json.loads(
        run("case", "show", "--case", reference, "--json", "--include-sensitive", *common).stdout
    )
    assert full["notes"][0]["body"] == "Said they cannot leave the house."


def test_passphrase_from_standard_input(cli_vault: tuple[Path, Path]) -> None:
    vault, _ = cli_vault
    out = run("case", "new", "--vault", str(vault), stdin=STRONG + "\n")
    assert out.stdout.strip().startswith("FS-")


def test_errors_are_one_clear_line(cli_vault: tuple[Path, Path], tmp_path: Path) -> None:
    vault, secret = cli_vault
    wrong = run("case", "list", "--vault", str(vault), stdin="nope nope nope\n", check=False)
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "screening: That passphrase does not open this vault. Check it and try again."
    )
    again = run(
        "vault", "create", "--vault", str(vault), "--passphrase-file", str(secret), check=False
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    missing = run("case", "list", "--vault", str(tmp_path / "none"), stdin="x\n", check=False)
    assert missing.returncode == 2 and "No vault was found" in missing.stderr
    for result in (wrong, again, missing):
        assert "Traceback" not in result.stderr


def test_vault_environment_variable(cli_vault: tuple[Path, Path]) -> None:
    vault, secret = cli_vault
    env = {
        **os.environ,
        "FRONTLINE_VAULT": str(vault),
        "FRONTLINE_TEST_CHEAP_KDF": "1",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "screening_tools.cli",
            "case",
            "list",
            "--json",
            "--passphrase-file",
            str(secret),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(result.stdout) == []


def _first_item() -> str:
    from screening_tools.content.loader import get_instrument

    return get_instrument("adult-indicators").items()[0].id
