"""Save a PNG of each supervisor view over a throw-away demo vault (fictional cases only).

python -m desktop.supervisor_screenshots [OUT_DIR] [WIDTHxHEIGHT]
    (default: ./screenshots 1200x800; files supervisor-*.png)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FRONTLINE_TEST_CHEAP_KDF", "1")

from PySide6.QtWidgets import QApplication, QWidget

from desktop.ops import Operations
from desktop.style import apply_style
from desktop.supervisor_entry import (
    CASES,
    INBOX,
    PARTNERS,
    REFERRALS,
    REVIEW,
    STATISTICS,
    build_supervisor_pages,
)
from screening_tools.service import ScreeningService
from screening_tools.tracking import ReferralStatus

SIZE = (1200, 800)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the view did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def prepare_demo(folder: Path) -> tuple[ScreeningService, Path]:
    """A demo vault with a directory, referrals at several stages (one past its referral
    target) and a packet exported from it, ready to import. Returns the service and packet."""
    from screening_tools.demo import create_demo_vault
    from screening_tools.directory import example_directory_path
    from screening_tools.vault.repositories import _ts, now_utc

    service = create_demo_vault(folder / "demo", cases=24)
    service.import_directory(example_directory_path())
    drafts = service.referrals(status=ReferralStatus.DRAFT.value)
    packet = folder / "field-laptop.fspacket"
    if drafts:
        sent = drafts[0]
        service.update_referral(sent.id, ReferralStatus.SIGNED_OFF)
        service.export_packet(sent.case_reference, sent.route_id, sent.recipient_id, packet)
        service.update_referral(sent.id, ReferralStatus.ACKNOWLEDGED, note="Letter received")
    if len(drafts) > 1:
        # A concern recorded five days ago, still not referred: its referral target has passed.
        late = drafts[1].case_reference
        with service._write() as (conn, _):
            conn.execute(
                "UPDATE cases SET first_concern_at = ? WHERE reference = ?",
                (_ts(now_utc() - timedelta(days=5)), late),
            )
    return service, packet


def capture(out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_style(app)
    ops = Operations()
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        service, packet = prepare_demo(Path(tmp))
        pages = dict(build_supervisor_pages(service, ops))

        def shoot(name: str, page: QWidget, prepare: Callable[[], None] | None = None) -> None:
            page.resize(*size)
            page.show()
            page.refresh()  # type: ignore[attr-defined]
            wait_until(lambda: not ops.is_busy())
            if prepare is not None:
                prepare()
                wait_until(lambda: not ops.is_busy())
            path = out_dir / f"supervisor-{name}.png"
            page.grab().save(str(path))
            shots.append(path)
            print(path)
            page.hide()

        shoot("cases", pages[CASES])
        cases = pages[CASES]

        shoot("cases-filtered", cases, lambda: cases.overdue.setChecked(True))  # type: ignore[attr-defined]
        shoot("review", pages[REVIEW])
        referrals = pages[REFERRALS]

        def choose_late() -> None:
            rows = referrals.rows()  # type: ignore[attr-defined]
            late = next((i for i, r in enumerate(rows) if r.target_passed), 0)
            referrals.table.setCurrentCell(late, 0)  # type: ignore[attr-defined]

        def choose_sent() -> None:
            rows = referrals.rows()  # type: ignore[attr-defined]
            sent = next((i for i, r in enumerate(rows) if r.referral.status == "acknowledged"), 0)
            referrals.table.setCurrentCell(sent, 0)  # type: ignore[attr-defined]

        shoot("referral-target-passed", referrals, choose_late)
        shoot("referral-acknowledged", referrals, choose_sent)
        directory = pages[PARTNERS]

        def ask() -> None:
            directory.service_boxes["service.housing"].setChecked(True)  # type: ignore[attr-defined]
            directory.language.setCurrentIndex(directory.language.findData("ro"))  # type: ignore[attr-defined]
            directory.suggest()  # type: ignore[attr-defined]

        shoot("directory", directory)

        def ask_on_tab() -> None:
            directory.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
            ask()

        shoot("directory-suggestions", directory, ask_on_tab)
        statistics = pages[STATISTICS]
        shoot("statistics", statistics)

        def last_table() -> None:
            sections = statistics.sections  # type: ignore[attr-defined]
            QApplication.processEvents()
            statistics.scroll_area.ensureWidgetVisible(sections[-1], 0, 0)  # type: ignore[attr-defined]

        shoot("statistics-cross-tab", statistics, last_table)
        inbox = pages[INBOX]

        def import_packet() -> None:
            if packet.exists():
                inbox.sender_key.setText(service.public_signing_key())  # type: ignore[attr-defined]
                inbox.import_file(packet)  # type: ignore[attr-defined]

        shoot("inbox", inbox, import_packet)

        def import_damaged() -> None:
            if packet.exists():
                damaged = Path(tmp) / "damaged.fspacket"
                blob = bytearray(packet.read_bytes())
                blob[len(blob) // 2] ^= 0xFF  # one changed byte, as if altered on the way
                damaged.write_bytes(bytes(blob))
                inbox.import_file(damaged)  # type: ignore[attr-defined]

        shoot("inbox-refused", inbox, import_damaged)
        ops.shutdown()
        service.lock()
    return shots


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path("screenshots")
    size = SIZE
    if len(args) > 1:
        width, _, height = args[1].partition("x")
        size = (int(width), int(height))
    capture(out_dir, size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
