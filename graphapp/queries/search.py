"""Papers and entities by (part of) their title or name, for the search box and the CLI's node names.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "CIFAR tricks", "x"), [Occurrence("dataset", "CIFAR-10", "uses", "CIFAR-10", "e")])
>>> [hit.node for hit in search(store, "cifar")]
['paper:a', 'dataset:CIFAR-10']
"""

from __future__ import annotations

from dataclasses import dataclass

from graphapp.nodes import NodeId
from graphapp.store import Store


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A paper or an entity whose title or name contains the searched text."""

    node: str
    label: str
    node_type: str
    papers: int


def search(store: Store, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Papers whose title or id and entities whose name contain ``text`` (any case): exact and prefix matches
    first, then the entities most papers name.
    """
    text = " ".join(text.split())
    if not text:
        return []
    hits: list[tuple[int, SearchHit]] = []
    for pid, title in store.papers_titled_like(text, limit=limit):
        closeness = _closeness(title, text) if pid != text else 0
        hits.append((closeness, SearchHit(str(NodeId.paper(pid)), title, "paper", 1)))
    for etype, name, kind, papers in store.entities_named_like(text, limit=limit):
        node = NodeId.entity(etype, name, kind)
        hits.append((_closeness(name, text), SearchHit(str(node), name, node.type, papers)))
    hits.sort(key=lambda item: (item[0], -item[1].papers, item[1].label.casefold()))
    return [hit for _, hit in hits[:limit]]


def _closeness(found: str, wanted: str) -> int:
    """0 for an exact match, 1 for a prefix, 2 for anywhere inside."""
    found, wanted = found.casefold(), wanted.casefold()
    return 0 if found == wanted else 1 if found.startswith(wanted) else 2


def paper_titles(store: Store, *, limit: int = 5000) -> dict[str, str]:
    """Paper node ids and titles in title order, for a picker (the search box reaches the rest)."""
    return {str(NodeId.paper(pid)): title for pid, title in store.paper_titles(limit=limit)}
