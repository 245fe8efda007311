"""Extractors under attack: they never raise, every span is exact, only http(s) becomes a link, and
adversarial inputs finish.

The property tests (hypothesis) feed every extractor arbitrary Unicode and texts assembled from the
pieces its patterns look for, plus characters whose case mapping changes length ("İ", "ß", "ﬁ"), which
break extractors that match on a lower-cased copy and reuse its offsets. The adversarial families of
``bench/adversarial.py`` run once at 100k characters in a subprocess whose timeout is a hang detector:
catastrophic backtracking would take hours; the growth rate itself is measured by the bench.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import ENTITY_TYPES, Extractor
from extractors.citations import find_citations
from extractors.entities import EntityExtractor
from extractors.links import find_urls

ROOT = Path(__file__).resolve().parent.parent
#: Generous: the 100k-character run takes seconds; a hang (catastrophic backtracking) takes hours.
HANG_TIMEOUT = 120

FRAGMENTS = [
    # links
    "https://", "http://", "HTTPS://", "www.", "github.com/", "huggingface.co/", "hf.co/", "arxiv.org/abs/",
    "doi.org/", "10.48550/", ".com", ".", "/", "-", "_", "~", "?", "=", "&", "#", "%2", ":", "\\url{", "\\_",
    "javascript:", "data:text/html,", "mailto:", "file:///",
    # citations
    "et al.", " et al", ",", ";", " and ", "&", "Smith", "Müller", "O'Neil", "van der", "(", ")", "[", "]",
    "2019", "2023a", "arXiv:", "2301.00001", "v2", "doi:", "10.1000/x", "\\cite{", "}", "{",
    # entities
    "BERT", "ImageNet", "GPT-4", "Llama 2", "-7B", "We propose ", "we introduce ", "Net", " dataset", " benchmark",
    " model", "(LN)", "Long Name ", "called ", "such as ", "A, B and C", ": ", "CIFAR-10", "v1.5",
    # text that moves offsets or direction
    "é", "e\u0301", "İ", "ß", "ﬁ", "ǅ", "🤖", "👩\u200d🔬", "\u202e", "\u200b", "ש", "中文",
    "\x00", "\t", "\n", " ", "\xa0",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=80).map("".join),
)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def combined() -> Extractor:
    return Extractor.default()


@cache
def entities() -> EntityExtractor:
    return EntityExtractor.default()


EXTRACTORS = {
    "combined": lambda text: combined().extract(text),
    "urls": find_urls,
    "citations": find_citations,
    "entities": lambda text: entities().extract(text),
    "entities in a title": lambda text: entities().extract(text, title=True),
}


def check_mentions(text: str, mentions: list) -> None:
    """The invariants every consumer relies on: exact spans, known types, http(s)-only link names."""
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.type in ENTITY_TYPES, mention
        assert isinstance(mention.name, str) and mention.name.strip(), mention
        if mention.type == "url":
            assert mention.name.startswith(("https://", "http://")), mention


@PROPERTY_SETTINGS
@given(texts)
def test_every_extractor_never_raises_and_spans_are_exact(text):
    for extract in EXTRACTORS.values():
        mentions = extract(text)
        check_mentions(text, mentions)
        assert extract(text) == mentions  # pure: the same text gives the same mentions


@PROPERTY_SETTINGS
@given(texts, texts)
def test_paper_extraction_spans_are_exact_in_title_and_abstract(title, abstract):
    in_title, in_abstract = combined().extract_paper(title, abstract)
    check_mentions(title, in_title)
    check_mentions(abstract, in_abstract)


@cache
def learner() -> Extractor:
    """One extractor that keeps learning from every generated corpus (building one per example is slow)."""
    return Extractor.default()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=1, max_size=8))
def test_learning_from_hostile_texts_keeps_spans_exact(corpus):
    extractor = learner()
    extractor.learn(corpus)
    for text in corpus:
        check_mentions(text, extractor.extract(text))


SCHEMES = ["javascript:", "data:", "vbscript:", "file:", "JaVaScRiPt:", " ", "//"]
PAYLOADS = ["alert(1)", "text/html,<script>alert(1)</script>", "//evil.example/x", "github.com/a/b"]


@PROPERTY_SETTINGS
@given(st.lists(st.sampled_from(SCHEMES), max_size=3), st.sampled_from(PAYLOADS))
def test_scripted_schemes_never_become_links(schemes, rest):
    text = f"See {''.join(schemes)}{rest} for details."
    for extract in (EXTRACTORS["combined"], find_urls):
        for mention in extract(text):
            if mention.type == "url":
                assert mention.name.startswith(("https://", "http://")) and "script" not in mention.name.lower()


@pytest.mark.slow
def test_adversarial_families_finish_at_100k_characters():
    """Every family of bench/adversarial.py, once; the timeout is the failure signal.

    The combined extractor runs the entity extractor on the same texts, so its separate run is left to the bench.
    """
    targets = ["combined", "urls", "citations", "readers"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "adversarial.py"), "--once", "100000"]
        + [argument for target in targets for argument in ("--target", target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("families x 100,000 chars") == len(targets)
