"""The evidence an edge carries: the sentence of the text in which its entity is named."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from extractors.literals import Alternatives

#: A sentence ends at . ! or ? followed by whitespace and an upper-case letter, digit or opening bracket
#: (one pattern per punctuation mark: a character-class lead would make the regex engine try every position).
_SENTENCE_END = Alternatives({mark: rf"\{mark}[\"')\]]?\s+(?=[A-Z0-9(\[\"])" for mark in ".!?"})
#: Evidence longer than this is cut around the mention, so a run-on "sentence" cannot bloat the store.
MAX_EVIDENCE_CHARS = 400


class Sentences:
    """The sentence ends of one text, found once: the evidence of each of its mentions is then a
    bisection instead of a search of the text around the mention.

    >>> sentences = Sentences("We use CIFAR-10. Code is at https://x.io/a.b. Thanks.")
    >>> sentences.around(28, 44)
    'Code is at https://x.io/a.b.'
    """

    def __init__(self, text: str) -> None:
        self.text = text
        ends = _SENTENCE_END.finditer(text)
        self._starts = [match.start() for match in ends]
        self._ends = [match.end() for match in ends]

    def around(self, start: int, end: int) -> str:
        """The sentence around ``text[start:end]``, whitespace collapsed, cut to ``MAX_EVIDENCE_CHARS``.

        Only sentence ends within ``MAX_EVIDENCE_CHARS`` of the mention count, as if the text around
        it had been searched alone (an end followed by the mention's first character counts before
        it; the end after it must be followed by a character inside the window).
        """
        text = self.text
        window_start = max(0, start - MAX_EVIDENCE_CHARS)
        window_end = min(len(text), end + MAX_EVIDENCE_CHARS)
        before = bisect_right(self._ends, start) - 1  # the last sentence end before the mention
        has_before = before >= 0 and self._starts[before] >= window_start
        sentence_start = self._ends[before] if has_before else window_start
        after = bisect_left(self._starts, end)  # the first sentence end after it
        has_after = after < len(self._starts) and self._ends[after] < window_end
        sentence_end = self._starts[after] + 1 if has_after else window_end
        sentence = " ".join(text[sentence_start:sentence_end].split())
        if len(sentence) > MAX_EVIDENCE_CHARS:
            middle = " ".join(text[max(sentence_start, start - 150) : min(sentence_end, end + 150)].split())
            sentence = f"…{middle}…"
        return sentence


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, whitespace collapsed (see :class:`Sentences` for many
    mentions of one text).

    >>> sentence_at("We use CIFAR-10. Code is at https://x.io/a.b. Thanks.", 28, 44)
    'Code is at https://x.io/a.b.'
    """
    return Sentences(text).around(start, end)
