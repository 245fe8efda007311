"""Find every vocabulary name in a text in one Aho-Corasick pass over a folded copy of it.

Thousands of names are matched at once (``pyahocorasick``), then each candidate is checked on the
original text: word boundaries, letter case (acronyms are case-sensitive), context words for
ambiguous names. A model name may run on into a size or variant suffix the vocabulary does not list
("Llama 2" + "-Chat 70B"): that variant is returned under its own name with the listed model as family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import ahocorasick

from extractors.cues import type_from_context
from extractors.normalize import fold_name, fold_text, spelling_variants, squash
from extractors.vocabulary import Entity, Vocabulary

_HYPHENS = "-‐‑‒–"
#: How far (characters) around an ambiguous name its context words are looked for.
_CONTEXT_REACH = 200
_SIZE = r"\d+(?:\.\d+)?[BMKT]|\d+x\d+(?:\.\d+)?B|A\d+(?:\.\d+)?B"
_VARIANT_WORD = (
    r"Instruct|Chat|Base|Turbo|Plus|Pro|Mini|Max|Ultra|Lite|Flash|Nano|Coder|Math|VL|Vision|Omni|Large|"
    r"Small|Medium|XL|XXL|Tiny|Huge|Preview|Sonnet|Haiku|Opus|Thinking|Distill|Reasoner"
)
_SEP = f"[{_HYPHENS} \n]"
# One suffix part: a size, a capitalised variant word or a version after a hyphen or space, a lowercase
# variant word only after a hyphen ("-chat", "-it"), "mini" after a space ("GPT-4o mini").
_SUFFIX_PART = (
    rf"(?:{_SEP}?(?:{_SIZE})|{_SEP}(?:{_VARIANT_WORD}|\d{{1,2}}\.\d{{1,2}})|"
    rf"[{_HYPHENS}](?:(?i:{_VARIANT_WORD})|it)|{_SEP}mini|{_SEP}?v\d+(?:\.\d+)?)(?!\w)"
)
_MODEL_SUFFIX = re.compile(rf"(?:{_SUFFIX_PART}){{1,4}}\+?")
# A bare version right after a family name without digits: "Llama 3.1", "Qwen3", "Gemini-2.5".
_MODEL_VERSION = re.compile(
    rf"(?:[{_HYPHENS}]?\d{{1,2}}(?:\.\d{{1,2}})?|{_SEP}(?:\d{{1,2}}\.\d{{1,2}}|[1-9]))(?![\w%]|[.,]\d)"
)
# A year after a dataset name is its edition, unless a plural noun follows ("MNIST 2000 images").
_YEAR = re.compile(rf"[{_HYPHENS} ]?(?P<year>(?:19|20)\d\d)(?!\d|[.,]\d|[ \n][a-z]+[^s\W]s\b)")
# After a name, "-based", "-style" etc. continue the sentence, not the name.
_LOWER_WORD = re.compile(r"[a-z]+\b")


@dataclass(frozen=True, slots=True)
class Hit:
    """A vocabulary name found at ``text[start:end]``."""

    start: int
    end: int
    entity: Entity
    name: str
    family: str | None


@dataclass(frozen=True, slots=True)
class _Surface:
    entity: int
    letters: str  # the alias without separators, for the case check
    case: str  # "any", "title" (first letter upper) or "exact"
    ambiguous: bool


class Lexicon:
    """An automaton over every spelling of every vocabulary name.

    >>> lex = Lexicon(Vocabulary([Entity("dataset", "CIFAR-100", ("CIFAR100",))]))
    >>> [(h.name, h.start) for h in lex.scan("Results on cifar-100 and CIFAR 100.")]
    [('CIFAR-100', 25)]
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._entities = list(vocabulary)
        slots: dict[str, list[_Surface]] = {}
        for index, entity in enumerate(self._entities):
            for alias in entity.surfaces():
                surface = _Surface(index, squash(alias), case_rule(alias, entity.learned), alias in entity.ambiguous)
                for key in _keys(alias, entity):
                    bucket = slots.setdefault(key, [])
                    if surface not in bucket:
                        bucket.append(surface)
        self._slots = [(len(key), tuple(surfaces)) for key, surfaces in slots.items()]
        self._automaton = ahocorasick.Automaton()
        for slot, key in enumerate(slots):
            self._automaton.add_word(key, slot)
        if slots:
            self._automaton.make_automaton()

    def __reduce__(self) -> tuple:
        # Rebuilding from the vocabulary is fast and keeps pickles small and version-independent.
        return (Lexicon, (self.vocabulary,))

    @cached_property
    def _context_patterns(self) -> dict[int, re.Pattern[str]]:
        return {
            i: re.compile(r"\b(?:" + "|".join(re.escape(fold_name(w)) for w in e.context) + r")\b")
            for i, e in enumerate(self._entities)
            if e.context
        }

    def scan(self, text: str, folded: str | None = None) -> list[Hit]:
        """All vocabulary names in ``text``, left to right, longest first, not overlapping.

        ``folded`` may pass ``fold_text(text)`` when the caller has it already.
        """
        if not self._slots:
            return []
        folded = fold_text(text) if folded is None else folded
        hits: list[Hit] = []
        last_end = 0
        for end_incl, slot in self._automaton.iter_long(folded):
            length, surfaces = self._slots[slot]
            start, end = end_incl + 1 - length, end_incl + 1
            if start < last_end:
                continue
            hit = self._accept(text, folded, start, end, surfaces)
            if hit is None:
                hit = self._shorter(text, folded, start, end)
            if hit is not None:
                hits.append(hit)
                last_end = hit.end
        return hits

    def _shorter(self, text: str, folded: str, start: int, end: int) -> Hit | None:
        """The longest acceptable name inside a span whose longest match was rejected."""
        best: Hit | None = None
        # A slice, not iter(folded, start, end - 1): pyahocorasick converts the whole string on every call.
        for end_in_span, slot in self._automaton.iter(folded[start : end - 1]):
            end_incl = start + end_in_span
            length, surfaces = self._slots[slot]
            hit = self._accept(text, folded, end_incl + 1 - length, end_incl + 1, surfaces)
            if hit is not None and (best is None or hit.end - hit.start > best.end - best.start):
                best = hit
        return best

    def _accept(self, text: str, folded: str, start: int, end: int, surfaces: tuple[_Surface, ...]) -> Hit | None:
        if not _starts_word(text, start):
            return None
        written = squash(text[start:end])
        found: list[Hit] = []
        for surface in surfaces:
            if not _case_ok(surface, written):
                continue
            entity = self._entities[surface.entity]
            if surface.ambiguous and not self._confirmed(surface.entity, folded, start, end):
                continue
            hit = self._extend(text, start, end, entity) if entity.type in ("model", "dataset") else None
            if hit is None:
                if not _ends_word(text, end):
                    continue
                hit = Hit(start, end, entity, entity.name, entity.family)
            if all(h.entity != hit.entity for h in found):
                found.append(hit)
        if len(found) > 1:
            wanted = type_from_context(text, start, end)
            found = [h for h in found if h.entity.type == wanted]
        return found[0] if len(found) == 1 else None

    def _confirmed(self, index: int, folded: str, start: int, end: int) -> bool:
        pattern = self._context_patterns.get(index)
        window = folded[max(0, start - _CONTEXT_REACH) : end + _CONTEXT_REACH]
        return bool(pattern and pattern.search(window))

    def _extend(self, text: str, start: int, end: int, entity: Entity) -> Hit | None:
        """A model name followed by a variant/size suffix ("Llama 2" + "-Chat 70B"), or a dataset name
        followed by a year ("iNat 2019"), if one follows."""
        stem_end = end
        if entity.type == "dataset":
            year = _YEAR.match(text, end)
            if not year or any(c.isdigit() for c in entity.name) or not _ends_word(text, year.end()):
                return None
            return Hit(start, year.end(), entity, f"{entity.name} {year.group('year')}", entity.name)
        if not any(c.isdigit() for c in entity.name):
            version = _MODEL_VERSION.match(text, end)
            if version and not text[end - 1].isdigit():
                end = version.end()
        suffix = _MODEL_SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
        if end == stem_end or not _ends_word(text, end):
            return None
        tail = " ".join(text[stem_end:end].split())  # line breaks inside the name become spaces
        glued = text[stem_end] in _HYPHENS or text[stem_end].isalnum()
        name = entity.name + tail if glued else f"{entity.name} {tail}"
        return Hit(start, end, entity, name, entity.name)


def case_rule(alias: str, learned: bool = False) -> str:
    """How strictly the letter case of ``alias`` must match.

    "exact" for acronyms and mixed case (BERT, LoRA, ResNet, GPT-4) and for learned names, "title"
    for a single capitalised word (Adam: "Adam"/"ADAM" but not "adam"), "any" otherwise.

    >>> [case_rule(a) for a in ("BERT", "ResNet", "Adam", "Stable Diffusion", "dropout")]
    ['exact', 'exact', 'title', 'any', 'any']
    """
    if learned:
        return "exact"
    words = alias.replace("-", " ").split()
    if any(c.isupper() for w in words for c in w[1:]) or any(w[:1].isdigit() for w in words[:1]):
        return "exact"
    if any(c.isupper() for c in alias):
        return "title" if len(words) == 1 else "any"
    if len(squash(alias)) <= 3:  # short lowercase names ("vit") are written as acronyms in prose
        return "exact"
    return "any"


def _case_ok(surface: _Surface, written: str) -> bool:
    if surface.case == "any":
        return True
    alias = surface.letters
    if written in (alias, alias + "s"):
        return True
    if surface.case == "exact":
        # A whole title in capitals ("LORA: ...") may capitalise a mixed-case name.
        return len(alias) >= 4 and written.isupper() and written.lower() in (alias.lower(), alias.lower() + "s")
    return written[:1].isupper() and written[1:].lower() in (alias[1:].lower(), alias[1:].lower() + "s")


def _keys(alias: str, entity: Entity) -> set[str]:
    keys = spelling_variants(alias)
    if entity.type in ("method", "task") and _pluralizable(alias):
        keys |= {k + "s" for k in keys}
    return keys


def _pluralizable(alias: str) -> bool:
    """Whether "<alias>s" is a plausible plural ("CNNs", "transformers"), not a different word ("Adams")."""
    last = alias.split()[-1] if alias.split() else ""
    if not last[-1:].isalpha() or last.endswith("s"):
        return False
    if last.isupper():
        return len(last) >= 2
    return len(last) >= 6 or (len(last) >= 4 and alias.islower())


def _starts_word(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum() or before in "_@#$":
        return False
    if start >= 2 and before in "\"'`^~" and text[start - 2] == "\\":
        return False  # inside a LaTeX accent: T\"ULU
    # "Split-CIFAR100": a name glued after a hyphen is part of a longer name
    return not (before in _HYPHENS and start >= 2 and text[start - 2].isalnum())


def _ends_word(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    after = text[end]
    if after.isalnum() or after in "_+*^":
        return False
    if after in _HYPHENS or after in ".'/":
        nxt = text[end + 1 : end + 2]
        if after == "'":
            return True
        if after == "/":
            return True
        if after == ".":
            return not nxt.isalnum()
        # "BERT-based" ends the name; "CIFAR-100-C" or "GPT-4-Turbo" does not
        return not nxt.isalnum() or bool(_LOWER_WORD.match(text, end + 1))
    return True
