"""What a dataset is used with: the datasets named in the same papers, and the models evaluated on it.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> def uses(kind, name):
...     return Occurrence(kind, name, "uses", name, "e")
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x"), [uses("dataset", "COCO"), uses("dataset", "LVIS"), uses("model", "DETR")])
...     store.put_paper(Paper("b", "B", "x"), [uses("dataset", "COCO"), uses("dataset", "LVIS")])
...     store.put_paper(Paper("c", "C", "x"), [uses("dataset", "COCO"), uses("model", "DETR")])
>>> found = cousage(store, "dataset:COCO")
>>> found.papers, [(u.node, u.papers) for u in found.datasets], [(u.node, u.papers) for u in found.models]
(3, [('dataset:LVIS', 2)], [('model:DETR', 2)])
"""

from __future__ import annotations

from dataclasses import dataclass

from graphapp.nodes import NodeId
from graphapp.queries.lookup import entity_ids
from graphapp.store import Store


@dataclass(frozen=True, slots=True)
class UsedWith:
    """An entity named in ``papers`` of the same papers, and ``lift``: how many times more often than if the
    two were named independently (above 1: they go together)."""

    node: str
    papers: int
    lift: float


@dataclass(frozen=True, slots=True)
class CoUsage:
    """A dataset (or any entity), the papers naming it, the datasets used with it and the models evaluated
    on it (named in the same papers), the most shared first."""

    node: str
    papers: int
    datasets: tuple[UsedWith, ...]
    models: tuple[UsedWith, ...]


def cousage(store: Store, node: str | NodeId, limit: int = 10) -> CoUsage:
    """The datasets and models named with ``node``; KeyError when no paper names it."""
    wanted = NodeId.parse(node)
    with store.snapshot():
        ids = entity_ids(store, wanted)
        if not ids:
            raise KeyError(f"no node {str(wanted)!r} in the graph")
        papers = len(store.papers_naming(ids))
        rows = store.co_named(ids, ("dataset", "model"))
        total = store.paper_count()
    found: dict[str, list[UsedWith]] = {"dataset": [], "model": []}
    for etype, name, kind, shared, naming in rows:
        other = NodeId.entity(etype, name, kind)
        lift = shared * total / max(papers * naming, 1)
        if len(found[etype]) < limit:
            found[etype].append(UsedWith(str(other), shared, round(lift, 2)))
    return CoUsage(str(wanted), papers, tuple(found["dataset"]), tuple(found["model"]))
