"""What the real-browser tests share: Debian's Chromium, found or clearly missing, launched through Playwright.

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
