import pytest

from extractors.acronyms import _long_form, long_form_for
from extractors.names import is_strong, looks_like_name
from extractors.patterns import discover


def names(text, **kw):
    return sorted({(d.name, d.type) for d in discover(text, **kw)})


@pytest.mark.parametrize(
    ("text", "long", "acronym", "type_"),
    [
        (
            "We study Iterative Magnitude Pruning (IMP) for LLMs.",
            "Iterative Magnitude Pruning",
            "IMP",
            "method",
        ),
        (
            "We evaluate IMP (Iterative Magnitude Pruning) here.",
            "Iterative Magnitude Pruning",
            "IMP",
            "method",
        ),
        (
            "we propose Sequence-aware Sharded Sliced Training (S3T).",
            "Sequence-aware Sharded Sliced Training",
            "S3T",
            "method",
        ),
        (
            "We release the Extensive LLM Alignment Benchmark (ELAB).",
            "Extensive LLM Alignment Benchmark",
            "ELAB",
            "dataset",
        ),
        (
            "a novel method termed background-aware proposals (BAPs).",
            "background-aware proposals",
            "BAPs",
            "method",
        ),
        (
            "We propose Class-Aware Feature Alignment (CAFA), a method.",
            "Class-Aware Feature Alignment",
            "CAFA",
            "method",
        ),
        ("Domain Generalization (DG) is hard.", "Domain Generalization", "DG", "task"),
        ("Deep Reinforcement Learning (DRL) is hard.", "Deep Reinforcement Learning", "DRL", "task"),
        (
            "two modules: Discriminative Anomaly Score Learning (DASL) with normal data",
            "Discriminative Anomaly Score Learning",
            "DASL",
            "method",
        ),
        (
            "we propose a practical cross-domain few-shot learning (pCDFSL) task, where",
            "practical cross-domain few-shot learning",
            "pCDFSL",
            "task",
        ),
    ],
)
def test_acronym_definitions(text, long, acronym, type_):
    defs = [d for d in discover(text) if d.rule == "definition"]
    assert [(d.name, d.acronym, d.type) for d in defs] == [(long, acronym, type_)]
    d = defs[0]
    assert text[d.start : d.end] == long and text[d.acronym_start : d.acronym_end] == acronym


@pytest.mark.parametrize(
    ("long", "acronym", "traits"),
    [
        ("Large Language Models", "LLMs", {"coined", "titled", "generic", "model"}),
        ("Iterative Magnitude Pruning", "IMP", {"titled"}),
        ("machine translation quality evaluation", "MTQE", {"generic"}),
        ("multi-object tracking", "MOT", {"task_head", "new_task"}),
        ("Multi-Object Tracking", "MOT", {"titled", "task_head"}),
        ("Discriminative Anomaly Score Learning", "DASL", {"titled", "task_head", "coined_learning"}),
        ("Long Range Arena Benchmark", "LRA-B", {"coined", "titled", "dataset"}),
    ],
)
def test_long_form_traits(long, acronym, traits):
    """What a definition says by itself, remembered per long form, whatever the text around it."""
    form = _long_form(long, acronym)
    assert {name for name, value in form._asdict().items() if value} == traits


@pytest.mark.parametrize(
    "text",
    [
        "Large language models (LLMs) are popular.",
        "We report the area under the curve (AUC).",
        "out-of-distribution (OOD) data hurts.",
        "see the results (Table 2) and (Fig. 3).",
    ],
)
def test_generic_definitions_are_not_names(text):
    assert [d for d in discover(text) if d.rule == "definition"] == []


def test_long_form_examples():
    assert long_form_for("MUSE", "we present Machine Unlearning Six-way Evaluation") == (
        "Machine Unlearning Six-way Evaluation"
    )
    assert long_form_for("XYZ", "nothing matches here") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "This paper introduces a learning approach, termed Dense Policy, to act.",
            [("Dense Policy", "method")],
        ),
        ("We propose an effective strategy referred to as ReLinear to train.", [("ReLinear", "method")]),
        ("We propose Antidote, a post-fine-tuning solution.", [("Antidote", "method")]),
        (
            "We introduce ThaiSafetyBench, an open-source benchmark for Thai.",
            [("ThaiSafetyBench", "dataset")],
        ),
        ("Experiments on the MVTec dataset show gains.", [("MVTec", "dataset")]),
        ("At its core is EVE-Instruct, a domain-adapted 24B model.", [("EVE-Instruct", "model")]),
        ("We release MedVAL-4B for clinicians.", [("MedVAL-4B", "model")]),
        (
            "We contribute a new benchmark dataset, RealWorldQuestioning (on HF).",
            [("RealWorldQuestioning", "dataset")],
        ),
        ("baselines such as CHOIS and GIMO lag behind.", [("CHOIS", "method"), ("GIMO", "method")]),
        (
            "evaluated on benchmarks including AIME2025, and LiveBench2.",
            [("AIME2025", "dataset"), ("LiveBench2", "dataset")],
        ),
        (
            "margins of 12.8% on SSDD and RSDD-SAR inshore datasets.",
            [("RSDD-SAR", "dataset"), ("SSDD", "dataset")],
        ),
        ("Nemotron-H-47B-Base is fast.", [("Nemotron-H-47B-Base", "model")]),
        ("We also construct LongCodeQA for testing.", [("LongCodeQA", "dataset")]),
        (
            "it achieves state-of-the-art results on Nr3D and ScanRefer.",
            [("Nr3D", "dataset"), ("ScanRefer", "dataset")],
        ),
    ],
)
def test_naming_rules(text, expected):
    assert names(text) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Comprehensive experiments on popular datasets are performed.",
        "We propose a novel framework for robust training.",
        "In this paper, we present a simple method.",
        "However, The Method works. Then, the model improves.",
        "We achieve 56B and 4B scale, using 3D data on GPUs.",
        "a DiT-based model and an AI-driven pipeline",
        "Results show that VLM-backed agents and MCP-regulated tools work.",
        "We introduce a Domain-Specific LLM framework.",
    ],
)
def test_generic_phrases_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("ReLinear: Training Quadratic Networks", [("ReLinear", "method")]),
        ("Cookie-Bench: Continuous Key Evaluation for Web Generation", [("Cookie-Bench", "dataset")]),
        (
            "The Foo Monitoring Battery: A Cross-Domain Benchmark for LLMs",
            [("Foo Monitoring Battery", "dataset")],
        ),
        ("Cosmos 3: Omnimodal World Models for Physical AI", [("Cosmos 3", "model")]),
        ("Beyond Stationarity: Rethinking Codebook Collapse", []),
        ("Deep Learning: A Survey", []),
    ],
)
def test_title_prefix(title, expected):
    found = [(d.name, d.type) for d in discover(title, title=True) if d.rule.startswith("title")]
    assert found == expected


def test_title_case_is_no_signal_in_titles():
    assert names("Towards A Cross-Domain Benchmark For Robust Vision", title=True) == []


def test_proposal_flag():
    ds = discover("We propose FooNet, a new network. It beats BarNet, a strong baseline.")
    assert {d.name: d.proposed for d in ds} == {"FooNet": True, "BarNet": False}


@pytest.mark.parametrize(
    ("token", "strong"),
    [
        ("ReLinear", True),
        ("GASP", True),
        ("Qwen3", True),
        ("iNat", True),
        ("Aurora-M", True),
        ("Antidote", False),
        ("Domain-Specific", False),
        ("state-of-the-art", False),
        ("A", False),
    ],
)
def test_is_strong(token, strong):
    assert is_strong(token) is strong


def test_looks_like_name():
    assert looks_like_name("Tanks & Temples", explicit=True)
    assert not looks_like_name("LLMs", explicit=True)
    assert not looks_like_name("The Results", explicit=True)


@pytest.mark.parametrize(
    ("text", "long", "acronym"),
    [
        (
            "we design a proxy task -- Constrained Random Character(CRC) -- here",
            "Constrained Random Character",
            "CRC",
        ),
        (
            "We present an algorithm for absolute learning progress with Gaussian mixture models (ALP-GMM).",
            "absolute learning progress with Gaussian mixture models",
            None,
        ),
    ],
)
def test_long_forms_prefer_word_initials(text, long, acronym):
    defs = [d for d in discover(text) if d.rule == "definition"]
    assert defs and defs[0].name.endswith(long)


@pytest.mark.parametrize(
    "text",
    [
        "Large Reasoning Models (LRMs) think longer.",
        "Very High Resolution (VHR) images are costly.",
        "companies disclose under the Generally Accepted Accounting Principles (GAAP).",
        "data from the University of Florida (UF) Health",
        "Our proposed method achieves a classification accuracy (ACC) of 91%.",
        "improvements of 3 points on ROUGE-L and BLEU-4",
        "the existingMultimodal Large Language model",
        "Internal Slow-Thinking via RL",
    ],
)
def test_more_generic_phrases_are_not_names(text):
    assert [(d.name, d.type) for d in discover(text) if d.type] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We develop HPENets, a suite of efficient networks for points.", [("HPENets", "method")]),
        ("namely Ling-Coder-Lite.", [("Ling-Coder-Lite", "model")]),
        ("following the HEAR 2021 NeurIPS challenge setup", [("HEAR 2021", "dataset")]),
        ("In this paper, we present 30 Day Me, a habit formation application", [("30 Day Me", "method")]),
        (
            "we build a new multi-turn multi-modal dialogue dataset (TMDialog) for training",
            [("TMDialog", "dataset")],
        ),
    ],
)
def test_more_naming_rules(text, expected):
    assert sorted({(d.label, d.type) for d in discover(text) if d.type}) == sorted(expected)


def test_title_puns_are_marked_for_confirmation():
    (d,) = discover("Knot So Simple: A Minimalistic Environment for Spatial Reasoning", title=True)
    assert (d.name, d.rule) == ("Knot So Simple", "title-phrase")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Specifically, we introduce a Cross-Modal Context Prompt Module, which reconstructs prompts.",
            [("Cross-Modal Context Prompt Module", "method")],
        ),
        (
            "First, Altitude-Adaptive Edge Construction estimates a proxy. Second, Heterogeneous Node "
            "Representation models detections.",
            [("Altitude-Adaptive Edge Construction", "method"), ("Heterogeneous Node Representation", "method")],
        ),
        # two words name a part of a system, and a capital word alone is no name
        ("First, the Entry Agent routes the question, and the Attention layer weights it.", []),
        # a title capitalises every word: no naming signal there
        ("Latent Equivariant Operators for Robust Object Recognition", None),
    ],
)
def test_capitalised_component_names_inside_a_sentence_are_methods(text, expected):
    found = [(d.name, d.type) for d in discover(text, title=expected is None) if d.rule == "component"]
    assert sorted(set(found)) == (expected or [])


def test_a_noun_after_a_titles_leading_gerund_does_not_type_the_name():
    # the LLM is what 3DrawAgent teaches, not what it is
    assert names("3DrawAgent: Teaching LLM to Draw in 3D", title=True) == [("3DrawAgent", "method")]
    assert names("Aurora-M: An Open Source Multilingual Language Model", title=True) == [("Aurora-M", "model")]


def test_a_second_coined_name_after_a_naming_verb_is_named_too():
    text = "We present two frameworks, termed Flow Matching PointNet and Diffusion PointNet, for flow prediction."
    assert names(text) == [("Diffusion PointNet", "method"), ("Flow Matching PointNet", "method")]
    assert ("Pashto", "method") not in names("We study two languages, namely Turkish and Pashto, here.")


def test_a_lower_case_definition_the_text_calls_a_module_is_a_method():
    text = (
        "The framework integrates two modules: structure encoding (SE) and temporal consistency constraint "
        "(TCC). The SE module encodes appearance, while TCC modules align frames."
    )
    defs = {(d.name, d.type) for d in discover(text) if d.rule == "definition"}
    assert defs == {("structure encoding", "method"), ("temporal consistency constraint", "method")}
    task = "Facial micro-expression recognition (MER) is hard. A MER module helps."
    assert {d.type for d in discover(task) if d.rule == "definition"} == {"task"}
