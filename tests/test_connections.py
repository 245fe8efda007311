"""Connections answered from a store with known answers: the text index at ingest, related papers, paths with their
verdicts, the map, trends and co-usage."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from graphapp import textindex
from graphapp.analysis import cells
from graphapp.analysis.scoring import MIN_SCORE
from graphapp.analysis.text import TextModel, nearest_papers
from graphapp.export import export_graph
from graphapp.model import Occurrence, Paper
from graphapp.queries import connections
from graphapp.queries.connections import connection
from graphapp.queries.paper_map import map_graph, paper_map
from graphapp.queries.related import related
from graphapp.queries.trends import trends
from graphapp.store import Store
from graphapp.textindex import REFIT_GROWTH, update_text_index

TOPICS = {
    "flood": "flood water segmentation aerial imagery disaster response river inundation mapping",
    "speech": "speech recognition acoustic audio transcription spoken language microphones",
    "protein": "protein folding structure prediction amino acid sequences molecular biology",
}


def _uses(kind: str, name: str) -> Occurrence:
    return Occurrence(kind, name, "uses", name, f"We use {name}.")


def _papers(topic: str, count: int, start: int = 0) -> list[Paper]:
    words = TOPICS[topic].split()
    return [
        Paper(f"{topic}-{i}", f"{topic} study {i}", " ".join(words[i % 3 :] + words[: i % 3]) + f" {topic}detail{i}")
        for i in range(start, start + count)
    ]


@pytest.fixture
def store():
    with Store(":memory:") as opened:
        yield opened


def _write(store: Store, items: list[tuple[Paper, list[Occurrence]]]) -> None:
    with store.transaction():
        store.put_papers(items)
        update_text_index(store, [paper.id for paper, _ in items])


def test_new_papers_get_neighbours_and_enter_their_neighbours_lists(store):
    _write(store, [(paper, []) for topic in TOPICS for paper in _papers(topic, 10)])
    assert store.text_model_record()[3] == 30
    (newcomer,) = _papers("flood", 1, start=10)
    _write(store, [(newcomer, [])])
    assert store.text_model_record()[3] == 30  # placed with the stored model, not refitted
    mine = store.nearest([newcomer.id])[newcomer.id]
    assert len(mine) >= 10 and all(other.startswith("flood-") for other, _ in mine[:10])
    holders = store.nearest([other for other, _ in mine])
    assert any(newcomer.id in dict(ranked) for ranked in holders.values())
    # Its text changes to another topic: its old neighbours drop it, its new list is on the new topic.
    moved = Paper(newcomer.id, "speech study", TOPICS["speech"])
    _write(store, [(moved, [])])
    assert all(other.startswith("speech-") for other, _ in store.nearest([moved.id])[moved.id][:10])
    assert all(moved.id not in dict(ranked) for paper, ranked in store.nearest(store_ids(store)).items()
               if paper.startswith("flood-"))  # fmt: skip


def store_ids(store: Store) -> list[str]:
    return [paper.id for paper in store.papers()]


def test_the_model_is_fitted_again_when_the_store_has_grown(store):
    _write(store, [(paper, []) for paper in _papers("flood", 5)])
    grown = [(paper, []) for topic in ("speech", "protein") for paper in _papers(topic, 5)]
    assert len(grown) + 5 >= REFIT_GROWTH * 5
    _write(store, grown)
    assert store.text_model_record()[3] == 15


TWIN = "glacier calving seismic tremor iceberg fjord"


def _twins() -> list[Paper]:
    """Two papers on a topic no other paper names: each other's nearest, whatever else is in the store."""
    return [Paper(f"twin-{side}", f"glacier study {side}", f"{TWIN} observations {side}") for side in "ab"]


@pytest.fixture
def in_cells(monkeypatch):
    """A store small enough for tests, indexed as a large one is: the model fitted on a sample, and nearest
    papers sought in cells of a few papers (each query probing a few of them) instead of by every pair."""
    monkeypatch.setattr(textindex, "FIT_SAMPLE", 40)
    monkeypatch.setattr(textindex, "CHUNK", 25)
    monkeypatch.setattr(cells, "EXACT_COMPARISONS", 0)
    monkeypatch.setattr(cells, "CELL_SIZE", 8)
    monkeypatch.setattr(cells, "PROBES", 3)


@pytest.mark.parametrize(("cell_size", "width", "probes"), [(50, 20, 4), (10, 30, 3), (400, 5, 1), (7, 60, 2)])
def test_the_cells_give_each_query_the_most_alike_vectors_of_the_cells_it_probes(cell_size, width, probes):
    """Whatever the search skips to be fast (the cosines below each query's floor), its candidates are those of
    comparing the query with every vector of its probed cells, itself left out; cells smaller than ``width``
    included (their queries have no floor)."""
    rng = np.random.default_rng(cell_size)
    vectors = rng.normal(size=(900, 12)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    grouped = cells.Cells.build(vectors, cell_size=cell_size)
    queries = np.concatenate([np.arange(0, 900, 7), [-1]])  # corpus papers, and one from outside
    asked = np.where(queries >= 0, queries, 0)
    picked, cosines = grouped.candidates(vectors[asked], queries, width, probes)
    home = np.empty(len(vectors), np.int64)
    for cell in range(len(grouped.centroids)):
        home[grouped.members[grouped.starts[cell] : grouped.starts[cell + 1]]] = cell
    for row, query in enumerate(queries.tolist()):
        probed = np.argsort(-(grouped.centroids @ vectors[asked[row]]))[:probes]
        pool = np.flatnonzero(np.isin(home, probed) & (np.arange(len(vectors)) != query))
        best = pool[np.argsort(-(vectors[pool] @ vectors[asked[row]]))[:width]]
        found = np.isfinite(cosines[row])
        assert set(picked[row][found].tolist()) == set(best.tolist())
        assert np.allclose(np.sort(cosines[row][found]), np.sort(vectors[best] @ vectors[asked[row]]), atol=1e-6)


def test_a_large_store_is_indexed_from_a_sample_and_in_cells_and_finds_the_planted_neighbours(store, in_cells):
    items = [(paper, []) for topic in TOPICS for paper in _papers(topic, 30)] + [(twin, []) for twin in _twins()]
    _write(store, items)
    assert store.text_model_record()[3] == 92  # the store's size, though fitted on 46 papers of it
    assert len(store.paper_vectors()[0]) == 92
    lists = store.nearest([paper.id for paper, _ in items])
    assert lists["twin-a"][0][0] == "twin-b" and lists["twin-b"][0][0] == "twin-a"
    for paper, ranked in lists.items():
        if not paper.startswith("twin"):
            assert len(ranked) >= 5 and all(other.split("-")[0] == paper.split("-")[0] for other, _ in ranked[:5])
    # New papers are placed in cells too: the twin of a stored paper becomes its nearest.
    newcomer = Paper("twin-c", "glacier study c", f"{TWIN} observations c")
    _write(store, [(newcomer, [])] + [(paper, []) for paper in _papers("speech", 5, start=30)])
    assert store.text_model_record()[3] == 92  # placed with the stored model
    found = store.nearest(["twin-a", "twin-c", "speech-31"])
    assert found["twin-c"][0][0] in ("twin-a", "twin-b") and "twin-c" in dict(found["twin-a"])
    assert all(other.startswith("speech-") for other, _ in found["speech-31"][:5])


def test_new_papers_get_the_lists_a_rebuild_gives_them_and_a_sample_as_large_as_the_store_changes_nothing(store):
    rng = random.Random(0)  # texts of distinct word subsets: no two papers equally alike to a third

    def papers(start: int, count: int) -> list[tuple[Paper, list[Occurrence]]]:
        return [
            (Paper(f"{topic}-{i}", f"{topic} study", " ".join(rng.sample(words.split(), 6))), [])
            for topic, words in TOPICS.items()
            for i in range(start, start + count)
        ]

    old, new = papers(0, 12), papers(12, 3)
    _write(store, old)
    _write(store, new)
    model = textindex.model_of(store)
    assert model is not None and model.papers == len(old)
    ids, texts = textindex._texts(store, None)
    tfidf = model.tfidf(texts)
    rebuilt = nearest_papers(model, ids, tfidf, ids, model.embed(tfidf))
    stored = store.nearest(ids)
    for paper, _ in new:  # the same topic's papers, alike (other topics share only the title's "study", in ties)
        assert {(other, value) for other, value in stored[paper.id] if value > 0.2} == {
            (n.other, n.similarity) for n in rebuilt[paper.id] if n.similarity > 0.2
        }
        assert sum(value > 0.2 for _, value in stored[paper.id]) >= 10
    # A rebuild fits on the whole store when it is within FIT_SAMPLE: the model of fitting on every text.
    update_text_index(store, None)
    assert textindex.model_of(store).vocabulary == TextModel.fit(texts).vocabulary


def test_related_papers_combine_text_and_rare_entities_and_say_why(store):
    hub = _uses("task", "computer vision")
    items = [(paper, [hub]) for topic in TOPICS for paper in _papers(topic, 10)]
    seed, rare_partner = items[0][0], items[25][0]  # a flood paper and a protein paper
    items[0] = (seed, [hub, _uses("dataset", "FloodNet")])
    items[25] = (rare_partner, [hub, _uses("dataset", "FloodNet")])
    _write(store, items)
    found = related(store, f"paper:{seed.id}", limit=12, min_score=0.0)
    ids = [item.paper for item in found]
    assert ids[0].startswith("paper:flood-")  # the same topic first
    assert f"paper:{rare_partner.id}" in ids  # the only other paper naming FloodNet comes in too ...
    hub_only = [item for item in found if item.paper.startswith("paper:speech-")]
    partner = found[ids.index(f"paper:{rare_partner.id}")]
    assert all(partner.score > item.score for item in hub_only)  # ... above papers sharing only the hub
    assert "both name FloodNet (dataset, 2 papers)" in partner.why()
    assert found[0].similarity > 0 and found[0].terms
    # In a large store only close papers are shown: the other topics' papers, linked by one dataset or the hub,
    # are not (a store this small shows the closest ones, however loosely alike).
    assert related(store, f"paper:{seed.id}", limit=12) == found[:12]
    shown = related(store, f"paper:{seed.id}", limit=12, min_score=MIN_SCORE)
    assert shown and all(item.paper.startswith("paper:flood-") for item in shown)
    assert all(item.score >= MIN_SCORE for item in shown)


def test_paths_prefer_specific_links_avoid_rejected_ones_and_call_hubs_weak(store):
    hub = _uses("task", "computer vision")
    flood, speech = _papers("flood", 10), _papers("speech", 10)
    items = [(paper, [hub]) for paper in flood + speech]
    items[0] = (flood[0], [hub, _uses("dataset", "FloodNet")])
    items[3] = (flood[3], [hub, _uses("dataset", "FloodNet"), _uses("dataset", "CityScenes")])
    items[12] = (speech[2], [hub, _uses("dataset", "CityScenes")])
    items += [(Paper(f"filler-{i}", "filler", f"unrelated words number{i}"), []) for i in range(60)]
    _write(store, items)
    found = connection(store, f"paper:{flood[0].id}", f"paper:{flood[3].id}")
    assert found.verdict == "connected" and found.reason == "1 specific step"
    assert all(not step.hub for path in found.paths for step in path.steps) and len(found.paths) <= 3
    # CityScenes links a flood paper to a speech paper, but their topics are far apart: weak, and it says why.
    across = connection(store, f"paper:{flood[0].id}", f"paper:{speech[2].id}")
    assert across.verdict == "weak" and ("far apart" in across.reason or "CityScenes" in across.reason), across.reason
    assert "dataset:CityScenes" in across.paths[0].nodes
    avoided = connection(store, f"paper:{flood[0].id}", f"paper:{speech[2].id}", avoid={"dataset:CityScenes"})
    assert all("dataset:CityScenes" not in path.nodes for path in avoided.paths)
    # Different topics, linked only through the CityScenes step or the hub: never "connected".
    weak = connection(store, f"paper:{flood[5].id}", f"paper:{speech[7].id}")
    assert weak.verdict in ("weak", "none") and weak.reason.startswith(("weak connection", "no connection"))
    lonely = connection(store, "paper:filler-1", f"paper:{speech[7].id}")
    assert lonely.verdict == "none" and lonely.paths == ()


def test_two_alike_papers_connect_by_their_own_text_though_not_in_each_others_nearest_lists(store):
    _write(store, [(paper, []) for topic in TOPICS for paper in _papers(topic, 10)])
    with store.transaction():  # a large store keeps only each paper's 20 nearest: here, none at all
        store.put_nearest({f"{topic}-{i}": [] for topic in TOPICS for i in range(10)})
    found = connection(store, "paper:flood-0", "paper:flood-3")
    assert found.verdict == "connected" and found.reason == "1 specific step"
    (step,) = found.paths[0].steps
    assert step.via is None and step.similarity >= 0.3 and set(step.terms) <= set(TOPICS["flood"].split())
    assert connection(store, "paper:flood-0", "paper:speech-3").verdict in ("weak", "none")


def test_the_map_places_the_seed_in_the_middle_with_labels_and_exports(store, tmp_path):
    items = [(paper, []) for topic in TOPICS for paper in _papers(topic, 12)]
    items[0] = (
        Paper(
            items[0][0].id, items[0][0].title, items[0][0].abstract, authors=["Ada Lovelace", "C B"], date="2025-02-03"
        ),
        [],
    )
    _write(store, items)
    found = paper_map(store, "paper:flood-0", size=8)
    assert found.nodes[0].seed and (found.nodes[0].x, found.nodes[0].y) == (0.0, 0.0)
    assert found.nodes[0].label == "Lovelace et al. 2025" and found.nodes[0].date == "2025-02-03"
    assert len(found.nodes) == 9 and all(-1 <= n.x <= 1 and -1 <= n.y <= 1 for n in found.nodes)
    assert sum(n.paper.startswith("paper:flood-") for n in found.nodes) >= 9 - 1
    assert found.links and all(link.similarity > 0 or link.via for link in found.links)
    data = json.loads(json.dumps(found.to_dict()))
    assert data["seed"] == "paper:flood-0" and len(data["nodes"]) == 9
    path = export_graph(map_graph(found), "gexf", tmp_path / "map")
    assert "Lovelace et al. 2025" in path.read_text(encoding="utf-8")


def test_a_burst_placed_in_dated_papers_is_found_since_a_date(store):
    items = []
    for week in range(20):
        for n in range(10):
            named = (
                [_uses("dataset", "FloodNet")]
                if (week >= 16 and n < 4) or (week < 16 and n == 0 and week % 4 == 0)
                else []
            )
            day = f"2025-{1 + (week * 7) // 28:02}-{1 + (week * 7) % 28:02}"
            items.append(
                (Paper(f"w{week}-{n}", "T", "x", date=day), [*named, _uses("dataset", "Steady")] if n == 1 else named)
            )
    with store.transaction():
        store.put_papers(items)
    found = trends(store, node_type="dataset", period="week")
    assert [t.name for t in found] == ["FloodNet"]
    rising = found[0]
    assert rising.burst_end >= "2025-04-21" and rising.papers_in_burst >= 12 and rising.papers_before <= 4
    assert trends(store, node_type="dataset", period="week", since="2026-01-01") == []
    with pytest.raises(ValueError):
        trends(store, period="fortnight")


def test_a_store_of_an_earlier_release_read_only_answers_without_text_similarity(tmp_path):
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        _write(store, [(paper, [_uses("dataset", "FloodNet")]) for paper in _papers("flood", 3)])
        store._connection.execute("DROP TABLE nearest_lists")  # as a release-2 store has none
        store._connection.execute("DROP TABLE text_model")
    with Store(path, readonly=True) as store:
        found = related(store, "paper:flood-0")
        assert [item.paper for item in found] == ["paper:flood-1", "paper:flood-2"]
        assert all(item.similarity == 0 and item.shared for item in found)
        assert connection(store, "paper:flood-0", "paper:flood-1").paths


def test_a_chain_of_strong_steps_between_papers_on_different_topics_is_weak_and_says_why(store):
    """Each paper shares most of its words with the next one (a strong text step), so a chain from the first to a
    paper far down the line is cheap; but the ends' own texts drift apart, and only close ends are connected."""
    words = [f"word{letter}" for letter in "abcdefghijklmnopqrst"]
    papers = [
        Paper(f"p{i}-{copy}", f"study {i}", " ".join(words[i : i + 8]) + f" note{i}x{copy}")
        for i in range(13)
        for copy in range(3)
    ]
    _write(store, [(paper, []) for paper in papers])
    assert connection(store, "paper:p0-0", "paper:p1-0").verdict == "connected"
    drifted = connection(store, "paper:p0-0", "paper:p4-0")
    assert drifted.verdict == "weak" and "texts are not alike" in drifted.reason, drifted.reason
    assert drifted.paths  # the chain is still shown
    far = connection(store, "paper:p0-0", "paper:p8-0")
    assert far.verdict == "none" and "far apart" in far.reason


def test_a_text_step_connects_only_papers_whose_titles_name_one_topic(store):
    """Two abstracts alike in their words are "connected" by one text step only when their titles name a specific
    word in common (one topic); otherwise the shared words may be generic or one word in two senses: weak."""
    abstract = "flood water segmentation aerial imagery disaster response river inundation mapping quantization"
    items = [
        (Paper("sigma", "Stability of sigma-delta modulators", abstract + " signal"), []),
        (Paper("qubo", "Detection under hardware precision limits", abstract + " hardware"), []),
        (Paper("ocr", "Mitigating OCR hallucinations in models", abstract + " ocr"), []),
        (Paper("review", "A review of hallucinations", abstract + " review"), []),
    ]
    items += [(paper, []) for topic in ("speech", "protein") for paper in _papers(topic, 40)]
    _write(store, items)
    apart = connection(store, "paper:sigma", "paper:qubo")
    assert apart.verdict == "weak" and "titles name no specific word in common" in apart.reason, apart.reason
    together = connection(store, "paper:ocr", "paper:review")
    assert together.verdict == "connected", together.reason


def _words(stem: str, count: int) -> str:
    """An abstract of ``count`` words no other abstract names."""
    return " ".join(f"{stem}{chr(97 + i % 26)}{i}" for i in range(count))


def test_in_a_small_store_papers_whose_titles_name_one_shared_task_are_connected(store):
    """In a store of a few dozen papers the LSA keeps nearly every word apart, so two papers of one topic have a
    low cosine and the task they share is named by a good share of the store: a task both titles name still
    connects them, while a shared task neither title names stays weak. (The abstracts are long enough that the
    titles' shared words leave the texts too far apart for a text step: only the task links the two.)"""
    filler = [f"{_words(f'topic{i}x', 40)} learning" + (" continual" if i < 12 else "") for i in range(30)]
    items = [
        (Paper(f"other-{i}", f"Study of topic{i}", text), [_uses("task", "continual learning")] if i < 12 else [])
        for i, text in enumerate(filler)
    ]
    items += [
        (Paper("simple", "A simple baseline for continual learning", _words("simple", 400)),
         [_uses("task", "continual learning")]),
        (Paper("hyper", "Hyperparameters in continual learning: a reality check", _words("hyper", 400)),
         [_uses("task", "continual learning")]),
        (Paper("robots", "Robot locomotion with hypernetworks", _words("robot", 400)),
         [_uses("task", "continual learning")]),
    ]  # fmt: skip
    _write(store, items)
    together = connection(store, "paper:simple", "paper:hyper")
    assert together.verdict == "connected", together.reason
    untitled = connection(store, "paper:simple", "paper:robots")
    assert untitled.verdict == "weak", untitled.reason


def test_a_question_reads_a_bounded_number_of_papers_then_follows_text_links(store, monkeypatch):
    flood = _papers("flood", 10)
    flood_net, river_seg = _uses("dataset", "FloodNet"), _uses("dataset", "RiverSeg")
    items = [(paper, [flood_net] * (i in (0, 3, 5)) + [river_seg] * (i in (0, 3, 7))) for i, paper in enumerate(flood)]
    items += [(Paper(f"filler-{i}", "filler", f"unrelated words number{i}"), []) for i in range(60)]
    _write(store, items)
    read: list[int] = []
    naming = Store.papers_naming
    monkeypatch.setattr(Store, "papers_naming", lambda self, ids: read.append(len(found := naming(self, ids))) or found)
    unbounded = connection(store, "paper:flood-0", "paper:flood-3")
    assert sum(read) >= 6  # both entities' three papers
    read.clear()
    monkeypatch.setattr(connections, "PAPERS_READ", 3)  # one entity's papers, then nothing more
    bounded = connection(store, "paper:flood-0", "paper:flood-3")
    assert sum(read) == 3 and bounded.verdict == unbounded.verdict == "connected"
    read.clear()
    monkeypatch.setattr(connections, "PAPERS_READ", 0)  # no entity at all: the texts' own links still answer
    assert connection(store, "paper:flood-0", "paper:flood-3").verdict == "connected" and read == []
