"""Full-text search over every paper title and entity name of a store (SQLite FTS5), paged, with true counts.

The index is two external-content FTS5 tables kept in step with ``papers`` and ``entities`` by triggers, so every
write (CLI ingest, upload, fetch, a correction) is searchable at once and nothing is stored twice.
:func:`ensure_search_index` creates them on a store that lacks them and fills them from what it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphapp.graph import entity_node
from graphapp.store import Store

SEARCH_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(title, content='papers', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS entities_fts USING fts5(name, content='entities', content_rowid='id',
    tokenize='unicode61');
CREATE TRIGGER IF NOT EXISTS papers_fts_insert AFTER INSERT ON papers BEGIN
    INSERT INTO papers_fts (rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER IF NOT EXISTS papers_fts_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
CREATE TRIGGER IF NOT EXISTS papers_fts_update AFTER UPDATE OF title ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
    INSERT INTO papers_fts (rowid, title) VALUES (new.rowid, new.title);
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_insert AFTER INSERT ON entities BEGIN
    INSERT INTO entities_fts (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_delete AFTER DELETE ON entities BEGIN
    INSERT INTO entities_fts (entities_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_update AFTER UPDATE OF name ON entities BEGIN
    INSERT INTO entities_fts (entities_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO entities_fts (rowid, name) VALUES (new.id, new.name);
END;
"""
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Hit:
    """A paper or an entity matching a search."""

    node: str
    label: str
    node_type: str
    papers: int
    """Papers naming the entity (1 for a paper)."""


@dataclass(frozen=True, slots=True)
class Results:
    """One page of hits and how many there are in all, per kind."""

    hits: list[Hit]
    papers: int
    entities: int

    @property
    def total(self) -> int:
        return self.papers + self.entities


def ensure_search_index(store: Store) -> None:
    """Create the search index if the store lacks it, filled from the papers and entities already stored."""
    connection = store.connection
    present = connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers_fts'").fetchone()
    if present:
        return
    with store.transaction():
        for statement in _statements(SEARCH_SCHEMA):
            connection.execute(statement)
        connection.execute("INSERT INTO papers_fts (papers_fts) VALUES ('rebuild')")
        connection.execute("INSERT INTO entities_fts (entities_fts) VALUES ('rebuild')")


def _statements(script: str) -> list[str]:
    """The statements of a schema script (triggers hold semicolons, so split on ``END;`` and plain ``;``)."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text.endswith(";") and (not text.upper().startswith("CREATE TRIGGER") or text.upper().endswith("END;")):
            statements.append(text)
            current = []
    return statements


def match_query(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word must appear, the last one as a prefix ("cifar 1" finds
    "CIFAR-10"); None when nothing searchable is left. Words are quoted, so no FTS syntax reaches SQLite.

    >>> match_query("CIFAR-1"), match_query('" * ^'), match_query('x" OR y')
    ('"CIFAR" "1"*', None, '"x" "OR" "y"*')
    """
    words = _TOKEN.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(store: Store, text: str, *, offset: int = 0, limit: int = 20, kinds: str = "all") -> Results:
    """Entities then papers matching ``text``: entities most named first, papers best match first (by bm25), a
    paper id typed exactly first of all. ``kinds`` is "all", "papers" or "entities"; the counts cover every match.

    >>> with Store(":memory:") as store:
    ...     ensure_search_index(store)
    ...     search(store, "anything")
    Results(hits=[], papers=0, entities=0)
    """
    query = match_query(text)
    if query is None:
        return Results([], 0, 0)
    connection = store.connection
    exact = connection.execute("SELECT id, title FROM papers WHERE id = ?", (text.strip(),)).fetchone()
    papers = entities = 0
    if kinds in ("all", "papers"):
        papers = connection.execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (query,)).fetchone()[0]
    if kinds in ("all", "entities"):
        entities = connection.execute(
            "SELECT count(*) FROM entities_fts f JOIN entities e ON e.id = f.rowid "
            "WHERE entities_fts MATCH ? AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)",
            (query,),
        ).fetchone()[0]
    hits: list[Hit] = []
    if exact and kinds != "entities" and offset == 0:
        hits.append(Hit(f"paper:{exact[0]}", exact[1], "paper", 1))
    if offset < entities:
        rows = connection.execute(
            "SELECT e.type, e.name, e.kind, (SELECT count(DISTINCT m.paper_id) FROM mentions m "
            "WHERE m.entity_id = e.id) AS n FROM entities_fts f JOIN entities e ON e.id = f.rowid "
            "WHERE entities_fts MATCH ? AND n > 0 "
            "ORDER BY lower(e.name) != lower(?), n DESC, e.name COLLATE NOCASE, e.id LIMIT ? OFFSET ?",
            (query, text.strip(), limit, offset),
        )
        for etype, name, kind, count in rows:
            node = entity_node(etype, name, kind)
            hits.append(Hit(node, name, node.partition(":")[0], count))
    left = limit - (len(hits) - (1 if exact and offset == 0 and kinds != "entities" else 0))
    if left > 0 and kinds != "entities":
        start = max(0, offset - entities)
        rows = connection.execute(
            "SELECT p.id, p.title FROM papers_fts f JOIN papers p ON p.rowid = f.rowid WHERE papers_fts MATCH ? "
            "ORDER BY bm25(papers_fts), p.title COLLATE NOCASE LIMIT ? OFFSET ?",
            (query, left, start),
        )
        hits.extend(Hit(f"paper:{pid}", title, "paper", 1) for pid, title in rows if not exact or pid != exact[0])
    return Results(hits, papers, entities)


def paper_titles(store: Store, text: str = "", *, offset: int = 0, limit: int = 200) -> tuple[dict[str, str], int]:
    """One page of papers for a picker, as {node: title}, and how many there are in all: every paper by title
    when ``text`` is empty, else those whose title matches it (best first) or whose id it is.

    >>> with Store(":memory:") as store:
    ...     ensure_search_index(store)
    ...     paper_titles(store)
    ({}, 0)
    """
    if not text.strip():
        total = store.connection.execute("SELECT count(*) FROM papers").fetchone()[0]
        rows = store.connection.execute(
            "SELECT id, title FROM papers ORDER BY title COLLATE NOCASE, id LIMIT ? OFFSET ?", (limit, offset)
        )
        return {f"paper:{pid}": title for pid, title in rows}, total
    found = search(store, text, offset=offset, limit=limit, kinds="papers")
    return {hit.node: hit.label for hit in found.hits}, found.papers
