"""Lint of the shipped vocabularies: they load, cover each type, and never leave a clash for the scan to guess."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from extractors.lexicon import case_rule
from extractors.normalize import spelling_variants
from extractors.vocabulary import Vocabulary, load_vocabulary


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
