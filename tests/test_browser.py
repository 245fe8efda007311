"""The app in a real browser: Debian's Chromium driven by Playwright, against a live `streamlit run`.

AppTest runs no JavaScript, so only this proves that the graph is drawn, that a filter changes the drawing, that
a click on a node reaches Python, that links open in a new tab, that untrusted text never runs as HTML, and that
the page asks nothing of any host but the app's own.

Chromium must be installed (`make test` installs Debian's package): see tests/browser_support.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphapp.fetch import CACHE_ENV
from graphapp.fetch.recordings import RECORDINGS_ENV
from graphapp.launch import running_app
from graphapp.pipeline import ingest_file
from graphapp.store import Store
from tests.app_store import XSS_PAPER, put_papers
from tests.browser_support import TIMEOUT_MS, chromium, node_position, require_chromium, show, wait_for_graph

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "seed" / "hf_trending_papers.txt"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """A live app on a free port, on the bundled papers plus one whose text tries to inject HTML; its Fetch view
    is answered by the recorded responses, never the network."""
    require_chromium()
    db = tmp_path_factory.mktemp("browser") / "app.sqlite"
    with Store(db) as store:
        ingest_file(store, BUNDLED)
        put_papers(store, [XSS_PAPER])
    recordings = {RECORDINGS_ENV: str(ROOT / "tests" / "recordings"), CACHE_ENV: str(db.parent / "cache")}
    log_path = tmp_path_factory.getbasetemp() / "streamlit.log"
    with log_path.open("w") as log, running_app(db, log=log, env={**os.environ, **recordings}) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, app_url):
    """A fresh session of the app; on teardown, every request it made must have stayed on this machine."""
    context = browser.new_context(viewport={"width": 1500, "height": 1300})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    opened = context.new_page()
    sockets: list[str] = []
    opened.on("websocket", lambda socket: sockets.append(socket.url))
    opened.set_default_timeout(TIMEOUT_MS)
    opened.goto(app_url)
    wait_for_graph(opened)
    yield opened
    context.close()
    foreign = [url for url in requests + sockets if urlsplit(url).scheme not in ("blob", "data")
               and urlsplit(url).hostname not in LOCAL_HOSTS]  # fmt: skip
    assert requests and not foreign, f"requests left localhost: {foreign}"


def biggest_node(root, node_type: str) -> str:
    """The id of the most connected node of a type (drawn largest)."""
    return root.evaluate(
        """(root, type) => root.network.body.data.nodes.get({filter: (n) => n.ntype === type})
                                  .sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1))[0].id""",
        node_type,
    )


def test_graph_draws_filters_and_selects_on_click(page, tmp_path):
    root = wait_for_graph(page)
    drawn = int(root.get_attribute("data-nodes"))
    assert drawn > 10 and root.locator(".pge-legend-row").count() >= 5
    page.screenshot(path=tmp_path / "app.png", full_page=True)

    # A filter changes what is drawn: no method nodes once the Method pill is off.
    assert root.evaluate("root => root.network.body.data.nodes.get().some((n) => n.ntype === 'method')")
    signature = root.get_attribute("data-signature")
    page.get_by_role("button", name="▲ Method", exact=True).click()
    root = wait_for_graph(page, signature)
    fewer = int(root.get_attribute("data-nodes"))
    assert 0 < fewer < drawn
    assert root.evaluate("root => root.network.body.data.nodes.get().every((n) => n.ntype !== 'method')")

    # A click on a node selects it in the app: the sidebar and the details panel follow.
    node = biggest_node(root, "dataset")
    point = node_position(root, node)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("([root, node]) => root.dataset.selected === node", arg=[root.element_handle(), node])

    # Searching highlights the matches in the same drawing: restyled in place, nothing moved or duplicated.
    positions = root.evaluate("root => root.network.getPositions()")
    page.get_by_label("Search papers and entities").fill(node.partition(":")[2])
    page.keyboard.press("Enter")
    page.wait_for_function(
        "root => root.network.body.data.nodes.get().some((n) => n.opacity < 1)", arg=root.element_handle()
    )
    assert root.evaluate("root => root.network.body.data.edges.length") == int(root.get_attribute("data-edges"))
    assert root.evaluate("root => root.network.body.data.nodes.get(root.dataset.selected).opacity") == 1
    assert root.evaluate("root => root.network.getPositions()") == positions
    name = node.partition(":")[2]
    page.get_by_text("Selected: ■ Dataset").wait_for()
    details = page.get_by_text("Named by", exact=False).first
    details.wait_for()
    assert name in page.locator("[data-testid='stSidebar']").inner_text()
    page.screenshot(path=tmp_path / "app-selected.png", full_page=True)


def test_links_open_in_a_new_tab(page):
    # Select a repo through the search box (repos are drawn by default, though a single paper links each).
    root = wait_for_graph(page)
    page.get_by_label("Search papers and entities").fill("github.com/")
    page.keyboard.press("Enter")
    page.get_by_placeholder("Pick one to select it").click()
    page.get_by_role("option").first.click()
    page.wait_for_function("root => root.dataset.selected.startsWith('repo:')", arg=root.element_handle())
    page.wait_for_function("root => root.dataset.moving !== 'true'", arg=root.element_handle())
    repo = root.get_attribute("data-selected")

    # Double-clicking a repo node opens its URL in a new tab (window.open is recorded, not followed).
    page.evaluate("window.open = (...args) => { window.__opened = args; return null; }")
    point = node_position(root, repo)
    page.mouse.dblclick(point["x"], point["y"])
    page.wait_for_function("() => window.__opened !== undefined")
    url, target, features = page.evaluate("window.__opened")
    assert url == repo.partition(":")[2] and url.startswith("https://")
    assert target == "_blank" and "noopener" in features

    show(page, "Code and models")
    summary = page.get_by_text("links from", exact=False)
    summary.wait_for()
    rows = int(summary.inner_text().split()[0].replace(",", ""))
    table = page.locator("[data-testid='stMain'] table")
    page.wait_for_function(
        "([table, rows]) => table.querySelectorAll('tbody a').length === rows", arg=[table.element_handle(), rows]
    )
    links = [table.locator("tbody a").nth(index) for index in range(rows)]
    assert {urlsplit(link.get_attribute("href")).hostname for link in links} >= {"github.com", "huggingface.co"}
    for link in links:
        assert link.get_attribute("href").startswith("https://")
        assert link.get_attribute("target") == "_blank"


def test_untrusted_text_never_runs(page):
    page.get_by_label("Search papers and entities").fill("img src")
    page.keyboard.press("Enter")
    page.get_by_text("1 match").wait_for()
    page.get_by_placeholder("Pick one to select it").click()
    page.get_by_role("option").first.click()
    root = wait_for_graph(page)
    page.wait_for_function("root => root.dataset.selected === 'paper:2401.99999'", arg=root.element_handle())
    page.wait_for_function("root => root.dataset.moving !== 'true'", arg=root.element_handle())
    point = node_position(root, "paper:2401.99999")
    page.mouse.move(point["x"] - 40, point["y"] - 40)
    page.mouse.move(point["x"], point["y"], steps=5)
    tooltip = root.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert "<img src=x" in tooltip.inner_text()  # shown as text
    assert tooltip.locator("img, script").count() == 0
    show(page, "Paper")
    page.locator(".pge-abstract").wait_for()
    assert "<script>" in page.locator(".pge-abstract").inner_text()
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    assert page.evaluate("window.__xss") is None


def test_fetch_view_adds_papers_with_progress(page, tmp_path):
    """Last in this module: it adds five papers to the shared store."""
    sidebar = page.locator("[data-testid='stSidebar']")

    def papers_in_sidebar() -> int:
        return int(sidebar.get_by_text(" papers · ", exact=False).first.inner_text().split()[0].replace(",", ""))

    before = papers_in_sidebar()
    show(page, "Fetch")
    page.get_by_text("arXiv", exact=True).click()
    at_most = page.get_by_label("At most")
    at_most.fill("5")
    at_most.press("Enter")
    page.get_by_role("button", name="Fetch", exact=True).click()
    page.get_by_text("5 papers from arxiv cat:cs.LG are in the store", exact=False).wait_for()
    page.screenshot(path=tmp_path / "app-fetch.png", full_page=True)
    assert papers_in_sidebar() == before + 5
