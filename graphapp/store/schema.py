"""The store's schema: numbered migrations applied in order, the version kept in ``PRAGMA user_version``.

The migrations are the one definition of the schema. A new store runs them all; a store written by an
earlier release runs those it has not had, so any store this code ever wrote opens and upgrades in place.
Each step runs in one write transaction together with the version bump, so an interrupted upgrade leaves
the store at the version before it. A change to the schema is a new entry at the end of :data:`MIGRATIONS`;
entries already released are never edited.

Release 1 (before versions) left ``user_version`` at 0 and wrote ``meta.schema_version = 1``; its schema
is migration 1 written with ``IF NOT EXISTS`` throughout, so running it on such a store changes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: the version it brings the store to, why, and its statements."""

    version: int
    reason: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "papers, entities, mentions with span and evidence, and the log of ingested inputs (release 1)",
        (
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE IF NOT EXISTS papers (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                abstract TEXT NOT NULL,
                url TEXT,
                authors TEXT NOT NULL DEFAULT '[]',
                date TEXT,
                source TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS entities (
                id INTEGER PRIMARY KEY,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                kind TEXT,
                family TEXT,
                UNIQUE (type, name)
            )""",
            """CREATE TABLE IF NOT EXISTS mentions (
                paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
                entity_id INTEGER NOT NULL REFERENCES entities (id),
                relation TEXT NOT NULL,
                role TEXT,
                field TEXT NOT NULL,
                span_start INTEGER,
                span_end INTEGER,
                surface TEXT NOT NULL,
                evidence TEXT NOT NULL
            )""",
            # Both indexes cover the paper-entity pairs, so walking the graph never reads the (large) mention rows.
            "DROP INDEX IF EXISTS mentions_by_paper",
            "DROP INDEX IF EXISTS mentions_by_entity",
            "CREATE INDEX IF NOT EXISTS mentions_by_paper_entity ON mentions (paper_id, entity_id)",
            "CREATE INDEX IF NOT EXISTS mentions_by_entity_paper ON mentions (entity_id, paper_id)",
            """CREATE TABLE IF NOT EXISTS ingests (
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                finished_at TEXT NOT NULL,
                papers INTEGER NOT NULL,
                errors INTEGER NOT NULL
            )""",
        ),
    ),
    Migration(
        2,
        "the version moves to PRAGMA user_version (meta goes); repo and Hub metadata (`fetch enrich`) joins the schema",
        (
            # Release 1 created this table on the first enrichment, with the same definition.
            """CREATE TABLE IF NOT EXISTS entity_meta (
                entity_type TEXT NOT NULL,
                name TEXT NOT NULL,
                service TEXT NOT NULL,
                fetched_at TEXT NOT NULL,
                data TEXT NOT NULL,
                PRIMARY KEY (entity_type, name)
            )""",
            "DROP TABLE IF EXISTS meta",
        ),
    ),
)

#: The version a store has once every migration ran: what this code writes.
SCHEMA_VERSION = MIGRATIONS[-1].version


class SchemaError(RuntimeError):
    """The store was written by a newer release than this code, which cannot know its schema."""


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def check_readable(connection: sqlite3.Connection, path: str) -> None:
    """Refuse a store from a newer release: its tables may no longer mean what this code reads."""
    version = schema_version(connection)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{path}: store schema version {version} is newer than this release reads ({SCHEMA_VERSION}); "
            "upgrade the paper graph explorer to open it"
        )


def migrate(connection: sqlite3.Connection, path: str) -> list[int]:
    """Bring the store up to :data:`SCHEMA_VERSION`; the versions applied, in order (none when up to date).

    The version is read again inside each write transaction, so two processes opening one old store at
    once apply each step once.
    """
    check_readable(connection, path)
    applied = []
    for migration in MIGRATIONS:
        if schema_version(connection) >= migration.version:
            continue
        connection.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(connection) < migration.version:
                for statement in migration.statements:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {int(migration.version)}")
                applied.append(migration.version)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return applied
