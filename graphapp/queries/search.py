"""Papers and entities by the words of their title or name (SQLite FTS5), paged, with true counts: the search box,
the paper pickers and the CLI's node names.

Entities come first (an exact name first, then the most named), then papers (best match first by bm25); a paper id
typed exactly comes first of all. A store from before the index (opened read-only, so not upgraded) is searched by
substring instead.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "CIFAR tricks", "x"), [Occurrence("dataset", "CIFAR-10", "uses", "CIFAR-10", "e")])
>>> [hit.node for hit in search(store, "cifar").hits]
['dataset:CIFAR-10', 'paper:a']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphapp.nodes import NodeId
from graphapp.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)
KINDS = ("all", "papers", "entities")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A paper or an entity matching a search."""

    node: str
    label: str
    node_type: str
    papers: int
    """Papers naming the entity (1 for a paper)."""


@dataclass(frozen=True, slots=True)
class Results:
    """One page of hits, and how many papers and entities match in all."""

    hits: list[SearchHit]
    papers: int
    entities: int

    @property
    def total(self) -> int:
        return self.papers + self.entities


def match_query(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word must appear, the last one as a prefix ("cifar 1" finds
    "CIFAR-10"); None when nothing searchable is left. Words are quoted, so no FTS syntax reaches SQLite.

    >>> match_query("CIFAR-1"), match_query('" * ^'), match_query('x" OR y')
    ('"CIFAR" "1"*', None, '"x" "OR" "y"*')
    """
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(store: Store, text: str, *, offset: int = 0, limit: int = 20, kinds: str = "all") -> Results:
    """The hits ``offset`` to ``offset + limit`` of a search for ``text``; ``kinds`` is "all", "papers" or
    "entities"; the counts cover every match."""
    if kinds not in KINDS:
        raise ValueError(f"kinds must be one of {', '.join(KINDS)}")
    text = " ".join(text.split())
    query = match_query(text)
    if query is None:
        return Results([], 0, 0)
    if not store.has_search_index():
        return _substring_search(store, text, limit=limit, kinds=kinds)
    papers = store.count_papers_matching(query) if kinds != "entities" else 0
    entities = store.count_entities_matching(query) if kinds != "papers" else 0
    hits: list[SearchHit] = []
    exact = store.paper(text) if kinds != "entities" and offset == 0 else None
    if exact is not None:
        hits.append(SearchHit(str(NodeId.paper(exact.id)), exact.title, "paper", 1))
    if offset < entities:
        hits += [_entity_hit(*row) for row in store.entities_matching(query, text, limit=limit, offset=offset)]
    room = limit - len(hits) + (1 if exact is not None else 0)
    if room > 0 and kinds != "entities":
        rows = store.papers_matching(query, limit=room, offset=max(0, offset - entities))
        hits += [SearchHit(str(NodeId.paper(pid)), title, "paper", 1) for pid, title in rows
                 if exact is None or pid != exact.id]  # fmt: skip
    return Results(hits, papers, entities)


def _entity_hit(entity_type: str, name: str, kind: str | None, papers: int) -> SearchHit:
    node = NodeId.entity(entity_type, name, kind)
    return SearchHit(str(node), name, node.type, papers)


def _substring_search(store: Store, text: str, *, limit: int, kinds: str) -> Results:
    """One page of substring matches, for a store without the index (counts are those of the page)."""
    papers = [] if kinds == "entities" else store.papers_titled_like(text, limit=limit)
    entities = [] if kinds == "papers" else store.entities_named_like(text, limit=limit)
    hits = [_entity_hit(*row) for row in entities]
    hits += [SearchHit(str(NodeId.paper(pid)), title, "paper", 1) for pid, title in papers]
    return Results(hits[:limit], len(papers), len(entities))


def paper_titles(store: Store, text: str = "", *, offset: int = 0, limit: int = 200) -> tuple[dict[str, str], int]:
    """One page of papers for a picker as {node: title}, and how many there are in all: every paper by title
    when ``text`` is empty, else those whose title matches it (best first) or whose id it is.

    >>> paper_titles(Store(":memory:"))
    ({}, 0)
    """
    if not text.strip():
        rows = store.paper_titles(limit=limit, offset=offset)
        return {str(NodeId.paper(pid)): title for pid, title in rows}, store.paper_count()
    found = search(store, text, offset=offset, limit=limit, kinds="papers")
    return {hit.node: hit.label for hit in found.hits}, found.papers
