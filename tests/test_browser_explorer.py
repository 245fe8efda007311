"""The explorer's ways in, in a real browser (Debian's Chromium through Playwright, see tests/browser_support.py):
labels that never overlap, entity pages, drawn paths, links that reopen what they show, corrections that outlive
the app, and every paper of a 20k-paper store within reach.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from graphapp.launch import running_app
from graphapp.model import Occurrence, Paper
from graphapp.store import Store
from tests.app_store import build_store, dated_store
from tests.browser_support import TIMEOUT_MS, chromium, node_position, require_chromium, wait_for_graph

WORDS = [
    "graph",
    "neural",
    "sparse",
    "robust",
    "causal",
    "vision",
    "language",
    "diffusion",
    "token",
    "agent",
    "memory",
    "prior",
    "kernel",
    "spectral",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_chromium()
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def small_app(tmp_path_factory) -> Iterator[str]:
    """The app on the hand-made papers of tests/app_store.py."""
    db = build_store(tmp_path_factory.mktemp("explorer") / "app.sqlite")
    with (tmp_path_factory.getbasetemp() / "explorer.log").open("w") as log, running_app(db, log=log) as url:
        yield url


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1500, "height": 1300})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return page


def settled(page) -> None:
    """Wait until the app's rerun has finished."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")


def test_labels_are_drawn_by_priority_without_overlap(browser, small_app):
    page = open_page(browser, small_app)
    root = wait_for_graph(page)
    page.wait_for_function("root => Number(root.dataset.labels) > 0", arg=root.element_handle())
    boxes = root.evaluate("root => root.labels")
    assert boxes and not any(
        a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )
    # Zoomed far out, the hubs keep their labels and the rest wait for room; zooming back in names more.
    root.evaluate("root => root.network.moveTo({scale: 0.15})")
    page.wait_for_timeout(200)
    few = root.evaluate("root => root.labels.map((box) => box.id)")
    root.evaluate("root => root.network.moveTo({scale: 1.5})")
    page.wait_for_timeout(200)
    many = int(root.get_attribute("data-labels"))
    assert 0 < len(few) < many or len(few) == many == len(boxes)
    assert "dataset:CIFAR-10" in few  # the most named entity is labelled first
    page.context.close()


def test_entity_page_lists_papers_and_co_used_datasets(browser, small_app):
    page = open_page(browser, f"{small_app}/?view=entity&node={quote('dataset:CIFAR-10')}")
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("Named by 4 papers").wait_for()
    main.get_by_text("Papers naming it", exact=True).wait_for()
    used_with = main.locator("[data-testid='stButtonGroup']").filter(has_text="ImageNet (2)")
    used_with.wait_for()
    # A co-used dataset opens its own page.
    used_with.get_by_text("ImageNet (2)").click()
    main.get_by_role("heading", name="ImageNet").wait_for()
    page.wait_for_function("() => new URLSearchParams(location.search).get('node') === 'dataset:ImageNet'")
    page.context.close()


def test_a_copied_url_reopens_the_same_selection(browser, small_app):
    page = open_page(browser, small_app)
    root = wait_for_graph(page)
    point = node_position(root, "model:ViT", centre=True)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("root => root.dataset.selected === 'model:ViT'", arg=root.element_handle())
    page.get_by_role("radio", name="Paper", exact=True).click()
    settled(page)
    page.get_by_role("radio", name="Entity", exact=True).click()
    page.locator("[data-testid='stMain']").get_by_role("heading", name="ViT").wait_for()
    page.wait_for_function("() => location.search.includes('view=entity')")
    copied = page.url
    page.context.close()

    again = open_page(browser, copied)  # a new session, as a colleague opening the link would have
    main = again.locator("[data-testid='stMain']")
    main.get_by_role("heading", name="ViT").wait_for()
    assert "Selected: ◆ Model" in again.locator("[data-testid='stSidebar']").inner_text()
    assert again.get_by_role("radio", name="Entity", exact=True).is_checked()
    again.context.close()


def test_a_path_is_drawn_with_each_step(browser, small_app):
    query = f"?view=paper&node={quote('paper:2010.11929')}&to={quote('paper:2305.14314')}"
    page = open_page(browser, small_app + "/" + query)
    page.get_by_text("How is it connected to", exact=False).wait_for()
    root = wait_for_graph(page)  # the path's drawing: the Paper view's only graph
    lit = root.evaluate(
        "root => root.network.body.data.nodes.get({filter: (n) => n.opacity === 1}).map((n) => n.id).sort()"
    )
    assert {"paper:2010.11929", "paper:2305.14314", "method:LoRA", "model:RoBERTa"} <= set(lit)
    assert int(root.get_attribute("data-labels")) >= 4  # the path's steps are named
    page.get_by_role("button", name="▲ LoRA").wait_for()
    page.context.close()


def test_a_correction_survives_a_restart(browser, tmp_path):
    db = build_store(tmp_path / "fix.sqlite")
    entity = f"?view=entity&node={quote('dataset:CoRe50')}"
    with (tmp_path / "first.log").open("w") as log, running_app(db, log=log) as url:
        page = open_page(browser, url + "/" + entity)
        main = page.locator("[data-testid='stMain']")
        main.get_by_text("Correct this entity", exact=False).click()
        main.get_by_text("rename", exact=True).click()
        name = main.get_by_label("New name")
        name.fill("CORe50 (Lomonaco)")
        name.press("Enter")
        settled(page)
        main.get_by_role("button", name="Apply").click()
        main.get_by_text("renamed to", exact=False).wait_for()
        page.context.close()
    with (tmp_path / "second.log").open("w") as log, running_app(db, log=log) as url:
        renamed = f"?view=entity&node={quote('dataset:CORe50 (Lomonaco)')}"
        page = open_page(browser, url + "/" + renamed)
        page.locator("[data-testid='stMain']").get_by_text("Named by 2 papers").wait_for()
        page.goto(url + "/" + entity)
        page.locator("[data-testid='stMain']").get_by_text("No paper in the store names this entity").wait_for()
        page.context.close()


def generated_store(path: Path, size: int) -> tuple[Path, str, str]:
    """A store of ``size`` papers with made-up titles, each using two of 400 datasets and one of 60 methods; returns
    the path and the id and title of the last paper in title order."""
    rng = random.Random(13)
    titles: dict[str, str] = {}
    with Store(path) as store, store.transaction():
        for number in range(size):
            title = " ".join(rng.choice(WORDS).capitalize() if i == 0 else rng.choice(WORDS) for i in range(7))
            title = f"{title} {number}"
            names = [("dataset", f"Bench-{rng.randrange(400)}"), ("dataset", f"Bench-{rng.randrange(400)}"),
                     ("method", f"Method-{rng.randrange(60)}")]  # fmt: skip
            abstract = "We evaluate " + " and ".join(name for _, name in names) + "."
            occurrences = [Occurrence(kind, name, "uses", name, abstract) for kind, name in names]
            store.put_paper(Paper(f"g{number:05}", title, abstract, date=f"2025-{1 + number % 12:02}-01"), occurrences)
            titles[f"g{number:05}"] = title
        store.record_ingest("generated", size, 0)
    last = max(titles, key=lambda pid: (titles[pid].casefold(), pid))
    return path, last, titles[last]


def test_the_last_paper_of_a_20k_store_opens_from_the_search(browser, tmp_path):
    db, last_id, last_title = generated_store(tmp_path / "big.sqlite", 20_000)
    with (tmp_path / "big.log").open("w") as log, running_app(db, log=log) as url:
        page = open_page(browser, url)
        wait_for_graph(page)
        page.get_by_role("radio", name="Paper", exact=True).click()
        settled(page)
        find = page.get_by_label("Find paper")
        find.fill(last_title)
        find.press("Enter")
        settled(page)
        main = page.locator("[data-testid='stMain']")
        main.get_by_text("1 matching paper.").wait_for()
        main.get_by_role("heading", name=last_title).wait_for()
        page.wait_for_function("id => new URLSearchParams(location.search).get('node') === id", arg=f"paper:{last_id}")
        page.context.close()


def test_the_map_is_drawn_with_labels_and_a_click_recentres_it(browser, small_app):
    page = open_page(browser, f"{small_app}/?view=map&node={quote('paper:2010.11929')}")
    root = wait_for_graph(page)
    assert root.get_attribute("data-selected") == "paper:2010.11929"
    page.wait_for_function("root => Number(root.dataset.labels) >= 3", arg=root.element_handle())
    drawn = root.evaluate("root => root.labels.map((box) => box.id)")
    assert "paper:2010.11929" in drawn and "paper:1512.03385" in drawn  # the centre and its neighbours, named
    signature = root.get_attribute("data-signature")
    point = node_position(root, "paper:1512.03385")
    page.mouse.click(point["x"], point["y"])
    root = wait_for_graph(page, signature)  # a new map, around the clicked paper
    page.wait_for_function("root => root.dataset.selected === 'paper:1512.03385'", arg=root.element_handle())
    page.wait_for_function("() => new URLSearchParams(location.search).get('to') === 'paper:2010.11929'")
    # The trail back to the first paper is drawn in full; the rest of the map is dimmed.
    lit = root.evaluate("root => root.network.body.data.nodes.get({filter: (n) => n.opacity === 1}).map((n) => n.id)")
    assert {"paper:2010.11929", "paper:1512.03385"} <= set(lit)
    page.locator("[data-testid='stMain']").get_by_role("button", name="Back to the first paper").wait_for()
    page.context.close()


def test_trends_name_the_rising_entity(browser, tmp_path):
    db = dated_store(tmp_path / "dated.sqlite")
    with (tmp_path / "trends.log").open("w") as log, running_app(db, log=log) as url:
        page = open_page(browser, f"{url}/?view=trends")
        main = page.locator("[data-testid='stMain']")
        main.get_by_text("Rising most", exact=False).wait_for()
        main.get_by_text("month", exact=True).click()
        settled(page)
        rising = main.get_by_text("Rising most", exact=False)
        page.wait_for_function("el => el.innerText.includes('LoCoMo')", arg=rising.element_handle())
        assert "ImageNet" not in rising.inner_text()
        page.context.close()
