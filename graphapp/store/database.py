"""The embedded SQLite store: papers, the entities they name, each mention with its evidence, and every SQL statement.

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
from graphapp.store.schema import check_readable, migrate, schema_version


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


#: SQL ranking a mention ``m`` by its relation, strongest first, as :data:`graphapp.graph.RELATION_STRENGTH` does.
_RELATION_RANK = "CASE m.relation WHEN 'proposes' THEN 0 WHEN 'uses' THEN 1 ELSE 2 END"
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


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit


class Store:
    """A SQLite file holding the graph's data: the only owner of a connection to it and of its SQL.

    Opening a store for writing creates it or upgrades its schema (see :mod:`graphapp.store.schema`);
    opening it read-only refuses a store from a newer release. Methods return plain data: records,
    tuples, ids and counts; what they mean as a graph is :mod:`graphapp.queries`'s business.

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
        self._connection = sqlite3.connect(uri, uri=uri != ":memory:", isolation_level=None, check_same_thread=False)
        try:
            self._configure(readonly)
        except BaseException:
            self._connection.close()
            raise
        self._entity_ids: dict[tuple[str, str], int] = {}
        # The app shares one read connection between its sessions' threads: one transaction at a time on it.
        self._transaction_lock = threading.RLock()

    def _configure(self, readonly: bool) -> None:
        execute = self._connection.execute
        execute("PRAGMA foreign_keys = ON")
        execute("PRAGMA busy_timeout = 10000")
        if readonly:
            check_readable(self._connection, self.path)
            return
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
        """All writes inside commit together or not at all."""
        with self._transaction_lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._connection.execute("ROLLBACK")
                self._entity_ids.clear()
                raise
            self._connection.execute("COMMIT")

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
        now = _now()
        self._connection.executemany(_UPSERT_PAPER, [_paper_row(paper, now) for paper, _ in items])
        last = {paper.id: occurrences for paper, occurrences in items}
        self._connection.executemany("DELETE FROM mentions WHERE paper_id = ?", [(pid,) for pid in last])
        self._connection.executemany(
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
            yield Paper(pid, title, abstract, url, json.loads(authors), date, source)

    def paper(self, paper_id: str) -> Paper | None:
        return next(self.papers([paper_id]), None)

    def has_paper(self, paper_id: str) -> bool:
        return self._connection.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone() is not None

    def mentions(self, paper_ids: Iterable[str] | None = None) -> Iterator[MentionRow]:
        """Every stored mention with its entity, or those of the given papers."""
        query = (
            "SELECT m.paper_id, e.type, e.name, e.kind, e.family, m.relation, m.role, m.field, m.span_start, "
            "m.span_end, m.surface, m.evidence FROM mentions m JOIN entities e ON e.id = m.entity_id"
        )
        # One order for both, so that a paper's edges (and their evidence) do not depend on what else is loaded.
        order = " ORDER BY m.paper_id, m.field, m.span_start"
        if paper_ids is None:
            rows = self._connection.execute(query + order)
        else:
            rows = self._connection.execute(
                query + " WHERE m.paper_id IN (SELECT value FROM json_each(?))" + order, (_json(paper_ids),)
            )
        for row in rows:
            yield MentionRow(*row)

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
            "SELECT id, type, name, kind FROM entities WHERE id IN (SELECT entity_id FROM mentions WHERE paper_id = ?)",
            (paper_id,),
        ).fetchall()

    def entities_of(self, paper_ids: Iterable[str]) -> set[int]:
        """The ids of every entity the given papers name."""
        rows = self._connection.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE paper_id IN (SELECT value FROM json_each(?))",
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
            "SELECT paper_id, count(DISTINCT entity_id) FROM mentions "
            "WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY paper_id",
            (_json(entity_ids),),
        )
        return dict(rows.fetchall())

    def paper_counts(self, entity_ids: Iterable[int]) -> dict[int, int]:
        """How many papers name each of the entities (those no paper names are left out)."""
        rows = self._connection.execute(
            "SELECT entity_id, count(DISTINCT paper_id) FROM mentions "
            "WHERE entity_id IN (SELECT value FROM json_each(?)) GROUP BY entity_id",
            (_json(entity_ids),),
        )
        return dict(rows.fetchall())

    def strongest_relation(self, paper_id: str, entity_ids: Iterable[int]) -> str | None:
        """The strongest relation (proposes, uses, the rest) of the paper's mentions of the entities."""
        row = self._connection.execute(
            "SELECT m.relation FROM mentions m WHERE m.paper_id = ? "
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
            "SELECT s.paper_id, sum(w.value) AS score, group_concat(s.node) AS nodes FROM "
            "(SELECT DISTINCT m.paper_id, n.value AS node FROM json_each(?1) n "
            "JOIN mentions m ON m.entity_id = CAST(n.key AS INTEGER) WHERE m.paper_id != ?3) s "
            "JOIN json_each(?2) w ON w.key = s.node GROUP BY s.paper_id"
        )
        arguments = (json.dumps(node_of_entity), _json(weights), paper_id)
        scores = [score for (score,) in self._connection.execute(
            f"SELECT score FROM ({candidates}) ORDER BY score DESC LIMIT ?4", (*arguments, limit)
        )]  # fmt: skip
        if not scores:
            return []
        rows = self._connection.execute(
            f"SELECT paper_id, nodes FROM ({candidates}) WHERE score >= ?4", (*arguments, scores[-1] - 1e-6)
        )
        return [(other, [int(node) for node in nodes.split(",")]) for other, nodes in rows]

    def most_connected_papers(self, limit: int) -> list[str]:
        """The ``limit`` papers naming the most entities that some other paper names too (ties by id)."""
        rows = self._connection.execute(
            "WITH shared AS (SELECT entity_id FROM mentions GROUP BY entity_id HAVING count(DISTINCT paper_id) > 1) "
            "SELECT p.id FROM papers p LEFT JOIN mentions m ON m.paper_id = p.id "
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
            "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper_id) AS n FROM entities e "
            f"JOIN mentions m ON m.entity_id = e.id WHERE e.type = ? AND {kind_clause} "
            "GROUP BY e.id HAVING n >= ? ORDER BY n DESC, e.name COLLATE NOCASE LIMIT ?",
            (entity_type, min_papers, _limit(limit)),
        ).fetchall()

    def github_link_papers(self) -> list[tuple[str, str, str]]:
        """Every (GitHub link, its kind, a paper naming it): repository nodes gather several links."""
        return self._connection.execute(
            "SELECT e.name, e.kind, m.paper_id FROM entities e JOIN mentions m ON m.entity_id = e.id "
            "WHERE e.type = 'url' AND e.kind = 'github_repo'"
        ).fetchall()

    def strongest_mentions(
        self, entity_ids: Iterable[int], *, limit: int | None = None
    ) -> list[tuple[str, str, str, str, str]]:
        """Each paper naming the entities once, by its strongest mention, as (id, title, relation, role, evidence):
        proposers first, then users, then the rest, by title; the first ``limit`` only when given."""
        # With min(), SQLite takes the other columns from the row holding the minimum: the strongest mention.
        rows = self._connection.execute(
            f"SELECT p.id, p.title, m.relation, coalesce(m.role, ''), m.evidence, min({_RELATION_RANK}) AS rank "
            "FROM mentions m JOIN papers p ON p.id = m.paper_id WHERE m.entity_id IN (SELECT value FROM json_each(?)) "
            "GROUP BY p.id ORDER BY rank, p.title COLLATE NOCASE, p.id LIMIT ?",
            (_json(sorted(entity_ids)), _limit(limit)),
        )
        return [row[:5] for row in rows]

    def count_papers_naming(self, entity_ids: Iterable[int]) -> int:
        """How many papers name any of the entities."""
        row = self._connection.execute(
            "SELECT count(DISTINCT paper_id) FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))",
            (_json(sorted(entity_ids)),),
        ).fetchone()
        return int(row[0])

    def link_rows(self, *, limit: int | None = None) -> list[tuple[str, str, str, str, list[str]]]:
        """Every paper's links as (paper id, title, url, kind, fields giving it: text and/or metadata),
        papers by title, GitHub then Hugging Face then the rest within a paper."""
        rows = self._connection.execute(
            "SELECT p.id, p.title, e.name, coalesce(e.kind, ''), "
            "group_concat(DISTINCT CASE WHEN m.field = 'metadata' THEN 'metadata' ELSE 'text' END) "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN papers p ON p.id = m.paper_id "
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
            "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper_id) AS n FROM entities e "
            "JOIN mentions m ON m.entity_id = e.id WHERE e.name LIKE ? ESCAPE '\\' "
            "GROUP BY e.id ORDER BY n DESC, e.name COLLATE NOCASE LIMIT ?",
            (_like_pattern(text), limit),
        ).fetchall()

    def paper_titles(self, *, limit: int) -> list[tuple[str, str]]:
        """Paper (id, title) pairs in title order."""
        return self._connection.execute(
            "SELECT id, title FROM papers ORDER BY title COLLATE NOCASE, id LIMIT ?", (limit,)
        ).fetchall()

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
