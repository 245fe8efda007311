import pickle

import pytest

from extractors.lexicon import Lexicon, case_rule
from extractors.vocabulary import Entity, Vocabulary


def found(lexicon, text):
    return [(h.name, text[h.start : h.end]) for h in lexicon.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spelling variants meet at one canonical name
        (
            "on CIFAR100, CIFAR 100 and CIFAR-100.",
            [("CIFAR-100", "CIFAR100"), ("CIFAR-100", "CIFAR 100"), ("CIFAR-100", "CIFAR-100")],
        ),
        ("we use LLaMA-2 and Llama 2.", [("Llama 2", "LLaMA-2"), ("Llama 2", "Llama 2")]),
        # word boundaries and longest match
        ("SuperGLUE is harder than GLUE.", [("SuperGLUE", "SuperGLUE"), ("GLUE", "GLUE")]),
        ("ALBERT and BERT", [("ALBERT", "ALBERT"), ("BERT", "BERT")]),
        ("AdamW beats Adam", [("AdamW", "AdamW"), ("Adam", "Adam")]),
        ("on Split-CIFAR100 only", [("Split-CIFAR100", "Split-CIFAR100")]),
        ("on 10-Split-CIFAR-100-C only", []),
        ("a BERT-based model", [("BERT", "BERT")]),
        ("ResNet-50 features", [("ResNet-50", "ResNet-50")]),
        ("ResNet-500", []),
        ("hyper-BERTs", []),
        # case: acronyms exact, lowercase phrases any case, single capitalised words need a capital
        ("bert and Bert", []),
        ("LORA: LOW-RANK ADAPTATION", [("LoRA", "LORA"), ("LoRA", "LOW-RANK ADAPTATION")]),
        (
            "Transfer Learning and TRANSFER LEARNING",
            [("transfer learning", "Transfer Learning"), ("transfer learning", "TRANSFER LEARNING")],
        ),
        ("ADAM, Adam, adam", [("Adam", "Adam")]),  # "ADAM" in running text is another acronym
        ("TRAINING WITH ADAM AT SCALE", [("Adam", "ADAM")]),  # ... but fine in a title in capitals
        # plurals of methods
        ("CNNs and Transformers", [("CNN", "CNNs"), ("Transformer", "Transformers")]),
        # hard-wrapped lines
        ("we use\nLLaMA\n2 here", [("Llama 2", "LLaMA\n2")]),
    ],
)
def test_scan(lexicon, text, expected):
    assert found(lexicon, text) == expected


@pytest.mark.parametrize(
    ("text", "name", "family"),
    [
        ("Llama 2-Chat 70B wins", "Llama 2-Chat 70B", "Llama 2-Chat"),
        ("Llama 2-Chat\n70B wins", "Llama 2-Chat 70B", "Llama 2-Chat"),
        ("LLaMA-2 70B wins", "Llama 2 70B", "Llama 2"),
        ("Qwen2.5-72B-Instruct wins", "Qwen2.5-72B-Instruct", "Qwen2.5"),
        ("GPT-4o mini wins", "GPT-4o mini", "GPT-4o"),
        ("Qwen3-235B-A22B wins", "Qwen3-235B-A22B", "Qwen"),
        ("Llama 3 models", "Llama 3", "Llama"),
        ("o1-preview wins", "o1-preview", "o1"),
        ("CodeT5+ wins", "CodeT5+", "CodeT5"),
    ],
)
def test_model_variants_keep_their_name_and_point_to_a_family(lexicon, text, name, family):
    hit = lexicon.scan(text)[0]
    assert (hit.name, hit.family) == (name, family)
    assert hit.start == 0


def test_model_suffix_does_not_swallow_counts(lexicon):
    assert [h.name for h in lexicon.scan("we train BERT 12 times")] == ["BERT"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we use SGD with momentum 0.9", ["SGD"]),
        ("the SGD dataset", []),
        ("results on COCO detection", ["COCO"]),
        ("a coco-nut and COCO", []),
        ("accuracy on MATH and GSM8K", ["MATH"]),
        ("MATH IS HARD", []),
    ],
)
def test_ambiguous_names_need_a_context_word(lexicon, text, expected):
    assert [h.name for h in lexicon.scan(text)] == expected


def test_shared_surface_resolved_by_type_cue():
    vocab = Vocabulary([Entity("dataset", "ARC"), Entity("method", "ARC")])
    lex = Lexicon(vocab)
    assert [h.entity.type for h in lex.scan("the ARC benchmark")] == ["dataset"]
    assert [h.entity.type for h in lex.scan("ARC is strong.")] == []  # no cue: left out, not guessed


def test_unicode_offsets_stay_valid(lexicon):
    text = "İstanbul team: ﬁne BERT on CIFAR-100 — TÜLU"
    for h in lexicon.scan(text):
        assert text[h.start : h.end] in ("BERT", "CIFAR-100")


def test_empty_vocabulary_finds_nothing():
    assert Lexicon(Vocabulary()).scan("BERT on GLUE") == []


def test_pickle_round_trip(lexicon):
    clone = pickle.loads(pickle.dumps(lexicon))
    text = "Llama 2-Chat 70B on CIFAR100"
    assert [(h.name, h.start) for h in clone.scan(text)] == [(h.name, h.start) for h in lexicon.scan(text)]


@pytest.mark.parametrize(
    ("alias", "rule"),
    [
        ("BERT", "exact"),
        ("LoRA", "exact"),
        ("GPT-4", "exact"),
        ("mT5", "exact"),
        ("Adam", "title"),
        ("Bayesian optimization", "any"),
        ("dropout", "any"),
        ("vit", "exact"),
    ],
)
def test_case_rule(alias, rule):
    assert case_rule(alias) == rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # capitals only count in a title written in capitals
        ("a strong baseline, ATLAS, wins", []),
        ("Atlas wins", [("Atlas", "Atlas")]),
        # long or numbered names in another capitalisation; short coined ones only as listed
        (
            "on Split-CIFAR100 and CoRe 50 benchmarks",
            [("Split-CIFAR100", "Split-CIFAR100"), ("CORe50", "CoRe 50")],
        ),
        ("trained on Audioset", [("AudioSet", "Audioset")]),
        ("CAMeL beats", []),
        # lower-case model ids need their size or version
        ("we run mistral-7b and the mistral wind", [("Mistral 7B", "mistral-7b")]),
        # two names joined by a hyphen are both names
        ("a CNN-Transformer hybrid", [("CNN", "CNN"), ("Transformer", "Transformer")]),
        # a missing space after a full stop still ends the name
        ("compared with Microsoft's Phi.This small language model", [("Phi", "Phi")]),
        # a dataset's edition year belongs to its name, a count does not
        (
            "on iNat 2019 and CIFAR-10 2000 images",
            [("iNaturalist 2019", "iNat 2019"), ("CIFAR-10", "CIFAR-10")],
        ),
        # glued variant words
        ("StarCoderPlus is", [("StarCoderPlus", "StarCoderPlus")]),
    ],
)
def test_scan_spellings(lexicon, text, expected):
    assert found(lexicon, text) == expected


def test_lookup_ignores_context_but_not_case(lexicon):
    assert [e.name for e in lexicon.lookup("FLUX")] == ["FLUX"]
    assert lexicon.lookup("flux") == []
    assert [e.name for e in lexicon.lookup("CIFAR100")] == ["CIFAR-100"]


@pytest.mark.parametrize(("name", "expected"), [("ArtGPT-4", True), ("FrALBERT", True), ("SparseNet", False)])
def test_ends_in_model(lexicon, name, expected):
    assert lexicon.ends_in_model(name) is expected


@pytest.mark.parametrize("name", ["ArtGPT-4", "FrALBERT", "SparseNet", "Llama Guard", "Kimi Delta Attention"])
def test_built_on_model_answers_as_its_two_tests_and_remembers(name):
    lexicon = Lexicon(Vocabulary([Entity("model", "GPT-4"), Entity("model", "ALBERT"), Entity("model", "Llama")]))
    expected = lexicon.ends_in_model(name) or lexicon.starts_with_model(name)
    assert lexicon.built_on_model(name) is expected
    assert lexicon._on_model == {name: expected}
    assert lexicon.built_on_model(name) is expected  # the remembered answer


def test_learned_names_match_as_written_beside_listed_ones():
    """Learned names have an automaton of their own over the text as written: exact case, letters whose
    lower case depends on context ("Σ") or grows ("İ") included, next to the listed names' matches."""
    vocab = Vocabulary([Entity("model", "BERT")])
    for name in ("FooNet", "ΣNet", "İNet", "TIME"):
        vocab.add(Entity("method", name, learned=True))
    lexicon = Lexicon(vocab)
    text = "FooNet, ΣNet and İNet beat BERT; foonet, σnet and TIME-time do not count twice."
    assert found(lexicon, text) == [
        ("FooNet", "FooNet"),
        ("ΣNet", "ΣNet"),
        ("İNet", "İNet"),
        ("BERT", "BERT"),
        ("TIME", "TIME"),
    ]


def _hits(lexicon, text):
    return [(h.start, h.end, h.name, h.family, h.entity) for h in lexicon.scan(text)]


def test_with_learned_reuses_listed_keys_and_scans_like_a_fresh_lexicon(vocab):
    """Learning adds names without rebuilding the listed names' automaton, and finds what a lexicon
    built from scratch over the grown vocabulary finds."""
    base = Lexicon(vocab)
    grown = vocab.copy()
    for name in ("FooNet", "BERT-Flow", "Qwen-Audio"):
        grown.add(Entity("method", name, learned=True))
    learned = base.with_learned(grown)
    assert learned._listed is base._listed
    text = "FooNet and BERT-Flow beat BERT, Qwen-Audio and Qwen2.5 on CIFAR100; LORA: LOW-RANK ADAPTATION."
    assert _hits(learned, text) == _hits(Lexicon(grown), text)
    assert "FooNet" in [h.name for h in learned.scan(text)]


def test_with_learned_redoes_only_the_listed_entities_learning_changed(vocab):
    """A name learned in another case merges into its listed entity ("XQuaD" for XQuAD): that entity's
    surfaces are replaced in the listed keys, which then equal those of a lexicon built from scratch."""
    base = Lexicon(vocab)
    grown = vocab.copy()
    grown.add(Entity("model", "BERT", ("BeeRT",), learned=True))
    grown.add(Entity("method", "FooNet", learned=True))
    learned = base.with_learned(grown)
    fresh = Lexicon(grown)
    assert learned._listed is not base._listed
    assert learned._listed.table() == fresh._listed.table()
    text = "BeeRT and FooNet beat BERT and bert."
    assert _hits(learned, text) == _hits(fresh, text)
    assert [h.name for h in learned.scan(text)] == ["BERT", "FooNet", "BERT"]
