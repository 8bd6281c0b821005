"""Numbered schema migrations, each applied in one transaction with the version in the database.

Never edit a migration that has shipped: add the next number. ``PRAGMA user_version`` holds the
version and changes inside the same transaction as the schema, so a crash leaves either the old
schema with the old number or the new schema with the new number.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening_tools.vault.connection import Connection

_ANSWER_STATES = "('not_assessed','observed','disclosed','not_present','prefer_not_to_say')"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "core tables: users, cases, screenings, answers, notes",
        (
            """CREATE TABLE meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) STRICT""",
            """CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('worker', 'supervisor')),
                created_at TEXT NOT NULL
            ) STRICT""",
            """CREATE TABLE cases (
                id INTEGER PRIMARY KEY,
                reference TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id),
                name TEXT,
                contact TEXT
            ) STRICT""",
            """CREATE TABLE screenings (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                instrument_id TEXT NOT NULL,
                instrument_version TEXT NOT NULL,
                started_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                recorded_by INTEGER NOT NULL REFERENCES users(id)
            ) STRICT""",
            f"""CREATE TABLE answers (
                screening_id INTEGER NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
                item_id TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN {_ANSWER_STATES}),
                recorded_at TEXT NOT NULL,
                recorded_by INTEGER NOT NULL REFERENCES users(id),
                PRIMARY KEY (screening_id, item_id)
            ) STRICT""",
            """CREATE TABLE notes (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                screening_id INTEGER REFERENCES screenings(id) ON DELETE SET NULL,
                body TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id)
            ) STRICT""",
        ),
    ),
    Migration(
        2,
        "indexes for the case list and case view",
        (
            "CREATE INDEX cases_by_updated ON cases(updated_at DESC, id DESC)",
            "CREATE INDEX screenings_by_case ON screenings(case_id, started_at)",
            "CREATE INDEX notes_by_case ON notes(case_id, created_at)",
        ),
    ),
    Migration(
        3,
        "screening flow: session state, age route, responses, safeguarding tasks, target clock",
        (
            # The flow's own state (safety check, script delivered, interpreter, agreement to
            # notes), as JSON, so a session can pause and resume where it stopped.
            "ALTER TABLE screenings ADD COLUMN flow_state TEXT",
            "ALTER TABLE cases ADD COLUMN age_status TEXT NOT NULL DEFAULT 'unknown'"
            " CHECK (age_status IN ('adult', 'child', 'unknown', 'disputed'))",
            # The first recorded concern starts the referral target clock.
            "ALTER TABLE cases ADD COLUMN first_concern_at TEXT",
            "ALTER TABLE notes ADD COLUMN kind TEXT NOT NULL DEFAULT 'observation'"
            " CHECK (kind IN ('observation', 'disclosure'))",
            # Answers to checklist, multi-select and script instruments within a session.
            """CREATE TABLE responses (
                screening_id INTEGER NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
                instrument_id TEXT NOT NULL,
                item_id TEXT NOT NULL,
                value TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_by INTEGER NOT NULL REFERENCES users(id),
                PRIMARY KEY (screening_id, instrument_id, item_id)
            ) STRICT""",
            """CREATE TABLE safeguarding_tasks (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                screening_id INTEGER REFERENCES screenings(id) ON DELETE SET NULL,
                item_id TEXT NOT NULL,
                flag TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id),
                done_at TEXT,
                UNIQUE (case_id, item_id, flag)
            ) STRICT""",
        ),
    ),
    Migration(
        4,
        "consent records, sharing exceptions, settings and the export log",
        (
            """CREATE TABLE consents (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                record TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('given', 'declined')),
                created_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id),
                withdrawn_at TEXT,
                withdrawn_by INTEGER REFERENCES users(id)
            ) STRICT""",
            # A basis other than consent: a child-protection referral (with the child's views)
            # or a safeguarding exception (justification, then a supervisor's sign-off).
            """CREATE TABLE sharing_exceptions (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('child_protection', 'safeguarding_exception')),
                text TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id),
                signed_off_at TEXT,
                signed_off_by INTEGER REFERENCES users(id)
            ) STRICT""",
            """CREATE TABLE exports (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id),
                packet_id TEXT NOT NULL UNIQUE,
                recipient_id TEXT NOT NULL,
                route_id TEXT NOT NULL,
                basis_kind TEXT NOT NULL,
                basis_id TEXT NOT NULL,
                categories TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                encrypted INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id)
            ) STRICT""",
            "CREATE INDEX consents_by_case ON consents(case_id, created_at)",
            "CREATE INDEX exports_by_case ON exports(case_id, created_at)",
        ),
    ),
    Migration(
        5,
        "users can be removed; the hash-chained audit log",
        (
            "ALTER TABLE users ADD COLUMN removed_at TEXT",
            # Append-only: each entry carries the hash of the one before it, so a changed,
            # removed or reordered entry breaks the chain at that point. Details hold ids and
            # counts only, never anything recorded about a person.
            """CREATE TABLE audit (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                user_id INTEGER,
                action TEXT NOT NULL,
                subject TEXT NOT NULL DEFAULT '',
                detail TEXT NOT NULL DEFAULT '{}',
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            ) STRICT""",
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
            " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
            " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        ),
    ),
    Migration(
        6,
        "supervision: search index, review, referrals, packet inbox",
        (
            # Full-text search inside the encrypted database (the index pages are encrypted like
            # every other page). One row per case reference and one per note; triggers keep it
            # in step in the same transaction as the change.
            """CREATE VIRTUAL TABLE case_search USING fts5(
                case_id UNINDEXED, kind UNINDEXED, text,
                tokenize = 'unicode61 remove_diacritics 2'
            )""",
            "INSERT INTO case_search (case_id, kind, text)"
            " SELECT id, 'reference', reference FROM cases",
            "INSERT INTO case_search (case_id, kind, text) SELECT case_id, 'note', body FROM notes",
            """CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
                INSERT INTO case_search (case_id, kind, text)
                VALUES (new.id, 'reference', new.reference);
            END""",
            """CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
                INSERT INTO case_search (case_id, kind, text)
                VALUES (new.case_id, 'note', new.body);
            END""",
            "ALTER TABLE cases ADD COLUMN owner_id INTEGER REFERENCES users(id)",
            "UPDATE cases SET owner_id = created_by",
            "ALTER TABLE screenings ADD COLUMN review_status TEXT NOT NULL DEFAULT 'none'"
            " CHECK (review_status IN ('none', 'awaiting', 'signed_off', 'returned'))",
            "ALTER TABLE screenings ADD COLUMN review_comment TEXT",
            "ALTER TABLE screenings ADD COLUMN reviewed_by INTEGER REFERENCES users(id)",
            "ALTER TABLE screenings ADD COLUMN reviewed_at TEXT",
            """CREATE TABLE referrals (
                id INTEGER PRIMARY KEY,
                case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
                route_id TEXT NOT NULL,
                recipient_id TEXT NOT NULL,
                status TEXT NOT NULL,
                track TEXT NOT NULL,
                packet_id TEXT,
                review_comment TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                created_by INTEGER NOT NULL REFERENCES users(id)
            ) STRICT""",
            "CREATE INDEX referrals_by_status ON referrals(status, updated_at)",
            "CREATE INDEX referrals_by_case ON referrals(case_id)",
            """CREATE TABLE inbox (
                id INTEGER PRIMARY KEY,
                packet_id TEXT NOT NULL UNIQUE,
                imported_at TEXT NOT NULL,
                imported_by INTEGER NOT NULL REFERENCES users(id),
                sender_key_id TEXT,
                sender_confirmed INTEGER NOT NULL,
                verification TEXT NOT NULL,
                content TEXT NOT NULL,
                track TEXT NOT NULL,
                status TEXT NOT NULL
            ) STRICT""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


class SchemaTooNew(Exception):
    """The vault was written by a newer version of the app."""


def schema_version(conn: Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: Connection, target: int = LATEST_VERSION) -> list[int]:
    """Apply every migration above the current version up to ``target``; return those applied."""
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise SchemaTooNew(f"schema version {current} is newer than this app ({LATEST_VERSION})")
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version <= current or migration.version > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in migration.statements:
                conn.execute(statement)
            # PRAGMA cannot be bound; the number is ours.
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
