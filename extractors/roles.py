"""Decide what a paper does with each dataset, model and method it names: proposed, used or mentioned.

Evidence comes from the sentence around each mention ("we propose X" -> proposed, "outperforms X"
-> mentioned, "we fine-tune X" -> used). One entity gets one role per text, the strongest any of
its mentions shows (proposed > used > mentioned), and every mention of it carries that role, so a
graph edge paper -> entity has a single label. Without any cue a named thing counts as used:
abstracts mostly name what the paper works with.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from extractors.resolve import Candidate

ROLE_TYPES = ("dataset", "model", "method")
_RANK = {"mentioned": 0, "used": 1, "proposed": 2}

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9(\[\"'])|\n\s*\n")
_ABBREV = re.compile(r"(?:\be\.g|\bi\.e|\bet al|\bvs|\bcf|\bFig|\bEq|\bSec|\bapprox|\bresp|\bNo|\bvol)\.$")
_PROPOSE = re.compile(
    r"\b(?:we|our|this (?:paper|work|study|article|report|letter)|here)\b[^.;]{0,60}?\b(?:propose|introduce|"
    r"present|develop|design|release|build|construct|create|curate|collect|contribute|unveil|launch|devise|"
    r"offer|establish|formulate|open-source|name|call|term|dub)[sd]?\b|"
    r"\b(?:is|are) (?:proposed|introduced)\b",
    re.IGNORECASE,
)
_OURS = re.compile(r"\bour (?:(?:new|novel|proposed|resulting|final) )?$|\bthe proposed $", re.IGNORECASE)
_OURS_AFTER = re.compile(r",? (?:our|the proposed)\b")
# Phrases after which a name is only referred to: comparisons, related work, examples.
_MENTION = re.compile(
    r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|compared (?:to|with|against)|comparison (?:to|with)|"
    r"than|unlike|over|versus|vs\.?|relative to|such as|e\.g\.|like|prior|previous(?:ly)?|existing|"
    r"recent(?:ly)?|popular|widely[- ]used|inspired by|rivals?|competitive with|on par with|matches|"
    r"baselines?|state-of-the-art|alternatives?|similar to|instead of|rather than|proprietary|"
    r"(?:has|have) (?:been|shown|achieved|demonstrated))\b",
    re.IGNORECASE,
)
# Phrases that make a name something the paper works with, even after a comparison cue.
_USE = re.compile(
    r"\b(?:evaluat\w*|experiment\w*|test(?:ed|s|ing)? on|train\w*|fine-?tun\w*|pre-?train\w*|"
    r"benchmark(?:ed|ing)|apply\w*|appl(?:ied|ies)|us(?:e|es|ed|ing)|leverag\w*|adopt\w*|employ\w*|"
    r"utili[sz]\w*|built (?:on|upon)|"
    r"build(?:s|ing)? (?:on|upon)|based on|on top of|backbone|initiali[sz]\w*|distill\w*|conduct\w*|"
    r"results on|performance on|accuracy on|across|integrat\w*|extend\w*|improv\w*|enhanc\w*|"
    r"augment\w*|combin\w*|via|with)\b",
    re.IGNORECASE,
)
#: How far back (characters) a cue may stand before the mention it qualifies.
_CUE_REACH = 90


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; abbreviations such as "e.g." and "et al." do not end one.

    >>> t = "We use BERT, e.g. on GLUE. It works."
    >>> [t[s:e] for s, e in sentence_bounds(t)]
    ['We use BERT, e.g. on GLUE.', ' It works.']
    """
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV.search(text, max(0, m.start() - 8), m.end()):
            continue
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def mention_role(text: str, cand: Candidate, sentence: tuple[int, int], first_after_verb: bool) -> str:
    """The role one mention's own sentence gives it."""
    if cand.proposed or first_after_verb:
        return "proposed"
    left = text[max(sentence[0], cand.start - _CUE_REACH) : cand.start]
    if _OURS.search(left):
        return "proposed"
    mention = list(_MENTION.finditer(left))
    if mention and not any(m.start() >= mention[-1].end() for m in _USE.finditer(left)):
        return "mentioned"
    if _OURS_AFTER.match(text, cand.end):
        return "proposed"
    return "used"


def entity_roles(text: str, cands: Sequence[Candidate]) -> dict[tuple[str, str], str]:
    """The role of each (type, name) among ``cands``: the strongest its mentions show.

    >>> from extractors.resolve import Candidate
    >>> t = "We propose FooNet. FooNet beats BERT on GLUE."
    >>> cs = [Candidate(11, 17, "method", "FooNet", None, False, False),
    ...       Candidate(32, 36, "model", "BERT", None, True, False),
    ...       Candidate(40, 44, "dataset", "GLUE", None, True, False)]
    >>> entity_roles(t, cs)
    {('method', 'FooNet'): 'proposed', ('model', 'BERT'): 'mentioned', ('dataset', 'GLUE'): 'used'}
    """
    bounds = sentence_bounds(text)
    starts = [start for start, _ in bounds]  # sentences are in order and disjoint: bisect, not scan
    verb_ends = _proposal_verb_ends(text, bounds)
    best: dict[tuple[str, str], str] = {}
    first_seen: set[tuple[int, int]] = set()
    for cand in cands:
        if cand.type not in ROLE_TYPES:
            continue
        index = bisect.bisect_right(starts, cand.start) - 1
        sentence = bounds[index] if index >= 0 and cand.start < bounds[index][1] else (0, len(text))
        verb_end = verb_ends.get(sentence)
        first = False
        if verb_end is not None and cand.start >= verb_end and sentence not in first_seen:
            first = cand.start - verb_end <= 80
            first_seen.add(sentence)  # only the first name after the verb is the one proposed
        role = mention_role(text, cand, sentence, first)
        key = (cand.type, cand.name)
        if key not in best or _RANK[role] > _RANK[best[key]]:
            best[key] = role
    return best


def strongest(*roles: str | None) -> str | None:
    """The strongest of several roles (proposed > used > mentioned); None if all are None."""
    given = [r for r in roles if r is not None]
    return max(given, key=_RANK.__getitem__) if given else None


def _proposal_verb_ends(text: str, bounds: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """For each sentence with a proposal phrasing, where its verb ends."""
    out = {}
    for sentence in bounds:
        m = _PROPOSE.search(text, *sentence)
        if m:
            out[sentence] = m.end()
    return out
