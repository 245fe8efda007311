"""Tasks are an open class: a research problem is a noun phrase that ends in a task head word.

No list holds every task ("LiDAR point cloud colourisation", "font style detection"), but papers
name them the same way: modifiers in front of a head such as "detection", "estimation" or
"generation". Two rules follow:

* a listed task grows over the modifiers written before it, so "unsupervised 3D anomaly detection"
  is its own task (the listed "anomaly detection" is its family), and
* a head word with at least one modifier in front of it is a task no list needs to hold.

Modifiers are words that the corpus of 20k abstracts writes before task heads
(``word_forms``: "video", "zero-shot", "3D") and not in a verb's place; a phrase stops at function
words, verbs, evaluative adjectives ("novel", "efficient", "extensive") and punctuation, so "we assess
video generation" gives "video generation".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extractors.discovery import Discovery
from extractors.lexicon import Hit
from extractors.names import ADJ_TAIL
from extractors.resolve import Candidate
from extractors.rules.words import QUALITY_NOUNS, TASK_PHRASE_STOPS, word_forms

#: How many modifier words a task phrase may have in front of its head.
MAX_MODIFIERS = 3
#: A modifier stands before a task head in at least this share of its uses in the corpus ("video":
#: 0.32, "unsupervised": 0.32, but "extensive": 0.01), and in a verb's place in less than
#: ``VERB_RATE`` ("assess": 0.69 after "to"/"we"/a modal).
MODIFIER_RATE = 0.07
VERB_RATE = 0.15
TO_VERB_RATE = 0.07
#: ... and at least this often, so that a rare word's one "to X" says nothing ("to clickbait detection").
TO_VERB_COUNT = 3
#: A plain noun qualifies a head more rarely in the corpus, being mostly used on its own ("color": 0.05,
#: "satellite": 0.04, "similarity": 0.03 of their uses before a task head), so it needs a smaller share.
NOUN_MODIFIER_RATE = 0.02
#: A hyphenated compound ("multi-hop", "vision-language") is noun-like before a head if it stands before
#: task heads in this share of its uses ("multi-object": 0.58; "high-quality": 0.11).
COMPOUND_RATE = 0.3
_WORD = re.compile(r"[^\W_][\w\-‐‑']*")
# Numbers and measures ("10-minute", "top-25"), adverbs, gerunds, short words and possessives in lower case
# ("model's"; "Alzheimer's detection" is a task).
_NOT_MODIFIER = re.compile(
    r"^(?:\d+(?:\.\d+)?|\d+[\-‐‑][A-Z]?[a-z]+|top[\-‐‑]\d+|[\w\-]*(?:[^aeiou\W]ly|ally|ily)|\w+ing|[a-z]{1,2}|[a-z][\w\-]*['’]s)$"
)
# Mixed case that is no acronym ("lANguage"), and plain plurals or verbs in "-s" ("boosts", "shifts").
# A compound that says how a task is done ("transformer-based", "model-free", "human-like", "LLM-driven"),
# not which task it is.
_HOW_TAIL = re.compile(
    r"[\-‐‑](?:based|like|driven|guided|free|powered|centric|oriented|inspired|assisted|enabled)$", re.IGNORECASE
)
_ODD_CASE = re.compile(r"^[a-z]+[A-Z]|^[a-z][a-z\-]*[^\Wsui]s$")
# Adjective endings; "-ment" and "-nent" end nouns ("garment", "component"), not adjectives.
_ADJECTIVE = re.compile(r"(?:al|ic|ive|ous|(?<![mn])ent|ant|able|ible|ful|less|ed|ar|ary|ory|ile|ing)$")
_ACRONYM_OR_NUMBER = re.compile(r"[A-Z]{2}|\d")
_TITLE_PART = re.compile(r"(?<![^\W\d_])[A-Z][a-z]+(?![^\W\d_])")
# Heads too general to make a task of any noun before them ("model learning", "data analysis").
# A learning or training paradigm followed by a singular technique noun is the technique the text uses
# ("a multi-task learning approach", "an iterative reinforced fine-tuning strategy"); in the plural it still
# names the problem ("continual learning methods").
_PARADIGM_HEAD = re.compile(r"\b(?:learning|training|tuning)$", re.IGNORECASE)
_TECHNIQUE_AFTER = re.compile(r"[ \n]+(?:approach|algorithm|strategy|technique|method|scheme)\b")
# A quality a listed task is named after ("interpretability", "fairness") listed among other qualities
# ("balancing accuracy, efficiency, and interpretability") is a property the text claims, not its problem.
_CONJUNCT_BEFORE = re.compile(r"([^\W\d_][\w\-]*)(?:,[ \n]*(?:and|or)?|[ \n]+(?:and|or))[ \n]+\Z")
_CONJUNCT_AFTER = re.compile(r"(?:,[ \n]*(?:and[ \n]+|or[ \n]+)?|[ \n]+(?:and|or)[ \n]+)([^\W\d_][\w\-]*)")
_PREPOSITIONS = frozenset(("for", "in", "on", "at", "to", "by", "of", "as"))
_NO_NEW_HEADS = frozenset(
    ("evaluation", "analysis", "processing", "learning", "understanding", "reasoning", "planning")
)


def _modifiers_before(text: str, start: int, low: int) -> int:
    """Where the run of modifier words ending at ``start`` begins (``start`` if there is none), walking
    back word by word (cheaper than a regular expression searched in a window)."""
    begin = start
    for _ in range(MAX_MODIFIERS):
        end = begin
        while end > low and text[end - 1] in " \n":
            end -= 1
        if end in (begin, low):
            break
        first = max(text.rfind(" ", low, end), text.rfind("\n", low, end), low - 1) + 1
        word = text[first:end]
        if not _modifier_word(word) or _infinitive(text, first, word):
            break
        begin = first
    return begin


def _infinitive(text: str, first: int, word: str) -> bool:
    """Whether ``word`` (at ``first``) follows "to" and is a verb there: the corpus writes it in a verb's
    place in at least ``TO_VERB_RATE`` of its uses ("to answer physical reasoning queries", "lead to
    incorrect classification"), unlike a noun ("applied to video generation")."""
    if text[max(0, first - 3) : first] not in ("to ", "to\n") or (first > 3 and text[first - 4].isalnum()):
        return False
    used = word_forms(word)
    return used is not None and used.as_verb >= max(TO_VERB_COUNT, TO_VERB_RATE * used.total)


@lru_cache(maxsize=1 << 16)
def _modifier_word(token: str) -> bool:
    """Whether a whitespace-free ``token`` is one word (no punctuation around it) that can qualify a task head.

    >>> _modifier_word("zero-shot"), _modifier_word("(zero-shot"), _modifier_word("novel")
    (True, False, False)
    """
    return bool(_WORD.fullmatch(token)) and is_modifier(token)


@lru_cache(maxsize=1 << 16)
def is_modifier(word: str) -> bool:
    """Whether ``word`` can qualify a task head: a content word, not a verb, adverb, number, plural
    or stop word.

    >>> [is_modifier(w) for w in ("3D", "zero-shot", "novel", "improving", "the", "Audio-visual", "boosts")]
    [True, True, False, False, False, True, False]
    """
    if word.lower() in TASK_PHRASE_STOPS or _NOT_MODIFIER.match(word) or _ODD_CASE.match(word):
        return False
    if _comparative(word.lower()):
        return False
    if _HOW_TAIL.search(word):
        return False
    used = word_forms(word)
    if used is None:  # unseen in the corpus: only an acronym-like token ("ME", "LiDAR", "6DoF")
        return any(c.isupper() or c.isdigit() for c in word)
    rate = MODIFIER_RATE if "-" in word or _ADJECTIVE.search(word.lower()) else NOUN_MODIFIER_RATE
    return used.before_task >= rate * used.total and used.as_verb < VERB_RATE * used.total


def _comparative(word: str) -> bool:
    """Whether ``word`` is a comparative or superlative of a stop word ("faster", "highest", "finer").

    >>> [_comparative(w) for w in ("faster", "highest", "finer", "lower", "user", "poster", "forest")]
    [True, True, True, True, False, False, False]
    """
    if not word.endswith(("er", "est")):
        return False
    stem = word[:-3] if word.endswith("est") else word[:-2]
    candidates = {stem, stem + "e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.add(stem[:-1])
    return any(c in TASK_PHRASE_STOPS and c not in _PREPOSITIONS for c in candidates)  # not "forest"


@lru_cache(maxsize=1 << 14)
def _noun_like(word: str) -> bool:
    """Whether a modifier reads as a noun ("font style", "video", "3D"), which with a head names a task,
    rather than an adjective ("temporal", "high-quality", "fine-grained"), which only describes one.

    >>> [_noun_like(w) for w in ("video", "error", "3D", "temporal", "high-quality", "grounded", "next")]
    [True, True, True, False, False, False, False]
    """
    if word.lower() == "next":  # "the next generation of models", though "next POI recommendation" is a task
        return False
    if "-" in word:  # a compound names a kind of task only if the corpus writes it before task heads
        if _ACRONYM_OR_NUMBER.search(word):  # ... or it has a name's acronym or number: "COVID-19", "RGB-D",
            return not ADJ_TAIL.search(word)  # unless it says how ("SAM-enhanced", "AR-level")
        used = word_forms(word)
        return used is not None and used.before_task >= COMPOUND_RATE * used.total
    return not _ADJECTIVE.search(word.lower())


def task_name(phrase: str) -> str:
    """The canonical name of a task phrase: single spaces, words capitalised only for a title in lower case.

    >>> task_name("Zero-Shot 3D Anomaly\\nDetection")
    'zero-shot 3D anomaly detection'
    """
    return " ".join(_TITLE_PART.sub(lambda m: m.group().lower(), word) for word in phrase.split())


def grow_tasks(text: str, hits: Iterable[Hit], taken: set[int]) -> list[Hit]:
    """The listed task hits, each grown over the modifiers in front of it ("3D" + "anomaly detection");
    hits of other types unchanged. ``taken`` holds the start offsets of other hits, which a task
    does not grow over."""
    out = []
    last_end = 0
    for hit in hits:
        if hit.entity.type == "task":
            begin = _modifiers_before(text, hit.start, last_end)
            while begin < hit.start and begin in taken:  # never over another name
                nxt = text.find(" ", begin)
                begin = hit.start if nxt < 0 or nxt >= hit.start else nxt + 1
            if begin < hit.start:
                phrase = text[begin : hit.end]
                hit = Hit(begin, hit.end, hit.entity, task_name(phrase), hit.entity.name)
        out.append(hit)
        last_end = hit.end
    return out


def task_phrases(text: str, heads: Iterable[tuple[int, int]]) -> list[Discovery]:
    """Tasks no list holds: a task head (at ``heads``, the "task_head" anchors) with modifiers in
    front of it ("font style detection").

    >>> from extractors.anchors import find_anchors
    >>> t = "We study zero-shot human age estimation from faces."
    >>> [d.name for d in task_phrases(t, find_anchors(t)["task_head"])]
    ['zero-shot human age estimation']
    """
    found = []
    for start, end in heads:
        head = text[start:end]
        if head.lower() in _NO_NEW_HEADS or not (head.islower() or head.istitle() or head.isupper()):
            continue  # too general, or spelling out an acronym in its capitals ("Scene generatIOn")
        begin = _modifiers_before(text, start, 0)
        last_modifier = text[begin:start].split()[-1:] if begin < start else []
        if not last_modifier or not _noun_like(last_modifier[0]):
            continue
        name = task_name(text[begin:end])
        found.append(Discovery(name, begin, end, "task", False, "task-phrase", 1))
    return found


def settle_tasks(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Task candidates judged by how the text uses them, in one pass:

    * a learning or training paradigm the text applies as a technique ("we propose a multi-task learning
      approach") is a method, at every mention of the name;
    * a listed task of one word named after a quality ("interpretability") coordinated with another
      quality ("accuracy, efficiency, and interpretability") is a property claimed, not a problem: left out.

    >>> t = "We propose a multi-task learning approach. Multi-task learning helps."
    >>> c = [Candidate(13, 32, "task", "multi-task learning", None, True, False),
    ...      Candidate(43, 62, "task", "multi-task learning", None, True, False)]
    >>> [x.type for x in settle_tasks(t, c)]
    ['method', 'method']
    >>> settle_tasks("It balances accuracy and interpretability.", [Candidate(25, 41, "task", "interpretability",
    ...                                                                   None, True, False)])
    []
    """
    applied: set[str] = set()
    qualities: set[int] = set()
    for c in cands:
        if c.type != "task":
            continue
        if _PARADIGM_HEAD.search(text, c.start, c.end) and _TECHNIQUE_AFTER.match(text, c.end):
            applied.add(c.name)
        elif _listed_quality(text, c.start, c.end):
            qualities.add(c.start)
    if not (applied or qualities):
        return cands
    return [
        c._replace(type="method") if c.type == "task" and c.name in applied else c
        for c in cands
        if c.type != "task" or c.start not in qualities
    ]


def _listed_quality(text: str, start: int, end: int) -> bool:
    if text[start:end].lower() not in QUALITY_NOUNS:
        return False
    before = _CONJUNCT_BEFORE.search(text, max(0, start - 40), start)
    after = _CONJUNCT_AFTER.match(text, end)
    return any(m is not None and m.group(1).lower() in QUALITY_NOUNS for m in (before, after))
