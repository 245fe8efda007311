"""What the real-browser tests share: Debian's Chromium, found or clearly missing, launched through Playwright, and
the steps on the app's page (switch view, wait for the graph, find a node on screen).

Chromium must be installed (`make test` installs Debian's package); without it the browser tests fail, unless
PGE_SKIP_BROWSER=1 is set explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: How long a page step may wait (a slow, shared machine lays out the graph in seconds).
TIMEOUT_MS = 45_000


def require_chromium() -> Path:
    """Chromium's path; a failure (or a skip, only when asked for) when it is not installed."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("PGE_SKIP_BROWSER") == "1":
        pytest.skip("PGE_SKIP_BROWSER=1: the real-browser test is skipped on request")
    pytest.fail(
        f"Chromium is missing at {CHROMIUM}: run `make test` (installs Debian's chromium) or set PGE_SKIP_BROWSER=1"
    )


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright's sync API) for the duration of the block."""
    from playwright.sync_api import sync_playwright

    path = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


#: Streamlit's app root says whether a script run is going on; the observer remembers that one has started, so a
#: run that ends before Playwright looks is not missed (the status widget only shows for runs of over 0.5 s).
WATCH_RUNS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    window.__pgeRunStarted = false;
    window.__pgeRunWatch?.disconnect();
    window.__pgeRunWatch = new MutationObserver(() => {
        if (app.dataset.testScriptState !== "notRunning") window.__pgeRunStarted = true;
    });
    window.__pgeRunWatch.observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""
RUN_FINISHED = """() => window.__pgeRunStarted
    && document.querySelector("[data-testid='stApp']").dataset.testScriptState === 'notRunning'"""


def show(page, view: str) -> None:
    """Switch the app to a view and wait until the rerun the click starts has finished."""
    page.evaluate(WATCH_RUNS)
    page.get_by_role("radio", name=view, exact=True).click()
    page.wait_for_function(RUN_FINISHED)


def wait_for_graph(page, previous_signature: str | None = None):
    """The graph component once vis-network has drawn it and its layout has settled (and, given the previous
    signature, once it has been redrawn with new data)."""
    root = page.locator(".pge-root").first
    root.wait_for(state="attached")
    page.wait_for_function(
        """([root, previous]) => root.dataset.drawn === "true" && root.dataset.stable === "true"
                                 && root.dataset.signature !== previous""",
        arg=[root.element_handle(), previous_signature or ""],
    )
    assert root.locator("canvas").count() == 1
    return root


def node_position(root, node: str, *, centre: bool = False) -> dict:
    """Where a node is drawn, in page coordinates; with ``centre``, after moving it to the middle of the canvas."""
    return root.evaluate(
        """(root, [node, centre]) => {
            const net = root.network;
            if (centre) net.focus(node, {scale: 1.2, animation: false});
            const point = net.canvasToDOM(net.getPositions([node])[node]);
            const box = root.querySelector("canvas").getBoundingClientRect();
            return {x: box.left + point.x, y: box.top + point.y};
        }""",
        [node, centre],
    )
