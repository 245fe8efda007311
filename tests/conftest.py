"""Shared fixtures: fixture inputs, the bundled papers, and a small fixed vocabulary.

The fixture vocabulary keeps extractor tests stable while data/vocab is curated.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors import Extractor
from extractors.entities import EntityExtractor
from extractors.lexicon import Lexicon
from extractors.vocabulary import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_VOCAB = FIXTURES / "vocab"
BUNDLED = ROOT / "data" / "seed" / "hf_trending_papers.txt"


def _shared_dir() -> Path:
    """The shared data folder: $PGE_SHARED, or shared/ beside the checkout (CI) or beside its parent folder (a
    worktree under wt/)."""
    candidates = [Path(p) for p in [os.environ.get("PGE_SHARED")] if p]
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    return next((path for path in candidates if path.is_dir()), candidates[0])


SHARED = _shared_dir()
#: Real files saved by other tools (see its README.md and SOURCES.md); the interop tests need it and fail without.
INTEROP = SHARED / "interop"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def bundled_papers() -> Path:
    return BUNDLED


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


@pytest.fixture
def default_extractor() -> Extractor:
    """A fresh extractor over the shipped vocabularies, as ingest makes one (tests may teach it names)."""
    return Extractor.default()


@pytest.fixture(scope="session")
def shared_extractor(vocab: Vocabulary) -> EntityExtractor:
    """One extractor for property tests (never taught anything)."""
    return EntityExtractor(vocab)
