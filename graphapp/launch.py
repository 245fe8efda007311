"""Start the Streamlit explorer as a process: one command line for the CLI, the browser tests and the benchmark.

Usage statistics stay off (Streamlit would otherwise call out), the server address is pinned to localhost so
that Streamlit does not look up the machine's external address, and no file watcher runs (users do not edit
the app's source while exploring). The server listens on 127.0.0.1 only, unless a host is given: whoever
reaches the app can read the store, add papers to it and start fetches.
"""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

APP_FILE = Path(__file__).resolve().parent / "app.py"
#: Where the app listens unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"


def is_exposed(host: str) -> bool:
    """Whether listening on ``host`` lets other machines in (anything but a loopback address or "localhost").

    >>> is_exposed("127.0.0.1"), is_exposed("::1"), is_exposed("localhost"), is_exposed("0.0.0.0")
    (False, False, False, True)
    """
    if host.lower() == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a name: it may resolve to any interface


def streamlit_command(
    db: str | Path,
    *,
    port: int,
    host: str = DEFAULT_HOST,
    headless: bool = True,
    max_upload_mb: int | None = None,
    app_args: Sequence[str] = (),
) -> list[str]:
    """The command that serves the app on ``host``:``port`` over the store ``db``; ``app_args`` go to the app
    itself (``--max-papers``). ``max_upload_mb`` sets both the app's upload limit and the server's (which
    otherwise refuses anything over ``.streamlit/config.toml``'s 50 MB before the app sees it). Streamlit
    neither calls home nor stops at its first-run e-mail prompt.

    >>> command = streamlit_command("s.sqlite", port=8501, max_upload_mb=80, app_args=["--max-papers", "50"])
    >>> command[command.index("--server.maxUploadSize") :][:5]
    ['--server.maxUploadSize', '80', '--server.address', '127.0.0.1', '--']
    >>> command[command.index("--") + 1 :]
    ['--db', 's.sqlite', '--max-upload-mb', '80', '--max-papers', '50']
    """
    upload = [] if max_upload_mb is None else ["--server.maxUploadSize", str(max_upload_mb)]
    to_app = [] if max_upload_mb is None else ["--max-upload-mb", str(max_upload_mb)]
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_FILE),
        "--server.headless", str(headless).lower(), "--server.port", str(port),
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
        "--server.showEmailPrompt", "false", "--browser.serverAddress", "localhost", *upload,
        "--server.address", host,
        "--", "--db", str(db), *to_app, *app_args,
    ]  # fmt: skip


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    """Return once the app answers its health check; raise if the process dies or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the app did not start; see its log") from None
            time.sleep(0.2)


@contextmanager
def running_app(
    db: str | Path,
    *,
    log: IO[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    max_upload_mb: int | None = None,
) -> Iterator[str]:
    """Serve the app over ``db`` on a free port of 127.0.0.1 for the duration of the block; yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        streamlit_command(db, port=port, max_upload_mb=max_upload_mb),
        cwd=APP_FILE.parent.parent,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env=None if env is None else dict(env),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, server, timeout)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
