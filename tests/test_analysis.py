"""Known answers for the connection algorithms of graphapp.analysis (plain data in, plain data out)."""

from __future__ import annotations

import numpy as np
import pytest

from graphapp.analysis.bursts import bursts
from graphapp.analysis.communities import distinctive_entities, leiden_communities
from graphapp.analysis.layout import similarity_layout
from graphapp.analysis.paths import cheapest_paths
from graphapp.analysis.scoring import MIN_SCORE, SharedEntity, TextMatch, entity_weight, is_hub, rank_related
from graphapp.analysis.text import (
    Neighbour,
    TextModel,
    merge_neighbours,
    nearest_papers,
    paper_text,
    problem_text,
    similarities,
)

TOPICS = {
    "molecule": "graph neural network molecule property prediction atoms bonds chemistry",
    "speech": "speech recognition acoustic model audio transcription spoken words",
    "driving": "autonomous driving lidar point cloud detection vehicles road",
}


def _corpus(per_topic: int = 20) -> tuple[list[str], list[str]]:
    """Papers on three topics, each text the topic's words in another order plus a filler word of its own."""
    rng = np.random.default_rng(0)
    ids, texts = [], []
    for topic, words in TOPICS.items():
        for i in range(per_topic):
            shuffled = " ".join(rng.permutation(words.split())[:6])
            ids.append(f"{topic}-{i}")
            texts.append(paper_text(f"{topic} study {i}", f"{shuffled} filler{i} method results"))
    return ids, texts


def test_nearest_papers_are_on_the_same_topic():
    ids, texts = _corpus()
    model = TextModel.fit(texts, dimensions=5)
    tfidf = model.tfidf(texts)
    found = nearest_papers(model, ids, tfidf, ids, model.embed(tfidf), k=5)
    for paper, ranked in found.items():
        assert len(ranked) == 5
        assert all(n.other.split("-")[0] == paper.split("-")[0] for n in ranked), (paper, ranked)
        assert all(n.other != paper for n in ranked)
        assert [n.similarity for n in ranked] == sorted((n.similarity for n in ranked), reverse=True)
    first = found["molecule-0"][0]
    scored = similarities(
        model,
        tfidf[0],
        model.embed(tfidf[:1])[0],
        tfidf[[ids.index(first.other)]],
        model.embed(tfidf[[ids.index(first.other)]]),
    )
    assert scored[0][0] == pytest.approx(first.similarity, abs=1e-3)
    assert scored[0][1] and set(scored[0][1]) <= set(TOPICS["molecule"].split()) | {"study", "molecule"}


def test_the_words_said_to_make_two_texts_alike_are_specific_ones_first_and_never_latex():
    filler = [f"topic{i % 7} words{i} method method method" if i < 30 else f"other{i} text" for i in range(100)]
    one = "fewshot segmentation method method method method method $\\frac{a}{b}$ frac"
    other = "fewshot segmentation method method method method method with $\\frac{1}{2}$ frac"
    texts = [one, other, *filler]
    model = TextModel.fit(texts, dimensions=5)
    assert "frac" not in model.vocabulary and "method" in model.vocabulary
    tfidf = model.tfidf(texts)
    ((_, terms),) = similarities(model, tfidf[0], model.embed(tfidf[:1])[0], tfidf[[1]], model.embed(tfidf[[1]]))
    # "method" (in a third of the texts, repeated) weighs more in the cosine, but says less than the specific words
    assert terms == ("fewshot", "segmentation")


def test_new_papers_are_placed_with_the_stored_model():
    ids, texts = _corpus()
    model = TextModel.fit(texts, dimensions=5)
    restored = TextModel.from_record(*model.to_record())
    assert restored.vocabulary == model.vocabulary and restored.papers == len(texts)
    new_text = [paper_text("lidar study", "autonomous driving vehicles lidar road detection")]
    tfidf = restored.tfidf(new_text)
    corpus_tfidf = restored.tfidf(texts)
    found = nearest_papers(
        restored,
        ["new"],
        tfidf,
        ids,
        restored.embed(corpus_tfidf),
        corpus_tfidf.__getitem__,
        k=3,
    )
    assert [n.other.split("-")[0] for n in found["new"]] == ["driving"] * 3


def test_a_tiny_corpus_still_gets_a_model():
    model = TextModel.fit(["only one paper about lidar"])
    assert model.components.shape[0] == 0
    tfidf = model.tfidf(["lidar again"])
    assert tfidf.shape == (1, len(model.vocabulary))
    empty = TextModel.fit(["the a an", "of the"])
    assert empty.vocabulary == () and empty.tfidf(["anything"]).shape == (1, 0)


def test_merging_keeps_both_directions_and_the_k_best():
    current = {"a": [Neighbour("a", "b", 0.5), Neighbour("a", "c", 0.2)], "b": [Neighbour("b", "a", 0.5)]}
    merged = merge_neighbours(current, [Neighbour("n", "a", 0.3), Neighbour("n", "b", 0.1)], k=2)
    assert [n.other for n in merged["a"]] == ["b", "n"]
    assert [n.other for n in merged["b"]] == ["a", "n"]
    assert [n.other for n in merged["n"]] == ["a", "b"]
    assert merge_neighbours(current, [Neighbour("a", "b", 0.5)]) == {}


def test_two_papers_sharing_a_rare_dataset_outrank_two_sharing_a_hub():
    total = 20_000
    rare = SharedEntity("dataset:FloodNet", "FloodNet", "dataset", 12)
    hub = SharedEntity("task:natural language processing", "natural language processing", "task", 3000)
    assert is_hub(hub.papers, total) and not is_hub(rare.papers, total)
    assert entity_weight(rare, total) > 10 * entity_weight(hub, total)
    ranked = rank_related({}, {"paper:hub": [hub], "paper:rare": [rare]}, total, limit=5)
    assert [r.paper for r in ranked] == ["paper:rare", "paper:hub"]
    assert ranked[1].hubs == (hub.node,)
    assert "FloodNet (dataset, 12 papers)" in ranked[0].why()


def test_text_similarity_and_shared_entities_add_up():
    rare = SharedEntity("dataset:QM9", "QM9", "dataset", 4)
    ranked = rank_related(
        {"paper:text": TextMatch(0.3, ("molecule",)), "paper:both": TextMatch(0.3, ("molecule",))},
        {"paper:both": [rare], "paper:entity": [rare]},
        10_000,
        limit=3,
    )
    assert [r.paper for r in ranked] == ["paper:both", "paper:text", "paper:entity"]
    assert ranked[0].similarity == 0.3 and ranked[0].shared == (rare,)


def test_the_same_problem_outranks_the_same_technique_and_only_it_is_shown():
    total = 20_000
    technique = SharedEntity("method:Mamba", "Mamba", "method", 40)
    problem = SharedEntity("task:image deraining", "image deraining", "task", 40)
    texts = {
        "paper:technique": TextMatch(0.33, ("mamba",)),  # alike in the technique's words only
        "paper:problem": TextMatch(0.33, ("rain",)),
        "paper:title": TextMatch(0.3, ("rain",), title=0.4),  # its title names the seed's problem
    }
    shared = {"paper:technique": [technique], "paper:problem": [problem]}
    ranked = rank_related(texts, shared, total, limit=3)
    assert [r.paper for r in ranked] == ["paper:title", "paper:problem", "paper:technique"]
    assert "similar titles 0.40" in ranked[0].why()
    shown = rank_related(texts, shared, total, limit=3, min_score=MIN_SCORE)
    assert [r.paper for r in shown] == ["paper:title", "paper:problem"]  # no overlap on the problem side


def test_a_shared_benchmark_counts_in_full_only_between_alike_texts():
    benchmark = SharedEntity("dataset:HumanEval", "HumanEval", "dataset", 20)
    texts = {"paper:other-problem": TextMatch(0.1), "paper:alike": TextMatch(0.25), "paper:both": TextMatch(0.3)}
    shared = {"paper:other-problem": [benchmark], "paper:both": [benchmark]}
    ranked = rank_related(texts, shared, 20_000, limit=3)
    assert [r.paper for r in ranked] == ["paper:both", "paper:alike", "paper:other-problem"]
    full = ranked[0].score - 0.3
    assert ranked[2].score - 0.1 == pytest.approx(full / 4, abs=1e-3)  # a quarter, for texts this far apart


def test_a_burst_placed_in_dated_counts_is_found():
    totals = [200] * 20
    counts = [2] * 20
    counts[12:15] = [14, 18, 15]
    found = bursts(counts, totals)
    assert [(b.start, b.end) for b in found] == [(12, 14)]
    assert found[0].weight > 0
    assert bursts([2] * 20, totals) == []
    assert [(b.start, b.end) for b in bursts([0, 0, 1, 1, 9], [0, 0, 10, 10, 10])] == [(4, 4)]  # empty periods
    with pytest.raises(ValueError):
        bursts([3], [2])


def test_layout_centres_the_seed_and_keeps_alike_papers_close():
    links = [("s", "a", 0.9), ("s", "b", 0.05), ("a", "c", 0.8)]
    first = similarity_layout(["s", "a", "b", "c", "lonely"], links, centre="s")
    assert first == similarity_layout(["s", "a", "b", "c", "lonely"], links, centre="s")
    assert first["s"] == (0.0, 0.0) and set(first) == {"s", "a", "b", "c", "lonely"}
    assert all(-1 <= v <= 1 for xy in first.values() for v in xy)
    distance = {node: np.hypot(*first[node]) for node in first}
    assert distance["a"] < distance["b"]


def test_leiden_finds_two_groups_and_labels_them_by_their_own_entities():
    links = [(a, b, 1.0) for group in ("abc", "xyz") for a in group for b in group if a < b] + [("c", "x", 0.1)]
    groups = leiden_communities(links)
    assert sorted(map(sorted, groups)) == [["a", "b", "c"], ["x", "y", "z"]]
    assert leiden_communities(links) == groups
    entities = {p: ["task:broad"] for p in "abcxyz"}
    entities.update({p: ["task:broad", "dataset:QM9"] for p in "abc"})
    counts = {"task:broad": 5000, "dataset:QM9": 3}
    assert distinctive_entities(["a", "b", "c"], entities, counts, 10_000) == [("dataset:QM9", 3), ("task:broad", 3)]
    assert distinctive_entities(["x", "y", "z"], entities, counts, 10_000) == [("task:broad", 3)]


def test_paths_give_disjoint_alternatives_avoid_nodes_and_respect_the_budget():
    edges = {("s", "e1", 1), ("e1", "t", 1), ("s", "e2", 2), ("e2", "t", 2), ("s", "e3", 5), ("e3", "t", 5)}
    links: dict[str, list[tuple[str, float]]] = {}
    for a, b, cost in edges:
        links.setdefault(a, []).append((b, cost))
        links.setdefault(b, []).append((a, cost))
    paths = cheapest_paths("s", "t", links.__getitem__, alternatives=3)
    assert paths == [(["s", "e1", "t"], 2.0), (["s", "e2", "t"], 4.0), (["s", "e3", "t"], 10.0)]
    assert cheapest_paths("s", "t", links.__getitem__, alternatives=3, avoid={"e1", "e2", "e3"}) == []
    assert cheapest_paths("s", "t", links.__getitem__, budget=1) == []
    assert cheapest_paths("s", "s", links.__getitem__) == [(["s"], 0.0)]


def test_a_paper_stating_another_problem_is_not_shown_though_its_text_and_title_are_alike():
    texts = {
        "paper:technique": TextMatch(0.35, ("physics-informed",), title=0.4, problem=0.1),  # PINNs for circuits
        "paper:problem": TextMatch(0.35, ("perfusion",), title=0.4, problem=0.3),  # CT perfusion too
    }
    everything = rank_related(texts, {}, 20_000, limit=2)
    assert {r.paper for r in everything} == set(texts)
    (shown,) = rank_related(texts, {}, 20_000, limit=2, min_score=MIN_SCORE)
    assert shown.paper == "paper:problem" and "similar problem statements 0.30" in shown.why()


def test_the_problem_statement_is_what_comes_before_the_contribution():
    abstract = "Perfusion maps are noisy. Labels are scarce! In this paper, we introduce a PINN. It is fast."
    assert (
        problem_text("CT perfusion", abstract)
        == "CT perfusion. CT perfusion. Perfusion maps are noisy. Labels are scarce!"
    )
    assert problem_text("T", "We propose X. Y.") == "T. T."  # no problem stated: the title alone


def test_specific_title_words_are_rare_words_with_plurals_matched():
    texts = [f"learning hallucinations study{i}" if i < 3 else f"learning methods filler{i}" for i in range(100)]
    model = TextModel.fit(texts, dimensions=2)
    assert model.specific_words("Mitigating Hallucinations in Learning") == {"hallucination"}
    assert model.specific_words("Hallucination learning") == {"hallucination"}
    assert model.specific_words("learning methods") == frozenset()  # in half the texts or more: not specific
