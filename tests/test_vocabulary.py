import json
from pathlib import Path

import pytest

from extractors.normalize import fold_text, spelling_variants
from extractors.vocabulary import DEFAULT_VOCAB_DIR, Entity, Vocabulary, VocabularyError, load_vocabulary

FIXTURE_VOCAB = Path(__file__).parent / "fixtures" / "vocab"


def test_fixture_loads_with_types_from_file_names(vocab):
    types = {e.name: e.type for e in vocab}
    assert types["CIFAR-100"] == "dataset"
    assert types["Llama 2"] == "model"
    assert types["LoRA"] == "method"
    assert types["transfer learning"] == "task"


def test_comment_and_blank_lines_are_skipped(tmp_path: Path):
    f = tmp_path / "methods.jsonl"
    f.write_text('# a comment\n\n// another\n{"name": "Adam"}\n', encoding="utf-8")
    assert [e.name for e in load_vocabulary([f], default=False)] == ["Adam"]


def test_optional_keys(vocab):
    sgd = vocab.find("method", "SGD")
    assert sgd is not None and sgd.ambiguous == {"SGD"} and "optimizer" in sgd.context
    assert vocab.find("model", "Llama 2").family == "Llama"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"name": "X"', "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"aliases": ["x"]}', '"name" must be a non-empty string'),
        ('{"name": "  "}', '"name" must be a non-empty string'),
        ('{"name": "X", "aliases": "Y"}', '"aliases" must be a list'),
        ('{"name": "X", "aliases": [3]}', '"aliases" must be a non-empty string'),
        ('{"name": "X", "alias": ["Y"]}', "unknown key(s) 'alias'"),
        ('{"name": "X", "type": "metric"}', "type 'metric' is not one of"),
        ('{"name": "X", "ambiguous": ["X"]}', '"ambiguous" needs a non-empty "context"'),
    ],
)
def test_bad_line_names_file_and_line(tmp_path: Path, line: str, message: str):
    f = tmp_path / "datasets.jsonl"
    f.write_text('{"name": "Fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(VocabularyError) as err:
        load_vocabulary([f], default=False)
    assert str(err.value).startswith(f"{f}:2: ")
    assert message in str(err.value)


def test_user_file_needs_type_unless_named_by_type(tmp_path: Path):
    f = tmp_path / "my_names.jsonl"
    f.write_text('{"name": "FooNet", "type": "method"}\n{"name": "BarBench"}\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"my_names.jsonl:2: no \"type\" key"):
        load_vocabulary([f], default=False)


def test_user_file_mixing_types_extends_default_entities(tmp_path: Path):
    f = tmp_path / "extra.jsonl"
    rows = [
        {"name": "FooNet", "type": "method"},
        {"name": "cifar-100", "type": "dataset", "aliases": ["C100"]},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    vocab = load_vocabulary([FIXTURE_VOCAB, f], default=False)
    assert vocab.find("method", "FooNet") is not None
    cifar = vocab.find("dataset", "CIFAR-100")
    assert cifar.name == "CIFAR-100" and "C100" in cifar.aliases and "cifar-100" in cifar.aliases


def test_missing_file_raises():
    with pytest.raises(FileNotFoundError):
        load_vocabulary(["/nonexistent/vocab.jsonl"], default=False)


def test_default_dir_is_the_shipped_one():
    assert DEFAULT_VOCAB_DIR.parts[-2:] == ("data", "vocab")


def test_vocabulary_merge_and_copy():
    v = Vocabulary([Entity("model", "BERT")])
    assert v.add(Entity("model", "Bert", ("BERT-base",))) is False
    assert v.add(Entity("dataset", "BERT")) is True  # same name, other type: another entity
    copy = v.copy()
    copy.add(Entity("model", "T5"))
    assert len(v) == 2 and len(copy) == 3


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CIFAR-100", {"cifar 100", "cifar100"}),
        ("MT-Bench", {"mt bench", "mtbench"}),
        ("fine-tuning", {"fine tuning", "finetuning"}),
        ("transfer learning", {"transfer learning"}),
        ("Qwen2.5", {"qwen2.5", "qwen 2.5"}),
        ("  GPT-4o ", {"gpt 4o", "gpt4o"}),
    ],
)
def test_spelling_variants(name, expected):
    assert spelling_variants(name) == expected


def test_fold_text_keeps_length_for_unicode():
    for text in ("İstanbul-BERT", "TÜLU 3", "ﬁne-tuning", "naïve\u00a0Bayes\n"):
        assert len(fold_text(text)) == len(text)


def test_a_vocab_file_can_reject_a_surface_and_merge_two_names(tmp_path):
    from extractors import Extractor

    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(
        '{"type": "method", "name": "FooNet"}\n'
        '{"type": "method", "name": "BarNet"}\n'
        '{"reject": "FooNet"}\n'
        '{"merge": "BarNet", "into": "Bar Network", "type": "method"}\n',
        encoding="utf-8",
    )
    text = "We combine FooNet and BarNet."
    assert [m.name for m in Extractor.default([corrections]).extract(text)] == ["Bar Network"]


def test_a_bad_correction_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"reject": "X"}\n{"merge": "A", "to": "B"}\n', encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"bad.jsonl:2: unknown key\(s\) 'to'"):
        load_vocabulary([bad], default=False)
