"""Benchmark 5: time from starting the app to the first drawn graph, on a large store and on the bundled one.

Starts ``streamlit run graphapp/app.py -- --db STORE`` as a user would, opens it in headless Chromium
(Debian's ``/usr/bin/chromium`` through Playwright) and stops the clock when the vis-network canvas is
on screen. The baseline, measured in the same run, is the same on a store of the 88 bundled papers:
the ratio says what the store's size costs the user (only a bounded subgraph reaches the browser).

    python bench/bench_app.py --size 100k
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_ingest import store_for
from bench.common import OUT, PYTHON, ROOT, Figure, machine, print_table
from bench.corpus import parse_size
from graphapp.launch import free_port, streamlit_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_S = 180


def bundled_store() -> Path:
    """A store of the 88 bundled papers, built once."""
    db = OUT / "store_bundled.sqlite"
    if not db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([PYTHON, "-m", "graphapp", "ingest", "--db", str(db)], cwd=ROOT, check=True, capture_output=True)
    return db


def _canvas_drawn(page) -> bool:
    """True once some frame shows a vis-network canvas with a size (not, say, a table's canvas)."""
    for frame in page.frames:
        for canvas in frame.locator("div.vis-network canvas").all():
            box = canvas.bounding_box()
            if box and box["width"] > 50 and box["height"] > 50:
                return True
    return False


def time_to_first_graph(db: Path, browser) -> float:
    """Seconds from launching the app process to a drawn graph in the browser."""
    port = free_port()
    command = streamlit_command(db, port=port)
    start = time.perf_counter()
    app = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/", timeout=5000)
                break
            except Exception:
                if app.poll() is not None:
                    raise RuntimeError(f"the app stopped: {app.stderr.read()[-2000:]}") from None
                if time.perf_counter() - start > TIMEOUT_S:
                    raise
                time.sleep(0.1)
        while not _canvas_drawn(page):
            if time.perf_counter() - start > TIMEOUT_S:
                raise TimeoutError(f"no graph drawn within {TIMEOUT_S} s for {db}")
            time.sleep(0.05)
        return time.perf_counter() - start
    finally:
        page.close()
        app.terminate()
        app.wait(timeout=20)


def run(size: int, *, warm_up: bool = True) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    large, small = store_for(size), bundled_store()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if warm_up:  # the file cache and Python's bytecode cache, so the baseline is not the first start
                time_to_first_graph(small, browser)
            small_s = time_to_first_graph(small, browser)
            large_s = time_to_first_graph(large, browser)
        finally:
            browser.close()
    return [
        Figure("5 app", "start to first drawn graph, 88 bundled papers (baseline)", f"{small_s:.1f} s"),
        Figure("5 app", f"start to first drawn graph, {size:,}-paper store", f"{large_s:.1f} s"),
        Figure("5 app", "large store vs bundled", f"{large_s / small_s:.2f}x", "bounded (no growth with size)"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k")
    args = parser.parse_args()
    print(machine())
    print_table(run(parse_size(args.size)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
