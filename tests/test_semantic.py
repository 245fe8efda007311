"""The shipped static embedding model, the store's semantic index, and their use in related papers."""

from __future__ import annotations

import numpy as np
import pytest

from graphapp.analysis.semantic import ASSET, StaticEmbedder, semantic_text, shipped_embedder
from graphapp.model import Paper
from graphapp.queries.related import related
from graphapp.semanticindex import embeddings_of
from graphapp.store import Store
from graphapp.textindex import update_text_index

#: One problem worded apart (fast per-scene reconstruction for novel views; human actions from event cameras),
#: and the seed's technique or sensing word applied to another problem (SLAM; wearable sensors).
SEED = (
    "Fast 3D Gaussian splatting optimisation for scene reconstruction",
    "Optimising a 3D Gaussian splatting scene takes tens of minutes per scene. We propose a schedule that "
    "reconstructs a scene from posed images in one minute while keeping rendering quality for novel view synthesis.",
)
SAME_PROBLEM = (
    "Neural radiance fields that train in seconds",
    "Reconstructing radiance fields from a set of posed photographs is slow. We present a hash-grid encoding that "
    "cuts per-scene optimisation to seconds with the same novel view quality.",
)
SAME_TECHNIQUE = (
    "Gaussian splatting SLAM for robots",
    "Simultaneous localisation and mapping must track a camera and build a map online. We represent the map with "
    "3D Gaussians and track the RGB-D camera pose for robot navigation.",
)
HAR_SEED = (
    "Human activity recognition from RGB and event cameras",
    "Recognising human actions from video fails under fast motion and low light. We fuse frames of an RGB camera "
    "with an event camera stream to classify actions.",
)
HAR_SAME_PROBLEM = (
    "Action recognition with event streams",
    "Event cameras record brightness changes with microsecond latency. We classify human actions from event "
    "streams with a spiking network, robust to motion blur.",
)
HAR_OTHER_SENSING = (
    "Wearable sensor activity recognition",
    "Accelerometers and gyroscopes in smartwatches record daily activities. We recognise walking, sitting and "
    "climbing stairs from inertial signals of wearable devices.",
)


def _cosine(model: StaticEmbedder, one: tuple[str, str], other: tuple[str, str]) -> float:
    first, second = model.embed([semantic_text(*one), semantic_text(*other)])
    return float(first @ second)


def test_the_shipped_model_loads_and_says_how_it_was_made():
    model = shipped_embedder()
    assert ASSET.exists() and ASSET.stat().st_size < 8_000_000
    assert len(model.vocabulary) > 10_000 and 32 <= model.dimensions <= 384
    assert model.vectors.dtype == np.float32 and np.isfinite(model.vectors).all()
    assert "all-MiniLM-L6-v2" in str(model.about["source"])
    assert {"transformer", "segmentation", "retrieval-augmented"} <= set(model.vocabulary)


def test_a_paper_embeds_the_same_every_time():
    again = StaticEmbedder.load()
    text = semantic_text(*SEED)
    first = shipped_embedder().embed([text, semantic_text(*SAME_TECHNIQUE)])
    assert np.array_equal(first[0], again.embed([text])[0])
    assert np.array_equal(first[0], shipped_embedder().embed([text])[0])  # whatever else is in the batch
    assert np.isclose(np.linalg.norm(first[0]), 1.0, atol=1e-5)


def test_one_problem_worded_apart_is_closer_in_meaning_than_a_shared_technique():
    model = shipped_embedder()
    assert _cosine(model, SEED, SAME_PROBLEM) > _cosine(model, SEED, SAME_TECHNIQUE) + 0.1
    assert _cosine(model, HAR_SEED, HAR_SAME_PROBLEM) > _cosine(model, HAR_SEED, HAR_OTHER_SENSING) + 0.1


def test_unknown_words_and_compounds():
    model = StaticEmbedder.from_words({"graph": [1.0, 0.0], "neural": [0.0, 1.0]})
    assert model.word_rows("Graph-neural zzz") == [0, 1]  # a compound the model lacks counts as its parts
    assert not model.embed(["zzz qqq"]).any()  # no known word: zeros, not NaN
    assert model.embed([]).shape == (0, 2)


def test_embeddings_are_computed_from_the_stored_text_as_the_store_kept_them():
    store = Store(":memory:")
    with store.transaction():
        store.put_papers([(Paper("a", *SEED), []), (Paper("b", *SAME_PROBLEM), [])])
    found = embeddings_of(store, ["a", "b", "not stored"])
    assert set(found) == {"a", "b"}
    fresh = shipped_embedder().embed([semantic_text(*SEED), semantic_text(*SAME_PROBLEM)])
    assert np.array_equal(found["a"], fresh[0].astype(np.float16).astype(np.float32))  # float16, as once stored
    assert np.allclose(found["b"], fresh[1], atol=2e-3)
    with store.transaction():
        store.put_papers([(Paper("b", *SAME_TECHNIQUE), [])])  # b's text changed: so does its embedding
    changed = embeddings_of(store, ["b"])["b"]
    assert np.allclose(changed, shipped_embedder().embed([semantic_text(*SAME_TECHNIQUE)])[0], atol=2e-3)
    other = StaticEmbedder.from_words({"gaussian": [1.0, 0.0], "scene": [0.0, 1.0]})  # another model
    assert embeddings_of(store, ["a"], other)["a"].shape == (2,)


@pytest.fixture
def scenes() -> Store:
    store = Store(":memory:")
    papers = [Paper("seed", *SEED), Paper("same", *SAME_PROBLEM), Paper("slam", *SAME_TECHNIQUE)]
    papers += [Paper("har", *HAR_SEED), Paper("har-same", *HAR_SAME_PROBLEM), Paper("har-other", *HAR_OTHER_SENSING)]
    with store.transaction():
        store.put_papers([(paper, []) for paper in papers])
        update_text_index(store, [p.id for p in papers])
    return store


def test_related_says_how_alike_in_meaning(scenes):
    found = {r.paper: r for r in related(scenes, "paper:seed", limit=5, min_score=0.0)}
    assert found["paper:same"].meaning_similarity > found["paper:slam"].meaning_similarity
    assert f"alike in meaning {found['paper:same'].meaning_similarity:.2f}" in found["paper:same"].why()
