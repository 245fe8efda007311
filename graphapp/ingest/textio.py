"""Open an input file as text, one bounded line at a time, whatever its compression and encoding.

Every reader gets its text from :class:`LineReader`, which keeps four promises for every format alike:

- **bounded memory**: a line longer than :data:`MAX_LINE_BYTES` is skipped (reported with its line number)
  without ever being held whole, and a document read whole (JSON, XML, BibTeX) may hold at most
  :data:`MAX_DOCUMENT_BYTES`;
- **strict UTF-8 per line**: a line that is not valid UTF-8 has its stray bytes read as Windows-1252 (a
  Latin-1 line in a UTF-8 file), and the file's report counts those lines and names the first ones. The
  encoding is never guessed for the whole file from its first bytes, so one odd byte garbles nothing;
- **a truncated .gz is not fatal**: the lines before the cut are read, and one error names the file and
  the line where the data ends;
- **only regular files are opened**: a FIFO, a device or a directory is refused before it can block.
"""

from __future__ import annotations

import codecs
import io
import re
import stat
import zlib
from collections import deque
from pathlib import Path
from typing import BinaryIO

from graphapp.model import IngestError, IngestNotice

#: How much of a file is sniffed for binary content and UTF-16.
SNIFF_BYTES = 64 * 1024
#: The longest line read: far above any real record (abstracts are cut at 20,000 characters anyway).
MAX_LINE_BYTES = 16 * 1024 * 1024
#: The most text a reader that needs the whole document (JSON, arXiv XML, BibTeX) is given.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
#: Lines named one by one in the notice about lines read as Windows-1252.
LISTED_LINES = 5

#: Signatures of binary files people hand to ingest by mistake, to name them in the error.
_KNOWN_BINARY = {
    b"%PDF-": "a PDF document (export the abstracts as CSV, JSON Lines or BibTeX)",
    b"PK\x03\x04": "a ZIP archive (for .xlsx or .docx, save as CSV first)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"SQLite format 3\x00": "an SQLite database",
}
#: Codec error handler: bytes that are not UTF-8 are read as Windows-1252 (a Latin-1 line in a UTF-8 file).
FALLBACK_ERRORS = "graphapp-cp1252-fallback"
#: What the ingest summary counts these problems by.
LINE_TOO_LONG = "line too long"
TRUNCATED = "truncated file"
NOT_UTF8 = "lines read as Windows-1252"
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)(?=.)", re.DOTALL)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class UnreadableInput(Exception):
    """The whole input cannot be read as text (binary, empty, not a regular file, too large, ...)."""


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)


def display_name(path: str | Path) -> str:
    """A file name safe to print and to store: bytes that are not UTF-8 become U+FFFD, and control
    characters (a terminal escape, a newline) are written as visible ``\\x1b`` escapes.

    >>> print(display_name("papers\\x1b[31m.csv"), display_name("caf\\udce9.csv"))  # b"caf\\xe9.csv" on disk
    papers\\x1b[31m.csv caf\ufffd.csv
    """
    text = str(path)
    try:  # a name given on the command line keeps its undecodable bytes as lone surrogates
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class _Gunzip(io.RawIOBase):
    """gzip decompression that stops cleanly where the data ends: ``truncated`` or ``corrupt`` then says why.

    (``gzip.GzipFile`` raises ``EOFError`` and, behind its buffer, loses the lines decompressed before the cut.)
    Concatenated gzip members are read one after the other, as ``gunzip`` does.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        """Only a rewind to the start, which decompresses again from the first byte."""
        if (offset, whence) != (0, 0):
            raise io.UnsupportedOperation("gzip input only rewinds to the start")
        self._raw.seek(0)
        self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._position = 0
        self.truncated = False
        self.corrupt = ""
        return 0

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while True:
            if self._pending:
                size = min(len(buffer), len(self._pending))
                buffer[:size] = self._pending[:size]
                self._pending = self._pending[size:]
                self._position += size
                return size
            if self.truncated or self.corrupt:
                return 0
            if self._inflate.eof:
                rest = self._inflate.unused_data + self._raw.read(64 * 1024)
                if not rest.strip(b"\x00"):  # end of the last member (tar-style zero padding allowed)
                    return 0
                self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                compressed = rest
            else:
                compressed = self._inflate.unconsumed_tail or self._raw.read(64 * 1024)
                if not compressed:
                    self.truncated = True
                    return 0
            try:
                self._pending = self._inflate.decompress(compressed, 1 << 20)
            except zlib.error as err:
                self.corrupt = str(err)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _size(limit: int) -> str:
    """ "16 MiB", or "5,000 bytes" below a mebibyte."""
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit:,} bytes"


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def _check_regular_file(path: Path) -> None:
    """Refuse what is not a regular file before opening it: opening a FIFO blocks until someone writes to it."""
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise UnreadableInput("a directory, not a file (name the files inside it)")
    if not stat.S_ISREG(mode):
        what = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device or socket"
        raise UnreadableInput(f"{what}, not a regular file: save the input to a file first")


def _open_binary(path: Path) -> tuple[io.BufferedReader, _Gunzip | None]:
    if _is_gzip(path):
        gunzip = _Gunzip(open(path, "rb"))  # noqa: SIM115 - closed with the reader that owns it
        return io.BufferedReader(gunzip, 1 << 16), gunzip
    return open(path, "rb"), None


def _encoding_of(head: bytes) -> str:
    """utf-8-sig or utf-16 by BOM, utf-16 by its NUL pattern, else utf-8 (per line, see :class:`LineReader`)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            raise UnreadableInput(f"binary content: this is {what}, not a text file")
    if b"\x00" in head:
        odd, even = head[1::2], head[0::2]
        if odd and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
        raise UnreadableInput("binary content (NUL bytes) - not a text file")
    return "utf-8"


def _check_size(path: Path, max_bytes: int) -> None:
    """Refuse content over ``max_bytes``, counted after gzip (reading at most that much: a gzip bomb stops early)."""
    binary, gunzip = _open_binary(path)
    with binary:
        size = path.stat().st_size
        if gunzip is not None:
            size = 0
            while size <= max_bytes and (chunk := binary.read(1 << 20)):
                size += len(chunk)
    if size > max_bytes:
        after = " once decompressed" if gunzip is not None else ""
        raise UnreadableInput(f"more than the {max_bytes:,} bytes allowed{after}")


def _sniff_head(binary: BinaryIO) -> bytes:
    """The first ``SNIFF_BYTES`` of content, or the first such block that is not all blank (a file may
    open with many blank lines); the stream is rewound."""
    head = binary.read(SNIFF_BYTES)
    while head and not head.strip() and (more := binary.read(SNIFF_BYTES)):
        head = more
    binary.seek(0)
    return head


class LineReader(io.TextIOBase):
    """The text of one input, read line by line with each line bounded, for every reader alike.

    Iterating (or :meth:`readline`) gives lines with their endings as written; a line over
    :data:`MAX_LINE_BYTES` comes back empty (so line numbers stay right) and is reported. :meth:`read`
    with no size gives the whole document, refused over :data:`MAX_DOCUMENT_BYTES`. What went wrong
    while reading is told by :meth:`problems` once the reader is done.
    """

    def __init__(self, path: Path, source: str) -> None:
        self._source, self._max_line = source, MAX_LINE_BYTES
        self._binary, self._gunzip = _open_binary(path)
        try:
            head = _sniff_head(self._binary)
            if not head.strip():
                raise UnreadableInput("empty file")
            self._encoding = _encoding_of(head)
        except BaseException:
            self._binary.close()
            raise
        # UTF-16 cannot be split on the byte b"\n", nor a file whose lines end in "\r" alone (old Mac exports):
        # those are decoded as a stream, lines bounded in characters (stray bytes of the latter as Windows-1252).
        if "16" in self._encoding:
            self._wide: io.TextIOWrapper | None = io.TextIOWrapper(self._binary, self._encoding, "replace", newline="")
        elif b"\r" in head and b"\n" not in head:
            self._wide = io.TextIOWrapper(self._binary, self._encoding, FALLBACK_ERRORS, newline="")
        else:
            self._wide = None
        self._reset()

    def _reset(self) -> None:
        self._line = 0
        self._split: deque[bytes] = deque()  # the further lines of a raw line that held a lone "\r"
        self._pending = ""  # what read(size) took from the document beyond its size
        self._document_bytes = 0
        self._skipped: list[int] = []
        self._fallback_lines: list[int] = []
        self._fallback_count = 0

    # -- io.TextIOBase --------------------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        """Only a rewind to the start (the sniffer reads the head, then the reader starts over)."""
        if (offset, whence) != (0, 0):
            raise io.UnsupportedOperation("a LineReader only rewinds to the start")
        (self._wide or self._binary).seek(0)
        self._reset()
        return 0

    def close(self) -> None:
        (self._wide or self._binary).close()
        super().close()

    def __next__(self) -> str:  # type: ignore[override]  # a text stream's lines (typeshed's IOBase says bytes)
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        """The next line (``size`` is ignored: every line is bounded by :data:`MAX_LINE_BYTES`)."""
        raw = self._raw_line(self._max_line + 1)
        if not raw:
            return ""
        self._line += 1
        if len(raw) > self._max_line and raw[-1:] not in ("\n", b"\n"):
            while (more := self._raw_line(1 << 20)) and more[-1:] not in ("\n", b"\n"):
                pass  # discarded piece by piece: never held whole
            self._skipped.append(self._line)
            return "\n"
        return self._decode(raw)

    def head(self, size: int) -> str:
        """The first ``size`` characters that are not all blank (a file may open with many blank lines), whatever
        the lines, for sniffing the format; the stream is rewound."""
        self.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8-sig")(FALLBACK_ERRORS)
        text = " "  # blank: read at least once
        while text and not text.strip():
            text = self._wide.read(size) if self._wide is not None else decoder.decode(self._binary.read(size))
        self.seek(0)
        return text[:size]

    def read(self, size: int | None = -1) -> str:
        """The whole document (what JSON, XML and BibTeX readers need), or its next ``size`` characters (what a
        YAML parser asks for); either way refused past :data:`MAX_DOCUMENT_BYTES`."""
        if size is None or size < 0:
            parts = [self._pending]
            while chunk := self._document_line():
                parts.append(chunk)
            self._pending = ""
            return "".join(parts)
        parts, have = [self._pending], len(self._pending)
        while have < size and (chunk := self._document_line()):
            parts.append(chunk)
            have += len(chunk)
        text = "".join(parts)
        self._pending = text[size:]
        return text[:size]

    def _document_line(self) -> str:
        """The next line of a document read whole: no line bound, but a bound on the whole."""
        raw = self._raw_line(MAX_DOCUMENT_BYTES + 1 - self._document_bytes)
        if not raw:
            return ""
        self._line += 1
        self._document_bytes += len(raw)
        if self._document_bytes > MAX_DOCUMENT_BYTES:
            raise UnreadableInput(
                f"a document read whole may hold at most {_size(MAX_DOCUMENT_BYTES)} of text; split it, or use "
                "JSON Lines or CSV, which are read line by line whatever their size"
            )
        return self._decode(raw)

    # -- lines ----------------------------------------------------------------------------------

    def _raw_line(self, limit: int) -> bytes | str:
        """The next line as read, ended by "\n", "\r\n" or a lone "\r" (as Python's universal newlines do)."""
        if self._wide is not None:
            return self._wide.readline(limit)
        if self._split:
            return self._split.popleft()
        raw = self._binary.readline(limit)
        if b"\r" in raw[:-2]:  # a lone carriage return inside: it ends a line too
            self._split.extend(_LONE_CR.split(raw))
            return self._split.popleft()
        return raw

    def _decode(self, raw: bytes | str) -> str:
        if isinstance(raw, str):
            return raw
        encoding = "utf-8-sig" if self._line == 1 and self._encoding == "utf-8-sig" else "utf-8"
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            self._fallback_count += 1
            if len(self._fallback_lines) < LISTED_LINES:
                self._fallback_lines.append(self._line)
            return raw.decode(encoding, errors=FALLBACK_ERRORS)

    def problems(self) -> list[IngestError | IngestNotice]:
        """What reading the file found, once a reader is done with it: over-long lines (errors), a
        truncated or corrupt gzip (an error at the line where the data ends), lines not in UTF-8 (one notice)."""
        found: list[IngestError | IngestNotice] = []
        for line in self._skipped:
            message = f"line is longer than {_size(self._max_line)}; skipped it"
            found.append(IngestError(self._source, f"line {line}", message, LINE_TOO_LONG))
        if self._gunzip is not None and (self._gunzip.truncated or self._gunzip.corrupt):
            why = "ends early" if self._gunzip.truncated else f"is corrupt ({self._gunzip.corrupt})"
            message = f"the gzip data {why} inside this line: the file is cut short; the lines before it were read"
            found.append(IngestError(self._source, f"line {max(self._line, 1)}", message, TRUNCATED))
        if self._fallback_count:
            count = self._fallback_count
            lines = ", ".join(map(str, self._fallback_lines)) + (", ..." if count > len(self._fallback_lines) else "")
            message = (
                f"{count} line{'s are' if count > 1 else ' is'} not valid UTF-8 (line{'s' if count > 1 else ''} "
                f"{lines}): their other bytes were read as Windows-1252 (Latin-1); check the accented names"
            )
            found.append(IngestNotice(self._source, f"line {self._fallback_lines[0]}", message, NOT_UTF8))
        return found


def open_text(path: str | Path, source: str | None = None, max_bytes: int | None = None) -> LineReader:
    """The file as a :class:`LineReader`, gzip undone and encoding found; ``source`` names it in messages.

    A file that is not a regular file, is empty or binary, or (with ``max_bytes``) holds more content
    than that after gzip, raises :class:`UnreadableInput`.
    """
    path = Path(path)
    _check_regular_file(path)
    if max_bytes is not None:
        _check_size(path, max_bytes)
    return LineReader(path, source or display_name(path))
