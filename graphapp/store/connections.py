"""The store's reads and writes for connections: the text model, paper vectors, nearest papers, dated counts."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import numpy as np

from graphapp.store.schema import (
    KEYS,
    RELATIONS,
    decoded,
    holder_rows,
    pack_keys,
    pack_similarities,
    unpack_keys,
    unpack_similarities,
    unpack_text,
)


def _json(values: Iterable[object]) -> str:
    return json.dumps(list(values))


class ConnectionTables:
    """The SQL of the text index and of the dated, co-occurrence and origin counts (a part of Store)."""

    _connection: sqlite3.Connection

    # -- the text index ------------------------------------------------------------------------------

    def has_text_index(self) -> bool:
        """False for a store of an earlier release opened read-only (the upgrade that adds its lists, or packs
        them as schema version 7 does, needs a write): its readers then answer as for an empty index."""
        row = self._connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'nearest_lists'")
        return row.fetchone() is not None

    def text_model_record(self) -> tuple[str, bytes, bytes, int, str] | None:
        """The stored text model (vocabulary JSON, IDF bytes, axes bytes, papers, fitted_at), if any."""
        return self._connection.execute(
            "SELECT vocabulary, idf, components, papers, fitted_at FROM text_model WHERE id = 1"
        ).fetchone()

    def text_model_stamp(self) -> str | None:
        """When the stored text model was fitted (None when there is none): the key to cache it on."""
        if not self.has_text_index():
            return None
        row = self._connection.execute("SELECT fitted_at FROM text_model WHERE id = 1").fetchone()
        return None if row is None else row[0]

    def put_text_model(self, vocabulary: str, idf: bytes, components: bytes, papers: int) -> str:
        """Replace the text model (call inside a transaction); returns its fitted_at stamp."""
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        self._connection.execute(
            "INSERT OR REPLACE INTO text_model (id, vocabulary, idf, components, papers, fitted_at) "
            "VALUES (1, ?, ?, ?, ?, ?)",
            (vocabulary, idf, components, papers, stamp),
        )
        return stamp

    def paper_texts(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, str, str]]:
        """(id, title, abstract) of every paper, or of the given ones, in id order."""
        if ids is None:
            rows = self._connection.execute("SELECT id, title, abstract FROM papers ORDER BY id")
        else:
            rows = self._connection.execute(
                "SELECT id, title, abstract FROM papers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                (_json(ids),),
            )
        for pid, title, abstract in rows:
            yield pid, title, unpack_text(abstract)

    def vector_digests(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The text digest each given paper's stored vector was made from."""
        rows = self._connection.execute(
            "SELECT paper_id, digest FROM paper_vectors WHERE paper_id IN (SELECT value FROM json_each(?))",
            (_json(ids),),
        )
        return dict(rows.fetchall())

    def put_paper_vectors(self, rows: Iterable[tuple[str, bytes, bytes]]) -> None:
        """Store (paper id, text digest, LSA vector bytes) rows, replacing those of the same papers."""
        self._connection.executemany(
            "INSERT OR REPLACE INTO paper_vectors (paper_id, digest, vector) VALUES (?, ?, ?)", rows
        )

    def paper_vectors(self, ids: Iterable[str] | None = None) -> tuple[list[str], list[bytes]]:
        """Paper ids and their LSA vector bytes: every stored one, or the given papers' (in id order)."""
        if ids is None:
            rows = self._connection.execute("SELECT paper_id, vector FROM paper_vectors ORDER BY paper_id")
        else:
            rows = self._connection.execute(
                "SELECT paper_id, vector FROM paper_vectors WHERE paper_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY paper_id",
                (_json(ids),),
            )
        found = rows.fetchall()
        return [pid for pid, _ in found], [blob for _, blob in found]

    def clear_text_index(self) -> None:
        """Forget every vector and nearest-paper list (before a rebuild with a new model)."""
        self._connection.execute("DELETE FROM paper_vectors")
        self._connection.execute("DELETE FROM nearest_lists")

    def _paper_keys(self, ids: Iterable[str]) -> dict[str, int]:
        """The given papers' integer keys (their rowids: what the nearest-paper lists hold)."""
        rows = self._connection.execute(
            "SELECT id, rowid FROM papers WHERE id IN (SELECT value FROM json_each(?))", (_json(ids),)
        )
        return dict(rows.fetchall())

    def _paper_ids(self, keys: Iterable[int] | None = None) -> dict[int, str]:
        """The text ids of the papers with the given keys (None: of every paper)."""
        if keys is None:
            return dict(self._connection.execute("SELECT rowid, id FROM papers").fetchall())
        rows = self._connection.execute(
            "SELECT rowid, id FROM papers WHERE rowid IN (SELECT value FROM json_each(?))", (_json(keys),)
        )
        return dict(rows.fetchall())

    def _nearest_rows(self, keys: Iterable[int], columns: str) -> dict[int, tuple[bytes, ...]]:
        rows = self._connection.execute(
            f"SELECT paper, {columns} FROM nearest_lists WHERE paper IN (SELECT value FROM json_each(?))",
            (_json(keys),),
        )
        return {paper: tuple(rest) for paper, *rest in rows}

    def nearest(self, ids: Iterable[str]) -> dict[str, list[tuple[str, float]]]:
        """Each given paper's stored nearest papers with their similarity, most similar first."""
        if not self.has_text_index():
            return {}
        keys = self._paper_keys(ids)
        rows = self._nearest_rows(keys.values(), "others, similarities")
        lists = {key: (unpack_keys(others), unpack_similarities(sims)) for key, (others, sims) in rows.items()}
        names = self._paper_ids({other for others, _ in lists.values() for other in others})
        return {
            pid: [(names[other], similarity) for other, similarity in zip(*lists[key], strict=True)]
            for pid, key in keys.items()
            if key in lists and lists[key][0]
        }

    def nearest_both(self, paper_id: str) -> list[tuple[str, float]]:
        """The papers in one paper's nearest list and those whose lists hold it, with the similarity, by id."""
        if not self.has_text_index():
            return []
        key = self._paper_keys([paper_id]).get(paper_id)
        own = None if key is None else self._nearest_rows([key], "others, similarities, holders").get(key)
        if own is None:
            return []
        best = dict(zip(unpack_keys(own[0]), unpack_similarities(own[1]), strict=True))
        for holder, (others, sims) in self._nearest_rows(unpack_keys(own[2]), "others, similarities").items():
            similarity = dict(zip(unpack_keys(others), unpack_similarities(sims), strict=True))[key]
            best[holder] = max(best.get(holder, similarity), similarity)
        names = self._paper_ids(best)
        return sorted((names[other], similarity) for other, similarity in best.items())

    def listing(self, ids: Iterable[str]) -> set[str]:
        """The papers whose nearest-paper lists hold any of the given papers."""
        rows = self._nearest_rows(self._paper_keys(ids).values(), "holders")
        holders = {holder for (blob,) in rows.values() for holder in unpack_keys(blob)}
        return set(self._paper_ids(holders).values())

    def drop_from_nearest(self, ids: Iterable[str]) -> None:
        """Remove the given papers from every nearest-paper list (their text changed)."""
        keys = set(self._paper_keys(ids).values())
        held = self._nearest_rows(keys, "holders")
        holders = {holder for (blob,) in held.values() for holder in unpack_keys(blob)}
        rewritten = []
        for holder, (others, sims) in self._nearest_rows(holders, "others, similarities").items():
            ranked = zip(unpack_keys(others), unpack_similarities(sims), strict=True)
            kept = [(other, similarity) for other, similarity in ranked if other not in keys]
            rewritten.append((pack_keys(o for o, _ in kept), pack_similarities(sim for _, sim in kept), holder))
        self._connection.executemany("UPDATE nearest_lists SET others = ?, similarities = ? WHERE paper = ?", rewritten)
        self._connection.executemany("UPDATE nearest_lists SET holders = x'' WHERE paper = ?", [(k,) for k in held])

    def _list_rows(
        self, lists: dict[str, list[tuple[str, float]]]
    ) -> tuple[list[tuple[int, bytes, bytes]], dict[int, list[int]]]:
        """The packed ``nearest_lists`` rows of the given lists (most similar first, ties by id), and each
        listing paper's new neighbours' keys."""
        keys = self._paper_keys({*lists, *(other for ranked in lists.values() for other, _ in ranked)})
        rows, listed = [], {}
        for pid, ranked in lists.items():
            ordered = sorted(ranked, key=lambda pair: (-pair[1], pair[0]))
            listed[keys[pid]] = [keys[other] for other, _ in ordered]
            rows.append((keys[pid], pack_keys(listed[keys[pid]]), pack_similarities(sim for _, sim in ordered)))
        return rows, listed

    def _put_list_rows(self, rows: list[tuple[int, bytes, bytes]]) -> None:
        self._connection.executemany(
            "INSERT INTO nearest_lists (paper, others, similarities, holders) VALUES (?, ?, ?, x'') "
            "ON CONFLICT (paper) DO UPDATE SET others = excluded.others, similarities = excluded.similarities",
            rows,
        )

    def _put_holders(self, holders: Iterable[tuple[int, bytes]]) -> None:
        self._connection.executemany(
            "INSERT INTO nearest_lists (paper, others, similarities, holders) VALUES (?, x'', x'', ?) "
            "ON CONFLICT (paper) DO UPDATE SET holders = excluded.holders",
            holders,
        )

    def put_nearest(self, lists: dict[str, list[tuple[str, float]]]) -> None:
        """Replace the nearest-paper lists of the given papers (call inside a transaction), keeping the reverse
        lists (who lists each paper) in step."""
        rows, listed = self._list_rows(lists)
        old = self._nearest_rows(listed, "others")
        added: dict[int, set[int]] = defaultdict(set)
        removed: dict[int, set[int]] = defaultdict(set)
        for key, new in listed.items():
            before = set(unpack_keys(old[key][0])) if key in old else set()
            for other in before.difference(new):
                removed[other].add(key)
            for other in set(new).difference(before):
                added[other].add(key)
        self._put_list_rows(rows)
        changed = added.keys() | removed.keys()
        current = self._nearest_rows(changed, "holders")
        self._put_holders(
            (other, pack_keys(sorted(
                set(unpack_keys(current[other][0]) if other in current else ()) - removed[other] | added[other]
            )))
            for other in sorted(changed)
        )  # fmt: skip

    def put_rebuilt_nearest(self, chunks: Iterable[dict[str, list[tuple[str, float]]]]) -> None:
        """Write every paper's list after :meth:`clear_text_index` (call inside a transaction), chunk by chunk as a
        rebuild finds them, and who lists each paper once at the end: keeping that in step chunk by chunk
        (:meth:`put_nearest`) rewrites most papers' reverse lists once per chunk (20 times in a 1M rebuild)."""
        listing, listed = array(KEYS), array(KEYS)
        for lists in chunks:
            rows, new = self._list_rows(lists)
            self._put_list_rows(rows)
            for key, others in new.items():
                listing.extend([key] * len(others))
                listed.extend(others)
        self._put_holders(holder_rows(np.frombuffer(listing, np.int32), np.frombuffer(listed, np.int32)))

    def paper_entity_pairs(self, paper_ids: Iterable[str]) -> list[tuple[str, int]]:
        """Each (paper, entity id) pair of the given papers' mentions, once."""
        return self._connection.execute(
            "SELECT DISTINCT p.id, m.entity_id FROM mentions m JOIN papers p ON p.rowid = m.paper "
            "WHERE m.paper IN (SELECT rowid FROM papers WHERE id IN (SELECT value FROM json_each(?)))",
            (_json(paper_ids),),
        ).fetchall()

    def nearest_links(self, ids: Iterable[str] | None = None) -> list[tuple[str, str, float]]:
        """Stored (paper, nearest paper, similarity) pairs, by paper and nearest paper: all, or those between
        the given papers."""
        if not self.has_text_index():
            return []
        if ids is None:
            names = self._paper_ids()
            rows = self._connection.execute("SELECT paper, others, similarities FROM nearest_lists")
        else:
            keys = self._paper_keys(ids)
            names = {key: pid for pid, key in keys.items()}
            rows = self._connection.execute(
                "SELECT paper, others, similarities FROM nearest_lists WHERE paper IN (SELECT value FROM json_each(?))",
                (_json(keys.values()),),
            )
        return sorted(
            (names[paper], names[other], similarity)
            for paper, others, sims in rows
            for other, similarity in zip(unpack_keys(others), unpack_similarities(sims), strict=True)
            if other in names
        )

    # -- entities over time, together, and first -------------------------------------------------------

    def paper_entities(self) -> list[tuple[str, str, str, str | None]]:
        """Every (paper, entity type, name, kind) pair of the store, once."""
        return self._connection.execute(
            "SELECT p.id, e.type, e.name, e.kind FROM (SELECT DISTINCT paper, entity_id FROM mentions) m "
            "JOIN entities e ON e.id = m.entity_id JOIN papers p ON p.rowid = m.paper ORDER BY p.id, m.entity_id"
        ).fetchall()

    def paper_dates(self) -> dict[str, str]:
        """Every dated paper's date (as stored: ISO, maybe with a time)."""
        return dict(self._connection.execute("SELECT id, date FROM papers WHERE date IS NOT NULL").fetchall())

    def entity_papers_of_type(
        self, entity_type: str
    ) -> tuple[dict[int, tuple[str, str | None]], list[tuple[int, str]]]:
        """The entities of one stored type as {id: (name, kind)}, and every (entity id, paper id) pair naming one."""
        entities = self._connection.execute("SELECT id, name, kind FROM entities WHERE type = ?", (entity_type,))
        pairs = self._connection.execute(
            "SELECT DISTINCT m.entity_id, m.paper FROM entities e JOIN mentions m ON m.entity_id = e.id "
            "WHERE e.type = ?",
            (entity_type,),
        ).fetchall()
        names = self._paper_ids()  # one scan of the ids' index, not a lookup in the (wide) papers per pair
        return {eid: (name, kind) for eid, name, kind in entities}, [(eid, names[key]) for eid, key in pairs]

    def co_named(
        self, entity_ids: Iterable[int], entity_types: Iterable[str]
    ) -> list[tuple[str, str, str | None, int, int]]:
        """Entities of the given types named in the same papers as any of ``entity_ids``, as (type, name, kind,
        papers naming both, papers naming it), the most shared first."""
        return self._connection.execute(
            "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper) AS n, "
            "(SELECT count(DISTINCT paper) FROM mentions WHERE entity_id = e.id) FROM mentions m "
            "JOIN entities e ON e.id = m.entity_id "
            "WHERE m.paper IN (SELECT paper FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?1))) "
            "AND e.type IN (SELECT value FROM json_each(?2)) AND m.entity_id NOT IN (SELECT value FROM json_each(?1)) "
            "GROUP BY e.id ORDER BY n DESC, e.name",
            (_json(entity_ids), _json(entity_types)),
        ).fetchall()

    def first_namings(self, entity_ids: Iterable[int], limit: int = 1) -> list[tuple[str, str, str | None, str, str]]:
        """The papers naming the entities as (id, title, date, relation, evidence): those proposing it first,
        then by date (undated last) and id."""
        return self._connection.execute(
            f"SELECT p.id, p.title, p.date, {decoded('m.relation', RELATIONS)}, m.evidence FROM mentions m "
            "JOIN papers p ON p.rowid = m.paper "
            "WHERE m.entity_id IN (SELECT value FROM json_each(?)) "
            f"ORDER BY m.relation != {RELATIONS.index('proposes')}, p.date IS NULL, p.date, p.id LIMIT ?",
            (_json(entity_ids), limit),
        ).fetchall()
