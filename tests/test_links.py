"""Tests for extractors.links: the ways real abstracts write links, the breaks never joined, and kinds."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.links import canonical_url, find_urls, repo_root, url_kind


def names(text: str) -> list[str]:
    return [m.name for m in find_urls(text)]


def surfaces(text: str) -> list[str]:
    return [m.text for m in find_urls(text)]


# (text, canonical names, raw surfaces)
WRITTEN_WAYS = [
    pytest.param(
        "Code is at https://github.com/acme/widget.",
        ["https://github.com/acme/widget"],
        ["https://github.com/acme/widget"],
        id="plain-trailing-period",
    ),
    pytest.param(
        "Project page: https:\n//acme-lab.github.io/WidgetNet/.",
        ["https://acme-lab.github.io/WidgetNet"],
        ["https:\n//acme-lab.github.io/WidgetNet/"],
        id="break-after-scheme-colon",
    ),
    pytest.param(
        "Code: https://\nanonymous.4open.science/r/Widget-Detection-Code and",
        ["https://anonymous.4open.science/r/Widget-Detection-Code"],
        ["https://\nanonymous.4open.science/r/Widget-Detection-Code"],
        id="break-after-slashes",
    ),
    pytest.param(
        "repository:https:\n  //github.com/acme-lab/Role_Play",
        ["https://github.com/acme-lab/Role_Play"],
        ["https:\n  //github.com/acme-lab/Role_Play"],
        id="glued-colon-break-and-indent",
    ),
    pytest.param(
        "Samples: https://acme-lab-group.\ngithub.io/widget_tts/",
        ["https://acme-lab-group.github.io/widget_tts"],
        ["https://acme-lab-group.\ngithub.io/widget_tts/"],
        id="host-broken-after-dot",
    ),
    pytest.param(
        "See https://www.example.\nch/paper/widget/ for details.",
        ["https://www.example.ch/paper/widget"],
        ["https://www.example.\nch/paper/widget/"],
        id="host-broken-before-country-tld",
    ),
    pytest.param(
        "Page: https://acme-lab.github.io/ widget-recon/.",
        ["https://acme-lab.github.io/widget-recon"],
        ["https://acme-lab.github.io/ widget-recon/"],
        id="space-after-host-slash",
    ),
    pytest.param(
        "Data: https://cvit.example.ac.in/ research/projects/lab-projects/widget",
        ["https://cvit.example.ac.in/research/projects/lab-projects/widget"],
        ["https://cvit.example.ac.in/ research/projects/lab-projects/widget"],
        id="space-after-host-slash-deep-path",
    ),
    pytest.param(
        "Code: https://github.com/jane-doe/ Widget-Net-medical-VQA.",
        ["https://github.com/jane-doe/Widget-Net-medical-VQA"],
        ["https://github.com/jane-doe/ Widget-Net-medical-VQA"],
        id="space-after-owner-slash",
    ),
    pytest.param(
        "Code: https://github.com/ JaneDoe/Box\\_corruption\\_detection",
        ["https://github.com/JaneDoe/Box_corruption_detection"],
        ["https://github.com/ JaneDoe/Box\\_corruption\\_detection"],
        id="space-after-github-slash-and-escaped-underscores",
    ),
    pytest.param(
        "Code: https://github.com/Jane- Doe/WIDGET",
        ["https://github.com/Jane-Doe/WIDGET"],
        ["https://github.com/Jane- Doe/WIDGET"],
        id="space-after-hyphen",
    ),
    pytest.param(
        "Code: https://github.com/ACME- LAB- X/Widget-Net.git",
        ["https://github.com/ACME-LAB-X/Widget-Net.git"],
        ["https://github.com/ACME- LAB- X/Widget-Net.git"],
        id="two-spaces-after-hyphens-git-suffix",
    ),
    pytest.param(
        "Code at the link-https: //github.com/acme/WIDGET-500.",
        ["https://github.com/acme/WIDGET-500"],
        ["https: //github.com/acme/WIDGET-500"],
        id="glued-and-space-after-colon",
    ),
    pytest.param(
        "Project: https:// jane-doe.github.io/widget-gen",
        ["https://jane-doe.github.io/widget-gen"],
        ["https:// jane-doe.github.io/widget-gen"],
        id="space-after-slashes",
    ),
    pytest.param(
        "Code: https://github. com/janedoe/Widget-UQ",
        ["https://github.com/janedoe/Widget-UQ"],
        ["https://github. com/janedoe/Widget-UQ"],
        id="space-inside-host",
    ),
    pytest.param(
        "Page: https://jane- doe.github. io/projects/widget/.",
        ["https://jane-doe.github.io/projects/widget"],
        ["https://jane- doe.github. io/projects/widget/"],
        id="two-spaces-inside-host",
    ),
    pytest.param(
        "The code is at github. com/jane/widget today.",
        ["https://github.com/jane/widget"],
        ["github. com/jane/widget"],
        id="bare-known-host-space-inside",
    ),
    pytest.param(
        "Code: github.com/jane-eth/widget3d .",
        ["https://github.com/jane-eth/widget3d"],
        ["github.com/jane-eth/widget3d"],
        id="bare-github-space-before-period",
    ),
    pytest.param(
        "(Code is available at github.com/Jane/Widget-Zero-star)",
        ["https://github.com/Jane/Widget-Zero-star"],
        ["github.com/Jane/Widget-Zero-star"],
        id="bare-in-parentheses",
    ),
    pytest.param(
        "Code: www.github.com/jane/R-Widget-R-CNN.",
        ["https://github.com/jane/R-Widget-R-CNN"],
        ["www.github.com/jane/R-Widget-R-CNN"],
        id="bare-www",
    ),
    pytest.param(
        "Models at~\\url{https://huggingface.co/acme/Widget-lite}.",
        ["https://huggingface.co/acme/Widget-lite"],
        ["https://huggingface.co/acme/Widget-lite"],
        id="latex-url",
    ),
    pytest.param(
        "released\\footnote{\\url{https://github.com/jane/widget\\_v2}}.",
        ["https://github.com/jane/widget_v2"],
        ["https://github.com/jane/widget\\_v2"],
        id="latex-footnote-url",
    ),
    pytest.param(
        "collected on github\\footnote{https://github.com/Jane/awesome-widgets}.",
        ["https://github.com/Jane/awesome-widgets"],
        ["https://github.com/Jane/awesome-widgets"],
        id="latex-footnote-glued",
    ),
    pytest.param(
        "\\href{https://huggingface.co/datasets/acme/widget-set}{\\textcolor{blue}{HuggingFace}}",
        ["https://huggingface.co/datasets/acme/widget-set"],
        ["https://huggingface.co/datasets/acme/widget-set"],
        id="latex-href-word-anchor",
    ),
    pytest.param(
        "\\footnote{\\href{https://codalab.example.fr/competitions/123\\#learn\\_the\\_details}{here}}.",
        ["https://codalab.example.fr/competitions/123#learn_the_details"],
        ["https://codalab.example.fr/competitions/123\\#learn\\_the\\_details"],
        id="latex-escapes-in-fragment",
    ),
    pytest.param(
        "$\\href{https://github.com/jane/Widget}{\\texttt{github.com/jane/Widget}}$",
        ["https://github.com/jane/Widget", "https://github.com/jane/Widget"],
        ["https://github.com/jane/Widget", "github.com/jane/Widget"],
        id="latex-href-bare-anchor",
    ),
    pytest.param(
        "Unclosed \\href{https://research.example.com/publications/widget/.",
        ["https://research.example.com/publications/widget"],
        ["https://research.example.com/publications/widget/"],
        id="latex-href-unclosed",
    ),
    pytest.param(
        "\\hyperlink{https://gitlab.com/acme/atlas}{https://gitlab.com/acme/atlas}",
        ["https://gitlab.com/acme/atlas", "https://gitlab.com/acme/atlas"],
        ["https://gitlab.com/acme/atlas", "https://gitlab.com/acme/atlas"],
        id="latex-hyperlink",
    ),
    pytest.param(
        "\\noindenthttps://anonymous.4open.science/r/Widget-3CE/",
        ["https://anonymous.4open.science/r/Widget-3CE"],
        ["https://anonymous.4open.science/r/Widget-3CE/"],
        id="glued-to-latex-command",
    ),
    pytest.param(
        "available athttps://github.com/acme/WidgetMM.",
        ["https://github.com/acme/WidgetMM"],
        ["https://github.com/acme/WidgetMM"],
        id="glued-word",
    ),
    pytest.param(
        "Code:https://github.com/acme/widget",
        ["https://github.com/acme/widget"],
        ["https://github.com/acme/widget"],
        id="glued-colon",
    ),
    pytest.param(
        "beyond physics.https://github.com/jane/formal-widget",
        ["https://github.com/jane/formal-widget"],
        ["https://github.com/jane/formal-widget"],
        id="glued-after-sentence-period",
    ),
    pytest.param(
        "Code: https://githubhttps://github.com/Jane2024/Ultra-Widget",
        ["https://github.com/Jane2024/Ultra-Widget"],
        ["https://github.com/Jane2024/Ultra-Widget"],
        id="stray-scheme-fragment",
    ),
    pytest.param(
        "here: [https://github.com/jane/Widget](https://github.com/jane/Widget).",
        ["https://github.com/jane/Widget", "https://github.com/jane/Widget"],
        ["https://github.com/jane/Widget", "https://github.com/jane/Widget"],
        id="markdown-link",
    ),
    pytest.param(
        "Data: https://huggingface.co/datasets/jane/WidgetQA](https://huggingface.co/datasets/jane/WidgetQA",
        ["https://huggingface.co/datasets/jane/WidgetQA", "https://huggingface.co/datasets/jane/WidgetQA"],
        ["https://huggingface.co/datasets/jane/WidgetQA", "https://huggingface.co/datasets/jane/WidgetQA"],
        id="markdown-broken",
    ),
    pytest.param(
        "See [this https URL](https://jane-99.github.io/widget.io/).",
        ["https://jane-99.github.io/widget.io"],
        ["https://jane-99.github.io/widget.io/"],
        id="markdown-dotted-path",
    ),
    pytest.param(
        'Page: <a href="https://jane.github.io/Widget/">this https URL.</a>',
        ["https://jane.github.io/Widget"],
        ["https://jane.github.io/Widget/"],
        id="html-anchor",
    ),
    pytest.param(
        "project page is available at <https://jane.github.io/widget>.",
        ["https://jane.github.io/widget"],
        ["https://jane.github.io/widget"],
        id="angle-brackets",
    ),
    pytest.param(
        "a site [https://widget.example.eu/], code [https://github.com/Acme/Widget].",
        ["https://widget.example.eu", "https://github.com/Acme/Widget"],
        ["https://widget.example.eu/", "https://github.com/Acme/Widget"],
        id="square-brackets",
    ),
    pytest.param(
        "(see https://en.example.org/wiki/Widget_(tool)) and more",
        ["https://en.example.org/wiki/Widget_(tool)"],
        ["https://en.example.org/wiki/Widget_(tool)"],
        id="balanced-parenthesis-kept",
    ),
    pytest.param(
        "(challenge site: https://widget2025.grand-challenge.org/).",
        ["https://widget2025.grand-challenge.org"],
        ["https://widget2025.grand-challenge.org/"],
        id="unbalanced-parenthesis-dropped",
    ),
    pytest.param(
        "the project ( https://jane.github.io/ ), and",
        ["https://jane.github.io"],
        ["https://jane.github.io/"],
        id="spaces-inside-parentheses",
    ),
    pytest.param(
        "Results: https://www.example.net/datasets/kitti/eval.php?&result=d162ec69\nThe code",
        ["https://www.example.net/datasets/kitti/eval.php?&result=d162ec69"],
        ["https://www.example.net/datasets/kitti/eval.php?&result=d162ec69"],
        id="query-string",
    ),
    pytest.param(
        "Code: https://github.com/acme/ARC-Widget\n, and models",
        ["https://github.com/acme/ARC-Widget"],
        ["https://github.com/acme/ARC-Widget"],
        id="newline-then-comma",
    ),
    pytest.param(
        "placeholder https://github.com/\n--.",
        ["https://github.com"],
        ["https://github.com/"],
        id="placeholder-not-joined-to-dashes",
    ),
    pytest.param(
        "Data at zenodo.org/records/1889 and github.com/jane/WIDGET400k.",
        ["https://zenodo.org/records/1889", "https://github.com/jane/WIDGET400k"],
        ["zenodo.org/records/1889", "github.com/jane/WIDGET400k"],
        id="two-bare",
    ),
    pytest.param(
        "widget.github.io and osf.io/abc12.",
        ["https://widget.github.io", "https://osf.io/abc12"],
        ["widget.github.io", "osf.io/abc12"],
        id="bare-pages-and-osf",
    ),
    pytest.param(
        "is accessible via zenodo.org (DOI: 10.5281/zenodo.123).",
        ["https://zenodo.org"],
        ["zenodo.org"],
        id="bare-domain-alone",
    ),
    pytest.param(
        "Demo: http://WWW.Example.COM/Path/To",
        ["https://www.example.com/Path/To"],
        ["http://WWW.Example.COM/Path/To"],
        id="http-and-case",
    ),
    pytest.param(
        "Code: https ://github.com/jane/widget.",
        ["https://github.com/jane/widget"],
        ["https ://github.com/jane/widget"],
        id="space-before-colon",
    ),
    pytest.param(
        "Short links such as aka.ms/widget-v2 and iitd.ac.in/~jane/w.",
        ["https://aka.ms/widget-v2", "https://iitd.ac.in/~jane/w"],
        ["aka.ms/widget-v2", "iitd.ac.in/~jane/w"],
        id="bare-country-codes-with-path",
    ),
    pytest.param(
        "on our site. %https://github.com/jane/widget",
        ["https://github.com/jane/widget"],
        ["https://github.com/jane/widget"],
        id="latex-comment",
    ),
]


@pytest.mark.parametrize(("text", "expected_names", "expected_surfaces"), WRITTEN_WAYS)
def test_written_ways(text: str, expected_names: list[str], expected_surfaces: list[str]) -> None:
    found = find_urls(text)
    assert [m.name for m in found] == expected_names
    assert [m.text for m in found] == expected_surfaces
    assert all(text[m.start : m.end] == m.text for m in found)


# A break is joined only when the next word is clearly part of the link.
NOT_JOINED = [
    pytest.param("https://github.com/jane/widget\nand the dataset", "https://github.com/jane/widget", id="word"),
    pytest.param("https://github.com/jane/widget/ and\nhttps://x.io", "https://github.com/jane/widget", id="and"),
    pytest.param("https://pypi.org/project/widget/ that can", "https://pypi.org/project/widget", id="that"),
    pytest.param("https://github.com/jane/widget-x/ to support", "https://github.com/jane/widget-x", id="to"),
    pytest.param("https://jane.github.io/project/Widget/ for more", "https://jane.github.io/project/Widget", id="for"),
    pytest.param("https://jane.github.io/ state-of-the-art results", "https://jane.github.io", id="hyphenated-word"),
    pytest.param("https://github.com/jane/widget\n(NeurIPS 2024)", "https://github.com/jane/widget", id="paren"),
    pytest.param("https://github.com/ and more", "https://github.com", id="incomplete-then-stopword"),
    pytest.param("https://x.example.org. The next", "https://x.example.org", id="sentence-after-host"),
    pytest.param("https://x.example.museum. we go", "https://x.example.museum", id="lowercase-after-host"),
    pytest.param("https://jane.github.io/widget. In this", "https://jane.github.io/widget", id="sentence-after-path"),
    pytest.param("https://github.com/jane/Widget Deepfake.", "https://github.com/jane/Widget", id="capital-word"),
    pytest.param("https://github.com/a/b\n\n/c/d", "https://github.com/a/b", id="blank-line"),
    pytest.param("Page: https://jane.github.io/ GitHub: https://x.io", "https://jane.github.io", id="label"),
    pytest.param("Page: https://jane.github.io/ and GitHub.", "https://jane.github.io", id="brand-word"),
    pytest.param("Code at https://x.example.org/tool/ shortly.", "https://x.example.org/tool", id="adverb"),
    pytest.param("Code at https://github.com/jane/ afterwards.", "https://github.com/jane", id="adverb-incomplete"),
    pytest.param("Demos at https://jane.github.io/ 3D scenes", "https://jane.github.io", id="short-alphanumeric"),
]


@pytest.mark.parametrize(("text", "expected"), NOT_JOINED)
def test_not_joined(text: str, expected: str) -> None:
    assert names(text)[0] == expected


JOINED = [
    pytest.param("https://github.com/jane/dynamic_ ETF2.", "https://github.com/jane/dynamic_ETF2", id="underscore"),
    pytest.param("https://github.com/jane/\nWidget", "https://github.com/jane/Widget", id="owner-slash"),
    pytest.param("https://github.com/jane\n/widget", "https://github.com/jane/widget", id="leading-slash"),
    pytest.param("https://huggingface.co/datasets/\njane/set", "https://huggingface.co/datasets/jane/set", id="hf"),
    pytest.param("https://x.example.org/a/b?id=\n42", "https://x.example.org/a/b?id=42", id="query-value"),
    pytest.param("https://x.example.org/docs/index.\nhtml", "https://x.example.org/docs/index.html", id="extension"),
    pytest.param("https://x.example.org/ data/sets/v2", "https://x.example.org/data/sets/v2", id="slashed-word"),
    pytest.param("https://my-\nlab-site.com/a", "https://my-lab-site.com/a", id="host-hyphen"),
    pytest.param("Page: https://jane.github.io/\nmochi.", "https://jane.github.io/mochi", id="word-ending-sentence"),
    pytest.param("Page: https://jane.github.io/ GeoStyle and", "https://jane.github.io/GeoStyle", id="camel-case"),
    pytest.param("at https://x.example.org/a/ report.pdf here", "https://x.example.org/a/report.pdf", id="file"),
]


@pytest.mark.parametrize(("text", "expected"), JOINED)
def test_joined(text: str, expected: str) -> None:
    assert names(text) == [expected]


NO_URLS = [
    pytest.param("e.g. this, i.e. that, Fig.3 and Eq.2 in Sec.4.", id="abbreviations"),
    pytest.param("Llama v1.5 beats 3.5.2 and Qwen2.5 by 0.726 points.", id="versions-and-numbers"),
    pytest.param("Paths like utils.py/helpers and docs.md/intro are files.", id="file-names-with-path"),
    pytest.param("Edit model.py, config.yaml, README.md, train.sh, weights.pt and SKILL.md.", id="file-names"),
    pytest.param("We use Node.js, Three.js, llama.cpp and torch.nn.functional here.", id="code-names"),
    pytest.param("Strong results.We propose more.The end. In the U.S. a.k.a. America.", id="missing-space"),
    pytest.param("Companies such as Typica.ai, JD.com and ClinicalTrials.gov report.", id="capitalised-brands"),
    pytest.param("Code is on GitHub and models on Hugging Face (this https URL).", id="words-only"),
    pytest.param("An HTTP server and https:// alone and http: nothing.", id="schemes-without-host"),
    pytest.param("Contact jane.doe@example.com for access.", id="email"),
    pytest.param("See arXiv:2303.12345 and doi 10.5281/zenodo.123 for details.", id="identifiers"),
    pytest.param("Broken https://github.c10pom/x/y host.", id="digit-tld"),
    pytest.param("", id="empty"),
    pytest.param("no dots at all here", id="no-dots"),
]


@pytest.mark.parametrize("text", NO_URLS)
def test_no_urls(text: str) -> None:
    assert find_urls(text) == []


KINDS = [
    ("https://github.com/owner/repo", "github_repo"),
    ("https://github.com/owner/repo/tree/main/src", "github_repo"),
    ("https://github.com/owner", "other"),
    ("https://github.com", "other"),
    ("https://github.com/orgs/acme", "other"),
    ("https://owner.github.io/project", "github_pages"),
    ("https://huggingface.co/owner/model", "hf_model"),
    ("https://huggingface.co/owner", "other"),
    ("https://huggingface.co/datasets/owner/name", "hf_dataset"),
    ("https://huggingface.co/spaces/owner/name", "hf_space"),
    ("https://huggingface.co/collections/owner/name-65fd", "hf_collection"),
    ("https://huggingface.co/papers/2303.12345", "hf_paper"),
    ("https://huggingface.co/docs/transformers", "other"),
    ("https://arxiv.org/abs/2303.12345", "arxiv"),
    ("https://arxiv.org/pdf/2303.12345v2", "arxiv"),
    ("https://arxiv.org/list/cs.CL", "other"),
    ("https://doi.org/10.5281/zenodo.1", "doi"),
    ("https://www.youtube.com/watch?v=abc", "youtube"),
    ("https://youtu.be/abc", "youtube"),
    ("https://gitlab.com/owner/repo", "other"),
]


@pytest.mark.parametrize(("canonical", "kind"), KINDS)
def test_url_kind(canonical: str, kind: str) -> None:
    assert url_kind(canonical) == kind


def test_kind_is_set_on_mentions() -> None:
    found = find_urls("See hf.co/spaces/acme/demo and https://youtu.be/abc.")
    assert [(m.name, m.kind, m.type) for m in found] == [
        ("https://huggingface.co/spaces/acme/demo", "hf_space", "url"),
        ("https://youtu.be/abc", "youtube", "url"),
    ]


CANONICAL = [
    ("https://github.com/a/b/", "https://github.com/a/b"),
    ("http://github.com/a/b", "https://github.com/a/b"),
    ("github.com/a/b", "https://github.com/a/b"),
    ("www.github.com/a/b", "https://github.com/a/b"),
    ("https://www.huggingface.co/a/b", "https://huggingface.co/a/b"),
    ("https://hf.co/datasets/a/b", "https://huggingface.co/datasets/a/b"),
    ("https://GitHub.COM/Owner/Repo", "https://github.com/Owner/Repo"),
    ("https://www.example.org/A", "https://www.example.org/A"),
    ("https:\n//github.com/a/ b", "https://github.com/a/b"),
    ("https://github.com/a/my\\_repo", "https://github.com/a/my_repo"),
    ("https://github.com/a/b.git", "https://github.com/a/b.git"),
    ("https://x.org/p?q=1#frag", "https://x.org/p?q=1#frag"),
]


@pytest.mark.parametrize(("raw", "expected"), CANONICAL)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize(
    ("canonical", "root"),
    [
        ("https://github.com/a/b/tree/main/x", "https://github.com/a/b"),
        ("https://github.com/a/b.git", "https://github.com/a/b"),
        ("https://github.com/a/b?tab=readme", "https://github.com/a/b"),
        ("https://github.com/a", None),
        ("https://a.github.io/b", None),
        ("https://huggingface.co/a/b", None),
    ],
)
def test_repo_root(canonical: str, root: str | None) -> None:
    assert repo_root(canonical) == root


def test_spans_sorted_and_surface_exact() -> None:
    text = "A https://github.com/a/b, B github.com/c/d and C https:\n//e.github.io/f."
    found = find_urls(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert [text[m.start : m.end] for m in found] == [m.text for m in found]


FRAGMENTS = [
    "https://", "http:", "https:\n", "//", "/", "github.com/", "hf.co/", "www.", "x.github.io", "a", "B", "1",
    ".", "-", "_", "\\_", " ", "\n", "(", ")", "[", "]", "{", "}", "\\url{", "\\href{", "}{", "e.g.", "v1.5",
    ":", "?", "=", "&", "#", "~", "%", "é", "\t", "..", "owner/", "repo", ".git", "model.py", "et al.",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join) | st.text(max_size=200))
def test_property_spans(text: str) -> None:
    found = find_urls(text)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.type == "url"
        assert m.name.startswith("https://")
        assert m.kind == url_kind(m.name)
    for left, right in itertools.pairwise(found):
        assert left.end <= right.start


ADVERSARIAL = [
    "a." * 50_000,
    "https://" * 12_500,
    "(((" * 33_000,
    "." * 100_000,
    "[/]" * 33_000,
    "https://github.com/" + "a/" * 50_000,
    "https://x.io/" + "a- " * 33_000,
    "https://github.com/" + "/ " * 50_000,
    "www." * 25_000,
    "x.github.io/" + "(" * 50_000,
    "a-" * 50_000 + ".com",
    ("https:\n//" + "-" * 10) * 5_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_inputs_finish(text: str) -> None:
    for m in find_urls(text):
        assert text[m.start : m.end] == m.text
