"""The embedded SQLite store: papers, the entities they name, each mention with its evidence, and every SQL statement.

One input file is written in one transaction, so a crash leaves the store exactly as it was before that
file or after it (SQLite's WAL journal guarantees this), and readers never see a half-written file.

One writer at a time, and briefly: a write transaction holds SQLite's write lock only while it writes
(ingest extracts everything first, see :mod:`graphapp.pipeline`). A second writer waits for the lock up to
:data:`WRITE_WAIT_SECONDS`, saying once that it waits (``on_wait``), and then gives up with a
:class:`~graphapp.store.errors.StoreBusy` that says so; readers never wait for writers.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from graphapp.model import Occurrence, Paper, quote_evidence
from graphapp.paths import DEFAULT_DB
from graphapp.store.connections import ConnectionTables
from graphapp.store.errors import StoreBusy, StoreError, StoreReadOnly, explain, is_busy, store_errors
from graphapp.store.schema import (
    FIELDS,
    RELATIONS,
    ROLES,
    check_readable,
    decoded,
    encode,
    encoded,
    migrate,
    pack_text,
    schema_version,
    unpack_text,
)

#: How long a writer waits for another process's write transaction before giving up (a large file's write
#: takes seconds; its extraction, which holds no lock, may take minutes).
WRITE_WAIT_SECONDS = 600.0
#: How long any one statement waits for a lock (readers rarely do: WAL lets them read while another writes).
BUSY_TIMEOUT_MS = 10_000
#: How much of the file is read through memory mapping (SQLite's default ceiling).
MMAP_BYTES = 0x7FFF0000
#: The page size of a new store, in bytes.
PAGE_SIZE = 16384
#: How often a waiting writer tries again for the lock.
_RETRY_MS = 250
_log = logging.getLogger(__name__)


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


#: SQL for the text of the field a mention ``m`` was read from (``p`` its paper): what its evidence offsets point into.
_FIELD_TEXT = (
    f"CASE m.field WHEN {FIELDS.index('title')} THEN p.title WHEN {FIELDS.index('abstract')} THEN p.abstract END"
)
#: SQL for a mention ``m``'s relation, role and field as words.
_RELATION, _ROLE, _FIELD = decoded("m.relation", RELATIONS), decoded("m.role", ROLES), decoded("m.field", FIELDS)


def _mention_row(paper: Paper, key: int, seq: int, entity_id: int, occ: Occurrence) -> tuple:
    """A mention as stored, under its paper's key and its place among the paper's mentions: the evidence as offsets
    into its field's text when it quotes it (and no text), else as text; no surface when it is the text at its
    span."""
    text = _field_text(paper, occ.field)
    first, last = occ.evidence_span if occ.evidence_span and text is not None else (None, None)
    evidence = occ.evidence if first is None else ""
    at_span = text is not None and occ.start is not None and occ.end is not None and text[occ.start : occ.end]
    surface = None if at_span == occ.surface else occ.surface
    relation, role, field = encode(RELATIONS, occ.relation), encode(ROLES, occ.role), encode(FIELDS, occ.field)
    return (key, entity_id, seq, relation, role, field, occ.start, occ.end, surface, evidence, first, last)


def _field_text(paper: Paper, field: str) -> str | None:
    """The stored text a mention read from ``field`` has its offsets into (None for metadata)."""
    return paper.title if field == "title" else paper.abstract if field == "abstract" else None


def _surface(surface: str | None, text: str | None, start: int | None, end: int | None) -> str:
    """A stored mention's surface: as stored, or the text at its span (stored as NULL, schema version 7)."""
    if surface is not None:
        return surface
    assert text is not None and start is not None and end is not None, "a surface is only left out at a span"
    return text[start:end]


def _evidence(
    text: str | None, evidence: str, first: int | None, last: int | None, start: int | None, end: int | None
) -> str:
    """The evidence of a stored mention: the sentence its offsets point to in ``text``, or its stored text."""
    if text is None or first is None or last is None:
        return evidence
    return quote_evidence(text, first, last, start if start is not None else first, end if end is not None else last)


def _paper_row(paper: Paper, now: int) -> tuple:
    """A paper as stored: its abstract compressed, when it was written in Unix seconds (schema version 7)."""
    authors = json.dumps(paper.authors, ensure_ascii=False)
    return (paper.id, paper.title, pack_text(paper.abstract), paper.url, authors, paper.date, paper.source, now)


#: SQL for the keys (rowids) of the papers whose ids are one JSON array parameter: what mentions name papers by.
_PAPER_KEYS = "(SELECT rowid FROM papers WHERE id IN (SELECT value FROM json_each(?)))"
#: SQL ranking a mention ``m`` by its relation, strongest first, as :data:`graphapp.graph.RELATION_STRENGTH` does.
_RELATION_RANK = (
    f"CASE m.relation WHEN {RELATIONS.index('proposes')} THEN 0 WHEN {RELATIONS.index('uses')} THEN 1 ELSE 2 END"
)
#: Sorts after any text that starts with a given prefix: the upper bound of a prefix range scan.
_AFTER_PREFIX = "\U0010ffff"
#: How a graph node type maps to stored entities: (entity type, SQL condition on the entity's kind ``e.kind``).
_NODE_TYPE_FILTER = {
    "dataset": ("dataset", "1"),
    "model": ("model", "1"),
    "method": ("method", "1"),
    "task": ("task", "1"),
    "citation": ("citation", "1"),
    "repo": ("url", "e.kind = 'github_repo'"),
    "hf": ("url", "e.kind LIKE 'hf\\_%' ESCAPE '\\'"),
    "link": ("url", "(e.kind IS NULL OR (e.kind != 'github_repo' AND e.kind NOT LIKE 'hf\\_%' ESCAPE '\\'))"),
}

#: An entity as stored: (id, type, name, kind).
EntityRow = tuple[int, str, str, str | None]


def _json(values: Iterable[object]) -> str:
    """Values as one JSON array for SQLite's ``json_each`` (a mapping gives its keys).

    >>> _json({"a", "a"}), _json({1: 0.5})
    ('["a"]', '[1]')
    """
    return json.dumps(list(values))


def _like_pattern(text: str) -> str:
    """``text`` anywhere, with LIKE's wildcards taken literally (ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _in_read_only_folder(path: str) -> bool:
    """Whether no file can be created beside ``path`` (a read-only folder or disk)."""
    folder = Path(path).parent
    probe = folder / f".{Path(path).name}.write-probe-{os.getpid()}"
    try:
        probe.touch(exist_ok=False)
    except OSError:
        return True
    probe.unlink(missing_ok=True)
    return False


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit


class Store(ConnectionTables):
    """A SQLite file holding the graph's data: the only owner of a connection to it and of its SQL.

    Opening a store for writing creates it or upgrades its schema (see :mod:`graphapp.store.schema`);
    opening it read-only refuses a store from a newer release. Methods return plain data: records,
    tuples, ids and counts; what they mean as a graph is :mod:`graphapp.queries`'s business.

    >>> with Store(":memory:") as store:
    ...     store.paper_count()
    0
    """

    def __init__(
        self, path: str | Path = DEFAULT_DB, *, readonly: bool = False, on_wait: Callable[[str], None] | None = None
    ) -> None:
        """Open (or create) the store; a file that cannot be a store raises a one-line
        :class:`~graphapp.store.errors.StoreError`. ``on_wait`` is told, once per transaction, when a write
        has to wait for another process (default: a log warning)."""
        self.path = str(path)
        self._on_wait = on_wait or _log.warning
        self._entity_ids: dict[tuple[str, str], int] = {}
        # The app shares one read connection between its sessions' threads: one transaction at a time on it.
        self._transaction_lock = threading.RLock()
        if self.path != ":memory:" and Path(self.path).is_dir():
            raise StoreError(f"{self.path}: a directory, not a store file; point --db at a file such as papers.sqlite")
        with store_errors(self.path):
            if self.path != ":memory:" and not readonly:
                try:
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise StoreError(f"{self.path}: cannot create its folder ({error.strerror})") from error
            try:
                self._connect(readonly, immutable=False)
            except sqlite3.OperationalError as error:
                if not _in_read_only_folder(self.path):
                    raise
                if not readonly:
                    raise StoreReadOnly(
                        f"{self.path}: the store's folder is read-only: the store can be read, not written; "
                        "copy it somewhere writable to add papers"
                    ) from error
                # WAL readers need to create a -shm file beside the store: in a read-only folder, where no
                # writer can be either, the file is read as it is.
                self._connect(readonly, immutable=True)

    def _connect(self, readonly: bool, *, immutable: bool) -> None:
        uri = f"file:{quote(self.path)}" + ("?mode=ro" if readonly else "") + ("&immutable=1" if immutable else "")
        if self.path == ":memory:":
            uri = ":memory:"
        self._connection = sqlite3.connect(uri, uri=uri != ":memory:", isolation_level=None, check_same_thread=False)
        try:
            self._configure(readonly)
        except BaseException:
            self._connection.close()
            raise
        if schema_version(self._connection) < 7:
            self._read_earlier_mentions()

    def _read_earlier_mentions(self) -> None:
        """A store before version 7, opened read-only (so not upgraded), is read through a temporary view of its
        mentions as version 7 lays them out (the temporary schema is the connection's own, and comes first)."""
        version = schema_version(self._connection)
        offsets = "m.evidence_start, m.evidence_end" if version >= 5 else "NULL, NULL"  # before 5: evidence as text
        self._connection.execute(
            "CREATE TEMP VIEW IF NOT EXISTS mentions (paper, entity_id, seq, relation, role, field, span_start, "
            "span_end, surface, evidence, evidence_start, evidence_end) AS SELECT p.rowid, m.entity_id, m.rowid, "
            f"{encoded('m.relation', RELATIONS)}, {encoded('m.role', ROLES)}, {encoded('m.field', FIELDS)}, "
            f"m.span_start, m.span_end, m.surface, m.evidence, {offsets} "
            "FROM main.mentions m JOIN main.papers p ON p.id = m.paper_id"
        )

    def _configure(self, readonly: bool) -> None:
        execute = self._connection.execute
        execute("PRAGMA foreign_keys = ON")
        execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Pages read through memory instead of a read() each: mentions and nearest lists name papers by key, and
        # a query turning a few thousand keys into ids looks each up in papers (4x faster on a 100k store).
        execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        if readonly:
            check_readable(self._connection, self.path)
            if not self._connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone():
                raise StoreError(
                    f"{self.path}: not a paper store (an empty or other SQLite file); "
                    f"`python -m graphapp ingest --db {self.path}` makes one"
                )
            return
        # A new file's pages (an existing file keeps its own): a paper row (~1.5 KB) leaves a quarter of a
        # 4 KiB page unused on average, a sixteenth of a 16 KiB one (BENCHMARKS.md, 3b).
        execute(f"PRAGMA page_size = {PAGE_SIZE}")
        execute("PRAGMA journal_mode = WAL")
        execute("PRAGMA synchronous = NORMAL")
        # Room for the entity and mention indexes while a large file is written (64 MiB, not per row).
        execute("PRAGMA cache_size = -65536")
        execute("PRAGMA temp_store = MEMORY")
        migrate(self._connection, self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()

    @property
    def in_transaction(self) -> bool:
        return self._connection.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all; keep what runs inside short (see the module).

        Whatever fails (a statement, or the COMMIT itself: a full disk, an I/O error), the transaction is
        rolled back if SQLite has not already done so, the entity ids cached during it are forgotten (they may
        name rows that no longer exist), and the original error is raised: a problem of the file as a
        :class:`~graphapp.store.errors.StoreError` saying what it is.
        """
        with self._transaction_lock:
            self._begin_write()
            committed = False
            try:
                with store_errors(self.path):
                    yield
                    self._connection.execute("COMMIT")
                committed = True
            finally:
                if not committed:
                    self._entity_ids.clear()
                    if self._connection.in_transaction:
                        with contextlib.suppress(sqlite3.Error):  # the error that got us here is the one to report
                            self._connection.execute("ROLLBACK")

    def _begin_write(self) -> None:
        """Take the write lock, waiting (and saying so once) while another process holds it."""
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        told = False
        self._connection.execute(f"PRAGMA busy_timeout = {_RETRY_MS}")
        try:
            while True:
                try:
                    self._connection.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if not is_busy(error):
                        raise explain(error, self.path) or error from error
                    if time.monotonic() > deadline:
                        raise StoreBusy(
                            f"{self.path}: another process (an ingest, an upload or a fetch) kept writing to this "
                            f"store for over {WRITE_WAIT_SECONDS:.0f} s; nothing was changed, try again later"
                        ) from error
                    if not told:
                        self._on_wait(f"waiting for another ingest to finish writing to {self.path} …")
                        told = True
        finally:
            self._connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """All reads inside see one committed state, even while another process commits an ingest.

        Each statement on its own would see the latest commit, so papers read before a commit and
        mentions read after it would not match. Inside an open transaction this adds nothing.
        """
        with self._transaction_lock:
            if self._connection.in_transaction:
                yield
                return
            self._connection.execute("BEGIN")
            try:
                yield
            finally:
                self._connection.execute("COMMIT")

    def schema_version(self) -> int:
        """The schema version of the file (``PRAGMA user_version``): see :mod:`graphapp.store.schema`."""
        return schema_version(self._connection)

    def space_used(self) -> dict[str, int]:
        """Bytes of the file each table and index takes (SQLite's ``dbstat``), the largest first: what the
        store's size is made of (``bench/compare_ingest.py`` prints it)."""
        rows = self._connection.execute("SELECT name, sum(pgsize) AS size FROM dbstat GROUP BY name ORDER BY size DESC")
        return dict(rows.fetchall())

    def integrity_ok(self) -> bool:
        return bool(self._connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # -- writing ---------------------------------------------------------------------------------

    def _entity_id(self, occurrence: Occurrence) -> int:
        key = (occurrence.entity_type, occurrence.name)
        cached = self._entity_ids.get(key)
        if cached is not None:
            return cached
        row = self._connection.execute(
            "INSERT INTO entities (type, name, kind, family) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (type, name) DO UPDATE SET kind = coalesce(entities.kind, excluded.kind), "
            "family = coalesce(entities.family, excluded.family) RETURNING id",
            (occurrence.entity_type, occurrence.name, occurrence.kind, occurrence.family),
        ).fetchone()
        entity_id = int(row[0])
        self._entity_ids[key] = entity_id
        return entity_id

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
        now = int(time.time())
        self._connection.executemany(_UPSERT_PAPER, [_paper_row(paper, now) for paper, _ in items])
        last = {paper.id: (paper, occurrences) for paper, occurrences in items}
        keys = self._paper_keys(last)
        self._connection.executemany("DELETE FROM mentions WHERE paper = ?", [(keys[pid],) for pid in last])
        self._connection.executemany(
            "INSERT INTO mentions (paper, entity_id, seq, relation, role, field, span_start, span_end, surface, "
            "evidence, evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _mention_row(paper, keys[pid], seq, self._entity_id(occ), occ)
                for pid, (paper, occurrences) in last.items()
                for seq, occ in enumerate(occurrences)
            ],
        )

    def record_ingest(self, source: str, papers: int, errors: int) -> None:
        """Log one finished input (call inside the same transaction as its papers)."""
        self._connection.execute(
            "INSERT INTO ingests (source, finished_at, papers, errors) VALUES (?, ?, ?, ?)",
            (source, _now(), papers, errors),
        )

    def put_entity_metadata(self, rows: Iterable[tuple[str, str, str, dict]]) -> None:
        """Store looked-up metadata, one ``(entity type, name, service, data)`` per entity (call inside
        :meth:`transaction`). A later lookup of the same entity replaces the earlier one.
        """
        now = _now()
        self._connection.executemany(
            "INSERT INTO entity_meta (entity_type, name, service, fetched_at, data) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (entity_type, name) DO UPDATE SET service = excluded.service, "
            "fetched_at = excluded.fetched_at, data = excluded.data",
            [(etype, name, service, now, json.dumps(data)) for etype, name, service, data in rows],
        )

    # -- papers and mentions -----------------------------------------------------------------------

    def paper_count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM papers").fetchone()[0])

    def papers(self, ids: Iterable[str] | None = None) -> Iterator[Paper]:
        """All papers, or those with the given ids, in id order."""
        query = "SELECT id, title, abstract, url, authors, date, source FROM papers"
        if ids is None:
            rows = self._connection.execute(query + " ORDER BY id")
        else:
            rows = self._connection.execute(
                query + " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (_json(ids),)
            )
        for pid, title, abstract, url, authors, date, source in rows:
            yield Paper(pid, title, unpack_text(abstract), url, json.loads(authors), date, source)

    def paper(self, paper_id: str) -> Paper | None:
        return next(self.papers([paper_id]), None)

    def has_paper(self, paper_id: str) -> bool:
        return self._connection.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone() is not None

    def mentions(self, paper_ids: Iterable[str] | None = None) -> Iterator[MentionRow]:
        """Every stored mention with its entity, or those of the given papers."""
        query = (
            f"SELECT p.id, e.type, e.name, e.kind, e.family, {_RELATION}, {_ROLE}, {_FIELD}, m.span_start, "
            f"m.span_end, m.surface, m.evidence, m.evidence_start, m.evidence_end, {_FIELD_TEXT} "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN papers p ON p.rowid = m.paper"
        )
        # One order for both, so that a paper's edges (and their evidence) do not depend on what else is loaded.
        order = " ORDER BY p.id, m.field, m.span_start, m.entity_id, m.seq"
        if paper_ids is None:
            rows = self._connection.execute(query + order)
        else:
            rows = self._connection.execute(query + f" WHERE m.paper IN {_PAPER_KEYS}" + order, (_json(paper_ids),))
        read: tuple[str, str, str | None] = ("", "", None)  # the last (paper, field, text): one unpacking each
        for pid, etype, name, kind, family, relation, role, field, start, end, surface, *stored in rows:
            evidence, first, last, packed = stored
            if read[:2] != (pid, field):
                read = (pid, field, None if packed is None else unpack_text(packed))
            text = read[2]
            quoted = _evidence(text, evidence, first, last, start, end)
            surface = _surface(surface, text, start, end)
            yield MentionRow(pid, etype, name, kind, family, relation, role, field, start, end, surface, quoted)

    def counts(self) -> dict[str, int]:
        """Papers, mentions, and entities per (stored) type."""
        with self.snapshot():
            counts = {"papers": self.paper_count()}
            counts["mentions"] = self._connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
            for etype, number in self._connection.execute(
                "SELECT e.type, count(DISTINCT e.id) FROM entities e JOIN mentions m ON m.entity_id = e.id "
                "GROUP BY e.type"
            ):
                counts[etype] = number
        return counts

    def data_version(self) -> int:
        """Changes whenever papers are added or replaced: the key the app's caches are built on.

        Every write of papers (:func:`graphapp.pipeline.ingest_papers`, behind the CLI's ingest, the app's upload
        and fetch) logs its input in ``ingests`` in the same transaction, so the newest log id is the version: a
        primary-key lookup, where the newest ``papers.updated_at`` (unindexed) took seconds on a million papers.

        >>> with Store(":memory:") as store:
        ...     store.data_version()
        0
        """
        return int(self._connection.execute("SELECT coalesce(max(id), 0) FROM ingests").fetchone()[0])

    def ingest_log(self) -> list[tuple[str, int, int]]:
        """Every logged input as (source, papers stored, records skipped), oldest first."""
        return self._connection.execute("SELECT source, papers, errors FROM ingests ORDER BY id").fetchall()

    # -- entities and the paper-entity pairs (the graph's edges) -------------------------------------

    def entities_named(self, entity_type: str, name: str) -> list[tuple[int, str | None]]:
        """The (id, kind) of the entity stored under this type and name (none or one)."""
        return self._connection.execute(
            "SELECT id, kind FROM entities WHERE type = ? AND name = ?", (entity_type, name)
        ).fetchall()

    def github_links(self, prefix: str) -> dict[int, str]:
        """Every stored GitHub link whose URL starts with ``prefix``, by entity id (an indexed range scan)."""
        rows = self._connection.execute(
            "SELECT id, name FROM entities WHERE type = 'url' AND kind = 'github_repo' AND name >= ? AND name < ?",
            (prefix, prefix + _AFTER_PREFIX),
        )
        return dict(rows.fetchall())

    def entity_rows(self, entity_ids: Iterable[int]) -> list[EntityRow]:
        """The given entities as (id, type, name, kind)."""
        return self._connection.execute(
            "SELECT id, type, name, kind FROM entities WHERE id IN (SELECT value FROM json_each(?))",
            (_json(entity_ids),),
        ).fetchall()

    def entity_rows_of_paper(self, paper_id: str) -> list[EntityRow]:
        """The entities one paper names, as (id, type, name, kind), in one indexed query."""
        return self._connection.execute(
            "SELECT id, type, name, kind FROM entities WHERE id IN "
            "(SELECT entity_id FROM mentions WHERE paper = (SELECT rowid FROM papers WHERE id = ?))",
            (paper_id,),
        ).fetchall()

    def entities_of(self, paper_ids: Iterable[str]) -> set[int]:
        """The ids of every entity the given papers name."""
        rows = self._connection.execute(
            f"SELECT DISTINCT entity_id FROM mentions WHERE paper IN {_PAPER_KEYS}",
            (_json(paper_ids),),
        )
        return {entity for (entity,) in rows}

    def is_named(self, entity_ids: Iterable[int]) -> bool:
        """Whether some paper names one of the entities (an entity no paper names is not in the graph)."""
        row = self._connection.execute(
            "SELECT 1 FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?)) LIMIT 1", (_json(entity_ids),)
        ).fetchone()
        return row is not None

    def papers_naming(self, entity_ids: Iterable[int]) -> dict[str, int]:
        """The papers naming any of the entities, each with how many of them it names."""
        rows = self._connection.execute(
            "SELECT p.id, n FROM (SELECT paper, count(DISTINCT entity_id) AS n FROM mentions "
            "WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY paper) JOIN papers p ON p.rowid = paper "
            "ORDER BY p.id",
            (_json(entity_ids),),
        )
        return dict(rows.fetchall())

    def paper_counts(self, entity_ids: Iterable[int]) -> dict[int, int]:
        """How many papers name each of the entities (those no paper names are left out)."""
        rows = self._connection.execute(
            "SELECT entity_id, count(DISTINCT paper) FROM mentions "
            "WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id",
            (_json(entity_ids),),
        )
        return dict(rows.fetchall())

    def strongest_relation(self, paper_id: str, entity_ids: Iterable[int]) -> str | None:
        """The strongest relation (proposes, uses, the rest) of the paper's mentions of the entities."""
        row = self._connection.execute(
            f"SELECT {_RELATION} FROM mentions m WHERE m.paper = (SELECT rowid FROM papers WHERE id = ?) "
            f"AND m.entity_id IN (SELECT value FROM json_each(?)) ORDER BY {_RELATION_RANK} LIMIT 1",
            (paper_id, _json(entity_ids)),
        ).fetchone()
        return None if row is None else row[0]

    def papers_sharing_weighted(
        self, paper_id: str, node_of_entity: dict[int, int], weights: Sequence[float], limit: int
    ) -> list[tuple[str, list[int]]]:
        """Other papers naming the given entities, with the nodes they share, for the best ``limit`` by weight.

        ``node_of_entity`` maps each entity id to its node's position in ``weights`` (a repository's links
        share one node). SQLite sums the weights per paper and keeps the best ``limit``; those within a hair
        of the cut come too, so the caller can sum exactly and break ties as it does on the graph.
        Returns (paper id, positions of the shared nodes).
        """
        candidates = (
            "SELECT s.paper, sum(w.value) AS score, group_concat(s.node) AS nodes FROM "
            "(SELECT DISTINCT m.paper, n.value AS node FROM json_each(?1) n "
            "JOIN mentions m ON m.entity_id = CAST(n.key AS INTEGER) "
            "WHERE m.paper != coalesce((SELECT rowid FROM papers WHERE id = ?3), 0)) s "
            "JOIN json_each(?2) w ON w.key = s.node GROUP BY s.paper"
        )
        arguments = (json.dumps(node_of_entity), _json(weights), paper_id)
        scores = [score for (score,) in self._connection.execute(
            f"SELECT score FROM ({candidates}) ORDER BY score DESC LIMIT ?4", (*arguments, limit)
        )]  # fmt: skip
        if not scores:
            return []
        rows = self._connection.execute(
            f"SELECT p.id, nodes FROM ({candidates}) JOIN papers p ON p.rowid = paper WHERE score >= ?4 ORDER BY p.id",
            (*arguments, scores[-1] - 1e-6),
        )
        return [(other, [int(node) for node in nodes.split(",")]) for other, nodes in rows]

    def most_connected_papers(self, limit: int) -> list[str]:
        """The ``limit`` papers naming the most entities that some other paper names too (ties by id)."""
        rows = self._connection.execute(
            "WITH shared AS (SELECT entity_id FROM mentions GROUP BY entity_id HAVING count(DISTINCT paper) > 1) "
            "SELECT p.id FROM papers p LEFT JOIN mentions m ON m.paper = p.rowid "
            "AND m.entity_id IN (SELECT entity_id FROM shared) "
            "GROUP BY p.id ORDER BY count(DISTINCT m.entity_id) DESC, p.id LIMIT ?",
            (limit,),
        )
        return [paper for (paper,) in rows]

    # -- the whole-store lists the explorer shows ----------------------------------------------------

    def entity_paper_counts(
        self, node_type: str, *, min_papers: int = 1, limit: int | None = None
    ) -> list[tuple[str, str, str | None, int]]:
        """Entities of one graph node type as (type, name, kind, papers naming it), the most named first.

        Raises ValueError for a node type that is not an entity type.
        """
        if node_type not in _NODE_TYPE_FILTER:
            raise ValueError(f"unknown node type {node_type!r}")
        entity_type, kind_clause = _NODE_TYPE_FILTER[node_type]
        return self._connection.execute(
            "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper) AS n FROM entities e "
            f"JOIN mentions m ON m.entity_id = e.id WHERE e.type = ? AND {kind_clause} "
            "GROUP BY e.id HAVING n >= ? ORDER BY n DESC, e.name COLLATE NOCASE LIMIT ?",
            (entity_type, min_papers, _limit(limit)),
        ).fetchall()

    def github_link_papers(self) -> list[tuple[str, str, str]]:
        """Every (GitHub link, its kind, a paper naming it): repository nodes gather several links."""
        return self._connection.execute(
            "SELECT e.name, e.kind, p.id FROM entities e JOIN mentions m ON m.entity_id = e.id "
            "JOIN papers p ON p.rowid = m.paper WHERE e.type = 'url' AND e.kind = 'github_repo' ORDER BY e.name, p.id"
        ).fetchall()

    def strongest_mentions(
        self, entity_ids: Iterable[int], *, limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, str, str, str, str, str]]:
        """Each paper naming the entities once, by its strongest mention, as (id, title, relation, role, evidence,
        date): proposers first, then users, then the rest, by title; ``limit`` of them from ``offset`` when given."""
        # With min(), SQLite takes the other columns from the row holding the minimum: the strongest mention.
        rows = self._connection.execute(
            f"SELECT p.id, p.title, {_RELATION}, coalesce({_ROLE}, ''), m.evidence, m.evidence_start, m.evidence_end, "
            f"{_FIELD_TEXT}, m.span_start, m.span_end, coalesce(p.date, ''), min({_RELATION_RANK}) AS rank "
            "FROM mentions m JOIN papers p ON p.rowid = m.paper WHERE m.entity_id IN (SELECT value FROM json_each(?)) "
            "GROUP BY p.id ORDER BY rank, p.title COLLATE NOCASE, p.id LIMIT ? OFFSET ?",
            (_json(sorted(entity_ids)), _limit(limit), offset),
        )
        return [
            (pid, title, relation, role, _evidence(text and unpack_text(text), evidence, first, last, start, end), date)
            for pid, title, relation, role, evidence, first, last, text, start, end, date, _ in rows
        ]

    def count_papers_naming(self, entity_ids: Iterable[int]) -> int:
        """How many papers name any of the entities."""
        row = self._connection.execute(
            "SELECT count(DISTINCT paper) FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))",
            (_json(sorted(entity_ids)),),
        ).fetchone()
        return int(row[0])

    def link_rows(self, *, limit: int | None = None) -> list[tuple[str, str, str, str, list[str]]]:
        """Every paper's links as (paper id, title, url, kind, fields giving it: text and/or metadata),
        papers by title, GitHub then Hugging Face then the rest within a paper."""
        rows = self._connection.execute(
            "SELECT p.id, p.title, e.name, coalesce(e.kind, ''), "
            f"group_concat(DISTINCT CASE WHEN m.field = {FIELDS.index('metadata')} THEN 'metadata' ELSE 'text' END) "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN papers p ON p.rowid = m.paper "
            "WHERE e.type = 'url' GROUP BY p.id, e.id "
            "ORDER BY p.title COLLATE NOCASE, p.id, e.kind != 'github_repo', e.kind NOT LIKE 'hf\\_%' ESCAPE '\\', "
            "e.name LIMIT ?",
            (_limit(limit),),
        )
        return [(pid, title, url, kind, origins.split(",")) for pid, title, url, kind, origins in rows]

    def papers_titled_like(self, text: str, *, limit: int) -> list[tuple[str, str]]:
        """Papers (id, title) whose title contains ``text`` (any case) or whose id is ``text``, by title."""
        return self._connection.execute(
            "SELECT id, title FROM papers WHERE title LIKE ? ESCAPE '\\' OR id = ? ORDER BY title COLLATE NOCASE "
            "LIMIT ?",
            (_like_pattern(text), text, limit),
        ).fetchall()

    def entities_named_like(self, text: str, *, limit: int) -> list[tuple[str, str, str | None, int]]:
        """Named entities (type, name, kind, papers naming it) whose name contains ``text``, the most named first."""
        return self._connection.execute(
            "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper) AS n FROM entities e "
            "JOIN mentions m ON m.entity_id = e.id WHERE e.name LIKE ? ESCAPE '\\' "
            "GROUP BY e.id ORDER BY n DESC, e.name COLLATE NOCASE LIMIT ?",
            (_like_pattern(text), limit),
        ).fetchall()

    def paper_titles(self, *, limit: int, offset: int = 0) -> list[tuple[str, str]]:
        """Paper (id, title) pairs in title order, ``limit`` of them from ``offset``."""
        return self._connection.execute(
            "SELECT id, title FROM papers ORDER BY title COLLATE NOCASE, id LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()

    # -- full-text search (migration 4) ----------------------------------------------------------------
    # ``query`` is an FTS5 query built by graphapp.queries.search.match_query (every word quoted).

    def has_search_index(self) -> bool:
        """False only for a store from before migration 4 opened read-only (searching it falls back to LIKE)."""
        row = self._connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers_fts'").fetchone()
        return row is not None

    def count_papers_matching(self, query: str) -> int:
        """How many papers' titles match the full-text ``query``."""
        return int(
            self._connection.execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (query,)).fetchone()[0]
        )

    def papers_matching(self, query: str, *, limit: int, offset: int = 0) -> list[tuple[str, str]]:
        """Papers (id, title) whose title matches the full-text ``query``, best match first (bm25)."""
        return self._connection.execute(
            "SELECT p.id, p.title FROM papers_fts f JOIN papers p ON p.rowid = f.rowid WHERE papers_fts MATCH ? "
            "ORDER BY bm25(papers_fts), p.title COLLATE NOCASE, p.id LIMIT ? OFFSET ?",
            (query, limit, offset),
        ).fetchall()

    def count_entities_matching(self, query: str) -> int:
        """How many named entities (some paper names them) match the full-text ``query``."""
        return int(
            self._connection.execute(
                "SELECT count(*) FROM entities_fts f WHERE entities_fts MATCH ? "
                "AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = f.rowid)",
                (query,),
            ).fetchone()[0]
        )

    def entities_matching(
        self, query: str, exact: str, *, limit: int, offset: int = 0
    ) -> list[tuple[str, str, str | None, int]]:
        """Named entities (type, name, kind, papers naming it) matching the full-text ``query``: a name equal to
        ``exact`` (any case) first, then the most named."""
        return self._connection.execute(
            "SELECT e.type, e.name, e.kind, (SELECT count(DISTINCT m.paper) FROM mentions m "
            "WHERE m.entity_id = e.id) AS n FROM entities_fts f JOIN entities e ON e.id = f.rowid "
            "WHERE entities_fts MATCH ? AND n > 0 "
            "ORDER BY lower(e.name) != lower(?), n DESC, e.name COLLATE NOCASE, e.id LIMIT ? OFFSET ?",
            (query, exact, limit, offset),
        ).fetchall()

    # -- an entity's page ----------------------------------------------------------------------------

    def paper_relations_and_dates(self, entity_ids: Iterable[int]) -> list[tuple[str, str]]:
        """For each paper naming the entities: (its strongest relation to them, its date or "")."""
        rows = self._connection.execute(
            f"SELECT {_RELATION}, coalesce(p.date, ''), min({_RELATION_RANK}) FROM mentions m "
            "JOIN papers p ON p.rowid = m.paper WHERE m.entity_id IN (SELECT value FROM json_each(?)) GROUP BY p.id",
            (_json(sorted(entity_ids)),),
        )
        return [(relation, date) for relation, date, _ in rows]

    def papers_per_month(self, entity_ids: Iterable[int]) -> dict[str, int]:
        """Dated papers naming the entities, per month (``"2025-03"``); months without any are left out."""
        rows = self._connection.execute(
            "SELECT substr(p.date, 1, 7) AS month, count(DISTINCT p.id) FROM mentions m JOIN papers p ON p.rowid = "
            "m.paper WHERE m.entity_id IN (SELECT value FROM json_each(?)) AND length(p.date) >= 7 GROUP BY month",
            (_json(sorted(entity_ids)),),
        )
        return dict(rows.fetchall())

    def code_of_proposers(self, entity_ids: Iterable[int]) -> list[tuple[str, str, int]]:
        """GitHub and Hugging Face links of the papers proposing the entities, as (URL, kind, papers linking it),
        GitHub first."""
        return self._connection.execute(
            "WITH mine AS (SELECT DISTINCT paper FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?)) "
            f"AND relation = {RELATIONS.index('proposes')}) SELECT e.name, e.kind, count(DISTINCT m.paper) FROM mine "
            "JOIN mentions m ON m.paper = mine.paper JOIN entities e ON e.id = m.entity_id "
            "WHERE e.type = 'url' AND (e.kind = 'github_repo' OR e.kind LIKE 'hf\\_%' ESCAPE '\\') "
            "GROUP BY e.id ORDER BY e.kind != 'github_repo', e.name",
            (_json(sorted(entity_ids)),),
        ).fetchall()

    def family_of(self, entity_ids: Iterable[int]) -> str | None:
        """The model family recorded for one of the entities, if any."""
        row = self._connection.execute(
            "SELECT family FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND family IS NOT NULL",
            (_json(sorted(entity_ids)),),
        ).fetchone()
        return None if row is None else str(row[0])

    def entities_starting(self, entity_type: str, prefix: str, family: str | None) -> list[tuple[int, str, int]]:
        """Named entities of a type whose name starts with ``prefix`` (case as written) or whose family is
        ``family``, as (id, name, papers naming it), the most named first."""
        return self._connection.execute(
            "SELECT e.id, e.name, count(DISTINCT m.paper) AS n FROM entities e JOIN mentions m ON m.entity_id = "
            "e.id WHERE e.type = ? AND ((e.name >= ? AND e.name < ?) OR e.family = ?) GROUP BY e.id "
            "ORDER BY n DESC, e.name COLLATE NOCASE",
            (entity_type, prefix, prefix + _AFTER_PREFIX, family),
        ).fetchall()

    # -- corrections (migration 4) ---------------------------------------------------------------------

    def corrections(self) -> list[tuple[str, str, str, str | None]]:
        """Every correction kept, as (action, type, name, target), in the order made."""
        if not self._connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone():
            return []  # a store from before migration 4, opened read-only
        return self._connection.execute("SELECT action, type, name, target FROM corrections ORDER BY id").fetchall()

    def apply_correction(self, action: str, entity_type: str, name: str, target: str | None, note: str) -> int:
        """Keep a correction and apply it to every stored mention, in one transaction; returns the mentions
        changed. ``merge`` (and ``rename`` onto a name that exists) moves the mentions onto ``target``'s entity,
        ``rename`` otherwise renames the entity, ``reject`` deletes it and its mentions. The ingest log gets
        ``note``, so the data version changes and every cached view is recomputed. LookupError when the entity,
        or a merge's target, is not stored.
        """
        with self.transaction():
            source = self._connection.execute(
                "SELECT id FROM entities WHERE type = ? AND name = ?", (entity_type, name)
            ).fetchone()
            if source is None:
                raise LookupError(f"no {entity_type} named “{name}” in the store")
            existing = None
            if target is not None:
                existing = self._connection.execute(
                    "SELECT id FROM entities WHERE type = ? AND name = ?", (entity_type, target)
                ).fetchone()
            if action == "merge" and existing is None:
                raise LookupError(f"no {entity_type} named “{target}” to merge into")
            execute = self._connection.execute
            changed = int(execute("SELECT count(*) FROM mentions WHERE entity_id = ?", source).fetchone()[0])
            if action == "reject":
                execute("DELETE FROM mentions WHERE entity_id = ?", source)
                execute("DELETE FROM entities WHERE id = ?", source)
            elif existing is not None:
                execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (existing[0], source[0]))
                execute("DELETE FROM entities WHERE id = ?", source)
            else:
                execute("UPDATE entities SET name = ? WHERE id = ?", (target, source[0]))
            execute(
                "INSERT INTO corrections (action, type, name, target, made_at) VALUES (?, ?, ?, ?, ?)",
                (action, entity_type, name, target, _now()),
            )
            self.record_ingest(note, 0, 0)
        self._entity_ids.clear()  # ids cached for writing may name an entity that was renamed or deleted
        return changed

    # -- repo and Hub metadata (``fetch enrich``) ------------------------------------------------------

    def _has_entity_metadata_table(self) -> bool:
        """False only for a release-1 store opened read-only (the upgrade that adds the table needs a write)."""
        row = self._connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entity_meta'")
        return row.fetchone() is not None

    def url_entities(self) -> list[tuple[str, str]]:
        """Every stored URL entity as (type, name), by name."""
        return self._connection.execute("SELECT type, name FROM entities WHERE type = 'url' ORDER BY name").fetchall()

    def entities_with_metadata(self) -> set[tuple[str, str]]:
        """The (type, name) of every entity whose metadata was looked up."""
        if not self._has_entity_metadata_table():
            return set()
        return set(self._connection.execute("SELECT entity_type, name FROM entity_meta").fetchall())

    def entity_metadata(self) -> dict[str, dict]:
        """Stored metadata by entity name (the URL); empty for a store never enriched."""
        if not self._has_entity_metadata_table():
            return {}
        return {name: json.loads(data) for name, data in self._connection.execute("SELECT name, data FROM entity_meta")}
