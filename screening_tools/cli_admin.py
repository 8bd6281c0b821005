"""``screening`` commands for administration: users, audit, backup and restore."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from screening_tools.cli_common import (
    _print_json,
    _read_secret_file,
    _service,
    _vault_cmd,
    _with_service,
    read_passphrase,
)
from screening_tools.domain import Role
from screening_tools.errors import ScreeningError


def add_parsers(sub: Any, vault: Any) -> None:
    audit = sub.add_parser("audit", help="the tamper-evident audit log").add_subparsers()
    verify = _vault_cmd(audit, "verify", "check the hash chain; name any broken entry")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_audit_verify)

    user = sub.add_parser("user", help="users and roles (supervisor)").add_subparsers()
    add = _vault_cmd(user, "add", "add a user with their own passphrase")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--new-passphrase-file", type=Path, required=True)
    add.set_defaults(func=cmd_user_add)
    remove = _vault_cmd(user, "remove", "remove a user (their key slot is destroyed)")
    remove.add_argument("--id", type=int, required=True)
    remove.set_defaults(func=cmd_user_remove)
    listing = _vault_cmd(user, "list", "list users")
    listing.set_defaults(func=cmd_user_list)

    backup = _vault_cmd(vault, "backup", "write an encrypted, verified backup of the vault")
    backup.add_argument("--out", type=Path, required=True)
    backup.set_defaults(func=cmd_backup)
    restore = _vault_cmd(vault, "restore", "restore a backup into --vault (a new folder)")
    restore.add_argument("--backup", type=Path, required=True)
    restore.add_argument(
        "--replace", action="store_true", help="move an existing vault aside and replace it"
    )
    restore.set_defaults(func=cmd_restore)
    lockout = _vault_cmd(vault, "lockout", "destroy passphrase slots after N failures (or off)")
    lockout.add_argument("attempts", help="a number of attempts, or 'off'")
    lockout.set_defaults(func=cmd_lockout)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    report = _with_service(args, lambda s: s.audit_report())
    if args.json:
        _print_json(
            {
                "intact": report.intact,
                "entries": len(report.entries),
                "problems": [p.__dict__ for p in report.problems],
            }
        )
    else:
        for problem in report.problems:
            print(f"entry {problem.seq}: {problem.kind}: {problem.message}")
        print(
            f"Audit log intact ({len(report.entries)} entries)."
            if report.intact
            else "Audit log has been tampered with."
        )
    return 0 if report.intact else 1


def cmd_user_add(args: argparse.Namespace) -> int:
    passphrase = _read_secret_file(args.new_passphrase_file)
    user = _with_service(args, lambda s: s.add_user(args.name, Role(args.role), passphrase))
    print(f"User {user.id} added ({user.role.value}).")
    return 0


def cmd_user_remove(args: argparse.Namespace) -> int:
    _with_service(args, lambda s: s.remove_user(args.id))
    print("User removed; their passphrase no longer opens the vault.")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    for user in _with_service(args, lambda s: s.users()):
        print(f"{user.id}\t{user.role.value}\t{user.display_name}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    meta = _with_service(args, lambda s: s.backup(args.out))
    print(f"Backup written and verified: {args.out} ({meta['cases']} cases).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        aside = service.restore(args.backup, read_passphrase(args), replace=args.replace)
    finally:
        service.lock()
    print(f"Restored into {service.vault_dir}.")
    if aside != service.vault_dir:
        print(f"The vault that was there was moved to {aside}.")
    return 0


def cmd_lockout(args: argparse.Namespace) -> int:
    if args.attempts == "off":
        attempts = None
    else:
        try:
            attempts = int(args.attempts)
        except ValueError:
            raise ScreeningError("Give a number of attempts, or 'off'.") from None
    _with_service(args, lambda s: s.set_destroy_after(attempts))
    print("Setting saved.")
    return 0


def add_i18n_parsers(sub: Any) -> None:
    i18n = sub.add_parser("i18n", help="translations: extract, check").add_subparsers()
    check = i18n.add_parser("check", help="per locale: messages, translated, missing, mismatches")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_i18n_check)
    extract = i18n.add_parser("extract", help="rebuild templates and update every catalogue")
    extract.set_defaults(func=cmd_i18n_extract)


def cmd_i18n_check(args: argparse.Namespace) -> int:
    from screening_tools.i18n import check_all

    report = check_all()
    if args.json:
        _print_json(report)
    else:
        for code, data in report.items():
            print(
                f"{code:4} {data['percent']:5.1f}%  {data['translated']}/{data['messages']}"
                f"  missing {data['missing']}  fuzzy {data['fuzzy']}"
                f"  placeholder mismatches {data['placeholder_mismatches']}  ({data['status']})"
            )
    complete = all(d["missing"] == 0 and d["fuzzy"] == 0 for d in report.values())
    return 0 if complete else 1


def cmd_i18n_extract(args: argparse.Namespace) -> int:
    from screening_tools.i18n_extract import extract
    from screening_tools.paths import translations_dir

    counts = extract(translations_dir().parent)
    print(", ".join(f"{domain}: {n} messages" for domain, n in counts.items()))
    return 0


def add_supervision_parsers(sub: Any) -> None:
    stats = _vault_cmd(sub, "stats", "de-identified statistics with small-cell suppression")
    stats.add_argument("--from", dest="period_start", help="first period, e.g. 2026-01 or 2026-Q1")
    stats.add_argument("--to", dest="period_end", help="last period")
    stats.add_argument("--granularity", choices=["month", "quarter"], default="month")
    stats.add_argument("--threshold", type=int, default=5, help="suppress counts below this")
    stats.add_argument("--json", action="store_true", help="JSON (default: CSV)")
    stats.add_argument("--out", type=Path, help="write to this file instead of the screen")
    stats.set_defaults(func=cmd_stats)

    demo = sub.add_parser("demo", help="create a throwaway demo vault with fictional cases")
    demo.add_argument("--vault", type=Path, required=True)
    demo.add_argument("--cases", type=int, default=24)
    demo.set_defaults(func=cmd_demo)


def cmd_stats(args: argparse.Namespace) -> int:
    import json

    from screening_tools.stats import to_csv, to_json

    report = _with_service(
        args,
        lambda s: s.statistics(
            period_start=args.period_start,
            period_end=args.period_end,
            granularity=args.granularity,
            threshold=args.threshold,
        ),
    )
    text = (
        json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
        if args.json
        else to_csv(report)
    )
    if args.out:
        from screening_tools.vault.slots import atomic_write

        atomic_write(args.out, text.encode("utf-8"))
        print(f"Statistics written to {args.out}.")
    else:
        print(text, end="")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from screening_tools.demo import DEMO_PASSPHRASE, create_demo_vault

    service = create_demo_vault(args.vault, cases=args.cases)
    service.lock()
    print(f"Demo vault created in {args.vault} (fictional cases only).")
    print(f"Passphrase: {DEMO_PASSPHRASE}")
    return 0
