"""Which kind of thing a name is, read from the words around it ("X, a new benchmark" -> dataset).

Used to type names no vocabulary holds, and to choose between vocabulary entries that share a
surface. The nearest cue noun wins; no cue means no decision (the caller picks a default or drops).
"""

from __future__ import annotations

import re

from extractors.rules.sentences import CLAUSE_STOP
from extractors.rules.words import CUE_WORDS

# Searched in lower-cased text and without a leading \b, so that the regex engine can skip ahead to
# the possible first letters; the left word boundary is checked after a match.
_CUE = re.compile("(?:" + "|".join(f"(?P<{t}>{pattern})" for t, pattern in CUE_WORDS.items()) + r")\b")
#: How far (characters) from the name a cue may sit, within the same sentence.
_REACH_AFTER = 60
_REACH_BEFORE = 40


def type_from_context(text: str, start: int, end: int) -> str | None:
    """The type the nearest cue noun around ``text[start:end]`` suggests ("other" for metrics,
    organisations and the like, which are not entities), or None.

    Cues after the name ("X dataset", "X, a benchmark") are preferred over cues before it.

    >>> t = "We release FooBench, a benchmark of 1k questions."
    >>> type_from_context(t, 11, 19)
    'dataset'
    >>> type_from_context("Our BarNet architecture wins.", 4, 10)
    'method'
    """
    after = text[end : end + _REACH_AFTER].lower()
    stop = CLAUSE_STOP.search(after)
    if stop:
        after = after[: stop.start()]
    best: tuple[float, str] | None = None
    m = _CUE.search(after)
    while m and m.start() > 0 and after[m.start() - 1].isalnum():  # the first cue at a word start
        m = _CUE.search(after, m.start() + 1)
    if m:
        best = (m.start(), m.lastgroup or "")
    before = text[max(0, start - _REACH_BEFORE) : start].lower()
    stops = list(CLAUSE_STOP.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    cues_before = _cues(before)
    if cues_before:
        m = cues_before[-1]
        distance = (len(before) - m.end()) * 1.5  # before-cues are weaker than after-cues
        if best is None or distance < best[0]:
            best = (distance, m.lastgroup or "")
    return best[1] if best else None


def _cues(window: str) -> list[re.Match[str]]:
    """Cue words in a lower-cased window, at word starts."""
    return [m for m in _CUE.finditer(window) if m.start() == 0 or not window[m.start() - 1].isalnum()]
