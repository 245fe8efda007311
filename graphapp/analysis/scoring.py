"""How much a shared entity says about two papers, and the related-paper score that adds it to text similarity.

A reader finds a paper related when it works on the same problem (task, application, data), not when it applies
the same general technique elsewhere (Mamba for compression beside Mamba for restoration): shared tasks and
datasets weigh more than shared methods and models, the titles' similarity (where papers name their problem)
adds to the texts', and in a large store a result is shown only when it overlaps the seed on the problem side.

A dataset named by 12 papers of 20,000 says much more than a task named by 3,000: an entity's weight is the
square of its specificity (inverse document frequency scaled to 0-1; squared, so that the weight falls fast as an
entity gets broader: 0.55 for 12 papers of 20,000, 0.27 for 120, 0.04 for 3,000) times a weight for its type, and
entities named by more than :data:`HUB_SHARE` of the papers are broad hubs, damped by :data:`HUB_DAMPING`.

>>> total = 20_000
>>> rare = SharedEntity("dataset:FloodNet", "FloodNet", "dataset", 12)
>>> hub = SharedEntity("task:natural language processing", "natural language processing", "task", 3000)
>>> entity_weight(rare, total) > 0.5 > 0.01 > entity_weight(hub, total)
True
>>> is_hub(3000, total), is_hub(12, total)
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

#: How much sharing an entity of each node type says, before its rarity: a shared dataset, code repository or
#: specific task pins two papers to the same problem (broad tasks are hubs, damped below); a shared method or
#: model is often a general technique two papers apply to different problems.
TYPE_WEIGHTS = {
    "dataset": 1.0,
    "repo": 1.0,
    "hf": 1.0,
    "task": 1.0,
    "citation": 0.9,
    "link": 0.6,
    "model": 0.4,
    "method": 0.35,
}
#: Node types on the problem side: a shared non-hub one counts as overlap on the problem (see :func:`on_problem`).
PROBLEM_TYPES = frozenset({"task", "dataset"})
#: An entity named by more than this share of the store's papers is a broad hub ...
HUB_SHARE = 0.01
#: ... once it is named by more than this many papers (in a small store everything is rare).
HUB_MIN_PAPERS = 25
#: What a hub's weight is multiplied by.
HUB_DAMPING = 0.1
#: How much the shared entities add to the text similarity at most (the similarity is 0-1, good pairs 0.15-0.4).
ENTITY_SCORE = 0.2
#: The shared entities count in full only between texts at least this alike, a quarter at or below
#: :data:`ENTITY_TEXT_FLOOR` (with no text at all, they alone still rank), in proportion between: a benchmark
#: (GSM8K, HumanEval) or a method shared by papers whose texts differ is a general resource used for different
#: problems, not a sign of the same problem.
ENTITY_TEXT_FULL = 0.3
ENTITY_TEXT_FLOOR = 0.15
#: Weight of the titles' TF-IDF cosine, added to the text similarity: titles name the problem most directly.
TITLE_WEIGHT = 0.3
#: Related papers scoring below this are not shown ("no closely related paper" beats a generic one). Set on the
#: 20k real abstracts without the judged labels (bench/proxy_connections.py, BENCHMARKS.md): results scoring
#: below it share the seed's primary arXiv category less often than a seed's top 5 on average.
MIN_SCORE = 0.36
#: Overlap on the problem side, required of a shown result (with MIN_SCORE): titles at least this alike ...
TITLE_OVERLAP = 0.1
#: ... or texts at least this alike (close enough that the problem is shared though the titles word it apart),
#: or a shared non-hub task or dataset.
CLOSE_TEXT = 0.4
#: ... and problem statements at least this alike (title and the abstract's sentences before "we propose":
#: :func:`graphapp.analysis.text.problem_text`): a paper applying the seed's technique to another problem shares
#: the method's words, not the problem's. Set on the 20k real abstracts (bench/proxy_connections.py related).
PROBLEM_OVERLAP = 0.2
#: ... but where the papers' similarity in meaning is measured (the cosine of their static embeddings,
#: :mod:`graphapp.analysis.semantic`), it replaces the problem statements' test: a shown result is at least this
#: alike in meaning. Two papers on one problem worded apart are alike in meaning; a shared representation or
#: buzzword applied to another problem (Gaussian splatting for SLAM beside fast splatting optimisation) is less
#: so. Set on the proxy and the labelled results of rounds 1-5 (BENCHMARKS.md): the problem-statement test kept
#: fewer results and no more relevant ones.
MIN_MEANING = 0.58
#: ... in a store of at least this many papers. In a store of a few hundred diverse papers a paper's closest ones
#: score lower (on the 88 bundled papers, 8 of 440 top-5 results reach 0.3) yet are often still worth reading.
MIN_SCORE_PAPERS = 1000


@dataclass(frozen=True, slots=True)
class SharedEntity:
    """An entity two papers both name, and how many papers of the store name it."""

    node: str
    name: str
    type: str
    papers: int


def is_hub(papers: int, total: int) -> bool:
    """Whether an entity named by ``papers`` of ``total`` papers is a broad hub."""
    return papers > max(HUB_MIN_PAPERS, HUB_SHARE * total)


def specificity(papers: int, total: int) -> float:
    """0-1: 1 for an entity one paper names, falling with the share of papers naming it.

    >>> specificity(1, 1000) > specificity(10, 1000) > specificity(1000, 1000) == 0.0
    True
    """
    if total <= 1:
        return 1.0
    return max(0.0, math.log((total + 1) / (papers + 1)) / math.log(total + 1)) if papers >= 1 else 1.0


def entity_weight(entity: SharedEntity, total: int) -> float:
    """0-1: what sharing ``entity`` says about two papers of a store of ``total`` papers."""
    weight = TYPE_WEIGHTS.get(entity.type, 0.5) * specificity(entity.papers, total) ** 2
    return weight * HUB_DAMPING if is_hub(entity.papers, total) else weight


def entity_strength(entities: Iterable[SharedEntity], total: int) -> float:
    """0-1: what all the shared entities say together (each adds its weight of what the others left).

    >>> rare = SharedEntity("dataset:X", "X", "dataset", 3)
    >>> entity_strength([rare], 1000) < entity_strength([rare, rare], 1000) < 1
    True
    """
    unexplained = 1.0
    for entity in entities:
        unexplained *= 1.0 - entity_weight(entity, total)
    return 1.0 - unexplained


class TextMatch(NamedTuple):
    """How alike a candidate's text is to the seed's: whole texts (0-1), the words weighing most, titles,
    problem statements and meaning (the embeddings' cosine; these two None when not measured)."""

    similarity: float
    terms: Sequence[str] = ()
    title: float = 0.0
    problem: float | None = None
    meaning: float | None = None


@dataclass(frozen=True, slots=True)
class RelatedPaper:
    """A paper related to a seed paper, and why.

    ``score`` ranks (text similarity, plus :data:`TITLE_WEIGHT` times the titles' similarity, plus up to
    :data:`ENTITY_SCORE` for shared entities, in full when the texts are alike: :data:`ENTITY_TEXT_FULL`);
    ``similarity`` is the text similarity (0-1, see :mod:`graphapp.analysis.text`) and ``terms`` the words
    weighing most in it; ``title_similarity`` the titles' TF-IDF cosine, ``problem_similarity`` the problem
    statements'; ``shared`` lists the entities both
    name, the most telling first, and ``hubs`` those among them that are broad hubs (they barely count).
    """

    paper: str
    score: float
    similarity: float
    terms: tuple[str, ...] = ()
    shared: tuple[SharedEntity, ...] = field(default=())
    hubs: tuple[str, ...] = ()
    title_similarity: float = 0.0
    problem_similarity: float = 0.0
    meaning_similarity: float | None = None

    def why(self) -> str:
        """One line a reader can check: the shared entities, then the text similarity and its words.

        >>> RelatedPaper("paper:b", 0.4, 0.25, ("graph", "molecule"),
        ...              (SharedEntity("dataset:QM9", "QM9", "dataset", 4),)).why()
        'both name QM9 (dataset, 4 papers); similar text 0.25 (graph, molecule)'
        """
        parts = []
        specific = [entity for entity in self.shared if entity.node not in self.hubs]
        if specific:
            named = ", ".join(f"{e.name} ({e.type}, {e.papers} papers)" for e in specific[:4])
            parts.append(f"both name {named}")
        if self.hubs:
            broad = [e.name for e in self.shared if e.node in self.hubs]
            parts.append(f"broad: {', '.join(broad[:3])}")
        if self.similarity > 0:
            words = f" ({', '.join(self.terms)})" if self.terms else ""
            parts.append(f"similar text {self.similarity:.2f}{words}")
        if self.title_similarity >= TITLE_OVERLAP:
            parts.append(f"similar titles {self.title_similarity:.2f}")
        if self.problem_similarity >= PROBLEM_OVERLAP:
            parts.append(f"similar problem statements {self.problem_similarity:.2f}")
        if self.meaning_similarity is not None:
            parts.append(f"alike in meaning {self.meaning_similarity:.2f}")
        return "; ".join(parts) or "no shared entity, no similar text"


def on_problem(text: TextMatch, entities: Iterable[SharedEntity], total: int) -> bool:
    """Whether a candidate overlaps the seed on the problem side: alike in meaning (where measured; else alike
    problem statements), and alike titles, close texts, or a shared non-hub task or dataset (two papers alike
    only in a general technique's vocabulary are not).

    >>> on_problem(TextMatch(0.3, (), 0.0), [SharedEntity("method:Mamba", "Mamba", "method", 12)], 1000)
    False
    >>> on_problem(TextMatch(0.3, (), 0.0), [SharedEntity("task:image deraining", "x", "task", 12)], 1000)
    True
    >>> on_problem(TextMatch(0.3, (), 0.5, problem=0.1), [], 1000)  # alike titles, problems stated apart
    False
    >>> on_problem(TextMatch(0.3, (), 0.5, problem=0.1, meaning=0.7), [], 1000)  # ... yet alike in meaning
    True
    >>> on_problem(TextMatch(0.45, (), 0.5, problem=0.3, meaning=0.4), [], 1000)  # alike words, apart in meaning
    False
    """
    if text.meaning is not None:
        if text.meaning < MIN_MEANING:
            return False
    elif text.problem is not None and text.problem < PROBLEM_OVERLAP:
        return False
    if text.title >= TITLE_OVERLAP or text.similarity >= CLOSE_TEXT:
        return True
    return any(e.type in PROBLEM_TYPES and not is_hub(e.papers, total) for e in entities)


def rank_related(
    texts: Mapping[str, TextMatch],
    shared: Mapping[str, Sequence[SharedEntity]],
    total: int,
    limit: int,
    min_score: float = 0.0,
) -> list[RelatedPaper]:
    """Candidates ranked by text and title similarity plus what their shared entities say; with a
    ``min_score`` above 0, only those scoring at least that and overlapping the seed on the problem side
    (:func:`on_problem`).

    ``texts`` maps a candidate paper to how alike its text is to the seed's; ``shared`` to the entities it
    shares with the seed. A candidate in only one of them has nothing from the other. Ties go to the paper id.

    >>> total = 10_000
    >>> rare = SharedEntity("dataset:FloodNet", "FloodNet", "dataset", 5)
    >>> hub = SharedEntity("task:computer vision", "computer vision", "task", 2500)
    >>> ranked = rank_related({"paper:b": TextMatch(0.1), "paper:c": TextMatch(0.1)},
    ...                       {"paper:b": [hub], "paper:c": [rare]}, total, limit=2)
    >>> [r.paper for r in ranked]
    ['paper:c', 'paper:b']
    """
    ranked = []
    for paper in texts.keys() | shared.keys():
        text = texts.get(paper, TextMatch(0.0))
        entities = sorted(shared.get(paper, ()), key=lambda e: (-entity_weight(e, total), e.node))
        alike = (text.similarity - ENTITY_TEXT_FLOOR) / (ENTITY_TEXT_FULL - ENTITY_TEXT_FLOOR)
        gate = 0.25 + 0.75 * min(1.0, max(0.0, alike))
        score = text.similarity + TITLE_WEIGHT * text.title + ENTITY_SCORE * gate * entity_strength(entities, total)
        if min_score > 0 and (score < min_score or not on_problem(text, entities, total)):
            continue
        hubs = tuple(e.node for e in entities if is_hub(e.papers, total))
        ranked.append(
            RelatedPaper(
                paper,
                round(score, 4),
                round(text.similarity, 4),
                tuple(text.terms),
                tuple(entities),
                hubs,
                round(text.title, 4),
                round(text.problem or 0.0, 4),
                None if text.meaning is None else round(text.meaning, 4),
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.paper))
    return ranked[:limit]
