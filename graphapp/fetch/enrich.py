"""Optional metadata for code and Hugging Face nodes: GitHub stars and description, Hub likes and downloads.

Nothing else depends on it: the graph, the queries and the app work the same without it, and a repo node
simply shows more when its metadata was fetched. Lookups go through the cached
:class:`~graphapp.fetch.http.HttpClient`; tokens come from ``GITHUB_TOKEN`` (or ``GH_TOKEN``) and
``HF_TOKEN`` when set, which raises GitHub's limit from 60 to 5000 requests an hour.

The metadata lives in its own table of the store (``entity_meta``, through :class:`~graphapp.store.Store`'s
metadata methods); a store never enriched simply has none, and reads exactly as one enriched does otherwise.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from graphapp.fetch.http import FetchError, HttpClient
from graphapp.ingest.sanitize import clean_metadata
from graphapp.store import Store

GITHUB_REPO_API = "https://api.github.com/repos/{repo_id}"
HF_REPO_API = {
    "model": "https://huggingface.co/api/models/{repo_id}",
    "dataset": "https://huggingface.co/api/datasets/{repo_id}",
}
GITHUB_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
TOKEN_ENV = {"github": ("GITHUB_TOKEN", "GH_TOKEN"), "hf": ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")}
#: First path segments of huggingface.co that are not a user or organisation owning a model.
_HF_NOT_MODELS = {"spaces", "papers", "docs", "blog", "collections", "organizations", "learn", "tasks", "api"}
#: One path segment of a repository id as GitHub and the Hub spell them: never "." or "..", "%", "/" or "?",
#: so that an address in an abstract can only ever name a repository, not another API endpoint.
_REPO_SEGMENT = re.compile(r"(?!\.{1,2}$)[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
#: Statuses meaning "no such repository" (the Hub answers 401 for one that does not exist or is private).
_NOT_FOUND = {"github": {404}, "hf": {401, 404}}
#: Statuses after which asking the same service again is pointless this run (bad token, rate limit).
_STOP_STATUSES = {"github": {401, 403, 429}, "hf": {429}}


@dataclass(frozen=True, slots=True)
class Target:
    """An entity worth looking up: which service, which kind of repository and its ``owner/name``."""

    entity_type: str
    name: str
    service: str
    """github or hf."""
    repo_kind: str
    """repo (GitHub), model or dataset (Hugging Face)."""
    repo_id: str

    @property
    def api_url(self) -> str:
        """The API address of the repository; a repo id that is not ``owner/name`` never builds one."""
        if not _is_repo_id(self.repo_id):
            raise ValueError(f"not a repository id: {self.repo_id!r}")
        template = GITHUB_REPO_API if self.service == "github" else HF_REPO_API[self.repo_kind]
        return template.format(repo_id=self.repo_id)


def enrichment_target(entity_type: str, name: str) -> Target | None:
    """What to look up for an entity, or None when it is not a GitHub repo or a Hub model/dataset URL.

    >>> enrichment_target("url", "https://github.com/openai/whisper").api_url
    'https://api.github.com/repos/openai/whisper'
    >>> enrichment_target("url", "https://huggingface.co/datasets/openai/gsm8k").api_url
    'https://huggingface.co/api/datasets/openai/gsm8k'
    >>> enrichment_target("url", "https://huggingface.co/spaces/a/b") is None
    True
    >>> enrichment_target("url", "https://github.com/../user") is None  # would ask api.github.com/user
    True
    """
    if entity_type != "url":
        return None
    parts = urlsplit(name)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "github.com" and len(segments) >= 2:
        target = Target(entity_type, name, "github", "repo", f"{segments[0]}/{segments[1].removesuffix('.git')}")
    elif host == "huggingface.co" and len(segments) >= 3 and segments[0] == "datasets":
        target = Target(entity_type, name, "hf", "dataset", f"{segments[1]}/{segments[2]}")
    elif host == "huggingface.co" and len(segments) >= 2 and segments[0] not in _HF_NOT_MODELS:
        target = Target(entity_type, name, "hf", "model", f"{segments[0]}/{segments[1]}")
    else:
        return None
    return target if _is_repo_id(target.repo_id) else None


def _is_repo_id(repo_id: str) -> bool:
    parts = repo_id.split("/")
    return len(parts) == 2 and all(_REPO_SEGMENT.fullmatch(part) for part in parts)


def github_metadata(body: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``GET /repos/{owner}/{repo}`` that a reader of the graph cares about."""
    license_info = body["license"] if isinstance(body.get("license"), Mapping) else {}
    return {
        "stars": body.get("stargazers_count"),
        "description": body.get("description"),
        "forks": body.get("forks_count"),
        "language": body.get("language"),
        "license": license_info.get("spdx_id"),
        "topics": list(body.get("topics") or []),
        "archived": body.get("archived"),
        "pushed_at": body.get("pushed_at"),
    }


def hf_metadata(body: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``GET /api/models/{id}`` or ``/api/datasets/{id}`` that a reader cares about."""
    card = body["cardData"] if isinstance(body.get("cardData"), Mapping) else {}
    license_value = card.get("license")
    return {
        "likes": body.get("likes"),
        "downloads": body.get("downloads"),
        "pipeline_tag": body.get("pipeline_tag"),
        "library": body.get("library_name"),
        "license": ", ".join(license_value) if isinstance(license_value, list) else license_value,
        "tags": [tag for tag in body.get("tags") or [] if isinstance(tag, str)][:12],
        "gated": body.get("gated"),
    }


def auth_headers(service: str, env: Mapping[str, str]) -> dict[str, str]:
    """Request headers for a service, with its token from the environment when one is set."""
    headers = dict(GITHUB_HEADERS) if service == "github" else {}
    token = next((env[name] for name in TOKEN_ENV[service] if env.get(name)), None)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


@dataclass
class EnrichReport:
    """How an enrichment went: entities looked up, those that failed and why, and advice."""

    enriched: int = 0
    candidates: int = 0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"metadata: {self.enriched} of {self.candidates} repos, models and datasets enriched"
        return text + (f", {len(self.errors)} failed" if self.errors else "")


def targets(store: Store, *, refresh: bool = False) -> list[Target]:
    """Every GitHub repo and Hub model/dataset entity in the store (without metadata yet, unless refresh)."""
    done = set() if refresh else store.entities_with_metadata()
    found = []
    for entity_type, name in store.url_entities():
        target = enrichment_target(entity_type, name)
        if target and (entity_type, name) not in done:
            found.append(target)
    return found


def _repository_key(target: Target) -> str:
    """One key per repository: links into the same repo (``/tree/main/x``, other casing) share a lookup."""
    return target.api_url.casefold()


def enrich_store(
    store: Store,
    client: HttpClient,
    *,
    env: Mapping[str, str] = os.environ,
    refresh: bool = False,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EnrichReport:
    """Look up each repo, model and dataset entity and store what the services say, in one transaction.

    A missing repository is reported and skipped; an auth or rate-limit refusal stops lookups at that
    service for this run (with advice about the token); an unreachable network raises
    :class:`~graphapp.fetch.http.OfflineError` before anything is written.
    """
    report = EnrichReport()
    by_repository: dict[str, list[Target]] = {}
    for target in targets(store, refresh=refresh):
        by_repository.setdefault(_repository_key(target), []).append(target)
    todo = list(by_repository.values())[:limit]
    report.candidates = len(todo)
    stopped: set[str] = set()
    rows = []
    for number, same_repository in enumerate(todo, 1):
        first = same_repository[0]
        if first.service not in stopped:
            data = _look_up(client, first, env, report, stopped)
            if data is not None:
                rows += [(t.entity_type, t.name, t.service, data) for t in same_repository]
                report.enriched += "not_found" not in data
        if progress:
            progress(number, len(todo))
    with store.transaction():
        store.put_entity_metadata(rows)
    return report


def _look_up(
    client: HttpClient, target: Target, env: Mapping[str, str], report: EnrichReport, stopped: set[str]
) -> dict[str, Any] | None:
    """The metadata to store for one target: what the service says, ``{"not_found": True}`` for a repository
    that does not exist (remembered, so the next run does not ask again), or None after any other failure."""
    try:
        fetched = client.get(target.api_url, headers=auth_headers(target.service, env))
        body = json.loads(fetched.text)
        return clean_metadata(github_metadata(body) if target.service == "github" else hf_metadata(body))
    except FetchError as error:
        if error.status in _NOT_FOUND[target.service]:
            report.errors.append(f"{target.name}: not found ({target.api_url} answered HTTP {error.status})")
            return {"not_found": True}
        report.errors.append(str(error))
        if error.status in _STOP_STATUSES[target.service]:
            stopped.add(target.service)
            variables = " or ".join(TOKEN_ENV[target.service])
            report.notices.append(
                f"{target.service}: stopped after HTTP {error.status}; set {variables} or try again later"
            )
    except (ValueError, AttributeError) as error:
        report.errors.append(f"{target.api_url}: unexpected answer ({type(error).__name__})")
    return None


def entity_metadata(store: Store) -> dict[str, dict[str, Any]]:
    """Stored metadata by entity name (the URL), ``{"not_found": True}`` for a repository that does not
    exist; empty for a store that was never enriched."""
    stored = store.entity_metadata()
    return {name: clean_metadata(meta) for name, meta in stored.items()}  # also what older versions stored raw


def repository_metadata(store: Store) -> dict[str, dict[str, Any]]:
    """Stored metadata keyed by repository (see :func:`metadata_for`), leaving out known misses."""
    by_repository = {}
    for name, meta in entity_metadata(store).items():
        target = enrichment_target("url", name)
        if target and not meta.get("not_found"):
            by_repository[_repository_key(target)] = meta
    return by_repository


def metadata_for(url: str, by_repository: Mapping[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The metadata of the repository ``url`` points into, if it was looked up."""
    target = enrichment_target("url", url)
    return by_repository.get(_repository_key(target)) if target else None


def describe(meta: Mapping[str, Any]) -> str:
    """One line for a table cell: stars or likes and downloads, language, licence, description.

    >>> describe({"stars": 12000, "language": "Python", "license": "MIT", "description": "Code for loralib"})
    '★ 12,000 · Python · MIT · Code for loralib'
    >>> describe({"likes": 800, "downloads": 400000, "license": "mit"})
    '♥ 800 · ↓ 400,000 · mit'
    """
    parts = []
    for key, symbol in (("stars", "★"), ("likes", "♥"), ("downloads", "↓")):
        if isinstance(meta.get(key), int):
            parts.append(f"{symbol} {meta[key]:,}")
    parts += [str(meta[key]) for key in ("language", "pipeline_tag", "license", "description") if meta.get(key)]
    return " · ".join(parts)


def annotate_graph(graph: nx.DiGraph, store: Store) -> int:
    """Copy stored metadata onto the repo and hf nodes as plain attributes (stars, description, likes...).

    A node is matched by its repository, so a repo node drawn for several links into it gets their metadata.
    Only scalar values are copied, so every export format still accepts the graph. Returns how many nodes
    got metadata.
    """
    by_repository = repository_metadata(store)
    annotated = 0
    for _node, attributes in graph.nodes(data=True):
        if attributes.get("type") not in ("repo", "hf"):
            continue
        meta = metadata_for(attributes.get("url", ""), by_repository)
        if not meta:
            continue
        for key, value in meta.items():
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                attributes[key] = value
        annotated += 1
    return annotated
