"""Hardening, round two (issue 15) in the real browser: the link policy (items 10, 11) and a very long word (17).

A store holds papers whose titles and abstracts carry bare addresses and e-mail addresses, a look-alike GitHub
link (Cyrillic і), a link with user info before its host, and a 19,000-character word. Chromium visits the
views that show titles and links and checks what a reader could click and how wide the page became.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphapp.launch import running_app
from graphapp.model import Paper
from graphapp.store import Store
from tests.browser_support import TIMEOUT_MS, chromium, occurrence_in, require_chromium, show

LOOKALIKE = "https://g\u0456thub.com/openai/whisper"  # Cyrillic і: the browser resolves xn--gthub-n2e.com
USERINFO = "https://github.com@evil.example/openai/whisper"
AUTOLINKS = "see https://evil.example/a and www.evil.example or write to me@evil.example (mailto:me@evil.example)"
LONG_WORD = "x" * 19_000

#: Every anchor except the app's own (such as "Skip to main content").
ANCHORS = """() => [...document.querySelectorAll("a[href]")].filter((a) => a.origin !== location.origin)
    .map((a) => ({href: a.href, host: a.hostname, protocol: a.protocol, text: a.innerText}))"""


def hostile_store(db: Path) -> None:
    with Store(db) as store, store.transaction():
        for number, extra in enumerate(["", f" {LONG_WORD}"]):
            abstract = f"We release code at {LOOKALIKE} and {USERINFO} and use ImageNet. {AUTOLINKS}{extra}"
            occurrences = [occurrence_in(abstract, "dataset", "ImageNet", "uses")]
            occurrences += [
                occurrence_in(abstract, "url", url, "links_to", kind="other") for url in (LOOKALIKE, USERINFO)
            ]
            title = f"Paper {number} {AUTOLINKS}" + (f" {LONG_WORD}" if extra else "")
            paper = Paper(id=f"h{number}", title=title, abstract=abstract, url=f"https://arxiv.org/abs/h{number}")
            store.put_paper(paper, occurrences)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for the module (Playwright's sync API runs one at a time per process)."""
    require_chromium()
    with chromium() as launched:
        yield launched


def open_app(browser, url: str):
    opened = browser.new_page(viewport={"width": 1400, "height": 1200})
    opened.set_default_timeout(TIMEOUT_MS)
    opened.goto(url)
    opened.locator(".pge-root").first.wait_for(state="attached")
    return opened


@pytest.fixture(scope="module")
def page(tmp_path_factory, browser) -> Iterator[object]:
    db = tmp_path_factory.mktemp("hardening") / "hostile.sqlite"
    hostile_store(db)
    log_path = tmp_path_factory.getbasetemp() / "streamlit-hardening.log"
    with log_path.open("w") as log, running_app(db, log=log) as url:
        opened = open_app(browser, url)
        yield opened
        opened.close()


def assert_link_policy(page, view: str) -> list[dict]:
    anchors = page.evaluate(ANCHORS)
    assert [a for a in anchors if a["protocol"] not in ("http:", "https:")] == [], f"{view}: non-web anchors"
    assert [a for a in anchors if "evil" in a["host"]] == [], f"{view}: text or user info became a link"
    for anchor in anchors:  # every link shows the host it opens
        assert anchor["host"] in anchor["text"], f"{view}: {anchor['text']!r} opens {anchor['host']}"
    return anchors


def test_item10_item11_links_show_their_real_host_and_text_never_becomes_a_link(page):
    show(page, "Code and models")
    page.get_by_text("xn--gthub-n2e.com/openai/whisper").first.wait_for()
    anchors = assert_link_policy(page, "Code view")
    assert "xn--gthub-n2e.com" in {a["host"] for a in anchors}
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "g\u0456thub.com" not in main  # the look-alike spelling is never shown as a link's text
    assert "github.com@evil.example" not in main  # a user-info link is not listed at all
    for view, drawn in (("Paper", ".pge-abstract"), ("Entity", "[data-testid='stDataFrame']")):
        show(page, view)
        page.locator(drawn).first.wait_for()
        # The titles with their addresses are on the page, as text (a word joiner, invisible, keeps them text).
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stMain']\").innerText.includes('me@\u2060evil.example')"
        )
        assert_link_policy(page, f"{view} view")


def test_item17_a_19000_character_word_does_not_widen_the_paper_view(page):
    show(page, "Paper")
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name="Paper 1", exact=False).click()
    page.wait_for_function(
        "(word) => (document.querySelector('.pge-abstract') || {innerText: ''}).innerText.includes(word)", arg=LONG_WORD
    )
    width = page.evaluate("() => document.documentElement.clientWidth")
    scroll = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollWidth")
    assert scroll <= width + 2, f"the Paper view is {scroll} px wide in a {width} px window"
    related = page.get_by_text("Related papers").bounding_box()
    assert related is not None and related["x"] + related["width"] <= width, "the Related column is pushed away"
    abstract = page.locator(".pge-abstract").bounding_box()
    assert abstract["x"] + abstract["width"] <= related["x"], "the abstract covers the Related column"


def test_item18_an_upload_over_50_mb_reaches_the_app_when_the_limit_is_raised(tmp_path, browser):
    """With --max-upload-mb 70 a 60 MB file is accepted by the server (before: HTTP 413, an AxiosError on the page)."""
    db = tmp_path / "s.sqlite"
    hostile_store(db)
    big = tmp_path / "big.jsonl"
    line = b'{"title": "Padding", "abstract": "' + b"p" * 1000 + b'"}\n'
    big.write_bytes(line * (60 * 2**20 // len(line)))
    log_path = tmp_path / "streamlit.log"
    with log_path.open("w") as log, running_app(db, log=log, max_upload_mb=70) as url:
        page = open_app(browser, url)
        show(page, "Add papers")
        page.locator("input[type='file']").set_input_files(str(big))
        page.get_by_role("button", name="Add to the store").wait_for()
        text = page.locator("[data-testid='stMain']").inner_text()
    assert "413" not in text and "AxiosError" not in text and "larger than" not in text
