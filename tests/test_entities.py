import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import Extractor
from extractors.entities import EntityExtractor, Survey
from extractors.normalize import fold_text
from extractors.vocabulary import Vocabulary
from graphapp.ingest import read_papers
from graphapp.model import Paper

URL = re.compile(r"(https?://|www\.)\S+|\S+\.(com|org|io|ai)/\S*")


def skips(text):
    return [m.span() for m in URL.finditer(text)]


def test_extract_returns_mentions_with_valid_spans(extractor):
    text = "We fine-tune Llama 2-Chat 70B on CIFAR100 with LoRA for transfer learning."
    got = [(m.type, m.name, m.text, m.role, m.family) for m in extractor.extract(text)]
    assert got == [
        ("model", "Llama 2-Chat 70B", "Llama 2-Chat 70B", "used", "Llama 2-Chat"),
        ("dataset", "CIFAR-100", "CIFAR100", "used", None),
        ("method", "LoRA", "LoRA", "used", None),
        ("task", "transfer learning", "transfer learning", None, None),
    ]


def test_nothing_inside_skip_spans(extractor):
    text = "We propose ReLinear, a training strategy. Code: github.com/FengleiFan/ReLinear and https://x.io/BERT"
    mentions = extractor.extract(text, skips(text))
    assert [(m.name, m.start) for m in mentions] == [("ReLinear", 11)]
    assert all(m.text == text[m.start : m.end] for m in mentions)


def test_learn_makes_discoveries_findable_everywhere(extractor):
    texts = ["We introduce QuuxNet, a benchmark for agents.", "Models fail on QuuxNet."]
    assert [m.name for m in extractor.extract(texts[1])] == []
    assert extractor.learn(texts) == 1
    assert [(m.type, m.name, m.role) for m in extractor.extract(texts[1])] == [("dataset", "QuuxNet", "used")]
    assert extractor.learn(texts) == 0  # already known


def test_learned_acronym_with_two_meanings_is_not_learned_alone(extractor):
    extractor.learn(
        [
            "We propose Blockwise Compression for Transformers (BCT).",
            "We use Backward Compatible Training (BCT).",
        ]
    )
    assert [m.name for m in extractor.extract("BCT is used.")] == []
    assert [m.name for m in extractor.extract("Backward Compatible Training helps")] == ["Backward Compatible Training"]


def test_learn_votes_for_the_best_supported_type():
    ex = EntityExtractor(Vocabulary())
    ex.learn(["We propose QuuxNet for images.", "QuuxNet, a new benchmark of images, is out."])
    assert [m.type for m in ex.extract("on QuuxNet")] == ["dataset"]


SURVEYED = [
    "We propose QuuxNet for images.",
    "We use vision-language-action (VLA) models and Iterative Magnitude Pruning (IMP).",
    "QuuxNet, a new benchmark of images, is out. We introduce BarBench, a benchmark for agents.",
    "We propose VLA, a new model. Backward Compatible Training (BCT) helps.",
    "We propose Blockwise Compression for Transformers (BCT) and ZorpNet, a network.",
]


def test_surveys_of_batches_add_up_to_the_survey_of_all(extractor):
    whole = extractor.survey(SURVEYED)
    total = Survey()
    for batch in (SURVEYED[:2], SURVEYED[2:3], SURVEYED[3:]):
        total.update(extractor.survey(batch))
    assert total == whole
    assert list(total.votes) == list(whole.votes)  # in the same order, which breaks ties between types
    assert [list(c) for c in total.votes.values()] == [list(c) for c in whole.votes.values()]
    assert {"QuuxNet", "BarBench", "ZorpNet"} <= set(whole.votes) and "VLA" in whole.generic
    assert list(whole.long_forms["BCT"]) == ["Backward Compatible Training", "Blockwise Compression for Transformers"]


def test_learning_from_a_survey_is_learning(extractor):
    other = EntityExtractor(extractor.vocabulary)
    assert extractor.learn(SURVEYED) == other.learn_from(other.survey(SURVEYED)) > 0
    assert list(extractor.vocabulary) == list(other.vocabulary)
    # a name the corpus also defines as a generic abbreviation is not learned, wherever the definition is
    assert "VLA" not in {e.name for e in other.vocabulary if e.learned}
    assert [m.name for m in other.extract("BCT is used.")] == []  # two long forms: not learned alone


def test_extract_paper_carries_title_names_into_the_abstract(extractor):
    title = "ReLinear: Stable Training of Quadratic Networks"
    abstract = "Quadratic networks collapse. ReLinear fixes this on CIFAR-10."
    t, a = extractor.extract_paper(title, abstract)
    assert [(m.name, m.role) for m in t] == [("ReLinear", "proposed")]
    assert [(m.name, m.role) for m in a] == [("ReLinear", "proposed"), ("CIFAR-10", "used")]


def test_extractor_pickles(extractor):
    extractor.learn(["We introduce FooBench, a benchmark for agents."])
    clone = pickle.loads(pickle.dumps(extractor))
    text = "FooBench and CIFAR100"
    assert clone.extract(text) == extractor.extract(text)


def test_default_is_cached_and_accepts_user_files(tmp_path):
    f = tmp_path / "mine.jsonl"
    f.write_text('{"name": "ZorgNet", "type": "method"}\n', encoding="utf-8")
    a, b = EntityExtractor.default([f]), EntityExtractor.default([f])
    assert a.vocabulary.entities == b.vocabulary.entities
    assert [m.name for m in a.extract("We train ZorgNet.")] == ["ZorgNet"]


_PIECES = [
    "BERT",
    "CIFAR-100",
    "LoRA",
    "Llama 2",
    "İ",
    "ﬁ",
    "—",
    "é",
    "SGD",
    " (IMP)",
    "We propose ",
    "called ",
]
_ALPHABET = st.sampled_from([*"abcXYZ019 -_.,;:()[]/+*\n\t'\"", *_PIECES, ", a benchmark", "Qwen2.5-7B"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.booleans())
def test_never_raises_and_spans_are_valid(shared_extractor, text, title):
    for m in shared_extractor.extract(text, title=title):
        assert text[m.start : m.end] == m.text
        assert m.type in ("dataset", "model", "method", "task")
        assert m.name


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=3))
def test_arbitrary_unicode_and_skips(shared_extractor, text, spans):
    for m in shared_extractor.extract(text, spans):
        assert text[m.start : m.end] == m.text
        assert not any(s < m.end and m.start < e for s, e in spans)


def test_learning_is_conservative(extractor):
    texts = [
        "We propose Antidote, a post-hoc defence.",  # a plain word: found here, not learned
        "We use vision-language-action (VLA) models.",  # an abbreviation of a generic term
        "The VLA model we propose, FooVLA, is fast.",
    ]
    extractor.learn(texts)
    learned = {e.name for e in extractor.vocabulary if e.learned}
    assert "Antidote" not in learned and "VLA" not in learned
    assert [m.name for m in extractor.extract("We propose Antidote, a post-hoc defence.")] == ["Antidote"]
    assert [m.name for m in extractor.extract("Antidote is a drug.")] == []


def test_a_pattern_confirms_an_ambiguous_vocabulary_name(extractor):
    got = [(m.type, m.name) for m in extractor.extract("We compare models such as FLUX and others.")]
    assert got == [("model", "FLUX")]


def test_title_pun_needs_the_abstract(extractor):
    title = "Knot So Simple: A Minimalistic Environment for Spatial Reasoning"
    t, _ = extractor.extract_paper(title, "We study knots with CNNs.")
    assert t == []
    t, a = extractor.extract_paper(title, "Knot So Simple is a benchmark. We study knots.")
    assert [m.name for m in t] == ["Knot So Simple"] and [m.role for m in a] == ["proposed"]


def test_proposal_flag_reaches_known_names(extractor):
    (m,) = extractor.extract("We introduce CodeT5+, a family of open code LLMs.")
    assert (m.name, m.role) == ("CodeT5+", "proposed")


def test_a_proposed_name_is_not_its_ambiguous_namesake_in_the_vocabulary():
    """A paper coining "STAR" must not be merged with a listed, context-dependent STAR dataset: without the
    dataset's context words it is a node of its own (the paper describes it with no words of its own)."""
    from extractors.entities import EntityExtractor
    from extractors.vocabulary import Entity, Vocabulary

    listed = Entity("dataset", "STAR", ambiguous=frozenset({"STAR"}), context=("driving",))
    extractor = EntityExtractor(Vocabulary([listed]))
    coined = extractor.extract("We propose STAR, a novel method for reasoning.")
    assert [(m.type, m.name, m.role) for m in coined] == [("method", "STAR (other sense)", "proposed")]
    confirmed = extractor.extract("We evaluate on datasets such as STAR for driving scenes.")
    assert [(m.type, m.name) for m in confirmed] == [("dataset", "STAR")]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_an_ascii_text_folds_alike_either_way_round(text):
    """The kept pass of an ASCII text keeps no folded copy: extraction folds case last, the survey first."""
    assert fold_text(text, lower=False).lower() == fold_text(text)


def test_a_kept_pass_keeps_the_folded_copy_only_of_a_text_beyond_ascii():
    extractor = Extractor.default()
    extractor.learn(["We propose FooNet, a new architecture.", "We propose Σ-Net, a new architecture."])
    passes = extractor.entities._passes
    checks = {text: kept[0] for (text, _), kept in passes.items()}
    assert checks == {
        "We propose FooNet, a new architecture.": None,
        "We propose Σ-Net, a new architecture.": fold_text("We propose Σ-Net, a new architecture."),
    }
    recomputing = Extractor.default()
    recomputing.learn(checks)
    recomputing.entities._passes.clear()
    for text, title in list(passes):
        assert extractor.entities.extract(text, title=title) == recomputing.entities.extract(text, title=title)
    assert not passes  # both reused


def test_extraction_reuses_the_surveys_pattern_pass_with_the_same_result(bundled_papers):
    """The survey keeps each text's pattern discoveries for its extraction, which must find exactly
    what an extractor that recomputes them finds; a survey alone (a worker's) keeps none, nor does a
    pickled extractor."""
    papers = [p for p in read_papers(bundled_papers) if isinstance(p, Paper)][:60]
    texts = [text for p in papers for text in (p.title, p.abstract)]
    reusing, recomputing = Extractor.default(), Extractor.default()
    reusing.learn(texts)
    recomputing.learn(texts)
    assert reusing.entities._passes
    surveying = Extractor.default()
    surveying.survey(texts)
    assert not surveying.entities._passes
    assert not pickle.loads(pickle.dumps(reusing)).entities._passes
    recomputing.entities._passes.clear()
    for p in papers:
        assert reusing.extract_paper(p.title, p.abstract) == recomputing.extract_paper(p.title, p.abstract)
    assert len(reusing.entities._passes) < len(texts) / 10  # nearly every pass was reused, and let go
