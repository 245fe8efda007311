"""The embedded SQLite store: papers, the entities they name, and each mention with its evidence.

One input file is written in one transaction, so a crash leaves the store exactly as it was before that
file or after it (SQLite's WAL journal guarantees this), and readers never see a half-written file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from graphapp.model import Occurrence, Paper
from graphapp.paths import DEFAULT_DB

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    url TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    date TEXT,
    source TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    family TEXT,
    UNIQUE (type, name)
);
CREATE TABLE IF NOT EXISTS mentions (
    paper_id TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    relation TEXT NOT NULL,
    role TEXT,
    field TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    surface TEXT NOT NULL,
    evidence TEXT NOT NULL
);
-- Both indexes cover the paper-entity pairs, so walking the graph never reads the (large) mention rows.
DROP INDEX IF EXISTS mentions_by_paper;
DROP INDEX IF EXISTS mentions_by_entity;
CREATE INDEX IF NOT EXISTS mentions_by_paper_entity ON mentions (paper_id, entity_id);
CREATE INDEX IF NOT EXISTS mentions_by_entity_paper ON mentions (entity_id, paper_id);
CREATE TABLE IF NOT EXISTS ingests (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    papers INTEGER NOT NULL,
    errors INTEGER NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A stored mention joined with its entity: what the graph builder reads."""

    paper_id: str
    entity_type: str
    name: str
    kind: str | None
    family: str | None
    relation: str
    role: str | None
    field: str
    start: int | None
    end: int | None
    surface: str
    evidence: str


_UPSERT_PAPER = (
    "INSERT INTO papers (id, title, abstract, url, authors, date, source, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
    "abstract = excluded.abstract, url = coalesce(excluded.url, papers.url), "
    "authors = CASE WHEN excluded.authors = '[]' THEN papers.authors ELSE excluded.authors END, "
    "date = coalesce(excluded.date, papers.date), source = excluded.source, updated_at = excluded.updated_at"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _paper_row(paper: Paper, now: str) -> tuple:
    authors = json.dumps(paper.authors, ensure_ascii=False)
    return (paper.id, paper.title, paper.abstract, paper.url, authors, paper.date, paper.source, now)


class Store:
    """A SQLite file holding the graph's data.

    >>> with Store(":memory:") as store:
    ...     store.paper_count()
    0
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = str(path)
        if self.path != ":memory:" and not readonly:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{quote(self.path)}" + ("?mode=ro" if readonly else "")
        if self.path == ":memory:":
            uri = ":memory:"
        self.connection = sqlite3.connect(uri, uri=uri != ":memory:", isolation_level=None, check_same_thread=False)
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA busy_timeout = 10000")
        if not readonly:
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = NORMAL")
            # Room for the entity and mention indexes while a large file is written (64 MiB, not per row).
            self.connection.execute("PRAGMA cache_size = -65536")
            self.connection.execute("PRAGMA temp_store = MEMORY")
            self.connection.executescript(SCHEMA)
            self.connection.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        self._entity_ids: dict[tuple[str, str], int] = {}
        # The app shares one read connection between its sessions' threads: one transaction at a time on it.
        self._transaction_lock = threading.RLock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all."""
        with self._transaction_lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.connection.execute("ROLLBACK")
                self._entity_ids.clear()
                raise
            self.connection.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """All reads inside see one committed state, even while another process commits an ingest.

        Each statement on its own would see the latest commit, so papers read before a commit and
        mentions read after it would not match. Inside an open transaction this adds nothing.
        """
        with self._transaction_lock:
            if self.connection.in_transaction:
                yield
                return
            self.connection.execute("BEGIN")
            try:
                yield
            finally:
                self.connection.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------------

    def _entity_id(self, occurrence: Occurrence) -> int:
        key = (occurrence.entity_type, occurrence.name)
        cached = self._entity_ids.get(key)
        if cached is not None:
            return cached
        row = self.connection.execute(
            "INSERT INTO entities (type, name, kind, family) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (type, name) DO UPDATE SET kind = coalesce(entities.kind, excluded.kind), "
            "family = coalesce(entities.family, excluded.family) RETURNING id",
            (occurrence.entity_type, occurrence.name, occurrence.kind, occurrence.family),
        ).fetchone()
        self._entity_ids[key] = row[0]
        return row[0]

    def put_paper(self, paper: Paper, occurrences: Iterable[Occurrence]) -> None:
        """Insert or replace a paper and all its mentions (call inside :meth:`transaction`)."""
        self.put_papers([(paper, list(occurrences))])

    def put_papers(self, items: Iterable[tuple[Paper, Sequence[Occurrence]]]) -> None:
        """Insert or replace a batch of papers with their mentions (call inside :meth:`transaction`).

        The same as :meth:`put_paper` on each in turn, with one statement per table for the whole batch:
        a paper given twice keeps the later record's fields (and the earlier one's where the later is
        empty) and only the later record's mentions.
        """
        items = list(items)
        now = _now()
        self.connection.executemany(_UPSERT_PAPER, [_paper_row(paper, now) for paper, _ in items])
        last = {paper.id: occurrences for paper, occurrences in items}
        self.connection.executemany("DELETE FROM mentions WHERE paper_id = ?", [(pid,) for pid in last])
        self.connection.executemany(
            "INSERT INTO mentions (paper_id, entity_id, relation, role, field, span_start, span_end, surface, "
            "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    pid,
                    self._entity_id(occ),
                    occ.relation,
                    occ.role,
                    occ.field,
                    occ.start,
                    occ.end,
                    occ.surface,
                    occ.evidence,
                )
                for pid, occurrences in last.items()
                for occ in occurrences
            ],
        )

    def record_ingest(self, source: str, papers: int, errors: int) -> None:
        """Log one finished input (call inside the same transaction as its papers)."""
        self.connection.execute(
            "INSERT INTO ingests (source, finished_at, papers, errors) VALUES (?, ?, ?, ?)",
            (source, _now(), papers, errors),
        )

    # -- reading ---------------------------------------------------------------------------------

    def paper_count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM papers").fetchone()[0]

    def papers(self, ids: Iterable[str] | None = None) -> Iterator[Paper]:
        """All papers, or those with the given ids, in id order."""
        query = "SELECT id, title, abstract, url, authors, date, source FROM papers"
        if ids is None:
            rows = self.connection.execute(query + " ORDER BY id")
        else:
            rows = self.connection.execute(
                query + " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(list(ids)),)
            )
        for pid, title, abstract, url, authors, date, source in rows:
            yield Paper(pid, title, abstract, url, json.loads(authors), date, source)

    def paper(self, paper_id: str) -> Paper | None:
        return next(self.papers([paper_id]), None)

    def mentions(self, paper_ids: Iterable[str] | None = None) -> Iterator[MentionRow]:
        """Every stored mention with its entity, or those of the given papers."""
        query = (
            "SELECT m.paper_id, e.type, e.name, e.kind, e.family, m.relation, m.role, m.field, m.span_start, "
            "m.span_end, m.surface, m.evidence FROM mentions m JOIN entities e ON e.id = m.entity_id"
        )
        # One order for both, so that a paper's edges (and their evidence) do not depend on what else is loaded.
        order = " ORDER BY m.paper_id, m.field, m.span_start"
        if paper_ids is None:
            rows = self.connection.execute(query + order)
        else:
            rows = self.connection.execute(
                query + " WHERE m.paper_id IN (SELECT value FROM json_each(?))" + order, (json.dumps(list(paper_ids)),)
            )
        for row in rows:
            yield MentionRow(*row)

    def counts(self) -> dict[str, int]:
        """Papers, mentions, and entities per type."""
        with self.snapshot():
            counts = {"papers": self.paper_count()}
            counts["mentions"] = self.connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
            for etype, number in self.connection.execute(
                "SELECT e.type, count(DISTINCT e.id) FROM entities e JOIN mentions m ON m.entity_id = e.id "
                "GROUP BY e.type"
            ):
                counts[etype] = number
        return counts

    def integrity_ok(self) -> bool:
        return self.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
