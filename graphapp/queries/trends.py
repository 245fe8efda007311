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

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from graphapp.analysis.bursts import bursts
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


def _periods(first: str, last: str, period: str) -> list[str]:
    """Every period start from ``first`` to ``last`` (both period starts), none skipped."""
    starts, day = [], date.fromisoformat(first)
    end = date.fromisoformat(last)
    while day <= end:
        starts.append(day.isoformat())
        if period == "day":
            day += timedelta(days=1)
        elif period == "week":
            day += timedelta(weeks=1)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


def entity_series(store: Store, node_type: str, period: str = "week") -> tuple[list[str], dict[str, list[int]]]:
    """Every period start, and for each entity node of ``node_type`` its count of papers per period."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r} (choose from {', '.join(PERIODS)})")
    entity_type = NodeId(node_type, "").entity_type
    with store.snapshot():
        totals = store.papers_per_period(period)
        rows = store.entity_counts_per_period(entity_type, period)
    if not totals:
        return [], {}
    starts = _periods(min(totals), max(totals), period)
    position = {start: i for i, start in enumerate(starts)}
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(starts))
    for name, kind, start, papers in rows:
        node = NodeId.entity(entity_type, name, kind)
        if node.type == node_type:
            series[str(node)][position[start]] += papers
    return starts, dict(series)


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
    starts, series = entity_series(store, node_type, period)
    with store.snapshot():
        totals = store.papers_per_period(period)
    total = [totals.get(start, 0) for start in starts]
    found = []
    for node, counts in series.items():
        if sum(counts) < min_papers:
            continue
        for burst in bursts(counts, total):
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
                    sum(counts[burst.start : burst.end + 1]),
                    sum(counts[: burst.start]),
                    tuple(zip(starts, counts, strict=True)),
                )
            )
    found.sort(key=lambda t: (-t.weight, t.node))
    return found[:limit] if limit is not None else found


def _period_end(start: str, period: str) -> str:
    """The last day of the period starting on ``start``."""
    following = _periods(start, start, period)
    day = date.fromisoformat(following[0])
    if period == "day":
        return day.isoformat()
    if period == "week":
        return (day + timedelta(days=6)).isoformat()
    return ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).isoformat()
