"""The one sentence splitter of the project: the roles read a mention's sentence through it, and a
graph edge stores that same sentence as its evidence, so the cue that decided a role ("baselines,
e.g. BERT") is always in the evidence shown for it.

A sentence ends at ".", "!" or "?" (a closing quote or bracket may follow) before whitespace and an
upper-case letter, digit, quote or opening bracket, or at a blank line; abbreviations ("e.g.",
"et al.", "Fig.") do not end one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from extractors.literals import Alternatives

_BEFORE_NEXT = r"[\"')\]]?(?=\s+[A-Z0-9(\[\"'])"
_SENTENCE_END = Alternatives(
    {".": rf"\.{_BEFORE_NEXT}", "!": rf"!{_BEFORE_NEXT}", "?": rf"\?{_BEFORE_NEXT}", "\n": r"\n\s*\n"}
)
_ABBREVIATIONS = ("e.g", "i.e", "et al", "vs", "cf", "Fig", "Eq", "Sec", "approx", "resp", "No", "vol")
_ABBREVIATION = re.compile("(?:" + "|".join(r"\b" + re.escape(a) for a in _ABBREVIATIONS) + r")\.[\"')\]]?$")
#: The letters the abbreviations end with: a full stop after any other character is searched no further.
_ABBREVIATION_ENDS = frozenset(a[-1] for a in _ABBREVIATIONS)


#: Where a clause ends inside a sentence as well: cue words and long forms do not reach across it.
CLAUSE_STOP = re.compile(r"[.;:!?](?:\s|$)|\n\n")


def clause_start(text: str, low: int, end: int) -> int:
    """Where the clause holding ``text[end]`` begins, looking back no further than ``low``.

    >>> clause_start("Results: we use Foo Bar (FB).", 0, 24)
    9
    """
    last = low
    for m in CLAUSE_STOP.finditer(text, low, end):
        last = m.end()
    return last


def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence, covering the whole text.

    >>> t = "We use BERT, e.g. on GLUE. It works."
    >>> [t[s:e] for s, e in sentence_bounds(t)]
    ['We use BERT, e.g. on GLUE.', ' It works.']
    """
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        dot = m.start()
        if (
            text[dot] == "."
            and text[dot - 1] in _ABBREVIATION_ENDS
            and _ABBREVIATION.search(text, max(0, dot - 8), m.end())
        ):
            continue
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return tuple(bounds)


class Sentences:
    """The sentences of one text, split once; the sentence of each mention is then a bisection.

    >>> s = Sentences("Baselines, e.g. BERT, lag. We win.")
    >>> s.bounds_at(16)
    (0, 26)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = sentence_bounds(text) or ((0, len(text)),)
        self._starts = [start for start, _ in self.bounds]

    @staticmethod
    @lru_cache(maxsize=8)
    def of(text: str) -> Sentences:
        """The sentences of ``text``, split once however many rules ask (the roles and the proposal
        spans of one text share them)."""
        return Sentences(text)

    def bounds_at(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``text[pos]``."""
        return self.bounds[max(0, bisect_right(self._starts, pos) - 1)]
