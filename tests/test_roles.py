import pytest

from extractors.roles import strongest
from extractors.rules.sentences import _ABBREVIATIONS, sentence_bounds


def roles(extractor, text):
    return {m.name: m.role for m in extractor.extract(text)}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("We propose FooNet, a new network for images.", "FooNet", "proposed"),
        ("In this paper we introduce BarBench, a benchmark of tasks.", "BarBench", "proposed"),
        ("We evaluate on CIFAR-100 and GLUE.", "CIFAR-100", "used"),
        ("We fine-tune BERT with LoRA.", "BERT", "used"),
        ("We fine-tune BERT with LoRA.", "LoRA", "used"),
        ("Our method outperforms GPT-4 on reasoning.", "GPT-4", "mentioned"),
        ("Prior work such as ALBERT has been popular.", "ALBERT", "mentioned"),
        ("Compared with AdamW, our optimiser converges faster.", "AdamW", "mentioned"),
        ("ReLinear: Better Quadratic Networks", "ReLinear", None),  # title only with title=True
    ],
)
def test_sentence_roles(extractor, text, name, role):
    assert roles(extractor, text).get(name) == role


def test_proposed_only_for_the_name_after_the_verb(extractor):
    got = roles(extractor, "We propose FooNet, which fine-tunes BERT with LoRA on GLUE.")
    assert got == {"FooNet": "proposed", "BERT": "used", "LoRA": "used", "GLUE": "used"}


def test_one_role_per_entity_the_strongest(extractor):
    mentions = extractor.extract("Unlike BERT, prior models fail. We fine-tune BERT on GLUE.")
    assert {m.role for m in mentions if m.name == "BERT"} == {"used"}


def test_tasks_have_no_role(extractor):
    assert {m.role for m in extractor.extract("We study continual learning.")} == {None}


def test_title_prefix_is_proposed(extractor):
    (m,) = extractor.extract("ReLinear: Better Quadratic Networks", title=True)
    assert (m.name, m.role) == ("ReLinear", "proposed")


def test_sentence_bounds_skip_abbreviations():
    text = "Models (e.g. BERT) work, cf. Smith et al. 2020. Next one! Last"
    assert [text[s:e].strip() for s, e in sentence_bounds(text)] == [
        "Models (e.g. BERT) work, cf. Smith et al. 2020.",
        "Next one!",
        "Last",
    ]


@pytest.mark.parametrize("abbreviation", _ABBREVIATIONS)
def test_no_abbreviation_ends_a_sentence(abbreviation):
    """Each listed abbreviation keeps its sentence whole (its last letter passes the cheap test before the
    pattern); the same full stop after another word ends one."""
    text = f"We compare to a baseline ({abbreviation}. 2) here. Then stop"
    assert len(sentence_bounds(text)) == 2
    assert len(sentence_bounds(text.replace(abbreviation, "word"))) == 3


def test_strongest():
    assert strongest("mentioned", None, "used") == "used"
    assert strongest(None, None) is None
    assert strongest("used", "proposed") == "proposed"


def test_a_model_the_paper_evaluates_is_used_even_when_named_as_an_example():
    from extractors import Extractor

    text = "We evaluate strong LLMs such as GPT-4o on the task. Prior LLMs such as GPT-3 failed."
    roles = {m.name: m.role for m in Extractor.default().extract(text) if m.type == "model"}
    assert roles == {"GPT-4o": "used", "GPT-3": "mentioned"}
