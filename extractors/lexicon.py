"""Find every vocabulary name in a text in one Aho-Corasick pass over a folded copy of it.

Thousands of names are matched at once (``ahocorasick_rs``, which lists matches about twice as fast as
``pyahocorasick``), then each candidate is checked on the original text: word boundaries, letter case
(acronyms are case-sensitive), context words for ambiguous names. A model name may run on into a size or
variant suffix the vocabulary does not list ("Llama 2" + "-Chat 70B"): that variant is returned under its
own name with the listed model as family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import ahocorasick
import ahocorasick_rs

from extractors.bulk import collector_paused
from extractors.components import COMPONENTS
from extractors.cues import type_from_context
from extractors.normalize import fold_name, fold_text, spelling_variants, squash
from extractors.rules.words import (
    GLUED_VARIANTS,
    MODEL_BACKBONES,
    MODEL_ID_SUFFIXES,
    MODEL_VARIANT_WORDS,
    TASK_VARIANTS,
    common_word,
    word_forms,
)
from extractors.variants import variant_name, variant_of
from extractors.vocabulary import Entity, Vocabulary

_HYPHENS = "-‐‑‒–"
#: How far (characters) around an ambiguous name its context words are looked for.
_CONTEXT_REACH = 200
_SIZE = r"\d+(?:\.\d+)?[BMKTbmkt]|\d+x\d+(?:\.\d+)?[Bb]|A\d+(?:\.\d+)?B"
_VARIANT_WORD = "|".join(MODEL_VARIANT_WORDS)
_TASK_VARIANT = "|".join(TASK_VARIANTS)  # detector variants: "YOLOv8-pose"
# a backbone named in a model's variant: "CLIP-ViT", "CLIP ViT-L/14", "CLIP-RN50"
_BACKBONE = rf"(?:{'|'.join(MODEL_BACKBONES)})(?:[{_HYPHENS}][SBLHG](?:/\d+)?)?"
_ID_SUFFIX = "|".join(MODEL_ID_SUFFIXES)  # parts of a released checkpoint's id: "xLAM-2-fc-r", "Llama-2-7b-hf"
_SEP = f"[{_HYPHENS} \n]"
# One suffix part: a size, a capitalised variant word or a version after a hyphen or space, a lowercase
# variant word only after a hyphen ("-chat", "-it"), "mini" after a space ("GPT-4o mini").
_SUFFIX_PART = (
    rf"(?:{_SEP}?(?:{_SIZE})|{_SEP}(?:{_VARIANT_WORD}|\d{{1,2}}\.\d{{1,2}})|"
    rf"[{_HYPHENS}](?:(?i:{_VARIANT_WORD})|it|{_TASK_VARIANT}|{_ID_SUFFIX})|{_SEP}mini|{_SEP}?v\d+(?:\.\d+)?|"
    rf"{_SEP}{_BACKBONE})(?!\w)"
)
_MODEL_SUFFIX = re.compile(rf"(?:(?<=[a-z])(?:{'|'.join(GLUED_VARIANTS)})(?!\w))?(?:{_SUFFIX_PART}){{0,4}}\+?")
# A bare version right after a family name without digits: "Llama 3.1", "Qwen3", "Gemini-2.5".
_MODEL_VERSION = re.compile(
    rf"(?:[{_HYPHENS}]?\d{{1,2}}(?:\.\d{{1,2}})?|{_SEP}(?:\d{{1,2}}\.\d{{1,2}}|[1-9]))(?![\w%]|[.,]\d)"
)
# A year after a dataset name is its edition, unless a plural noun follows ("MNIST 2000 images").
_SHOUT_REACH = 30
# An edition written with an apostrophe is the same year: "AIME'24" is AIME 2024.
_YEAR = re.compile(rf"(?:[{_HYPHENS} ]?(?P<year>(?:19|20)\d\d)|['’](?P<short>\d\d))(?!\d|[.,]\d|[ \n][a-z]+[^s\W]s\b)")
# A separator between two letters of an alias ("RT-X"), and how often the glued form ("RTX") must be
# written in the corpus to count as a word of its own.
_LETTER_JOINT = re.compile(rf"[^\W\d_][{_HYPHENS} ][^\W\d_]")
_OWN_WORD_USES = 5
# A metric named after a model or dataset: "CLIP Score", "BERT score".
_METRIC_INITIALS = ("s", "S", "m", "M")
_METRIC_AFTER = re.compile(r"[ \n]?(?i:scores?|metrics?)\b")
# Type nouns right next to an ambiguous name that say it is the listed thing: "a model like CLIP",
# "the DOTA dataset", "CLIP's encoder".
_TYPE_NOUN_FOR = {
    "model": r"(?:models?|LLMs?|VLMs?|backbones?|encoders?|checkpoints?)",
    "dataset": r"(?:datasets?|benchmarks?|corpus|corpora)",
}
_NOUN_BEFORE = {
    t: re.compile(rf"\b{noun}[ \n]+(?:like|such as|e\.g\.,?|including)[ \n]+\Z") for t, noun in _TYPE_NOUN_FOR.items()
}
_NOUN_AFTER = {t: re.compile(rf"[ \n]+{noun}\b") for t, noun in _TYPE_NOUN_FOR.items()}
_NEXT_TO_REACH = 30
# Last words of a component's or a technique's name ("... Attention", "... Decoding").
_COMPONENT_WORD = re.compile(
    r"(?i:attention|network|module|layer|block|mechanism|loss|encoder|decoder|head|operator|policy|optimi[sz]er|"
    r"\w+tion|\w+ing)$"
)
# A variant word after a hyphen makes another thing of the name: "CycleGAN-turbo".
_VARIANT_AFTER = re.compile(rf"(?i:{_VARIANT_WORD})\b")
# After a name, "-based", "-style" etc. continue the sentence, not the name.
_LOWER_WORD = re.compile(r"[a-z]+\b")


class Hit(NamedTuple):
    """A vocabulary name found at ``text[start:end]`` (a named tuple: many are made per text, and
    tuples are built several times faster than frozen dataclasses)."""

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
    joint: bool  # a separator between two letters ("RT-X"): written glued it may be another word
    variant: str | None  # the variant's own name when the alias is a version or size of the entity


#: How many names a lexicon remembers :meth:`Lexicon.built_on_model` answers for (then it starts over).
_REMEMBERED_NAMES = 1 << 16


class Lexicon:
    """An automaton over every spelling of every vocabulary name.

    >>> lex = Lexicon(Vocabulary([Entity("dataset", "CIFAR-100", ("CIFAR100",))]))
    >>> [(h.name, h.start) for h in lex.scan("Results on cifar-100, CIFAR 100 and CIFAR-1000.")]
    [('CIFAR-100', 11), ('CIFAR-100', 22)]
    """

    @collector_paused()  # tens of thousands of surfaces, and no reference cycles among them
    def __init__(self, vocabulary: Vocabulary, *, listed: _Keys | None = None) -> None:
        """``listed`` may pass the keys of a lexicon over the same listed entities (see :meth:`with_learned`)."""
        self.vocabulary = vocabulary
        self._entities = list(vocabulary)
        # Listed names are matched in a lower-cased copy of the text; learned names, which count only
        # as written, by an automaton of their own in a copy that keeps its case (so "TIME" learned is
        # not tried on every "time").
        self._listed = listed if listed is not None else _Keys(_surface_table(self._entities, learned=False))
        self._learned = _Keys(_surface_table(self._entities, learned=True))
        self._on_model: dict[str, bool] = {}  # built_on_model's answers: corpora repeat their coined names

    def with_learned(self, vocabulary: Vocabulary) -> Lexicon:
        """A lexicon over ``vocabulary``: this one's entities, some given new aliases, plus learned names.
        The listed names' keys (three quarters of the building) are reused, only the entities learning
        changed ("XQuAD" written "XQuaD") are redone.

        >>> lex = Lexicon(Vocabulary([Entity("model", "BERT")]))
        >>> grown = Vocabulary([Entity("model", "BERT"), Entity("method", "FooNet", learned=True)])
        >>> [h.name for h in lex.with_learned(grown).scan("FooNet beats BERT.")]
        ['FooNet', 'BERT']
        """
        entities, known = list(vocabulary), len(self._entities)
        if len(entities) < known or not all(e.learned for e in entities[known:]):
            return Lexicon(vocabulary)
        changed = [
            index
            for index, (new, old) in enumerate(zip(entities, self._entities, strict=False))
            if new != old and not (new.learned and old.learned)
        ]
        if not changed:
            return Lexicon(vocabulary, listed=self._listed)
        table = self._listed.table()
        for index in changed:
            _replace_surfaces(table, index, self._entities[index], entities[index])
        return Lexicon(vocabulary, listed=_Keys(table))

    def __reduce__(self) -> tuple:
        # Rebuilding from the vocabulary is fast and keeps pickles small and version-independent.
        return (Lexicon, (self.vocabulary,))

    @cached_property
    def _context_words(self) -> _ContextWords:
        return _ContextWords(self._entities)

    def scan(self, text: str, folded: str | None = None, kept: str | None = None) -> list[Hit]:
        """All vocabulary names in ``text``, left to right, longest first, not overlapping.

        ``folded`` and ``kept`` may pass ``fold_text(text)`` and ``fold_text(text, lower=False)``
        when the caller has them already.
        """
        if self._listed.automaton is None and self._learned.automaton is None:
            return []
        folded = fold_text(text) if folded is None else folded
        # Keys are " name " (or " name" for model families that take a version), so the automaton
        # reports whole words only; the space in front of the text shifts positions by one, so a
        # match's start is the name's start. Learned keys are found in a copy that keeps its case.
        # Each span is (start, -end, learned, closed, surfaces): sorted, longest first at each start,
        # listed before learned, and a family's open key ("qwen") before its closed one ("qwen ").
        spans = self._listed.spans(" " + folded + " ", 0)
        if self._learned.automaton is not None:
            written = " " + (fold_text(text, lower=False) if kept is None else kept) + " "
            spans += self._learned.spans(written, 1)
        spans.sort()
        starts = {s[0] for s in spans}
        hits: list[Hit] = []
        last_end = -1
        for start, neg_end, _, closed, surfaces in spans:
            if start < last_end or (not closed and _runs_on(text, -neg_end)):
                continue
            # "CNN-Transformer", "Mamba-Transformer": two names joined by a hyphen are both names
            joined = start == last_end + 1 and text[last_end] in _HYPHENS
            if not (joined or start == 0 or text[start - 1] in " \n(" or _starts_word(text, start)):
                continue
            hit = self._accept(text, folded, start, -neg_end, surfaces, starts)
            if hit is not None:
                hits.append(hit)
                last_end = hit.end
        return hits

    def _accept(
        self,
        text: str,
        folded: str,
        start: int,
        end: int,
        surfaces: tuple[_Surface, ...],
        starts: set[int],
    ) -> Hit | None:
        """The hit a span of whole words at ``text[start:end]`` makes, if one of its surfaces accepts it."""
        written = ""
        found: list[Hit] = []
        for surface in surfaces:
            entity = self._entities[surface.entity]
            lower_id = False
            if surface.case != "any":
                written = written or squash(text[start:end])
                as_listed = written == surface.letters or written == surface.letters + "s"
                # (whether the words around are in capitals is looked at only when the case differs)
                shouting = not as_listed and written.isupper() and _shouting(text, start, end)
                if not (as_listed or _case_ok(surface, written, entity.learned, shouting)):
                    if not _lower_model_id(written, surface, entity):
                        continue
                    lower_id = True
            if (
                surface.ambiguous
                and not self._context_words.confirm(surface.entity, folded, start, end)
                and not (COMPONENTS.type_cue_confirms and _typed_nearby(text, start, end, entity.type))
            ):
                continue
            if surface.joint and COMPONENTS.common_word_guard and glued_other_word(text[start:end]):
                continue
            if (
                entity.type in ("model", "dataset")
                and (text[end : end + 1] in _METRIC_INITIALS or text[end + 1 : end + 2] in _METRIC_INITIALS)
                and COMPONENTS.common_word_guard
                and _METRIC_AFTER.match(text, end)
            ):
                continue  # a metric named after it: "CLIP Score", "ViCLIP score"
            name, family = (surface.variant, entity.name) if surface.variant else (entity.name, entity.family)
            hit = self._extend(text, start, end, entity, name) if entity.type in ("model", "dataset") else None
            if lower_id and (hit is None or not any(c.isdigit() for c in text[end : hit.end])):
                continue
            if hit is None:
                if not _ends_word(text, end) and not (text[end] in _HYPHENS and end + 1 in starts):
                    continue
                hit = Hit(start, end, entity, name, family)
            if all(h.entity != hit.entity for h in found):
                found.append(hit)
        if len(found) > 1:
            wanted = type_from_context(text, start, end)
            found = [h for h in found if h.entity.type == wanted]
        return found[0] if len(found) == 1 else None

    def lookup(self, surface: str) -> list[Entity]:
        """The entities ``surface`` names as a whole, by spelling and case but regardless of context.

        >>> [e.name for e in Lexicon(Vocabulary([Entity("dataset", "CIFAR-100")])).lookup("CIFAR100")]
        ['CIFAR-100']
        """
        surfaces = self._listed.surfaces(f" {fold_name(surface)} ") + self._learned.surfaces(
            f" {fold_name(surface, lower=False)} "
        )
        written = squash(surface)
        found: list[Entity] = []
        for s in surfaces:
            entity = self._entities[s.entity]
            if _case_ok(s, written, entity.learned) and entity not in found:
                found.append(entity)
        return found

    def built_on_model(self, name: str) -> bool:
        """Whether a coined name ends in a known model name or opens with a model family's (see
        :meth:`ends_in_model` and :meth:`starts_with_model`), remembered per name.

        >>> Lexicon(Vocabulary([Entity("model", "Kimi")])).built_on_model("Kimi Linear")
        True
        """
        known = self._on_model.get(name)
        if known is None:
            if len(self._on_model) >= _REMEMBERED_NAMES:
                self._on_model.clear()
            known = self._on_model[name] = self.ends_in_model(name) or self.starts_with_model(name)
        return known

    def ends_in_model(self, name: str) -> bool:
        """Whether a coined name is built on a known model name it ends with ("ArtGPT-4" on GPT-4,
        "FrALBERT" on ALBERT, "Paraphrase-Multilingual-MPNet" on MPNet): such a name is a model too.

        >>> Lexicon(Vocabulary([Entity("model", "GPT-4")])).ends_in_model("ArtGPT-4")
        True
        """
        for i in range(1, len(name) - 1):
            # a capital inside a word ("ArtGPT") or after a hyphen ("Paraphrase-Multilingual-MPNet")
            if name[i].isupper() and (name[i - 1].isalpha() or (name[i - 1] in _HYPHENS and i > 1)):
                written = squash(name[i:])
                for surface in self._listed.surfaces(f" {fold_name(name[i:])} "):
                    entity = self._entities[surface.entity]
                    if entity.type == "model" and _case_ok(surface, written, entity.learned):
                        return True
        return False

    def starts_with_model(self, name: str) -> bool:
        """Whether a name of capitalised words opens with a known model family's name ("Kimi Linear" on
        Kimi, "Llama Guard" on Llama): a product of that family, so a model too.

        >>> Lexicon(Vocabulary([Entity("model", "Kimi")])).starts_with_model("Kimi Linear")
        True
        """
        first, _, rest = name.partition(" ")
        if not rest or not all(w[:1].isupper() or w[:1].isdigit() for w in rest.split()):
            return False
        if _COMPONENT_WORD.search(rest):  # "Kimi Delta Attention" is a mechanism of the family
            return False
        written = squash(first)
        return any(
            self._entities[s.entity].type == "model" and _case_ok(s, written, self._entities[s.entity].learned)
            for s in self._listed.surfaces(f" {fold_name(first)} ")
        )

    def _extend(self, text: str, start: int, end: int, entity: Entity, base: str) -> Hit | None:
        """A model name ``base`` followed by a variant/size suffix ("Llama 2" + "-Chat 70B"), or a
        dataset name followed by a year ("iNat 2019"), if one follows: the variant under its own name."""
        stem_end = end
        if entity.type == "dataset":
            year = _YEAR.match(text, end)
            if not year or _has_digit(base) or not _ends_word(text, year.end()):
                return None
            edition = year.group("year") or f"20{year.group('short')}"
            return Hit(start, year.end(), entity, f"{base} {edition}", base)
        if not _has_digit(base):
            version = _MODEL_VERSION.match(text, end)
            if version and not text[end - 1].isdigit():
                end = version.end()
        suffix = _MODEL_SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
        if end == stem_end or not _ends_word(text, end):
            return None
        if COMPONENTS.variant_names:
            name = variant_name(base, text[stem_end:end])
        else:
            name = _as_written(base, text, stem_end, end)
        return Hit(start, end, entity, name, base)


class _ContextWords:
    """The context words of every ambiguous name, one automaton per name (built when the name is first
    met), so that the window around a mention is searched for that name's words in one pass rather than
    with one regular expression per word."""

    def __init__(self, entities: list[Entity]) -> None:
        self._words: dict[int, set[str]] = {}
        for index, entity in enumerate(entities):
            for word in entity.context:
                self._words.setdefault(index, set()).add(fold_name(word))
        # A word that folds to nothing ("--") stands, as an empty alternative of a regex would, at any
        # word boundary.
        self._anywhere = frozenset(index for index, words in self._words.items() if "" in words)
        self._automata: dict[int, ahocorasick.Automaton | None] = {}

    def _automaton(self, index: int) -> ahocorasick.Automaton | None:
        """The automaton of entity ``index``'s context words (values: their lengths), None if it has none."""
        if index not in self._automata:
            automaton: ahocorasick.Automaton | None = None
            words = [word for word in self._words.get(index, ()) if word]
            if words:
                automaton = ahocorasick.Automaton()
                for word in words:
                    automaton.add_word(word, len(word))
                automaton.make_automaton()
            self._automata[index] = automaton
        return self._automata[index]

    def confirm(self, index: int, folded: str, start: int, end: int) -> bool:
        """Whether a context word of entity ``index`` stands as a whole word in the window of
        ``_CONTEXT_REACH`` characters around ``folded[start:end]``; the window's edges count as word
        boundaries, as they would for a regular expression searched in the window alone."""
        low, high = max(0, start - _CONTEXT_REACH), min(len(folded), end + _CONTEXT_REACH)
        if index in self._anywhere and any(_is_word(c) for c in folded[low:high]):
            return True
        automaton = self._automaton(index)
        if automaton is None:
            return False
        for last, length in automaton.iter(folded, low, high):
            first, after = last + 1 - length, last + 1
            before = folded[first - 1] if first > low else ""
            following = folded[after] if after < high else ""
            if _is_word(before) != _is_word(folded[first]) and _is_word(folded[last]) != _is_word(following):
                return True
        return False


def _typed_nearby(text: str, start: int, end: int, type_: str) -> bool:
    """Whether a noun of ``type_`` introduces ``text[start:end]`` ("a pre-trained model like CLIP") or
    follows it ("the CLIP encoder"), which confirms an ambiguous name as that listed thing."""
    before, after = _NOUN_BEFORE.get(type_), _NOUN_AFTER.get(type_)
    if before is None or after is None:
        return False
    return bool(before.search(text, max(0, start - _NEXT_TO_REACH), start) or after.match(text, end))


def _variant_name(alias: str, entity: Entity, surfaces: tuple[str, ...]) -> str | None:
    """The own name of a variant listed as an alias of its family ("gpt-oss-20b" -> "gpt-oss 20B");
    ``surfaces`` are the entity's."""
    if not COMPONENTS.variant_names or entity.learned or len(surfaces) < 2:
        return None
    found = variant_of(alias, surfaces)
    if found is None:
        return None
    base, tail = found
    return variant_name(entity.name if fold_name(base) == fold_name(entity.name) else base, tail)


def _as_written(base: str, text: str, stem_end: int, end: int) -> str:
    """A variant's name with its suffix as the text writes it (line breaks as spaces)."""
    tail = " ".join(text[stem_end:end].split())
    glued = text[stem_end] in _HYPHENS or text[stem_end].isalnum()
    return base + tail if glued else f"{base} {tail}"


def _is_word(char: str) -> bool:
    """Whether ``char`` is a word character as regular expressions' ``\\w`` means it."""
    return char.isalnum() or char == "_"


def _runs_on(text: str, end: int) -> bool:
    """Whether a model family matched open-ended ("qwen" in "Qwen3") runs on into a plain word
    ("eva" in "evaluate"): no version or variant starts with a lower-case letter other than "v", so
    such a match cannot be accepted, and skipping it early spares the checks of every "evaluate"."""
    return end < len(text) and text[end].islower() and text[end] != "v"


@lru_cache(maxsize=1 << 16)
def case_rule(alias: str, learned: bool = False) -> str:
    """How strictly the letter case of ``alias`` must match.

    "exact" for acronyms, mixed case and one-letter parts (BERT, LoRA, ResNet, GPT-4, Shap-E) and for
    learned names, "title"
    for a single capitalised word (Adam: "Adam"/"ADAM" but not "adam"), "any" otherwise.

    >>> [case_rule(a) for a in ("BERT", "ResNet", "Adam", "Stable Diffusion", "dropout")]
    ['exact', 'exact', 'title', 'any', 'any']
    """
    if learned:
        return "exact"
    words = alias.replace("-", " ").split()
    if any(c.isupper() for w in words for c in w[1:]) or any(w[:1].isdigit() for w in words[:1]):
        return "exact"
    if len(words) > 1 and any(len(w) == 1 and w.isupper() for w in words):  # "Shap-E", "Aurora-M"
        return "exact"
    if any(c.isupper() for c in alias):
        return "title" if len(words) == 1 else "any"
    if len(squash(alias)) <= 3:  # short lowercase names ("vit") are written as acronyms in prose
        return "exact"
    return "any"


@lru_cache(maxsize=1 << 14)
def _has_digit(name: str) -> bool:
    return any(c.isdigit() for c in name)


def _shouting(text: str, start: int, end: int) -> bool:
    """Whether the words around a span are all in capitals (a title written in capitals)."""
    return not any(c.islower() for c in text[max(0, start - _SHOUT_REACH) : end + _SHOUT_REACH])


def _case_ok(surface: _Surface, written: str, learned: bool = False, shouting: bool = False) -> bool:
    """Whether ``written`` (separators removed) may stand for the alias, given its case rule.

    Names also match in capitals when at least 4 letters long and ``shouting`` (the text around is
    in capitals too: "LORA: LOW-RANK ADAPTATION"; in running text "ATLAS" is not "Atlas"). Exact
    names also match: in
    lower case when they hold a digit ("mistral-7b"); with other capitals when at least 5 letters
    long and holding a digit, or at least 8 letters long, and capitalised ("CoRe50" for "CORe50",
    "Audioset" for "AudioSet"; but "CAMeL" is not "CAMEL", nor "Quality" "QuALITY"). Learned names
    match only as written.
    """
    if surface.case == "any":
        return True
    alias = surface.letters
    if written in (alias, alias + "s"):
        return True
    if learned:
        return False
    low = written.lower()
    if low not in (alias.lower(), alias.lower() + "s"):
        return False
    if written.isupper():
        return len(alias) >= 4 and shouting
    if surface.case == "title":
        return written[0].isupper()
    if written.islower():
        return len(alias) >= 4 and any(c.isdigit() for c in alias)
    # (an alias in capitals, "BEHAVIOR", is an acronym-like name and keeps its case: "Behavior" is a word)
    long_or_numbered = (len(alias) >= 8 and not alias.isupper()) or (
        len(alias) >= 5 and any(c.isdigit() for c in alias)
    )
    guarded = COMPONENTS.common_word_guard and common_word(written)
    return long_or_numbered and written[0].isupper() and alias[0].isupper() and not guarded


def glued_other_word(raw: str) -> bool:
    """Whether ``raw``, matched by an alias with a separator between two letters ("RT-X"), is written
    glued ("RTX") in a form the field uses as a word of its own (NVIDIA's RTX GPUs).

    >>> glued_other_word("RTX"), glued_other_word("RT-X")
    (True, False)
    """
    if not raw.isalnum():  # written with its separator
        return False
    used = word_forms(raw)
    return used is not None and used.total >= _OWN_WORD_USES


def _lower_model_id(written: str, surface: _Surface, entity: Entity) -> bool:
    """A model family written in lower case as part of a model id ("mistral-7b"): the caller only
    keeps it when a version or size follows."""
    return entity.type == "model" and written.islower() and written == surface.letters.lower()


def _surface_table(entities: list[Entity], learned: bool) -> dict[str, list[_Surface]]:
    """The surfaces of the listed (or the learned) ``entities`` under each of their automaton keys:
    in each key's bucket by entity, then in the order of the entity's surfaces."""
    table: dict[str, list[_Surface]] = {}
    for index, entity in enumerate(entities):
        if entity.learned == learned:
            _add_surfaces(table, index, entity)
    return table


def _add_surfaces(table: dict[str, list[_Surface]], index: int, entity: Entity) -> set[str]:
    """Put the surfaces of ``entity`` (the ``index``-th) under their keys in ``table``; returns the keys."""
    surfaces = entity.surfaces()
    keys: set[str] = set()
    for alias in surfaces:
        surface = _Surface(
            index,
            squash(alias),
            case_rule(alias, entity.learned),
            alias in entity.ambiguous,
            bool(_LETTER_JOINT.search(alias)),
            _variant_name(alias, entity, surfaces),
        )
        for key in _alias_keys(alias, entity.type, entity.learned):
            bucket = table.setdefault(key, [])
            if surface not in bucket:
                bucket.append(surface)
            keys.add(key)
    return keys


def _replace_surfaces(table: dict[str, list[_Surface]], index: int, old: Entity, new: Entity) -> None:
    """Make the listed names' ``table`` hold the surfaces of ``new`` instead of those of ``old`` (the
    ``index``-th entity), as :func:`_surface_table` would have built it: buckets in entity order, no
    key left without surfaces."""
    touched = {key for alias in old.surfaces() for key in _alias_keys(alias, old.type, old.learned)}
    for key in touched & table.keys():
        table[key] = [s for s in table[key] if s.entity != index]
    if not new.learned:
        touched |= _add_surfaces(table, index, new)
    for key in touched & table.keys():
        if table[key]:
            table[key].sort(key=lambda s: s.entity)  # stable: an entity's surfaces keep their order
        else:
            del table[key]


class _Keys:
    """The automaton keys of some surfaces, with what a match of each key means.

    Per key (in the automaton's order): 1 + whether it is closed by a space, whether it is, and its surfaces.
    """

    def __init__(self, table: dict[str, list[_Surface]]) -> None:
        self.index = {key: number for number, key in enumerate(table)}
        self.slots = [(2 if key.endswith(" ") else 1, key.endswith(" "), tuple(found)) for key, found in table.items()]
        self.automaton = ahocorasick_rs.AhoCorasick(list(table)) if table else None

    def table(self) -> dict[str, list[_Surface]]:
        """The surfaces under each key, as :func:`_surface_table` gives them."""
        return {key: list(self.slots[number][2]) for key, number in self.index.items()}

    def surfaces(self, key: str) -> tuple[_Surface, ...]:
        """The surfaces under ``key`` (none when it is no key)."""
        number = self.index.get(key)
        return () if number is None else self.slots[number][2]

    def spans(self, haystack: str, learned: int) -> list[tuple[int, int, int, bool, tuple[_Surface, ...]]]:
        """(start, -end, learned, closed, surfaces) of each key found in ``haystack`` (`` text ``): the name's span
        in the text is (start, end), as a closed key's match ends one character after its trailing space."""
        if self.automaton is None:
            return []
        slots = self.slots
        return [
            (start, (slot := slots[number])[0] - after, learned, slot[1], slot[2])
            for number, start, after in self.automaton.find_matches_as_indexes(haystack, overlapping=True)
        ]


@lru_cache(maxsize=1 << 16)
def _alias_keys(alias: str, type_: str, learned: bool) -> frozenset[str]:
    """Automaton keys for one alias: each spelling between spaces; a model family without digits also
    open-ended on the right, as it may run on into a glued version ("Qwen" in "Qwen3"). Learned names
    keep their case. Cached: every learning pass rebuilds the lexicon over the same thousands of aliases."""
    keys = spelling_variants(alias, lower=not learned)
    if type_ in ("method", "task") and _pluralizable(alias):
        keys |= {k + "s" for k in keys}
    out = {f" {k} " for k in keys}
    if type_ == "model" and not any(c.isdigit() for c in alias) and len(alias) >= 3:
        out |= {f" {k}" for k in keys}
    return frozenset(out)


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
    if after in _HYPHENS or after == ".":
        nxt = text[end + 1 : end + 2]
        if after == ".":  # a version goes on ("Qwen2.5"); "Phi.This" is a missing space
            return not nxt.isalnum() or nxt.isupper()
        # "BERT-based" ends the name; "CIFAR-100-C", "GPT-4-Turbo" or "CycleGAN-turbo" does not
        if COMPONENTS.variant_names and _VARIANT_AFTER.match(text, end + 1):
            return False
        return not nxt.isalnum() or bool(_LOWER_WORD.match(text, end + 1))
    return True
