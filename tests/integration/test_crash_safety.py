"""Crash, disk and leak safety: SIGKILL during writes, a full disk, a read-only folder."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from screening_tools.errors import VaultNotWritable
from screening_tools.service import ScreeningService
from tests.conftest import ROOT, STRONG

WRITER = r"""
import sys
sys.path.insert(0, sys.argv[2])
from screening_tools.domain import AnswerState
from screening_tools.service import ScreeningService
from tests.conftest import open_interview
service = ScreeningService(sys.argv[1])
service.unlock("correct horse battery staple")
reference = service.list_cases()[0].reference
sid = service.start_screening(reference, "adult-indicators").id
open_interview(service, sid)
items = [i.id for i in service.instrument("adult-indicators").items()]
states = [AnswerState.OBSERVED, AnswerState.NOT_PRESENT, AnswerState.DISCLOSED]
n = 0
while True:
    n += 1
    service.add_note(reference, f"committed note {n} " + "x" * 400, sid)
    service.record_answer(sid, items[n % len(items)], states[n % 3])
    print(n, flush=True)  # printed only after both commits returned
"""

KILL_ROUNDS = int(os.environ.get("FRONTLINE_KILL_ROUNDS", "8"))


def test_sigkill_during_writes_never_corrupts_or_loses_commits(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    service = ScreeningService(vault)
    service.create_vault(STRONG)
    reference = service.new_case().reference
    service.lock()
    rng = random.Random(20261123)
    env = {**os.environ, "FRONTLINE_TEST_CHEAP_KDF": "1"}
    for round_no in range(KILL_ROUNDS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(vault), str(ROOT)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # wait until it is writing, however slow the machine
        time.sleep(rng.random() * 0.3)  # then kill it at a random moment mid-write
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate(timeout=30)
        committed = [int(line) for line in (first + out).split()]
        assert committed, f"round {round_no}: the writer committed nothing ({err[-300:]})"
        service.unlock(STRONG)
        assert service._vault is not None and service._vault.conn is not None
        conn = service._vault.conn
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        bodies = {n.body.split(" x")[0] for n in service.open_case(reference).notes}
        for n in committed:
            assert f"committed note {n}" in bodies, f"round {round_no}: lost commit {n}"
        service.lock()


@contextlib.contextmanager
def small_disk(path: Path, size_kib: int) -> Iterator[Path]:
    """A really full file system: a size-limited tmpfs (needs root; CI runs as root)."""
    path.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(path)], check=True
    )
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a folder read-only even for root: a read-only bind mount over itself."""
    subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="mounting a small or read-only file system needs root"
)


@needs_root
def test_full_disk_gives_a_clear_error_and_the_vault_still_opens(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 1536) as disk:
        ballast = disk / "someone-elses-file.bin"  # what the person will delete to free space
        ballast.write_bytes(os.urandom(300 * 1024))
        service = ScreeningService(disk / "vault")
        service.create_vault(STRONG)
        reference = service.new_case().reference
        saved = 0
        with pytest.raises(VaultNotWritable) as err:
            for n in range(10_000):
                service.add_note(reference, f"note {n} " + os.urandom(8000).hex())
                saved = n + 1
        assert "full" in str(err.value) or "disk" in str(err.value)
        assert saved > 0
        service.lock()
        reopened = ScreeningService(disk / "vault")
        # Still full: it opens, or says the disk is full; never "damaged".
        with contextlib.suppress(VaultNotWritable):
            reopened.unlock(STRONG)
            reopened.lock()
        # Free some space, as a person would, and open again: nothing lost, nothing broken.
        ballast.unlink()
        reopened.unlock(STRONG)
        notes = reopened.open_case(reference).notes
        assert len(notes) == saved
        assert reopened._vault is not None and reopened._vault.conn is not None
        assert reopened._vault.conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        reopened.lock()


@needs_root
def test_read_only_folder_gives_a_clear_error_and_the_vault_still_opens(tmp_path: Path) -> None:
    service = ScreeningService(tmp_path / "vault")
    service.create_vault(STRONG)
    reference = service.new_case().reference
    service.lock()
    with read_only(tmp_path / "vault"):
        with pytest.raises(VaultNotWritable) as err:
            service.unlock(STRONG)
            service.new_case()
        assert "read-only" in str(err.value) or "cannot be written" in str(err.value)
    service.unlock(STRONG)
    assert service.list_cases()[0].reference == reference
