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

from graphapp.evidence import sentence_at
from graphapp.model import Occurrence

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


#: Streamlit's app root says whether a script run is going on. The observer remembers that a run has started, so a
#: run that ends before Playwright looks is not missed (the status widget only shows for runs of over 0.5 s); and
#: the main area's text is kept, because a fast run can start and end within one React render, leaving no trace
#: on the root but a changed page.
WATCH_RUNS = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    window.__pgeRunStarted = false;
    window.__pgeMainBefore = document.querySelector("[data-testid='stMain']")?.innerText;
    window.__pgeRunWatch?.disconnect();
    // The records, not the attribute's value now: a busy page may call back only after the run has ended.
    window.__pgeRunWatch = new MutationObserver((records) => {
        const states = [...records.map((record) => record.oldValue), app.dataset.testScriptState];
        if (states.some((state) => state !== "notRunning")) window.__pgeRunStarted = true;
    });
    window.__pgeRunWatch.observe(
        app, {attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"]}
    );
}"""
#: The run the click started has finished: the app is idle, no element of the previous run is left (stale), and a
#: run was seen or the page changed.
RUN_FINISHED = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (app.dataset.testScriptState !== "notRunning" || document.querySelector("[data-stale='true']")) return false;
    const main = document.querySelector("[data-testid='stMain']")?.innerText;
    return window.__pgeRunStarted || main !== window.__pgeMainBefore;
}"""
IDLE = """() => document.querySelector("[data-testid='stApp']").dataset.testScriptState === 'notRunning'"""


def show(page, view: str) -> None:
    """Switch the app to a view and wait until the rerun the click starts has finished (at once when the view is
    already shown: a click on it starts no run)."""
    choice = page.get_by_role("radio", name=view, exact=True)
    if choice.is_checked():
        page.wait_for_function(IDLE)
        return
    page.evaluate(WATCH_RUNS)
    choice.click()
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


def occurrence_in(abstract: str, entity_type: str, name: str, relation: str, **extra) -> Occurrence:
    """A mention of ``name`` at its first place in ``abstract``, with its sentence as evidence: for stores that
    tests write through the Store API (so that ingest's own cleaning cannot hide what they hold)."""
    start = abstract.index(name)
    end = start + len(name)
    return Occurrence(
        entity_type, name, relation, name, sentence_at(abstract, start, end), "abstract", start, end, **extra
    )
