"""The record a pattern rule returns, and the typing evidence every rule shares.

A :class:`Discovery` is a name found by how the text introduces it. Rules agree on its type through
the nouns that go with it ("X, a benchmark" -> dataset; "the X model" -> model only with a sign of a
released model such as a parameter count) and on whether the text proposes it (the name right after
"we propose / introduce / present ...").
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from extractors.anchors import find_anchors
from extractors.cues import type_from_context
from extractors.names import H
from extractors.rules.sentences import Sentences
from extractors.rules.words import RELEASE_VARIANTS, TITLE_ONLY_NOUNS, TYPE_NOUNS


class Discovery(NamedTuple):
    """A name a pattern found: where, as what type, how sure the type is, and whether the text
    introduces it. Definitions also carry the ``acronym`` and where it was written. (A named tuple:
    immutable, and built several times faster than a frozen dataclass.)
    """

    name: str
    start: int
    end: int
    type: str
    """dataset, model, method or task; "" for a definition of a term the vocabulary may know."""
    proposed: bool
    rule: str
    strength: int = 1
    """3: the name's own shape says the type ("FooBench"); 2: an explicit type noun or shape; 1: a
    nearby cue word; 0: a default."""
    acronym: str | None = None
    acronym_start: int = -1
    acronym_end: int = -1

    def surfaces(self) -> tuple[str, ...]:
        """The written forms of this name (the name, then its acronym if any)."""
        return (self.name, self.acronym) if self.acronym else (self.name,)

    @property
    def label(self) -> str:
        """The canonical name: the long form, unless it is a lower-case description of a coined
        acronym ("a new multi-turn dialogue dataset (TMDialog)" is TMDialog); a task is always its long form,
        as tasks are written in lower case ("loop closure detection (LCD)").

        >>> Discovery("new dialogue dataset", 0, 20, "dataset", True, "definition", 2, "TMDialog").label
        'TMDialog'
        """
        if self.acronym and self.type != "task" and not any(c.isupper() for c in self.name):
            return self.acronym
        return self.name


_TO = re.compile(r"[ \n]+to\b")
_ADJECTIVAL = re.compile(r"\b(?:[Oo]ur|[Tt]he)[ \n]+\Z")
_SUBJECT_BEFORE = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|[Tt]his (?:paper|work|study|article|report|letter|thesis)|[Hh]ere)\b[^.;:]{0,60}\Z"
)
#: How far (characters) after a proposal verb a name still counts as the thing proposed.
PROPOSAL_REACH = 70
_CLAUSE_STOP = re.compile(r";(?:\s|$)")
_ADJACENT_REACH = 40
_ADJECTIVES_ONLY = re.compile(
    r"[ \n]*(?:(?:a|an|the|our|two|three|new|novel|simple|\w+ly|yet|and)[ \n]+|[\w\-]+[ \n]+)?"
)

# Type nouns as a regex group "noun" (matched in any case, but "LLM" only in capitals); "battery"
# and "arena" type a name only as part of a title-cased phrase (see patterns).
_CASED_NOUNS = frozenset(("llm", "llms"))
_ANY_CASE_NOUNS = sorted((n for n in TYPE_NOUNS if n not in TITLE_ONLY_NOUNS | _CASED_NOUNS), key=len, reverse=True)
TYPE_NOUN = f"(?P<noun>(?i:{'|'.join(_ANY_CASE_NOUNS)})|LLMs?)"
# Signs that "model" means a released model: a parameter count, a language/foundation model.
_RELEASED = re.compile(
    r"\b\d+(?:\.\d+)?[BM]\b|\b(?:language|foundation|open[- ]source|open[- ]weights?|pre-?trained|"
    r"instruction[- ]tuned|chat|reasoning|LLM|LLMs|checkpoints?|(?:billion|million) parameters|family)\b",
    re.IGNORECASE,
)
_VARIANT_NAME = re.compile(
    rf"[{H} ](?:{'|'.join((*RELEASE_VARIANTS, 'VL'))}|\d+(?:\.\d+)?[BM])(?:[{H} ]\w+)*$|"
    rf"[{H}]v\d+(?:\.\d+)?$|[ ]\d{{1,2}}(?:\.\d{{1,2}})?$"
)
#: How far (characters) around a "model" noun signs of a released model are looked for.
MODEL_SIGN_REACH = 100


def proposal_spans(text: str, anchors: dict[str, list[tuple[int, int]]] | None = None) -> list[tuple[int, int]]:
    """(end of proposal verb, end of its clause) for each "we propose ..." phrasing; ``anchors``
    may pass ``find_anchors(text)``.

    >>> proposal_spans("We propose FooNet. It works.")
    [(10, 18)]
    """
    anchors = find_anchors(text) if anchors is None else anchors
    ends = [end for _, end in anchors["passive"]]
    for start, end in anchors["verb"]:
        if _ADJECTIVAL.search(text, max(0, start - 5), start):  # "our proposed method" proposes nothing
            continue
        we_call = text[start : start + 3].lower() == "we "  # "we call X"
        if we_call or (not _TO.match(text, end) and _SUBJECT_BEFORE.search(text, max(0, start - 75), start)):
            ends.append(end)
    if not ends:
        return []
    # Sentences and clause stops found once: searching onwards from each verb rescans long stretches.
    sentences = Sentences.of(text)
    stops = [m.start() for m in _CLAUSE_STOP.finditer(text)] if ";" in text else []
    spans = []
    for end in sorted(ends):
        index = bisect.bisect_left(stops, end)
        sentence_end = sentences.bounds_at(end)[1]
        spans.append((end, min(stops[index], sentence_end) if index < len(stops) else sentence_end))
    return spans


def right_after_verb(text: str, pos: int, proposals: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` directly follows a proposal verb, with only an article and adjectives between
    ("we propose a simple sequence-aware ...", not "we propose a method to predict from ...")."""
    return any(
        _ADJECTIVES_ONLY.fullmatch(text, verb_end, pos)
        for verb_end, _ in _within(proposals, pos - _ADJACENT_REACH, pos)
    )


def proposed_at(pos: int, proposals: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` is right after a proposal verb (the thing proposed, not a tool it uses)."""
    if not proposals:
        return False
    nearby = _within(proposals, pos - PROPOSAL_REACH + 1, pos)
    return any(verb_end <= pos < min(end, verb_end + PROPOSAL_REACH) for verb_end, end in nearby)


def _within(proposals: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
    """The proposals (in text order) whose verb ends between ``low`` and ``high``: a bisect, not a scan,
    so a text with thousands of proposals stays linear."""
    first = bisect.bisect_left(proposals, low, key=lambda span: span[0])
    return proposals[first : bisect.bisect_right(proposals, high, key=lambda span: span[0])]


def noun_type(noun: str, name: str = "", around: str = "") -> str:
    """The type a type noun gives a name ("other" for metrics, which are not entities). "model" means
    a released model only with a sign of one in ``around`` or a variant name ("-Instruct", "-7B"),
    else an architecture, i.e. a method.

    >>> noun_type("benchmark"), noun_type("model", "FooNet"), noun_type("model", "Foo-7B")
    ('dataset', 'method', 'model')
    """
    noun = noun.lower()
    if noun in ("model", "models"):
        return "model" if _RELEASED.search(around) or _VARIANT_NAME.search(name) else "method"
    return TYPE_NOUNS.get(noun, "method")


def cue_type(text: str, start: int, end: int, name: str) -> str | None:
    """The context cue's type for a name; "model" only with a sign of a released model nearby."""
    cue = type_from_context(text, start, end)
    if cue == "model" and not (
        _VARIANT_NAME.search(name) or _RELEASED.search(text, max(0, start - MODEL_SIGN_REACH), end + MODEL_SIGN_REACH)
    ):
        return "method"
    return cue


def around(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with some context either side, where signs of a released model may stand."""
    return text[max(0, start - MODEL_SIGN_REACH) : end + MODEL_SIGN_REACH]
