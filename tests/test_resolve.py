from extractors.lexicon import Lexicon
from extractors.patterns import discover
from extractors.resolve import resolve
from extractors.vocabulary import Entity, Vocabulary


def resolved(lexicon, text):
    return [(c.type, c.name, text[c.start : c.end]) for c in resolve(text, lexicon.scan(text), discover(text))]


def test_acronym_maps_to_long_form_everywhere_in_the_text(lexicon):
    text = "IMP is old. We propose Parameter-Efficient Retraining after Pruning (PERP). PERP beats IMP."
    got = resolved(lexicon, text)
    assert ("method", "Parameter-Efficient Retraining after Pruning", "PERP") in got
    assert got.count(("method", "Parameter-Efficient Retraining after Pruning", "PERP")) == 2


def test_long_form_in_vocabulary_gives_the_acronym_its_entity(lexicon):
    text = "We apply iterative magnitude pruning (IMP). Later, IMP is repeated."
    got = resolved(lexicon, text)
    assert got.count(("method", "iterative magnitude pruning", "IMP")) == 2


def test_acronym_in_vocabulary_with_its_long_form_unknown(lexicon):
    text = "We fine-tune with Low Rank Adaptation (LoRA) and more LoRA."
    got = resolved(lexicon, text)
    assert {name for _, name, _ in got} == {"LoRA"}


def test_text_redefines_a_vocabulary_acronym(lexicon):
    text = "We propose Channel-wise Lightweight Reprogramming (CLR). CLR keeps old tasks."
    got = resolved(lexicon, text)
    assert ("method", "Channel-wise Lightweight Reprogramming", "CLR") in got
    assert all(name != "Cyclical Learning Rates" for _, name, _ in got)


def test_longest_span_wins_overlaps(lexicon):
    text = "results on the KITTI Object Detection Benchmark and on ImageNet."
    got = resolved(lexicon, text)
    assert ("dataset", "KITTI Object Detection Benchmark", "KITTI Object Detection Benchmark") in got
    assert ("dataset", "ImageNet", "ImageNet") in got


def test_discovered_name_found_at_each_occurrence(lexicon):
    text = "We introduce FooBench, a new benchmark. Models fail on FooBench; FooBench is hard."
    assert [t for _, _, t in resolved(lexicon, text)] == ["FooBench"] * 3


def test_discovered_model_variant_gets_family(lexicon):
    text = "We release Nemotron-H-47B-Base today."
    cands = resolve(text, lexicon.scan(text), discover(text))
    assert [(c.name, c.family) for c in cands] == [("Nemotron-H-47B-Base", "Nemotron-H")]


def test_vocabulary_wins_a_tie_with_a_discovery():
    lex = Lexicon(Vocabulary([Entity("model", "GPT-4")]))
    text = "We introduce GPT-4, a large model."
    assert [(c.type, c.known) for c in resolve(text, lex.scan(text), discover(text))] == [("model", True)]


def test_a_title_takes_the_meaning_its_abstract_defines_for_a_listed_acronym():
    from extractors import Extractor

    title = "HELM: Hierarchical and Explicit Label Modeling for Image Classification"
    abstract = "We introduce HELM (\\textit{Hierarchical and Explicit Label Modeling}), a novel framework."
    in_title, in_abstract = Extractor.default().extract_paper(title, abstract)
    helm = [(m.type, m.name) for m in in_title + in_abstract if m.text == "HELM"]
    assert helm and set(helm) == {("method", "Hierarchical and Explicit Label Modeling")}
