"""The façade: one method per use case. The GUI and the CLI call only this module.

Thread safety: the GUI calls these methods from one background worker thread; a lock still
guards the connection so a stray call from another thread cannot interleave a transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from screening_tools import passphrase as passphrase_policy
from screening_tools.content import Instrument
from screening_tools.domain import (
    Answer,
    AnswerState,
    Case,
    CaseDetail,
    CaseSummary,
    GroupSummary,
    Note,
    Screening,
    ScreeningSummary,
    User,
)
from screening_tools.errors import (
    InvalidAnswer,
    NotFound,
    ScreeningError,
    VaultLocked,
    WeakPassphrase,
)
from screening_tools.passphrase import PassphraseStrength
from screening_tools.vault import KdfParams, Vault, vault_exists
from screening_tools.vault.connection import Connection, transaction
from screening_tools.vault.repositories import (
    CaseRepository,
    NoteRepository,
    ScreeningRepository,
    UserRepository,
)

MAX_NOTE_LENGTH = 20_000


class ScreeningService:
    def __init__(self, vault_dir: Path, *, kdf: KdfParams | None = None) -> None:
        self.vault_dir = Path(vault_dir)
        self._kdf = kdf
        self._vault: Vault | None = None
        self._lock = threading.RLock()

    # -- vault lifecycle ------------------------------------------------------------------

    def vault_exists(self) -> bool:
        return vault_exists(self.vault_dir)

    @staticmethod
    def passphrase_strength(passphrase: str) -> PassphraseStrength:
        return passphrase_policy.assess(passphrase)

    def create_vault(self, passphrase: str, user_name: str = "Vault owner") -> str:
        """Create the vault, leave it unlocked, and return the one-time recovery key."""
        self._require_strong(passphrase)
        name = user_name.strip() or "Vault owner"
        with self._lock:
            created = Vault.create(self.vault_dir, passphrase, name, self._kdf)
            self._replace_vault(created.vault)
            return created.recovery_key

    def unlock(self, passphrase: str) -> User:
        with self._lock:
            vault = Vault.unlock(self.vault_dir, passphrase)
            self._replace_vault(vault)
            return vault.user

    def unlock_with_recovery_key(self, recovery_key: str, new_passphrase: str) -> User:
        self._require_strong(new_passphrase)
        with self._lock:
            vault = Vault.unlock_with_recovery_key(
                self.vault_dir, recovery_key, new_passphrase, self._kdf
            )
            self._replace_vault(vault)
            return vault.user

    def change_passphrase(self, old: str, new: str) -> None:
        self._require_strong(new)
        with self._lock:
            self._unlocked().change_passphrase(old, new, self._kdf)

    def lock(self) -> None:
        with self._lock:
            if self._vault is not None:
                self._vault.close()
                self._vault = None

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    @property
    def current_user(self) -> User:
        return self._unlocked().user

    # -- instruments ----------------------------------------------------------------------

    def instruments(self) -> list[Instrument]:
        from screening_tools.content.loader import bundled_instruments

        return bundled_instruments()

    def instrument(self, instrument_id: str) -> Instrument:
        from screening_tools.content.loader import get_instrument

        return get_instrument(instrument_id)

    # -- cases ----------------------------------------------------------------------------

    def new_case(self, *, name: str | None = None, contact: str | None = None) -> Case:
        with self._write() as (conn, users):
            return CaseRepository(conn, users).add(
                self.current_user.id, _clean(name), _clean(contact)
            )

    def list_cases(self, limit: int | None = None, offset: int = 0) -> list[CaseSummary]:
        with self._read() as (conn, users):
            return CaseRepository(conn, users).summaries(limit, offset)

    def open_case(self, reference: str) -> CaseDetail:
        with self._read() as (conn, users):
            case = self._case(conn, users, reference)
            return CaseDetail(
                case,
                ScreeningRepository(conn, users).for_case(case.id),
                NoteRepository(conn, users).for_case(case.id),
            )

    # -- screening ------------------------------------------------------------------------

    def start_screening(self, reference: str, instrument_id: str) -> Screening:
        instrument = self.instrument(instrument_id)
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            screening = ScreeningRepository(conn, users).add(
                case.id, instrument.id, instrument.version, self.current_user.id
            )
            CaseRepository(conn, users).touch(case.id)
            return screening

    def record_answer(self, screening_id: int, item_id: str, state: AnswerState) -> Answer:
        state = AnswerState(state)
        with self._write() as (conn, users):
            repo = ScreeningRepository(conn, users)
            screening = repo.get(screening_id)
            if screening is None:
                raise NotFound("screening", str(screening_id))
            instrument = self.instrument(screening.instrument_id)
            if instrument.item(item_id) is None:
                raise InvalidAnswer(
                    f"The item {item_id!r} is not part of {instrument.title}; nothing was saved."
                )
            answer = repo.set_answer(screening_id, item_id, state, self.current_user.id)
            CaseRepository(conn, users).touch(screening.case_id)
            return answer

    def add_note(self, reference: str, body: str, screening_id: int | None = None) -> Note:
        text = body.strip()
        if not text:
            raise InvalidAnswer("The note is empty; nothing was saved.")
        if len(text) > MAX_NOTE_LENGTH:
            raise InvalidAnswer(
                f"The note is longer than {MAX_NOTE_LENGTH} characters; shorten it and save again."
            )
        with self._write() as (conn, users):
            case = self._case(conn, users, reference)
            if screening_id is not None:
                screening = ScreeningRepository(conn, users).get(screening_id)
                if screening is None or screening.case_id != case.id:
                    raise NotFound("screening", str(screening_id))
            note = NoteRepository(conn, users).add(case.id, text, self.current_user.id, screening_id)
            CaseRepository(conn, users).touch(case.id)
            return note

    def screening_summary(self, screening_id: int) -> ScreeningSummary:
        with self._read() as (conn, users):
            screening = ScreeningRepository(conn, users).get(screening_id)
            if screening is None:
                raise NotFound("screening", str(screening_id))
            case = CaseRepository(conn, users).by_id(screening.case_id)
            assert case is not None
        instrument = self.instrument(screening.instrument_id)
        groups = []
        for group in instrument.groups:
            buckets: dict[AnswerState, list[str]] = {s: [] for s in AnswerState}
            for item in group.items:
                answer = screening.answers.get(item.id)
                buckets[answer.state if answer else AnswerState.NOT_ASSESSED].append(item.id)
            groups.append(
                GroupSummary(
                    group.id,
                    group.title,
                    observed=buckets[AnswerState.OBSERVED],
                    disclosed=buckets[AnswerState.DISCLOSED],
                    not_present=buckets[AnswerState.NOT_PRESENT],
                    prefer_not_to_say=buckets[AnswerState.PREFER_NOT_TO_SAY],
                    not_assessed=buckets[AnswerState.NOT_ASSESSED],
                )
            )
        return ScreeningSummary(
            screening.id,
            case.reference,
            instrument.id,
            instrument.version,
            groups,
            instrument.caveat or "",
            list(instrument.next_steps),
        )

    # -- internals ------------------------------------------------------------------------

    def _require_strong(self, passphrase: str) -> None:
        strength = passphrase_policy.assess(passphrase)
        if not strength.acceptable:
            raise WeakPassphrase(strength.advice)

    def _replace_vault(self, vault: Vault) -> None:
        if self._vault is not None:
            self._vault.close()
        self._vault = vault

    def _unlocked(self) -> Vault:
        if self._vault is None or self._vault.conn is None:
            raise VaultLocked()
        return self._vault

    @contextmanager
    def _read(self) -> Iterator[tuple[Connection, dict[int, str]]]:
        with self._lock:
            vault = self._unlocked()
            assert vault.conn is not None
            yield vault.conn, UserRepository(vault.conn).display_names()

    @contextmanager
    def _write(self) -> Iterator[tuple[Connection, dict[int, str]]]:
        with self._lock:
            vault = self._unlocked()
            assert vault.conn is not None
            with transaction(vault.conn, vault.db_path) as conn:
                yield conn, UserRepository(conn).display_names()

    @staticmethod
    def _case(conn: Connection, users: dict[int, str], reference: str) -> Case:
        case = CaseRepository(conn, users).by_reference(reference.strip())
        if case is None:
            raise NotFound("case", reference)
        return case


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


__all__ = ["ScreeningError", "ScreeningService"]
