"""Entities over time: how many papers name each per day, week or month, and which are rising now.

"Rising" is Kleinberg's burst detection (:mod:`graphapp.analysis.bursts`) on the entity's share of each period's
papers against its own overall rate, as CiteSpace finds citation bursts: an entity named steadily by many papers
does not burst, one that suddenly takes a larger share does.

>>> from graphapp.model import Occurrence, Paper
>>> store = Store(":memory:")
>>> with store.transaction():
...     for day in range(1, 29):
...         named = [Occurrence("dataset", "FloodNet", "uses", "FloodNet", "e")] if day > 21 else []
...         for n in range(5):
...             store.put_paper(Paper(f"{day}-{n}", "T", "x", date=f"2025-02-{day:02}"), named if n < 3 else [])
>>> [(t.name, t.burst_start, t.burst_end) for t in trends(store, node_type="dataset", period="day")]
[('FloodNet', '2025-02-22', '2025-02-28')]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from graphapp.analysis.bursts import bursts_of_many
from graphapp.nodes import NodeId
from graphapp.store import Store

PERIODS = ("day", "week", "month")
#: Entities named by fewer papers than this are not searched for bursts.
MIN_PAPERS = 3


@dataclass(frozen=True, slots=True)
class Trend:
    """An entity's burst: the periods it spans (first days, ISO), its weight (how much better a burst explains
    them), the papers naming it in them and before them, and its count in every period (``series``)."""

    node: str
    name: str
    burst_start: str
    burst_end: str
    weight: float
    papers_in_burst: int
    papers_before: int
    series: tuple[tuple[str, int], ...]


def period_start(day: date, period: str) -> date:
    """The first day of the day, week (from Monday) or month ``day`` falls in.

    >>> period_start(date(2025, 3, 14), "week"), period_start(date(2025, 3, 14), "month")
    (datetime.date(2025, 3, 10), datetime.date(2025, 3, 1))
    """
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if period == "month" else day


def _next(start: date, period: str) -> date:
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(weeks=1)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def entity_series(
    store: Store, node_type: str, period: str = "week"
) -> tuple[list[str], dict[str, np.ndarray], np.ndarray]:
    """Every period start (ISO), each entity node of ``node_type`` with its count of papers per period, and the
    count of all dated papers per period."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r} (choose from {', '.join(PERIODS)})")
    entity_type = NodeId(node_type, "").entity_type
    with store.snapshot():
        dates = store.paper_dates()
        entities, pairs = store.entity_papers_of_type(entity_type)
    starts_of: dict[str, date] = {}
    for text in set(dates.values()):
        try:
            starts_of[text] = period_start(date.fromisoformat(text[:10]), period)
        except ValueError:  # a date the source gave in a form this cannot read: the paper counts as undated
            continue
    if not starts_of:
        return [], {}, np.zeros(0)
    first, last = min(starts_of.values()), max(starts_of.values())
    starts, day = [], first
    while day <= last:
        starts.append(day)
        day = _next(day, period)
    position = {start: i for i, start in enumerate(starts)}
    paper_period = {pid: position[starts_of[text]] for pid, text in dates.items() if text in starts_of}
    totals = np.bincount(list(paper_period.values()), minlength=len(starts)).astype(float)
    rows: dict[str, int] = {}
    row_of: dict[int, int] = {}
    for eid, (name, kind) in entities.items():
        node = NodeId.entity(entity_type, name, kind)
        if node.type == node_type:
            row_of[eid] = rows.setdefault(str(node), len(rows))
    hits = [(row_of[eid], paper_period[paper]) for eid, paper in pairs if eid in row_of and paper in paper_period]
    counts = np.zeros((len(rows), len(starts)))
    if hits:
        np.add.at(counts, tuple(np.array(hits).T), 1)  # a repository's links may count one paper twice; rare
    series = {node: counts[row] for node, row in rows.items() if counts[row].any()}
    return [start.isoformat() for start in starts], series, totals


def trends(
    store: Store,
    *,
    node_type: str = "dataset",
    since: str | None = None,
    period: str = "week",
    min_papers: int = MIN_PAPERS,
    limit: int | None = 20,
) -> list[Trend]:
    """The bursts of entities of ``node_type`` that reach ``since`` (an ISO date; all bursts when None),
    the strongest first. Only dated papers count."""
    starts, series, total = entity_series(store, node_type, period)
    if since is not None:  # a burst reaching ``since`` needs papers in the periods from it on
        recent = [i for i, start in enumerate(starts) if _period_end(start, period) >= since]
        series = {node: counts for node, counts in series.items() if recent and counts[recent[0] :].any()}
    names = [node for node, counts in series.items() if counts.sum() >= min_papers]
    found = []
    if names:
        matrix = np.stack([series[node] for node in names])
        for node, counts, found_bursts in zip(names, matrix, bursts_of_many(matrix, total), strict=True):
            for burst in found_bursts:
                end = starts[burst.end]
                if since is not None and _period_end(end, period) < since:
                    continue
                found.append(
                    Trend(
                        node,
                        NodeId.parse(node).key,
                        starts[burst.start],
                        end,
                        burst.weight,
                        int(counts[burst.start : burst.end + 1].sum()),
                        int(counts[: burst.start].sum()),
                        tuple(zip(starts, (int(c) for c in counts), strict=True)),
                    )
                )
    found.sort(key=lambda t: (-t.weight, t.node))
    return found[:limit] if limit is not None else found


def _period_end(start: str, period: str) -> str:
    """The last day of the period starting on ``start`` (ISO)."""
    return (_next(date.fromisoformat(start), period) - timedelta(days=1)).isoformat()
