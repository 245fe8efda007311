"""Evidence sentences: found by bisecting the sentence ends of a text, exactly as a search of the
text around each mention finds them."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from graphapp import evidence
from graphapp.evidence import Sentences, sentence_at

_SEARCHED_END = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z0-9(\[\"])")


def searched(text: str, start: int, end: int, reach: int) -> str:
    """The specification: search the text within ``reach`` of the mention for the sentence around it."""
    window_start, window_end = max(0, start - reach), min(len(text), end + reach)
    sentence_start = window_start
    for match in _SEARCHED_END.finditer(text, window_start, min(len(text), start + 1)):
        sentence_start = match.end()
    following = _SEARCHED_END.search(text, end, window_end)
    sentence_end = following.start() + 1 if following else window_end
    sentence = " ".join(text[sentence_start:sentence_end].split())
    if len(sentence) > reach:
        middle = " ".join(text[max(sentence_start, start - 150) : min(sentence_end, end + 150)].split())
        sentence = f"…{middle}…"
    return sentence


PIECES = st.sampled_from(["a", "b", " ", ".", "!", "?", '"', ")", "\n", "(", "A", "1", ". ", "? A", '." B', "!\n\n("])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=40).map("".join), st.data(), st.sampled_from([2, 5, 9, 400]))
def test_bisected_sentences_are_the_searched_ones(text, data, reach):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    saved = evidence.MAX_EVIDENCE_CHARS
    evidence.MAX_EVIDENCE_CHARS = reach
    try:
        assert Sentences(text).around(start, end) == searched(text, start, end, reach)
    finally:
        evidence.MAX_EVIDENCE_CHARS = saved


def test_long_sentences_are_cut_around_the_mention():
    text = "We use " + "very " * 200 + "CIFAR-10 here. Next."
    start = text.index("CIFAR")
    found = sentence_at(text, start, start + 8)
    assert found.startswith("…") and found.endswith("…") and "CIFAR-10" in found and len(found) < 320
