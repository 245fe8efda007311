"""Fork server for the crash-safety tests: build the extractor once, then run each ingest in a fresh child.

Run as ``python ingest_fork_server.py FILE...``: the extractor first learns every text of the FILEs,
so that each child's own learning finds nothing new and a run costs its reads and writes, not a rebuild
of the learned vocabulary. One JSON line each way. The server prints ``{"ready": true}``; for each request
``{"db": ..., "files": [...], "pause": seconds, "kill_after": seconds or null}`` it forks a child that
ingests the files into the store one by one (sleeping ``pause`` per stored paper, to stand for a slower
extractor and widen the window in which a kill lands mid-transaction) and prints ``{"child": pid}``.
With ``kill_after`` it sends the child SIGKILL after that many seconds. It then reaps the child and
prints ``{"exit": code}`` or ``{"signal": number}``. The server kills its own child before reaping
it, so a child that already finished is a zombie and its pid cannot have been reused.
Forking keeps a run short, so the tests can SIGKILL ingest dozens of times without paying for an
interpreter start and an extractor build each time.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback

# The text index's library, which graphapp imports on first use: imported here once, like the extractor
# is built once, so that a child's run is its reads and writes, not a 1.6 s import inside the first file.
import sklearn.decomposition
import sklearn.feature_extraction.text
import sklearn.preprocessing  # noqa: F401

from extractors import Extractor
from graphapp.ingest import read_papers
from graphapp.model import Paper
from graphapp.pipeline import ingest_file
from graphapp.store import Store


def prepared_extractor(files: list[str]) -> Extractor:
    """The default extractor after learning every title and abstract of ``files``, warmed by one extraction."""
    extractor = Extractor.default()
    papers = [item for path in files for item in read_papers(path) if isinstance(item, Paper)]
    extractor.learn(text for paper in papers for text in (paper.title, paper.abstract))
    extractor.extract_paper(papers[0].title, papers[0].abstract)
    return extractor


def _ingest(extractor: Extractor, db: str, files: list[str], pause: float) -> None:
    with Store(db) as store:
        for path in files:
            ingest_file(store, path, extractor=extractor, progress=lambda n: time.sleep(pause * n))


def _say(message: dict) -> None:
    print(json.dumps(message), flush=True)


def main() -> None:
    extractor = prepared_extractor(sys.argv[1:])
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
        if request.get("kill_after") is not None:
            time.sleep(request["kill_after"])
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        _say({"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {"exit": os.WEXITSTATUS(status)})


if __name__ == "__main__":
    main()
