"""The project installs as a package: ``pip wheel .`` builds it, and the wheel installed into a fresh virtualenv
outside the checkout runs ``paper-graph --help``, ingests the bundled papers and prints ``stats`` from another
directory, with the store in the user's data directory.

The fresh virtualenv gets the wheel only (``--no-deps``); the third-party packages it needs come from the test
run's own environment through a ``.pth`` file, so the check takes seconds and never reaches beyond the package
registry that built the wheel. What it proves is what can break: package data (vocabularies, the component's
assets, the seed), the console script, and no path into the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Builds a wheel and a virtualenv: half a minute, so left out of `make test-fast`.
pytestmark = [pytest.mark.integration, pytest.mark.slow]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(out)], cwd=out)
    (built,) = out.glob("paper_graph_explorer-*.whl")
    return built


def test_wheel_holds_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for vocab in ("datasets", "models", "methods", "tasks"):
        assert f"extractors/vocab/{vocab}.jsonl" in names
    assert {
        "graphapp/component/graph.js",
        "graphapp/component/graph.css",
        "graphapp/seed/hf_trending_papers.txt",
    } <= names
    shipped = {str(path.relative_to(ROOT)) for path in (ROOT / "extractors" / "assets").iterdir() if path.is_file()}
    assert shipped and shipped <= names  # every asset the extractors read (word statistics)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "paper-graph = graphapp.cli:main" in entry_points


def test_installed_wheel_works_from_another_directory(wheel, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).strip())
    (site / "test_run_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)], cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "home"
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "HOME": str(home), "LANG": "C.UTF-8"}
    env["XDG_DATA_HOME"], env["XDG_CACHE_HOME"] = str(home / "data"), str(home / "cache")
    assert "usage: paper-graph" in run(["paper-graph", "--help"], elsewhere, env)
    where = run(
        [str(python), "-c", "import graphapp, extractors; print(graphapp.__file__, extractors.__file__)"],
        elsewhere,
        env,
    )
    assert str(ROOT) not in where and str(site) in where  # the installed copy, not the checkout

    run(["paper-graph", "ingest"], elsewhere, env)
    store = home / "data" / "paper-graph" / "papers.sqlite"
    assert store.is_file()  # the user's data directory, not the checkout or the working directory
    stats = run(["paper-graph", "stats"], elsewhere, env)
    assert stats.startswith("88 papers") and "dataset" in stats
    assert list(elsewhere.iterdir()) == []
