"""Clusters of the store's papers: Leiden communities of the nearest-paper graph, labelled by distinctive entities.

>>> from graphapp.model import Paper
>>> from graphapp.textindex import update_text_index
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_papers([(Paper("a", "Graph molecules", "graph molecule atoms bonds"), []),
...                       (Paper("b", "Molecule graphs", "atoms bonds graph molecule"), []),
...                       (Paper("c", "Speech audio", "speech audio recognition words"), []),
...                       (Paper("d", "Audio speech", "recognition of speech audio words"), [])])
...     _ = update_text_index(store)
>>> sorted(sorted(c.papers) for c in clusters(store, min_size=2))
[['paper:a', 'paper:b'], ['paper:c', 'paper:d']]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from graphapp.analysis.communities import distinctive_entities, leiden_communities
from graphapp.nodes import NodeId
from graphapp.store import Store

#: Nearest-paper links weaker than this are left out of the graph the clusters are found in.
MIN_SIMILARITY = 0.1


@dataclass(frozen=True, slots=True)
class Cluster:
    """A community of papers: its ``size``, a ``label`` made of its most distinctive entities (with how many
    of its papers name each), and its ``papers`` (node ids), the most central first (all of them; ``titles``
    holds the titles of the first five)."""

    number: int
    size: int
    label: str
    entities: tuple[tuple[str, int], ...]
    papers: tuple[str, ...]
    titles: tuple[str, ...]


def clusters(store: Store, *, resolution: float = 1.0, min_size: int = 3, limit: int | None = None) -> list[Cluster]:
    """The clusters of at least ``min_size`` papers, largest first; a higher ``resolution`` gives smaller ones.

    Papers without a nearest paper as alike as :data:`MIN_SIMILARITY` belong to none.
    """
    with store.snapshot():
        links = [(a, b, s) for a, b, s in store.nearest_links() if s >= MIN_SIMILARITY]
        pairs = store.paper_entities()
        total = store.paper_count()
    strength: defaultdict[str, float] = defaultdict(float)
    for one, other, similarity in links:
        strength[one] += similarity
        strength[other] += similarity
    entities_of: dict[str, set[str]] = defaultdict(set)
    for paper, etype, name, kind in pairs:
        entities_of[paper].add(str(NodeId.entity(etype, name, kind)))
    papers_naming = Counter(node for nodes in entities_of.values() for node in nodes)
    groups = [group for group in leiden_communities(links, resolution=resolution) if len(group) >= min_size]
    groups = groups[:limit] if limit is not None else groups
    central = [sorted(group, key=lambda paper: (-strength[paper], paper)) for group in groups]
    with store.snapshot():
        titles = {p.id: p.title for p in store.papers({pid for members in central for pid in members[:5]})}
    found = []
    for number, members in enumerate(central):
        entities = distinctive_entities(members, entities_of, papers_naming, total)
        label = ", ".join(NodeId.parse(node).key for node, _ in entities) or titles[members[0]]
        found.append(
            Cluster(
                number,
                len(members),
                label,
                tuple(entities),
                tuple(str(NodeId.paper(pid)) for pid in members),
                tuple(titles[pid] for pid in members[:5]),
            )
        )
    return found
