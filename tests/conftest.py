"""Shared fixtures: a small fixed vocabulary, so tests do not move when data/vocab is curated."""

from pathlib import Path

import pytest

from extractors.entities import EntityExtractor
from extractors.lexicon import Lexicon
from extractors.vocabulary import Vocabulary, load_vocabulary

FIXTURE_VOCAB = Path(__file__).parent / "fixtures" / "vocab"


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return load_vocabulary([FIXTURE_VOCAB], default=False)


@pytest.fixture(scope="session")
def lexicon(vocab: Vocabulary) -> Lexicon:
    return Lexicon(vocab)


@pytest.fixture
def extractor(vocab: Vocabulary) -> EntityExtractor:
    """A fresh extractor (tests may teach it names)."""
    return EntityExtractor(vocab)


@pytest.fixture(scope="session")
def shared_extractor(vocab: Vocabulary) -> EntityExtractor:
    """One extractor for property tests (never taught anything)."""
    return EntityExtractor(vocab)
