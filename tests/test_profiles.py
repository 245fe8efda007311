"""An entity's page (graphapp.queries.profiles): counts by relation, dates, its code and its variants, over the
whole store."""

from __future__ import annotations

import pytest

from graphapp.model import Occurrence, Paper
from graphapp.queries.profiles import base_name, profile, released_code, timeline, variants
from graphapp.store import Store
from tests.app_store import build_store


@pytest.fixture
def store(tmp_path):
    with Store(build_store(tmp_path / "s.sqlite")) as opened:
        yield opened


def test_profile_counts_papers_by_relation(store):
    found = profile(store, "model:RoBERTa")
    assert (found.papers, found.relations) == (2, {"uses": 1, "mentions": 1})
    assert (found.first_date, found.last_date) == ("2024-01-01", "2024-01-01")
    assert profile(store, "model:Nope") is None


def test_released_code(store):
    assert [item.node for item in released_code(store, "model:ViT")] == [
        "repo:https://github.com/google-research/vision_transformer"
    ]
    assert [item.node for item in released_code(store, "method:QLoRA")] == [
        "hf:https://huggingface.co/timdettmers/guanaco-65b"
    ]
    assert released_code(store, "dataset:CIFAR-10") == []  # no paper here proposes it


def test_timeline_fills_every_month(store):
    with store.transaction():
        for pid, date in (("t1", "2024-03-05"), ("t2", "2024-03-20")):
            occurrence = Occurrence("dataset", "CIFAR-10", "uses", "CIFAR-10", "We use CIFAR-10.")
            store.put_paper(Paper(pid, pid, "We use CIFAR-10.", date=date), [occurrence])
    assert timeline(store, "dataset:CIFAR-10") == [("2024-01", 4), ("2024-02", 0), ("2024-03", 2)]


def test_variants_share_a_base_name_or_a_family(store):
    with store.transaction():
        names = ("CIFAR-100", "CIFAR", "CIFARNet", "ImageNet-21k")
        occurrences = [Occurrence("dataset", name, "uses", name, f"On {name}.") for name in names]
        occurrences.append(Occurrence("model", "Llama 3.1", "uses", "Llama 3.1", "x", family="Llama"))
        occurrences.append(Occurrence("model", "Llama-2", "uses", "Llama-2", "x", family="Llama"))
        store.put_paper(Paper("v1", "Variants", "x"), occurrences)
    assert [item.name for item in variants(store, "dataset:CIFAR-10")] == ["CIFAR", "CIFAR-100"]
    assert [item.name for item in variants(store, "dataset:ImageNet")] == ["ImageNet-21k"]
    assert [item.name for item in variants(store, "model:Llama 3.1")] == ["Llama-2"]
    assert base_name("GPT-4o") == "GPT" and base_name("Qwen2.5") == "Qwen"
