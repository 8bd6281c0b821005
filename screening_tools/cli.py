"""The ``screening`` command: scripted access to the same service the GUI uses. Never imports Qt.

Passphrases are read from ``--passphrase-file FILE`` or standard input, never from the command
line, where other users of the machine could read them in the process list.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from screening_tools import __version__
from screening_tools.cli_common import (
    _print_json,
    _read_secret_file,
    _read_whole,
    _service,
    _unlocked,
    _vault_cmd,
    _with_service,
    read_passphrase,
)
from screening_tools.domain import AnswerState, CaseDetail, Screening
from screening_tools.errors import ScreeningError
from screening_tools.flow import NO_INTERVIEW_TEXT, AgeStatus, InterpreterType, ScreeningFlow

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Handler | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except ScreeningError as exc:
        print(f"screening: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # pragma: no cover - last resort, never a traceback to a user
        # The type only: a message could carry text recorded about a person.
        print(f"screening: unexpected error ({type(exc).__name__}).", file=sys.stderr)
        return 70


def build_parser() -> argparse.ArgumentParser:
    from screening_tools.cli_admin import add_i18n_parsers, add_supervision_parsers
    from screening_tools.cli_admin import add_parsers as add_admin_parsers
    from screening_tools.cli_sharing import add_parsers as add_sharing_parsers
    from screening_tools.content.cli import add_parser as add_content_parser

    parser = argparse.ArgumentParser(
        prog="screening", description="Frontline Screening: command-line access to a vault."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands")

    vault = sub.add_parser("vault", help="create a vault, change its passphrase").add_subparsers()
    create = _vault_cmd(vault, "create", "create a new vault and print its recovery key once")
    create.add_argument("--user", default="Vault owner", help="name or role recorded as author")
    create.set_defaults(func=cmd_vault_create)
    change = _vault_cmd(vault, "change-passphrase", "re-wrap the key under a new passphrase")
    change.add_argument("--new-passphrase-file", type=Path, required=True)
    change.set_defaults(func=cmd_vault_change_passphrase)
    recover = _vault_cmd(vault, "recover", "set a new passphrase using the recovery key")
    recover.add_argument("--recovery-key-file", type=Path, required=True)
    recover.set_defaults(func=cmd_vault_recover)

    case = sub.add_parser("case", help="cases").add_subparsers()
    new = _vault_cmd(case, "new", "create a case with a neutral reference")
    new.add_argument(
        "--details-file",
        type=Path,
        help="optional JSON file with 'name' and/or 'contact' (sensitive, stored encrypted)",
    )
    new.add_argument("--json", action="store_true")
    new.set_defaults(func=cmd_case_new)
    show = _vault_cmd(case, "show", "show a case with its screenings and notes")
    show.add_argument("--case", required=True, help="case reference")
    show.add_argument("--json", action="store_true")
    show.add_argument(
        "--include-sensitive", action="store_true", help="include name, contact and note text"
    )
    show.set_defaults(func=cmd_case_show)
    listing = _vault_cmd(case, "list", "list cases (references only)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_case_list)

    start = _vault_cmd(sub, "start", "start a screening of a case with an instrument")
    start.add_argument("--case", required=True)
    start.add_argument("--instrument", default="adult-indicators")
    start.add_argument("--json", action="store_true")
    start.set_defaults(func=cmd_start)

    answer = _vault_cmd(sub, "answer", "record one answer in a screening")
    answer.add_argument("--screening", type=int, required=True)
    answer.add_argument("--item", required=True)
    answer.add_argument("--state", required=True, choices=[s.value for s in AnswerState])
    answer.set_defaults(func=cmd_answer)

    note = _vault_cmd(sub, "note", "add a note to a case (text from a file)")
    note.add_argument("--case", required=True)
    note.add_argument("--text-file", type=Path, required=True)
    note.add_argument("--screening", type=int)
    note.add_argument(
        "--disclosure",
        action="store_true",
        help="a note of what the person said (needs their agreement to notes)",
    )
    note.set_defaults(func=cmd_note)

    age = _vault_cmd(sub, "age", "record what is known of the person's age (sets the route)")
    age.add_argument("--case", required=True)
    age.add_argument("--status", required=True, choices=[a.value for a in AgeStatus])
    age.set_defaults(func=cmd_age)

    respond = _vault_cmd(sub, "respond", "answer a checklist, multi-select or script item")
    respond.add_argument("--screening", type=int, required=True)
    respond.add_argument("--instrument", required=True)
    respond.add_argument("--item", required=True)
    respond.add_argument("--value", required=True)
    respond.set_defaults(func=cmd_respond)

    session = sub.add_parser("session", help="the steps before the questions").add_subparsers()
    safety = _vault_cmd(session, "safety", "record the pre-interview safety check")
    safety.add_argument("--screening", type=int, required=True)
    for flag in ("--safe-to-talk", "--in-crisis", "--in-control"):
        safety.add_argument(flag, required=True, choices=["yes", "no"])
    safety.set_defaults(func=cmd_session_safety)
    script = _vault_cmd(session, "script", "record that the confidentiality script was delivered")
    script.add_argument("--screening", type=int, required=True)
    script.set_defaults(func=cmd_session_script)
    interp = _vault_cmd(session, "interpreter", "record the interpreter (or none needed)")
    interp.add_argument("--screening", type=int, required=True)
    interp.add_argument("--type", required=True, choices=[t.value for t in InterpreterType])
    interp.add_argument("--language", default="")
    interp.set_defaults(func=cmd_session_interpreter)
    agree = _vault_cmd(session, "notes-agreement", "record whether the person agreed to notes")
    agree.add_argument("--screening", type=int, required=True)
    agree.add_argument("--agreed", required=True, choices=["yes", "no"])
    agree.set_defaults(func=cmd_session_notes_agreement)
    show_flow = _vault_cmd(session, "show", "where the session is in the flow")
    show_flow.add_argument("--screening", type=int, required=True)
    show_flow.set_defaults(func=cmd_session_show)

    summary = _vault_cmd(sub, "summary", "summary of a screening")
    summary.add_argument("--screening", type=int, required=True)
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(func=cmd_summary)

    add_content_parser(sub)
    add_sharing_parsers(sub)
    add_admin_parsers(sub, vault)
    add_i18n_parsers(sub)
    add_supervision_parsers(sub)
    return parser


# -- passphrases ---------------------------------------------------------------------------


# -- commands ------------------------------------------------------------------------------


def cmd_vault_create(args: argparse.Namespace) -> int:
    service = _service(args)
    recovery_key = service.create_vault(read_passphrase(args, confirm=True), args.user)
    service.lock()
    print(f"Vault created in {service.vault_dir}.")
    print()
    print("Recovery key (shown only this once; write it down and keep it somewhere safe):")
    print()
    print(f"    {recovery_key}")
    print()
    return 0


def cmd_vault_change_passphrase(args: argparse.Namespace) -> int:
    service = _service(args)
    old = read_passphrase(args)
    service.unlock(old)
    try:
        service.change_passphrase(old, _read_secret_file(args.new_passphrase_file))
    finally:
        service.lock()
    print("Passphrase changed. The vault's data was not re-encrypted; only its key was re-wrapped.")
    return 0


def cmd_vault_recover(args: argparse.Namespace) -> int:
    service = _service(args)
    recovery_key = _read_secret_file(args.recovery_key_file)
    service.unlock_with_recovery_key(recovery_key, read_passphrase(args))
    service.lock()
    print("New passphrase set. Keep using the same recovery key.")
    return 0


def cmd_case_new(args: argparse.Namespace) -> int:
    details: dict[str, Any] = {}
    if args.details_file is not None:
        try:
            loaded = json.loads(args.details_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScreeningError(f"Cannot read {args.details_file} as JSON ({exc}).") from None
        if not isinstance(loaded, dict) or set(loaded) - {"name", "contact"}:
            raise ScreeningError("The details file must be a JSON object with 'name'/'contact'.")
        details = loaded
    service = _unlocked(args)
    try:
        case = service.new_case(name=details.get("name"), contact=details.get("contact"))
    finally:
        service.lock()
    if args.json:
        _print_json({"reference": case.reference, "created_at": case.created_at.isoformat()})
    else:
        print(case.reference)
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    service = _unlocked(args)
    try:
        detail = service.open_case(args.case)
    finally:
        service.lock()
    data = case_to_json(detail, include_sensitive=args.include_sensitive)
    if args.json:
        _print_json(data)
    else:
        print(f"Case {data['reference']} (created {data['created_at']})")
        for screening in data["screenings"]:
            recorded = sum(1 for a in screening["answers"].values() if a["state"] != "not_assessed")
            print(
                f"  screening {screening['id']}: {screening['instrument_id']} "
                f"{screening['instrument_version']}, {recorded} answers"
            )
        print(f"  notes: {len(data['notes'])}")
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    service = _unlocked(args)
    try:
        cases = service.list_cases()
    finally:
        service.lock()
    rows = [
        {
            "reference": c.reference,
            "created_at": c.created_at.isoformat(),
            "updated_at": c.updated_at.isoformat(),
            "screenings": c.screening_count,
            "concerns_recorded": c.concern_count,
        }
        for c in cases
    ]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(
                f"{row['reference']}  updated {row['updated_at']}  screenings {row['screenings']}"
            )
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    service = _unlocked(args)
    try:
        screening = service.start_screening(args.case, args.instrument)
    finally:
        service.lock()
    if args.json:
        _print_json(screening_to_json(screening))
    else:
        print(screening.id)
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    service = _unlocked(args)
    try:
        answer = service.record_answer(args.screening, args.item, AnswerState(args.state))
    finally:
        service.lock()
    print(f"{answer.item_id}: {answer.state.label}")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    text = _read_whole(args.text_file)
    service = _unlocked(args)
    try:
        note = service.add_note(args.case, text, args.screening, disclosure=args.disclosure)
    finally:
        service.lock()
    print(f"Note {note.id} saved.")
    return 0


def cmd_age(args: argparse.Namespace) -> int:
    route = _with_service(args, lambda s: s.set_age_status(args.case, AgeStatus(args.status)))
    print(f"Route: {route.value}")
    return 0


def cmd_respond(args: argparse.Namespace) -> int:
    _with_service(
        args,
        lambda s: s.record_response(args.screening, args.instrument, args.item, args.value),
    )
    print(f"{args.item}: {args.value}")
    return 0


def cmd_session_safety(args: argparse.Namespace) -> int:
    flow = _with_service(
        args,
        lambda s: s.record_safety_check(
            args.screening,
            safe_to_talk=args.safe_to_talk == "yes",
            in_crisis=args.in_crisis == "yes",
            in_control=args.in_control == "yes",
        ),
    )
    return _print_flow(flow)


def cmd_session_script(args: argparse.Namespace) -> int:
    return _print_flow(
        _with_service(args, lambda s: s.record_confidentiality_delivered(args.screening))
    )


def cmd_session_interpreter(args: argparse.Namespace) -> int:
    return _print_flow(
        _with_service(
            args,
            lambda s: s.record_interpreter(
                args.screening, args.language, InterpreterType(args.type)
            ),
        )
    )


def cmd_session_notes_agreement(args: argparse.Namespace) -> int:
    return _print_flow(
        _with_service(
            args, lambda s: s.record_notes_agreement(args.screening, args.agreed == "yes")
        )
    )


def cmd_session_show(args: argparse.Namespace) -> int:
    return _print_flow(_with_service(args, lambda s: s.session_flow(args.screening)))


def _print_flow(flow: ScreeningFlow) -> int:
    _print_json(
        {
            "step": flow.step.value,
            "questions_locked": flow.questions_locked,
            "can_save_disclosure_notes": flow.can_save_disclosure_notes,
            "route": flow.route.value,
            "no_interview": [NO_INTERVIEW_TEXT[r] for r in flow.state.no_interview],
        }
    )
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    service = _unlocked(args)
    try:
        summary = service.screening_summary(args.screening)
    finally:
        service.lock()
    groups = [
        {
            "group": g.group_id,
            "title": g.title,
            "observed": g.observed,
            "disclosed": g.disclosed,
            "not_present": g.not_present,
            "prefer_not_to_say": g.prefer_not_to_say,
            "not_assessed": g.not_assessed,
        }
        for g in summary.groups
    ]
    data = {
        "screening": summary.screening_id,
        "case": summary.case_reference,
        "instrument_id": summary.instrument_id,
        "instrument_version": summary.instrument_version,
        "groups": groups,
        "caveat": summary.caveat,
        "next_steps": summary.next_steps,
    }
    if args.json:
        _print_json(data)
    else:
        for g in summary.groups:
            print(
                f"{g.title}: observed {len(g.observed)}, disclosed {len(g.disclosed)}, "
                f"not present {len(g.not_present)}, prefer not to say "
                f"{len(g.prefer_not_to_say)}, not assessed {len(g.not_assessed)}"
            )
        print()
        print(summary.caveat)
    return 0


# -- helpers -------------------------------------------------------------------------------


def screening_to_json(screening: Screening) -> dict[str, Any]:
    return {
        "id": screening.id,
        "instrument_id": screening.instrument_id,
        "instrument_version": screening.instrument_version,
        "started_at": screening.started_at.isoformat(),
        "updated_at": screening.updated_at.isoformat(),
        "recorded_by": screening.recorded_by,
        "answers": {
            item_id: {
                "state": a.state.value,
                "recorded_at": a.recorded_at.isoformat(),
                "recorded_by": a.recorded_by,
            }
            for item_id, a in sorted(screening.answers.items())
        },
    }


def case_to_json(detail: CaseDetail, *, include_sensitive: bool) -> dict[str, Any]:
    case = detail.case
    data: dict[str, Any] = {
        "reference": case.reference,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "created_by": case.created_by,
        "screenings": [screening_to_json(s) for s in detail.screenings],
        "notes": [
            {
                "id": n.id,
                "screening_id": n.screening_id,
                "created_at": n.created_at.isoformat(),
                "created_by": n.created_by,
                **({"body": n.body} if include_sensitive else {}),
            }
            for n in detail.notes
        ],
    }
    if include_sensitive:
        data["name"] = case.name
        data["contact"] = case.contact
    return data


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
