"""Every word list the extraction rules read names by, in one place.

A rule module builds its patterns from these lists and defines none of its own, so a new type noun
or model-variant word is added once: here. The lists are grouped by what they tell about a name:

* **type nouns**: the noun a name goes with says its type ("the X dataset", "X, a framework");
* **head words**: the last word of a defined long form says what it is ("... Benchmark (XB)");
* **model-variant words**: words that end a released model's name ("Llama 2-Chat", "Qwen2.5-Coder");
* **cue words**: words near a name that hint at its type when no type noun stands next to it;
* **generic words**: abbreviations, metrics, sentence openers and institutions that look like names
  but are never datasets, models or methods.

>>> TYPE_NOUNS["benchmark"], TYPE_NOUNS["framework"], TYPE_NOUNS["metric"]
('dataset', 'method', 'other')
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from extractors.normalize import word_set


def _listed(block: str) -> tuple[str, ...]:
    """The whitespace-separated words of a block, in order (regex alternatives keep their order)."""
    return tuple(block.split())


# --- type nouns --------------------------------------------------------------------------------

#: Nouns that type the name they go with, lower case, singular and plural. "model(s)" means a
#: released model only with a sign of one nearby (see ``discovery.noun_type``), else a method;
#: "other" marks metrics and the like, which are not entities.
TYPE_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        _listed("""dataset datasets benchmark benchmarks corpus corpora suite challenge leaderboard testbed
        battery arena evaluation environment environments"""),
        "dataset",
    ),
    **dict.fromkeys(_listed("model models llm llms series family"), "model"),
    **dict.fromkeys(_listed("metric metrics score scores index measure measures"), "other"),
    **dict.fromkeys(
        _listed("""framework frameworks method methods algorithm algorithms approach approaches architecture
        architectures pipeline pipelines network networks technique techniques strategy strategies module
        modules loss losses agent agents system systems toolkit library optimizer optimizers baseline
        baselines"""),
        "method",
    ),
}
#: Type nouns that a name sits in front of only inside a title-cased phrase ("Foo Battery"), and
#: which therefore need not follow a name in running text.
TITLE_ONLY_NOUNS = frozenset(("battery", "arena"))
#: Capitalised nouns that make a capitalised phrase before them a dataset's own name
#: ("KITTI Object Detection Benchmark").
TITLED_DATASET_NOUNS = frozenset(
    ("Benchmark", "Dataset", "Corpus", "Challenge", "Suite", "Battery", "Arena", "Leaderboard")
)
#: Plural nouns that introduce a list of names ("datasets such as A, B and C"), with the type they
#: give its items ("method" for the others).
LIST_NOUNS: dict[str, str] = {
    "datasets": "dataset", "benchmarks": "dataset", "corpora": "dataset", "models": "model",
    "LLMs": "model", "VLMs": "model", "MLLMs": "model", "baselines": "method", "methods": "method",
    "approaches": "method", "architectures": "method", "algorithms": "method", "optimizers": "method",
}  # fmt: skip
#: Nouns in a title that say what its leading name is ("Foo: A Benchmark for ..."), as regex
#: alternatives matched in any case, and the type each gives (singular, lower case; "method" for
#: the others).
TITLE_NOUN_PATTERN = (
    r"benchmarks?|datasets?|corpus|corpora|suite|test ?bed|leaderboard|battery|evaluations?|models?|"
    r"LLMs?|framework|method|approach|algorithm|architecture|network|system|toolkit|pipeline|agent|"
    r"strategy|technique|scheme|paradigm|recipe|mechanism|loss|objective|procedure|optimi[sz]er|learner|"
    r"module|layer|policy"
)
TITLE_NOUN_TYPES: dict[str, str] = {
    **dict.fromkeys(
        ("benchmark", "dataset", "corpus", "corpora", "suite", "testbed", "test bed", "leaderboard", "battery",
         "evaluation"),
        "dataset",
    ),
    "model": "model",
    "llm": "model",
}  # fmt: skip

# --- head words of defined long forms ------------------------------------------------------------

#: Last words of a long form that name a research problem ("Visual Question Answering (VQA)").
TASK_HEADS = _listed(
    "learning adaptation generali[sz]ation recognition detection segmentation classification generation "
    "answering retrieval translation estimation tracking prediction reasoning understanding synthesis "
    "forecasting captioning summari[sz]ation editing localization parsing tagging grounding processing "
    "analysis reconstruction completion planning navigation manipulation verification identification "
    "diagnosis restoration enhancement super-resolution unlearning anonymi[sz]ation rendering extraction "
    "spotting inpainting colou?ri[sz]ation registration"
)
#: Component and process words that, capitalised inside a sentence, end a method's name ("a Key-Part
#: Decoupling Module", "Occlusion-Gated Temporal Aggregation").
COMPONENT_HEADS = _listed(
    "module modules agent agents gate gates block blocks layer layers head heads encoder encoders decoder "
    "decoders mechanism mechanisms operator operators aggregation construction representation attention fusion "
    "router adapter adapters regularization regularisation distillation alignment sampling decoding prompting"
)
#: Words that are no modifier of a task head ("a novel video generation", "improves depth
#: estimation"): function words, evaluative adjectives, verbs, and nouns that head a phrase of their own.
TASK_PHRASE_STOPS = word_set(
    """
    a an the this that these those our their its his her we they it which who whose what how when where
    of for to in on at by with from into onto via as and or but nor than then also both either each every
    all any some many much more most less least few several various other another such same own only
    not no is are was were be been being has have had do does did can could may might will would should
    must shall new novel existing current recent previous prior traditional conventional standard typical
    popular common general generic specific efficient effective robust accurate reliable scalable simple
    complex challenging difficult hard easy important critical key major main primary final overall
    better best good strong weak high low higher lower large small larger smaller improved enhanced
    proposed presented introduced developed achieved based used using given improve improves enhance
    enhances advance advances enable enables support supports perform performs study studies address
    addresses tackle tackles solve solves downstream practical real-world comprehensive competitive
    state-of-the-art sota first second third one two three four five six seven eight nine ten further
    whole entire full different diverse multiple numerous limited poor precise fine coarse fast slow
    accurate human-level superior inferior remarkable significant substantial promising unified
    task tasks problem problems method methods model models approach approaches framework frameworks
    benchmark benchmarks dataset datasets performance results accuracy quality paper work
    yet through under while like towards toward across between within without during after before
    beyond worse worst average lack
    """
)
#: Qualities a result is claimed to have ("balancing accuracy, efficiency, and interpretability"): a listed
#: task named after a quality ("interpretability", "fairness") among them is a property, not a problem.
QUALITY_NOUNS = word_set(
    """
    accuracy efficiency cost costs speed latency performance robustness scalability transparency reliability
    consistency fidelity quality usability stability interpretability explainability fairness trustworthiness
    generalizability generalization flexibility simplicity effectiveness controllability faithfulness
    sensitivity utility privacy safety accountability
    """
)
#: Regex alternatives for the last words of a long form that name a dataset (a plural "s" may
#: follow): "... Benchmark (XB)".
DATASET_HEADS = (
    r"benchmark|dataset|corpus|suite|bench|challenge|collection|leaderboard|database|battery|arena|"
    r"testbed|\w+ knowledge graph"
)
#: Capitalised plural heads that make a title-cased long form a dataset ("Egocentric Videos (EV)").
TITLED_DATASET_HEADS = ("Videos", "Images", "Questions", "Dialogues", "Scenes")
#: Last words of descriptive phrases that are no method, dataset or model by themselves
#: ("Very High Resolution (VHR)", "Electronic Health Records (EHRs)").
DESCRIPTIVE_HEADS = _listed(
    "resolution language action intelligence reality data information images? videos? text speech audio "
    "vision field domain environment scenarios? settings? conditions? sensing imaging modality modalities "
    "content signals? health care records? interface internet things vehicles? devices? zones? regions? "
    "areas? cancer disease disorders? patients? analysis assessment evaluation management communication "
    "computing objectives? services? quality performance efficiency cost latency throughput energy power "
    "rate distance angle score index ratio error accuracy precision recall coefficient measure metric "
    "criterion graphs effects? phenomenon problems? issues? bias gap paradox dilemma law theory languages "
    "systems? communit(?:y|ies) agency association organi[sz]ation consortium institute university council "
    "committee foundation units? equations? principles? standards? guidelines? regulations"
)

# --- model-variant words -------------------------------------------------------------------------

#: Variant words that on their own mark a released model ("EVE-Instruct", "Foo-Coder").
RELEASE_VARIANTS = ("Instruct", "Chat", "Base", "Coder", "Lite", "Turbo", "Omni", "Thinking")
#: Edition words that stack on a release ("Ling-Coder-Lite", "Foo-Pro"), but alone say little.
EDITION_VARIANTS = ("Pro", "Plus", "Mini", "Max")
#: Every word the scanner accepts after a listed model's name as part of a variant's name
#: ("Gemini 2.5 Flash", "Claude 3 Opus", "Qwen2.5-VL").
MODEL_VARIANT_WORDS = _listed(
    "Instruct Chat Base Turbo Plus Pro Mini Max Ultra Lite Flash Nano Coder Math VL Vision Omni Large Small "
    "Medium XL XXL Tiny Huge Preview Sonnet Haiku Opus Thinking Distill Reasoner"
)
#: Variant words glued to a lower-case letter ("GPTPro" is not, "Qwen-Max" is; "DeepSeekChat"-style
#: spellings of a listed family).
GLUED_VARIANTS = ("Plus", "Pro", "Max", "Mini", "Lite", "Turbo", "Chat", "Instruct")
#: Variant words stripped (any case) from a discovered model's name to find its family
#: ("Nemotron-H-47B-Base" -> "Nemotron-H").
FAMILY_TAIL_VARIANTS = ("Instruct", "Chat", "Base", "Turbo", "Plus", "Pro", "Mini", "Max", "Lite", "Flash")
#: Backbones a released model comes with, written as part of its name ("CLIP ViT-L/14", "CLIP-RN50").
MODEL_BACKBONES = ("ViT", "RN50", "RN101", "RN50x4", "RN50x16", "RN50x64")
#: Lower-case parts of a released checkpoint's id after a hyphen ("xLAM-2-fc-r", "Llama-2-7b-hf").
MODEL_ID_SUFFIXES = ("hf", "fc", "r", "dpo", "sft", "rl", "ft", "gguf", "awq", "gptq")
#: Detector variants after a hyphen ("YOLOv8-pose", "YOLO11-seg").
TASK_VARIANTS = ("pose", "seg", "cls", "det", "obb")

# --- cue words ----------------------------------------------------------------------------------

#: Regex alternatives of words near a name that hint at its type ("X, trained on the Y split"), by
#: type; "other" for metrics, programmes, organisations and hardware, which are not entities.
CUE_WORDS = {
    "dataset": r"datasets?|benchmarks?|corpus|corpora|suite|testbed|test ?set|leaderboard|challenge|"
    r"collection|database|data ?set|bench|split",
    "model": r"llms?|(?:large |small |foundation |base |vision[- ]language |language |reasoning |chat |code |"
    r"embedding |reward |instruction[- ]tuned |open[- ](?:weight|source) )models?|checkpoints?|weights|"
    r"chatbot|assistant|vlms?|mllms?|lmms?|slms?|family of models|model family|series",
    "method": r"methods?|framework|approach|algorithm|technique|architecture|network|pipeline|strategy|"
    r"module|mechanism|loss|objective|paradigm|scheme|system|agent|optimi[sz]er|regulari[sz]er|recipe|"
    r"procedure|block|layer|attention|encoder|decoder|protocol|solver|policy|tool|toolkit|library|"
    r"estimator|models?|transformer|mamba|diffusion|training|learning|distillation|decoding|pruning",
    "other": r"metrics?|scores?|measures?|index|coefficient|criterion|distance|ratio|statistics?|indicator|"
    r"program(?:me)?|project|company|organi[sz]ation|university|institute|hospital|country|"
    r"regulations?|act|law|standard|format|hardware|chip|gpu|robot",
}

# --- generic words ------------------------------------------------------------------------------

#: Upper-case words that are abbreviations, metrics or ordinary words, never entity names on their own.
GENERIC = word_set(
    """
    AI AGI ML DL NLP CV RL LLM LLMs VLM VLMs MLLM MLLMs LVLM LVLMs LMM LMMs SLM SLMs LM LMs PLM PLMs
    GPU GPUs CPU CPUs TPU TPUs API APIs SOTA FPS FLOP FLOPs GFLOPs TFLOPs IoU mIoU mAP AP AUC AUROC
    AUPR ROC F1 BLEU ROUGE METEOR CIDEr PSNR SSIM LPIPS FID FVD MSE MAE RMSE NLL PPL WER CER EER SNR
    BER US UK EU USA UN COVID COVID-19 SARS-CoV-2 2D 3D 4D 6D RGB RGB-D IoT CT MRI PET EEG ECG fMRI
    PDF JSON XML HTML SQL URL URLs GUI UI OCR OOD ID IID KV QA MCQ MCQA SR HR LR DNN DNNs NN NNs ANN
    ANNs OS II III IV VI PhD MSc R&D CEO AR VR XR UAV UAVs IT ICT ICU EHR EHRs GPS LiDAR SAR RF IR
    NER POS HPO NAS ASR TTS NMT MT XAI AIGC AGV IMU MLOps DevOps SaaS TCP IP HTTP CUDA GPT LLaMA DOI
    ORCID FAQ Q&A X-ray X-rays T-cell B-cell arXiv KL
    Table Tables Fig Figure Figures Section Sec Eq Appendix Part Step Stage Phase Task Tasks
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
#: Venues, trimmed off the end of a name ("HEAR 2021 NeurIPS").
VENUES = word_set("NeurIPS NIPS ICML ICLR CVPR ICCV ECCV ACL EMNLP NAACL COLING AAAI IJCAI KDD MICCAI Interspeech")
#: Metric names, which make "ROUGE-L"-like names generic.
METRICS = word_set("BLEU ROUGE METEOR CIDEr F1 AUC AP mAP IoU PSNR SSIM FID Recall Precision Top Hit NDCG MRR")
#: Words that open names of organisations, not of datasets, models or methods.
INSTITUTIONS = word_set(
    """
    university universities institute department laboratory lab center centre school college hospital
    foundation academy ministry agency council association society company corporation
    """
)
#: Words a multi-word capitalised phrase may not start with (sentence openers and heads, not names).
OPENERS = word_set(
    """
    the this these that those we our a an in on for to with from by as at its it here however
    moreover furthermore finally first second third specifically additionally recent existing
    previous prior current unlike while when where using based given extensive experiments results
    towards toward beyond rethinking revisiting understanding learning how why what can do does is
    are via no not all any each every both most many more less then thus hence also further although
    though since because if after before during over under between within without
    """
)
#: Lower-case words that continue a name token after a hyphen but are not part of the name
#: ("DiT-based", "AI-driven").
ADJECTIVE_TAILS = _listed(
    "based like style driven guided free specific level scale wise only aware enabled augmented generated "
    "powered centric oriented inspired tuned trained pretrained sized type related agnostic compatible "
    "conditioned dependent independent friendly ready native focused assisted supervised annotated labeled "
    "labelled derived generated built induced informed parameter param in to of"
)


# --- how the field writes its words ---------------------------------------------------------------

#: Word statistics of 20k arXiv abstracts (built by ``training/build_word_stats.py``).
WORD_STATS_FILE = Path(__file__).resolve().parent.parent / "assets" / "word_stats.tsv.gz"


class WordForms(NamedTuple):
    """How often a word is written in lower case, capitalised ("Multiple") and otherwise ("BERT"), and
    how often it stands before a task head ("video generation") or in a verb's place ("we assess")."""

    lower: int
    capitalised: int
    other: int
    before_task: int
    as_verb: int

    @property
    def total(self) -> int:
        return self.lower + self.capitalised + self.other


@lru_cache(maxsize=1)
def _stats_lines() -> dict[str, str]:
    """Word -> its counts as written in the asset; parsed per word on demand (loading stays cheap)."""
    with gzip.open(WORD_STATS_FILE, "rt", encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh)


def field_words() -> frozenset[str]:
    """Every word (lower case) the corpus behind the statistics writes at least twice."""
    return frozenset(_stats_lines())


@lru_cache(maxsize=1 << 16)
def word_forms(word: str) -> WordForms | None:
    """How the field writes and uses ``word`` (any case), or None for a word it does not write.

    >>> word_forms("Multiple").lower > 1000, word_forms("labeleds")
    (True, None)
    """
    counts = _stats_lines().get(word.lower())
    return None if counts is None else WordForms(*map(int, counts.split("\t")))


def common_word(word: str) -> bool:
    """Whether ``word`` is an ordinary word of abstracts, mostly written in lower case ("Multiple",
    which a name written "MultiPL-E" must not match in another case).

    >>> common_word("Multiple"), common_word("Audioset")
    (True, False)
    """
    used = word_forms(word)
    return used is not None and used.lower > 2 * (used.capitalised + used.other) and used.lower >= 10
