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


def _cost(rate: float, relevant: int, total: int) -> float:
    """-ln of the binomial likelihood without its coefficient (the same in both states, so it cancels)."""
    return -(relevant * math.log(rate) + (total - relevant) * math.log(1.0 - rate))


def bursts(relevant: Sequence[int], total: Sequence[int], *, scale: float = SCALE, gamma: float = GAMMA) -> list[Burst]:
    """The bursts of one entity over consecutive periods, earliest first (none when it never bursts).

    Periods without papers (``total[t] == 0``) cost nothing in either state.

    >>> bursts([2, 2, 2, 2], [100] * 4)
    []
    """
    if len(relevant) != len(total):
        raise ValueError("relevant and total need one count per period")
    if any(r < 0 or r > d for r, d in zip(relevant, total, strict=True)):
        raise ValueError("each period needs 0 <= relevant <= total")
    periods = len(relevant)
    named, papers = sum(relevant), sum(total)
    if periods == 0 or named == 0 or named == papers:
        return []
    base = named / papers
    rates = (base, min(scale * base, 0.9999))
    enter = gamma * math.log(periods) if periods > 1 else gamma
    costs = [[_cost(rate, r, d) for rate in rates] for r, d in zip(relevant, total, strict=True)]
    # Viterbi over two states: best[state] is the cheapest cost of the sequence so far ending in that state.
    best = [costs[0][0], costs[0][1] + enter]
    came_from: list[tuple[int, int]] = [(0, 0)]
    for t in range(1, periods):
        stay_base = min((best[0], 0), (best[1], 1))  # leaving a burst is free
        to_burst = min((best[0] + enter, 0), (best[1], 1))
        best = [stay_base[0] + costs[t][0], to_burst[0] + costs[t][1]]
        came_from.append((stay_base[1], to_burst[1]))
    state = 0 if best[0] <= best[1] else 1
    states = [0] * periods
    for t in range(periods - 1, -1, -1):
        states[t] = state
        state = came_from[t][state]
    found = []
    t = 0
    while t < periods:
        if states[t] == 1:
            end = t
            while end + 1 < periods and states[end + 1] == 1:
                end += 1
            weight = sum(costs[i][0] - costs[i][1] for i in range(t, end + 1))
            found.append(Burst(t, end, round(weight, 4)))
            t = end + 1
        else:
            t += 1
    return found
