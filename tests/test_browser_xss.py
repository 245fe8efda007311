"""XSS in the real browser: payloads in titles, abstracts, entity names, URLs and repository metadata never run
and never become links.

The payloads go into the store through the Store API (with real spans into the abstracts), so ingest's own
cleaning cannot hide them: this tests the renderer's escaping, not the reader's. A live ``streamlit run`` serves
the store; Debian's Chromium (Playwright) visits every view, hovers every graph node to open its tooltip and
clicks the payload nodes. Every frame is checked after each step, and the test fails if

- a dialog opens (``page.on("dialog")``), or a hooked ``alert`` / ``confirm`` / ``prompt`` is called, or a
  payload's own marker (``window.__xss``) is set;
- any anchor in any frame points to ``javascript:``, ``data:`` or ``vbscript:``;
- any visible anchor is not http(s);
- any element carries an event-handler attribute from a payload (an ``on...`` attribute holding ``__xss``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from graphapp.evidence import sentence_at
from graphapp.launch import running_app
from graphapp.model import Occurrence, Paper
from graphapp.store import Store
from graphapp.ui.pages import VIEWS
from tests.browser_support import TIMEOUT_MS, chromium, node_position, require_chromium, show, wait_for_graph

ROOT = Path(__file__).resolve().parent.parent

#: Each payload sets window.__xss (or calls alert) if it ever runs.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1;alert(1)">',
    "<script>window.__xss=2;alert(2)</script>",
    '" onmouseover="window.__xss=3" x="',
    "' onfocus='window.__xss=4' autofocus='",
    "</script><script>window.__xss=5</script>",
    '<svg/onload="window.__xss=6">',
    '<a href="javascript:window.__xss=7">href click</a>',
    '<iframe src="javascript:window.__xss=8"></iframe>',
    "[click](javascript:window.__xss=9) **bold** :red[red] $x^2$ <b>b</b>",
    "{{7*7}} ${window.__xss=10} <%= 7*7 %>",
    "\u202egnp.exe <b>RTL override</b>",
]
URLS = [
    "javascript:window.__xss=11",
    "JaVaScRiPt:window.__xss=12",
    " javascript:window.__xss=13",
    "data:text/html,<script>window.__xss=14</script>",
    "vbscript:msgbox(15)",
    'https://example.com/"><script>window.__xss=16</script>',
    "https://example.com/' onmouseover='window.__xss=17",
    "https://github.com/a/b<img src=x onerror=window.__xss=18>",
]
#: Clean links whose enrichment metadata (repository description, language, licence, tags) carries payloads.
ENRICHED = {
    "https://github.com/xss/repo": ("github", {"stars": 7, "description": PAYLOADS[0], "language": PAYLOADS[2],
                                               "license": PAYLOADS[8], "topics": PAYLOADS[:3]}),
    "https://huggingface.co/xss/model": ("hf", {"likes": 3, "pipeline_tag": PAYLOADS[1], "license": PAYLOADS[6],
                                                "tags": PAYLOADS[3:6]}),
}  # fmt: skip
ENTITY_TYPES = ("dataset", "model", "method", "task")
URL_KINDS = ("github_repo", "hf_model", "other")

FRAME_CHECK = """() => {
    const scripted = /^\\s*(javascript|data|vbscript):/i;
    const bad = [], notWeb = [], handlers = [];
    for (const a of document.querySelectorAll("a[href], area[href]")) {
        const href = a.getAttribute("href");
        if (scripted.test(href) || ["javascript:", "data:", "vbscript:"].includes(a.protocol)) bad.push(href);
        const box = a.getBoundingClientRect();
        const visible = box.width > 0 && box.height > 0 && getComputedStyle(a).visibility !== "hidden";
        if (visible && !["http:", "https:"].includes(a.protocol)) notWeb.push(href);
    }
    for (const el of document.querySelectorAll("*")) {
        for (const attribute of el.attributes) {
            const payload = /^on/i.test(attribute.name) && /__xss/.test(attribute.value);
            if (payload) handlers.push(el.tagName + " " + attribute.name);
        }
        if (el.tagName === "IFRAME" && scripted.test(el.getAttribute("src") || "")) bad.push("iframe " + el.src);
    }
    const xss = window.__xss === undefined ? null : window.__xss;
    return {bad, notWeb, handlers, alerts: window.__alerts || [], xss};
}"""

HOOKS = """
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { window.__alerts.push(name + ": " + String(args[0])); return null; };
}
"""


def payload_store(db: Path) -> list[str]:
    """Six papers whose every field carries payloads, sharing payload entities (so that each is drawn)."""
    ids = []
    with Store(db) as store, store.transaction():
        for number in range(6):
            payload = PAYLOADS[number % len(PAYLOADS)]
            names = [PAYLOADS[(number + shift) % len(PAYLOADS)] for shift in range(len(ENTITY_TYPES))]
            urls = [URLS[(number + shift) % len(URLS)] for shift in range(len(URL_KINDS))]
            citation = PAYLOADS[(number + 4) % len(PAYLOADS)]
            abstract = " ".join(
                [f"We study {payload}."]
                + [f"We use {name} here." for name in names]
                + [f"Code at {url} today." for url in urls]
                + [f"As shown by ({citation}).", " ".join(PAYLOADS)]
            )
            occurrences = []
            for entity_type, name in zip(ENTITY_TYPES, names, strict=True):
                occurrences.append(_occurrence(abstract, entity_type, name, "uses", role="used"))
            for kind, url in zip(URL_KINDS, urls, strict=True):
                occurrences.append(_occurrence(abstract, "url", url, "links_to", kind=kind))
            occurrences.append(_occurrence(abstract, "citation", citation, "cites", kind="author_year"))
            occurrences.append(
                Occurrence("url", urls[0], "links_to", urls[0], f"code: {urls[0]}", "metadata", kind="github_repo")
            )
            for url, (service, _) in ENRICHED.items():
                kind = "github_repo" if service == "github" else "hf_model"
                occurrences.append(Occurrence("url", url, "links_to", url, f"code: {url}", "metadata", kind=kind))
            paper = Paper(
                id=f"xss-{number}",
                title=f"{payload} href paper {number}",
                abstract=abstract,
                url=URLS[number % len(URLS)],
                authors=[PAYLOADS[(number + 2) % len(PAYLOADS)]],
                date="2024-01-01",
                source="xss.jsonl",
            )
            store.put_paper(paper, occurrences)
            ids.append(paper.id)
        store.put_entity_metadata(("url", url, service, meta) for url, (service, meta) in ENRICHED.items())
    return ids


def _occurrence(abstract: str, entity_type: str, name: str, relation: str, **extra) -> Occurrence:
    start = abstract.index(name)
    end = start + len(name)
    evidence = sentence_at(abstract, start, end)
    return Occurrence(entity_type, name, relation, name, evidence, "abstract", start, end, **extra)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    require_chromium()
    db = tmp_path_factory.mktemp("xss") / "xss.sqlite"
    payload_store(db)
    with (tmp_path_factory.getbasetemp() / "streamlit-xss.log").open("w") as log, running_app(db, log=log) as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1500, "height": 1400})
        context.add_init_script(HOOKS)  # runs in every frame, before any of the page's own scripts
        opened = context.new_page()
        opened.dialogs = []
        opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
        opened.set_default_timeout(TIMEOUT_MS)
        opened.goto(app_url)
        yield opened


def assert_nothing_ran(page, step: str) -> None:
    """No dialog, no hooked call, no payload marker, no scripted link, no payload handler, in any frame."""
    assert page.dialogs == [], f"{step}: dialogs opened: {page.dialogs}"
    for frame in page.frames:
        found = frame.evaluate(FRAME_CHECK)
        where = f"{step}, frame {frame.url or frame.name}"
        assert found["alerts"] == [], f"{where}: {found['alerts']}"
        assert found["xss"] is None, f"{where}: a payload ran (window.__xss = {found['xss']})"
        assert found["bad"] == [], f"{where}: scripted links {found['bad']}"
        assert found["notWeb"] == [], f"{where}: visible links that are not http(s): {found['notWeb']}"
        assert found["handlers"] == [], f"{where}: payload event handlers {found['handlers']}"


def hover_every_node(page, root) -> int:
    """Open each node's tooltip by hovering it, checking the page each time. Returns how many nodes were drawn."""
    nodes = root.evaluate("root => root.network.body.data.nodes.getIds()")
    for node in nodes:
        for attempt in range(3):  # a busy machine may still be settling the canvas: aim again
            point = node_position(root, node, centre=True)
            page.mouse.move(point["x"] - 30, point["y"] - 30)
            page.mouse.move(point["x"], point["y"], steps=4)
            try:
                root.locator(".vis-tooltip").wait_for(state="visible", timeout=5_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        # Per tooltip the cheap checks (the whole-page scan follows the loop): nothing ran, and the tooltip
        # holds only the plain-text boxes the component builds.
        tags = root.evaluate("root => [...root.querySelectorAll('.vis-tooltip *')].map((el) => el.tagName)")
        assert set(tags) <= {"DIV"}, f"tooltip of {node!r} holds markup: {tags}"
        ran = page.evaluate("() => [window.__alerts, window.__xss === undefined ? null : window.__xss]")
        assert ran == [[], None] and page.dialogs == [], f"tooltip of {node!r}: {ran} {page.dialogs}"
    assert_nothing_ran(page, "after every tooltip")
    return len(nodes)


def images_settled(page) -> None:
    """Wait until every image has loaded or failed and the next frame is drawn: an injected ``onerror`` or
    ``onload`` would have run by then."""
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_payloads_never_run_in_any_view(page):
    root = wait_for_graph(page)
    signature = root.get_attribute("data-signature")
    page.get_by_role("group", name="Minimum degree").get_by_role("slider").focus()
    page.keyboard.press("Home")  # minimum degree 0: draw every node, also those named once
    root = wait_for_graph(page, signature)
    assert_nothing_ran(page, "graph view")
    drawn = hover_every_node(page, root)
    assert drawn >= 6 + len(ENTITY_TYPES)

    for number in (0, 3, 5):  # payload papers selected (urls javascript:, data:, quotes): sidebar, Paper view
        node = f"paper:xss-{number}"
        point = node_position(root, node, centre=True)
        page.mouse.move(point["x"], point["y"])
        page.mouse.down()
        page.mouse.up()
        page.wait_for_function("([root, node]) => root.dataset.selected === node", arg=[root.element_handle(), node])
        assert_nothing_ran(page, f"graph with {node} selected")
        show(page, "Paper")
        page.locator(".pge-abstract").wait_for()
        assert "<script>" in page.locator(".pge-abstract").inner_text()  # shown as text
        assert_nothing_ran(page, f"Paper view of {node}")
        show(page, "Graph")
        root = wait_for_graph(page)

    for view in [view for view in VIEWS if view not in ("Graph", "Paper")]:  # every other view, new ones included
        show(page, view)
        images_settled(page)
        if view == "Code and models":  # the enrichment payloads are on the page, as text
            main_text = page.locator("[data-testid='stMain']").inner_text()
            assert PAYLOADS[0] in main_text and PAYLOADS[2].strip() in main_text
        assert_nothing_ran(page, f"{view} view")
