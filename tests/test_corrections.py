"""Corrections (graphapp.corrections): merge, rename, reject; kept in the store, applied to what it holds and to
later ingests, exported as a --vocab file."""

from __future__ import annotations

import json

import pytest

from extractors.vocabulary import Correction as VocabCorrection
from extractors.vocabulary import Entity, read_vocab_file
from graphapp.corrections import Correction, CorrectionError, correct, corrections, vocab_jsonl
from graphapp.model import Paper
from graphapp.pipeline import ingest_papers
from graphapp.queries.entities import count_papers_naming, entity_counts
from graphapp.queries.search import search
from graphapp.store import Store
from tests.app_store import build_store


@pytest.fixture
def store(tmp_path):
    with Store(build_store(tmp_path / "s.sqlite")) as opened:
        yield opened


def names(store: Store, node_type: str) -> dict[str, int]:
    return {row.name: row.papers for row in entity_counts(store, node_type)}


def test_merge_moves_every_mention(store):
    assert correct(store, Correction("merge", "dataset", "CoRe50", "CIFAR-10")) == 2
    datasets = names(store, "dataset")
    assert "CoRe50" not in datasets and datasets["CIFAR-10"] == 5  # 4 + the one paper naming only CoRe50
    assert search(store, "core50").hits == []  # the search index follows


def test_rename_and_reject(store):
    correct(store, Correction("rename", "model", "ViT", "Vision Transformer"))
    assert "ViT" not in names(store, "model") and names(store, "model")["Vision Transformer"] == 2
    assert search(store, "vision transformer").hits[0].node == "model:Vision Transformer"
    correct(store, Correction("reject", "model", "RoBERTa"))
    assert "RoBERTa" not in names(store, "model") and count_papers_naming(store, "model:RoBERTa") == 0


def test_bad_corrections_are_refused_and_change_nothing(store):
    before = names(store, "dataset")
    for bad in (
        Correction("merge", "dataset", "Nope", "CIFAR-10"),
        Correction("merge", "dataset", "CoRe50", "Not there"),
        Correction("rename", "dataset", "CoRe50", "  "),
        Correction("rename", "url", "https://github.com/microsoft/LoRA", "x"),
    ):
        with pytest.raises(CorrectionError):
            correct(store, bad)
    assert names(store, "dataset") == before and corrections(store) == []


def test_corrections_apply_to_later_ingests_and_survive_reopening(store, tmp_path):
    correct(store, Correction("rename", "dataset", "CIFAR-10", "CIFAR10 (Krizhevsky)"))
    correct(store, Correction("reject", "dataset", "ImageNet"))
    store.close()
    with Store(tmp_path / "s.sqlite") as reopened:
        assert [c.action for c in corrections(reopened)] == ["rename", "reject"]
        ingest_papers(reopened, [Paper("n1", "New", "We train on CIFAR-10 and ImageNet.")], source="later")
        named = {row.entity_type + ":" + row.name for row in reopened.mentions(["n1"])}
        assert "dataset:CIFAR10 (Krizhevsky)" in named and "dataset:CIFAR-10" not in named
        assert not any(name.endswith(":ImageNet") for name in named)


def test_export_is_a_vocab_file(store, tmp_path):
    correct(store, Correction("merge", "dataset", "CoRe50", "CIFAR-10"))
    correct(store, Correction("rename", "model", "ViT", "Vision Transformer"))
    correct(store, Correction("reject", "model", "RoBERTa"))
    text = vocab_jsonl(corrections(store))
    records = [json.loads(line) for line in text.splitlines() if not line.startswith("#")]
    assert records == [
        {"type": "dataset", "name": "CIFAR-10", "aliases": ["CoRe50"]},
        {"type": "model", "name": "Vision Transformer", "aliases": ["ViT"]},
        {"reject": "RoBERTa", "type": "model"},
    ]
    path = tmp_path / "corrections.jsonl"
    path.write_text(text, encoding="utf-8")
    read = list(read_vocab_file(path))  # the --vocab loader reads every record back
    loaded = {(entity.type, entity.name): entity.aliases for entity in read if isinstance(entity, Entity)}
    assert loaded[("model", "Vision Transformer")] == ("ViT",)
    assert [(c.surface, c.type, c.merge_into) for c in read if isinstance(c, VocabCorrection)] == [
        ("RoBERTa", "model", None)
    ]
