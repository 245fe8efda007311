"""Tasks as an open class: listed tasks grow over their modifiers, unlisted task phrases are found by
their head word, and verbs, evaluative words and function words never join a task's name."""

import pytest

from extractors import Extractor
from extractors.tasks import _WORD, _modifier_word, is_modifier


def tasks(text: str) -> list[str]:
    return [m.name for m in Extractor.default().extract(text) if m.type == "task"]


def test_a_listed_task_grows_over_its_modifiers_and_keeps_its_family():
    found = [m for m in Extractor.default().extract("We study unsupervised 3D anomaly detection.") if m.type == "task"]
    assert [(m.name, m.family) for m in found] == [("unsupervised 3D anomaly detection", "anomaly detection")]


def test_an_unlisted_task_phrase_is_found_by_its_head():
    assert tasks("The model struggles with person detection in crowded scenes.") == ["person detection"]


def test_verbs_and_evaluative_words_do_not_join_a_task():
    assert tasks("To avoid catastrophic forgetting, we assess extensive video generation.") == [
        "catastrophic forgetting",
        "video generation",
    ]


def test_an_adjective_alone_does_not_make_a_new_task():
    assert tasks("It yields temporal localization and high-quality reconstruction.") == []


def test_title_case_tasks_get_a_lower_case_name():
    assert tasks("Zero-Shot Human Age Estimation with Vision-Language Models") == ["zero-shot human age estimation"]


def test_common_nouns_that_rarely_qualify_a_head_still_do():
    # "style", "color" and "satellite" stand mostly on their own in the corpus, yet as nouns before a head they
    # name a task.
    assert tasks("Color recognition is easy, yet font style detection and satellite tracking are hard.") == [
        "color recognition",
        "font style detection",
        "satellite tracking",
    ]


def test_a_compound_saying_how_is_no_part_of_the_task():
    assert tasks("We study reconstruction-based anomaly detection and model-free token prediction.") == [
        "anomaly detection",
        "token prediction",
    ]


def test_a_lower_case_long_form_with_a_task_head_is_a_task_named_by_its_long_form():
    found = [(m.name, m.text) for m in Extractor.default().extract("We study loop closure detection (LCD) in robots.")]
    assert found == [("loop closure detection", "loop closure detection"), ("loop closure detection", "LCD")]
    # a listed method keeps its type
    assert tasks("We use retrieval-augmented generation (RAG) for answers.") == []


def test_a_paradigm_applied_as_a_technique_is_a_method_and_a_family_of_methods_stays_a_task():
    found = Extractor.default().extract("We propose a multi-task learning approach. Multi-task learning helps.")
    assert {(m.type, m.name) for m in found} == {("method", "multi-task learning")}
    assert tasks("We compare continual learning methods.") == ["continual learning"]
    assert tasks("We propose a machine unlearning method.") == ["machine unlearning"]


def test_a_quality_listed_among_qualities_is_no_task():
    assert tasks("The method balances accuracy, efficiency, and interpretability.") == []
    assert tasks("We study interpretability of vision transformers.") == ["interpretability"]


def test_a_verb_after_to_does_not_join_a_task_but_a_noun_does():
    assert tasks("It allows models to answer physical reasoning queries.") == ["physical reasoning"]
    assert tasks("This often leads to incorrect classification of samples.") == []
    assert tasks("The encoder transfers to video generation.") == ["video generation"]


def test_next_and_acronym_capitals_make_no_task():
    assert tasks("It paves the way for the next generation of agents.") == []
    assert tasks("MANSION: Multi-floor lANguage-to-3D Scene generatIOn for loNg-horizon tasks") == []


def test_possessives_comparatives_and_measures_do_not_join_a_task():
    assert tasks("It improves the model's generalization and yields faster generation.") == []
    assert tasks("We report the highest detection rates beyond segmentation.") == []
    assert tasks("We study Alzheimer's detection from speech.") == ["alzheimer's detection"]
    assert tasks("It runs 10-minute detection and top-25 sentence retrieval.") == ["sentence retrieval"]


def test_a_compound_saying_how_is_no_part_of_a_task_in_a_title_either():
    assert tasks("Transformer-Based Question Answering Models") == ["question answering"]


def test_nouns_in_ment_and_named_compounds_qualify_a_head():
    assert tasks("We study garment generation and COVID-19 detection.") == ["garment generation", "COVID-19 detection"]
    assert tasks("SAM-Enhanced Segmentation on Road Datasets") == []
    assert tasks("We track objects with 6-DoF tracking.") == ["6-DoF tracking"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [("zero-shot", True), ("3D", True), ("(zero-shot", False), ("zero-shot,", False), ("novel", False), ("the", False)],
)
def test_modifier_word_is_one_word_that_can_qualify_a_head(token, expected):
    assert _modifier_word(token) is expected
    assert _modifier_word(token) is (bool(_WORD.fullmatch(token)) and is_modifier(token))
