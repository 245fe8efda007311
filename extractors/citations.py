"""Find in-text references to other work in an abstract: author-year citations, arXiv ids, DOIs, BibTeX keys.

Abstracts cite the way papers do ("(Han et al., 2015)", "Nelson and Narens (1990)", "(A, 2020; B, 2021a)"),
often with LaTeX left in ("Sch\\"olkopf", "~\\citep{vaswani2017attention}") or a key leaked from a
bibliography ("attacks qi2023fine --"). Each reference becomes one `Mention` of type "citation":

* ``author_year``: name "<Surname> et al. <year>", "<A> & <B> <year>", "<A> and <B> <year>" (the connector
  as written), "<A> <year>", or "<Surname> et al." when no year is given; LaTeX accents are decoded. A BibTeX
  key (leaked, or inside ``\\cite{}``) is an author-year reference too and keeps the key as its name.
* ``arxiv``: name the identifier with its version as written ("2303.12345v2", "hep-th/9901001"), without
  the "arXiv:" prefix or a "[cs.CL]" trailer.
* ``doi``: name the bare DOI ("10.5281/zenodo.123").

An arXiv id or DOI inside a link (``https://doi.org/10...``, ``arxiv.org/abs/...``) is a citation too,
spanning the whole link, as the annotation guide counts identifiers however they are written; the link
itself is reported by `extractors.links`. A BibTeX-shaped token inside a link is never a citation.

The author-year pattern only runs in windows before a year or an "et al.", so whole abstracts are cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

import regex

from extractors.links import find_urls
from extractors.mention import Mention
from extractors.normalize import word_set

# --- author-year -----------------------------------------------------------------------------------------
# One letter written with a LaTeX accent: \"o, {\"o}, \"{o}, \c{c}, {\c c}, \ss, {\o}, or braced: {ö}.
_ACCENT = (
    r"\{\p{L}\}|"
    r"(?:\{?\\[\"'`^~=.][ ]?\{?\p{L}\}?\}?"
    r"|\{?\\[cvuHrk](?:[ ]\p{L}|\{\p{L}\})\}?"
    r"|\{?\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i)(?![A-Za-z])\}?)"
)
_NAME_WORD = rf"(?:\p{{Lu}}|{_ACCENT})(?:\p{{L}}|{_ACCENT}|['’](?=\p{{L}})|-(?=\p{{L}}))++"
_PARTICLE = r"(?:[vV]an|[vV]on|[dD]e[rnls]?|[dD]el|[dD]ella|[dD][iau]|[dD]os|[dD]as|[lL][ae]|ten|ter|bin)"
_WS = r"(?:[ \t~]{1,3}|[ \t]*\r?\n[ \t]*)"
_SURNAME = rf"(?:{_PARTICLE}{_WS}){{0,3}}{_NAME_WORD}"
# "et al.", also LaTeX-styled ("{\it et al.}", "\textit{et al.}") and possessive ("et al.'s").
_ET_AL = rf"(?:\{{\\(?:it|em)[ ]|\\(?:textit|emph)\{{)?et\.?{_WS}al(?:\.|(?!\p{{L}}))\}}?(?:['’]s(?!\p{{L}}))?"
_YEAR = r"(?:1[5-9]|20)\d\d(?:[a-z](?![\p{L}\d]))?(?![\p{L}\d]|[-–]\d)"
_NO_DATE = r"n\.[ ]?d\."
_MORE = rf"(?:[ \t]?[,;][ \t]?\r?\n?[ \t]?(?:{_YEAR}|[a-z](?![\p{{L}}\d])))*+"
_AFTER_NAME = (
    rf"(?:(?P<sep>,?[ \t~]*\r?\n?[ \t~]*)(?P<year>{_YEAR}|{_NO_DATE})(?P<more>{_MORE})"
    rf"|[ \t~]*\r?\n?[ \t~]*(?P<open>[(\[])[ \t]*(?P<year>{_YEAR}|{_NO_DATE})(?P<more>{_MORE})"
    r"[ \t]*(?P<close>[)\]])?)"
)
_AUTHOR_YEAR = regex.compile(
    r"(?<![\p{L}\p{N}\\{}'’])(?<![^-]-)"
    rf"(?P<first>(?:(?:{_NAME_WORD}|\p{{Lu}}\.){_WS}){{1,3}})?"
    rf"(?:(?P<etal>{_SURNAME}{_WS}{_ET_AL})(?:{_AFTER_NAME})?"
    rf"|(?P<authors>{_SURNAME}(?P<multi>(?:,{_WS}{_SURNAME}){{0,6}},?{_WS}(?:and|&|\\&){_WS}{_SURNAME})?)"
    rf"{_AFTER_NAME})"
)
_MORE_ITEM = regex.compile(rf"{_YEAR}|[a-z](?![\p{{L}}\d])")
# Where an author-year citation may end: a year, "et al" or "n.d."; a year glued between lowercase letters
# is the mark of a BibTeX key ("qi2023fine"). Found with cheap patterns before any costly one runs.
_DIGITS = re.compile(r"[12]\d{3}")
_ET_AL_HINT = re.compile(r"et\.?\s+al")
#: How far before its year an author-year citation may start.
_WINDOW = 160
#: Capitalised words that start sentences or name things other than authors ("In 2020", "(Table 2020)"),
#: and venues, which are written like authors ("(STOC, 2025)").
_NOT_NAMES = word_set(
    """a an and as at by for from in into of on or the to with this that these those our we it its their
    after before during since until around about circa through between following unlike like using based
    building inspired recently recent notably moreover however also see cf e.g i.e figure fig table tab
    section sec appendix eq equation chapter version challenge task track workshop conference competition
    edition summit season year spring summer fall autumn winter january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    neurips nips icml iclr cvpr iccv eccv acl emnlp naacl eacl coling aaai ijcai kdd sigir colt aistats uai
    stoc focs soda icalp interspeech icassp miccai wacv bmvc corl icra iros semeval wmt brats imagenet
    conll arxiv kaggle github huggingface"""
)
#: Models and journals, written like surnames but never alone an author: "Gemini (2023)", "Nature (2023)".
_WORKS = word_set(
    "nature science cell transformer transformers llama gemini claude mistral mixtral gemma qwen falcon "
    "vicuna alpaca bard copilot sora"
)
_INITIAL = regex.compile(r"\p{Lu}\.")
_TWO_CAPITALS = regex.compile(r"\p{Lu}\p{Lu}")
_TRAILING_PARTICLES = regex.compile(rf"(?:(?<!\S){_PARTICLE}{_WS})+$")
# A bracket right after "et al." holds a venue, not another citation: "Yang et al. (TIT, 2014)".
_AFTER_ET_AL = re.compile(r"\bal\.?\s*[(\[]\s*\Z")
# Text right before a lone "Name 2020" inside brackets that starts a citation: "(", "[", ";", "e.g.", "see".
_ITEM_START = re.compile(r"(?:[(\[;]|\be\.g\.,?|\bi\.e\.,?|\bsee|\bcf\.?)\s*\Z")

# --- identifiers -----------------------------------------------------------------------------------------
_ARXIV_OLD_ARCHIVES = (
    "hep-th|hep-ph|hep-lat|hep-ex|astro-ph|cond-mat|gr-qc|math-ph|nucl-th|nucl-ex|quant-ph|physics|math|cs"
    "|nlin|q-bio|q-fin|stat|chao-dyn|cmp-lg|solv-int|adap-org|alg-geom|funct-an|q-alg|dg-ga|patt-sol"
)
_ARXIV = re.compile(
    r"(?<![\w./-])(?P<prefix>(?i:arxiv)[ \t]?[:.]?[ \t]?\r?\n?[ \t]?)?"
    r"(?P<id>(?P<yymm>\d{4})\.(?P<num>\d{4,5})(?P<version>v\d+)?"
    rf"|(?:{_ARXIV_OLD_ARCHIVES})(?:\.[A-Z]{{2}})?/(?P<old>\d{{7}})(?:v\d+)?)"
    r"(?![\w%]|[.,]\d)"
)
_ARXIV_HINT = re.compile(r"\.\d{4}")
_OLD_ARXIV_HINT = re.compile(r"/\d{7}")
_DOI = re.compile(r"(?<![\w./-])(?P<prefix>(?i:doi)[ \t]?:[ \t]?)?(?P<doi>10\.\d{4,9}/(?:[^\s\"<>{}\\]|\\[_#%&])++)")
_BIBTEX_KEY = re.compile(r"(?<![\w/.@\\-])[a-z]{2,20}(?:19|20)\d\d[a-z]{3,30}(?![\w/@]|-\w|\.\w)")
_CITE_COMMAND = re.compile(
    r"\\(?:cite|citep|citet|citealp|citealt|citeauthor|citeyear|parencite|textcite|autocite|nocite)\*?"
    r"(?:\[[^\[\]{}]*\]){0,2}\{(?P<keys>[^{}]*)\}"
)
_CITE_KEY = re.compile(r"[^\s,{}]+")
_URL_IDENTIFIER = re.compile(r"/(?P<doi>10\.\d{4,9}/.+)|/(?:abs|pdf|html|papers)/(?P<arxiv>[^/?#]+)")

# --- names -----------------------------------------------------------------------------------------------
_LATEX_LETTER = regex.compile(
    r"\{?\\(?P<mark>[\"'`^~=.])[ ]?\{?(?P<letter>\p{L})\}?\}?"
    r"|\{?\\(?P<mark>[cvuHrk])(?:[ ](?P<letter>\p{L})|\{(?P<letter>\p{L})\})\}?"
    r"|\{?\\(?P<special>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i)(?![A-Za-z])\}?"
)
_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "r": "\u030a", "k": "\u0328",
}  # fmt: skip
_SPECIAL = {
    "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "o": "ø", "O": "Ø",
    "l": "ł", "L": "Ł", "i": "ı",
}  # fmt: skip
_SPACES = re.compile(r"[\s~]+")
_LATEX_STYLE = re.compile(r"\\(?:textit|emph|it|em)\b ?")
_ET_AL_WORDS = re.compile(r"\bet\.?\s+al\b\.?")


def find_citations(text: str, urls: Sequence[Mention] | None = None) -> list[Mention]:
    """Every in-text reference in ``text``, sorted by position, as ``citation`` mentions.

    ``urls`` may pass ``find_urls(text)`` when the caller has it (arXiv and DOI links are citations too).

    >>> [m.name for m in find_citations("IMP (Han et al., 2015) and SparseGPT (Frantar & Alistarh, 2023a).")]
    ['Han et al. 2015', 'Frantar & Alistarh 2023a']
    >>> [(m.name, m.kind) for m in find_citations("See arXiv:2303.12345v2 [cs.CL] and doi:10.1000/xyz.")]
    [('2303.12345v2', 'arxiv'), ('10.1000/xyz', 'doi')]
    >>> find_citations("In 2020, COVID-19 results (Table 2) improved.")
    []
    """
    digits = [match.start() for match in _DIGITS.finditer(text)]
    found = list(_author_year(text, digits))
    found += _identifiers(text, digits, urls)
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _author_year(text: str, digits: list[int]) -> Iterator[Mention]:
    """Author-year citations, searched for in windows ending shortly after each year or "et al"."""
    ends = [start + 4 for start in digits if _is_year(text, start)]
    ends += [m.end() for m in _ET_AL_HINT.finditer(text)]
    if "n.d." in text or "n. d." in text:
        ends += [m.end() for m in re.finditer(r"n\. ?d\.", text)]
    windows: list[list[int]] = []
    for end in sorted(ends):
        lo, hi = max(0, end - _WINDOW), min(len(text), end + 8)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        for match in _AUTHOR_YEAR.finditer(text, lo, hi):
            yield from _author_year_mentions(text, match)


def _is_year(text: str, start: int) -> bool:
    """A four-digit year 1500-2099 standing alone (not inside a longer number or word)."""
    before = text[start - 1] if start else " "
    after = text[start + 4] if start + 4 < len(text) else " "
    return not (before.isalnum() or after.isdigit()) and 1500 <= int(text[start : start + 4]) <= 2099


def _author_year_mentions(text: str, match: regex.Match[str]) -> Iterator[Mention]:
    """The citations one author-year match makes, once its context shows it is one."""
    etal = match.group("etal")
    start = match.start("etal") if etal else match.start("authors")
    if match.group("first"):
        if _first_names_ok(text, match):
            start = match.start()
        elif not etal and not match.group("multi") and not _first_dropped_ok(match.group("first")):
            return
        else:  # a capitalised particle still belongs to the surname: "De la Torre", "Van Gool"
            particles = _TRAILING_PARTICLES.search(match.group("first"))
            start -= len(particles.group()) if particles else 0
    names = text[start : match.end("etal") if etal else match.end("authors")]
    year = match.group("year")
    if year is None:
        yield _mention(text, start, match.end("etal"), names, "")
        return
    if not etal and not _context_ok(text, match, start):
        return
    closed = match.group("close") and not match.group("more")
    end = match.end("close") if closed else match.end("year")
    yield _mention(text, start, end, names, year)
    # Further years of the same authors: "(Ross et al., 2025, 2024)" and "(Lei et al., 2024a;b)".
    offset = match.start("more")
    for item in _MORE_ITEM.finditer(match.group("more")):
        value = item.group()
        if value.isalpha():
            if not year[-1].isalpha():
                break
            value = year[:4] + value
        yield _mention(text, offset + item.start(), offset + item.end(), names, value)


def _mention(text: str, start: int, end: int, authors: str, year: str) -> Mention:
    name = _delatex(_LATEX_STYLE.sub("", authors)).replace("{", "").replace("}", "")
    name = _ET_AL_WORDS.sub("et al.", _SPACES.sub(" ", name).strip(" ,"))
    name = name.replace("\\&", "&").removesuffix("'s").removesuffix("’s")
    year = _SPACES.sub("", year)
    name = f"{name} {year}" if year else name
    return Mention("citation", name, text[start:end], start, end, kind="author_year")


def _first_names_ok(text: str, match: regex.Match[str]) -> bool:
    """Whether the capitalised words before a surname are its first names ("by Martin Davies (1990)")."""
    words = [word for word in match.group("first").split() if not _INITIAL.fullmatch(word)]
    if any(word.lower() in _NOT_NAMES or (len(word) > 2 and word.isupper()) for word in words):
        return False
    before = text[max(0, match.start() - 40) : match.start()].rstrip(" \t~\r\n")
    if before.endswith(("(", "[", ";")):
        return True
    tail = regex.search(r"(\p{L}+)$", before)
    return tail is not None and tail.group(1).islower()


def _first_dropped_ok(first: str) -> bool:
    """A lone surname is still a citation after dropping the words before it, unless they were an acronym
    naming something else ("(JEE Main 2025)", "(ISIC Archive 2019)")."""
    last = first.split()[-1]
    return not (len(last) > 1 and last.isupper() and not last.endswith("."))


def _context_ok(text: str, match: regex.Match[str], start: int) -> bool:
    """Checks for citations without "et al.", which are ambiguous with ordinary "Name 2020" phrases."""
    surnames = regex.findall(r"[^\s,~]+(?=\s*(?:,|&|\\&|\band\b|$))", match.group("authors"))
    for surname in surnames:
        bare = _delatex(surname).strip("’'")
        if bare.lower().split("-")[0] in _NOT_NAMES or bare.lower() in _WORKS:
            return False
        # An organisation in capitals is an author only alone and before a comma: "(WHO, 2020)".
        odd = any(ch.isdigit() for ch in bare) or (len(bare) > 1 and bare.isupper())
        if odd and (match.group("multi") or "," not in (match.group("sep") or "")):
            return False
    if match.group("open"):
        # A lone narrative name written like a product is one: "ChatGPT (2022)", "RoBERTa (2019)".
        if not match.group("multi") and _TWO_CAPITALS.search(surnames[-1] if surnames else ""):
            return False
        return bool(match.group("close")) or text[match.end() : match.end() + 1] in (",", ";")
    # "Name, 2020" / "Name 2020" must sit inside brackets and end at a separator.
    window = text[max(0, start - 150) : start]
    if max(window.rfind("("), window.rfind("[")) <= max(window.rfind(")"), window.rfind("]")):
        return False
    if text[match.end() : match.end() + 2].lstrip(" ")[:1] not in (")", "]", ";", ","):
        return False
    if _AFTER_ET_AL.search(text, max(0, start - 20), start):
        return False
    # A lone name without a comma must open its citation: "(Matthias 2004)", not "(on Twitter 2015)".
    return bool(match.group("multi") or "," in match.group("sep") or _ITEM_START.search(window))


def _identifiers(text: str, digits: list[int], known_urls: Sequence[Mention] | None) -> Iterator[Mention]:
    """arXiv ids, DOIs and BibTeX keys, skipping those inside links except arXiv and DOI links."""
    has_doi = "10." in text
    has_arxiv = bool(_ARXIV_HINT.search(text) or ("/" in text and _OLD_ARXIV_HINT.search(text)))
    has_cite = "cite" in text
    glued = any(start and text[start - 1].islower() and text[start + 4 : start + 5].islower() for start in digits)
    keys = list(_BIBTEX_KEY.finditer(text)) if glued else []
    linked = "doi.org" in text or "arxiv.org" in text or "/papers/" in text or "/doi/" in text
    if not (has_doi or has_arxiv or has_cite or keys or linked):
        return
    if not (has_doi or has_arxiv or keys or linked):
        urls: Sequence[Mention] = []
    else:
        urls = find_urls(text) if known_urls is None else known_urls
    spans = [(u.start, u.end) for u in urls]

    def in_url(pos: int) -> bool:
        return any(lo <= pos < hi for lo, hi in spans)

    for url in urls:
        mention = _url_identifier(url)
        if mention:
            yield mention
    if has_arxiv:
        for match in _ARXIV.finditer(text):
            if not in_url(match.start("id")) and _arxiv_ok(match):
                yield Mention("citation", match["id"], match.group(), match.start(), match.end(), kind="arxiv")
    if has_doi:
        for match in _DOI.finditer(text):
            if not in_url(match.start("doi")):
                doi = _trim_doi(match.group("doi"))
                end = match.start("doi") + len(doi)
                name = re.sub(r"\\([_#%&])", r"\1", doi)
                yield Mention("citation", name, text[match.start() : end], match.start(), end, kind="doi")
    if has_cite:
        for match in _CITE_COMMAND.finditer(text):
            for key in _CITE_KEY.finditer(text, match.start("keys"), match.end("keys")):
                yield Mention("citation", key.group(), key.group(), key.start(), key.end(), kind="author_year")
    for key in keys:
        if not in_url(key.start()):
            yield Mention("citation", key.group(), key.group(), key.start(), key.end(), kind="author_year")


def _url_identifier(url: Mention) -> Mention | None:
    """The arXiv id or DOI a link carries (arxiv.org/abs/ID, huggingface.co/papers/ID, doi.org/DOI)."""
    path = "/" + url.name.removeprefix("https://").partition("/")[2]
    found = _URL_IDENTIFIER.search(path)
    if not found:
        return None
    if found.group("doi") and (url.kind == "doi" or "/doi/" in path):
        return Mention("citation", found.group("doi"), url.text, url.start, url.end, kind="doi")
    if found.group("arxiv") and url.kind in ("arxiv", "hf_paper"):
        ident = found.group("arxiv").removesuffix(".pdf")
        if _ARXIV.fullmatch(ident):
            return Mention("citation", ident, url.text, url.start, url.end, kind="arxiv")
    return None


def _arxiv_ok(match: re.Match[str]) -> bool:
    """A plausible arXiv id: a real year and month, the digit count of its era, and for a bare id either a
    version or the five digits used since 2015 (so "1203.4567" alone is a number, not an id)."""
    if match.group("old"):
        old = int(match.group("old")[:4])
        return 1 <= old % 100 <= 12 and (old >= 9100 or old <= 712)
    yymm, num = match.group("yymm"), match.group("num")
    if not (1 <= int(yymm[2:]) <= 12 and int(yymm) >= 704) or (len(num) == 5) != (int(yymm) >= 1501):
        return False
    return bool(match.group("prefix") or match.group("version")) or len(num) == 5


def _trim_doi(doi: str) -> str:
    """Drop trailing sentence punctuation and unbalanced closing brackets from a DOI."""
    while doi:
        last = doi[-1]
        if last in ".,;:!?'" or (last in ")]" and doi.count(last) > doi.count("(" if last == ")" else "[")):
            doi = doi[:-1]
        else:
            break
    return doi


def _delatex(name: str) -> str:
    """Decode LaTeX accents in a name: Sch\\"olkopf -> Schölkopf, Gr{\\'e}goire -> Grégoire."""
    if "\\" not in name:
        return name

    def letter(match: regex.Match[str]) -> str:
        if match.group("special"):
            return _SPECIAL[match.group("special")]
        return match.group("letter") + _COMBINING[match.group("mark")]

    return unicodedata.normalize("NFC", _LATEX_LETTER.sub(letter, name))
