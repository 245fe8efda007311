"""What a user sees first in a store of real abstracts: the 60 most shared entities of each type on a
fixed 5k sample of the 20k arXiv abstracts hold no known junk, no duplicates and no wrong merges.

The corpus lives outside the repository (``../shared/corpus`` next to the checkout, or the file
``PAPERGRAPH_CORPUS`` names); without it the test is skipped.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from extractors import Extractor

pytestmark = [pytest.mark.slow, pytest.mark.integration]

_NAME = "arxiv_abstracts_20k.jsonl.gz"
TOP = 60
# Names that are no entity of that type (the audit of issue 12, and what later runs showed).
JUNK = {
    "dataset": {"MultiPL-E", "MIT", "BERTScore", "ROC-AUC", "F1-Score", "Across 15", "RAM", "VRAM", "PyPI"},
    "model": {"RT-X", "Across 15", "AI-facing", "LLM-as-judge"},
    # spellings of one node that must never be a node's name: Mixture of Experts, LLM-as-a-judge
    "method": {"AI-facing", "KL", "Mixture-of-Experts", "LLM-as-a-Judge", "LLM-as-judge", "LLMs-as-judges"},
    "task": set(),
}
# Surfaces that a name must never stand for: ordinary words, and other versions or sizes (wrong merges).
NOT_SURFACES = {
    "MultiPL-E": {"Multiple", "multiple"},
    "RT-X": {"RTX"},
    "DeepSeek-V3": {"DeepSeek-V3.1", "DeepSeek-V3.2"},
    "Stable Diffusion XL": {"SDXL-Turbo"},
    "CycleGAN": {"CycleGAN-turbo"},
    "gpt-oss": {"gpt-oss-20b", "gpt-oss-120b", "gpt-oss 20B", "gpt-oss 120B"},
    "KL": {"Kurdyka-Lojasiewicz"},
    # the general task is not the pose of people, objects, cameras or heads
    "pose estimation": {
        "human pose estimation",
        "Human Pose Estimation",
        "HPE",
        "6D object pose estimation",
        "camera pose estimation",
        "head pose estimation",
    },
}


def _corpus() -> Path:
    here = Path(__file__).resolve().parents[1]
    candidates = [Path(os.environ["PAPERGRAPH_CORPUS"])] if "PAPERGRAPH_CORPUS" in os.environ else []
    candidates += [parent / "shared" / "corpus" / _NAME for parent in (here.parent, here.parent.parent)]
    found = next((path for path in candidates if path.is_file()), None)
    if found is None:
        pytest.skip(f"the 20k corpus ({_NAME}) is not next to this checkout")
    return found


@pytest.fixture(scope="module")
def top_entities() -> dict[str, list[tuple[str, Counter[str]]]]:
    """type -> its TOP most shared names (by papers), each with the surfaces it was written as."""
    with gzip.open(_corpus(), "rt", encoding="utf-8") as fh:
        papers = [json.loads(line) for line in fh][::4]  # a fixed 5k sample
    extractor = Extractor.default()
    extractor.learn(text for paper in papers for text in (paper["title"], paper["abstract"]))
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for paper in papers:
        named = set()
        for part in extractor.extract_paper(paper["title"], paper["abstract"]):
            for m in part:
                named.add((m.type, m.name))
                surfaces[(m.type, m.name)][" ".join(m.text.split())] += 1
        for type_, name in named:
            shared[type_][name] += 1
    return {type_: [(name, surfaces[(type_, name)]) for name, _ in shared[type_].most_common(TOP)] for type_ in JUNK}


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).lower()


def test_no_known_junk_at_the_top(top_entities):
    assert {t: [n for n, _ in top if n in JUNK[t]] for t, top in top_entities.items()} == {t: [] for t in JUNK}


def test_no_name_at_the_top_stands_for_a_wrong_surface(top_entities):
    wrong = [
        (name, sorted(set(written) & NOT_SURFACES[name]))
        for top in top_entities.values()
        for name, written in top
        if name in NOT_SURFACES and set(written) & NOT_SURFACES[name]
    ]
    assert wrong == []


def test_no_two_names_at_the_top_are_one_thing_written_twice(top_entities):
    """ "Llama 3.1-8B" and "Llama 3.1 8B", "Mixture of Experts" and "Mixture-of-Experts" are one node."""
    everything = [(t, name) for t, top in top_entities.items() for name, _ in top]
    keys = Counter(_key(name) for _, name in everything)
    assert sorted((t, n) for t, n in everything if keys[_key(n)] > 1) == []
