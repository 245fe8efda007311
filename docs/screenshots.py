"""Take the screenshots in docs/ with headless Chromium: python docs/screenshots.py [--real STORE].

The Graph view and the Paper view (with a drawn path) are taken on a fresh store of the bundled papers; the Entity,
Map and Trends views on ``--real``, a store of the 20k real arXiv abstracts (``bench/bench_first_graph.py`` builds
one in ``bench/out/store_real20k.sqlite``; run ``python -m graphapp reindex`` on it for text-similarity links on the
map), when given. Each picture is a page opened from a link, as a user would share it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphapp.launch import running_app
from graphapp.pipeline import ingest_file
from graphapp.store import Store
from tests.browser_support import chromium, wait_for_graph

DOCS = Path(__file__).resolve().parent
BUNDLED = DOCS.parent / "data" / "seed" / "hf_trending_papers.txt"
#: The paper the Map view's picture is centred on (in the 20k real abstracts).
MAP_PAPER = "paper:2503.11750"


def shoot(
    browser, url: str, path: Path, *, wait_text: str | None = None, full_page: bool = False, graph: bool = True
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.set_default_timeout(120_000)
    page.goto(url)
    if graph:
        wait_for_graph(page)
    if wait_text:
        page.get_by_text(wait_text, exact=False).first.wait_for()
    page.wait_for_timeout(1500)  # the last rerun's widgets settle
    page.screenshot(path=path, full_page=full_page)
    page.close()
    print(path)


def first_node(store: Store, title_start: str) -> str:
    return next(f"paper:{paper.id}" for paper in store.papers() if paper.title.startswith(title_start))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--real", type=Path, help="a store of the 20k real abstracts, for the Entity view")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        db = Path(tmp) / "bundled.sqlite"
        with Store(db) as store:
            ingest_file(store, BUNDLED)
            selected = first_node(store, "A Simple Baseline that Questions")
            # a pair the path answers "connected" (most pairs of these 88 varied papers are weak or unrelated)
            certified = first_node(store, "Fast Certified Robust Training")
            other = first_node(store, "Understanding Certified Training")
        with (Path(tmp) / "app.log").open("w") as log, running_app(db, log=log) as url:
            shoot(browser, f"{url}/?node={quote(selected)}", DOCS / "screenshot.png")
            path = f"{url}/?view=paper&node={quote(certified)}&to={quote(other)}"
            shoot(browser, path, DOCS / "screenshot-paper.png", wait_text="How is it connected", full_page=True)
        if args.real:
            with (Path(tmp) / "real.log").open("w") as log, running_app(args.real, log=log) as url:
                entity = f"{url}/?view=entity&node={quote('dataset:CIFAR-10')}"
                shoot(browser, entity, DOCS / "screenshot-entity.png", wait_text="Papers naming it")
                paper_map = f"{url}/?view=map&node={quote(MAP_PAPER)}"
                shoot(browser, paper_map, DOCS / "screenshot-map.png")
                trends = f"{url}/?view=trends"
                shoot(browser, trends, DOCS / "screenshot-trends.png", wait_text="Rising most", graph=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
