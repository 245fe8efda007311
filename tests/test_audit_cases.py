"""The audit of the 20k-abstract store (issue 12): junk at the top, duplicates and wrong merges, as
regression tests. Each case is a kind of error; the names are the audit's examples."""

from extractors import Extractor


def entities(text: str) -> list[tuple[str, str]]:
    return [(m.type, m.name) for m in Extractor.default().extract(text) if m.type not in ("url", "citation")]


def test_an_ordinary_capitalised_word_is_no_vocabulary_name():
    """'Multiple' is a word, not MultiPL-E written in another case."""
    assert entities("Multiple agents cooperate. We test on MultiPL-E.") == [("dataset", "MultiPL-E")]


def test_a_glued_spelling_the_field_uses_as_its_own_word_is_not_the_alias():
    """NVIDIA RTX GPUs are not the RT-X robot data."""
    assert entities("We train on one NVIDIA RTX 4090 GPU.") == []


def test_a_capitalised_word_and_a_count_are_no_versioned_name():
    assert entities("Across 15 datasets, the method wins.") == []


def test_a_metric_named_after_a_model_is_no_model():
    assert entities("Quality is measured by FVD and CLIP Score.") == []


def test_a_parameter_count_is_no_model_name():
    assert entities("The core set selected by the 3B-parameter LLM works.") == []


def test_a_type_noun_introducing_an_ambiguous_name_confirms_it():
    assert entities("A large-scale pre-trained model like CLIP can be deployed.") == [("model", "CLIP")]


def models(text: str) -> list[tuple[str, str | None]]:
    return [(m.name, m.family) for m in Extractor.default().extract(text) if m.type == "model"]


def test_one_size_written_two_ways_is_one_node():
    assert models("We fine-tune Llama 3.1-8B; Llama 3.1 8B is the base.") == [
        ("Llama 3.1 8B", "Llama 3.1"),
        ("Llama 3.1 8B", "Llama 3.1"),
    ]


def test_sizes_are_distinct_nodes_under_one_family():
    found = models("We compare gpt-oss 20B with gpt-oss-120b.")
    assert found == [("gpt-oss-20B", "gpt-oss"), ("gpt-oss-120B", "gpt-oss")]


def test_a_newer_version_is_not_folded_into_the_listed_one():
    assert models("DeepSeek-V3.1 beats DeepSeek-V3.") == [("DeepSeek-V3.1", "DeepSeek-V3"), ("DeepSeek-V3", "DeepSeek")]


def test_a_distilled_variant_is_not_its_teacher():
    assert models("We distill SDXL-Turbo from SDXL.") == [
        ("SDXL-Turbo", "Stable Diffusion XL"),
        ("Stable Diffusion XL", "Stable Diffusion"),
    ]
    assert entities("CycleGAN-turbo translates images.") == []


def test_papers_that_write_only_lower_case_transformer_get_the_transformer_node():
    assert entities("We stack transformer blocks.") == [("method", "Transformer")]


def test_a_title_names_its_technique_after_via():
    title, _ = Extractor.default().extract_paper("Shape Bias in CNNs via Max-Pool Dilation", "We study bias.")
    assert ("method", "Max-Pool Dilation", "proposed") in [(m.type, m.name, m.role) for m in title]


def test_a_name_introduced_in_bold_or_italics_is_found():
    assert ("method", "PointSFDA") in entities(r"We propose \textbf{PointSFDA}, a novel framework.")
    assert entities(r"\textbf{S}elf-training and \emph{what} matters.") == []


def test_versions_and_checkpoint_ids_are_kept():
    assert entities("We test on AIME'24.") == [("dataset", "AIME 2024")]
    assert models("We fine-tune xLAM-2-fc-r and Llama-2-7b-hf.") == [
        ("xLAM-2-fc-r", "xLAM-2"),
        ("Llama 2 7B-hf", "Llama 2"),
    ]


def test_alzheimers_disease_is_not_anomaly_detection():
    text = "Early detection of Alzheimer's disease (AD) matters. We classify AD versus normal controls from MRI."
    assert [n for t, n in entities(text) if t == "task"] == []


def test_a_list_of_metrics_is_no_list_of_datasets():
    assert entities("We evaluate them on Precision, Recall, F1-Score, and AUC.") == []


def test_a_product_of_a_model_family_is_a_model_but_its_mechanism_is_not():
    _, abstract = Extractor.default().extract_paper(
        "Kimi Linear: An Expressive, Efficient Attention Architecture",
        "We introduce Kimi Linear. At its core lies Kimi Delta Attention (KDA), a linear attention module.",
    )
    types = {m.name: m.type for m in abstract}
    assert (types["Kimi Linear"], types["Kimi Delta Attention"]) == ("model", "method")


def test_a_backbone_stays_in_a_model_variant_name():
    assert models("DeepShield enhances the CLIP-ViT encoder; we also test CLIP ViT-L/14.") == [
        ("CLIP-ViT", "CLIP"),
        ("CLIP ViT-L/14", "CLIP"),
    ]


def test_a_title_sentence_is_not_a_name():
    title, _ = Extractor.default().extract_paper("InPhyRe Discovers: Large Multimodal Models Struggle", "We test.")
    assert "InPhyRe Discovers" not in [m.name for m in title]


def test_an_acronym_a_paper_defines_keeps_that_papers_long_form():
    """'GFMs' in a paper on geospatial foundation models is not the General Fusion Module another paper learned."""
    from extractors.entities import EntityExtractor

    other = "First, a General Fusion Module (GFM) merges the features of both branches."
    own = "Our experiments on 8 geospatial foundation models (GFMs) show that GFMs are robust."
    extractor = EntityExtractor.default()
    extractor.learn([other, own])
    assert [m.name for m in extractor.extract(own)] == []
    assert [m.name for m in extractor.extract(other)] == ["General Fusion Module", "General Fusion Module"]
    assert [m.name for m in extractor.extract("The GFM merges features.")] == ["General Fusion Module"]


ROBOT_TITLE = "ROCKET: Residual-Oriented Multi-Layer Alignment for Spatially-Aware Vision-Language-Action Models"
ROBOT_ABSTRACT = (
    "Vision-Language-Action (VLA) models enable robotic manipulation. We introduce ROCKET, a residual-oriented "
    "multi-layer representation alignment framework. ROCKET achieves a 98.5% success rate on LIBERO."
)
SERIES_ABSTRACT = "We classify time series with ROCKET, which transforms them with random convolutional kernels."


def test_a_papers_own_name_spelled_like_a_listed_homonym_is_another_node():
    """The VLA method ROCKET is not the time-series classifier ROCKET that the vocabulary lists."""
    title, abstract = Extractor.default().extract_paper(ROBOT_TITLE, ROBOT_ABSTRACT)
    rockets = {m.name for m in title + abstract if m.text == "ROCKET"}
    assert rockets == {"ROCKET (Residual-Oriented Multi-Layer Alignment)"}


def test_a_homonym_with_the_listed_senses_context_is_the_listed_node():
    _, abstract = Extractor.default().extract_paper("Fast Time Series Classification", SERIES_ABSTRACT)
    assert [(m.type, m.name) for m in abstract if m.text == "ROCKET"] == [("method", "ROCKET")]
    proposed = "We propose ROCKET, a classifier of time series built on random convolutional kernels."
    assert [m.name for m in Extractor.default().extract(proposed) if m.text == "ROCKET"] == ["ROCKET"]


def test_without_a_title_the_homonym_is_named_by_its_apposition_or_definition():
    found = Extractor.default().extract("We propose Chronos, a temporal-aware conversational agent that remembers.")
    assert [m.name for m in found if m.text == "Chronos"] == ["Chronos (temporal-aware conversational agent)"]


def test_learning_a_corpus_spreads_neither_sense_into_the_other():
    from extractors.entities import EntityExtractor

    extractor = EntityExtractor.default()
    extractor.learn([ROBOT_TITLE, ROBOT_ABSTRACT, "Fast Time Series Classification", SERIES_ABSTRACT])
    _, robot = extractor.extract_paper(ROBOT_TITLE, ROBOT_ABSTRACT)
    _, series = extractor.extract_paper("Fast Time Series Classification", SERIES_ABSTRACT)
    assert {m.name for m in robot if m.text == "ROCKET"} == {"ROCKET (Residual-Oriented Multi-Layer Alignment)"}
    assert {m.name for m in series if m.text == "ROCKET"} == {"ROCKET"}
    # a third paper that writes the name without either sense's words gets neither node
    assert [m.name for m in extractor.extract("ROCKET is fast on our robot.") if "ROCKET" in m.name] == []


def tasks_of(title: str, abstract: str) -> set[str]:
    parts = Extractor.default().extract_paper(title, abstract)
    return {m.name for part in parts for m in part if m.type == "task"}


def test_pose_estimation_of_people_objects_cameras_and_heads_are_different_tasks():
    found = [
        tasks_of("", "We study human pose estimation from images of people."),
        tasks_of("", "We address 6D object pose estimation."),
        tasks_of("", "Camera pose estimation is central to many systems."),
        tasks_of("", "Head pose estimation helps driver monitoring."),
    ]
    assert [name for names in found for name in names if "pose" in name] == [
        "human pose estimation",
        "6D object pose estimation",
        "camera pose estimation",
        "head pose estimation",
    ]


def test_bare_pose_estimation_takes_the_sense_the_paper_makes_clear():
    named = "We study camera pose estimation. Pose estimation from two views is hard."
    assert tasks_of("", named) == {"camera pose estimation"}
    by_words = "Pose estimation of each person in a crowd is hard: joints of the body are occluded."
    assert tasks_of("", by_words) == {"human pose estimation"}
    by_title = tasks_of("Relative Pose Estimation for Rolling Shutter Cameras", "We solve pose estimation.")
    assert by_title == {"camera pose estimation"}
    # two senses, or none: it stays the general task
    assert tasks_of("", "We study pose estimation of people and of the camera.") == {"pose estimation"}
    assert tasks_of("", "We study pose estimation.") == {"pose estimation"}


def test_bare_depth_estimation_in_a_monocular_paper_is_monocular_depth_estimation():
    assert tasks_of("", "From a single image we predict depth: depth estimation without stereo.") == {
        "monocular depth estimation"
    }


def test_mixture_of_experts_written_with_or_without_hyphens_is_one_node():
    assert {n for _, n in entities("A Mixture of Experts model. Our Mixture-of-Experts (MoE) layer.")} == {
        "Mixture of Experts"
    }


def test_llm_as_a_judge_written_five_ways_is_one_node():
    text = "We use LLM-as-a-judge, LLM-as-a-Judge, LLM as a judge, LLM-as-judge and LLMs-as-judges."
    found = [m for m in Extractor.default().extract(text) if m.type == "method"]
    assert [m.name for m in found] == ["LLM-as-a-judge"] * 5


def test_an_acronym_and_the_long_form_its_paper_defines_are_one_node_in_title_and_abstract():
    """The title's "CLR: ..." and every "CLR" of the abstract are the long form the abstract defines."""
    title, abstract = Extractor.default().extract_paper(
        "CLR: Channel-wise Lightweight Reprogramming for Continual Learning",
        "We propose a Channel-wise Lightweight Reprogramming (CLR) approach. With the help of CLR, networks "
        "overcome forgetting. The CLR parameter increase is small.",
    )
    assert {m.name for m in title + abstract if m.type == "method"} == {"Channel-wise Lightweight Reprogramming"}
