"""``screening`` commands for sharing: organisation, consent, other bases, packet export/verify.

``packet export`` goes through the same gate as the GUI: it fails with the reason when the
basis does not cover the export. ``packet verify`` needs no vault.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from screening_tools.cli_common import (
    _print_json,
    _read_secret_file,
    _read_whole,
    _vault_cmd,
    _with_service,
)
from screening_tools.consent import (
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
    DataCategory,
    Purpose,
)
from screening_tools.errors import ScreeningError
from screening_tools.service import ScreeningService


def add_parsers(sub: Any) -> None:
    org = _vault_cmd(sub, "organisation", "set the organisation, its contact and jurisdiction")
    org.add_argument("--name", required=True)
    org.add_argument("--contact", required=True, help="how the person or a recipient reaches you")
    org.add_argument("--jurisdiction", required=True, help="uk-ew, us, au or generic")
    org.set_defaults(func=cmd_organisation)

    key = _vault_cmd(sub, "signing-key", "print the vault's public signing key for recipients")
    key.set_defaults(func=cmd_signing_key)

    consent = sub.add_parser("consent", help="consent records").add_subparsers()
    record = _vault_cmd(consent, "record", "record the person's decision about sharing")
    record.add_argument("--case", required=True)
    record.add_argument("--decision", required=True, choices=[d.value for d in ConsentDecision])
    record.add_argument("--given-by", default="person", choices=[g.value for g in ConsentGiver])
    record.add_argument("--giver-role")
    record.add_argument("--method", required=True, choices=[m.value for m in ConsentMethod])
    record.add_argument("--language", required=True)
    record.add_argument("--interpreter", required=True)
    record.add_argument("--witness")
    record.add_argument(
        "--categories",
        default="",
        help="comma-separated: " + ",".join(c.value for c in DataCategory),
    )
    record.add_argument("--recipients", default="", help="comma-separated recipient ids")
    record.add_argument(
        "--purposes", default="support_referral", help=",".join(p.value for p in Purpose)
    )
    record.add_argument(
        "--police-immigration", action="store_true", help="the person agreed to that too"
    )
    record.add_argument("--expires", help="ISO date and time when the consent ends")
    record.set_defaults(func=cmd_consent_record)
    withdraw = _vault_cmd(consent, "withdraw", "withdraw a consent record")
    withdraw.add_argument("--case", required=True)
    withdraw.add_argument("--id", type=int, required=True)
    withdraw.set_defaults(func=cmd_consent_withdraw)

    basis = sub.add_parser("basis", help="child-protection and safeguarding bases").add_subparsers()
    views = _vault_cmd(basis, "child-views", "record the child's views (text from a file)")
    views.add_argument("--case", required=True)
    views.add_argument("--text-file", type=Path, required=True)
    views.set_defaults(func=cmd_child_views)
    exc = _vault_cmd(basis, "exception", "request a safeguarding exception (justification file)")
    exc.add_argument("--case", required=True)
    exc.add_argument("--text-file", type=Path, required=True)
    exc.set_defaults(func=cmd_exception)
    sign = _vault_cmd(basis, "sign-off", "sign off a safeguarding exception (supervisor)")
    sign.add_argument("--case", required=True)
    sign.add_argument("--id", type=int, required=True)
    sign.set_defaults(func=cmd_sign_off)

    packet = sub.add_parser("packet", help="export and verify referral packets").add_subparsers()
    options = _vault_cmd(packet, "options", "routes and recipients, and why each is blocked")
    options.add_argument("--case", required=True)
    options.add_argument("--json", action="store_true")
    options.set_defaults(func=cmd_packet_options)
    export = _vault_cmd(packet, "export", "export a referral packet through the consent gate")
    export.add_argument("--case", required=True)
    export.add_argument("--recipient", required=True)
    export.add_argument("--route", help="route id (default: the first route open for them)")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--language", help="language of the PDF (default: the recipient's)")
    export.add_argument("--encrypt-to", help="the recipient's age public key (age1...)")
    export.add_argument("--encrypt-passphrase-file", type=Path)
    export.add_argument("--person-copy", type=Path, help="also write the person's copy here")
    export.add_argument("--overwrite", action="store_true")
    export.add_argument("--json", action="store_true")
    export.set_defaults(func=cmd_packet_export)

    verify = packet.add_parser("verify", help="check a packet's signature, hashes and schema")
    verify.add_argument("file", type=Path)
    verify.add_argument("--sender-key", help="the sender's public key (ed25519:...)")
    verify.add_argument("--identity-file", type=Path, help="your age secret key, if encrypted")
    verify.add_argument("--passphrase-file", type=Path, help="packet passphrase, if encrypted")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_packet_verify)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def cmd_organisation(args: argparse.Namespace) -> int:
    _with_service(
        args,
        lambda s: s.set_organisation(
            name=args.name, contact=args.contact, jurisdiction_id=args.jurisdiction
        ),
    )
    print("Organisation settings saved.")
    return 0


def cmd_signing_key(args: argparse.Namespace) -> int:
    print(_with_service(args, lambda s: s.public_signing_key()))
    return 0


def cmd_consent_record(args: argparse.Namespace) -> int:
    try:
        scope = ConsentScope(
            categories=frozenset(DataCategory(c) for c in _split(args.categories)),
            recipients=frozenset(_split(args.recipients)),
            purposes=frozenset(Purpose(p) for p in _split(args.purposes)),
            police_immigration_sharing=args.police_immigration,
        )
        expires = datetime.fromisoformat(args.expires) if args.expires else None
    except ValueError as exc:
        raise ScreeningError(f"Check the consent scope: {exc}") from None

    def record(service: ScreeningService) -> int | None:
        return service.record_consent(
            args.case,
            decision=ConsentDecision(args.decision),
            given_by=ConsentGiver(args.given_by),
            giver_role=args.giver_role,
            method=ConsentMethod(args.method),
            language=args.language,
            interpreter=args.interpreter,
            witness=args.witness,
            scope=scope,
            expires_at=expires,
        ).id

    print(f"Consent record {_with_service(args, record)} saved.")
    return 0


def cmd_consent_withdraw(args: argparse.Namespace) -> int:
    _with_service(args, lambda s: s.withdraw_consent(args.case, args.id))
    print("Consent withdrawn: no packet can be exported under it from now on.")
    return 0


def cmd_child_views(args: argparse.Namespace) -> int:
    text = _read_whole(args.text_file)
    record = _with_service(args, lambda s: s.record_child_views(args.case, text))
    print(f"Child's views recorded ({record.id}).")
    return 0


def cmd_exception(args: argparse.Namespace) -> int:
    text = _read_whole(args.text_file)
    record = _with_service(args, lambda s: s.request_safeguarding_exception(args.case, text))
    print(f"Safeguarding exception {record.id} recorded; it needs a supervisor's sign-off.")
    return 0


def cmd_sign_off(args: argparse.Namespace) -> int:
    _with_service(args, lambda s: s.sign_off_exception(args.case, args.id))
    print("Signed off.")
    return 0


def cmd_packet_options(args: argparse.Namespace) -> int:
    options = _with_service(args, lambda s: s.export_options(args.case))
    if args.json:
        _print_json([o.__dict__ for o in options])
        return 0
    for o in options:
        state = "open" if o.available else f"blocked: {o.reason}"
        print(f"{o.route_id} -> {o.recipient_id}: {state}")
    return 0


def cmd_packet_export(args: argparse.Namespace) -> int:
    passphrase = (
        _read_secret_file(args.encrypt_passphrase_file) if args.encrypt_passphrase_file else None
    )

    def export(service: ScreeningService) -> Any:
        route = args.route or _first_open_route(service, args.case, args.recipient)
        result = service.export_packet(
            args.case,
            route,
            args.recipient,
            args.out,
            language=args.language,
            encrypt_to=args.encrypt_to,
            passphrase=passphrase,
            overwrite=args.overwrite,
        )
        if args.person_copy:
            from screening_tools.referral.packet_file import write_atomic

            write_atomic(
                args.person_copy, service.person_copy_pdf(result.content), overwrite=args.overwrite
            )
        return result

    result = _with_service(args, export)
    summary = {
        "file": str(result.path),
        "sha256": result.file_sha256,
        "packet_id": result.content.packet_id,
        "basis": result.content.basis.kind.value,
        "categories": [c.value for c in result.content.categories_shared],
        "parts": result.parts,
        "encrypted": result.encrypted,
        "seconds": {k: round(v, 4) for k, v in result.timings.items()},
    }
    if args.json:
        _print_json(summary)
    else:
        print(f"Packet written to {result.path} ({result.content.basis.label}).")
        print(f"SHA-256 {result.file_sha256}")
    return 0


def _first_open_route(service: ScreeningService, case: str, recipient: str) -> str:
    options = [o for o in service.export_options(case) if o.recipient_id == recipient]
    if not options:
        raise ScreeningError(f"{recipient!r} is not a recipient in this jurisdiction.")
    for option in options:
        if option.available:
            return option.route_id
    reasons = "; ".join(f"{o.route_label}: {o.reason}" for o in options)
    raise ScreeningError(f"Export blocked. {reasons}")


def cmd_packet_verify(args: argparse.Namespace) -> int:
    from screening_tools.referral.verify import verify_packet

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise ScreeningError(f"Cannot read {args.file}: {exc.strerror}.") from None
    report = verify_packet(
        data,
        sender_key=args.sender_key,
        identity=_read_secret_file(args.identity_file) if args.identity_file else None,
        passphrase=_read_secret_file(args.passphrase_file) if args.passphrase_file else None,
    )
    if args.json:
        _print_json(report.to_json())
    else:
        for check in report.checks:
            print(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
        print("Packet verified." if report.ok else "Packet NOT verified.", file=sys.stderr)
    return 0 if report.ok else 1
