"""The SQLite store: the only home of connections, SQL and the schema.

- :mod:`graphapp.store.database`: :class:`Store`, which opens the file (creating or upgrading it), writes
  papers with their mentions in transactions, and answers every read the rest of the code needs.
- :mod:`graphapp.store.schema`: the numbered migrations that define the schema, its version in
  ``PRAGMA user_version``, and the upgrade of stores written by earlier releases.

Nothing outside this package opens a connection or writes SQL; :mod:`graphapp.queries` asks :class:`Store`.
"""

from graphapp.store.database import DEFAULT_DB, MentionRow, Store
from graphapp.store.schema import SCHEMA_VERSION, SchemaError

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "MentionRow", "SchemaError", "Store"]
