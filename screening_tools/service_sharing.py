"""Sharing use cases: organisation settings, consent, other legal bases, and the one export path.

``export_packet`` is the only way anything about a person leaves the vault. It decides the
basis at the moment of export (``referral.gate``), gathers only the covered categories,
renders and signs the parts, writes the file atomically (encrypted in memory first when asked),
and logs the export (recipient, categories, basis, file hash) in the same transaction.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screening_tools.domain import Role
from screening_tools.errors import ExportBlocked, InvalidAnswer, NotFound
from screening_tools.flow import Route, route_for_age
from screening_tools.referral.manifest import public_key_text, sha256_hex
from screening_tools.service_admin import BackupUseCases
from screening_tools.vault.audit import AuditAction
from screening_tools.vault.connection import Connection
from screening_tools.vault.repositories import (
    CaseRepository,
    NoteRepository,
    ScreeningRepository,
    now_utc,
)
from screening_tools.vault.session_repository import SessionRepository
from screening_tools.vault.sharing_repository import (
    ExportEntry,
    SharingException,
    SharingRepository,
)

if TYPE_CHECKING:
    # Imported where used (pydantic models, ReportLab, the jurisdiction packs): none of it is
    # needed to show the unlock window, so start-up does not pay for it.
    from screening_tools.consent import (
        ConsentDecision,
        ConsentGiver,
        ConsentMethod,
        ConsentRecord,
        ConsentScope,
    )
    from screening_tools.referral.gate import ExportDecision
    from screening_tools.referral.model import PacketContent

DEFAULT_JURISDICTION = "generic"


@dataclass(frozen=True)
class Organisation:
    name: str
    contact: str
    jurisdiction_id: str


@dataclass(frozen=True)
class ExportOption:
    route_id: str
    route_label: str
    recipient_id: str
    recipient_name: str
    basis: str
    available: bool
    reason: str  # why not, and what would unblock it; empty when available
    involves_police: bool


@dataclass(frozen=True)
class ExportResult:
    path: Path
    file_sha256: str
    content: PacketContent
    parts: dict[str, int]  # part name -> size in bytes
    encrypted: bool
    timings: dict[str, float]


class SharingUseCases(BackupUseCases):
    # -- settings -----------------------------------------------------------------------------

    def organisation(self) -> Organisation:
        with self._read() as (conn, users):
            repo = SharingRepository(conn, users)
            return Organisation(
                repo.get_setting("organisation_name") or "",
                repo.get_setting("organisation_contact") or "",
                repo.get_setting("jurisdiction_id") or DEFAULT_JURISDICTION,
            )

    def set_organisation(self, *, name: str, contact: str, jurisdiction_id: str) -> None:
        from screening_tools.jurisdiction import get_jurisdiction

        get_jurisdiction(jurisdiction_id)  # refuses an unknown pack
        self._require_role(Role.SUPERVISOR, "change the organisation settings")
        with self._write() as (conn, users):
            repo = SharingRepository(conn, users)
            repo.set_setting("organisation_name", name.strip())
            repo.set_setting("organisation_contact", contact.strip())
            repo.set_setting("jurisdiction_id", jurisdiction_id)
            self._audit(
                conn, AuditAction.SETTINGS_CHANGED, detail={"jurisdiction": jurisdiction_id}
            )

    def public_signing_key(self) -> str:
        return public_key_text(self._signing_key().public_key())

    # -- consent and other bases --------------------------------------------------------------

    def record_consent(
        self,
        reference: str,
        *,
        decision: ConsentDecision,
        given_by: ConsentGiver,
        method: ConsentMethod,
        language: str,
        interpreter: str,
        scope: ConsentScope,
        giver_role: str | None = None,
        witness: str | None = None,
        expires_at: datetime | None = None,
    ) -> ConsentRecord:
        from screening_tools.consent import ConsentRecord

        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            delivered = self._script_delivered(conn, users, case.id)
            record = ConsentRecord(
                case_reference=case.reference,
                decision=decision,
                given_by=given_by,
                giver_role=giver_role,
                obtained_by=self.current_user.display_name,
                obtained_at=now_utc(),
                method=method,
                language=language,
                interpreter=interpreter,
                witness=(witness or "").strip() or None,
                confidentiality_script_delivered=delivered,
                scope=scope,
                fingerprint=scope.fingerprint(),
                expires_at=expires_at,
            )
            stored = SharingRepository(conn, users).add_consent(
                case.id, record, self.current_user.id
            )
            CaseRepository(conn, users).touch(case.id)
            self._audit(
                conn,
                AuditAction.CONSENT_RECORDED,
                case.reference,
                {
                    "consent": stored.id,
                    "decision": decision.value,
                    "fingerprint": record.fingerprint,
                },
            )
            return stored

    def withdraw_consent(self, reference: str, consent_id: int) -> None:
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            repo = SharingRepository(conn, users)
            if consent_id not in {c.id for c in repo.consents(case.id)}:
                raise NotFound("consent record", str(consent_id))
            repo.withdraw_consent(consent_id, self.current_user.id)
            self._audit(
                conn, AuditAction.CONSENT_WITHDRAWN, case.reference, {"consent": consent_id}
            )

    def consents(self, reference: str) -> list[ConsentRecord]:
        with self._read() as (conn, users):
            case = self._case(conn, users, reference)
            return SharingRepository(conn, users).consents(case.id)

    def record_child_views(self, reference: str, views: str) -> SharingException:
        text = views.strip()
        if not text:
            raise InvalidAnswer(
                "Write down the child's views, or that they did not wish to give them."
            )
        return self._add_exception(reference, "child_protection", text)

    def request_safeguarding_exception(
        self, reference: str, justification: str
    ) -> SharingException:
        text = justification.strip()
        if len(text) < 20:
            raise InvalidAnswer(
                "Write the justification in full: what serious risk of harm makes sharing "
                "without consent necessary."
            )
        return self._add_exception(reference, "safeguarding_exception", text)

    def sign_off_exception(self, reference: str, exception_id: int) -> None:
        self._require_role(Role.SUPERVISOR, "sign off a safeguarding exception")
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            repo = SharingRepository(conn, users)
            match = [e for e in repo.exceptions(case.id) if e.id == exception_id]
            if not match or match[0].kind != "safeguarding_exception":
                raise NotFound("safeguarding exception", str(exception_id))
            repo.sign_off(exception_id, self.current_user.id)
            self._audit(conn, AuditAction.SIGN_OFF, case.reference, {"exception": exception_id})

    def sharing_exceptions(self, reference: str) -> list[SharingException]:
        with self._read() as (conn, users):
            case = self._case(conn, users, reference)
            return SharingRepository(conn, users).exceptions(case.id)

    def export_log(self, reference: str) -> list[ExportEntry]:
        with self._read() as (conn, users):
            case = self._case(conn, users, reference)
            return SharingRepository(conn, users).exports(case.id)

    # -- export -------------------------------------------------------------------------------

    def export_options(self, reference: str) -> list[ExportOption]:
        """Every route and recipient of the jurisdiction, with why each is blocked or not."""
        from screening_tools.jurisdiction import get_jurisdiction
        from screening_tools.routing import recipients_for

        pack = get_jurisdiction(self.organisation().jurisdiction_id)
        options = []
        for route in pack.routes:
            for recipient in recipients_for(pack, route):
                try:
                    self._decide(reference, route.id, recipient.id)
                    available, reason = True, ""
                except ExportBlocked as exc:
                    available, reason = False, f"{exc.reason}. {exc.unblock}"
                options.append(
                    ExportOption(
                        route.id,
                        route.label,
                        recipient.id,
                        recipient.name,
                        route.basis.value,
                        available,
                        reason,
                        route.involves_police,
                    )
                )
        return options

    def preview_packet(
        self, reference: str, route_id: str, recipient_id: str, *, language: str | None = None
    ) -> tuple[PacketContent, bytes]:
        """The PDF as it would be sent, rendered in memory (never to a temp file)."""
        from screening_tools.referral.pdf import render_packet_pdf

        content = self._content(reference, route_id, recipient_id, language)
        return content, render_packet_pdf(content)

    def export_packet(
        self,
        reference: str,
        route_id: str,
        recipient_id: str,
        out_path: Path,
        *,
        language: str | None = None,
        encrypt_to: str | None = None,
        passphrase: str | None = None,
        overwrite: bool = False,
    ) -> ExportResult:
        from screening_tools.referral import builder, packet_file

        self._require_role(Role.SUPERVISOR, "export a referral packet")
        started = time.perf_counter()
        pending = self._export_precondition(reference, route_id, recipient_id)
        key = self._signing_key()
        with self._write() as (conn, users):
            # Decide and gather inside the write transaction: nothing can change the basis
            # between the check and the log entry.
            content, case_id, decision = self._content_in(
                conn, users, reference, route_id, recipient_id, language
            )
            built = builder.seal(content, key, encrypt_to=encrypt_to, passphrase=passphrase)
            out = Path(out_path)
            packet_file.write_atomic(out, built.data, overwrite=overwrite)
            digest = sha256_hex(built.data)
            try:
                SharingRepository(conn, users).log_export(
                    case_id,
                    ExportEntry(
                        0,
                        content.packet_id,
                        recipient_id,
                        route_id,
                        decision.basis.value,
                        decision.basis_id,
                        [c.value for c in content.categories_shared],
                        digest,
                        bool(encrypt_to or passphrase),
                        content.created_at,
                        self.current_user.display_name,
                    ),
                    self.current_user.id,
                )
                self._audit(
                    conn,
                    AuditAction.EXPORT,
                    reference,
                    {
                        "recipient": recipient_id,
                        "route": route_id,
                        "basis": decision.basis_id,
                        "categories": [c.value for c in content.categories_shared],
                        "sha256": digest,
                        "packet": content.packet_id,
                    },
                )
                self._export_done(conn, users, pending, content.packet_id)
            except BaseException:
                # No log entry, no packet: a file that was never recorded must not remain.
                with contextlib.suppress(OSError):
                    out.unlink()
                raise
        built.timings["total"] = time.perf_counter() - started
        return ExportResult(
            out,
            digest,
            content,
            {name: len(data) for name, data in built.parts.items()},
            bool(encrypt_to or passphrase),
            built.timings,
        )

    def _export_precondition(self, reference: str, route_id: str, recipient_id: str) -> int | None:
        """Hook for supervision (sign-off required before export); nothing by default."""
        return None

    def _export_done(
        self, conn: Connection, users: dict[int, str], referral_id: int | None, packet_id: str
    ) -> None:
        """Hook for supervision, inside the export's transaction; nothing by default."""

    @staticmethod
    def person_copy_pdf(content: PacketContent) -> bytes:
        from screening_tools.referral.pdf import render_person_copy

        return render_person_copy(content)

    # -- internals ----------------------------------------------------------------------------

    def _decide(self, reference: str, route_id: str, recipient_id: str) -> ExportDecision:
        with self._read() as (conn, users):
            return self._decision_in(conn, users, reference, route_id, recipient_id)[0]

    def _content(
        self, reference: str, route_id: str, recipient_id: str, language: str | None
    ) -> PacketContent:
        with self._read() as (conn, users):
            return self._content_in(conn, users, reference, route_id, recipient_id, language)[0]

    def _decision_in(
        self,
        conn: Connection,
        users: dict[int, str],
        reference: str,
        route_id: str,
        recipient_id: str,
    ) -> tuple[ExportDecision, int, Route]:
        from screening_tools.jurisdiction import get_jurisdiction
        from screening_tools.routing import recipients_for

        case = self._case(conn, users, reference)
        pack = get_jurisdiction(self._setting(conn, users, "jurisdiction_id"))
        route = next((r for r in pack.routes if r.id == route_id), None)
        if route is None:
            raise NotFound("route", route_id)
        if recipient_id not in {r.id for r in recipients_for(pack, route)}:
            raise ExportBlocked(
                f"{recipient_id!r} is not a recipient on this route",
                "Choose a recipient listed for the route.",
            )
        sessions = SessionRepository(conn, users)
        sharing = SharingRepository(conn, users)
        age_route = route_for_age(sessions.age_status(case.id))
        from screening_tools.referral.gate import decide

        decision = decide(
            pack=pack,
            route=route,
            recipient_id=recipient_id,
            age_route=age_route,
            consents=sharing.consents(case.id),
            exceptions=sharing.exceptions(case.id),
            now=now_utc(),
        )
        return decision, case.id, age_route

    def _content_in(
        self,
        conn: Connection,
        users: dict[int, str],
        reference: str,
        route_id: str,
        recipient_id: str,
        language: str | None,
    ) -> tuple[PacketContent, int, ExportDecision]:
        from screening_tools.content.loader import get_instrument
        from screening_tools.jurisdiction import get_jurisdiction

        decision, case_id, _ = self._decision_in(conn, users, reference, route_id, recipient_id)
        pack = get_jurisdiction(self._setting(conn, users, "jurisdiction_id"))
        route = next(r for r in pack.routes if r.id == route_id)
        recipient = next(r for r in pack.recipients if r.id == recipient_id)
        case = CaseRepository(conn, users).by_id(case_id)
        assert case is not None
        sessions = SessionRepository(conn, users)
        screenings = ScreeningRepository(conn, users).for_case(case_id)
        flows = [sessions.load_flow(s.id) for s in screenings]
        languages = [f.state.interpreter_language for f in flows if f.state.interpreter_language]
        interpreters = [f.state.interpreter.value for f in flows if f.state.interpreter]
        from screening_tools.domain import CaseDetail

        detail = CaseDetail(
            case,
            screenings,
            NoteRepository(conn, users).for_case(case_id),
            age_status=sessions.age_status(case_id).value,
        )
        org_name = self._setting(conn, users, "organisation_name", "")
        org_contact = self._setting(conn, users, "organisation_contact", "")
        lang = language or (recipient.languages[0] if recipient.languages else "en")
        from screening_tools.referral import builder
        from screening_tools.referral.model import Party

        content = builder.gather(
            builder.PacketInputs(
                detail,
                {s.id: sessions.responses(s.id) for s in screenings},
                languages[-1] if languages else None,
                interpreters[-1] if interpreters else None,
                get_instrument,
            ),
            decision,
            referrer=Party(
                id="referrer",
                name=self.current_user.display_name,
                organisation=org_name or None,
                role=self.current_user.role.value,
                contact=org_contact or None,
            ),
            recipient=Party(
                id=recipient.id,
                name=recipient.name,
                organisation=None,
                role=recipient.type.value,
                contact=recipient.contact,
                language=lang,
            ),
            route=builder.RouteInfo(route.id, route.label, pack.id, pack.name),
            language=lang,
            how_to_withdraw=(
                f"Tell {org_name or 'the organisation that referred you'}"
                f"{f' ({org_contact})' if org_contact else ''} at any time that you no longer "
                "agree. Nothing more will be shared after that."
            ),
            now=now_utc(),
        )
        return content, case_id, decision

    def _add_exception(self, reference: str, kind: str, text: str) -> SharingException:
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            record = SharingRepository(conn, users).add_exception(
                case.id, kind, text, self.current_user.id
            )
            self._audit(
                conn,
                AuditAction.EXCEPTION_RECORDED,
                case.reference,
                {"id": record.id, "kind": kind},
            )
            return record

    def _script_delivered(self, conn: Connection, users: dict[int, str], case_id: int) -> bool:
        sessions = SessionRepository(conn, users)
        screenings = ScreeningRepository(conn, users).for_case(case_id)
        return any(sessions.load_flow(s.id).state.confidentiality_delivered_at for s in screenings)

    def _signing_key(self) -> Ed25519PrivateKey:
        # Made on first use and kept inside the vault (encrypted like everything else).
        with self._write() as (conn, users):
            repo = SharingRepository(conn, users)
            stored = repo.get_setting("signing_key")
            if stored is None:
                key = Ed25519PrivateKey.generate()
                from cryptography.hazmat.primitives.serialization import (
                    Encoding,
                    NoEncryption,
                    PrivateFormat,
                )

                raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
                repo.set_setting("signing_key", raw.hex())
                return key
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))

    @staticmethod
    def _setting(conn: Connection, users: dict[int, str], key: str, default: str = "") -> str:
        value = SharingRepository(conn, users).get_setting(key)
        if value is None and key == "jurisdiction_id":
            return DEFAULT_JURISDICTION
        return value if value is not None else default
