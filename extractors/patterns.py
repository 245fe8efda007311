"""Find names no vocabulary holds, from the way papers introduce them.

Papers announce their own methods, datasets and models in a few set phrasings: an acronym
definition ("Iterative Magnitude Pruning (IMP)"), a naming verb ("termed Dense Policy"), a proposal
("we introduce ThaiSafetyBench, an open-source benchmark"), a type noun ("the MVTec dataset"), a
title prefix ("ReLinear: ..."), or a telling shape ("MedVAL-4B", "LongCodeQA"). Each rule yields a
:class:`Discovery`. The name must look like a coined name (inner capitals, digits) unless the
phrasing itself is explicit ("termed X", "we propose X, a ..."), so that generic phrases ("a novel
framework", "popular datasets") stay out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from extractors.cues import type_from_context

_H = r"\-‐‑"  # hyphens inside names (escaped for character classes)
_NOT_AFTER = rf"(?<![\w{_H}.])"  # a name starts a word
_NOT_BEFORE = rf"(?![\w{_H}])"  # a name ends a word
# One name token: letters/digits joined by hyphens, dots or carets ("Qwen2.5", "GPT-4o", "BT^2"),
# optionally ending in "+" or "*" ("CodeT5+", "CFG-Zero*"); capitalised or with an inner capital.
# "[a-z]++" never backtracks: the lookahead runs once per token, not once per prefix of a long word.
_CAP_TOK = rf"(?:[A-Z0-9]|[a-z]++(?=[\w{_H}.^]*[A-Z]))(?:[A-Za-z0-9]|[.{_H}^](?=[A-Za-z0-9]))*(?:\+\+?|\*)?"
# A name of up to five capitalised tokens ("Dense Policy", "Tanks & Temples", "Mistral Small 3.2").
_NAME = rf"{_CAP_TOK}(?:[ \n](?:&[ \n])?{_CAP_TOK}){{0,4}}"


def _words(block: str) -> frozenset[str]:
    """The whitespace-separated words of a text block (keeps long word lists readable)."""
    return frozenset(block.split())


#: Upper-case words that are abbreviations, metrics or ordinary words, never entity names on their own.
_GENERIC = _words(
    """
    AI AGI ML DL NLP CV RL LLM LLMs VLM VLMs MLLM MLLMs LVLM LVLMs LMM LMMs SLM SLMs LM LMs PLM PLMs
    GPU GPUs CPU CPUs TPU TPUs API APIs SOTA FPS FLOP FLOPs GFLOPs TFLOPs IoU mIoU mAP AP AUC AUROC
    AUPR ROC F1 BLEU ROUGE METEOR CIDEr PSNR SSIM LPIPS FID FVD MSE MAE RMSE NLL PPL WER CER EER SNR
    BER US UK EU USA UN COVID COVID-19 SARS-CoV-2 2D 3D 4D 6D RGB RGB-D IoT CT MRI PET EEG ECG fMRI
    PDF JSON XML HTML SQL URL URLs GUI UI OCR OOD ID IID KV QA MCQ MCQA SR HR LR DNN DNNs NN NNs ANN
    ANNs OS II III IV VI PhD MSc R&D CEO AR VR XR UAV UAVs IT ICT ICU EHR EHRs GPS LiDAR SAR RF IR
    NER POS HPO NAS ASR TTS NMT MT XAI AIGC AGV IMU MLOps DevOps SaaS TCP IP HTTP CUDA GPT LLaMA DOI
    ORCID Table Tables Fig Figure Figures Section Sec Eq Appendix Part Step Stage Phase Task Tasks
    Type Level Code Data Dataset Datasets Model Models Method Methods Framework Benchmark Benchmarks
    Results The This These That Those We Our Ours In On For To With From By As At An A Its It Here
    However Moreover Furthermore Finally First Second Third Specifically Additionally Extensive
    Experiments Experimental Existing Recent Previous Prior Current Unlike While When Where Using
    Based Given Then Large Small Deep Neural Learning Network Networks Language Vision Visual
    Multimodal Novel New GitHub Github HuggingFace Hugging Face Project Page Website Supplementary
    Abstract Introduction Background Objective Objectives Purpose Results Conclusion Conclusions
    Motivation Context Summary Aim Aims Findings Significance Availability Keywords Index Terms Note
    Warning Contributions English Chinese Japanese Korean German French Spanish Arabic Persian Thai
    Hindi Indian European China America Africa Asia Europe India Japan Korea Germany France Canada
    Australia Brazil Russia January February March April May June July August September October
    November December Python PyTorch TensorFlow JAX Java Linux Windows Android iOS Excel Google
    Microsoft Meta OpenAI Anthropic NVIDIA Nvidia Apple Amazon IBM Intel AMD Baidu Alibaba Tencent
    DeepMind
    """
)
_GENERIC_FOLDED = frozenset(w.lower() for w in _GENERIC)
#: Words a multi-word capitalised phrase may not start with (sentence openers and heads, not names).
_OPENERS = _words(
    """
    the this these that those we our a an in on for to with from by as at its it here however
    moreover furthermore finally first second third specifically additionally recent existing
    previous prior current unlike while when where using based given extensive experiments results
    towards toward beyond rethinking revisiting understanding learning how why what can do does is
    are via no not all any each every both most many more less then thus hence also further although
    though since because if after before during over under between within without
    """
)
# Lower-case words that continue a name token but are not part of the name: "DiT-based", "AI-driven".
_ADJ_TAIL = re.compile(
    rf"[{_H}](?:based|like|style|driven|guided|free|specific|level|scale|wise|only|aware|enabled|augmented|"
    r"generated|powered|centric|oriented|inspired|tuned|trained|pretrained|sized|type|related|agnostic|"
    r"compatible|conditioned|dependent|independent|friendly|ready|native|focused|assisted|supervised|"
    r"annotated|labeled|labelled|derived|generated|built|induced|informed|in|to|of)$"
)
_VERSION = re.compile(r"\d{1,2}(?:\.\d{1,2})?$")
_SIZE_ONLY = re.compile(r"^[\d.,]+[A-Za-z]{0,2}[+*]?$|^[A-Za-z]?\d+[\d.,]*$")


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
    parts = [p for p in re.split(rf"[{_H}.^]", token) if p]
    if len(parts) > 1 and any(len(p) == 1 and p.isupper() for p in parts):
        return True
    return any(any(c.isupper() for c in p[1:]) for p in parts)


def is_generic(name: str) -> bool:
    """Abbreviations, metrics and sentence words that look like names but are not entities.

    >>> is_generic("LLMs"), is_generic("GASP")
    (True, False)
    """
    bare = name[:-1] if name.endswith("s") and name[:-1].isupper() else name
    return name in _GENERIC or bare in _GENERIC or name.lower() in _GENERIC_FOLDED or bool(_SIZE_ONLY.match(name))


def looks_like_name(name: str, explicit: bool = False) -> bool:
    """Whether ``name`` can be an entity name: some token is strong, or (after an ``explicit`` naming
    phrase such as "termed X") all its words are capitalised and it does not start like a sentence.

    >>> looks_like_name("Dense Policy"), looks_like_name("Dense Policy", explicit=True)
    (False, True)
    """
    words = name.split()
    if not words or len(name) < 2 or is_generic(name) or words[0].lower() in _OPENERS:
        return False
    if all(is_generic(w) or w == "&" for w in words):
        return False
    if any(is_strong(w) and not is_generic(w) for w in words):
        return True
    capitalised = all(w[:1].isupper() or w[:1].isdigit() or w == "&" for w in words)
    if capitalised and len(words) > 1 and _VERSION.match(words[-1]) and not is_generic(words[0]):
        return True  # a product name with a version: "Cosmos 3", "Mistral Small 3.2"
    return explicit and capitalised and len(name) >= 3


# --- discoveries ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Discovery:
    """A name a pattern found: where, as what type, how sure the type is, and whether the text
    introduces it. Definitions also carry the ``acronym`` and where it was written.
    """

    name: str
    start: int
    end: int
    type: str
    """dataset, model, method or task; "" for a definition of a term the vocabulary may know."""
    proposed: bool
    rule: str
    strength: int = 1
    """2: an explicit type noun or shape says the type; 1: a nearby cue word; 0: a default."""
    acronym: str | None = None
    acronym_start: int = -1
    acronym_end: int = -1

    def surfaces(self) -> tuple[str, ...]:
        """The written forms of this name (the name, then its acronym if any)."""
        return (self.name, self.acronym) if self.acronym else (self.name,)


_PROPOSE_VERB = (
    r"(?:propose|introduce|present|develop|design|release|build|construct|create|curate|contribute|"
    r"unveil|launch|devise|offer|establish|formulate|open-source)[sd]?"
)
_SUBJECT = r"\b(?:[Ww]e|[Oo]ur|[Tt]his (?:paper|work|study|article|report|letter|thesis)|[Hh]ere)\b"
_PROPOSAL = re.compile(
    rf"{_SUBJECT}[^.;:]{{0,60}}?\b{_PROPOSE_VERB}\b(?![ \n]+to\b)|\b(?:is|are) (?:proposed|introduced)\b"
)
#: How far (characters) after a proposal verb a name still counts as the thing proposed.
_PROPOSAL_REACH = 70
_CLAUSE_END = re.compile(r"[.;](?:\s|$)")
_NAMING = re.compile(
    r"\b(?:called|named|termed|dubbed|coined|denoted(?: as| by)?|referred to as|nicknamed|namely|"
    r"(?:we|which we) (?:call|name|term|dub))[ \n]+(?:as[ \n]+)?(?:the[ \n]+)?"
    rf"[\"“'‘]?(?P<name>{_NAME})"
)
_AFTER_VERB = re.compile(
    rf"{_SUBJECT}[^.;:]{{0,60}}?\b{_PROPOSE_VERB}[ \n]+(?:(?:the|our)[ \n]+)?[\"“]?(?P<name>{_NAME})"
    r"[\"”]?(?=[ \n]*(?:,|\(|:|—|–|--| - |\.|\bas\b|\bwhich\b|\bthat\b|\bto\b|\bfor\b|\bwith\b))"
)
_TYPE_NOUN = (
    r"(?P<noun>(?i:datasets?|benchmarks?|corpus|corpora|suite|challenge|leaderboard|testbed|framework|method|"
    r"algorithm|approach|architecture|pipeline|models?|network|technique|strategy|module|loss|agent|system|"
    r"toolkit|library|optimizer|baseline|series|family|metric|score|index|measure)|LLMs?)"
)
_NOUN_TYPES = {
    "dataset": "dataset", "datasets": "dataset", "benchmark": "dataset", "benchmarks": "dataset",
    "corpus": "dataset", "corpora": "dataset", "suite": "dataset", "challenge": "dataset",
    "leaderboard": "dataset", "testbed": "dataset", "LLM": "model", "LLMs": "model", "series": "model",
    "family": "model", "metric": "other", "score": "other", "index": "other", "measure": "other",
}  # fmt: skip
_NAME_NOUN = re.compile(rf"{_NOT_AFTER}(?P<name>(?:{_CAP_TOK}[ \n]){{0,2}}{_CAP_TOK})[ \n]+{_TYPE_NOUN}\b")
# "a new benchmark dataset, RealWorldQuestioning": the type noun first, then the name.
_NOUN_NAME = re.compile(
    rf"\b(?:a|an|the|our|new|novel)[ \n]+(?:[\w{_H}]+[ \n]+){{0,4}}?{_TYPE_NOUN}[ \n]*(?P<comma>,?)[ \n]*"
    rf"(?:(?:called|named|termed|dubbed)[ \n]+)?[\"“]?(?P<name>{_NAME})"
    r"(?=[\"”]?[ \n]*[,.;:(]|[ \n]+(?:which|that|with)\b)"
)
# Signs that "model" means a released model: a parameter count, a language/foundation model.
_RELEASED = re.compile(
    r"\b\d+(?:\.\d+)?[BM]\b|\b(?:language|foundation|open[- ]source|open[- ]weights?|pre-?trained|"
    r"instruction[- ]tuned|chat|reasoning|LLM|LLMs|checkpoints?|parameters?|family)\b",
    re.IGNORECASE,
)
_VARIANT_NAME = re.compile(
    rf"[{_H} ](?:Instruct|Chat|Base|Coder|Lite|Turbo|Omni|VL|Thinking|\d+(?:\.\d+)?[BM])(?:[{_H} ]\w+)*$|"
    rf"[{_H}]v\d+(?:\.\d+)?$"
)
# "NAME, a/an/the ... benchmark/framework/...": an appositive that says what the name is.
_APPOSITIVE = re.compile(
    rf"{_NOT_AFTER}(?P<name>{_NAME})[,:][ \n]+(?:a|an|the|our)[ \n]+(?P<phrase>(?:[\w{_H}/.]+[ \n]+){{0,6}}?)"
    rf"{_TYPE_NOUN}\b"
)
# A capitalised phrase whose last word is a capitalised type noun: "KITTI Object Detection Benchmark".
_TITLED = re.compile(
    rf"(?<!\ba )(?<!\ban ){_NOT_AFTER}(?P<name>(?:{_CAP_TOK}[ \n]){{1,5}}"
    r"(?:Benchmark|Dataset|Corpus|Challenge|Suite|Battery|Arena|Leaderboard))\b"
)
# Shapes that say "benchmark" or "released model" by themselves.
_BENCH_SHAPE = re.compile(
    rf"{_NOT_AFTER}(?P<name>[A-Z][\w{_H}]*?(?:[a-z0-9{_H}]Bench|[a-z{_H}]QA|[{_H}]Eval)(?:[{_H}]\w+)?){_NOT_BEFORE}"
    rf"|{_NOT_AFTER}(?P<spaced>[A-Z]\w*[A-Z]\w*[ ]Bench)\b"
)
_SIZED_MODEL = re.compile(
    rf"{_NOT_AFTER}(?P<name>[A-Z][\w.]*(?:[{_H}][\w.]+)*?[{_H}]\d+(?:\.\d+)?[BM]"
    rf"(?:[{_H}](?:[A-Z]\w*|it|chat|instruct|base))*){_NOT_BEFORE}"
)
_VARIANT_MODEL = re.compile(
    rf"{_NOT_AFTER}(?P<name>[A-Z][\w.{_H}]*?[{_H}](?:Instruct|Chat|Base|Coder|Lite|Turbo|Omni|Thinking)"
    rf"(?:[{_H}](?:[A-Z]\w*|v\d+(?:\.\d+)?))*){_NOT_BEFORE}"
)
_TITLE_PREFIX = re.compile(rf"^[ \n]*(?P<name>{_NAME})[ \n]*(?::|[{_H}–—][ \n])[ \n]*\S")
# Lists introduced by a dataset or model noun: "datasets such as A, B and C", "A, B, and C datasets".
_LIST_AFTER = re.compile(
    r"\b(?P<noun>datasets|benchmarks|corpora|models|LLMs|VLMs|MLLMs|baselines|methods|approaches|"
    r"architectures|algorithms|optimizers)[ \n]*(?:\([ \n]*)?"
    r"(?:,[ \n]*)?(?:such as|including|e\.g\.,?|like|namely|i\.e\.,?)[ \n]+"
    rf"(?P<list>{_CAP_TOK}(?:(?:,[ \n]*|,?[ \n]+(?:and|or)[ \n]+){_CAP_TOK}){{0,8}})"
)
_LIST_BEFORE = re.compile(
    rf"{_NOT_AFTER}(?P<list>{_CAP_TOK}(?:,[ \n]*{_CAP_TOK}){{0,8}},?[ \n]+(?:and|&)[ \n]+{_CAP_TOK})"
    r"[ \n]+(?:[a-z][a-z\-]+[ \n]+)?(?P<noun>datasets|benchmarks|corpora)\b"
)
# Where results are reported: "results on Nr3D and ScanRefer", "improvements on VQA-RAD".
_EVALUATED_ON = re.compile(
    r"\b(?:performance|results?|accuracy|experiments?|evaluat\w+|tested|state-of-the-art|SOTA|improvements?|"
    r"gains?|scores?|achiev\w+|outperform\w*|surpass\w*)[ \n]+(?:[\w%.\-]+[ \n]+){0,3}?(?:on|across)[ \n]+"
    rf"(?:the[ \n]+)?(?P<list>{_CAP_TOK}(?:(?:,[ \n]*|,?[ \n]+(?:and|&)[ \n]+){_CAP_TOK}){{0,6}})"
    r"(?![ \n]+(?:models?|LLMs?|backbones?|architectures?|GPUs?)\b)"
)
_CONTINUES = re.compile(r"[ \n]+[A-Z][a-z]")  # the list item runs on into a capitalised phrase
_MODEL_SIGN_REACH = 100
_LIST_SPLIT = re.compile(r",?[ \n]+(?:and|or|&)[ \n]+|,[ \n]*")
# The head of a title's remainder is its last type noun before "for", "of", "with", ...
_TITLE_HEAD = re.compile(r".*?(?=\b(?:for|with|via|in|on|to|from|through|towards?|using)\b|$)", re.DOTALL)
_TITLE_NOUNS = re.compile(
    r"\b(?:benchmarks?|datasets?|corpus|corpora|suite|test ?bed|leaderboard|battery|evaluations?|models?|"
    r"LLMs?|framework|method|approach|algorithm|architecture|network|system|toolkit|pipeline|agent|"
    r"strategy|technique|scheme|paradigm|recipe|mechanism|loss|objective|procedure|optimi[sz]er|learner|"
    r"module|layer|policy)\b",
    re.IGNORECASE,
)
_TITLE_TYPES = {
    "benchmark": "dataset", "dataset": "dataset", "corpus": "dataset", "corpora": "dataset",
    "suite": "dataset", "testbed": "dataset", "test bed": "dataset", "leaderboard": "dataset",
    "battery": "dataset", "evaluation": "dataset", "model": "model", "llm": "model",
}  # fmt: skip
_REPORT = re.compile(r"[ \n]+(?:Technical|Tech)[ \n]+Report$")
_LIST_TYPES = {
    "datasets": "dataset", "benchmarks": "dataset", "corpora": "dataset", "models": "model",
    "LLMs": "model", "VLMs": "model", "MLLMs": "model",
}  # fmt: skip
# A definition right after a naming verb, or followed by "is proposed", is the text's own.
_NAMED_BEFORE = re.compile(r"\b(?:termed|called|named|dubbed|coined|referred to as)[ \n]+$")
_PASSIVE_AFTER = re.compile(
    r"[)\s]*(?:\w+[ \n]+){0,2}?(?:is|are)[ \n]+(?:\w+[ \n]+)?(?:proposed|introduced|presented|developed)\b"
)

# --- acronym definitions ----------------------------------------------------------------------------

_DEFINITION = re.compile(r"\((?P<acr>[A-Za-z][\w.+*^&\-]{0,14})[);,]")
_REVERSED = re.compile(rf"{_NOT_AFTER}(?P<acr>{_CAP_TOK})[ \n]+\((?P<long>[A-Za-z][^()]{{3,120}}?)\)")
_LONG_STOP = re.compile(r"[.;:!?()\[\]](?:\s|$)|[()\[\];:]")
_WORD = re.compile(rf"[\w'’]+(?:[{_H}/][\w'’]+)*")
_TASK_HEAD = re.compile(
    r"(?:learning|adaptation|generali[sz]ation|recognition|detection|segmentation|classification|"
    r"generation|answering|retrieval|translation|estimation|tracking|prediction|reasoning|understanding|"
    r"synthesis|forecasting|captioning|summari[sz]ation|editing|localization|parsing|tagging|grounding|"
    r"processing|analysis|reconstruction|completion|planning|navigation|manipulation|"
    r"verification|identification|diagnosis|restoration|enhancement|super-resolution|unlearning)$",
    re.IGNORECASE,
)
_DATASET_HEAD = re.compile(
    r"(?:benchmark|dataset|corpus|suite|bench|challenge|collection|graph|leaderboard|database|battery|"
    r"arena|testbed)s?$",
    re.IGNORECASE,
)
_TITLED_DATASET_HEAD = re.compile(r"(?:Videos|Images|Questions|Dialogues|Scenes)$")
_MODEL_HEAD = re.compile(r"(?:[Ll]anguage [Mm]odels?|LLMs?|[Uu]tility [Mm]odels?)$")
_NOUN_AFTER = re.compile(rf"[)\s]*{_TYPE_NOUN}\b")


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
    for short in _acronym_readings(acronym):
        found = _match_letters(short, window)
        if found and len(found.split()) <= len(short) + 3:
            return found
    return None


def _acronym_readings(acronym: str) -> list[str]:
    """Ways to read an acronym's letters: digits expanded, as written, upper-case letters only."""
    core = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    readings: list[str] = []
    expanded = re.sub(r"([A-Za-z])([2-5])", lambda m: m.group(1) * int(m.group(2)), core)
    for reading in (expanded, core, "".join(c for c in core if c.isupper())):
        letters = "".join(c for c in reading if c.isalpha()).lower()
        if len(letters) >= 2 and letters not in readings:
            readings.append(letters)
    return readings


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


def _definitions(text: str, proposals: list[tuple[int, int]]) -> Iterator[Discovery]:
    """ "Long Form (LF)" and "LF (Long Form)" definitions of names (not of generic abbreviations)."""
    for m in _DEFINITION.finditer(text):
        acronym = m.group("acr").rstrip(".-")
        if is_generic(acronym) or not any(c.isupper() for c in acronym[1:] + acronym[:1]):
            continue
        if sum(c.isupper() for c in acronym) < 2 and not is_strong(acronym):
            continue
        head = text[max(0, m.start() - 200) : m.start()]
        stops = list(_LONG_STOP.finditer(head))
        if stops:
            head = head[stops[-1].end() :]
        long = long_form_for(acronym, head)
        if long is None:
            continue
        first = long.split()[0]
        start = text.rfind(first, max(0, m.start() - 200), m.start())
        end = len(text[max(0, m.start() - 200) : m.start()].rstrip()) + max(0, m.start() - 200)
        if start < 0 or " ".join(text[start:end].split()) != long:
            continue
        yield from _typed_definition(text, long, start, end, acronym, m.start("acr"), proposals)
    for m in _REVERSED.finditer(text):
        acronym, inner = m.group("acr"), " ".join(m.group("long").split())
        if not is_strong(acronym) or is_generic(acronym) or len(inner.split()) < 2:
            continue
        if not any(_match_letters(short, inner) == inner for short in _acronym_readings(acronym)):
            continue
        yield from _typed_definition(text, inner, m.start("long"), m.end("long"), acronym, m.start("acr"), proposals)


def _typed_definition(
    text: str, long: str, start: int, end: int, acronym: str, acr_start: int, proposals: list[tuple[int, int]]
) -> Iterator[Discovery]:
    """Type a definition by its head word, the noun after it, and context; lower-case long forms
    count only when the text introduces them (else they are generic: "large language models (LLMs)")."""
    acr_end = acr_start + len(acronym)
    first, last_pos = min(start, acr_start), max(end, acr_end)
    proposed = (
        _proposed_at(first, proposals)
        or bool(_NAMED_BEFORE.search(text, max(0, first - 30), first))
        or bool(_PASSIVE_AFTER.match(text, last_pos))
    )
    words = long.split()
    content = [w for w in words if len(w) > 3 or w[:1].isupper()]
    titled = sum(w[:1].isupper() for w in content) * 2 >= len(content)
    if not (titled or proposed):  # a generic term, unless the vocabulary knows its long form
        yield Discovery(long, start, end, "", False, "definition", 0, acronym, acr_start, acr_end)
        return
    last = words[-1]
    after = _NOUN_AFTER.match(text, last_pos)
    strength = 2
    if _DATASET_HEAD.search(last) or (titled and _TITLED_DATASET_HEAD.search(last)):
        type_ = "dataset"
    elif _MODEL_HEAD.search(long):
        type_ = "model"
    elif after:
        type_ = _noun_type(after.group("noun"), acronym, after.group())
    elif _TASK_HEAD.search(last) and not proposed:
        type_ = "task"
    else:
        cue = type_from_context(text, acr_start, acr_end + 1)
        type_, strength = ("method", 1) if cue in (None, "model") else (cue, 1)
    if type_ == "other":
        return
    yield Discovery(long, start, end, type_, proposed, "definition", strength, acronym, acr_start, acr_end)


def _proposal_spans(text: str) -> list[tuple[int, int]]:
    """(end of proposal verb, end of its sentence) for each "we propose ..." phrasing."""
    # Clause ends found once: searching onwards from each verb rescans long unpunctuated stretches.
    stops = [m.start() for m in _CLAUSE_END.finditer(text)]
    spans = []
    for m in _PROPOSAL.finditer(text):
        index = bisect.bisect_left(stops, m.end())
        spans.append((m.end(), stops[index] if index < len(stops) else len(text)))
    return spans


def _proposed_at(pos: int, proposals: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` is right after a proposal verb (the thing proposed, not a tool it uses)."""
    # proposals are in text order: only those whose verb ends within reach before pos can count.
    first = bisect.bisect_left(proposals, pos - _PROPOSAL_REACH + 1, key=lambda span: span[0])
    last = bisect.bisect_right(proposals, pos, key=lambda span: span[0])
    nearby = proposals[first:last]
    return any(verb_end <= pos < min(sentence_end, verb_end + _PROPOSAL_REACH) for verb_end, sentence_end in nearby)


# --- the other rules --------------------------------------------------------------------------------


def discover(text: str, *, title: bool = False) -> list[Discovery]:
    """Every name the patterns find in ``text`` (possibly overlapping; the caller resolves overlaps).

    With ``title=True`` the text is a paper title: a leading "Name: ..." names the paper's contribution,
    and Title Case is not taken as a naming signal.

    >>> [(d.name, d.type, d.proposed) for d in discover("We propose FooNet, a novel architecture for X.")]
    [('FooNet', 'method', True), ('FooNet', 'method', True)]
    """
    proposals = _proposal_spans(text)
    found: list[Discovery] = list(_definitions(text, proposals))

    def add(name: str, start: int, type_: str | None, rule: str, strength: int, explicit: bool = False) -> None:
        name, start = _trim(name, start)
        if type_ in ("dataset", "model", "method") and looks_like_name(name, explicit):
            proposed = rule == "title" or _proposed_at(start, proposals)
            found.append(Discovery(name, start, start + len(name), type_, proposed, rule, strength))

    for m in _NAMING.finditer(text):
        cue = _cue_type(text, m.start(), m.start("name"), m.group("name"))
        add(m.group("name"), m.start("name"), cue or "method", "naming", int(cue is not None), True)
    for m in _AFTER_VERB.finditer(text):
        cue = _cue_type(text, m.start("name"), m.end("name"), m.group("name"))
        explicit = _followed_by_apposition(text, m.end("name"))
        add(m.group("name"), m.start("name"), cue or "method", "proposal", int(cue is not None), explicit)
    for m in _APPOSITIVE.finditer(text):
        type_ = _noun_type(m.group("noun"), m.group("name"), _around(text, m))
        add(m.group("name"), m.start("name"), type_, "appositive", 2, _proposed_at(m.start(), proposals))
    for m in _NAME_NOUN.finditer(text):
        if _ADJ_TAIL.search(m.group("name")):  # "a DiT-based model" is not a model named DiT
            continue
        type_ = _noun_type(m.group("noun"), m.group("name"), _around(text, m))
        add(m.group("name"), m.start("name"), type_, "type-noun", 2)
    for m in _NOUN_NAME.finditer(text):
        explicit = bool(m.group("comma")) and _proposed_at(m.start("name"), proposals)
        type_ = _noun_type(m.group("noun"), m.group("name"), _around(text, m))
        add(m.group("name"), m.start("name"), type_, "noun-name", 2, explicit)
    if not title:
        for m in _TITLED.finditer(text):
            if len(m.group("name").split()) >= 2:
                add(m.group("name"), m.start("name"), "dataset", "titled", 2, True)
    for m in _BENCH_SHAPE.finditer(text):
        group = "name" if m.group("name") else "spaced"
        add(m.group(group), m.start(group), "dataset", "shape", 2, True)
    for pattern in (_SIZED_MODEL, _VARIANT_MODEL):
        for m in pattern.finditer(text):
            add(m.group("name"), m.start("name"), "model", "shape", 2)
    for pattern, strength in ((_LIST_AFTER, 2), (_LIST_BEFORE, 2), (_EVALUATED_ON, 1)):
        for m in pattern.finditer(text):
            type_ = _LIST_TYPES.get(m.groupdict().get("noun") or "datasets", "method")
            pos = m.start("list")
            for item in _LIST_SPLIT.split(m.group("list")):
                start = text.find(item, pos)
                pos = start + len(item)
                if not _CONTINUES.match(text, pos):  # "such as Iterative Magnitude Pruning": not "Iterative"
                    add(item, start, type_, "list", strength, explicit=strength == 2)
    if title:
        found.extend(_title_prefix(text))
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
    return [
        replace(d, type=best[d.name].type, strength=best[d.name].strength, proposed=d.name in proposed) for d in found
    ]


def _title_prefix(title: str) -> list[Discovery]:
    """ "ReLinear: ...", "The Foo Battery: A Benchmark for ..." — the name a title leads with."""
    m = _TITLE_PREFIX.match(title)
    if not m:
        return []
    name, start = m.group("name"), m.start("name")
    if name.startswith("The "):
        name, start = name[4:], start + 4
    name = " ".join(name.split())
    if name.split()[0].lower() in _OPENERS:
        return []
    rest = title[m.end() - 1 :]
    report = _REPORT.search(name)  # "Qwen2.5 Technical Report": a report on a released model
    if report:
        name = name[: report.start()]
        return [Discovery(name, start, start + len(name), "model", True, "title", 1)] if name else []
    explicit = len(name.split()) == 1 or bool(re.match(r"(?:A|An|The)\b", rest))
    if not looks_like_name(name, explicit):
        return []
    head = _TITLE_HEAD.match(rest)
    nouns = _TITLE_NOUNS.findall(head.group() if head else rest)
    type_ = _TITLE_TYPES.get(nouns[-1].lower().rstrip("s"), "method") if nouns else "method"
    return [Discovery(name, start, start + len(name), type_, True, "title", 1)]


def _trim(name: str, start: int) -> tuple[str, int]:
    """Normalise a matched name: spaces for line breaks, no trailing dot or "-based"-like tail,
    no leading sentence word ("The FooBench" -> "FooBench")."""
    name = name.rstrip(".")
    tail = _ADJ_TAIL.search(name)
    if tail:
        name = name[: tail.start()]
    words = name.split()
    while len(words) > 1 and (words[0].lower() in _OPENERS or is_generic(words[0])):
        cut = name.index(words[1], len(words[0]))
        start, name, words = start + cut, name[cut:], words[1:]
    while len(words) > 1 and is_generic(words[-1]) and sum(c.isupper() for c in words[-1]) > 1:  # "Qwen2.5 LLM"
        words = words[:-1]
    return " ".join(words), start


def _followed_by_apposition(text: str, end: int) -> bool:
    """ "we propose Antidote, a ..." — the comma-apposition makes a plain capitalised word a name."""
    return bool(re.match(r"[\"”]?[ \n]*(?:,[ \n]*(?:a|an|the|which)\b|\()", text[end:]))


def _around(text: str, m: re.Match[str]) -> str:
    """The match with some context either side, where signs of a released model may stand."""
    return text[max(0, m.start() - _MODEL_SIGN_REACH) : m.end() + _MODEL_SIGN_REACH]


def _cue_type(text: str, start: int, end: int, name: str) -> str | None:
    """The context cue's type for a name, "model" only with a sign of a released model nearby."""
    cue = type_from_context(text, start, end)
    if cue == "model" and not (_VARIANT_NAME.search(name) or _RELEASED.search(text, max(0, start - 100), end + 100)):
        return "method"
    return cue


def _noun_type(noun: str, name: str = "", phrase: str = "") -> str:
    """The type a type noun gives a name; "model" means a released model only with a sign of one
    (a parameter count, "language model", a variant suffix), else an architecture, i.e. a method."""
    noun = noun if noun in ("LLM", "LLMs") else noun.lower()
    if noun in ("model", "models"):
        return "model" if _RELEASED.search(phrase) or _VARIANT_NAME.search(name) else "method"
    return _NOUN_TYPES.get(noun, "method")
