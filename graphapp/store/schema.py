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
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: the version it brings the store to, why, its statements, and what converts the
    rows SQL alone cannot (run after the statements, in the same transaction)."""

    version: int
    reason: str
    statements: tuple[str, ...]
    convert: Callable[[sqlite3.Connection], None] | None = None


#: The packed form of integer paper keys (papers' rowids) in ``nearest_lists``: int32.
KEYS = "i"
#: Similarities are kept to four decimals (:class:`graphapp.analysis.text.Neighbour`), so they are packed as
#: int16 ten-thousandths, and read back as exactly the floats that were written.
SIMILARITIES, SIMILARITY_SCALE = "h", 10_000


def pack_keys(keys: Iterable[int]) -> bytes:
    return array(KEYS, keys).tobytes()


def unpack_keys(blob: bytes) -> array:
    found = array(KEYS)
    found.frombytes(blob)
    return found


def pack_similarities(values: Iterable[float]) -> bytes:
    """Similarities rounded to four decimals (as stored), packed.

    >>> unpack_similarities(pack_similarities([0.2142, 1.0, -0.05]))
    [0.2142, 1.0, -0.05]
    """
    return array(SIMILARITIES, [round(value * SIMILARITY_SCALE) for value in values]).tobytes()


def unpack_similarities(blob: bytes) -> list[float]:
    found = array(SIMILARITIES)
    found.frombytes(blob)
    return [value / SIMILARITY_SCALE for value in found]


#: A mention's relation, role and field as stored since version 7: their place in these lists (SQLite keeps 0 and
#: 1 in a row's header alone, the others in one byte), a word not listed as itself.
RELATIONS = ("proposes", "uses", "mentions", "cites", "links_to")
ROLES = ("proposed", "used", "mentioned")
FIELDS = ("abstract", "metadata", "title")  # in the order of the words: mentions are read in field order


def encode(words: tuple[str, ...], word: str | None) -> int | str | None:
    """A relation, role or field as stored.

    >>> encode(RELATIONS, "uses"), encode(RELATIONS, "reviews"), encode(ROLES, None)
    (1, 'reviews', None)
    """
    return words.index(word) if word in words else word


def decoded(column: str, words: tuple[str, ...]) -> str:
    """SQL reading a stored relation, role or field ``column`` back as its word."""
    cases = " ".join(f"WHEN {code} THEN '{word}'" for code, word in enumerate(words))
    return f"CASE {column} {cases} ELSE {column} END"


def encoded(column: str, words: tuple[str, ...]) -> str:
    """SQL storing a relation, role or field ``column`` as :func:`encode` does."""
    cases = " ".join(f"WHEN '{word}' THEN {code}" for code, word in enumerate(words))
    return f"CASE {column} {cases} ELSE {column} END"


def pack_text(text: str) -> bytes:
    """An abstract as the store keeps it (schema version 7): zlib-compressed UTF-8, half the bytes of the text.

    >>> unpack_text(pack_text("Graph networks.")), unpack_text("stored before version 7")
    ('Graph networks.', 'stored before version 7')
    """
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(stored: str | bytes) -> str:
    """An abstract as stored: compressed, or text in a store before version 7 opened read-only."""
    return zlib.decompress(stored).decode("utf-8") if isinstance(stored, bytes) else stored


def _lean(connection: sqlite3.Connection) -> None:
    """Migration 7's rows: the nearest-paper lists packed, and every abstract compressed."""
    _pack_nearest_lists(connection)
    last = 0
    while batch := connection.execute(
        "SELECT rowid, abstract FROM papers WHERE rowid > ? ORDER BY rowid LIMIT 10000", (last,)
    ).fetchall():
        connection.executemany(
            "UPDATE papers SET abstract = ? WHERE rowid = ?", [(pack_text(text), key) for key, text in batch]
        )
        last = batch[-1][0]


def _pack_nearest_lists(connection: sqlite3.Connection) -> None:
    """Migration 7: each paper's rows of ``nearest_papers`` (two text ids per pair) as one packed row of
    ``nearest_lists``, with the reverse lists (who lists each paper) packed beside them."""
    rows = connection.execute(
        "SELECT p.rowid, o.rowid, n.similarity FROM nearest_papers n JOIN papers p ON p.id = n.paper_id "
        "JOIN papers o ON o.id = n.other_id ORDER BY p.rowid, n.similarity DESC, n.other_id"
    )
    papers, others, similarities = array(KEYS), array(KEYS), array(SIMILARITIES)
    for paper, other, similarity in rows:
        papers.append(paper)
        others.append(other)
        similarities.append(round(similarity * SIMILARITY_SCALE))
    _write_nearest_lists(connection, np.frombuffer(papers, np.int32), others, similarities)
    connection.execute("DROP TABLE nearest_papers")  # and its index by the other paper


def holder_rows(listing: np.ndarray, listed: np.ndarray) -> Iterator[tuple[int, bytes]]:
    """Who lists each paper, from (listing paper, listed paper) key pairs: each listed paper's key with the sorted
    keys of the papers listing it, packed, in key order.

    >>> rows = holder_rows(np.array([2, 1, 2]), np.array([3, 3, 1]))  # 2 lists 3 and 1, 1 lists 3
    >>> [(paper, unpack_keys(holders).tolist()) for paper, holders in rows]
    [(1, [2]), (3, [1, 2])]
    >>> list(holder_rows(np.array([], np.int32), np.array([], np.int32)))
    []
    """
    if not len(listed):
        return
    order = np.lexsort((listing, listed))
    listing, listed = listing[order], listed[order]
    starts = np.flatnonzero(np.r_[True, listed[1:] != listed[:-1]])
    ends = np.r_[starts[1:], len(listed)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        yield int(listed[start]), listing[start:end].astype(np.int32).tobytes()


def _write_nearest_lists(
    connection: sqlite3.Connection, papers: np.ndarray, others: array, similarities: array
) -> None:
    """Write every list from (paper, other, packed similarity) triples grouped by paper, in rank order, with the
    holders of each paper: the whole index at once (a migration; the ingest updates it list by list)."""
    if not len(papers):
        return
    rows: dict[int, list[bytes]] = {}
    starts = np.flatnonzero(np.r_[True, papers[1:] != papers[:-1]])
    ends = np.r_[starts[1:], len(papers)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        rows[int(papers[start])] = [others[start:end].tobytes(), similarities[start:end].tobytes(), b""]
    for other, holders in holder_rows(papers, np.frombuffer(others, np.int32)):
        rows.setdefault(other, [b"", b"", b""])[2] = holders
    connection.executemany(
        "INSERT INTO nearest_lists (paper, others, similarities, holders) VALUES (?, ?, ?, ?)",
        ((paper, *row) for paper, row in sorted(rows.items())),
    )


def _fts_triggers(table: str, key: str, column: str) -> tuple[str, str, str]:
    """The triggers that keep ``{table}_fts``, the full-text index of ``table``'s ``column`` (rows keyed by
    ``key``), in step with the table."""
    fts = f"{table}_fts"
    return (
        f"""CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts} (rowid, {column}) VALUES (new.{key}, new.{column});
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {column}) VALUES ('delete', old.{key}, old.{column});
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {column} ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {column}) VALUES ('delete', old.{key}, old.{column});
            INSERT INTO {fts} (rowid, {column}) VALUES (new.{key}, new.{column});
        END""",
    )


#: What keeps the titles' full-text index in step with ``papers`` (migration 4; made again by 7 with the table).
_PAPERS_FTS_TRIGGERS = _fts_triggers("papers", "rowid", "title")


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
    Migration(
        3,
        "the text index behind related papers, paths and maps: the text model, each paper's LSA vector and "
        "its nearest papers (filled by the next ingest, or `python -m graphapp reindex`); papers' dates indexed",
        (
            """CREATE TABLE IF NOT EXISTS text_model (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                vocabulary TEXT NOT NULL,
                idf BLOB NOT NULL,
                components BLOB NOT NULL,
                papers INTEGER NOT NULL,
                fitted_at TEXT NOT NULL
            )""",
            """CREATE TABLE IF NOT EXISTS paper_vectors (
                paper_id TEXT PRIMARY KEY,
                digest BLOB NOT NULL,
                vector BLOB NOT NULL
            ) WITHOUT ROWID""",
            """CREATE TABLE IF NOT EXISTS nearest_papers (
                paper_id TEXT NOT NULL,
                other_id TEXT NOT NULL,
                similarity REAL NOT NULL,
                PRIMARY KEY (paper_id, other_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX IF NOT EXISTS nearest_papers_by_other ON nearest_papers (other_id)",
            # Trends read every paper's date: this covering index spares them the (wide) paper rows.
            "CREATE INDEX IF NOT EXISTS papers_dates ON papers (id, date)",
        ),
    ),
    Migration(
        4,
        "full-text search over paper titles and entity names (FTS5, kept in step by triggers); the user's "
        "corrections (merge, rename, reject an entity), applied to later ingests too",
        (
            "CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(title, content='papers', tokenize='unicode61')",
            "CREATE VIRTUAL TABLE IF NOT EXISTS entities_fts USING fts5(name, content='entities', "
            "content_rowid='id', tokenize='unicode61')",
            *_PAPERS_FTS_TRIGGERS,
            *_fts_triggers("entities", "id", "name"),
            # An upgraded store is indexed from what it holds.
            "INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')",
            "INSERT INTO entities_fts (entities_fts) VALUES ('rebuild')",
            """CREATE TABLE IF NOT EXISTS corrections (
                id INTEGER PRIMARY KEY,
                action TEXT NOT NULL CHECK (action IN ('merge', 'rename', 'reject')),
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                target TEXT,
                made_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        5,
        "evidence read from the title or abstract it quotes is kept as offsets into it, not as a copy of the sentence "
        "(the copies were a third of a store): such mentions store an empty `evidence`; those stored before keep it",
        (
            "ALTER TABLE mentions ADD COLUMN evidence_start INTEGER",
            "ALTER TABLE mentions ADD COLUMN evidence_end INTEGER",
        ),
    ),
    Migration(
        6,
        "each paper's embedding by the shipped static embedding model (graphapp/analysis/semantic.py), beside its "
        "LSA vector: what related papers compare for meaning (filled by the next ingest, or `reindex`)",
        (
            """CREATE TABLE IF NOT EXISTS paper_embeddings (
                paper_id TEXT PRIMARY KEY,
                digest BLOB NOT NULL,
                vector BLOB NOT NULL
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        7,
        "a lean store: nearest papers as one packed row per paper keyed by the papers' rowids (its nearest papers, "
        "their similarities, and the papers whose lists hold it) instead of a row and an index entry per pair naming "
        "both papers by their text ids; mentions name their paper by rowid, clustered by paper with one index by "
        "entity instead of a table and two indexes, and leave out a surface that is the text at their span; papers' "
        "embeddings are no longer kept (a query embeds the few it compares); abstracts are kept zlib-compressed",
        (
            # Papers get an explicit integer key (their rowid, kept): what mentions and nearest lists refer to,
            # which VACUUM could renumber were it implicit; when each was written, in Unix seconds.
            """CREATE TABLE papers_by_key (
                key INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                abstract NOT NULL,
                url TEXT,
                authors TEXT NOT NULL DEFAULT '[]',
                date TEXT,
                source TEXT NOT NULL DEFAULT '',
                updated_at INTEGER NOT NULL
            )""",
            "INSERT INTO papers_by_key SELECT rowid, id, title, abstract, url, authors, date, source, "
            "coalesce(CAST(strftime('%s', updated_at) AS INTEGER), 0) FROM papers ORDER BY rowid",
            """CREATE TABLE IF NOT EXISTS nearest_lists (
                paper INTEGER PRIMARY KEY,
                others BLOB NOT NULL,
                similarities BLOB NOT NULL,
                holders BLOB NOT NULL
            )""",
            # One row per mention, clustered by paper (the paper's rowid, and its place among the paper's
            # mentions), plus one index by entity; a surface that is the text at the mention's span is left out,
            # relation, role and field are small integers (see RELATIONS).
            """CREATE TABLE mentions_by_paper (
                paper INTEGER NOT NULL,
                entity_id INTEGER NOT NULL REFERENCES entities (id),
                seq INTEGER NOT NULL,
                relation NOT NULL,
                role,
                field NOT NULL,
                span_start INTEGER,
                span_end INTEGER,
                surface TEXT,
                evidence TEXT NOT NULL,
                evidence_start INTEGER,
                evidence_end INTEGER,
                PRIMARY KEY (paper, entity_id, seq)
            ) WITHOUT ROWID""",
            f"""INSERT INTO mentions_by_paper SELECT p.rowid, m.entity_id, m.rowid, {encoded("m.relation", RELATIONS)},
                {encoded("m.role", ROLES)}, {encoded("m.field", FIELDS)},
                m.span_start, m.span_end, CASE WHEN m.surface = substr(
                    CASE m.field WHEN 'title' THEN p.title WHEN 'abstract' THEN p.abstract END,
                    m.span_start + 1, m.span_end - m.span_start) THEN NULL ELSE m.surface END,
                m.evidence, m.evidence_start, m.evidence_end
                FROM mentions m JOIN papers p ON p.id = m.paper_id ORDER BY p.rowid, m.entity_id, m.rowid""",
            "DROP TABLE mentions",  # and its two indexes
            "DROP TABLE papers",  # and its triggers and index
            "ALTER TABLE papers_by_key RENAME TO papers",
            *_PAPERS_FTS_TRIGGERS,
            "CREATE INDEX papers_dates ON papers (id, date)",
            "ALTER TABLE mentions_by_paper RENAME TO mentions",
            "CREATE INDEX mentions_by_entity ON mentions (entity_id, paper)",
            # Embeddings are computed for the few papers a query compares (graphapp/semanticindex.py).
            "DROP TABLE paper_embeddings",
        ),
        convert=_lean,
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
                if migration.convert is not None:
                    migration.convert(connection)
                connection.execute(f"PRAGMA user_version = {int(migration.version)}")
                applied.append(migration.version)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return applied
