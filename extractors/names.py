"""What a coined name looks like, so that pattern rules can tell "ReLinear" from "a novel framework".

Shared by the acronym and naming rules: the regex pieces for name tokens, the word lists of
abbreviations and sentence words that are never entity names, and the shape tests.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.rules.words import ADJECTIVE_TAILS, GENERIC, INSTITUTIONS, METRICS, OPENERS, VENUES, common_word

H = r"\-‐‑"  # hyphens inside names (escaped for character classes)
NOT_AFTER = rf"(?<![\w{H}.])"  # a name starts a word
# One name token: letters/digits joined by hyphens, dots or carets ("Qwen2.5", "GPT-4o", "BT^2"),
# optionally ending in "+" or "*" ("CodeT5+", "CFG-Zero*"); capitalised or with an inner capital.
CAP_TOK = rf"(?:[A-Z0-9]|[a-z]{{1,2}}(?=[A-Z0-9]))(?:[^\W_]|[.{H}^](?=[^\W_]))*(?:\+\+?|\*)?"
# A name of up to five capitalised tokens ("Dense Policy", "Tanks & Temples", "Mistral Small 3.2").
NAME = rf"{CAP_TOK}(?:[ \n](?:(?:&|of|by)[ \n])?{CAP_TOK}){{0,4}}"


_GENERIC_FOLDED = frozenset(w.lower() for w in GENERIC)
# Lower-case words that continue a name token but are not part of the name: "DiT-based", "AI-driven".
# ... and any past participle after a hyphen ("MC-regulated", "SAM-Enhanced"; not "nomic-embed", "X-Speed")
ADJ_TAIL = re.compile(rf"[{H}](?:(?i:{'|'.join(ADJECTIVE_TAILS)})|[A-Za-z][a-z]+[^be\W\d_]ed)$")
_SCORE_NAME = re.compile(r"(?:[A-Za-z0-9]Score|[ \-‐‑][Ss]core)s?$")
_PART_SPLIT = re.compile(rf"[{H}.^]")
_VERSION = re.compile(r"\d{1,2}(?:\.\d{1,2})?$")
# Sizes and counts, also ranges of them: "7B", "56B/47B", "7B-10B", "v2"
_SIZE_ONLY = re.compile(
    r"^[\d.,]+[A-Za-z]{0,2}(?:[-–/~][\d.,]+[A-Za-z]{0,2})*[+*]?$|"
    r"^[A-Za-z]?\d+[\d.,]*$"
)


#: Decisions on a name's shape are cached per surface: corpora repeat their names across thousands of texts.
_CACHE_SIZE = 1 << 14


@lru_cache(maxsize=_CACHE_SIZE)
def is_strong(token: str) -> bool:
    """Whether a token is shaped like a coined name: CamelCase or capitals inside a hyphen-free part,
    a one-letter part ("Nemotron-H"), or a capital with a digit ("ReLinear", "GASP", "Qwen3", "iNat").
    Capitalised words and hyphenated Title Case ("Domain-Specific") are not.

    >>> [is_strong(t) for t in ("ReLinear", "GASP", "Qwen3", "Antidote", "Domain-Specific", "Aurora-M")]
    [True, True, True, False, False, True]
    """
    if not any(c.isupper() for c in token):
        return False
    if any(c.isdigit() for c in token) and sum(c.isalpha() for c in token) >= 1:
        return True
    parts = [p for p in _PART_SPLIT.split(token) if p]
    if len(parts) > 1 and any(len(p) == 1 and p.isupper() for p in parts):
        return True
    return any(any(c.isupper() for c in p[1:]) for p in parts)


@lru_cache(maxsize=_CACHE_SIZE)
def is_generic(name: str) -> bool:
    """Abbreviations, metrics and sentence words that look like names but are not entities.

    >>> is_generic("LLMs"), is_generic("GASP")
    (True, False)
    """
    bare = name[:-1] if name.endswith("s") and name[:-1].isupper() else name
    if "-" in bare and bare.replace("-", "") in GENERIC:  # "M-LLM"
        return True
    head, _, rest = name.partition("-")
    if rest and head.islower() and is_generic(rest):  # "all-LLM", "multi-GPU"
        return True
    if rest and (head in METRICS or head in GENERIC) and len(rest) <= 2:  # "ROUGE-L", "RGB-T"
        return True
    return name in GENERIC or bare in GENERIC or name.lower() in _GENERIC_FOLDED or bool(_SIZE_ONLY.match(name))


@lru_cache(maxsize=_CACHE_SIZE)
def is_metric(name: str) -> bool:
    """Whether ``name`` is a metric: a listed one ("BLEU", "Recall") or a name of a score ("BERTScore",
    "F1-Score", "CLIP score").

    >>> is_metric("BERTScore"), is_metric("F1-Score"), is_metric("ROUGE-L"), is_metric("SQuAD")
    (True, True, True, False)
    """
    head = name.split("-")[0]
    return name in METRICS or head in METRICS or bool(_SCORE_NAME.search(name))


#: Words a name does not start with: sentence openers and institution words ("University of ...").
_NOT_FIRST_WORDS = OPENERS | INSTITUTIONS


@lru_cache(maxsize=_CACHE_SIZE)
def looks_like_name(name: str, explicit: bool = False) -> bool:
    """Whether ``name`` can be an entity name: some token is strong, or (after an ``explicit`` naming
    phrase such as "termed X") all its words are capitalised and it does not start like a sentence.

    >>> looks_like_name("Dense Policy"), looks_like_name("Dense Policy", explicit=True)
    (False, True)
    """
    words = name.split()
    if not words or len(name) < 2 or is_generic(name) or words[0].lower() in _NOT_FIRST_WORDS:
        return False
    if len(words) == 1 and name.endswith("ly") and not is_strong(name):  # "Firstly", "Notably"
        return False
    if all(is_generic(w) or w == "&" for w in words):
        return False
    if any(is_strong(w) and not is_generic(w) for w in words):
        return True
    capitalised = all(w[:1].isupper() or w[:1].isdigit() or w == "&" for w in words)
    if capitalised and len(words) > 1 and _VERSION.match(words[-1]) and not is_generic(words[0]):
        # a product name with a version ("Cosmos 3", "Mistral Small 3.2"), not a word and a count ("Across 15")
        return not common_word(words[0])
    return explicit and capitalised and len(name) >= 3


def _generic_acronym(word: str) -> bool:
    return is_generic(word) and sum(c.isupper() for c in word) > 1


def trim_name(name: str, start: int) -> tuple[str, int]:
    """Normalise a matched name: spaces for line breaks, no trailing dot or "-based"-like tail,
    no leading sentence word ("The FooBench" -> "FooBench")."""
    trimmed, cut = _trim(name)
    return trimmed, start + cut


@lru_cache(maxsize=_CACHE_SIZE)
def _trim(name: str) -> tuple[str, int]:
    """:func:`trim_name` for a name at offset 0: the trimmed name and how many characters it lost in front."""
    start = 0
    name = name.rstrip(".")
    tail = ADJ_TAIL.search(name)
    if tail:
        name = name[: tail.start()]
    words = name.split()
    while len(words) > 1 and (words[0].lower() in OPENERS or (is_generic(words[0]) and not words[0].isdigit())):
        cut = name.index(words[1], len(words[0]))
        start, name, words = start + cut, name[cut:], words[1:]
    while len(words) > 1 and (words[-1] in VENUES or _generic_acronym(words[-1])):
        words = words[:-1]  # "Qwen2.5 LLM", "HEAR 2021 NeurIPS"
    return " ".join(words), start
