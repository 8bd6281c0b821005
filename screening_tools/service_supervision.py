"""Supervision use cases: the case list at scale and search, review and sign-off, referral
tracking against the jurisdiction's targets, the partner directory and the packet inbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from screening_tools.domain import CaseSummary, Role
from screening_tools.errors import ExportBlocked, InvalidAnswer, NotFound, ScreeningError
from screening_tools.service_sharing import SharingUseCases
from screening_tools.tracking import ReferralEvent, ReferralStatus, ReferralTrack
from screening_tools.vault.audit import AuditAction
from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import now_utc
from screening_tools.vault.session_repository import SessionRepository
from screening_tools.vault.sharing_repository import SharingRepository
from screening_tools.vault.supervision_repository import (
    CaseFilter,
    Referral,
    SupervisionRepository,
)

if TYPE_CHECKING:
    # Imported where used: loading these (pydantic models, Babel) at start-up delays the
    # unlock window for nothing.
    from screening_tools.directory import Criteria, Directory, Suggestion
    from screening_tools.jurisdiction import Targets
    from screening_tools.stats import StatsReport
    from screening_tools.targets import TargetStatus

REQUIRE_SIGN_OFF = "require_sign_off_before_export"
DIRECTORY = "partner_directory"


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # "screening" | "referral"
    id: int
    case_reference: str
    what: str
    by: str


class SupervisionUseCases(SharingUseCases):
    # -- the case list ------------------------------------------------------------------------

    def case_page(self, filters: CaseFilter, offset: int, limit: int) -> list[CaseSummary]:
        """One page of the case list: the GUI's model asks for pages as the user scrolls."""
        with self._read() as (conn, users):
            return SupervisionRepository(conn, users).page(
                self._with_overdue(filters), offset, limit
            )

    def count_cases(self, filters: CaseFilter) -> int:
        with self._read() as (conn, users):
            return SupervisionRepository(conn, users).count(self._with_overdue(filters))

    def search_cases(self, text: str, limit: int = 50) -> list[CaseSummary]:
        return self.case_page(CaseFilter(search=text), 0, limit)

    def _with_overdue(self, filters: CaseFilter) -> CaseFilter:
        if filters.overdue_before is None:
            return filters
        # "Overdue" means the referral target has passed: first concern older than the target.
        cutoff = now_utc() - timedelta(hours=self._targets().refer_within_hours)
        return CaseFilter(
            filters.search,
            filters.route_id,
            filters.referral_status,
            filters.owner_id,
            cutoff,
            filters.sort,
        )

    # -- review and sign-off ------------------------------------------------------------------

    def submit_for_review(self, screening_id: int) -> None:
        with self._write() as (conn, users):
            self._screening(conn, users, screening_id)
            SupervisionRepository(conn, users).set_review(screening_id, "awaiting", None, None)

    def review_queue(self) -> list[ReviewItem]:
        self._require_role(Role.SUPERVISOR, "review screenings and referrals")
        with self._read() as (conn, users):
            repo = SupervisionRepository(conn, users)
            items = [
                ReviewItem("screening", sid, ref, instrument, by)
                for sid, ref, instrument, by in repo.screenings_awaiting()
            ]
            items += [
                ReviewItem(
                    "referral",
                    r.id,
                    r.case_reference,
                    f"{r.route_id} → {r.recipient_id}",
                    r.created_by,
                )
                for r in repo.referrals(status=ReferralStatus.DRAFT.value)
            ]
            return items

    def review_screening(self, screening_id: int, *, approve: bool, comment: str = "") -> None:
        self._require_role(Role.SUPERVISOR, "sign off a screening")
        if not approve and not comment.strip():
            raise InvalidAnswer("Say what needs changing when you return a screening.")
        with self._write() as (conn, users):
            self._screening(conn, users, screening_id)
            SupervisionRepository(conn, users).set_review(
                screening_id,
                "signed_off" if approve else "returned",
                self.current_user.id,
                comment.strip() or None,
            )
            self._audit(
                conn,
                AuditAction.SIGN_OFF,
                f"screening:{screening_id}",
                {"approved": approve},
            )

    def screening_review(self, screening_id: int) -> tuple[str, str | None]:
        with self._read() as (conn, users):
            return SupervisionRepository(conn, users).review_of(screening_id)

    # -- referrals ----------------------------------------------------------------------------

    def set_require_sign_off(self, required: bool) -> None:
        """Organisation setting: no packet export without a signed-off draft referral."""
        self._require_role(Role.SUPERVISOR, "change the sign-off setting")
        with self._write() as (conn, users):
            SharingRepository(conn, users).set_setting(REQUIRE_SIGN_OFF, "1" if required else "0")
            self._audit(conn, AuditAction.SETTINGS_CHANGED, detail={REQUIRE_SIGN_OFF: required})

    def require_sign_off(self) -> bool:
        with self._read() as (conn, users):
            return SharingRepository(conn, users).get_setting(REQUIRE_SIGN_OFF) == "1"

    def draft_referral(self, reference: str, route_id: str, recipient_id: str) -> Referral:
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            track = ReferralTrack.new(now_utc(), self.current_user.display_name)
            repo = SupervisionRepository(conn, users)
            referral_id = repo.add_referral(
                case.id, route_id, recipient_id, track, self.current_user.id
            )
            referral = repo.referral(referral_id)
            assert referral is not None
            return referral

    def referrals(self, reference: str | None = None, status: str | None = None) -> list[Referral]:
        with self._read() as (conn, users):
            case_id = self._case(conn, users, reference).id if reference else None
            return SupervisionRepository(conn, users).referrals(case_id=case_id, status=status)

    def update_referral(
        self,
        referral_id: int,
        status: ReferralStatus,
        *,
        note: str | None = None,
        extension_until: date | None = None,
        curtailed: bool = False,
    ) -> Referral:
        status = ReferralStatus(status)
        if status in (ReferralStatus.SIGNED_OFF,) or (status is ReferralStatus.DRAFT and note):
            self._require_role(Role.SUPERVISOR, "sign off or return a referral")
        with self._write() as (conn, users):
            repo = SupervisionRepository(conn, users)
            referral = repo.referral(referral_id)
            if referral is None:
                raise NotFound("referral", str(referral_id))
            track = ReferralTrack.from_json(referral.track.to_json())
            track.apply(
                ReferralEvent(
                    status,
                    now_utc(),
                    self.current_user.display_name,
                    note,
                    extension_until,
                    curtailed,
                )
            )
            repo.save_referral(
                referral_id, track, comment=note if status is ReferralStatus.DRAFT else None
            )
            self._audit(
                conn,
                AuditAction.SIGN_OFF
                if status is ReferralStatus.SIGNED_OFF
                else AuditAction.REFERRAL_CHANGED,
                referral.case_reference,
                {"referral": referral_id, "status": status.value},
            )
            updated = repo.referral(referral_id)
            assert updated is not None
            return updated

    def referral_targets(self, referral_id: int, now: datetime | None = None) -> list[TargetStatus]:
        with self._read() as (conn, users):
            referral = SupervisionRepository(conn, users).referral(referral_id)
            if referral is None:
                raise NotFound("referral", str(referral_id))
            first = SessionRepository(conn, users).first_concern_at(referral.case_id)
        from screening_tools.targets import targets_for

        return targets_for(referral.track, first, self._targets(), now or now_utc())

    def _export_precondition(self, reference: str, route_id: str, recipient_id: str) -> int | None:
        """When the organisation requires sign-off, only a signed-off draft referral for this
        route and recipient can be exported."""
        for referral in self.referrals(reference, ReferralStatus.SIGNED_OFF.value):
            if referral.route_id == route_id and referral.recipient_id == recipient_id:
                return referral.id
        if self.require_sign_off():
            raise ExportBlocked(
                "your organisation requires a supervisor's sign-off before any export.",
                "Draft the referral and ask a supervisor to sign it off.",
            )
        return None

    def _export_done(
        self, conn: Connection, users: dict[int, str], referral_id: int | None, packet_id: str
    ) -> None:
        """In the export's own transaction: the signed-off referral becomes "sent"."""
        if referral_id is None:
            return
        repo = SupervisionRepository(conn, users)
        referral = repo.referral(referral_id)
        assert referral is not None
        track = ReferralTrack.from_json(referral.track.to_json())
        track.apply(ReferralEvent(ReferralStatus.SENT, now_utc(), self.current_user.display_name))
        repo.save_referral(referral_id, track, packet_id=packet_id)

    def _targets(self) -> Targets:
        from screening_tools.jurisdiction import get_jurisdiction

        return get_jurisdiction(self.organisation().jurisdiction_id).targets


class DirectoryAndInboxUseCases(SupervisionUseCases):
    # -- partner directory --------------------------------------------------------------------

    def partner_directory(self) -> Directory:
        from screening_tools.directory import Directory, parse_directory

        with self._read() as (conn, users):
            stored = SharingRepository(conn, users).get_setting(DIRECTORY)
        if stored is None:
            return Directory(version="1", partners=[])
        return parse_directory(stored, "json", "the vault's partner directory")

    def import_directory(self, path: Path) -> Directory:
        """Replace the directory with a file's (validated first; a bad file changes nothing)."""
        from screening_tools.directory import dump_directory, load_directory

        self._require_role(Role.SUPERVISOR, "manage the partner directory")
        directory = load_directory(Path(path))
        with self._write() as (conn, users):
            SharingRepository(conn, users).set_setting(DIRECTORY, dump_directory(directory, "json"))
            self._audit(
                conn, AuditAction.SETTINGS_CHANGED, detail={"directory": len(directory.partners)}
            )
        return directory

    def export_directory(self, fmt: str = "yaml") -> str:
        from screening_tools.directory import dump_directory

        self._require_role(Role.SUPERVISOR, "manage the partner directory")
        return dump_directory(self.partner_directory(), "json" if fmt == "json" else "yaml")

    def suggest_partners(self, criteria: Criteria) -> list[Suggestion]:
        from screening_tools.directory import suggest

        return suggest(self.partner_directory(), criteria, now_utc().date())

    # -- packet inbox -------------------------------------------------------------------------

    def import_packet(
        self,
        path: Path,
        *,
        sender_key: str | None = None,
        identity: str | None = None,
        passphrase: str | None = None,
    ) -> dict[str, object]:
        """Verify (and decrypt) a packet from a field laptop, then track it like a referral.
        A packet that fails verification is refused, with the report."""
        from screening_tools.referral.json_part import parse_packet_json
        from screening_tools.referral.manifest import PART_JSON
        from screening_tools.referral.packet_file import decrypt, is_encrypted
        from screening_tools.referral.verify import verify_packet

        self._require_role(Role.SUPERVISOR, "import packets")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise ScreeningError(f"Cannot read {path}: {exc.strerror}.") from None
        report = verify_packet(
            data, sender_key=sender_key, identity=identity, passphrase=passphrase
        )
        if not report.ok:
            failed = ", ".join(report.failed_parts)
            raise ScreeningError(f"The packet did not verify ({failed}); it was not imported.")
        if is_encrypted(data):
            data = decrypt(data, identity=identity, passphrase=passphrase)
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content_json = archive.read(PART_JSON)
        content = parse_packet_json(content_json)
        track = ReferralTrack.new(now_utc(), self.current_user.display_name)
        track.apply(ReferralEvent(ReferralStatus.SIGNED_OFF, now_utc(), "sender"))
        track.apply(ReferralEvent(ReferralStatus.SENT, now_utc(), "sender"))
        with self._write() as (conn, users):
            inbox_id = SupervisionRepository(conn, users).add_inbox(
                content.packet_id,
                self.current_user.id,
                report.signer_key_id,
                report.sender_confirmed,
                report.to_json(),
                content_json.decode("utf-8"),
                track,
            )
            self._audit(
                conn,
                AuditAction.PACKET_IMPORTED,
                detail={"packet": content.packet_id, "sender_confirmed": report.sender_confirmed},
            )
        return {"id": inbox_id, "packet_id": content.packet_id, "report": report.to_json()}

    def inbox(self) -> list[dict[str, object]]:
        self._require_role(Role.SUPERVISOR, "read the packet inbox")
        with self._read() as (conn, users):
            return [
                {k: v for k, v in item.items() if k != "content"}
                for item in SupervisionRepository(conn, users).inbox()
            ]

    def update_inbox(self, inbox_id: int, status: ReferralStatus, note: str | None = None) -> None:
        self._require_role(Role.SUPERVISOR, "track imported packets")
        with self._write() as (conn, users):
            repo = SupervisionRepository(conn, users)
            item = next((i for i in repo.inbox() if i["id"] == inbox_id), None)
            if item is None:
                raise NotFound("imported packet", str(inbox_id))
            track = item["track"]
            assert isinstance(track, ReferralTrack)
            track.apply(
                ReferralEvent(
                    ReferralStatus(status), now_utc(), self.current_user.display_name, note
                )
            )
            repo.save_inbox_track(inbox_id, track)


class StatisticsUseCases(DirectoryAndInboxUseCases):
    def statistics(
        self,
        *,
        period_start: str | None = None,
        period_end: str | None = None,
        granularity: str = "month",
        threshold: int = 5,
    ) -> StatsReport:
        """De-identified counts with small-cell suppression (supervisors only)."""
        from screening_tools.stats import Granularity, build_report, period_of
        from screening_tools.vault.stats_repository import stat_records

        self._require_role(Role.SUPERVISOR, "produce statistics")
        now = now_utc()
        grain = Granularity(granularity)
        with self._read() as (conn, _):
            records = stat_records(conn, grain, self._targets().refer_within_hours, now)
        start = period_start or min((r.period for r in records), default=period_of(now, grain))
        end = period_end or period_of(now, grain)
        records = [r for r in records if start <= r.period <= end]
        return build_report(
            records,
            organisation=self.organisation().name or "(organisation not set)",
            period_start=start,
            period_end=end,
            generated_at=now,
            threshold=threshold,
        )
