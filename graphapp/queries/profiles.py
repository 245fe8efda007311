"""What an entity's page shows besides who introduced it (:mod:`~graphapp.queries.origin`) and what it is used with
(:mod:`~graphapp.queries.cousage`): how many papers name it and how, when, the code released with it and its
variants. The "papers using dataset X" page.

One function per question, each taking an entity node (``"dataset:CIFAR-10"``), each over the whole store.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     store.put_paper(Paper("a", "A", "x", date="2025-01-02"), [Occurrence("dataset", "X", "proposes", "X", "e")])
...     store.put_paper(Paper("b", "B", "x", date="2025-03-02"), [Occurrence("dataset", "X", "uses", "X", "e")])
>>> profile(store, "dataset:X").relations, timeline(store, "dataset:X")
({'proposes': 1, 'uses': 1}, [('2025-01', 1), ('2025-02', 0), ('2025-03', 1)])
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from graphapp.nodes import NodeId
from graphapp.queries.lookup import entity_ids
from graphapp.store import Store

#: Entity types whose names come in versions and sizes.
VARIANT_TYPES = ("dataset", "model", "method", "task")
_VERSION_TAIL = re.compile(r"[\s\-_]*(?:v?\d+(?:\.\d+)*[a-z]?|[\d.]+[kmb])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Profile:
    """An entity at a glance: papers naming it, per strongest relation, and the dates of the first and last."""

    node: str
    name: str
    node_type: str
    papers: int
    relations: dict[str, int]
    first_date: str
    last_date: str


@dataclass(frozen=True, slots=True)
class Named:
    """An entity and the papers behind it (naming it, or naming it together with another one)."""

    node: str
    name: str
    papers: int


def profile(store: Store, node: str | NodeId) -> Profile | None:
    """How many papers name ``node``, by strongest relation, and the first and last dates; None when none does."""
    rows = store.paper_relations_and_dates(entity_ids(store, node))
    if not rows:
        return None
    dates = sorted(date for _, date in rows if date)
    first, last = (dates[0], dates[-1]) if dates else ("", "")
    parsed = NodeId.parse(node)
    relations = dict(Counter(relation for relation, _ in rows))
    return Profile(str(parsed), parsed.key, parsed.type, len(rows), relations, first, last)


def timeline(store: Store, node: str | NodeId) -> list[tuple[str, int]]:
    """Papers naming ``node`` per month, every month from the first to the last (zeros too, so a sparkline's axis
    is time); undated papers are left out."""
    months = store.papers_per_month(entity_ids(store, node))
    return [(month, months.get(month, 0)) for month in month_range(min(months), max(months))] if months else []


def month_range(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), both included.

    >>> month_range("2025-11", "2026-02")
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04}-{month:02}" <= last:
        months.append(f"{year:04}-{month:02}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def released_code(store: Store, node: str | NodeId) -> list[Named]:
    """The GitHub repos and Hugging Face pages linked by the papers proposing ``node``: its code and weights."""
    found: dict[str, Named] = {}
    for url, kind, papers in store.code_of_proposers(entity_ids(store, node)):
        link = NodeId.entity("url", url, kind)
        found.setdefault(str(link), Named(str(link), link.key, papers))
    return list(found.values())


def base_name(name: str) -> str:
    """A name without its version or size tail: what its variants share.

    >>> base_name("CIFAR-100"), base_name("ImageNet-21k"), base_name("Llama 3.1"), base_name("GLUE")
    ('CIFAR', 'ImageNet', 'Llama', 'GLUE')
    """
    return _VERSION_TAIL.sub("", name) or name


def variants(store: Store, node: str | NodeId, *, limit: int = 20) -> list[Named]:
    """Other entities of the same type that are versions of ``node``: the same model family, or the same name
    with another version or size (CIFAR-10 / CIFAR-100, ImageNet / ImageNet-21k), most named first."""
    parsed = NodeId.parse(node)
    if parsed.type not in VARIANT_TYPES:
        return []
    base = base_name(parsed.key)
    own = entity_ids(store, parsed)
    family = store.family_of(own)
    found = [
        Named(str(NodeId.entity(parsed.type, other)), other, n)
        for eid, other, n in store.entities_starting(parsed.type, base, family)
        if eid not in own and (base_name(other) == base or family is not None)
    ]
    return found[:limit]
