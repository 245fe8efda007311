"""The benchmark corpus generator: same seed, same corpus; realistic shape; names placed where expected."""

from __future__ import annotations

import gzip
import json

from bench.corpus import FALLBACK_NAMES, generate, load_names, parse_size, write_corpus

NAMES = {"dataset": ["ImageNet", "CIFAR-10"], "model": ["BERT"], "method": ["LoRA"], "task": ["image classification"]}


def test_same_seed_same_corpus_other_seed_other_corpus():
    first = list(generate(50, seed=3, names=NAMES))
    assert first == list(generate(50, seed=3, names=NAMES))
    other = list(generate(50, seed=4, names=NAMES))
    assert [p["abstract"] for p in first] != [p["abstract"] for p in other]
    assert len({p["id"] for p in first}) == 50


def test_abstracts_look_like_real_ones():
    papers = list(generate(300, seed=1, names=NAMES))
    words = sorted(len(p["abstract"].split()) for p in papers)
    assert words[0] >= 60 and words[-1] <= 400
    assert 120 <= words[len(words) // 2] <= 230  # real arXiv median: 175 words
    text = "\n".join(p["abstract"] for p in papers)
    for name in ("ImageNet", "CIFAR-10", "BERT", "LoRA", "image classification"):
        assert name in text
    assert "https://github.com/" in text and "huggingface.co/" in text
    assert " et al." in text or "[" in text
    assert sum("\n" in p["abstract"] for p in papers) > 50  # some are hard-wrapped like arXiv's
    assert all(p["title"] and p["date"] for p in papers)


def test_vocabulary_files_give_the_names(tmp_path):
    (tmp_path / "datasets.jsonl").write_text('{"name": "CoRe50", "aliases": ["CORe50"]}\n\n', encoding="utf-8")
    (tmp_path / "extra.jsonl").write_text('{"name": "Mamba", "type": "model"}\n', encoding="utf-8")
    names = load_names(tmp_path)
    assert names["dataset"] == ["CoRe50", "CORe50"]
    assert names["model"] == ["Mamba"]
    assert names["method"] == FALLBACK_NAMES["method"]  # a type without a file keeps working
    assert load_names(tmp_path / "missing") == FALLBACK_NAMES


def test_written_corpus_reads_back(tmp_path):
    path = write_corpus(tmp_path / "c.jsonl.gz", generate(20, seed=0, names=NAMES))
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    assert rows == list(generate(20, seed=0, names=NAMES))
    assert parse_size("1M") == 1_000_000 and parse_size("2500") == 2500
