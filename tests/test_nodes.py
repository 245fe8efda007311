"""Node ids: NodeId(type, key) and its "type:key" text, the one place ids are built and read."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from graphapp.nodes import ENTITY_NODE_TYPES, NODE_TYPES, NodeId, node_type


def test_text_round_trip_keeps_colons_in_the_key():
    for text in ("paper:2106.09685", "dataset:CIFAR-10", "repo:https://github.com/a/b", "link:http://x.org:8080/a:b"):
        node = NodeId.parse(text)
        assert str(node) == text
        assert NodeId.parse(node) is node
    assert NodeId.parse("link:http://x.org:8080/a:b") == NodeId("link", "http://x.org:8080/a:b")


def test_text_that_is_no_node_id_parses_to_nothing_a_store_holds():
    assert NodeId.parse("nonsense") == NodeId("nonsense", "")
    assert NodeId.parse("") == NodeId("", "")
    assert NodeId.parse(":x").type == ""
    assert NodeId.parse("nonsense").type not in NODE_TYPES


def test_papers_and_entities():
    assert NodeId.paper("2106.09685") == NodeId("paper", "2106.09685") and NodeId.paper("x").is_paper
    assert NodeId.entity("dataset", "CIFAR-10") == NodeId("dataset", "CIFAR-10")
    assert not NodeId.entity("dataset", "CIFAR-10").is_paper
    assert NodeId.entity("url", "https://github.com/a/b.git", "github_repo") == NodeId("repo", "https://github.com/a/b")
    assert NodeId.entity("url", "https://huggingface.co/a/b", "hf_model").type == "hf"
    assert NodeId.entity("url", "https://example.org", None).type == "link"
    assert {NodeId(kind, "x").entity_type for kind in ("repo", "hf", "link")} == {"url"}
    assert NodeId("model", "x").entity_type == "model"


def test_node_types():
    assert NODE_TYPES[0] == "paper" and NODE_TYPES[1:] == ENTITY_NODE_TYPES
    assert node_type("url", "hf_space") == "hf" and node_type("task", None) == "task"


def test_frozen_hashable_ordered_and_picklable():
    node = NodeId("model", "BERT")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.key = "GPT"  # type: ignore[misc]
    assert len({node, NodeId("model", "BERT")}) == 1
    assert sorted([NodeId("paper", "b"), NodeId("dataset", "z"), NodeId("paper", "a")])[0] == NodeId("dataset", "z")
    assert pickle.loads(pickle.dumps(node)) == node
