"""Decide what a paper does with each dataset, model and method it names: proposed, used or mentioned.

Evidence comes from the sentence around each mention ("we propose X" -> proposed, "outperforms X"
-> mentioned, "we fine-tune X" -> used). One entity gets one role per text, the strongest any of
its mentions shows (proposed > used > mentioned), and every mention of it carries that role, so a
graph edge paper -> entity has a single label. Without any cue a named thing counts as used:
abstracts mostly name what the paper works with.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from extractors.anchors import find_anchors
from extractors.components import COMPONENTS
from extractors.discovery import proposal_spans
from extractors.resolve import Candidate
from extractors.rules.sentences import Sentences

ROLE_TYPES = ("dataset", "model", "method")
Anchors = dict[str, list[tuple[int, int]]]
_RANK = {"mentioned": 0, "used": 1, "proposed": 2}

_OURS = re.compile(r"\bour (?:(?:new|novel|proposed|resulting|final) )?\Z|\bthe proposed \Z", re.IGNORECASE)
_OURS_LONGEST = len("our resulting ")
_OURS_AFTER = re.compile(r",? (?:our|the proposed)\b")
# The paper's own evaluation earlier in a sentence: a model it names there is one it evaluates
# ("We evaluate models such as GPT-4o and Llama 3", "our experiments with ... e.g. Qwen2.5").
_WE_EVALUATE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur)\b[^.;]{0,80}?\b(?:evaluat\w*|assess\w*|test\w*|benchmark\w*|experiment\w*|"
    r"fine-?tun\w*|prompt\w*|quer\w*)\b"
)
#: How far back (characters) a cue may stand before the mention it qualifies.
_CUE_REACH = 90
#: How far after a proposal verb the first name still is the thing proposed.
_FIRST_REACH = 80


def mention_role(text: str, cand: Candidate, sentence_start: int, cues: _Cues, first_after_verb: bool) -> str:
    """The role one mention's sentence gives it: proposed after "we propose" or "our", mentioned after
    a comparison or related-work cue (unless a use cue follows it), else used."""
    if cand.proposed or first_after_verb:
        return "proposed"
    reach = max(sentence_start, cand.start - _CUE_REACH)
    # "our " ends with a space right before the name; no match of _OURS is longer than _OURS_LONGEST
    if text[cand.start - 1 : cand.start] == " " and _OURS.search(
        text, max(reach, cand.start - _OURS_LONGEST), cand.start
    ):
        return "proposed"
    i = bisect_right(cues.mention_ends, cand.start) - 1  # the last comparison cue before the name
    if i >= 0 and cues.mention_starts[i] >= reach:
        cue_end = cues.mention_ends[i]
        if bisect_left(cues.use_starts, cue_end) == bisect_left(cues.use_starts, cand.start):
            return "mentioned"  # no use cue between the comparison cue and the name
    if _OURS_AFTER.match(text, cand.end):
        return "proposed"
    return "used"


class _Cues:
    """Comparison and use cue positions of a text, sorted for bisection."""

    def __init__(self, anchors: Anchors) -> None:
        mention = sorted(anchors["mention_cue"], key=lambda span: span[1])
        self.mention_starts = [start for start, _ in mention]
        self.mention_ends = [end for _, end in mention]
        self.use_starts = sorted(start for start, _ in anchors["use_cue"])


def entity_roles(
    text: str,
    cands: Sequence[Candidate],
    anchors: Anchors | None = None,
    proposals: list[tuple[int, int]] | None = None,
) -> dict[tuple[str, str], str]:
    """The role of each (type, name) among ``cands``: the strongest its mentions show. ``anchors``
    and ``proposals`` may pass ``find_anchors(text)`` and ``proposal_spans(text)``.

    >>> from extractors.resolve import Candidate
    >>> t = "We propose FooNet. FooNet beats BERT on GLUE."
    >>> cs = [Candidate(11, 17, "method", "FooNet", None, False, False),
    ...       Candidate(32, 36, "model", "BERT", None, True, False),
    ...       Candidate(40, 44, "dataset", "GLUE", None, True, False)]
    >>> entity_roles(t, cs)
    {('method', 'FooNet'): 'proposed', ('model', 'BERT'): 'mentioned', ('dataset', 'GLUE'): 'used'}
    """
    anchors = find_anchors(text) if anchors is None else anchors
    cues = _Cues(anchors)
    sentences = Sentences.of(text)
    verbs = [end for end, _ in (proposal_spans(text, anchors) if proposals is None else proposals)]
    best: dict[tuple[str, str], str] = {}
    first_seen: set[int] = set()
    for cand in cands:
        if cand.type not in ROLE_TYPES:
            continue
        sentence = sentences.bounds_at(cand.start)
        before = bisect_right(verbs, cand.start)  # verbs are in text order: the last one up to the mention
        verb = verbs[before - 1] if before and verbs[before - 1] >= sentence[0] else None
        first = verb is not None and verb not in first_seen and cand.start - verb <= _FIRST_REACH
        if verb is not None:
            first_seen.add(verb)  # only the first name after the verb is the one proposed
        role = mention_role(text, cand, sentence[0], cues, first)
        if role == "mentioned" and cand.type == "model" and COMPONENTS.evaluated_models_used:
            role = "used" if _WE_EVALUATE.search(text, sentence[0], cand.start) else role
        key = (cand.type, cand.name)
        if key not in best or _RANK[role] > _RANK[best[key]]:
            best[key] = role
    return best


def strongest(*roles: str | None) -> str | None:
    """The strongest of several roles (proposed > used > mentioned); None if all are None."""
    given = [r for r in roles if r is not None]
    return max(given, key=_RANK.__getitem__) if given else None
