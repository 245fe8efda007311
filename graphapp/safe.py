"""Escaping for untrusted text (titles, abstracts, entity names, URLs) on its way into Markdown, HTML or a link.

Every string the app shows comes from input files or APIs, so none of it may be read as markup: Markdown and HTML
special characters are escaped, and only http(s) URLs with a host ever become clickable.
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


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL with a host and no whitespace or control characters, else None.

    >>> safe_url("https://github.com/a/b"), safe_url("javascript:alert(1)"), safe_url("https://x.io/a b")
    ('https://github.com/a/b', None, None)
    """
    if not url or _CONTROL.search(url) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def md_escape(text: str) -> str:
    """Text shown literally by Streamlit's Markdown: punctuation backslash-escaped, line breaks made spaces.

    Escaping every ASCII punctuation mark is allowed by CommonMark and also disarms Streamlit's own syntax
    (``$`` maths, ``:red[...]`` colours, ``:emoji:`` codes).

    >>> md_escape("**x** [y](z) $a$")
    '\\\\*\\\\*x\\\\*\\\\* \\\\[y\\\\]\\\\(z\\\\) \\\\$a\\\\$'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_link(label: str, url: str | None) -> str:
    """A Markdown link opening ``url`` (Streamlit opens it in a new tab), or the escaped label alone if the URL
    is not a safe http(s) URL.

    >>> md_link("code", "https://github.com/a/b(c)")
    '[code](https://github.com/a/b%28c%29)'
    >>> md_link("x", "javascript:alert(1)")
    'x'
    """
    checked = safe_url(url)
    if checked is None:
        return md_escape(label)
    return f"[{md_escape(label)}]({quote(checked, safe=_URL_SAFE)})"


def html_text(text: str) -> str:
    """Text for an HTML page: ``& < > " '`` escaped.

    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(text, quote=True)
