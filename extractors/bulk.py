"""Building large structures without the cyclic garbage collector's full passes.

A learning pass keeps tens of thousands of small objects (the patterns' passes, the lexicon's surfaces): each
allocation burst triggers a full collection that walks every object the process holds, a tenth of the pass's
time, to find no garbage (these structures hold no reference cycles). Reference counting still frees everything.
The collector is one per process: a block paused in one thread while another runs only defers collections, and
whichever block paused a running collector turns it back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (if it runs), and resume it after, errors included.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
