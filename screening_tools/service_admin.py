"""Administration use cases: users and roles, the failed-unlock policy, the audit log, backup and
restore. Supervisors manage users and read the audit log; every user can back up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from screening_tools.domain import Role, User
from screening_tools.errors import NotFound, ScreeningError
from screening_tools.service_core import ServiceCore
from screening_tools.vault.audit import AuditAction, AuditEntry, AuditLog, AuditProblem
from screening_tools.vault.repositories import UserRepository


class NotPermitted(ScreeningError):
    pass


@dataclass(frozen=True)
class AuditReport:
    entries: list[AuditEntry]
    problems: list[AuditProblem]

    @property
    def intact(self) -> bool:
        return not self.problems


class AdminUseCases(ServiceCore):
    # -- roles --------------------------------------------------------------------------------

    def _require_role(self, role: Role, action: str) -> None:
        """The core enforces roles; the GUI only hides what a role cannot do."""
        if role is Role.SUPERVISOR and self.current_user.role is not Role.SUPERVISOR:
            raise NotPermitted(f"Only a supervisor can {action}.")

    def can(self, role: Role) -> bool:
        return role is Role.WORKER or self.current_user.role is Role.SUPERVISOR

    # -- users --------------------------------------------------------------------------------

    def users(self) -> list[User]:
        self._require_role(Role.SUPERVISOR, "manage users")
        with self._read() as (conn, _):
            return UserRepository(conn).active()

    def add_user(self, display_name: str, role: Role, passphrase: str) -> User:
        """A new user with their own key slot; the database is not touched beyond the row."""
        self._require_role(Role.SUPERVISOR, "add users")
        self._require_strong(passphrase)
        name = display_name.strip()
        if not name:
            raise ScreeningError("Give the new user a name or role label.")
        with self._write() as (conn, _):
            user = UserRepository(conn).add(name, Role(role))
            self._audit(conn, AuditAction.USER_ADDED, detail={"user_id": user.id, "role": role})
            # Inside the transaction: if the slot cannot be written, the user row rolls back.
            self._unlocked().add_user_slot(user.id, passphrase, self._kdf)
        return user

    def remove_user(self, user_id: int) -> None:
        self._require_role(Role.SUPERVISOR, "remove users")
        if user_id == self.current_user.id:
            raise ScreeningError("You cannot remove yourself; ask another supervisor.")
        with self._write() as (conn, _):
            repo = UserRepository(conn)
            active = repo.active()
            target = next((u for u in active if u.id == user_id), None)
            if target is None:
                raise NotFound("user", str(user_id))
            repo.remove(user_id)
            self._audit(conn, AuditAction.USER_REMOVED, detail={"user_id": user_id})
            self._unlocked().remove_user_slot(user_id)

    # -- failed unlocks -----------------------------------------------------------------------

    def set_destroy_after(self, attempts: int | None) -> None:
        """Off by default. When set, that many wrong passphrases in a row destroy every
        passphrase slot: only the recovery key opens the vault after that."""
        self._require_role(Role.SUPERVISOR, "change the failed-unlock setting")
        if attempts is not None and attempts < 3:
            raise ScreeningError("Allow at least 3 attempts, so a slip of the keyboard is safe.")
        self._unlocked().set_destroy_after(attempts)
        self._audit_now(AuditAction.SETTINGS_CHANGED, detail={"destroy_after": attempts})

    @property
    def destroy_after(self) -> int | None:
        return self._unlocked().destroy_after

    # -- audit --------------------------------------------------------------------------------

    def audit_report(self, limit: int | None = None, offset: int = 0) -> AuditReport:
        self._require_role(Role.SUPERVISOR, "read the audit log")
        with self._read() as (conn, _):
            log = AuditLog(conn)
            return AuditReport(log.entries(limit, offset), log.verify())


class BackupUseCases(AdminUseCases):
    def backup(self, dest: Path) -> dict[str, object]:
        """An encrypted backup of the open vault, verified after writing."""
        from screening_tools.vault.backup import make_backup

        with self._lock:
            vault = self._unlocked()
            assert vault._data_key is not None
            self._audit_now(AuditAction.BACKUP)
            return make_backup(vault, vault._data_key, Path(dest))

    def restore(self, backup: Path, passphrase: str, *, replace: bool = False) -> Path:
        """Restore into this service's vault folder (locked first). A working vault there is
        only replaced when ``replace`` is set, and is then moved aside, not deleted."""
        from screening_tools.vault.backup import restore_backup

        self.lock()
        aside = restore_backup(Path(backup), self.vault_dir, passphrase, replace=replace)
        self.unlock(passphrase)
        self._audit_now(AuditAction.RESTORE)
        return aside
