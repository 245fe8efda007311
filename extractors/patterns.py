"""Find names no vocabulary holds, from the way papers introduce them.

Papers announce their own methods, datasets and models in a few set phrasings: an acronym
definition ("Iterative Magnitude Pruning (IMP)", :mod:`extractors.acronyms`), a naming verb ("termed
Dense Policy"), a proposal ("we introduce ThaiSafetyBench, an open-source benchmark"), a type noun
("the MVTec dataset"), a title prefix ("ReLinear: ..."), a list ("datasets such as A, B and C"), or a
telling shape ("MedVAL-4B", "LongCodeQA"). The name must look like a coined name (inner capitals,
digits) unless the phrasing itself is explicit ("termed X", "we propose X, a ..."), so that generic
phrases ("a novel framework", "popular datasets") stay out.

For speed every rule starts from a cheap anchor (a keyword, a parenthesis, a type noun) and looks
for the name in a short window around it, instead of trying a name pattern at every capital letter.
"""

from __future__ import annotations

import re

from extractors.acronyms import definitions
from extractors.anchors import find_anchors
from extractors.components import COMPONENTS
from extractors.discovery import (
    TYPE_NOUN,
    Discovery,
    around,
    cue_type,
    noun_type,
    proposal_spans,
    proposed_at,
)
from extractors.literals import Alternatives, end_of
from extractors.names import (
    ADJ_TAIL,
    CAP_TOK,
    NAME,
    NOT_AFTER,
    OPENERS,
    H,
    is_generic,
    is_metric,
    is_strong,
    looks_like_name,
    trim_name,
)
from extractors.rules.words import (
    EDITION_VARIANTS,
    LIST_NOUNS,
    RELEASE_VARIANTS,
    TITLE_NOUN_PATTERN,
    TITLE_NOUN_TYPES,
    TITLED_DATASET_NOUNS,
    word_forms,
)

_NAMING = re.compile(
    r"\b(?:called|named|termed|dubbed|coined|denoted(?: as| by)?|referred to as|nicknamed|namely|"
    r"(?:we|which we) (?:call|name|term|dub))[ \n]+(?:as[ \n]+)?(?:the[ \n]+)?"
    rf"[\"“'‘]?(?P<name>{NAME})"
)
_AFTER_VERB = re.compile(
    rf"[ \n]+(?:(?:the|our)[ \n]+)?[\"“]?(?P<name>{NAME})"
    r"[\"”]?(?=[ \n]*(?:,|\(|:|—|–|--| - |\.|\bas\b|\bwhich\b|\bthat\b|\bto\b|\bfor\b|\bwith\b))"
)
# A second name coordinated with a named one: "termed Flow Matching PointNet and Diffusion PointNet".
_AND_NAME = re.compile(rf"[ \n]*(?:,[ \n]*)?(?:and|or)[ \n]+(?:the[ \n]+)?[\"“'‘]?(?P<name>{NAME})")
_COINING = frozenset(("termed", "dubbed", "coined", "we call", "we name", "we term", "we dub"))
_APPOSITION_AFTER = re.compile(r"[\"”]?[ \n]*(?:,[ \n]*(?:a|an|the|which)\b|\()")
# Anchors and the windows around them.
_CAP_TOKEN = re.compile(CAP_TOK)
_JOINERS = frozenset(("&", "of", "by"))
_OPENING = "([{\"'“‘"
_NAME_AFTER_NOUN = re.compile(
    rf"[ \n]*(?P<comma>,?)[ \n]*(?:(?:called|named|termed|dubbed)[ \n]+)?[\"“]?(?P<name>{NAME})"
    r"(?=[\"”]?[ \n]*[,.;:(]|[ \n]+(?:which|that|with)\b)"
)
_DETERMINER_BEFORE = re.compile(rf"\b(?:a|an|the|our|new|novel)[ \n]+(?:[\w{H}]+[ \n]+){{0,4}}?\Z")
_APPOSITION = Alternatives({c: rf"{c}[ \n]+(?:[Aa]n?|[Tt]he|[Oo]ur)[ \n]+" for c in ",:"})
_COLLECTIVE = frozenset(("suite", "family", "series", "collection"))
_OF_NOUN = re.compile(rf"[ \n]+of[ \n]+(?:[\w{H}/.]+[ \n]+){{0,3}}?{TYPE_NOUN}\b")
_PHRASE_NOUN = re.compile(rf"(?:[\w{H}/.]+[ \n]+){{0,6}}?{TYPE_NOUN}\b")
# Shapes: "...Bench", "...QA", "...-Eval" say benchmark; "-7B", "-Instruct" say released model.
_RELEASE = "|".join(RELEASE_VARIANTS)
_SHAPE_ANCHOR = Alternatives(
    {
        "Bench": r"Bench",
        "QA": r"QA\b",
        **{h: rf"{h}(?:Eval\b|\d+(?:\.\d+)?[BM]\b|(?:{_RELEASE})\b)" for h in "-‐‑"},
    }
)
_TOKEN_START = re.compile(rf"{NOT_AFTER}[A-Za-z0-9][\w.{H}]*\Z")
_TOKEN_REST = re.compile(rf"[\w.{H}]*")
_BENCH_TOKEN = re.compile(rf"[A-Z][\w{H}]*?(?:[a-z0-9{H}]Bench|[a-z{H}]QA|[{H}]Eval)(?:[{H}]\w+)?")
_SIZED_TOKEN = re.compile(
    rf"[A-Z][\w.]*(?:[{H}][\w.]+)*?[{H}]\d+(?:\.\d+)?[BM](?:[{H}](?:[A-Z]\w*|it|chat|instruct|base))*"
)
_VARIANT_PARTS = frozenset((*RELEASE_VARIANTS, *EDITION_VARIANTS))
_HYPHEN_SPLIT = re.compile(rf"[{H}]")
_VARIANT_TOKEN = re.compile(
    rf"[A-Z][\w.{H}]*?[{H}](?:{_RELEASE})"
    rf"(?:[{H}](?:[A-Z]\w*|v\d+(?:\.\d+)?))*"
)
_SPACED_BENCH = re.compile(r"(?P<name>[A-Z]\w*[A-Z]\w*) \Z")
# Lists: "datasets such as A, B and C", "A, B, and C datasets", "results on A and B".
_LIST = rf"(?P<list>{CAP_TOK}(?:(?:,[ \n]*|,?[ \n]+(?:and|or|&)[ \n]+){CAP_TOK}){{0,8}})"
_LIST_NOUN_BEFORE = re.compile(rf"\b(?P<noun>{'|'.join(LIST_NOUNS)})[ \n]*(?:\([ \n]*)?(?:,[ \n]*)?\Z")
_LIST_AHEAD = re.compile(rf"[.,:]*[ \n]+{_LIST}")
# A list right after a plural type noun: "datasets (UCM, AID, DFC-15)", "models: A, B and C",
# "two benchmark datasets, UTKFace and FG-NET".
_LIST_AFTER_NOUN = {
    "(": re.compile(rf"[ \n]*\([ \n]*{_LIST}[ \n]*\)"),
    ":": re.compile(rf"[ \n]*:[ \n]*{_LIST}(?=[ \n]*[.;,)])"),
    ",": re.compile(rf"[ \n]*,[ \n]*{_LIST}(?=[ \n]*[.;,)])"),
}
_ON_LIST = re.compile(rf"[ \n]+(?:the[ \n]+)?{_LIST}")
_LIST_BEHIND = re.compile(
    rf"{NOT_AFTER}(?P<list>{CAP_TOK}(?:,[ \n]*{CAP_TOK}){{0,8}},?[ \n]+(?:and|&)[ \n]+{CAP_TOK})"
    r"[ \n]+(?:[a-z][a-z\-]+[ \n]+)?\Z"
)
_RESULTS_BEFORE = re.compile(
    r"(?:\b(?i:performance|results?|accuracy|experiments?|evaluat\w+|tested|state-of-the-art|SOTA|"
    r"improv\w+|gains?|scores?|achiev\w+|outperform\w*|surpass\w*)|\d\\?%)[ \n]+(?:[\w%.\-]+[ \n]+){0,3}?\Z"
)
_NOT_A_DATASET_AFTER = re.compile(r"[ \n]+(?:models?|LLMs?|backbones?|architectures?|GPUs?)\b")
_LIST_SPLIT = re.compile(r",?[ \n]+(?:and|or|&)[ \n]+|,[ \n]*")
_CONTINUES = re.compile(r"[ \n]+[A-Z][a-z]")  # the list item runs on into a capitalised phrase
# Titles: "ReLinear: ...", "The Foo Battery: A Benchmark for ...".
_TITLE_PREFIX = re.compile(rf"^[ \n]*(?P<name>{NAME})[ \n]*(?::|[{H}–—][ \n])[ \n]*\S")
_TITLE_HEAD = re.compile(
    r".*?(?=\b(?:for|with|via|in|on|to|from|through|towards?|using|leveraging|based)\b|$)", re.DOTALL | re.I
)
_TITLE_NOUNS = re.compile(rf"\b(?:{TITLE_NOUN_PATTERN})\b", re.IGNORECASE)
_VIA = re.compile(
    rf"\b(?:via|through|using|with)[ \n]+(?P<name>{CAP_TOK}(?:[ \n]{CAP_TOK}){{1,3}})"
    r"(?=[ \n]*(?:$|[:,?]|[ \n](?:for|in|on|to|and|from)\b))"
)
# Last words of a technique's name: a process ("Dilation", "Sampling") or a component ("Network").
_TECHNIQUE_HEAD = re.compile(r"(?:[st]ion|ing|Attack|Networks?|Modules?|Operators?|Pool)$")
# A title word is a verb when its stem stands in a verb's place in this share of its uses at least.
_VERB_SHARE = 0.3
_REPORT = re.compile(r"[ \n]+(?:Technical|Tech)[ \n]+Report$")
_ARTICLE = re.compile(r"(?:A|An|The)\b")
_GERUND = re.compile(r"[A-Z][a-z]+ing\b")
_DIGIT = re.compile(r"\d")
_INDEFINITE = re.compile(r"\ban?[ \n]\Z")
_AND = re.compile(r"[ \n](?:and|&)[ \n]")
#: How far back (characters) from an anchor a name may start.
_REACH = 80
# What stands before a name inside a sentence: a lower-case word or a comma ("First, ...").
_INSIDE_SENTENCE = re.compile(r"[a-z,;][ \n]")


def _name_before(text: str, pos: int, most: int, joiners: bool = False) -> tuple[int, str] | None:
    """(start, name) of the run of up to ``most`` capitalised tokens that ends at ``pos`` (spaces
    before ``pos`` skipped), walking back word by word, which is much cheaper than a regex search.
    With ``joiners``, "&", "of" and "by" may join the tokens ("Guardians of Generation"); without,
    a run they would join to more capitalised words is only part of a name, and None.

    >>> _name_before("on the KITTI Object Detection dataset", 30, 3)
    (7, 'KITTI Object Detection')
    """
    end = pos
    while end > 0 and text[end - 1] in " \n":
        end -= 1
    start, count = None, 0
    while count < most and end > 0:
        begin = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
        token = text[begin:end]
        opened = token.lstrip(_OPENING)
        if token in _JOINERS and start is not None:
            if not joiners:
                return None if _capital_before(text, begin - 1) else _finish(text, start, pos)
        elif _CAP_TOKEN.fullmatch(opened):
            start, count = begin + len(token) - len(opened), count + 1
        else:
            break
        if opened != token or begin == 0 or text[begin - 1] not in " \n":
            break
        end = begin - 1
    return None if start is None else _finish(text, start, pos)


def _finish(text: str, start: int, pos: int) -> tuple[int, str] | None:
    words = text[start:pos].split()
    while words and words[0] in _JOINERS:  # the walk stopped just after a joiner
        start = text.index(words[1], start) if len(words) > 1 else pos
        words = words[1:]
    return (start, " ".join(words)) if words else None


def _titled_name(words: str) -> bool:
    """Whether capitalised words before "Benchmark"/"Dataset"/... name a dataset of their own: not one
    coined name ("MVTec Dataset" is MVTec) and no generic word ("HuggingFace Dataset")."""
    tokens = words.split()
    return not (len(tokens) == 1 and is_strong(tokens[0])) and not any(is_generic(t) for t in tokens if not t.isdigit())


def _variant_of_name(token: str) -> bool:
    """Whether a "-Instruct"/"-Coder"-style token is a model variant: its base is a coined name
    ("EVE-Instruct") or it stacks variant parts ("Ling-Coder-Lite"); "Slow-Thinking" is neither."""
    parts = _HYPHEN_SPLIT.split(token)
    return is_strong(parts[0]) or sum(p in _VARIANT_PARTS or p[:1] == "v" for p in parts[1:]) >= 2


def _capital_before(text: str, pos: int) -> bool:
    """Whether the word ending at ``pos`` (spaces skipped) has a capital, as a name must: a cheap test
    before searching a window for the name."""
    end = pos
    while end > 0 and text[end - 1] in " \n":
        end -= 1
    start = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
    word = text[start:end]
    return word != word.lower() or bool(_DIGIT.search(word))


class _Finder:
    """Collects the discoveries of one text; the rules share its anchors and proposal spans."""

    def __init__(
        self,
        text: str,
        anchors: dict[str, list[tuple[int, int]]] | None,
        proposals: list[tuple[int, int]] | None,
    ) -> None:
        self.text = text
        self.anchors = find_anchors(text) if anchors is None else anchors
        self.proposals = proposal_spans(text, self.anchors) if proposals is None else proposals
        self.found: list[Discovery] = list(definitions(text, self.proposals))

    def add(
        self,
        name: str,
        start: int,
        type_: str | None,
        rule: str,
        strength: int,
        explicit: bool = False,
        coined: bool = False,
    ) -> None:
        name, start = trim_name(name, start)
        if type_ in ("dataset", "model", "method") and looks_like_name(name, explicit):
            proposed = coined or proposed_at(start, self.proposals)
            self.found.append(Discovery(name, start, start + len(name), type_, proposed, rule, strength))

    def naming(self) -> None:
        """ "termed Dense Policy", "called ReLinear", "namely Ling-Coder-Lite"."""
        for start, end in self.anchors["naming"]:
            m = _NAMING.match(self.text, start)
            if m:
                cue = cue_type(self.text, m.start(), m.start("name"), m.group("name"))
                # "termed X", "we call X" coin a name; "called X" may name someone else's
                coined = self.text[start:end].lower() in _COINING
                strength = int(cue is not None)
                self.add(m.group("name"), m.start("name"), cue or "method", "naming", strength, True, coined)
                second = _AND_NAME.match(self.text, m.end("name"))
                if second and looks_like_name(second.group("name")):  # coined ("namely Turkish and Pashto" is not)
                    name, at = second.group("name"), second.start("name")
                    self.add(name, at, cue or "method", "naming", strength, True, coined)

    def proposal(self) -> None:
        """ "we propose Antidote, a ...": the name right after a proposal verb."""
        for verb_end, _ in self.proposals:
            m = _AFTER_VERB.match(self.text, verb_end)
            if m:
                name = m.group("name")
                cue = cue_type(self.text, m.start("name"), m.end("name"), name)
                explicit = bool(_APPOSITION_AFTER.match(self.text, m.end("name")))
                self.add(name, m.start("name"), cue or "method", "proposal", int(cue is not None), explicit)

    def apposition(self) -> None:
        """ "ThaiSafetyBench, an open-source benchmark", "ARAS400k: A large-scale ... dataset"."""
        text = self.text
        for a in _APPOSITION.finditer(text):
            if not _capital_before(text, a.start()):
                continue
            name = _name_before(text, a.start(), 5, joiners=True)
            noun = _PHRASE_NOUN.match(text, a.end())
            if not (name and noun):
                continue
            if noun.group("noun").lower() in _COLLECTIVE and (inner := _OF_NOUN.match(text, noun.end())):
                noun = inner  # "a suite of MLP networks" is networks, "a family of LLMs" is LLMs
            type_ = noun_type(noun.group("noun"), name[1], around(text, a.start(), noun.end()))
            explicit = proposed_at(name[0], self.proposals)
            self.add(name[1], name[0], type_, "appositive", 2, explicit)

    def type_nouns(self, title: bool) -> None:
        """ "the MVTec dataset" (name before the noun), "a new benchmark, RealWorldQuestioning" (after),
        and outside titles "KITTI Object Detection Benchmark" (a capitalised phrase with its noun)."""
        text = self.text
        for start, end in self.anchors["noun"]:
            if start == 0 or text[start - 1] not in " \n":
                continue
            noun = text[start:end]
            if _capital_before(text, start):
                before = _name_before(text, start, 3)
                if before and _INDEFINITE.search(text, max(0, before[0] - 4), before[0]) and " " in before[1]:
                    before = None  # "a Multi-Stage AVR benchmark" describes, "the KITTI benchmark" names
                if before and not ADJ_TAIL.search(before[1]):  # "a DiT-based model" is no model DiT
                    type_ = noun_type(noun, before[1], around(text, before[0], end))
                    self.add(before[1], before[0], type_, "type-noun", 2)
                if not title and noun in TITLED_DATASET_NOUNS:
                    titled = _name_before(text, start, 5)
                    if (
                        titled
                        and _titled_name(titled[1])
                        and not _INDEFINITE.search(text, max(0, titled[0] - 4), titled[0])
                    ):
                        self.add(f"{titled[1]} {noun}", titled[0], "dataset", "titled", 2, True)
            after = _NAME_AFTER_NOUN.match(text, end)
            if after and _DETERMINER_BEFORE.search(text, max(0, start - 50), start):
                explicit = bool(after.group("comma")) and proposed_at(after.start("name"), self.proposals)
                type_ = noun_type(noun, after.group("name"), around(text, start, after.end()))
                self.add(after.group("name"), after.start("name"), type_, "noun-name", 2, explicit)

    def components(self) -> None:
        """A run of three or more capitalised words ending in a component or process word, inside a sentence:
        "we introduce a Cross-Modal Context Prompt Module", "Second, Heterogeneous Node Representation models"."""
        text = self.text
        for start, end in self.anchors["component"]:
            if not text[start].isupper():
                continue
            found = _name_before(text, end, 6)
            if found is None or not _INSIDE_SENTENCE.match(text, found[0] - 2):
                continue  # the start of a sentence, or part of a longer capitalised run
            name, start = trim_name(found[1], found[0])
            if name.count(" ") >= 2:  # two words name a part of a system ("the Entry Agent"), not a method
                self.add(name, start, "method", "component", 1, True)

    def shapes(self) -> None:
        """Names whose shape says what they are: "LongCodeQA", "MedVAL-4B", "EVE-Instruct", "Glot Bench"."""
        text, last = self.text, -1
        for a in _SHAPE_ANCHOR.finditer(text):
            head = _TOKEN_START.search(text, max(0, a.start() - 40), a.start() + 1)
            if head is None or head.start() <= last:
                continue
            start = head.start()
            end = end_of(_TOKEN_REST, text, start)
            token = text[start:end].rstrip(".")
            last = start
            if _BENCH_TOKEN.fullmatch(token):  # the strongest type evidence: a benchmark says so in its name
                self.add(token, start, "dataset", "shape", 3, True)
            elif _SIZED_TOKEN.fullmatch(token) or (_VARIANT_TOKEN.fullmatch(token) and _variant_of_name(token)):
                self.add(token, start, "model", "shape", 2, True)
            elif token == "Bench":
                spaced = _SPACED_BENCH.search(text, max(0, start - 40), start)
                if spaced:
                    self.add(spaced.group("name") + " Bench", spaced.start("name"), "dataset", "shape", 3)

    def lists(self) -> None:
        """Names listed after or before a plural type noun, or where results are reported."""
        text = self.text
        for start, end in self.anchors["such"]:
            noun = _LIST_NOUN_BEFORE.search(text, max(0, start - 30), start)
            items = _LIST_AHEAD.match(text, end) if noun else None
            if noun and items:
                self._items(items, LIST_NOUNS[noun.group("noun")], 2)
        for start, end in self.anchors["noun"]:
            listed = LIST_NOUNS.get(text[start:end])
            mark = text[end : end + 3].lstrip()[:1] if listed else ""
            if listed and mark in _LIST_AFTER_NOUN and (after := _LIST_AFTER_NOUN[mark].match(text, end)):
                # two items at least ("models (ALP-GMM)" defines an acronym), and after a comma joined by
                # "and" ("datasets, A and B" lists; "datasets, A outperforms" is a clause)
                two = len(_LIST_SPLIT.split(after.group("list"))) >= 2
                if two and (mark != "," or _AND.search(after.group("list"))):
                    self._items(after, listed, 1 if mark == "," else 2)
            if text[start : start + 4] in ("data", "benc", "corp") and text[start - 1 : start] in (" ", "\n"):
                window = max(0, start - 2 * _REACH)
                if _AND.search(text, window, start):
                    items = _LIST_BEHIND.search(text, window, start)
                    if items:
                        self._items(items, "dataset", 2)
        for start, end in self.anchors["on"]:
            items = _ON_LIST.match(text, end)
            if (
                items
                and _RESULTS_BEFORE.search(text, max(0, start - 50), start)
                and not _NOT_A_DATASET_AFTER.match(text, items.end())
            ):
                self._items(items, "dataset", 1)

    def _items(self, m: re.Match[str], type_: str, strength: int) -> None:
        items = _LIST_SPLIT.split(m.group("list"))
        if COMPONENTS.common_word_guard and any(is_metric(item) for item in items):
            return  # "on Precision, Recall, F1-Score": a list of metrics
        pos = m.start("list")
        for item in items:
            start = self.text.find(item, pos)
            pos = start + len(item)
            if not _CONTINUES.match(self.text, pos):  # "such as Iterative Magnitude Pruning": not "Iterative"
                self.add(item, start, type_, "list", strength, explicit=strength == 2)


def discover(
    text: str,
    *,
    title: bool = False,
    anchors: dict[str, list[tuple[int, int]]] | None = None,
    proposals: list[tuple[int, int]] | None = None,
) -> list[Discovery]:
    """Every name the patterns find in ``text`` (possibly overlapping; the caller resolves overlaps).

    All discoveries of one name get its best-supported type. With ``title=True`` the text is a paper
    title: a leading "Name: ..." names the paper's contribution, and Title Case is no naming signal.
    ``anchors`` and ``proposals`` may pass ``find_anchors(text)`` and ``proposal_spans(text)`` when the
    caller has them.

    >>> [(d.name, d.type, d.proposed) for d in discover("We propose FooNet, a novel architecture for X.")]
    [('FooNet', 'method', True), ('FooNet', 'method', True)]
    """
    finder = _Finder(text, anchors, proposals)
    finder.naming()
    finder.proposal()
    finder.apposition()
    finder.type_nouns(title)
    finder.shapes()
    finder.lists()
    if not title and COMPONENTS.component_names:
        finder.components()
    found = finder.found
    if title:
        found.extend(_title_prefix(text))
        if COMPONENTS.title_techniques:
            found.extend(_title_technique(text))
    generic = {d.acronym for d in found if d.rule == "definition" and not d.type}
    return _agree([d for d in found if d.name not in generic])


def _agree(found: list[Discovery]) -> list[Discovery]:
    """Give every discovery of one name the best-supported type, and the proposal flag if any has it."""
    best: dict[str, Discovery] = {}
    proposed: set[str] = set()
    for d in found:
        if d.name not in best or d.strength > best[d.name].strength:
            best[d.name] = d
        if d.proposed:
            proposed.add(d.name)
    out = []
    for d in found:
        top = best[d.name]
        same = d.type == top.type and d.strength == top.strength and d.proposed == (d.name in proposed)
        out.append(d if same else d._replace(type=top.type, strength=top.strength, proposed=d.name in proposed))
    return out


def _title_prefix(title: str) -> list[Discovery]:
    """ "ReLinear: ...", "The Foo Battery: A Benchmark for ..." — the name a title leads with."""
    m = _TITLE_PREFIX.match(title)
    if not m:
        return []
    name, start = m.group("name"), m.start("name")
    if name.startswith("The "):
        name, start = name[4:], start + 4
    name = " ".join(name.split())
    if name.split()[0].lower() in OPENERS:
        return []
    words = name.split()
    if len(words) > 1 and _verb_form(words[-1]):  # "InPhyRe Discovers: ...": a sentence, not a name
        name = " ".join(words[:-1])
    rest = title[m.end() - 1 :]
    report = _REPORT.search(name)  # "Qwen2.5 Technical Report": a report on a released model
    if report:
        name = name[: report.start()]
        return [Discovery(name, start, start + len(name), "model", True, "title", 1)] if name else []
    explicit = len(name.split()) == 1 or bool(_ARTICLE.match(rest))
    if not looks_like_name(name, explicit) or is_generic(name):
        return []
    head = _TITLE_HEAD.match(rest)
    # "3DrawAgent: Teaching LLM to Draw": the noun after a leading gerund is its object, not what the name is
    nouns = [] if _GERUND.match(rest) else _TITLE_NOUNS.findall(head.group() if head else rest)
    type_ = TITLE_NOUN_TYPES.get(nouns[-1].lower().rstrip("s"), "method") if nouns else "method"
    if type_ == "model" and nouns[-1].lower().startswith("model"):
        type_ = noun_type(nouns[-1], name, title)  # "Two-Stage Models" are a method, "Code LLMs" models
    # Titles capitalise every word, so plain words ("Knot So Simple: ...") may be a pun, not a name:
    # the caller keeps such a "title-phrase" only if the abstract uses it too.
    words = name.split()
    coined = len(words) == 1 or any(is_strong(w) for w in words) or words[-1][:1].isdigit()  # "Cosmos 3"
    rule = "title" if coined else "title-phrase"
    return [Discovery(name, start, start + len(name), type_, True, rule, 1)]


def _verb_form(word: str) -> bool:
    """Whether a capitalised word is a verb's third person ("Discovers", "Meets"): the corpus writes its
    stem mostly in a verb's place (``word_forms``).

    >>> _verb_form("Discovers"), _verb_form("Scales"), _verb_form("Systems")
    (True, False, False)
    """
    if not (word.endswith("s") and word[:1].isupper() and word[1:].islower()):
        return False
    used = word_forms(word[:-1])
    return used is not None and used.as_verb >= _VERB_SHARE * used.total


def _title_technique(title: str) -> list[Discovery]:
    """ "... via Max-Pool Dilation", "... through Feature Imputation Network": the technique a title
    says the paper works by, capitalised words after "via", "through", "using" or "with" that end the
    title or its clause and end in a process or component word ("Dilation", "Sampling", "Network").

    >>> [d.name for d in _title_technique("Shape Bias in CNNs via Max-Pool Dilation")]
    ['Max-Pool Dilation']
    """
    found = []
    for m in _VIA.finditer(title):
        name = " ".join(m.group("name").split())
        words = name.split()
        if len(words) < 2 or words[0].lower() in OPENERS or is_generic(name) or not looks_like_name(name, True):
            continue
        if not _TECHNIQUE_HEAD.search(words[-1]):  # "via Modality Preference" names no technique
            continue
        found.append(
            Discovery(
                name, m.start("name"), m.start("name") + len(m.group("name")), "method", True, "title-technique", 1
            )
        )
    return found
