"""Referral packet export of one screening, against the same work done with the raw libraries.

    python bench/bench_export.py [--repeat N] [--json]

App: ``ScreeningService.export_packet`` for an adult case with consent to a support referral
(uk-ew pack, support referral to the local support service), unencrypted, written atomically.
Baseline (same run): the work a packet needs, done with the libraries directly, for the same
screening (all items answered, three notes): a PDF with ReportLab (title, table of items and
states, notes), the same content as JSON, a manifest of SHA-256 digests, an Ed25519 signature,
every file written and fsynced. No target yet. When the service has no export method, or the
benchmark cannot drive it, the app figure says so instead.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bench.common import (
    INSTRUMENT,
    PASS,
    Figure,
    add_common_args,
    emit,
    make_vault,
    median,
    open_for_answers,
    timed,
)
from screening_tools.domain import AnswerState, CaseDetail
from screening_tools.service import ScreeningService


def packet(detail: CaseDetail, titles: dict[str, str], out: Path, key: Ed25519PrivateKey) -> None:
    screening = detail.screenings[0]
    rows = [["Item", "State", "Recorded"]]
    rows += [
        [titles[item], answer.state.label, answer.recorded_at.isoformat(timespec="minutes")]
        for item, answer in sorted(screening.answers.items())
    ]
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title="Referral")
    table = Table(rows, repeatRows=1, colWidths=[300, 90, 110])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
    story = [Paragraph(f"Referral for case {detail.case.reference}", styles["Title"]), table]
    for note in detail.notes:
        story += [Spacer(1, 8), Paragraph(note.body, styles["BodyText"])]
    doc.build(story)
    files = {
        "referral.pdf": buffer.getvalue(),
        "referral.json": json.dumps(
            {
                "case": detail.case.reference,
                "instrument": [screening.instrument_id, screening.instrument_version],
                "answers": {k: v.state.value for k, v in sorted(screening.answers.items())},
                "notes": [n.body for n in detail.notes],
            },
            ensure_ascii=False,
        ).encode(),
    }
    manifest = json.dumps(
        {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    ).encode()
    files["manifest.json"] = manifest
    files["manifest.sig"] = key.sign(manifest)
    for name, data in files.items():
        fd = os.open(out / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def measure(repeat: int) -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        service = ScreeningService(make_vault(Path(tmp) / "vault"))
        service.unlock(PASS)
        reference = service.new_case().reference
        screening = service.start_screening(reference, INSTRUMENT).id
        open_for_answers(service, screening)
        instrument = service.instrument(INSTRUMENT)
        titles = {item.id: item.worker_text for group in instrument.groups for item in group.items}
        states = [AnswerState.OBSERVED, AnswerState.NOT_PRESENT, AnswerState.DISCLOSED]
        for i, item in enumerate(titles):
            service.record_answer(screening, item, states[i % len(states)])
        for text in ("Met at the drop-in centre.", "Interpreter needed.", "Returns next week."):
            service.add_note(reference, text)
        detail = service.open_case(reference)
        key = Ed25519PrivateKey.generate()
        out = Path(tmp) / "packet"
        out.mkdir()
        samples = timed(lambda: packet(detail, titles, out, key), repeat, warmup=2)
        app: list[float] | None = None
        missing = "not yet implemented"
        if hasattr(service, "export_packet"):
            try:
                app = app_export(service, reference, Path(tmp), repeat)
                note = "unencrypted packet, uk-ew support referral"
            except Exception as exc:  # the sharing API is young; say why, do not fail the run
                note = f"app export could not be driven: {type(exc).__name__}: {exc}"[:300]
                missing = "could not run"
        else:
            note = "app packet export not yet implemented"
        service.lock()
    return Figure(
        name="referral packet export (one screening)",
        stat=f"median of {repeat}",
        unit="ms",
        value=median(app) if app else None,
        baseline=median(samples),
        baseline_name="raw: ReportLab PDF + JSON + SHA-256 manifest + Ed25519, fsynced",
        note=note,
        key="export",
        missing=missing,
    )


def app_export(service: ScreeningService, reference: str, tmp: Path, repeat: int) -> list[float]:
    from screening_tools.consent import (
        ConsentDecision,
        ConsentGiver,
        ConsentMethod,
        ConsentScope,
        DataCategory,
        Purpose,
    )
    from screening_tools.flow import AgeStatus

    service.set_organisation(
        name="Bench outreach", contact="+44 20 0000 0000", jurisdiction_id="uk-ew"
    )
    service.set_age_status(reference, AgeStatus.ADULT)
    service.record_consent(
        reference,
        decision=ConsentDecision.GIVEN,
        given_by=ConsentGiver.PERSON,
        method=ConsentMethod.VERBAL,
        language="en",
        interpreter="not_needed",
        scope=ConsentScope(
            categories=frozenset({DataCategory.IDENTITY, DataCategory.INDICATORS}),
            recipients=frozenset({"uk-local-support-service"}),
            purposes=frozenset({Purpose.SUPPORT_REFERRAL}),
            police_immigration_sharing=False,
        ),
    )
    target = tmp / "packet.bin"

    def export() -> None:
        service.export_packet(
            reference, "uk-support-referral", "uk-local-support-service", target, overwrite=True
        )

    return timed(export, repeat, warmup=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    add_common_args(parser)
    args = parser.parse_args()
    emit([measure(args.repeat)], args.json)


if __name__ == "__main__":
    main()
