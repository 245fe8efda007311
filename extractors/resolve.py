"""Turn vocabulary hits and pattern discoveries of one text into non-overlapping, canonical mentions.

One thing gets one name per text: an acronym defined in the text ("Iterative Magnitude Pruning
(IMP)") maps to the long form's entity everywhere in that text, a name found once by a pattern is
found at each of its other occurrences, and where spans overlap the longest wins (a vocabulary name
wins a tie). Model variants keep their own name and point to their base model via ``family``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from extractors.discovery import Discovery
from extractors.lexicon import Hit
from extractors.names import H, is_strong
from extractors.normalize import fold_name
from extractors.rules.words import FAMILY_TAIL_VARIANTS
from extractors.vocabulary import Correction

_VARIANT_TAIL = re.compile(
    rf"(?:[{H} ](?:\d+(?:\.\d+)?[BMK]|A\d+B|{'|'.join(FAMILY_TAIL_VARIANTS)}|v\d+))+$",
    re.IGNORECASE,
)


_SELF_STANDING = frozenset(("definition", "titled", "shape", "naming", "title"))
_SPLIT_WORDS = re.compile(rf"[\s{H}]+")
_WORD_START = re.compile(rf"(?<![\w{H}])")
_NAME_GOES_ON = re.compile(rf"[\w+*]|[{H}][A-Z0-9]")

#: How many of a text's own names (defined or discovered in it) are looked for at their other occurrences.
MAX_PROPAGATED_NAMES = 50


class Candidate(NamedTuple):
    """A possible mention before roles are decided (a named tuple, cheap to build)."""

    start: int
    end: int
    type: str
    name: str
    family: str | None
    known: bool  # from the vocabulary
    proposed: bool  # introduced by a proposal phrasing (an evidence for the role)


def resolve(
    text: str, hits: list[Hit], discoveries: list[Discovery], borrowed: Sequence[Discovery] = ()
) -> list[Candidate]:
    """Merge ``hits`` and ``discoveries`` of ``text`` into non-overlapping candidates in text order.

    ``borrowed`` are discoveries made in a companion text (the title of the same paper): their names
    are looked for here too, though their spans belong elsewhere.

    >>> from extractors.patterns import discover
    >>> t = "We propose Iterative Magnitude Pruning (IMP). IMP works."
    >>> [(c.name, t[c.start:c.end]) for c in resolve(t, [], discover(t))]
    [('Iterative Magnitude Pruning', 'Iterative Magnitude Pruning'), ('Iterative Magnitude Pruning', 'IMP'), \
('Iterative Magnitude Pruning', 'IMP')]
    """
    by_span = {(h.start, h.end): h for h in hits}
    cands = [Candidate(h.start, h.end, h.entity.type, h.name, h.family, True, False) for h in hits]
    # Surfaces (exact) -> (type, name, family, proposed) for names this text defines or discovers.
    local: dict[str, tuple[str, str, str | None, bool]] = {}
    for d in borrowed:
        if not d.type:
            continue
        for surface in d.surfaces():
            local.setdefault(surface, (d.type, d.label, _family(d.label) if d.type == "model" else None, False))
    lent = set(local)  # a definition in this text outranks the companion's reading of its acronym, of one type
    for d in sorted(discoveries, key=lambda d: d.rule != "definition"):
        entity = _entity_for(d, by_span)
        if entity is None or (not entity[3] and _only_known_words(text, d, hits)):
            continue
        type_, name, family, known = entity
        for surface in d.surfaces():
            old = local.get(surface)
            proposed = d.proposed or (old is not None and old[3])
            if old is None or old[1] == name or (surface in lent and d.acronym == surface and old[0] == type_):
                lent.discard(surface)
                local[surface] = (type_, name, family, proposed)
        if not known:
            cands.append(Candidate(d.start, d.end, type_, name, family, False, d.proposed))
            if d.acronym:
                cands.append(Candidate(d.acronym_start, d.acronym_end, type_, name, family, False, d.proposed))
    flat = text.replace("\n", " ")
    # Each surface costs one scan of the text: the cap keeps a text naming thousands of names linear
    # (an abstract names a dozen at most; names past the cap keep the spans where they were found).
    for surface, (type_, name, family, proposed) in itertools.islice(local.items(), MAX_PROPAGATED_NAMES):
        for start, end in _occurrences(flat, surface):
            cands.append(Candidate(start, end, type_, name, family, False, proposed))
    chosen = _non_overlapping(cands)
    # A vocabulary surface the text redefines ("CLR (Channel-wise Lightweight Reprogramming)") takes
    # the text's meaning; the proposal flag spreads to every mention of the entity.
    out = []
    for c in chosen:
        redefined = local.get(text[c.start : c.end])
        if c.known and redefined and redefined[1] != c.name:
            c = Candidate(c.start, c.end, redefined[0], redefined[1], redefined[2], False, redefined[3])
        elif redefined and redefined[3] and not c.proposed:
            c = c._replace(proposed=True)
        out.append(c)
    return out


def _only_known_words(text: str, d: Discovery, hits: list[Hit]) -> bool:
    """Whether a phrase a rule took for a name is just known names and plain words ("Hybrid
    CNN-Transformer architecture"), which says nothing new; definitions, dataset titles and shapes
    ("Qwen2.5-Coder-7B") stand on their own."""
    if d.rule in _SELF_STANDING:
        return False
    inside = [h for h in hits if d.start <= h.start and h.end <= d.end]
    return bool(inside) and not strong_word_besides(text[d.start : d.end], inside, d.start)


def strong_word_besides(phrase: str, hits: Iterable[Hit], offset: int = 0) -> bool:
    """Whether ``phrase`` has a coined-looking word (see ``is_strong``) outside the known names
    ``hits`` found in it (their offsets are ``offset`` characters ahead of the phrase's own).

    >>> strong_word_besides("Hybrid FooNet", []), strong_word_besides("Hybrid network", [])
    (True, False)
    """
    rest = list(phrase)
    for h in hits:
        rest[h.start - offset : h.end - offset] = " " * (h.end - h.start)
    return any(is_strong(w) for w in _SPLIT_WORDS.split("".join(rest)))


def _entity_for(d: Discovery, by_span: dict[tuple[int, int], Hit]) -> tuple[str, str, str | None, bool] | None:
    """(type, name, family, known) of a discovery: the vocabulary entity when it names one."""
    long_hit = by_span.get((d.start, d.end))
    if long_hit is not None:
        return long_hit.entity.type, long_hit.name, long_hit.family, True
    acr_hit = by_span.get((d.acronym_start, d.acronym_end)) if d.acronym else None
    if acr_hit is not None:
        has_long_form = any(len(a.split()) > 1 for a in acr_hit.entity.surfaces())
        if not has_long_form:  # the vocabulary knows the acronym only: the long form is another spelling
            return acr_hit.entity.type, acr_hit.name, acr_hit.family, True
    if not d.type:
        return None
    return d.type, d.label, _family(d.label) if d.type == "model" else None, False


def _family(name: str) -> str | None:
    """The base name of a discovered model variant: "Nemotron-H-47B-Base" -> "Nemotron-H"."""
    base = _VARIANT_TAIL.sub("", name)
    return base if base and base != name else None


def _occurrences(flat: str, surface: str) -> list[tuple[int, int]]:
    """Where ``surface`` (or its plural) stands as a whole word in ``flat`` (the text with line
    breaks as spaces)."""
    out = []
    pos = flat.find(surface)
    while pos >= 0:
        end = pos + len(surface)
        if end < len(flat) and flat[end] == "s" and not surface.endswith("s"):
            end += 1
        if _WORD_START.match(flat, pos) and not _NAME_GOES_ON.match(flat, end):
            out.append((pos, end))
        pos = flat.find(surface, pos + 1)
    return out


def _non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    """Longest spans first (vocabulary before discoveries on ties), then text order."""
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), not c.known, c.start))
    taken = bytearray(max((c.end for c in cands), default=0))
    chosen = []
    for c in ranked:
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def adopt_definitions(text: str, cands: list[Candidate], other: str, other_cands: list[Candidate]) -> list[Candidate]:
    """``cands`` of ``text`` with each vocabulary name that ``other`` (the abstract of the same paper)
    defines as its own taking that meaning: a title's "HELM: ..." is the method the abstract defines as
    "HELM (Hierarchical and Explicit Label Modeling)", not the listed benchmark HELM.

    >>> title = [Candidate(0, 4, "dataset", "HELM", None, True, False)]
    >>> abstract = [Candidate(11, 15, "method", "Hierarchical Label Modeling", None, False, True)]  # proposed
    >>> [(c.type, c.name) for c in adopt_definitions("HELM: ...", title, "We propose HELM.", abstract)]
    [('method', 'Hierarchical Label Modeling')]
    """
    defined = {other[c.start : c.end]: c for c in other_cands if not c.known and other[c.start : c.end] != c.name}
    if not defined:
        return cands
    out, changed = [], False
    for c in cands:
        written = text[c.start : c.end]
        own = defined.get(written) if c.known or c.name == written else None
        # the paper's own, or the same kind; a name the title itself introduces keeps the title's type
        if own is not None and (own.type == c.type or (own.proposed and c.known)):
            c, changed = own._replace(start=c.start, end=c.end), True
        out.append(c)
    return out if changed else cands


class Corrections:
    """A user's rejected surfaces and merged names (``Correction`` lines of a ``--vocab`` file), applied
    to the candidates of every text: a rejected surface is never a mention, a merged name is renamed.

    >>> from extractors.vocabulary import Correction
    >>> fix = Corrections([Correction("AI-facing"), Correction("MoE layers", "method", "Mixture of Experts")])
    >>> t = "AI-facing MoE layers"
    >>> [c.name for c in fix.apply(t, [Candidate(0, 9, "method", "AI-facing", None, False, False),
    ...                               Candidate(10, 20, "method", "MoE layers", None, False, False)])]
    ['Mixture of Experts']
    """

    def __init__(self, corrections: Iterable[Correction]) -> None:
        self._rejected: set[tuple[str | None, str]] = set()
        self._merged: dict[tuple[str | None, str], str] = {}
        for c in corrections:
            key = (c.type, fold_name(c.surface))
            if c.merge_into is None:
                self._rejected.add(key)
            else:
                self._merged[key] = c.merge_into

    def __bool__(self) -> bool:
        return bool(self._rejected or self._merged)

    def apply(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """``cands`` less the rejected ones, merged names renamed."""
        out = []
        for c in cands:
            written, name = fold_name(text[c.start : c.end]), fold_name(c.name)
            if any((t, s) in self._rejected for t in (c.type, None) for s in (written, name)):
                continue
            into = self._merged.get((c.type, name)) or self._merged.get((None, name))
            out.append(c._replace(name=into) if into else c)
        return out
