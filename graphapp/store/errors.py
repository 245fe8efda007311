"""What can go wrong with the store file itself, said in one line: busy, full, read-only, damaged, not a store.

SQLite reports these as ``sqlite3.OperationalError`` or ``DatabaseError`` with terse messages ("database is
locked", "file is not a database"); :func:`explain` turns them into a :class:`StoreError` that names the file
and says what to do, and :func:`store_errors` does so for a whole command, so that no entry point (the CLI,
an upload, a fetch, the app's start) ever shows a raw SQLite traceback for a problem of the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


class StoreError(Exception):
    """The store file cannot be used as asked; ``str(error)`` is one line naming it and saying what to do."""


class StoreBusy(StoreError):
    """Another process kept the store's write lock for longer than a writer waits."""


class StoreReadOnly(StoreError):
    """The store (or its folder) cannot be written: reading it still works."""


#: Pieces of SQLite's messages, and what they mean for the user (``{path}`` is the store).
_EXPLANATIONS: list[tuple[tuple[str, ...], type[StoreError], str]] = [
    (
        ("database is locked", "database is busy", "database table is locked"),
        StoreBusy,
        "{path}: another process (an ingest, an upload or a fetch) is writing to this store and did not finish in "
        "time; nothing was changed, try again when it has finished",
    ),
    (
        ("database or disk is full",),
        StoreError,
        "{path}: the disk is full (or the store reached its size limit): nothing of this input was stored; "
        "free some space and run again",
    ),
    (
        ("readonly database", "read-only"),
        StoreReadOnly,
        "{path}: the store is read-only (file or folder permissions, or a read-only disk): it can be read, "
        "not written; copy it somewhere writable to add papers",
    ),
    (
        ("file is not a database", "database disk image is malformed", "file is encrypted"),
        StoreError,
        "{path}: not a paper store, or a damaged one ({reason}); point --db at another file, or restore it "
        "from a backup",
    ),
    (
        ("unable to open database file",),
        StoreError,
        "{path}: cannot open the store (a missing or unwritable folder, or no permission to read it)",
    ),
    (("disk i/o error",), StoreError, "{path}: the disk failed while reading or writing the store ({reason})"),
]


def explain(error: sqlite3.Error, path: str) -> StoreError | None:
    """A :class:`StoreError` for a problem of the store file, or None for any other SQLite error (a bug).

    >>> str(explain(sqlite3.OperationalError("database or disk is full"), "s.sqlite"))[:64]
    's.sqlite: the disk is full (or the store reached its size limit)'

    >>> explain(sqlite3.IntegrityError("UNIQUE constraint failed"), "s.sqlite") is None
    True
    """
    reason = str(error)
    lowered = reason.lower()
    for pieces, kind, message in _EXPLANATIONS:
        if any(piece in lowered for piece in pieces):
            return kind(message.format(path=path, reason=reason))
    return None


def is_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock."""
    return isinstance(explain(error, ""), StoreBusy)


@contextmanager
def store_errors(path: str) -> Iterator[None]:
    """Turn a problem of the store file raised inside the block into a :class:`StoreError` (other errors pass)."""
    try:
        yield
    except sqlite3.Error as error:
        explained = explain(error, path)
        if explained is None:
            raise
        raise explained from error
