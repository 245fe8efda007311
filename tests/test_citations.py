"""Tests for extractors.citations: author-year forms, arXiv ids, DOIs, BibTeX keys, and look-alikes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.citations import find_citations


def found(text: str) -> list[tuple[str, str]]:
    return [(m.name, m.text) for m in find_citations(text)]


def cited(text: str) -> list[str]:
    return [m.name for m in find_citations(text)]


AUTHOR_YEAR = [
    pytest.param("pruning (IMP, Han et al., 2015) works", [("Han et al. 2015", "Han et al., 2015")], id="et-al"),
    pytest.param(
        "SparseGPT (Frantar & Alistarh, 2023) and",
        [("Frantar & Alistarh 2023", "Frantar & Alistarh, 2023")],
        id="two-authors-ampersand",
    ),
    pytest.param("humans (Shepard, 1967). More", [("Shepard 1967", "Shepard, 1967")], id="one-author"),
    pytest.param(
        "grounded in the Nelson and Narens (1990) framework",
        [("Nelson and Narens 1990", "Nelson and Narens (1990)")],
        id="narrative-and",
    ),
    pytest.param("as Han et al. (2015) showed", [("Han et al. 2015", "Han et al. (2015)")], id="narrative-et-al"),
    pytest.param(
        "prior work (Lee et al., 2020; Park and Kim, 2021) found",
        [("Lee et al. 2020", "Lee et al., 2020"), ("Park and Kim 2021", "Park and Kim, 2021")],
        id="several-in-one-parenthesis",
    ),
    pytest.param("heads (Wu et al., 2025b), a subset", [("Wu et al. 2025b", "Wu et al., 2025b")], id="year-letter"),
    pytest.param(
        "surveys (Lei et\nal., 2024a;b; Melnik et al., 2024) which",
        [
            ("Lei et al. 2024a", "Lei et\nal., 2024a"),
            ("Lei et al. 2024b", "b"),
            ("Melnik et al. 2024", "Melnik et al., 2024"),
        ],
        id="compressed-letters-and-wrapped-et-al",
    ),
    pytest.param(
        "Recent work (Ross et al., 2025, 2024) argued",
        [("Ross et al. 2025", "Ross et al., 2025"), ("Ross et al. 2024", "2024")],
        id="several-years",
    ),
    pytest.param(
        'kernels (Sch\\"olkopf et al., 2001) and',
        [("Schölkopf et al. 2001", 'Sch\\"olkopf et al., 2001')],
        id="latex-umlaut",
    ),
    pytest.param(
        "as Gr{\\'e}goire and M\\\"{u}ller (2019) note",
        [("Grégoire and Müller 2019", "Gr{\\'e}goire and M\\\"{u}ller (2019)")],
        id="latex-braced-accents",
    ),
    pytest.param("work (Müller and Ñúñez, 2021).", [("Müller and Ñúñez 2021", "Müller and Ñúñez, 2021")], id="unicode"),
    pytest.param(
        "WaveNet (van den Oord et al., 2016) and",
        [("van den Oord et al. 2016", "van den Oord et al., 2016")],
        id="lowercase-particles",
    ),
    pytest.param("De la Torre (2020) showed", [("De la Torre 2020", "De la Torre (2020)")], id="capital-particle"),
    pytest.param(
        "the model of Dijkstra and van Heuven (2002) is",
        [("Dijkstra and van Heuven 2002", "Dijkstra and van Heuven (2002)")],
        id="particle-second-author",
    ),
    pytest.param(
        "LLMs (Gonzalez-Agirre et al., 2025) trained",
        [("Gonzalez-Agirre et al. 2025", "Gonzalez-Agirre et al., 2025")],
        id="hyphenated",
    ),
    pytest.param("a graph (Gaudry et al. 2024).More", [("Gaudry et al. 2024", "Gaudry et al. 2024")], id="no-comma"),
    pytest.param("the language (Steve Harris 2013).", [("Steve Harris 2013", "Steve Harris 2013")], id="first-name"),
    pytest.param("agents (LangChain, n.d.) and", [("LangChain n.d.", "LangChain, n.d.")], id="no-date"),
    pytest.param("as in (Smith et al 2020) and", [("Smith et al. 2020", "Smith et al 2020")], id="et-al-no-period"),
    pytest.param("As a solution, Vaswani et al. introduced", [("Vaswani et al.", "Vaswani et al.")], id="no-year"),
    pytest.param("GPT-4 (OpenAI, 2023) is", [("OpenAI 2023", "OpenAI, 2023")], id="organisation"),
    pytest.param("guidance (WHO, 2020) says", [("WHO 2020", "WHO, 2020")], id="organisation-acronym"),
    pytest.param("Recent work [Fichet et al. 2024] has", [("Fichet et al. 2024", "Fichet et al. 2024")], id="brackets"),
    pytest.param(
        "While Masader (Alyafeai et\nal.,2021) laid",
        [("Alyafeai et al. 2021", "Alyafeai et\nal.,2021")],
        id="tight",
    ),
    pytest.param(
        "Following Camps, Cl\\'erice, and Pinche (2021), I",
        [("Camps, Clérice, and Pinche 2021", "Camps, Cl\\'erice, and Pinche (2021)")],
        id="three-authors",
    ),
    pytest.param("Drawing on Habermas's (1981) theory", [("Habermas 1981", "Habermas's (1981)")], id="possessive"),
    pytest.param("by Hachem {\\it et al.}, consists", [("Hachem et al.", "Hachem {\\it et al.}")], id="latex-et-al"),
    pytest.param("defined by M. A. Boden (1998) as", [("M. A. Boden 1998", "M. A. Boden (1998)")], id="initials"),
    pytest.param(
        "as defined by Martin Davies (1990).",
        [("Martin Davies 1990", "Martin Davies (1990)")],
        id="full-name",
    ),
    pytest.param("In Smith (2020), we", [("Smith 2020", "Smith (2020)")], id="sentence-word-not-first-name"),
    pytest.param(
        "methods (e.g., Smith 2019; Jones, 2020).",
        [("Smith 2019", "Smith 2019"), ("Jones 2020", "Jones, 2020")],
        id="eg",
    ),
    pytest.param("the result of Yang et al. (TIT, 2014), we", [("Yang et al.", "Yang et al.")], id="venue-after-et-al"),
    pytest.param(
        "Llama 2 (Touvron et al., 2023a;b) and",
        [("Touvron et al. 2023a", "Touvron et al., 2023a"), ("Touvron et al. 2023b", "b")],
        id="ml-letters",
    ),
    pytest.param("R1 (DeepSeek-AI, 2025) and", [("DeepSeek-AI 2025", "DeepSeek-AI, 2025")], id="organisation"),
    pytest.param("Qwen2.5 (Qwen Team, 2024).", [("Qwen Team 2024", "Qwen Team, 2024")], id="team"),
    pytest.param(
        "models (Meta AI, 2024; Google DeepMind, 2024)",
        [("Meta AI 2024", "Meta AI, 2024"), ("Google DeepMind 2024", "Google DeepMind, 2024")],
        id="organisations",
    ),
    pytest.param(
        "LeCun et al. (1998) and McDonald (2001)",
        [("LeCun et al. 1998", "LeCun et al. (1998)"), ("McDonald 2001", "McDonald (2001)")],
        id="inner-capitals",
    ),
    pytest.param("teaching--Howe et al. (2019) and", [("Howe et al. 2019", "Howe et al. (2019)")], id="after-dash"),
    pytest.param(
        "following R{ö}der et al. (2015).",
        [("Röder et al. 2015", "R{ö}der et al. (2015)")],
        id="braced-letter",
    ),
    pytest.param(
        "bounds of Hann-Caruthers et al. (2020) hold",
        [("Hann-Caruthers et al. 2020", "Hann-Caruthers et al. (2020)")],
        id="never-starts-mid-hyphenated-name",
    ),
]


@pytest.mark.parametrize(("text", "expected"), AUTHOR_YEAR)
def test_author_year(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
    assert all(m.kind == "author_year" for m in find_citations(text))


NOT_CITATIONS = [
    pytest.param("In 2020, COVID-19 spread. By 2030 we expect more.", id="sentence-years"),
    pytest.param("Results are in Table 2 and Figure 3 (Fig. 1a).", id="tables-figures"),
    pytest.param("a skin lesion dataset (ISIC 2018) and the (IWSLT 2025) track", id="acronym-dataset-years"),
    pytest.param("in-distribution (JEE Main 2025) and (CVPR 2025) workshop", id="acronym-then-word"),
    pytest.param("trained on abstracts (through August\n2024) from", id="month"),
    pytest.param("articles from OpenAlex (2020-2024) and (1993-2023)", id="year-ranges"),
    pytest.param("datasets (including BUSI, ChestXray 2017, and Retinal OCT) using", id="dataset-in-list"),
    pytest.param("precision on\nTwitter 2015) here", id="dataset-after-word"),
    pytest.param("(CAVE and NTIRE 2022) with", id="acronym-list"),
    pytest.param("a dataset (n=1939) and (p=0.6291) values", id="statistics"),
    pytest.param("known as X since 2023 and (year 2023)", id="lowercase-before-year"),
    pytest.param("Smith 2020 is not cited without brackets.", id="bare-name-year"),
    pytest.param("GPT-4 and Llama 2 and Qwen2.5 beat 2023 baselines.", id="model-names"),
    pytest.param("ChatGPT (2022), RoBERTa (2019) and Gemini (2023) in Nature (2023)", id="products-with-years"),
    pytest.param("(Accepted at ICML 2024) and (NeurIPS 2023)", id="venues"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


ARXIV = [
    pytest.param("extends Visual Anagrams (arXiv:2311.17919) to", "2311.17919", "arXiv:2311.17919", id="prefix"),
    pytest.param("see arXiv:2303.12345v2 [cs.CL] for", "2303.12345v2", "arXiv:2303.12345v2", id="version-trailer"),
    pytest.param("see arXiv 2303.12345.", "2303.12345", "arXiv 2303.12345", id="space-prefix"),
    pytest.param("role-playing\narXiv:\n2402.12422. Others", "2402.12422", "arXiv:\n2402.12422", id="wrapped"),
    pytest.param("the companion paper (2303.12345) shows", "2303.12345", "2303.12345", id="bare-five-digits"),
    pytest.param("old arXiv:0704.0001 paper", "0704.0001", "arXiv:0704.0001", id="first-id"),
    pytest.param("bare 1412.6980v9 id", "1412.6980v9", "1412.6980v9", id="bare-four-digits-with-version"),
    pytest.param("the hep-th/9901001 note", "hep-th/9901001", "hep-th/9901001", id="old-style"),
    pytest.param("see arXiv:cs.LG/0101001.", "cs.LG/0101001", "arXiv:cs.LG/0101001", id="old-style-subject"),
]


@pytest.mark.parametrize(("text", "name", "surface"), ARXIV)
def test_arxiv(text: str, name: str, surface: str) -> None:
    assert [(m.name, m.text, m.kind) for m in find_citations(text)] == [(name, surface, "arxiv")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("an accuracy of 2023.5 points", id="decimal"),
        pytest.param("a loss of 1203.4567 units", id="four-digit-bare"),
        pytest.param("value 2303.1234 here", id="four-digits-after-2015"),
        pytest.param("value 1913.12345 and 2300.12345", id="bad-month"),
        pytest.param("totals 12345.67890 and 3.2303.12345 and 2303.12345.6", id="inside-numbers"),
        pytest.param("at 2303.12345% of", id="percent"),
    ],
)
def test_arxiv_look_alikes(text: str) -> None:
    assert find_citations(text) == []


DOI = [
    pytest.param("via doi:10.1000/xyz123.", "10.1000/xyz123", "doi:10.1000/xyz123", id="prefix"),
    pytest.param(
        "(DOI: 10.5281/zenodo.19239154).",
        "10.5281/zenodo.19239154",
        "DOI: 10.5281/zenodo.19239154",
        id="caps",
    ),
    pytest.param(
        "at 10.1016/j.neunet.2020.01.001, and",
        "10.1016/j.neunet.2020.01.001",
        "10.1016/j.neunet.2020.01.001",
        id="bare",
    ),
    pytest.param(
        "in 10.1002/(SICI)1097-0258 here", "10.1002/(SICI)1097-0258", "10.1002/(SICI)1097-0258", id="brackets"
    ),
    pytest.param("(see 10.1000/abc_def).", "10.1000/abc_def", "10.1000/abc_def", id="unbalanced-close"),
    pytest.param("data at 10.5281/my\\_set now", "10.5281/my_set", "10.5281/my\\_set", id="latex-escape"),
]


@pytest.mark.parametrize(("text", "name", "surface"), DOI)
def test_doi(text: str, name: str, surface: str) -> None:
    assert [(m.name, m.text, m.kind) for m in find_citations(text)] == [(name, surface, "doi")]


LINKED = [
    pytest.param(
        "collection: https://doi.org/10.57967/hf/4539. Both",
        ("10.57967/hf/4539", "https://doi.org/10.57967/hf/4539", "doi"),
        id="doi-link",
    ),
    pytest.param(
        "released here:\nhttps://doi.org/10.5281/\nzenodo.16283852 .",
        ("10.5281/zenodo.16283852", "https://doi.org/10.5281/\nzenodo.16283852", "doi"),
        id="wrapped-doi-link",
    ),
    pytest.param(
        "see https://dl.acm.org/doi/10.1145/3442188.3445922.",
        ("10.1145/3442188.3445922", "https://dl.acm.org/doi/10.1145/3442188.3445922", "doi"),
        id="publisher-doi-link",
    ),
    pytest.param(
        "see https://arxiv.org/abs/2303.12345v2.",
        ("2303.12345v2", "https://arxiv.org/abs/2303.12345v2", "arxiv"),
        id="arxiv-link",
    ),
    pytest.param(
        "see arxiv.org/pdf/2303.12345.pdf and",
        ("2303.12345", "arxiv.org/pdf/2303.12345.pdf", "arxiv"),
        id="arxiv-pdf-link",
    ),
    pytest.param(
        "see https://huggingface.co/papers/2303.12345 and",
        ("2303.12345", "https://huggingface.co/papers/2303.12345", "arxiv"),
        id="hf-paper-link",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINKED)
def test_identifiers_in_links(text: str, expected: tuple[str, str, str]) -> None:
    assert [(m.name, m.text, m.kind) for m in find_citations(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("code: https://github.com/leon2014dresden/YOLO-THERMAL.", id="bibtex-shape-in-path"),
        pytest.param("page: https://x.example.de/pub/ardelean2025quantized.html", id="bibtex-shape-in-file"),
        pytest.param("mirror: https://zenodo.org/records/2303.12345 here", id="arxiv-shape-in-other-link"),
    ],
)
def test_identifier_shapes_inside_other_links(text: str) -> None:
    assert find_citations(text) == []


BIBTEX = [
    pytest.param("tuning attacks qi2023fine-- a few", ["qi2023fine"], id="leaked-dashes"),
    pytest.param(
        "solutions huang2024vaccine, rosati2024representation and",
        ["huang2024vaccine", "rosati2024representation"],
        id="list",
    ),
    pytest.param("solutions huang2024lazy,mukhoti2023fine. However", ["huang2024lazy", "mukhoti2023fine"], id="glued"),
    pytest.param("ResNet \\cite{he2016deep} is", ["he2016deep"], id="cite"),
    pytest.param("Transformer~\\citep{vaswani2017attention}.", ["vaswani2017attention"], id="citep-tilde"),
    pytest.param("\\cite{a2020x, b2021yz,\nsvo}", ["a2020x", "b2021yz", "svo"], id="several-keys"),
    pytest.param("\\citep[RADLADS;][]{goldstein2025radlads}", ["goldstein2025radlads"], id="optional-args"),
    pytest.param(
        "Toker et al.\n(2024)~\\cite{Toker2024-ve}, who",
        ["Toker et al. 2024", "Toker2024-ve"],
        id="with-author-year",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BIBTEX)
def test_bibtex_keys(text: str, expected: list[str]) -> None:
    assert cited(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("word2vec and covid19 and gpt2023 and mp2023xl", id="ordinary-tokens"),
        pytest.param("the file data2020train.csv here", id="file-name"),
        pytest.param("CamelCase Huang2024Vaccine outside cite", id="capitalised-outside-cite"),
    ],
)
def test_bibtex_look_alikes(text: str) -> None:
    assert find_citations(text) == []


def test_mixed_abstract_sorted() -> None:
    text = (
        "Wanda (Sun et al., 2023) and SparseGPT (Frantar & Alistarh, 2023) prune; see arXiv:2301.00774 and "
        "https://doi.org/10.1000/xyz. Code: https://github.com/a/b."
    )
    assert cited(text) == ["Sun et al. 2023", "Frantar & Alistarh 2023", "2301.00774", "10.1000/xyz"]
    assert all(text[m.start : m.end] == m.text for m in find_citations(text))


FRAGMENTS = [
    "(", ")", "[", "]", ";", ",", " ", "\n", "et al.", "et\nal", "and", "&", "Smith", "van", "De", "Müller",
    '\\"o', "{\\'e}", "2020", "2021a", "b", "n.d.", "arXiv:", "2303.12345", "v2", "10.1000/", "x", "doi:",
    "\\cite{", "}", "qi2023fine", "https://", "doi.org/", "arxiv.org/abs/", "~", "'s", "-", ".", "M.",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join) | st.text(max_size=200))
def test_property_spans(text: str) -> None:
    mentions = find_citations(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type == "citation"
        assert m.kind in ("author_year", "arxiv", "doi")
        assert m.name
    for left, right in itertools.pairwise(mentions):
        assert left.end <= right.start


ADVERSARIAL = [
    "et al., " * 12_500,
    "Smith et al., " * 7_000,
    "(Smith, 2020; " * 7_000,
    "Smith, " * 14_000,
    "Smith and " * 10_000,
    "Van de " * 14_000,
    "M. " * 33_000,
    '\\"o' * 33_000,
    "(((" * 33_000,
    "2020 " * 20_000,
    "arXiv:2303.12345 " * 6_000,
    "10.1000/" * 12_500,
    "ab2020cd " * 11_000,
    "\\cite{" * 16_000,
    "a." * 50_000,
    "(Han et al., 2015) https://github.com/a/b " * 2_400,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_inputs_finish(text: str) -> None:
    for m in find_citations(text):
        assert text[m.start : m.end] == m.text
