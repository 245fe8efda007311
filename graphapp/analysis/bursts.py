"""Kleinberg burst detection over dated counts: when did an entity's share of the papers jump above its usual rate?

This is the batched two-state automaton of Kleinberg (2002, "Bursty and hierarchical structure in streams",
section 4), the detector CiteSpace uses for "citation bursts". Each period ``t`` has ``relevant[t]`` papers
naming the entity out of ``total[t]`` papers. The base state emits at the entity's overall rate ``p0``, the burst
state at ``s * p0``; entering the burst state costs ``gamma * ln(periods)``; the cheapest state sequence (Viterbi)
marks the bursts, each weighted by how much better the burst state explains its periods.

>>> bursts([1, 1, 1, 1, 9, 10, 1, 1], [100] * 8)
[Burst(start=4, end=5, weight=...)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Rate ratio of the burst state to the base state.
SCALE = 2.0
#: Cost of entering the burst state, in units of ln(number of periods).
GAMMA = 1.0


@dataclass(frozen=True, slots=True)
class Burst:
    """Periods ``start`` to ``end`` (inclusive, indexes into the counts) in the burst state, and its weight."""

    start: int
    end: int
    weight: float

    def __repr__(self) -> str:  # the weight depends on float details; doctests show the interval
        return f"Burst(start={self.start}, end={self.end}, weight=...)"


def bursts(relevant: Sequence[int], total: Sequence[int], *, scale: float = SCALE, gamma: float = GAMMA) -> list[Burst]:
    """The bursts of one entity over consecutive periods, earliest first (none when it never bursts).

    Periods without papers (``total[t] == 0``) cost nothing in either state.

    >>> bursts([2, 2, 2, 2], [100] * 4)
    []
    """
    if len(relevant) != len(total):
        raise ValueError("relevant and total need one count per period")
    return bursts_of_many(np.array([relevant]), np.array(total), scale=scale, gamma=gamma)[0]


def bursts_of_many(
    relevant: np.ndarray, total: np.ndarray, *, scale: float = SCALE, gamma: float = GAMMA
) -> list[list[Burst]]:
    """:func:`bursts` for many entities at once: ``relevant`` has one row of counts per entity, ``total`` one
    count per period. The Viterbi pass runs over the periods with all entities side by side (numpy).

    >>> [[(b.start, b.end) for b in found] for found in bursts_of_many(np.array([[1, 1, 9, 1], [2, 2, 2, 2]]),
    ...                                                                 np.array([20, 20, 20, 20]))]
    [[(2, 2)], []]
    """
    relevant = np.asarray(relevant, dtype=float)
    total = np.asarray(total, dtype=float)
    entities, periods = relevant.shape
    if total.shape != (periods,):
        raise ValueError("relevant and total need one count per period")
    if (relevant < 0).any() or (relevant > total).any():
        raise ValueError("each period needs 0 <= relevant <= total")
    if entities == 0 or periods == 0:
        return [[] for _ in range(entities)]
    named, papers = relevant.sum(axis=1), total.sum()
    searched = (named > 0) & (named < papers)
    base = np.where(searched, named / max(papers, 1), 0.5)
    rates = np.stack([base, np.minimum(scale * base, 0.9999)])  # (2, entities)
    misses = total[None, :] - relevant  # (entities, periods)
    # -ln of the binomial likelihood without its coefficient (the same in both states, so it cancels).
    costs = np.stack([-(relevant * np.log(r[:, None]) + misses * np.log1p(-r[:, None])) for r in rates])
    enter = gamma * math.log(periods) if periods > 1 else gamma
    best = np.stack([costs[0, :, 0], costs[1, :, 0] + enter])  # (2, entities)
    from_burst = np.zeros((2, entities, periods), dtype=bool)  # the previous state of each state was the burst
    for t in range(1, periods):
        stay = best[1] < best[0]  # leaving a burst is free
        rise = best[1] < best[0] + enter
        from_burst[0, :, t], from_burst[1, :, t] = stay, rise
        best = np.stack([np.where(stay, best[1], best[0]), np.where(rise, best[1], best[0] + enter)])
        best += costs[:, :, t]
    state = (best[1] < best[0]).astype(int)
    states = np.zeros((entities, periods), dtype=int)
    rows = np.arange(entities)
    for t in range(periods - 1, -1, -1):
        states[:, t] = state
        state = from_burst[state, rows, t].astype(int)
    gain = costs[0] - costs[1]
    found: list[list[Burst]] = [[] for _ in range(entities)]
    for entity in np.nonzero(searched & states.any(axis=1))[0]:
        row, t = states[entity], 0
        while t < periods:
            if row[t]:
                end = t
                while end + 1 < periods and row[end + 1]:
                    end += 1
                found[entity].append(Burst(t, end, round(float(gain[entity, t : end + 1].sum()), 4)))
                t = end + 1
            else:
                t += 1
    return found
