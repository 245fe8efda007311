"""Acronym definitions: "Iterative Magnitude Pruning (IMP)" and "IMP (Iterative Magnitude Pruning)".

The long form is found with Schwartz & Hearst's letter matching (2003). A definition is a name when
its long form is capitalised or the text introduces it ("we propose ... (PERP)", "termed ... (BAPs)");
a lower-case long form otherwise is a generic term ("large language models (LLMs)") and is returned
untyped, so that only a vocabulary entry can give it a meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from extractors.cues import type_from_context
from extractors.discovery import TYPE_NOUN, Discovery, noun_type, proposed_at, right_after_verb
from extractors.names import ADJ_TAIL, CAP_TOK, INSTITUTIONS, NOT_AFTER, H, is_generic, is_strong
from extractors.rules.sentences import clause_start
from extractors.rules.words import DATASET_HEADS, DESCRIPTIVE_HEADS, TASK_HEADS, TITLED_DATASET_HEADS

_NAMED_BEFORE = re.compile(r"\b(?:termed|called|named|dubbed|coined|referred to as)[ \n]+$")
_PASSIVE_AFTER = re.compile(
    r"[)\s]*(?:\w+[ \n]+){0,2}?(?:is|are)[ \n]+(?:\w+[ \n]+)?(?:proposed|introduced|presented|developed)\b"
)

_DEFINITION = re.compile(r"\((?P<acr>[A-Za-z][\w.+*^&\-]{0,14})[);,]")
_OPEN = re.compile(r"\(")
_PARTS = re.compile(r"[\-‐‑/]")
_FUNCTION_WORDS = frozenset(("of", "for", "and", "the", "with", "a", "an", "in", "on", "to", "by", "from", "via"))
_REPEAT = re.compile(r"([A-Za-z])([2-5])")  # "S3T": three S
_ACRONYM_BEFORE = re.compile(rf"{NOT_AFTER}(?P<acr>{CAP_TOK})[ \n]+\Z")
_INNER = re.compile(r"(?P<long>[A-Za-z][^()]{3,120}?)\)")
#: How far back (characters) from the parenthesis a long form may start.
_LONG_REACH = 160
_WORD = re.compile(rf"[\w'’]+(?:[{H}/][\w'’]+)*")
_TASK_HEAD = re.compile(f"(?:{'|'.join(TASK_HEADS)})$", re.IGNORECASE)
# Task heads that make a lower-case long form a task; "learning" and "processing" also end names of methods
# ("reinforcement learning from human feedback (RLHF)") and fields.
_NEW_TASK_HEAD = re.compile(f"(?:{'|'.join(h for h in TASK_HEADS if h not in ('learning', 'processing'))})$")
_DATASET_HEAD = re.compile(f"(?:{DATASET_HEADS})s?$", re.IGNORECASE)
# Heads of descriptive phrases that are no method, dataset or model by themselves.
_DESCRIPTIVE_HEAD = re.compile(f"(?:{'|'.join(DESCRIPTIVE_HEADS)})$", re.IGNORECASE)
# A long-form word capitalised only by an embedded abbreviation: "MRI-linear".
_ACRONYM_PART = re.compile(r"[A-Z]{2,}[\-‐‑][a-z]")
# Classes of models, not one model: "Large Reasoning Models (LRMs)", "Vision Large Language Models".
_MODEL_CLASS = re.compile(
    r"(?i)^(?:(?:large|small|multimodal|multi-modal|vision|visual|vision-language|language|foundation|"
    r"generative|reasoning|pre-?trained|audio|speech|video|code|open|frontier)[ \n]+)+"
    r"(?:models?|LLMs?|VLMs?)$"
    # ... and plural classes whatever precedes them: "Omni-modal Large Language Models"
    r"|(?i:(?:language|foundation|vision-language|reasoning|diffusion|generative|world)[ \n]+models)$"
    r"|(?:LLMs|VLMs)$"
)
_TITLED_DATASET_HEAD = re.compile(f"(?:{'|'.join(TITLED_DATASET_HEADS)})$")
_MODEL_HEAD = re.compile(r"(?:[Ll]anguage [Mm]odels?|LLMs?|[Uu]tility [Mm]odels?)$")
# What a text writes after an acronym of a part of its method: "the SE module", "TFA and TCC modules".
_PART_AFTER = re.compile(
    rf"(?:[ \n]+(?:and|or)[ \n]+[A-Z][\w{H}]*)?[ \n]+"
    r"(?:modules?|blocks?|layers?|components?|branch(?:es)?|loss(?:es)?|mechanisms?)\b"
)
_NAME_CHAR = re.compile(rf"[\w{H}]")
_NOUN_AFTER = re.compile(rf"[)\s]*{TYPE_NOUN}\b")
# "a practical cross-domain few-shot learning (pCDFSL) task": the text says the long form is a problem.
_TASK_NOUN_AFTER = re.compile(r"[)\s]*(?:task|problem|setting)\b")


def long_form_for(acronym: str, before: str) -> str | None:
    """The long form an acronym abbreviates, taken from the end of ``before`` (Schwartz & Hearst 2003),
    or None. Digits in the acronym repeat the letter before them ("S3T": three S words, one T).

    >>> long_form_for("IMP", "we apply Iterative Magnitude Pruning")
    'Iterative Magnitude Pruning'
    >>> long_form_for("S3T", "we propose Sequence-aware Sharded Sliced Training")
    'Sequence-aware Sharded Sliced Training'
    >>> long_form_for("BAPs", "novel background-aware proposals")
    'background-aware proposals'
    """
    words = _WORD.findall(before)
    letters = [c for c in acronym if c.isalpha()]
    if not 2 <= len(letters) <= 12 or not words:
        return None
    reach = min(len(letters) + 5, len(letters) * 2)
    window = " ".join(words[-reach:])
    readings = _acronym_readings(acronym)
    for short in readings:  # best: every letter starts a word ("Constrained Random Character")
        found = _match_initials(short, words[-reach:])
        if found:
            return found
    for short in readings:  # else letters anywhere in the words, as Schwartz & Hearst allow
        found = _match_letters(short, window)
        if found and (len(short) + 1) // 2 <= len(found.split()) <= len(short) + 3:
            return found
    return None


def _match_initials(short: str, words: list[str]) -> str | None:
    """The shortest run of words ending the window whose word (or hyphen-part) initials spell
    ``short``, skipping function words ("Bidirectional Encoder Representations from Transformers")."""
    pos = len(short) - 1
    for i in range(len(words) - 1, -1, -1):
        parts = [p for p in _PARTS.split(words[i]) if p]
        first_used = False
        for k in range(len(parts) - 1, -1, -1):  # later parts may be modifiers: "Sequence-aware"
            if pos >= 0 and parts[k][0].lower() == short[pos]:
                pos -= 1
                first_used = k == 0
        if not first_used and words[i].lower() not in _FUNCTION_WORDS:
            return None  # a content word whose initial gives no letter: not this reading
        if pos < 0:
            return " ".join(words[i:])
    return None


@lru_cache(maxsize=1 << 14)
def _acronym_readings(acronym: str) -> tuple[str, ...]:
    """Ways to read an acronym's letters: digits expanded, as written, upper-case letters only (per
    acronym: a corpus defines and redefines the same ones)."""
    core = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    readings: list[str] = []
    expanded = _REPEAT.sub(lambda m: m.group(1) * int(m.group(2)), core)
    for reading in (expanded, core, "".join(c for c in core if c.isupper())):
        letters = "".join(c for c in reading if c.isalpha()).lower()
        if len(letters) >= 2 and letters not in readings:
            readings.append(letters)
    return tuple(readings)


def _match_letters(short: str, long: str) -> str | None:
    """Schwartz & Hearst's backward match of ``short``'s letters into ``long``; the first letter
    must start a word, and the long form must start at a word."""
    s, pos = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s]
        while pos >= 0 and (long[pos].lower() != c or (s == 0 and pos > 0 and long[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return None
        pos -= 1
        s -= 1
    start = long.rfind(" ", 0, pos + 1) + 1
    found = long[start:]
    return found if len(found) > len(short) else None


def definitions(text: str, proposals: list[tuple[int, int]]) -> Iterator[Discovery]:
    """ "Long Form (LF)" and "LF (Long Form)" definitions of names (not of generic abbreviations)."""
    for paren in _OPEN.finditer(text):
        pos = paren.start()
        yield from _reversed(text, pos, proposals)
        m = _DEFINITION.match(text, pos)
        if not m:
            continue
        acronym = m.group("acr").rstrip(".-")
        if is_generic(acronym) or (sum(c.isupper() for c in acronym) < 2 and not is_strong(acronym)):
            continue
        end = pos
        while end > 0 and text[end - 1].isspace():
            end -= 1
        long = long_form_for(acronym, text[_clause_start(text, end) : end])
        if long is None:
            continue
        start = text.rfind(long.split()[0], max(0, end - 200), end)
        if start < 0 or " ".join(text[start:end].split()) != long:
            continue
        yield from _typed_definition(text, long, start, end, acronym, m.start("acr"), proposals)


def _clause_start(text: str, end: int) -> int:
    """Where the clause holding a long form begins: after the last bracket or clause stop in the
    ``_LONG_REACH`` characters before ``end``."""
    lo = max(0, end - _LONG_REACH)
    after_bracket = max(text.rfind(c, lo, end) for c in "()[]") + 1
    return max(after_bracket, clause_start(text, lo, end))


def _reversed(text: str, paren: int, proposals: list[tuple[int, int]]) -> Iterator[Discovery]:
    """ "IMP (Iterative Magnitude Pruning)": an acronym, then its long form in parentheses."""
    if paren < 2 or text[paren - 1] not in " \n" or not text[paren - 2].isalnum():
        return
    word = text[max(text.rfind(" ", 0, paren - 1), text.rfind("\n", 0, paren - 1)) + 1 : paren - 1]
    if word == word.lower():  # an acronym has capitals
        return
    opened = paren + 1
    while text[opened : opened + 1] == " ":  # "HELM (\textit{Hierarchical ...})": emphasis blanked to spaces
        opened += 1
    inner = _INNER.match(text, opened)
    if not inner or " " not in inner.group("long").strip():
        return
    before = _ACRONYM_BEFORE.search(text, max(0, paren - 30), paren)
    if not before:
        return
    acronym, long = before.group("acr"), " ".join(inner.group("long").split())
    if not is_strong(acronym) or is_generic(acronym):
        return
    if any(_match_letters(short, long) == long for short in _acronym_readings(acronym)):
        end = inner.start("long") + len(inner.group("long").rstrip())
        yield from _typed_definition(text, long, inner.start("long"), end, acronym, before.start("acr"), proposals)


def _called_a_part(text: str, acronym: str, after: int) -> bool:
    """Whether the text goes on to write ``acronym`` with a component noun ("the SE module", "TFA and
    TCC modules"); found with ``str.find``, as a pattern built per acronym costs more than the scan."""
    pos = text.find(acronym, after)
    while pos >= 0:
        end = pos + len(acronym)
        if (pos == 0 or not _NAME_CHAR.match(text, pos - 1)) and _PART_AFTER.match(text, end):
            return True
        pos = text.find(acronym, end)
    return False


class _LongForm(NamedTuple):
    """What a definition's long form and acronym say by themselves, whatever the text around them."""

    coined: bool  # a coined acronym ("ALP-GMM", "InterContiNet"), unlike "RS" or "ACC", names the thing proposed
    titled: bool  # most content words capitalised
    generic: bool  # a descriptive phrase, a class of models, an institution, an adjective
    task_head: bool  # the last word is a task head ("... Detection")
    new_task: bool  # a lower-case research problem may end so ("machine translation quality evaluation")
    dataset: bool  # its head words say dataset
    model: bool  # it ends in "language model(s)", "LLM" and the like
    coined_learning: bool  # "Discriminative Anomaly Score Learning": a technique, not a field


@lru_cache(maxsize=1 << 14)
def _long_form(long: str, acronym: str) -> _LongForm:
    """The traits of a long form (corpora repeat their definitions: "Large Language Models (LLMs)")."""
    words = long.split()
    last = words[-1]
    content = [w for w in words if len(w) > 3 or w[:1].isupper()]
    titled = sum(w[:1].isupper() and not _ACRONYM_PART.match(w) for w in content) * 2 > len(content)
    return _LongForm(
        coined=len(acronym) >= 4 and not (acronym.isalpha() and acronym.isupper()),
        titled=titled,
        generic=bool(
            _DESCRIPTIVE_HEAD.search(last)
            or _MODEL_CLASS.search(long)
            or words[0].lower() in INSTITUTIONS
            or ADJ_TAIL.search(last)  # "Concept-based (CB) models": the long form is an adjective
        ),
        task_head=bool(_TASK_HEAD.search(last)),
        new_task=bool(_NEW_TASK_HEAD.search(last)) and len(words) > 1,
        dataset=bool(_DATASET_HEAD.search(" ".join(words[-3:])) or (titled and _TITLED_DATASET_HEAD.search(last))),
        model=bool(_MODEL_HEAD.search(long)),
        # three title-cased words or more before "Learning" coin a technique; the fields are shorter or
        # listed ("Federated Learning", "Deep Reinforcement Learning")
        coined_learning=titled and last == "Learning" and len(words) >= 4,
    )


def _typed_definition(
    text: str, long: str, start: int, end: int, acronym: str, acr_start: int, proposals: list[tuple[int, int]]
) -> Iterator[Discovery]:
    """Type a definition by its head word, the noun after it, and context; lower-case long forms
    count only when the text introduces them (else they are generic: "large language models (LLMs)")."""
    acr_end = acr_start + len(acronym)
    first, last_pos = min(start, acr_start), max(end, acr_end)
    named = (
        right_after_verb(text, first, proposals)
        or bool(_NAMED_BEFORE.search(text, max(0, first - 30), first))
        or bool(_PASSIVE_AFTER.match(text, last_pos))
    )
    proposed = named or proposed_at(first, proposals)
    form = _long_form(long, acronym)
    if not (form.titled or named or form.generic or form.task_head) and _called_a_part(text, acronym, last_pos):
        # "three modules: structure encoding (SE), ..." and later "the SE module": a part of the method
        yield Discovery(long, start, end, "method", proposed, "definition", 1, acronym, acr_start, acr_end)
        return
    if not (form.titled or named or (proposed and form.coined)) or (form.generic and not named):
        if not form.generic and form.new_task:
            # a research problem is written in lower case: "machine translation quality evaluation (MTQE)"
            yield Discovery(long, start, end, "task", False, "definition", 1, acronym, acr_start, acr_end)
            return
        # a generic term ("large language models (LLMs)", "Very High Resolution (VHR)"), unless the
        # vocabulary knows its long form
        yield Discovery(long, start, end, "", False, "definition", 0, acronym, acr_start, acr_end)
        return
    after = _NOUN_AFTER.match(text, last_pos)
    strength = 2
    task_like = form.task_head and not proposed and acronym.isupper() and not form.coined_learning
    if form.task_head and _TASK_NOUN_AFTER.match(text, last_pos):
        type_ = "task"
    elif form.dataset:
        type_ = "dataset"
    elif form.model:
        type_ = "model"
    elif after and not (task_like and after.group("noun").endswith("s")):  # "GSQA benchmarks": a task
        type_ = noun_type(after.group("noun"), acronym, after.group())
    elif task_like:
        type_ = "task"
    else:  # a dataset says so in its head word or the noun after it; context alone means a method
        cue = type_from_context(text, first, last_pos + 1)
        type_, strength = ("method", 1) if cue in (None, "model", "dataset") else (cue, 1)
    if type_ == "other":
        return
    yield Discovery(long, start, end, type_, proposed, "definition", strength, acronym, acr_start, acr_end)
