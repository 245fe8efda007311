"""The audit of the 20k-abstract store (issue 12): junk at the top, duplicates and wrong merges, as
regression tests. Each case is a kind of error; the names are the audit's examples."""

from extractors import Extractor


def entities(text: str) -> list[tuple[str, str]]:
    return [(m.type, m.name) for m in Extractor.default().extract(text) if m.type not in ("url", "citation")]


def test_an_ordinary_capitalised_word_is_no_vocabulary_name():
    """'Multiple' is a word, not MultiPL-E written in another case."""
    assert entities("Multiple agents cooperate. We test on MultiPL-E.") == [("dataset", "MultiPL-E")]


def test_a_glued_spelling_the_field_uses_as_its_own_word_is_not_the_alias():
    """NVIDIA RTX GPUs are not the RT-X robot data."""
    assert entities("We train on one NVIDIA RTX 4090 GPU.") == []


def test_a_capitalised_word_and_a_count_are_no_versioned_name():
    assert entities("Across 15 datasets, the method wins.") == []


def test_a_metric_named_after_a_model_is_no_model():
    assert entities("Quality is measured by FVD and CLIP Score.") == []


def test_a_parameter_count_is_no_model_name():
    assert entities("The core set selected by the 3B-parameter LLM works.") == []


def test_a_type_noun_introducing_an_ambiguous_name_confirms_it():
    assert entities("A large-scale pre-trained model like CLIP can be deployed.") == [("model", "CLIP")]
