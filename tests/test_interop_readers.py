"""Every file in ../shared/interop (real files saved by other tools) is read with the right ids, titles, authors and
dates, or refused with a message that says why, and nothing of it stored.

The expected values were read by hand from the files themselves (their raw RIS tags, CSV cells, JSON fields),
three records per file. The folder is part of CI's checkout: when it is missing these tests fail, they do not skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphapp.cli import main
from graphapp.ingest import FORMATS, read_papers
from graphapp.ingest.sniff import UnsupportedFormat, sniff_format
from graphapp.model import IngestError, Paper
from graphapp.store import Store
from tests.conftest import FIXTURES, INTEROP

#: Real files through the readers and, for the refusals, the CLI and a store.
pytestmark = pytest.mark.integration


def read(path: Path, fmt: str | None = None) -> tuple[list[Paper], list[IngestError]]:
    items = list(read_papers(path, fmt))
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, IngestError)]


def test_the_interop_folder_is_there():
    assert (INTEROP / "SOURCES.md").is_file(), f"{INTEROP} is missing: CI checks out shared/ beside the repository"


#: file -> (papers read, format it is sniffed as)
EXPECTED_COUNTS = {
    "arxiv/2016_id_list_1111.2011v2.xml": (1, "arxiv"),
    "arxiv/2016_search_query_au_del_maestro.xml": (10, "arxiv"),
    "arxiv/id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml": (1, "arxiv"),
    "arxiv/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml": (1, "arxiv"),
    "arxiv/q_testing_s0_m100_cfe7536492ca.xml": (100, "arxiv"),
    "bibtex/accord_LDAC.bib": (60, "bibtex"),
    "bibtex/accord_zotero_better-biblatex.biblatex": (779, "bibtex"),
    "bibtex/accord_zotero_biblatex.bib": (362, "bibtex"),
    "bibtex/controlnet_zotero_My_Library.bib": (216, "bibtex"),
    "csv/asreview_embase.csv": (6, "csv"),
    "csv/controlnet_zotero_My_Library.csv": (201, "csv"),
    "csv/litstudy_ieee.csv": (10, "csv"),
    "csv/litstudy_scopus.csv": (58, "csv"),
    "hf/allnewsai_hf_daily_papers.json": (5, "hf-api"),
    "openalex/ISUgenomics_news_openalex_works.json": (3, "openalex"),
    "other/asreview_pubmed_endnote.txt": (6, "ris"),
    "other/asreview_web_of_science.txt": (10, "ris"),
    "other/sotawhat_pubmed_efetch.xml": (5, "pubmed-xml"),
    "pwc/paperswithcode-data_data_papers_25_2508.00017.json": (1, "pwc"),
    "ris/asreview_baseline_zotero.ris": (98, "ris"),
    "ris/asreview_embase.ris": (6, "ris"),
    "ris/asreview_pubmed_zotero.ris": (6, "ris"),
    "ris/litstudy_example.ris": (25, "ris"),
    "s2/semanticscholar_py_Paper.json": (1, "semantic-scholar"),
    "zotero/accord_better-bibtex-json.json": (362, "zotero-json"),
    "zotero/accord_better-csl-yaml.yaml": (362, "csl-yaml"),
}

#: file -> what the refusal or the per-record errors say; none of these stores a paper.
REFUSED = {
    "arxiv/allnewsai_arxiv_weekend_empty.xml": "no papers read as arXiv RSS feed",
    "arxiv/id_0000.0000_s0_m100_8b51d9633a68.xml": "no papers read as arXiv API Atom feed",
    "arxiv/id_abc_s0_m100_b79c8dcf6bc3.xml": "the arXiv API answered with an error: incorrect id format for abc",
    "arxiv/recording_id_0000.0000_s0_m100_8b51d9633a68.json": "looks like a recorded HTTP response",
    "arxiv/recording_id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.json": "looks like a recorded HTTP response",
    "arxiv/recording_id_abc_s0_m100_b79c8dcf6bc3.json": "looks like a recorded HTTP response",
    "arxiv/recording_id_astro-ph_0601001_s0_m100_3150dca9dc76.json": "looks like a recorded HTTP response",
    "arxiv/recording_q_testing_s0_m100_cfe7536492ca.json": "looks like a recorded HTTP response",
    "bibtex/wutong8023_dblp_style_no_abstracts.bib": "entry 'xu-etal-2022-two' is missing abstract",
    "openalex/hfl112_paper-extract_openalex_works.json": "OpenAlex work 'In vivo CRISPR base editing of PCSK9",
    "s2/semanticscholar_py_test_get_papers.yaml": "looks like a VCR cassette of recorded HTTP requests",
    "s2/semanticscholar_py_test_get_papers_response0.json": "Semantic Scholar paper is missing title and abstract",
    "s2/semanticscholar_py_test_search_paper.yaml": "looks like a VCR cassette of recorded HTTP requests",
    "s2/semanticscholar_py_test_search_paper_response0.json": "Semantic Scholar paper 'Using DeepSpeed and Megatron",
}


def test_every_interop_file_is_listed_here():
    files = {
        str(path.relative_to(INTEROP))
        for path in INTEROP.rglob("*")
        if path.is_file() and path.suffix != ".md" and path.parts[len(INTEROP.parts)] != "xsd"
    }
    assert files == set(EXPECTED_COUNTS) | set(REFUSED)


@pytest.mark.parametrize(("name", "expected"), EXPECTED_COUNTS.items())
def test_interop_file_is_read(name, expected):
    path = INTEROP / name
    count, fmt = expected
    papers, errors = read(path)
    assert len(papers) == count
    assert all(error.reason == "missing title or abstract" or "not a paper" in error.message for error in errors)
    head = path.read_text(encoding="utf-8-sig")[:4096]
    assert sniff_format(path, head, lambda: path.open(encoding="utf-8-sig")) == fmt


@pytest.mark.parametrize(("name", "says"), REFUSED.items())
def test_interop_file_is_refused_with_a_clear_message(tmp_path, name, says, capsys):
    papers, errors = read(INTEROP / name)
    assert papers == [] and says in str(errors[0])
    db = tmp_path / "store.sqlite"
    assert main(["ingest", str(INTEROP / name), "--db", str(db)]) == 1
    assert says in capsys.readouterr().err
    with Store(db, readonly=True) as store:
        assert store.paper_count() == 0


def by_title(papers: list[Paper], start: str) -> Paper:
    (found,) = [paper for paper in papers if paper.title.startswith(start)]
    return found


# (file, title start, id, first authors, date): three records per file, values read from the file by hand.
# "title-" marks a record with no arXiv id or DOI (its id derives from the title); authors None: not checked.
RECORDS = [
    ("ris/asreview_baseline_zotero.ris", "An open source machine learning framework for efficient",
     "doi:10.1038/s42256-020-00287-7", ["van de Schoot, Rens", "de Bruin, Jonathan"], "2021-02-01"),
    ("ris/asreview_baseline_zotero.ris", "Systematic search of Bayesian statistics in the field",
     "doi:10.1080/20008198.2017.1375339", ["van de Schoot, Rens", "Schalken, Naomi", "Olff, Miranda"], "2017-10-31"),
    ("ris/asreview_baseline_zotero.ris", "The increasing need for systematic reviews of prognosis",
     "doi:10.1186/s41512-019-0049-6", ["Damen, Johanna A A G", "Hooft, Lotty"], "2019-01-23"),
    ("ris/asreview_embase.ris", "Duplication cysts: Diagnosis, management",
     "doi:10.4103/2303-9027.138783", ["Liu R.", "Adler D.G."], "2014"),
    ("ris/asreview_embase.ris", "Endoscopic ultrasound-guided fine-needle aspiration in the diagnosis of foregut",
     "doi:10.1002/cncr.20369", ["Eloubeidi M.A.", "Cohn M.", "Cerfolio R.J."], "2004"),
    ("ris/asreview_embase.ris", "A case of completely isolated advanced enteric duplication cyst cancer",
     "doi:10.1016/j.ijscr.2018.11.060", ["Nakashima S.", "Yamada T."], "2019"),
    ("ris/asreview_pubmed_zotero.ris", "The importance of cognitive flexibility",
     "doi:10.5114/pg.2018.81081", ["Rudnik, Agata", "Piotrowicz, Grazyna", "Basinska, Malgorzata A."], "2019"),
    ("ris/asreview_pubmed_zotero.ris", "Outcomes of inflammatory bowel disease surgery in obese",
     "doi:10.1007/s10151-019-02080-0", ["Hicks, G.", "Abdulaal, A."], "2019-10"),
    ("ris/asreview_pubmed_zotero.ris", "Efficacy and safety of Tripterygium wilfordii",
     "doi:10.1097/md.0000000000016231", ["Zhang, Jianying", "Han, Gang"], "2019-06"),
    ("ris/litstudy_example.ris", "The European Approach to the Exascale Challenge",
     "doi:10.1109/mcse.2018.2884139", ["G. Kalbe"], "2019"),
    ("ris/litstudy_example.ris", "Reference Exascale Architecture",
     "doi:10.1109/escience.2019.00063", ["M. Bobák", "L. Hluchy", "A. S. Z. Belloum"], "2019"),
    ("ris/litstudy_example.ris", "Brief introduction of TianHe exascale prototype system",
     "doi:10.26599/tst.2020.9010009", ["R. Wang", "K. Lu"], "2021"),
    ("other/asreview_pubmed_endnote.txt", "Boswellia serrata: an overall assessment",
     "doi:10.2165/11586800-000000000-00000", ["Abdel-Tawab, M.", "Werz, O."], "2011-06"),
    ("other/asreview_pubmed_endnote.txt", "Yuzu (Citrus junos Tanaka) Peel Attenuates",
     "doi:10.5650/jos.ess17184", ["Abe, H.", "Ishioka, M."], "2018-03-01"),
    ("other/asreview_pubmed_endnote.txt", "Indigo Naturalis Ameliorates Oxazolone-Induced Dermatitis",
     "doi:10.1159/000471923", ["Adachi, S.", "Hoshi, N."], "2017"),
    ("other/asreview_web_of_science.txt", "Holding Yourself Captive",
     "doi:10.1016/j.jarmac.2018.03.001", ["Alceste, F", "Luke, TJ", "Kassin, SM"], "2018-09"),
    ("other/asreview_web_of_science.txt", "When Self-Report Trumps Science",
     "doi:10.1037/law0000080", ["Appleby, SC", "Kassin, SM"], "2016-05"),
    ("other/asreview_web_of_science.txt", "From criminal interrogations to investigative interviews",
     "doi:10.3389/fpsyg.2023.1175856", ["Denault, V", "Talwar, V"], "2023-06-19"),
    ("csv/asreview_embase.csv", "Duplication cysts: Diagnosis, management",
     "doi:10.4103/2303-9027.138783", ["Liu R.", "Adler D.G."], "2014"),
    ("csv/asreview_embase.csv", "Endoscopic ultrasound-guided fine-needle aspiration in the diagnosis of foregut",
     "doi:10.1002/cncr.20369", ["Eloubeidi M.A.", "Cohn M."], "2004-08-25"),
    ("csv/asreview_embase.csv", "Completely Isolated Retroperitoneal Enteric Duplication Cyst",
     "doi:10.1089/cren.2017.0016", ["Faraj K.", "Edwards L.", "Gupta A.", "Seifman B."], "2017-03-01"),
    ("csv/controlnet_zotero_My_Library.csv", "StyleGAN2 Distillation for Feed-Forward Image Manipulation",
     "doi:10.1007/978-3-030-58542-6_11", ["Viazovetskyi, Yuri", "Ivashkin, Vladimir", "Kashin, Evgeny"], "2020"),
    ("csv/controlnet_zotero_My_Library.csv", "Pretraining Image Encoders without Reconstruction",
     "2003.07441", ["Pihlgren, Gustav Grund", "Sandin, Fredrik", "Liwicki, Marcus"], "2020-07-15"),
    ("csv/controlnet_zotero_My_Library.csv", "TSP: Temporally-Sensitive Pretraining of Video Encoders",
     "title-", ["Alwassel, Humam", "Giancola, Silvio", "Ghanem, Bernard"], "2021"),
    ("csv/litstudy_ieee.csv", "Exascale Computing Trends: Adjusting to the",
     "doi:10.1109/mcse.2013.95", ["P. Kogge", "J. Shalf"], "2013"),
    ("csv/litstudy_ieee.csv", "European HPC Landscape",
     "doi:10.1109/escience.2019.00062", ["F. Berberich", "J. Liebmann", "J. -P. Nominé"], "2019"),
    ("csv/litstudy_ieee.csv", "Methodology and Application of HPC: I/O Characterization",
     "doi:10.1109/espt.2016.005", ["Y. -T. S. Chang", "H. Jin", "J. Bauer"], "2016"),
    ("csv/litstudy_scopus.csv", "Scalable molecular dynamics with NAMD",
     "doi:10.1002/jcc.20289", ["Phillips J.C.", "Braun R.", "Wang W."], "2005"),
    ("csv/litstudy_scopus.csv", "Petri Nets: Properties, Analysis and Applications",
     "doi:10.1109/5.24143", ["Murata T."], "1989"),
    ("csv/litstudy_scopus.csv", "Proceedings - 1999 International Conference on Information Intelligence",
     "title-", [], "1999"),
    ("bibtex/controlnet_zotero_My_Library.bib", "NeRF: Representing Scenes as Neural Radiance Fields",
     "doi:10.1007/978-3-030-58452-8_24", ["Mildenhall, Ben", "Srinivasan, Pratul"], "2020"),
    ("bibtex/controlnet_zotero_My_Library.bib", "Active Shape Models-Their Training and Application",
     "doi:10.1006/cviu.1995.1004", ["Cootes, T. F.", "Taylor, C. J."], "1995-01"),
    ("bibtex/controlnet_zotero_My_Library.bib", "Pretraining Image Encoders without Reconstruction",
     "2003.07441", ["Pihlgren, Gustav Grund", "Sandin, Fredrik"], "2020-07"),
    ("bibtex/accord_LDAC.bib", "Linked data for the life cycle assessment of built assets",
     "title-", ["Boje, Calin", "Kubicki, Sylvain", "Gutierrez, Tomas Navarrete"], "2023-06"),
    ("bibtex/accord_LDAC.bib", "Lessons learned from designing and using bcfOWL",
     "title-", ["Schulz, Oliver", "Oraskari, Jyrki", "Beetz, Jakob"], "2023-06"),
    ("bibtex/accord_LDAC.bib", "Towards usable ICDD containers for ontology-driven data linking",
     "title-", ["Hagedorn, Philipp", "Senthilvel, Madhumita"], "2023-06"),
    ("bibtex/accord_zotero_biblatex.bib", "Semantic web based rule checking of real-world scale BIM models",
     "title-", ["Hehua Zhang", "Wenqi Zhao"], "2017-07-26"),
    ("bibtex/accord_zotero_biblatex.bib", "Semantic Segmentation of 3D Reconstructions of Building Facilities",
     "title-", ["Czerniawski, T.", "Leite, Fernanda"], "2018"),
    ("bibtex/accord_zotero_biblatex.bib", "The use of IFC models towards automation of urban planning checks",
     "2011.03117", None, "2021-04-07"),
    ("bibtex/accord_zotero_better-biblatex.biblatex", "IM2DR: Incentive Based Multi-tier",
     "doi:10.7146/aul.455.c201", ["Abbasloo, A.", "Valenzuela, G.", "Gebhardt, G. H. W."], "2022-06-20"),
    ("bibtex/accord_zotero_better-biblatex.biblatex", "Towards a Generalized Value Stream Mapping",
     "doi:10.7939/r3-enqa-w715", ["Abdelghani, Mohammad"], "2021"),
    ("bibtex/accord_zotero_better-biblatex.biblatex", "ChatGPT vs. GPT3: The Ultimate Comparison",
     "title-", ["Abdullah Mangi", "Irfan Rehman"], "2023-01-03"),
    ("openalex/ISUgenomics_news_openalex_works.json", "Porcine epidemic diarrhea virus infection promotes",
     "doi:10.1128/spectrum.02643-25", ["Jayne E Wiarda", "Bailey Arruda"], "2026-09-02"),
    ("openalex/ISUgenomics_news_openalex_works.json", "OSI Stack Redesign for Quantum Networks",
     "doi:10.3390/s26185696", ["Shakil Ahmed", "Yehia Osman"], "2026-09-08"),
    ("openalex/ISUgenomics_news_openalex_works.json", "Evaluating the Effectiveness of a Practitioner-Designed",
     "W7124125024", ["Melissa B. Russano", "Christian Meissner"], "2026-09-01"),
    ("zotero/accord_better-bibtex-json.json", "Semantic information alignment of BIMs",
     "doi:10.1016/j.aei.2020.101239", ["Zhou, Peng", "El-Gohary, Nora"], "2021-04-01"),
    ("zotero/accord_better-bibtex-json.json", "BOT: The building topology ontology",
     "doi:10.3233/sw-200385", ["Rasmussen, Mads Holten", "Lefrançois, M."], "2021"),
    ("zotero/accord_better-bibtex-json.json", "The use of IFC models towards automation of urban planning checks",
     "2011.03117", None, "2021-04-07"),
    ("zotero/accord_better-csl-yaml.yaml", "Towards a Generalized Value Stream Mapping",
     "doi:10.7939/r3-enqa-w715", ["Abdelghani, Mohammad"], "2021"),
    ("zotero/accord_better-csl-yaml.yaml", "Automating construction manufacturing procedures using BIM",
     "doi:10.1108/ci-12-2019-0141", ["Al-Saeed, Y.", "Edwards, D."], "2020"),
    ("zotero/accord_better-csl-yaml.yaml", "Semantic information alignment of BIMs",
     "doi:10.1016/j.aei.2020.101239", ["Zhou, Peng", "El-Gohary, Nora"], "2021-04-01"),
    ("hf/allnewsai_hf_daily_papers.json", "OmniScope: Modality-Decoupled Token Compression",
     "2607.23193", ["Jinsen Su", "Yongdong Luo"], "2026-07-28"),
    ("hf/allnewsai_hf_daily_papers.json", "Σ-Mem: An Online Reliability Memory",
     "2607.27958", ["Peilin Feng", "Suorong Yang"], "2026-07-30"),
    ("hf/allnewsai_hf_daily_papers.json", "β-OPSD: Deriving with Policy Optimization",
     "2607.28582", ["Jiawei Xu", "Minghui Liu"], "2026-07-30"),
    ("arxiv/2016_search_query_au_del_maestro.xml", "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores",
     "1201.4869", ["Adrian Del Maestro"], "2012-01-23"),
    ("arxiv/2016_search_query_au_del_maestro.xml", "Thermal melting of density waves on the square lattice",
     "cond-mat/0412498", ["Adrian Del Maestro", "Subir Sachdev"], "2004-12-19"),
    ("arxiv/2016_search_query_au_del_maestro.xml", "Theory of the pairbreaking superconductor-metal transition",
     "0807.2873", ["Adrian Del Maestro", "Bernd Rosenow"], "2008-07-17"),
    ("arxiv/q_testing_s0_m100_cfe7536492ca.xml", "Testing Deep Learning Models: A First Comparative Study",
     "2202.12139", ["Mohit Kumar Ahuja", "Arnaud Gotlieb"], "2022-02-24"),
    ("arxiv/q_testing_s0_m100_cfe7536492ca.xml", "Towards Explainable Test Case Prioritisation",
     "2405.13786", ["Aurora RamÃ\xadrez", "Mario Berrios"], "2024-05-22"),  # the recording's own mojibake
    ("arxiv/q_testing_s0_m100_cfe7536492ca.xml", "Principles of Equivalence: Their Role in Gravitation",
     "gr-qc/0103067", ["Mark P. Haugan", "C. LÃ¤mmerzahl"], "2001-03-17"),
    ("arxiv/id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml", "Proceedings of Workshop AEW10",
     "1707.08567", ["Kees A. Schouhamer Immink", "Stan Baggen", "Ferdaous Chaabane"], "2017-07-27"),
    ("arxiv/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml", "Frequency of Hot Jupiters and Very Hot Jupiters",
     "astro-ph/0601001", ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi"], "2006-01-02"),
    ("arxiv/2016_id_list_1111.2011v2.xml", "Quantum Criticality for Extended Nodes on a Bethe Lattice",
     "1111.2011", ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], "2011-11-08"),
    ("s2/semanticscholar_py_Paper.json", "Computing Machinery and Intelligence",
     "doi:10.1093/mind/lix.236.433", ["A. Turing"], "1950-10-01"),
    ("pwc/paperswithcode-data_data_papers_25_2508.00017.json", "Generative Logic: A New Computer Architecture",
     "2508.00017", ["Nikolai Sergeev"], None),
    ("other/sotawhat_pubmed_efetch.xml", "Early timepoint 99mTc-DPD whole body scintigraphy",
     "doi:10.1186/s13550-026-01466-0", ["Settelmeier, Stephan", "Kessler, Lukas", "Hammersen, Noah"], "2026-06-12"),
    ("other/sotawhat_pubmed_efetch.xml", "Accelerated sagittal remodeling of lumbar facet joints",
     "doi:10.1007/s00586-026-10102-3", ["Liu, Xiang", "Zhang, Wei-Cong"], "2026-06-12"),
    ("other/sotawhat_pubmed_efetch.xml", "General-purpose large language models outperform",
     "doi:10.1038/s41591-026-04431-5", ["Vishwanath, Krithik", "Alyakin, Anton"], "2026-06-12"),
]  # fmt: skip


@pytest.fixture(scope="module")
def interop_papers() -> dict[str, list[Paper]]:
    return {name: read(INTEROP / name)[0] for name in {record[0] for record in RECORDS}}


@pytest.mark.parametrize(("name", "title", "paper_id", "authors", "date"), RECORDS)
def test_interop_record_fields(interop_papers, name, title, paper_id, authors, date):
    paper = by_title(interop_papers[name], title)
    assert paper.id.startswith("title-") if paper_id == "title-" else paper.id == paper_id
    if authors is not None:
        assert paper.authors[: len(authors)] == authors and (authors or paper.authors == [])
    assert paper.date == date
    assert paper.abstract and paper.source == str(INTEROP / name)


def test_three_records_are_checked_for_every_file_that_is_read():
    for name, (count, _) in EXPECTED_COUNTS.items():
        need = min(count, 3)
        assert sum(record[0] == name for record in RECORDS) >= need, name


def test_openalex_abstract_is_rebuilt_in_order(interop_papers):
    paper = by_title(interop_papers["openalex/ISUgenomics_news_openalex_works.json"], "Porcine epidemic")
    assert paper.abstract.startswith("Porcine epidemic diarrhea virus (PEDV) is")


def test_papers_with_code_record_keeps_its_code_links(interop_papers):
    (paper,) = interop_papers["pwc/paperswithcode-data_data_papers_25_2508.00017.json"]
    assert [(link.url, link.label) for link in paper.links] == [
        ("https://github.com/Generative-Logic/GL", "code"),
        ("https://doi.org/10.5281/zenodo.16408441", "code"),
    ]
    assert paper.url == "https://arxiv.org/abs/2508.00017"


def test_scopus_rows_with_more_funding_texts_than_the_header_keep_their_columns():
    papers, errors = read(INTEROP / "csv/litstudy_scopus.csv")
    assert errors == [] and len(papers) == 58
    petri = by_title(papers, "Bipartite Graphs—Petri Nets in Biology Modeling")  # a row with one more value
    assert petri.authors == ["Gogolińska A.", "Nowak W."] and petri.id == "doi:10.1007/978-3-030-76787-7_9"


def test_pubmed_xml_keeps_labelled_sections_and_inline_markup_text(interop_papers):
    paper = by_title(interop_papers["other/sotawhat_pubmed_efetch.xml"], "Early timepoint")
    assert paper.title.startswith("Early timepoint 99mTc-DPD")  # <sup>99m</sup> kept as text
    assert paper.abstract.startswith("BACKGROUND: Cardiac transthyretin amyloidosis")


@pytest.mark.slow  # ingests 700 papers
def test_the_same_paper_from_three_formats_is_one_node(tmp_path):
    db = tmp_path / "store.sqlite"
    files = ["zotero/accord_better-bibtex-json.json", "zotero/accord_better-csl-yaml.yaml"]
    files.append("bibtex/accord_zotero_biblatex.bib")
    ids = [{paper.id for paper in read(INTEROP / name)[0]} for name in files]
    assert "2011.03117" in ids[0] & ids[1] & ids[2]
    assert len(ids[0] & ids[1]) >= 330  # the same library exported twice: DOIs and arXiv ids agree
    with Store(db) as store:
        for name in files[:2]:
            main(["ingest", str(INTEROP / name), "--db", str(db)])
        assert store.paper_count() == len(ids[0] | ids[1])


# --- sniffing and refusals on inputs made for the purpose -------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Doe, J\nTI A title\nER\n", None),
        ("PMID- 123456\nTI  - A title\nAB  - An abstract.\n", None),
        ("%0 Journal Article\n%A Doe, J\n%T A title\n", "looks like EndNote tagged text"),
        ('<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>', "looks like a GraphML"),
        ("<!DOCTYPE html>\n<html><body>Papers</body></html>", "looks like an HTML page"),
        ('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>', "not arXiv's"),
        ("Dear reviewer,\n\nplease find attached\nthe list we discussed\n", "unknown format"),
        ('{"name": "x", "version": 3}', "unknown format (JSON without paper records: name, version)"),
        ("interactions:\n- request:\n    body: null\n", "looks like a VCR cassette"),
        ("PT\tAU\tBA\tTI\tAB\nJ\tDoe, J\t\tA title\tAn abstract.\n", "Web of Science tab-delimited"),
        ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "Zotero RDF"),
        ('<?xml version="1.0" encoding="UTF-8"?><xml><records><record/></records></xml>', "EndNote XML"),
    ],
)
def test_sniffing_needs_positive_evidence(tmp_path, content, says):
    path = tmp_path / "input.txt"
    path.write_text(content, encoding="utf-8")
    if says is None:
        sniff_format(path, content, lambda: path.open(encoding="utf-8"))  # WoS and MEDLINE text are read
        return
    with pytest.raises(UnsupportedFormat, match=says.replace("(", r"\(").replace(")", r"\)")):
        sniff_format(path, content, lambda: path.open(encoding="utf-8"))


def test_ris_read_as_hf_text_is_no_longer_possible(tmp_path):
    """The issue's report: a 6-record RIS file became 58 "papers" ("KW - ulcerative colitis")."""
    papers, errors = read(INTEROP / "ris/asreview_pubmed_zotero.ris")
    assert len(papers) == 6 and errors == [] and not any(p.title.startswith("KW") for p in papers)


def test_a_forced_format_that_reads_nothing_is_an_error(tmp_path, capsys):
    db = tmp_path / "store.sqlite"
    assert main(["ingest", str(INTEROP / "ris/asreview_pubmed_zotero.ris"), "--format", "bibtex", "--db", str(db)]) == 1
    assert (
        "no papers read as BibTeX / BibLaTeX (the format asked for, 'bibtex'); nothing stored"
        in capsys.readouterr().err
    )
    with Store(db, readonly=True) as store:
        assert store.paper_count() == 0


def test_unknown_file_is_refused_and_nothing_stored(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("KW  - ulcerative colitis\nsome notes\n", encoding="utf-8")
    db = tmp_path / "store.sqlite"
    assert main(["ingest", str(path), "--db", str(db)]) == 1
    assert "unknown format" in capsys.readouterr().err
    with Store(db, readonly=True) as store:
        assert store.paper_count() == 0


def test_medline_and_web_of_science_plain_text(tmp_path):
    medline = tmp_path / "pubmed.nbib"
    medline.write_text(
        "PMID- 31234567\nTI  - Learning graphs from abstracts: a\n      study.\nAB  - We read abstracts. It works.\n"
        "FAU - Doe, Jane\nAU  - Doe J\nFAU - Roe, Rick\nDP  - 2019 Jun 12\nLID - 10.1000/ABC.1 [doi]\n\n"
        "PMID- 31234568\nTI  - No abstract here\nDP  - 2020\n",
        encoding="utf-8",
    )
    papers, errors = read(medline)
    assert [(p.id, p.title, p.authors, p.date) for p in papers] == [
        ("doi:10.1000/abc.1", "Learning graphs from abstracts: a study.", ["Doe, Jane", "Roe, Rick"], "2019-06-12")
    ]
    assert [(e.location, e.message) for e in errors] == [("line 11", "record 'No abstract here' is missing abstract")]
    wos = tmp_path / "savedrecs.txt"
    wos.write_text(
        "\ufeffFN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Doe, J\n   Roe, R\nAF Doe, Jane\n   Roe, Rick\n"
        "TI Graphs of papers\n   and code\nAB Abstract one.\nPD MAR\nPY 2021\nDI 10.1000/XYZ\nUT WOS:000123\nER\n\n"
        "PT J\nAU Poe, E\nTI Another\nAB Abstract two.\nPY 2020\nUT WOS:000124\nER\n\nEF\n",
        encoding="utf-8",
    )
    papers, errors = read(wos)
    assert errors == []
    assert [(p.id, p.title, p.authors, p.date) for p in papers] == [
        ("doi:10.1000/xyz", "Graphs of papers and code", ["Doe, Jane", "Roe, Rick"], "2021-03"),
        ("WOS:000124", "Another", ["Poe, E"], "2020"),
    ]


def test_arxiv_rss_items(fixtures):
    """A feed in the layout of rss.arxiv.org (see tests/fixtures/interop/SOURCES.md); the empty real one is above."""
    papers, errors = read(FIXTURES / "interop" / "arxiv_rss_cs_lg.xml")
    assert errors == []
    assert [(p.id, p.authors, p.date, p.url) for p in papers] == [
        ("1706.03762", ["Ashish Vaswani", "Noam Shazeer"], "2017-06-13", "https://arxiv.org/abs/1706.03762"),
    ]
    assert papers[0].abstract.startswith("The dominant sequence transduction models")


def test_csl_json_and_zotero_json_lists(tmp_path):
    csl = tmp_path / "library.json"
    csl.write_text(
        '[{"id": "vaswani2017", "type": "article", "title": "Attention Is All You Need", "abstract": "We propose.",'
        ' "author": [{"family": "Vaswani", "given": "Ashish"}, {"literal": "Google Brain"}],'
        ' "issued": {"date-parts": [[2017, 6, 12]]}, "URL": "http://arxiv.org/abs/1706.03762v7"}]',
        encoding="utf-8",
    )
    (paper,), errors = read(csl)
    assert errors == [] and (paper.id, paper.authors, paper.date) == (
        "1706.03762",
        ["Vaswani, Ashish", "Google Brain"],
        "2017-06-12",
    )


def test_zotero_web_api_items(tmp_path):
    path = tmp_path / "items.json"
    item = {"itemType": "preprint", "title": "Attention Is All You Need", "abstractNote": "We propose.",
            "creators": [{"creatorType": "author", "firstName": "Ashish", "lastName": "Vaswani"}],
            "date": "2017-06-12", "url": "http://arxiv.org/abs/1706.03762"}  # fmt: skip
    path.write_text(json.dumps([{"key": "ABCD1234", "version": 3, "data": item}]), encoding="utf-8")
    (paper,), errors = read(path)
    assert errors == [] and (paper.id, paper.authors, paper.date) == ("1706.03762", ["Vaswani, Ashish"], "2017-06-12")


def test_every_format_has_a_reader_and_a_description():
    assert {"ris", "csl-json", "csl-yaml", "zotero-json", "openalex", "semantic-scholar", "pwc", "arxiv-rss"} <= set(
        FORMATS
    )


def test_zotero_bibtex_and_hugging_face_give_one_hopfield_node(tmp_path, capsys):
    """The issue's report: arXiv ids were not recovered from Zotero BibTeX, so the paper was stored twice."""
    bib = tmp_path / "zotero.bib"
    bib.write_text(
        "@article{ramsauer_hopfield_2020,\n\ttitle = {Hopfield {Networks} is {All} {You} {Need}},\n"
        "\turl = {http://arxiv.org/abs/2008.02217},\n\tabstract = {We introduce a modern Hopfield network.},\n"
        '\tjournal = {arXiv:2008.02217 [cs, stat]},\n\tauthor = {Ramsauer, Hubert and Sch{\\"a}fl, Bernhard},\n'
        "\tmonth = jul,\n\tyear = {2020},\n}\n",
        encoding="utf-8",
    )
    hf = tmp_path / "daily.json"
    paper = {"id": "2008.02217", "title": "Hopfield Networks is All You Need", "summary": "Modern Hopfield networks."}
    hf.write_text(json.dumps([{"paper": {**paper, "authors": [{"name": "Hubert Ramsauer"}]}}]), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    assert main(["ingest", str(bib), str(hf), "--db", str(db)]) == 0
    with Store(db, readonly=True) as store:
        assert store.paper_count() == 1
    capsys.readouterr()
    assert main(["related", "Hopfield Networks is All You Need", "--db", str(db)]) == 0
