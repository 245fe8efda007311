"""A small hand-made store for the app's tests: papers sharing datasets and models, code links from the text and
from metadata, an isolated paper, and a paper whose title, abstract and entities try to inject HTML and Markdown.
Also the app started on a store under Streamlit's AppTest, and what its graph component received.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graphapp.evidence import sentence_at
from graphapp.model import Occurrence, Paper
from graphapp.store import Store

XSS_TITLE = '<img src=x onerror="window.__xss=1"> href <script>window.__xss=2</script>'
XSS_DATASET = "**Bold** [click](javascript:alert(1)) <b>x</b>"

# (id, title, abstract, [(entity type, name, surface, relation, role, kind)], metadata links)
PAPERS = [
    (
        "2106.09685",
        "LoRA: Low-Rank Adaptation of Large Language Models",
        "We propose LoRA, a low-rank adaptation method. We evaluate on GLUE with RoBERTa. "
        "Code is at https://github.com/microsoft/LoRA.",
        [
            ("method", "LoRA", "LoRA", "proposes", "proposed", None),
            ("dataset", "GLUE", "GLUE", "uses", "used", None),
            ("model", "RoBERTa", "RoBERTa", "uses", "used", None),
            (
                "url",
                "https://github.com/microsoft/LoRA",
                "https://github.com/microsoft/LoRA",
                "links_to",
                None,
                "github_repo",
            ),
        ],
        ["https://github.com/microsoft/LoRA"],
    ),
    (
        "2305.14314",
        "QLoRA: Efficient Finetuning of Quantized LLMs",
        "We present QLoRA, which backpropagates through a frozen LLaMA model into LoRA adapters. "
        "Our best model, Guanaco, is at https://huggingface.co/timdettmers/guanaco-65b.",
        [
            ("method", "QLoRA", "QLoRA", "proposes", "proposed", None),
            ("model", "LLaMA", "LLaMA", "uses", "used", None),
            ("method", "LoRA", "LoRA", "uses", "used", None),
            (
                "url",
                "https://huggingface.co/timdettmers/guanaco-65b",
                "https://huggingface.co/timdettmers/guanaco-65b",
                "links_to",
                None,
                "hf_model",
            ),
        ],
        [],
    ),
    (
        "2010.11929",
        "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
        "We propose the Vision Transformer (ViT). Pre-trained on ImageNet, ViT transfers to CIFAR-10. "
        "Models: https://github.com/google-research/vision_transformer.",
        [
            ("model", "ViT", "Vision Transformer", "proposes", "proposed", None),
            ("dataset", "ImageNet", "ImageNet", "uses", "used", None),
            ("dataset", "CIFAR-10", "CIFAR-10", "uses", "used", None),
            (
                "url",
                "https://github.com/google-research/vision_transformer",
                "https://github.com/google-research/vision_transformer",
                "links_to",
                None,
                "github_repo",
            ),
        ],
        [],
    ),
    (
        "1512.03385",
        "Deep Residual Learning for Image Recognition",
        "We present ResNet, a residual learning framework. We evaluate on ImageNet and CIFAR-10.",
        [
            ("model", "ResNet", "ResNet", "proposes", "proposed", None),
            ("dataset", "ImageNet", "ImageNet", "uses", "used", None),
            ("dataset", "CIFAR-10", "CIFAR-10", "uses", "used", None),
        ],
        [],
    ),
    (
        "2201.00001",
        "Continual Learning with a Simple Baseline",
        "A nearest mean classifier on frozen ViT features is strong on CIFAR-10 and CoRe50. "
        "See the project page https://example.org/baseline.",
        [
            ("model", "ViT", "ViT", "uses", "used", None),
            ("dataset", "CIFAR-10", "CIFAR-10", "uses", "used", None),
            ("dataset", "CoRe50", "CoRe50", "uses", "used", None),
            ("url", "https://example.org/baseline", "https://example.org/baseline", "links_to", None, "project_page"),
        ],
        [],
    ),
    (
        "2301.00002",
        "Streaming Benchmarks for Continual Learning",
        "We introduce a benchmark built from CoRe50 and evaluate RoBERTa.",
        [
            ("dataset", "CoRe50", "CoRe50", "uses", "used", None),
            ("model", "RoBERTa", "RoBERTa", "mentions", "mentioned", None),
        ],
        [],
    ),
    (
        "2401.99999",
        XSS_TITLE,
        "This abstract says <script>window.__xss=3</script> and uses " + XSS_DATASET + " next to CIFAR-10.",
        [
            ("dataset", XSS_DATASET, XSS_DATASET, "uses", "used", None),
            ("dataset", "CIFAR-10", "CIFAR-10", "uses", "used", None),
        ],
        [],
    ),
    ("2402.00003", "A Paper That Names Nothing", "Nothing here is an entity.", [], []),
]
PAPER_IDS = [paper[0] for paper in PAPERS]
XSS_PAPER = next(paper for paper in PAPERS if paper[1] == XSS_TITLE)


def occurrences(abstract: str, entities: list[tuple], metadata_links: list[str]) -> list[Occurrence]:
    """The abstract's mentions with real spans and evidence, plus links given as metadata."""
    found = []
    for entity_type, name, surface, relation, role, kind in entities:
        start = abstract.index(surface)
        end = start + len(surface)
        evidence = sentence_at(abstract, start, end)
        found.append(Occurrence(entity_type, name, relation, surface, evidence, "abstract", start, end, role, kind))
    for url in metadata_links:
        found.append(Occurrence("url", url, "links_to", url, f"githubRepo: {url}", "metadata", kind="github_repo"))
    return found


def put_papers(store: Store, papers: list[tuple] = PAPERS) -> None:
    """Write hand-made papers into an open store, in one transaction."""
    with store.transaction():
        for pid, title, abstract, entities, links in papers:
            url = f"https://arxiv.org/abs/{pid}"
            paper = Paper(pid, title, abstract, url, ["A. Author", "B. Author"], "2024-01-01")
            store.put_paper(paper, occurrences(abstract, entities, links))
        store.record_ingest("hand-made", len(papers), 0)


def build_store(path: str | Path) -> Path:
    """Write the hand-made papers to a new store at ``path``."""
    with Store(path) as store:
        put_papers(store)
    return Path(path)


APP = Path(__file__).resolve().parent.parent / "graphapp" / "app.py"


def start_app(
    db: Path, monkeypatch: pytest.MonkeyPatch, *, view: str | None = None, env: Mapping[str, str] | None = None
) -> AppTest:
    """The app under AppTest on the store ``db`` (with ``env`` set for this test only), run once without an error,
    showing ``view`` when given."""
    monkeypatch.setenv("PGE_DB", str(db))
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return show(at, view) if view else at


def show(at: AppTest, view: str) -> AppTest:
    """Switch the app to one of its views."""
    at.button_group(key="view").set_value(view).run()
    assert not at.exception, at.exception
    return at


def drawn(at: AppTest, index: int = 0) -> dict:
    """The data the ``index``-th graph component received in the last run: exactly what the browser draws."""
    components = [el for el in at.main if getattr(el, "type", None) == "bidi_component"]
    return json.loads(components[index].proto.json)


def dated_store(path: Path) -> Path:
    """Papers over twelve months: LoCoMo named by one paper a month until the last three, then by five a month."""
    with Store(path) as store, store.transaction():
        number = 0
        for month in range(1, 13):
            for index in range(6):
                number += 1
                names = ["ImageNet"] + (["LoCoMo"] if (month > 9 or index == 0) and index < 5 else [])
                occurrences = [Occurrence("dataset", name, "uses", name, f"We use {name}.") for name in names]
                paper = Paper(
                    f"d{number:03}", f"Study {number}", "We use data.", date=f"2025-{month:02}-{1 + index:02}"
                )
                store.put_paper(paper, occurrences)
        store.record_ingest("dated", number, 0)
    return path
