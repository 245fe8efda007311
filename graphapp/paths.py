"""Where the tool keeps things: the store and the fetch cache in the user's data and cache directories, the
bundled papers inside the package.

An installed ``paper-graph`` works from any directory: the store defaults to
``platformdirs.user_data_dir("paper-graph")/papers.sqlite`` (``~/.local/share/paper-graph`` on Linux) and the
fetch cache to ``user_cache_dir("paper-graph")/fetch``; ``--db`` / ``PGE_DB`` and ``--cache-dir`` /
``PGE_FETCH_CACHE`` override them. The checkout's ``make app`` passes ``--db data/papers.sqlite``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

APP_NAME = "paper-graph"
DEFAULT_DB = Path(user_data_dir(APP_NAME, appauthor=False)) / "papers.sqlite"
DEFAULT_CACHE_DIR = Path(user_cache_dir(APP_NAME, appauthor=False)) / "fetch"
#: The repository's data/ folder, where a checkout keeps the seed and the vocabularies (see data/README.md).
CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"


def bundled_papers() -> Path:
    """The bundled seed file: ``graphapp/seed/`` in an installed package (the wheel maps data/seed there),
    ``data/seed/`` in a checkout.

    >>> bundled_papers().name
    'hf_trending_papers.txt'
    """
    installed = Path(str(resources.files("graphapp").joinpath("seed", "hf_trending_papers.txt")))
    return installed if installed.is_file() else CHECKOUT_DATA / "seed" / "hf_trending_papers.txt"


BUNDLED_PAPERS = bundled_papers()
