"""Shared fixtures (fixture inputs, the bundled papers, a small fixed vocabulary) and each test's tier.

The fixture vocabulary keeps extractor tests stable while data/vocab is curated.

Tiers (markers registered in pyproject.toml): a test marked ``unit``, ``integration`` or ``browser`` (itself or
by its module's ``pytestmark``) keeps that tier; any other test gets its file's tier from :func:`file_tier`.
``slow`` is only ever written by hand, on the tests `make test-fast` leaves out.
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

TIERS = ("unit", "integration", "browser")
#: Files whose tests run a path users run end to end (a test in another file may still be marked integration).
INTEGRATION_FILES = frozenset(
    {
        "test_app.py",
        "test_app_end_to_end.py",
        "test_app_fetch.py",
        "test_cli.py",
        "test_crash_safety.py",
        "test_fetch_command.py",
        "test_fetch_store.py",
        "test_parallel.py",
        "test_pipeline.py",
        "test_upload_safety.py",
    }
)


def file_tier(path: Path) -> str:
    """The tier of a test file's unmarked tests: ``test_browser*.py`` drive Chromium, the files above are
    integration, the rest unit (so a new file is unit until it is listed or its tests are marked)."""
    if path.name.startswith("test_browser"):
        return "browser"
    return "integration" if path.name in INTEGRATION_FILES else "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(file_tier(item.path))


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
