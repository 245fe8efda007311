"""Homonyms stay apart: a paper's own name that a listed entity also answers to, in another sense.

The vocabulary marks a surface that means several things as ``ambiguous`` and gives the words
(``context``) that confirm its listed sense ("ROCKET" the time-series classifier: "time series",
"kernels"). A paper that introduces a name of the same spelling ("ROCKET: Residual-Oriented
Multi-Layer Alignment for ... Vision-Language-Action Models") and never writes one of those words
means something else: its name becomes a node of its own, the surface followed by the paper's own
words for it in parentheses, so that a node list shows both apart:

* the title's words after "ROCKET:" up to the first lower-case word ("Residual-Oriented Multi-Layer
  Alignment"),
* else the long form the paper defines it with ("ROCKET (residual-oriented alignment)"),
* else the phrase of its apposition ("ROCKET, a multi-layer alignment framework, ..."),
* else "other sense".

Where the paper writes a context word, the name stays the listed entity's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extractors.discovery import Discovery
from extractors.lexicon import Lexicon
from extractors.normalize import fold_name, fold_text
from extractors.resolve import Candidate
from extractors.rules.words import TYPE_NOUNS
from extractors.vocabulary import Entity

#: How many words of the paper's own description a qualifier keeps.
QUALIFIER_WORDS = 6
#: The qualifier when the paper describes its name nowhere.
NO_DESCRIPTION = "other sense"
_JOINERS = frozenset(("of", "and", "&"))
_ARTICLES = frozenset(("a", "an", "the"))
# Words that praise rather than describe, left out of a qualifier ("a novel, simple framework").
_PRAISE = frozenset(("novel", "new", "simple", "effective", "efficient", "general", "powerful", "robust", "unified"))
# ", a residual-oriented multi-layer alignment framework that ...": the phrase up to a clause word or a stop.
_APPOSITIVE = re.compile(
    r"[ \n]*(?:,|[ \n][\-‐‑–—]{1,2})[ \n]+(?:a|an|the)[ \n]+(?P<phrase>[^,.;:()]{3,120}?)"
    r"(?=[ \n]+(?:that|which|who|to|for|with|where|whose|in|on|by|designed|based|built)\b|[,.;:()]|$)"
)


def separate(
    parts: Sequence[list[Candidate]], lexicon: Lexicon, paper: Sequence[str], discoveries: Iterable[Discovery] = ()
) -> list[list[Candidate]]:
    """The candidates of each text of a paper (``parts``; ``paper`` holds the texts: title, then abstract,
    either may be ""), with each name of the paper's own (not a vocabulary hit; a task only if proposed)
    that is an ambiguous spelling of a listed entity's name renamed, unless the paper confirms the listed
    sense: one of that entity's context words anywhere in it, or a vocabulary hit of the entity.

    >>> from extractors.vocabulary import Vocabulary
    >>> lex = Lexicon(Vocabulary([Entity("method", "ROCKET", (), None, frozenset({"ROCKET"}), ("kernels",))]))
    >>> title = "ROCKET: Residual-Oriented Alignment for VLA Models"
    >>> own = [Candidate(0, 6, "method", "ROCKET", None, False, True)]
    >>> [c.name for c in separate([own], lex, (title, ""))[0]]
    ['ROCKET (Residual-Oriented Alignment)']
    """
    renamed: dict[str, str] = {}
    for c in (c for cands in parts for c in cands):
        if c.known or c.name in renamed or (c.type == "task" and not c.proposed):
            continue
        listed = _listed_homonym(c.name, lexicon)
        if listed is None or _writes_context(paper, listed):
            continue
        if not any(k.known and k.name == listed.name for cands in parts for k in cands):
            renamed[c.name] = f"{c.name} ({qualifier(c.name, paper, discoveries)})"
    if not renamed:
        return list(parts)
    return [
        [c._replace(name=renamed[c.name], family=None) if not c.known and c.name in renamed else c for c in cands]
        for cands in parts
    ]


def _listed_homonym(name: str, lexicon: Lexicon) -> Entity | None:
    """The listed entity named ``name`` (in any spelling) for which it is an ambiguous surface, if any; an
    ambiguous alias ("STR" of scene text recognition) gives a node of another name anyway."""
    folded = fold_name(name)
    for entity in lexicon.lookup(name):
        named = not entity.learned and fold_name(entity.name) == folded
        if named and any(fold_name(a) == folded for a in entity.ambiguous):
            return entity
    return None


def _writes_context(paper: Sequence[str], entity: Entity) -> bool:
    """Whether a context word of ``entity`` stands as a whole word anywhere in the paper (any case)."""
    words = " " + " ".join(fold_text(" ".join(paper)).split()) + " "
    return any(f" {fold_name(word)} " in words for word in entity.context)


def qualifier(name: str, paper: Sequence[str], discoveries: Iterable[Discovery] = ()) -> str:
    """The paper's own words for ``name`` (see the module docstring), at most ``QUALIFIER_WORDS`` words.

    >>> qualifier("STAR", ("", "We propose STAR, a sparse token attention router that prunes tokens."))
    'sparse token attention router'
    """
    title = paper[0].strip() if paper else ""
    if title.startswith(name) and title[len(name) :].lstrip().startswith(":"):
        words = title[len(name) :].lstrip()[1:].split()
        if words and words[0].lower() in _ARTICLES:
            words = words[1:]
        kept: list[str] = []
        for word in words:
            if not (word[:1].isupper() or word[:1].isdigit() or (kept and word in _JOINERS)):
                break
            kept.append(word.rstrip(",;"))
        while kept and kept[-1] in _JOINERS:
            kept.pop()
        if kept:
            return " ".join(kept[:QUALIFIER_WORDS])
    for d in discoveries:
        if d.acronym == name and d.name != name:
            return " ".join(d.name.split()[:QUALIFIER_WORDS])
    for text in paper:
        pos = text.find(name)
        while pos >= 0:
            m = _APPOSITIVE.match(text, pos + len(name))
            if m and (pos == 0 or not text[pos - 1].isalnum()):
                words = m.group("phrase").split()
                while words and words[0].lower() in _PRAISE:
                    words = words[1:]
                if not all(w.lower() in TYPE_NOUNS for w in words):  # "a novel method" says nothing
                    return " ".join(words[:QUALIFIER_WORDS])
            pos = text.find(name, pos + 1)
    return NO_DESCRIPTION


#: general task -> its senses, each with the words that make it clear ("pose estimation" -> "human pose
#: estimation" with "person", "body", ...).
Senses = dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


def task_senses(entities: Iterable[Entity]) -> Senses:
    """The senses the vocabulary lists for general tasks: the tasks whose ``family`` is another listed task.

    >>> task_senses([Entity("task", "pose estimation"), Entity("task", "head pose estimation", (), "pose estimation")])
    {'pose estimation': (('head pose estimation', ()),)}
    """
    entities = list(entities)
    tasks = {e.name for e in entities if e.type == "task"}
    senses: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for e in entities:
        if e.type == "task" and e.family in tasks and not e.ambiguous:
            senses.setdefault(e.family, []).append((e.name, tuple(fold_name(w) for w in e.context)))
    return {general: tuple(found) for general, found in senses.items()}


def narrow_senses(
    parts: Sequence[list[Candidate]], texts: Sequence[str], senses: Senses, paper: Sequence[str]
) -> list[list[Candidate]]:
    """The candidates of each text of a paper (``parts``, found in ``texts``) with a general task written
    bare ("pose estimation"; not an alias such as "keypoint detection") named as the one sense the paper
    makes clear: the only sense it names ("camera pose estimation", or a task grown from it), else the only
    sense whose words it writes ("camera", "SLAM"). Otherwise it stays general.

    >>> senses = {"pose estimation": (("human pose estimation", ("person",)), ("camera pose estimation", ("slam",)))}
    >>> bare = [Candidate(0, 15, "task", "pose estimation", None, True, False)]
    >>> text = "Pose estimation of each person."
    >>> [c.name for c in narrow_senses([bare], [text], senses, ("", text))[0]]
    ['human pose estimation']
    """
    named = {c.name: c.family for cands in parts for c in cands if c.type == "task"}
    generals = [g for g in named if g in senses]
    if not generals:
        return list(parts)
    words = ""
    renamed: dict[str, str] = {}
    for general in generals:
        kinds = [name for name, _ in senses[general]]
        used: set[str] = set()
        for name, family in named.items():  # a sense named, or a task grown from one ("unsupervised human ...")
            if name in kinds:
                used.add(name)
            elif family is not None and family in kinds:
                used.add(family)
        if not used:
            words = words or " " + " ".join(fold_text(" ".join(paper)).split()) + " "
            used = {name for name, context in senses[general] if any(f" {w} " in words for w in context)}
        if len(used) == 1:
            renamed[general] = used.pop()
    if not renamed:
        return list(parts)
    return [
        [c._replace(name=renamed[c.name], family=c.name) if c.name in renamed and _bare(c, text) else c for c in cands]
        for cands, text in zip(parts, texts, strict=True)
    ]


def _bare(c: Candidate, text: str) -> bool:
    """Whether a task mention is written as its name (or its plural), not as an alias."""
    written = fold_name(text[c.start : c.end])
    return c.type == "task" and fold_name(c.name) in (written, written[:-1])
