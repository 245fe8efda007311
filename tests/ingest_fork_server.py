"""Fork server for the crash-safety tests: build the extractor once, then run each ingest in a fresh child.

One JSON line each way. The server prints ``{"ready": true}``; for each request
``{"db": ..., "files": [...], "pause": seconds}`` it forks a child that ingests the files into the store
one by one (sleeping ``pause`` per stored paper, to stand for a slower extractor and widen the window
in which a kill lands mid-transaction), prints ``{"child": pid}``, waits for it and prints
``{"exit": code}`` or ``{"signal": number}``. Forking keeps a run to milliseconds, so the tests can
SIGKILL ingest dozens of times without paying for an interpreter start and an extractor build each time.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

from extractors import Extractor
from graphapp.pipeline import ingest_file
from graphapp.store import Store


def _ingest(extractor: Extractor, db: str, files: list[str], pause: float) -> None:
    with Store(db) as store:
        for path in files:
            ingest_file(store, path, extractor=extractor, progress=lambda n: time.sleep(pause * n))


def _say(message: dict) -> None:
    print(json.dumps(message), flush=True)


def main() -> None:
    extractor = Extractor.default()
    _say({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _ingest(extractor, request["db"], request["files"], request.get("pause", 0.0))
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        _say({"child": pid})
        _, status = os.waitpid(pid, 0)
        _say({"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {"exit": os.WEXITSTATUS(status)})


if __name__ == "__main__":
    main()
