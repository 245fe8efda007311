"""The evidence an edge carries: the sentence of the text in which its entity is named."""

from __future__ import annotations

import re

#: A sentence ends at . ! or ? followed by whitespace and an upper-case letter, digit or opening bracket.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z0-9(\[\"])")
#: Evidence longer than this is cut around the mention, so a run-on "sentence" cannot bloat the store.
MAX_EVIDENCE_CHARS = 400


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, whitespace collapsed.

    >>> sentence_at("We use CIFAR-10. Code is at https://x.io/a.b. Thanks.", 28, 44)
    'Code is at https://x.io/a.b.'
    """
    window_start = max(0, start - MAX_EVIDENCE_CHARS)
    window_end = min(len(text), end + MAX_EVIDENCE_CHARS)
    sentence_start = window_start
    for match in _SENTENCE_END.finditer(text, window_start, min(len(text), start + 1)):
        sentence_start = match.end()
    following = _SENTENCE_END.search(text, end, window_end)
    sentence_end = following.start() + 1 if following else window_end
    sentence = " ".join(text[sentence_start:sentence_end].split())
    if len(sentence) > MAX_EVIDENCE_CHARS:
        middle = " ".join(text[max(sentence_start, start - 150) : min(sentence_end, end + 150)].split())
        sentence = f"…{middle}…"
    return sentence
