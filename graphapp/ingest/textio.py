"""Open an input file as text whatever its compression and encoding, or say clearly why not."""

from __future__ import annotations

import codecs
import gzip
import io
from pathlib import Path
from typing import BinaryIO, TextIO

#: How much of a file is sniffed for its encoding and for binary content.
SNIFF_BYTES = 64 * 1024


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


class UnreadableInput(ValueError):
    """The whole input cannot be read as text (binary, empty, ...)."""


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def _open_binary(path: Path) -> BinaryIO:
    if _is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _encoding_of(head: bytes) -> str:
    """UTF-8/16 by BOM, else UTF-8 when the head decodes as UTF-8, else Windows-1252 (Latin-1 plus quotes)."""
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
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:  # not just a multi-byte character cut by the sniff window
            return "cp1252"
    return "utf-8"


def _check_size(path: Path, max_bytes: int) -> None:
    """Refuse content over ``max_bytes``, counted after gzip (reading at most that much: a gzip bomb stops early)."""
    compressed = _is_gzip(path)
    size = path.stat().st_size
    if compressed:
        size = 0
        with gzip.open(path, "rb") as binary:
            while size <= max_bytes and (chunk := binary.read(1 << 20)):
                size += len(chunk)
    if size > max_bytes:
        after = " once decompressed" if compressed else ""
        raise UnreadableInput(f"more than the {max_bytes:,} bytes allowed{after}")


def _sniff_head(binary: BinaryIO) -> bytes:
    """The first ``SNIFF_BYTES`` of content, or the first such block that is not all blank (a file may
    open with many blank lines); the stream is rewound."""
    head = binary.read(SNIFF_BYTES)
    while head and not head.strip() and (more := binary.read(SNIFF_BYTES)):
        head = more
    binary.seek(0)
    return head


def open_text(path: str | Path, max_bytes: int | None = None) -> TextIO:
    """The file as a text stream, gzip undone and encoding detected.

    The encoding is decided on the first 64 KiB of content; a UTF-8 file that turns out to hold a Latin-1 line
    further on has those bytes read as Windows-1252, and other undecodable bytes become U+FFFD, so one
    odd byte never stops the whole input. With ``max_bytes``, larger content is refused up front.
    """
    if max_bytes is not None:
        _check_size(Path(path), max_bytes)
    binary = _open_binary(Path(path))
    head = _sniff_head(binary)
    if not head.strip():
        binary.close()
        raise UnreadableInput("empty file")
    try:
        encoding = _encoding_of(head)
    except UnreadableInput:
        binary.close()
        raise
    errors = FALLBACK_ERRORS if encoding == "utf-8" else "replace"
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="")
