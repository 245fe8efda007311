"""Shared fixtures: paths to the fixture inputs and the bundled papers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED = ROOT / "data" / "seed" / "hf_trending_papers.txt"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def bundled_papers() -> Path:
    return BUNDLED
