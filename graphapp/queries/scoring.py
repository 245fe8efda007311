"""The ranking formulas, written once: what sharing an entity is worth and how papers sharing entities rank.

Both the store-backed queries and the NetworkX reference in the tests score with these functions, so the two
can only disagree about which papers and entities they find, never about how they weigh them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def rarity(papers_naming: int, paper_total: int) -> float:
    """Inverse document frequency of an entity: sharing a rare dataset says more than sharing "Transformer".

    >>> rarity(2, 100) > rarity(50, 100) > 0
    True
    """
    return math.log((1 + paper_total) / (1 + papers_naming)) + 1e-9


@dataclass(frozen=True, slots=True)
class Related:
    """A paper related to another, with the score and the entities they share (rarest first)."""

    paper: str
    score: float
    shared: tuple[str, ...]


def rank_related(shared: Mapping[str, Sequence[tuple[float, str]]], limit: int) -> list[Related]:
    """Papers ranked by the summed weight of the entities they share: ``shared`` maps each paper to its
    (weight, entity) pairs. Ties go by paper id; each paper's entities are listed heaviest (rarest) first.

    >>> rank_related({"paper:b": [(0.5, "m:M")], "paper:a": [(0.2, "d:X"), (0.3, "m:T")]}, 5)[0]
    Related(paper='paper:a', score=0.5, shared=('m:T', 'd:X'))
    """
    # An exact sum, so that equal scores tie whatever order the entities were found in.
    scores = {paper: math.fsum(weight for weight, _ in found) for paper, found in shared.items()}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [
        Related(
            paper, round(score, 4), tuple(entity for _, entity in sorted(shared[paper], key=lambda x: (-x[0], x[1])))
        )
        for paper, score in ranked
    ]
