"""Shared plumbing for the ``screening`` command: passphrase input, unlocking, JSON output."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from screening_tools.errors import ScreeningError
from screening_tools.paths import default_vault_dir
from screening_tools.service import ScreeningService


def _vault_cmd(sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    cmd: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    cmd.add_argument(
        "--vault",
        type=Path,
        help="vault folder (default: $FRONTLINE_VAULT or the user data folder)",
    )
    cmd.add_argument(
        "--passphrase-file",
        type=Path,
        help="read the passphrase from this file (first line); otherwise from standard input",
    )
    return cmd


def _read_secret_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScreeningError(f"Cannot read {path}: {exc.strerror}.") from None
    return text.splitlines()[0] if text.splitlines() else ""


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    if args.passphrase_file is not None:
        return _read_secret_file(args.passphrase_file)
    if sys.stdin.isatty():
        first = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("Passphrase again: ") != first:
            raise ScreeningError("The two passphrases differ; nothing was created.")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _service(args: argparse.Namespace) -> ScreeningService:
    return ScreeningService(default_vault_dir(args.vault))


def _unlocked(args: argparse.Namespace) -> ScreeningService:
    service = _service(args)
    service.unlock(read_passphrase(args))
    return service


T = TypeVar("T")


def _with_service(args: argparse.Namespace, action: Callable[[ScreeningService], T]) -> T:
    service = _unlocked(args)
    try:
        return action(service)
    finally:
        service.lock()


def _read_whole(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScreeningError(f"Cannot read {path}: {exc.strerror}.") from None


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
