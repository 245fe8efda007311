"""Find the web addresses in an abstract, however the text wraps, splits or escapes them.

arXiv metadata is hard-wrapped at about 80 columns and often pasted from LaTeX or a PDF, so a link may be
broken by a line break or a stray space anywhere ("https:\\n//x.github.io", "github. com/a/b",
"https://github.com/ owner/repo"), wrapped in ``\\url{}`` or ``\\href{}{}``, escaped (``my\\_repo``), glued to
the previous word ("athttps://..."), or written without a scheme ("github.com/a/b", "www.x.org"). This module
finds each link as one `Mention` whose ``text`` is the raw surface (breaks included) and whose ``name`` is
the canonical address, and tells what the link points at (a GitHub repository, a Hugging Face dataset, ...).

The scanner is hand-written around a few possessive regexes, so it runs in linear time on any input.
"""

from __future__ import annotations

import re

from extractors.literals import end_of
from extractors.mention import Mention
from extractors.normalize import word_set

#: Hosts that are links even when written bare and without a path ("zenodo.org").
_KNOWN_HOSTS = word_set(
    "github.com gitlab.com bitbucket.org github.io huggingface.co hf.co arxiv.org doi.org dx.doi.org "
    "zenodo.org osf.io youtube.com youtu.be kaggle.com paperswithcode.com openreview.net figshare.com "
    "pypi.org colab.research.google.com drive.google.com sites.google.com bit.ly modelscope.cn"
)
#: Top-level domains that make a bare lowercase name like "example.org" a link, with or without a path.
_COMMON_TLDS = word_set("com org net edu gov io ai dev app info xyz tech site online cloud")
#: Generic top-level domains; any two-letter country code counts as well (see `_is_tld`).
_GENERIC_TLDS = _COMMON_TLDS | word_set(
    "int mil biz blog page space live science wiki top work studio design news museum academy link club"
)
#: Country codes that are also file extensions ("model.py/", "README.md"): a bare name needs a known host.
_FILE_LIKE_TLDS = word_set("py md sh pl pm pt rs ml cc so ps tf do mo")

# Candidate starts, found with literal-led patterns (fast) and checked in Python: a scheme, glued to whatever
# precedes it ("athttps:", "\noindenthttps:"), tolerating a missing colon or a space before it; a dotted
# name around each ".x"; or a known host split by a space after its dot ("github. com/a/b").
_SCHEME_TAIL = re.compile(r"ttps?(?:[ \t]?:|(?=//))")
_SCHEME_TAIL_UPPER = re.compile(r"TTPS?(?:[ \t]?:|(?=//))")
_DOT_LETTER = re.compile(r"\.[A-Za-z]")
_SPLIT_HINT = re.compile(r"\.[ \t]+co")
_SPLIT_HOST = re.compile(r"(?<![\w@./\\-])(?i:github|huggingface)\.(?=[ \t]++(?:com|co)/)")
_MAX_HOST = 253  # the longest host name DNS allows
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
# Whitespace allowed inside a link: one line break at most, plus a little indentation.
_GAP = re.compile(r"[ \t]{0,8}(?:\r?\n[ \t]{0,8})?")
#: At most this many breaks are joined inside one link; real links have one or two.
_MAX_BREAKS = 6
_SLASHES = re.compile(r"/[ \t]?/|/")
_HOST = re.compile(r"[A-Za-z0-9.-]*+(?::[0-9]++(?![A-Za-z]))?")
# Link characters other than brackets; a LaTeX escape such as \_ counts as one character.
_CHUNK = re.compile(r"(?:[A-Za-z0-9\-._~:/?#@!&+,;=%]++|\\[_#%&~])++")
_NEXT_WORD = re.compile(r"(?:[A-Za-z0-9\-._~:/?#@!&+,;=%()\[\]]++|\\[_#%&~])++")
_LATEX_ESCAPE = re.compile(r"\\([_#%&~])")
_WHITESPACE = re.compile(r"\s+")
# A second scheme inside a link starts another link ("githubhttps://", "a,https://"), except where links nest
# on purpose ("web.archive.org/web/2020/https://...", "?url=https://...").
_EMBEDDED_SCHEME = re.compile(r"(?<![/=%?&:])[Hh][Tt][Tt][Pp][Ss]?://")
#: How far a link may run past an unclosed "(" or "[" before the bracket is taken as not part of it.
_MAX_BRACKETED = 200
#: Characters read per step along a path, so that a link cut short early never reads far ahead.
_STEP = 256
_TRAILING = ".,;:!?"
_FILE_EXTENSIONS = word_set("html htm php pdf git md zip json txt asp aspx jsp ipynb")
#: Words that never continue a link across a break, even after an incomplete "github.com/owner/".
_STOPWORDS = word_set(
    "a an and are as at be been but by can for from has have in into is it its may more of on or our "
    "please see such than that the their them then there these this those to under upon via was we were "
    "which while will with within you your here now soon online today later too also publicly freely "
    "respectively etc instead above below once github huggingface youtube arxiv"
)
# After a link ending in "/", a word continues it when it looks like code (CamelCase, letters and digits)
# or ends the sentence on its own ("https://x.github.io/\nmochi.") and is no adverb; English goes on.
_CODE_LIKE = re.compile(r"[a-z][A-Z]|[A-Za-z][0-9]|[0-9][A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?]*\Z|[.!?]+(?=\s)")
_ADVERB = re.compile(r"(?:ly|wards)\Z")  # "https://x.io/ shortly." ends a sentence in English
_GITHUB_RESERVED = word_set(
    "about collections explore features marketplace orgs organizations pricing search settings "
    "sponsors topics trending users apps login join"
)
_HF_RESERVED = word_set("docs blog learn join login pricing settings tasks organizations models")
#: Hosts whose addresses name something only from the second path segment on (OWNER/REPO, abs/ID, 10.x/y).
_NAMED_BY_TWO_SEGMENTS = word_set(
    "github.com gitlab.com bitbucket.org huggingface.co doi.org dx.doi.org arxiv.org zenodo.org anonymous.4open.science"
)
_HF_KINDS = {
    "datasets": "hf_dataset",
    "spaces": "hf_space",
    "collections": "hf_collection",
    "papers": "hf_paper",
}


def find_urls(text: str) -> list[Mention]:
    """Every web address in ``text``, sorted by position, as ``url`` mentions.

    >>> [m.name for m in find_urls("Code: https:\\n//github.com/a/b. Data at hf.co/datasets/c/d.")]
    ['https://github.com/a/b', 'https://huggingface.co/datasets/c/d']
    >>> find_urls("e.g. Fig.3 of v1.5 in model.py")
    []
    """
    if "." not in text:
        return []
    found: list[Mention] = []
    end = 0
    for start, anchor_end, host in _anchors(text):
        if start < end:
            continue
        span = _scan(text, start, anchor_end) if host is None else _scan_bare(text, start, host)
        if span is None:
            continue
        start, end = span
        raw = text[start:end]
        name = canonical_url(raw)
        found.append(Mention("url", name, raw, start, end, kind=url_kind(name)))
    return found


def _anchors(text: str) -> list[tuple[int, int, str | None]]:
    """Where links may start, in order: (start, end of the scheme, None) for a scheme, and
    (start, end, host) for a dotted name written without one."""
    anchors: list[tuple[int, int, str | None]] = []
    for pattern in (_SCHEME_TAIL, _SCHEME_TAIL_UPPER) if "TTP" in text else (_SCHEME_TAIL,):
        for match in pattern.finditer(text):
            if match.start() and text[match.start() - 1] in "hH":
                anchors.append((match.start() - 1, match.end(), None))
    consumed = 0
    for match in _DOT_LETTER.finditer(text):
        if match.start() < consumed:
            continue
        start, end = match.start(), match.start() + 1
        while start and text[start - 1] in _HOST_CHARS:
            start -= 1
        while end < len(text) and text[end] in _HOST_CHARS:
            end += 1
        consumed = end
        host = _dotted_name(text, start, end)
        if host:
            anchors.append((start, start + len(host), host))
    if _SPLIT_HINT.search(text):
        anchors += [(m.start(), m.end(), m.group()) for m in _SPLIT_HOST.finditer(text)]
    anchors.sort(key=lambda anchor: (anchor[0], anchor[2] is not None))
    return anchors


def _dotted_name(text: str, start: int, end: int) -> str | None:
    """The dotted name a link could start with in ``text[start:end]`` (a run of letters, digits, dots and
    hyphens), or None: it must start a token, and a label starting with "http" begins another link."""
    before = text[start - 1] if start else " "
    if before.isalnum() or before in "_@/\\" or not text[start].isalnum() or end - start > _MAX_HOST:
        return None
    labels = text[start:end].split(".")
    for i, label in enumerate(labels[1:], 1):
        if not label or label[:4].lower() == "http":
            labels = labels[:i]
            break
    return ".".join(labels) if len(labels) > 1 else None


def canonical_url(raw: str) -> str:
    """The canonical form of a link as written: https, lowercase host, no breaks, escapes or trailing slash.

    The path keeps its case and any ".git" suffix, as the annotation guide names a link "as written";
    `repo_root` groups the variants of one GitHub repository.

    >>> canonical_url("hf.co/datasets/a/my\\\\_data/")
    'https://huggingface.co/datasets/a/my_data'
    >>> canonical_url("HTTP://www.GitHub.com/Owner/Repo.git")
    'https://github.com/Owner/Repo.git'
    """
    url = _LATEX_ESCAPE.sub(r"\1", _WHITESPACE.sub("", raw)).rstrip(_TRAILING)
    scheme = re.match(r"(?i)https?:?/*", url)
    rest = url[scheme.end() :] if scheme else url
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    host, path = rest[:cut].lower().rstrip("."), rest[cut:]
    if host in ("hf.co", "www.hf.co", "www.huggingface.co"):
        host = "huggingface.co"
    elif host == "www.github.com":
        host = "github.com"
    return f"https://{host}{path.rstrip('/')}"


def url_kind(canonical: str) -> str:
    """What a canonical link points at: github_repo, github_pages, hf_model, hf_dataset, hf_space,
    hf_collection, hf_paper, arxiv, doi, youtube or other.

    A GitHub or Hugging Face address without OWNER/NAME (a user or organisation page) is "other".

    >>> url_kind("https://github.com/owner/repo/tree/main")
    'github_repo'
    >>> url_kind("https://github.com/owner")
    'other'
    >>> url_kind("https://huggingface.co/datasets/owner/name")
    'hf_dataset'
    """
    host, _, path = canonical.removeprefix("https://").partition("/")
    segments = [s for s in re.split(r"[/?#]", path) if s]
    first = segments[0] if segments else ""
    if host.endswith(".github.io"):
        return "github_pages"
    if host == "github.com":
        return "github_repo" if len(segments) >= 2 and first.lower() not in _GITHUB_RESERVED else "other"
    if host == "huggingface.co":
        if first in _HF_KINDS:
            return _HF_KINDS[first] if len(segments) >= 2 else "other"
        return "hf_model" if len(segments) >= 2 and first not in _HF_RESERVED else "other"
    if host in ("arxiv.org", "www.arxiv.org", "export.arxiv.org") and first in ("abs", "pdf", "html"):
        return "arxiv"
    if host in ("doi.org", "dx.doi.org", "www.doi.org") and segments:
        return "doi"
    if host in ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"):
        return "youtube"
    return "other"


def repo_root(canonical: str) -> str | None:
    """The repository a GitHub link belongs to, or None for any other link.

    >>> repo_root("https://github.com/owner/repo/tree/main/src")
    'https://github.com/owner/repo'
    >>> repo_root("https://github.com/owner/repo.git")
    'https://github.com/owner/repo'
    >>> repo_root("https://owner.github.io/repo") is None
    True
    """
    if url_kind(canonical) != "github_repo":
        return None
    owner, repo = re.split(r"[/?#]", canonical.removeprefix("https://github.com/"))[:2]
    return f"https://github.com/{owner}/{repo.removesuffix('.git')}"


def _scan(text: str, start: int, pos: int) -> tuple[int, int] | None:
    """The span of a link whose scheme runs from ``start`` to ``pos``, or None when no valid host follows."""
    if text[pos - 1] == ":":
        pos = end_of(_GAP, text, pos)
    slashes = _SLASHES.match(text, pos)
    if not slashes:
        return None
    pos = end_of(_GAP, text, slashes.end())
    return _scan_from_host(text, start, pos, scheme=True)


def _scan_bare(text: str, start: int, host: str) -> tuple[int, int] | None:
    """The span of a link written without a scheme ("github.com/a/b", "www.x.org"), or None."""
    if not host.endswith("."):  # "github. com/" is known to continue
        after = start + len(host)
        has_path = text.startswith("/", after) and _CHUNK.match(text, after + 1) is not None
        if not _bare_host_ok(host, has_path):
            return None
    return _scan_from_host(text, start, start, scheme=False)


def _bare_host_ok(host: str, has_path: bool) -> bool:
    """Whether a dotted name written without a scheme is a web host rather than a file, version or word."""
    labels = host.split(".")
    lower = host.lower()
    if any(label[0] == "-" or label[-1] == "-" for label in labels):
        return False
    if lower.startswith("www.") and len(labels) >= 3 and labels[-1].isalpha():
        return True
    if any(".".join(labels[i:]).lower() in _KNOWN_HOSTS for i in range(max(0, len(labels) - 4), len(labels) - 1)):
        return True
    tld = labels[-1]
    if not tld.isalpha() or not tld.islower() or len(labels[-2]) < 2:
        return False
    if has_path:
        return _is_tld(tld) and tld not in _FILE_LIKE_TLDS
    return tld in _COMMON_TLDS and host.islower()


def _scan_from_host(text: str, start: int, host_start: int, *, scheme: bool) -> tuple[int, int] | None:
    """Extend a link from the first character of its host, joining breaks that are clearly inside it."""
    pos = host_start
    breaks = 0
    # The host, possibly split after a "." or "-" ("ntt-lab.\ngithub.io", "huajian- zeng.github. io").
    while breaks < _MAX_BREAKS:
        pos = end_of(_HOST, text, pos)
        host = _WHITESPACE.sub("", text[host_start:pos])
        if host.endswith(("-", ".")) and _host_incomplete(host):
            nxt = end_of(_GAP, text, pos)
            rest = end_of(_HOST, text, nxt)
            if nxt > pos and _host_continues(host, text[nxt:rest], text[rest : rest + 1]):
                pos = nxt
                breaks += 1
                continue
        break
    if not _host_valid(host.rstrip("."), scheme):
        return None
    if pos < len(text) and text[pos] in " \t\r\n":
        nxt = end_of(_GAP, text, pos)
        if text.startswith("/", nxt) and nxt + 1 < len(text) and text[nxt + 1].isalnum():
            pos = nxt
            breaks += 1
    if pos < len(text) and text[pos] in "/?#":
        pos = _scan_path(text, start, pos, _MAX_BREAKS - breaks)
    return start, _trim(text, start, pos)


def _host_continues(host: str, word: str, following: str) -> bool:
    """Whether a host broken after "." or "-" goes on with the next word: one that ends in a top-level
    domain, is broken again, or is followed by a path ("www.idiap.\nch/paper", not "x.org. The"). A capital
    is allowed only in a dotted word ("3D-\nMoRe.github.io"), as sentences start with one."""
    if not word or not word.isascii() or not word[0].isalnum():
        return False
    if word[0].isupper() and "." not in word.rstrip("."):
        return False
    return word.endswith(("-", ".")) or _is_tld(word.rsplit(".", 1)[-1]) or following == "/"


def _host_incomplete(host: str) -> bool:
    """A host cut before its end: ends in "-", or ends in "." and lacks a top-level domain."""
    if host.endswith("-"):
        return True
    labels = host.rstrip(".").split(".")
    return len(labels) < 2 or not _is_tld(labels[-1])


def _is_tld(label: str) -> bool:
    """A top-level domain once a scheme says this is a link: any country code or a known generic one."""
    return (len(label) == 2 and label.isalpha() and label.isascii()) or label.lower() in _GENERIC_TLDS


def _host_valid(host: str, scheme: bool) -> bool:
    """A plausible host name: dotted, ending in an alphabetic top-level domain (or an IPv4 after a scheme)."""
    labels = host.split(":")[0].split(".")
    if len(labels) < 2 or not all(labels):
        return False
    if all(label.isdigit() for label in labels):
        return scheme and len(labels) == 4
    return labels[-1].isalpha() and len(labels[-1]) >= 2


def _scan_path(text: str, start: int, pos: int, breaks: int) -> int:
    """Extend a link over its path, query and fragment, keeping only balanced brackets and joining at most
    ``breaks`` line breaks or spaces."""
    stack: list[str] = []
    opened_at: list[int] = []
    while pos < len(text):
        chunk = _CHUNK.match(text, pos, pos + _STEP)
        if chunk:
            embedded = _EMBEDDED_SCHEME.search(text, max(start + 1, pos), chunk.end())
            if embedded:
                pos = embedded.start()
                break
            pos = chunk.end()
            if opened_at and pos - opened_at[0] > _MAX_BRACKETED:
                break
            continue
        char = text[pos]
        if char in "([":
            stack.append(char)
            opened_at.append(pos)
            pos += 1
        elif char in ")]":
            if not stack or stack[-1] != "(["[")]".index(char)]:
                break
            stack.pop()
            opened_at.pop()
            pos += 1
        elif char in " \t\r\n" and breaks > 0 and not stack and _joins(text, start, pos):
            pos = end_of(_GAP, text, pos)
            breaks -= 1
        else:
            break
    return opened_at[0] if opened_at else pos


def _joins(text: str, start: int, pos: int) -> bool:
    """Whether the word after the break at ``pos`` continues the link ``text[start:pos]``."""
    nxt = end_of(_GAP, text, pos)
    if nxt == pos or nxt >= len(text):
        return False
    word_match = _NEXT_WORD.match(text, nxt)
    if not word_match:
        return False
    word = word_match.group().rstrip(_TRAILING + ")]")
    if not word:
        return False
    url = _LATEX_ESCAPE.sub(r"\1", _WHITESPACE.sub("", text[start:pos]))
    last, first = url[-1], word[0]
    if first == "/" and len(word) > 1 and word[1].isalnum():
        return True
    if not (first.isascii() and first.isalnum()):
        return False
    if last in "-_=&":
        return True
    head = word.split("/", 1)[0].lower()
    if last == "/":
        if head in _STOPWORDS or text.startswith(":", nxt + len(word)):  # "https://x.io/ GitHub: ..."
            return False
        ends_sentence = _SENTENCE_END.match(text, nxt + len(word)) is not None and not _ADVERB.search(word)
        if "/" in word or "_" in word or (len(word) > 3 and _CODE_LIKE.search(word)) or ends_sentence:
            return True
        return word.rpartition(".")[2].lower() in _FILE_EXTENSIONS or (
            _path_incomplete(url) and not _ADVERB.search(word)
        )
    if last == ".":
        return word.lower() in _FILE_EXTENSIONS and "/" in url.split("//", 1)[-1]
    return "/" in word.rstrip("/") and head not in _STOPWORDS and _path_incomplete(url + "/")


def _path_incomplete(url: str) -> bool:
    """An address cut before the part that names something: "https://github.com/owner/",
    "huggingface.co/datasets/", "https://doi.org/10.5281/" or "arxiv.org/abs/"."""
    host, _, path = canonical_url(url).removeprefix("https://").partition("/")
    segments = [s for s in path.split("/") if s]
    if host == "huggingface.co" and segments[:1] and segments[0] in _HF_KINDS:
        return len(segments) < 3
    return host in _NAMED_BY_TWO_SEGMENTS and len(segments) < 2


def _trim(text: str, start: int, pos: int) -> int:
    """Drop trailing sentence punctuation and dangling LaTeX backslashes from a link's end."""
    while pos > start and text[pos - 1] in _TRAILING + "\\":
        pos -= 1
    return pos
