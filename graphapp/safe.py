"""Escaping for untrusted text (titles, abstracts, entity names, URLs) on its way into Markdown, HTML or a link.

Every string the app shows comes from input files or APIs, so none of it may be read as markup: Markdown and HTML
special characters are escaped, and bare addresses in text are kept from becoming links. The one link policy:

- only ``http(s)://`` URLs with a host become clickable; no other scheme, no user name or password before the
  host (``https://github.com@evil.example/`` goes to evil.example), no whitespace or control characters;
- a link shows the host it opens, in ASCII: a look-alike host written with other scripts is shown as the
  browser will resolve it (``gіthub.com`` with a Cyrillic і is shown as ``xn--gthub-n2e.com``).
"""

from __future__ import annotations

import html
import re
import string
from urllib.parse import quote, urlsplit

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Characters left as they are in a link target; everything else (quotes, brackets, spaces...) is percent-encoded.
_URL_SAFE = ":/?#@!$&*+,;=%~-._"
#: A host the browser reaches as written: letters, digits, dots, hyphens, underscores (after IDNA), or an IPv6 literal.
_ASCII_HOST = re.compile(r"[a-z0-9._-]+|\[[0-9a-f:.]+\]")
#: Where GitHub-flavoured Markdown would make a link of plain text (a scheme's "://", "www.", an e-mail's "@"):
#: a word joiner (U+2060, invisible) is put there, as escapes do not stop these autolinks.
_AUTOLINK_TRIGGER = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"


def ascii_host(host: str) -> str | None:
    """The host as the browser resolves it: lower case, IDNA (punycode) for other scripts; None if it cannot be.

    >>> ascii_host("GitHub.com"), ascii_host("g\u0456thub.com"), ascii_host("bad host")
    ('github.com', 'xn--gthub-n2e.com', None)
    """
    try:
        encoded = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return encoded if _ASCII_HOST.fullmatch(encoded) else None


def safe_url(url: str | None) -> str | None:
    """``url`` with its host in ASCII if it may be a link (http(s), a host, no user info, no whitespace or
    control characters), else None.

    >>> safe_url("https://github.com/a/b"), safe_url("javascript:alert(1)"), safe_url("https://x.io/a b")
    ('https://github.com/a/b', None, None)
    >>> safe_url("https://github.com@evil.example/a"), safe_url("https://g\u0456thub.com/openai/whisper")
    (None, 'https://xn--gthub-n2e.com/openai/whisper')
    """
    if not url or _CONTROL.search(url) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    if not url[len(parts.scheme) :].startswith("://") or "\\" in parts.netloc:
        return None
    host = ascii_host(parts.hostname)
    if host is None:
        return None
    netloc = host + (f":{port}" if port is not None else "")
    rest = url[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{netloc}{rest}"


def shown_address(url: str) -> str:
    """How a link is written for a reader: its safe form without the scheme (the real host first).

    >>> shown_address("https://g\u0456thub.com/openai/whisper")
    'xn--gthub-n2e.com/openai/whisper'
    """
    checked = safe_url(url) or url
    return checked.split("://", 1)[-1]


def md_escape(text: str) -> str:
    """Text shown literally by Streamlit's Markdown: punctuation backslash-escaped, line breaks made spaces, and
    no bare address or e-mail turned into a link.

    Escaping every ASCII punctuation mark is allowed by CommonMark and also disarms Streamlit's own syntax
    (``$`` maths, ``:red[...]`` colours, ``:emoji:`` codes). GitHub-flavoured autolinks are found in the text
    after escapes are undone, so a word joiner goes where one would start.

    >>> md_escape("**x** [y](z) $a$")
    '\\\\*\\\\*x\\\\*\\\\* \\\\[y\\\\]\\\\(z\\\\) \\\\$a\\\\$'
    >>> md_escape("www.x.org a@b.io https://c.dev").count(WORD_JOINER)
    3
    """
    text = _AUTOLINK_TRIGGER.sub(WORD_JOINER, " ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_link(label: str | None, url: str | None) -> str:
    """A Markdown link opening ``url`` (Streamlit opens it in a new tab) that shows where it goes: ``label`` with
    the real host after it, or the address itself when ``label`` is None. A URL that may not be a link gives the
    escaped text alone.

    >>> md_link("code", "https://github.com/a/b(c)")
    '[code \\\\(github\\\\.com\\\\)](https://github.com/a/b%28c%29)'
    >>> md_link(None, "https://x.io/a")
    '[x\\\\.io\\\\/a](https://x.io/a)'
    >>> md_link("x", "javascript:alert(1)")
    'x'
    """
    checked = safe_url(url)
    if checked is None:
        return md_escape(label if label is not None else url or "")
    address = shown_address(checked)
    text = address if label is None else f"{label} ({urlsplit(checked).netloc})"
    # The text is escaped but keeps no word joiner: it is the link itself, so no autolink can be nested in it.
    shown = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return f"[{shown}]({quote(checked, safe=_URL_SAFE)})"


def html_text(text: str) -> str:
    """Text for an HTML page: ``& < > " '`` escaped.

    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(text, quote=True)
