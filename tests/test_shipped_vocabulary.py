"""Lint of the shipped vocabularies: they load, cover each type, and never leave a clash for the scan to guess."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from extractors.lexicon import case_rule
from extractors.normalize import spelling_variants, word_set
from extractors.rules.words import field_words
from extractors.vocabulary import Entity, Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def shipped() -> Vocabulary:
    return load_vocabulary([])


def test_every_type_has_several_hundred_names(shipped):
    counts = Counter(entity.type for entity in shipped)
    assert {etype: counts[etype] >= 300 for etype in ("dataset", "model", "method", "task")} == {
        "dataset": True, "model": True, "method": True, "task": True,
    }  # fmt: skip


def test_a_shared_spelling_is_ambiguous_or_told_apart_by_case(shipped):
    """Two entities written alike must each need context, or be written differently with exact case."""
    owners = defaultdict(set)
    for entity in shipped:
        for surface in entity.surfaces():
            for key in spelling_variants(surface):
                owners[key].add((entity.type, entity.name, surface, surface in entity.ambiguous))
    unresolved = []
    for key, claims in owners.items():
        if len({(etype, name) for etype, name, _, _ in claims}) < 2:
            continue
        all_ambiguous = all(ambiguous for *_, ambiguous in claims)
        told_apart_by_case = len({surface for _, _, surface, _ in claims}) == len(claims) and all(
            case_rule(surface) == "exact" for _, _, surface, _ in claims
        )
        if not (all_ambiguous or told_apart_by_case):
            unresolved.append((key, sorted(claims)))
    assert unresolved == []


def test_context_words_never_confirm_their_own_surface(shipped):
    """A context word inside the ambiguous surface itself ("CT" for "CT-CLIP") would confirm every mention."""
    offenders = [
        (entity.name, surface, word)
        for entity in shipped
        for surface in entity.ambiguous
        for word in entity.context
        if word.casefold() in surface.casefold().replace("-", " ").split()
    ]
    assert offenders == []


_WORD = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
# A plural "-s" on these stems is not English: adjectives and participles ("labeleds", "aerials"),
# "-y" after a consonant ("anomalys"), stems that take "-es" ("batchs", "black-boxs").
_NO_PLAIN_PLURAL = re.compile(r"(?:ed|ing|al|ive|ic|ous|ful|less|ble|[^aeiou]y|ch|sh|x|s|z)$")


# Words of the field that the 20k abstracts behind ``field_words`` happen to lack: technical terms,
# British spellings, and the organisations and products that release models. A new context word
# outside the corpus belongs here only if it is one of these; a typo or a made-up plural does not.
_FIELD_TERMS_OUTSIDE_THE_SAMPLE = word_set(
    """
    optimiser optimisers decoys antibodies homologs ciphertext ciphertexts epigenomic enclave enclaves
    sharding macromolecular metapath docids intersample simulacra simulacras bezier mnar qda stan beta1 β1
    typescript scrna curie curies babbage babbages flashconv smallville widowx alexa bigcode bigscience tii
    upstage moonshot wayve datadog allen nectar fastchat
    """
)


def _field_words(shipped: Vocabulary) -> set[str]:
    """Words the field writes: those of 20k arXiv abstracts and those of the vocabulary's own names."""
    words = set(field_words()) | _FIELD_TERMS_OUTSIDE_THE_SAMPLE
    for entity in shipped:
        for surface in entity.surfaces():
            words.update(w.lower() for w in _WORD.findall(surface))
    return words


def context_word_problems(shipped: Vocabulary) -> dict[str, list[str]]:
    """Context words that are nonsense plurals, and words that no abstract of the field writes."""
    field = _field_words(shipped)
    problems: dict[str, list[str]] = {"nonsense plural": [], "not of the field": []}
    for entity in shipped:
        for context in entity.context:
            for token in _WORD.findall(context):
                word = token.lower()
                if word in field:
                    continue
                stem = token[:-1]
                if word.endswith("s") and (_NO_PLAIN_PLURAL.search(stem.lower()) or stem != stem.lower()):
                    problems["nonsense plural"].append(f"{entity.name}: {context}")
                elif not (word.endswith("s") and stem.lower() in field):  # a plain plural of a field word
                    problems["not of the field"].append(f"{entity.name}: {context}")
                break
    return problems


def test_context_words_are_words_of_the_field(shipped):
    """A scripted edit once added 168 plurals such as "labeleds" and "AdamWs": context words are real."""
    assert context_word_problems(shipped) == {"nonsense plural": [], "not of the field": []}


def test_the_lint_refuses_nonsense_plurals_and_foreign_words():
    vocab = Vocabulary(
        [
            Entity("dataset", "FooSet", ambiguous=frozenset({"FooSet"}), context=("labeleds", "AdamWs", "detections")),
            Entity("model", "Bar", ambiguous=frozenset({"Bar"}), context=("Ribeiro", "restaurants", "anomalys")),
        ]
    )
    assert context_word_problems(vocab) == {
        "nonsense plural": ["FooSet: labeleds", "FooSet: AdamWs", "Bar: anomalys"],
        "not of the field": ["Bar: Ribeiro"],
    }
