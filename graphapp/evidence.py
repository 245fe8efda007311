"""The evidence an edge carries: the sentence of the text in which its entity is named.

Sentences are split by :mod:`extractors.rules.sentences`, the splitter the roles read, so the evidence
of an edge holds the cue that decided its role ("... baselines, e.g. BERT ...").
"""

from __future__ import annotations

from extractors.rules.sentences import Sentences as _Split
from graphapp.model import MAX_EVIDENCE_CHARS, quote_evidence


class Sentences:
    """The sentences of one text, split once: the evidence of each of its mentions is then a bisection.

    >>> sentences = Sentences("We use CIFAR-10. Code is at https://x.io/a.b. Thanks.")
    >>> sentences.around(28, 44)
    'Code is at https://x.io/a.b.'
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._split = _Split.of(text)  # the roles of the same text split it already
        self._quoted: dict[tuple[int, int], str] = {}  # sentences short enough to quote whole, by bounds

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Where the sentence(s) holding ``text[start:end]`` begin and end: what the store keeps of the evidence.

        >>> Sentences("We use CIFAR-10. Code is at https://x.io/a.b. Thanks.").bounds(28, 44)
        (16, 45)
        """
        first, _ = self._split.bounds_at(start)
        _, last = self._split.bounds_at(max(start, end - 1))
        return first, last

    def around(self, start: int, end: int) -> str:
        """The sentence(s) holding ``text[start:end]``, whitespace collapsed; a sentence longer than
        ``MAX_EVIDENCE_CHARS`` is cut to the text around the mention, marked with "…" at both ends."""
        return self.quote(*self.bounds(start, end), start, end)

    def quote(self, first: int, last: int, start: int, end: int) -> str:
        """:func:`quote_evidence` of ``text[first:last]`` for the mention ``text[start:end]``, quoted once per
        sentence: a sentence that is not cut reads the same for every mention in it.

        >>> Sentences("We use CIFAR-10 and MNIST. Thanks.").quote(0, 26, 20, 25)
        'We use CIFAR-10 and MNIST.'
        """
        if last - first > MAX_EVIDENCE_CHARS:  # may be cut around the mention
            return quote_evidence(self.text, first, last, start, end)
        quoted = self._quoted.get((first, last))
        if quoted is None:
            quoted = self._quoted[(first, last)] = quote_evidence(self.text, first, last, start, end)
        return quoted


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, whitespace collapsed (see :class:`Sentences` for many
    mentions of one text).

    >>> sentence_at("Strong baselines, e.g. BERT, lag behind. We win.", 23, 27)
    'Strong baselines, e.g. BERT, lag behind.'
    """
    return Sentences(text).around(start, end)
