"""What an entity's page shows, read from the store: how many papers name it and how, when, who introduced it,
what it is used with, the code released with it and its variants. The "papers using dataset X" page.

One function per question, each taking an entity node id (``"dataset:CIFAR-10"``); every list covers the whole
store, and a function given a limit says how many there are in all (see :class:`Profile`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from graphapp.graph import entity_node
from graphapp.store import Store
from graphapp.store_queries import RELATION_RANK, entity_ids, json_param

#: Entity types "used with" looks at by default: what a researcher pairs a dataset or model with.
CO_USED_TYPES = ("dataset", "model", "method", "task")
_VERSION_TAIL = re.compile(r"[\s\-_]*(?:v?\d+(?:\.\d+)*[a-z]?|[\d.]+[kmb])$", re.IGNORECASE)
_AFTER_PREFIX = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class Profile:
    """An entity at a glance."""

    node: str
    name: str
    node_type: str
    papers: int
    relations: dict[str, int]
    """Papers per strongest relation: proposes, uses, mentions, links_to, cites."""
    first_date: str
    last_date: str


@dataclass(frozen=True, slots=True)
class Named:
    """An entity and the number of papers behind it (naming it, or naming it together with another one)."""

    node: str
    name: str
    papers: int


@dataclass(frozen=True, slots=True)
class Introducer:
    """A paper proposing an entity."""

    paper_id: str
    title: str
    date: str
    evidence: str


def _ids(store: Store, node: str) -> str:
    return json_param(sorted(entity_ids(store, node)))


def profile(store: Store, node: str) -> Profile | None:
    """How many papers name ``node``, by strongest relation, and the first and last dates among them; None when
    no stored paper names it.

    >>> with Store(":memory:") as store:
    ...     profile(store, "dataset:X") is None
    True
    """
    ids = _ids(store, node)
    rows = store.connection.execute(
        f"SELECT min({RELATION_RANK}) AS rank, m.relation, coalesce(p.date, '') FROM mentions m "
        "JOIN papers p ON p.id = m.paper_id WHERE m.entity_id IN (SELECT value FROM json_each(?)) GROUP BY p.id",
        (ids,),
    ).fetchall()
    if not rows:
        return None
    relations = Counter(relation for _, relation, _ in rows)
    dates = sorted(date for _, _, date in rows if date)
    node_type, _, name = node.partition(":")
    return Profile(
        node, name, node_type, len(rows), dict(relations), dates[0] if dates else "", dates[-1] if dates else ""
    )


def timeline(store: Store, node: str) -> list[tuple[str, int]]:
    """Papers naming ``node`` per month (``"2025-03"``), every month from the first to the last included (zeros
    too, so a sparkline's x axis is time); undated papers are left out.
    """
    rows = dict(
        store.connection.execute(
            "SELECT substr(p.date, 1, 7) AS month, count(DISTINCT p.id) FROM mentions m JOIN papers p ON p.id = "
            "m.paper_id WHERE m.entity_id IN (SELECT value FROM json_each(?)) AND length(p.date) >= 7 GROUP BY month",
            (_ids(store, node),),
        )
    )
    return [(month, rows.get(month, 0)) for month in month_range(min(rows), max(rows))] if rows else []


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


def introduced_by(store: Store, node: str, *, limit: int = 5) -> list[Introducer]:
    """The papers proposing ``node``, the earliest first (undated ones last): who introduced it."""
    rows = store.connection.execute(
        "SELECT p.id, p.title, coalesce(p.date, ''), m.evidence FROM mentions m JOIN papers p ON p.id = m.paper_id "
        "WHERE m.entity_id IN (SELECT value FROM json_each(?)) AND m.relation = 'proposes' GROUP BY p.id "
        "ORDER BY p.date IS NULL, p.date, p.title COLLATE NOCASE LIMIT ?",
        (_ids(store, node), limit),
    )
    return [Introducer(*row) for row in rows]


def used_with(store: Store, node: str, *, types: tuple[str, ...] = CO_USED_TYPES, limit: int = 10) -> list[Named]:
    """The entities of ``types`` named by the most papers that also name ``node``: what it is used with."""
    ids = _ids(store, node)
    rows = store.connection.execute(
        "WITH mine AS (SELECT DISTINCT paper_id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))) "
        "SELECT e.type, e.name, e.kind, count(DISTINCT m.paper_id) AS n FROM mine "
        "JOIN mentions m ON m.paper_id = mine.paper_id JOIN entities e ON e.id = m.entity_id "
        "WHERE e.type IN (SELECT value FROM json_each(?)) AND e.id NOT IN (SELECT value FROM json_each(?)) "
        "GROUP BY e.id ORDER BY n DESC, e.name COLLATE NOCASE LIMIT ?",
        (ids, json_param(types), ids, limit),
    )
    return [Named(entity_node(etype, name, kind), name, n) for etype, name, kind, n in rows]


def released_code(store: Store, node: str) -> list[Named]:
    """The GitHub repos and Hugging Face pages linked by the papers proposing ``node``: its code and weights."""
    rows = store.connection.execute(
        "WITH mine AS (SELECT DISTINCT paper_id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?)) "
        "AND relation = 'proposes') SELECT e.name, e.kind, count(DISTINCT m.paper_id) FROM mine "
        "JOIN mentions m ON m.paper_id = mine.paper_id JOIN entities e ON e.id = m.entity_id "
        "WHERE e.type = 'url' AND (e.kind = 'github_repo' OR e.kind LIKE 'hf\\_%' ESCAPE '\\') "
        "GROUP BY e.id ORDER BY e.kind != 'github_repo', e.name",
        (_ids(store, node),),
    )
    found: dict[str, Named] = {}
    for name, kind, papers in rows:
        link = entity_node("url", name, kind)
        found.setdefault(link, Named(link, link.partition(":")[2], papers))
    return list(found.values())


def base_name(name: str) -> str:
    """A name without its version or size tail: what its variants share.

    >>> base_name("CIFAR-100"), base_name("ImageNet-21k"), base_name("Llama 3.1"), base_name("GLUE")
    ('CIFAR', 'ImageNet', 'Llama', 'GLUE')
    """
    return _VERSION_TAIL.sub("", name) or name


def variants(store: Store, node: str, *, limit: int = 20) -> list[Named]:
    """Other entities of the same type that are versions of ``node``: the same model family, or the same name
    with another version or size (CIFAR-10 / CIFAR-100, ImageNet / ImageNet-21k), most named first.
    """
    node_type, _, name = node.partition(":")
    if node_type not in CO_USED_TYPES:
        return []
    base = base_name(name)
    own = entity_ids(store, node)
    family = store.connection.execute(
        "SELECT family FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND family IS NOT NULL",
        (json_param(own),),
    ).fetchone()
    rows = store.connection.execute(
        "SELECT e.id, e.name, count(DISTINCT m.paper_id) AS n FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "WHERE e.type = ? AND ((e.name >= ? AND e.name < ?) OR e.family = ?) GROUP BY e.id "
        "ORDER BY n DESC, e.name COLLATE NOCASE",
        (node_type, base, base + _AFTER_PREFIX, family[0] if family else None),
    )
    found = [
        Named(f"{node_type}:{other}", other, n)
        for eid, other, n in rows
        if eid not in own and (base_name(other) == base or (family and other != name))
    ]
    return found[:limit]
