"""Which kind of thing a name is, read from the words around it ("X, a new benchmark" -> dataset).

Used to type names no vocabulary holds, and to choose between vocabulary entries that share a
surface. The nearest cue noun wins; no cue means no decision (the caller picks a default or drops).
"""

from __future__ import annotations

import re

_CUES = {
    "dataset": r"datasets?|benchmarks?|corpus|corpora|suite|testbed|test ?set|leaderboard|challenge|"
    r"collection|database|data ?set|bench|split",
    "model": r"llms?|(?:large |small |foundation |base |vision[- ]language |language |reasoning |chat |code |"
    r"embedding |reward |instruction[- ]tuned |open[- ](?:weight|source) )models?|checkpoints?|weights|"
    r"chatbot|assistant|vlms?|mllms?|lmms?|slms?|family of models|model family|series",
    "method": r"methods?|framework|approach|algorithm|technique|architecture|network|pipeline|strategy|"
    r"module|mechanism|loss|objective|paradigm|scheme|system|agent|optimi[sz]er|regulari[sz]er|recipe|"
    r"procedure|block|layer|attention|encoder|decoder|protocol|solver|policy|tool|toolkit|library|"
    r"estimator|models?|transformer|mamba|diffusion|training|learning|distillation|decoding|pruning",
    # Named things that are none of the above: metrics, programmes, organisations.
    "other": r"metrics?|scores?|measures?|index|coefficient|criterion|distance|ratio|statistics?|indicator|"
    r"program(?:me)?|project|company|organi[sz]ation|university|institute|hospital|country|"
    r"regulations?|act|law|standard|format|hardware|chip|gpu|robot",
}
# Searched in lower-cased text and without a leading \b, so that the regex engine can skip ahead to
# the possible first letters; the left word boundary is checked after a match.
_CUE = re.compile("(?:" + "|".join(f"(?P<{t}>{pattern})" for t, pattern in _CUES.items()) + r")\b")
#: How far (characters) from the name a cue may sit, within the same sentence.
_REACH_AFTER = 60
_REACH_BEFORE = 40
_STOP = re.compile(r"[.;:!?](?:\s|$)|\n\n")


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
    stop = _STOP.search(after)
    if stop:
        after = after[: stop.start()]
    best: tuple[float, str] | None = None
    m = _CUE.search(after)
    while m and m.start() > 0 and after[m.start() - 1].isalnum():  # the first cue at a word start
        m = _CUE.search(after, m.start() + 1)
    if m:
        best = (m.start(), m.lastgroup or "")
    before = text[max(0, start - _REACH_BEFORE) : start].lower()
    stops = list(_STOP.finditer(before))
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
