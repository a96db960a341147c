"""Read the input (a path or bytes) and find out what it is from its content."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from axocr.errors import EmptyDocumentError, InputError, TooLargeError, UnsupportedFormatError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
BMP = "image/bmp"
WEBP = "image/webp"
GIF = "image/gif"

IMAGE_TYPES = (PNG, JPEG, TIFF, BMP, WEBP, GIF)


@dataclass(frozen=True)
class Source:
    data: bytes
    media_type: str
    path: str | None


def sniff(data: bytes) -> str | None:
    """The media type from magic bytes, or None. The file name is never trusted."""
    head = data[:16]
    # Some producers put junk before the header; PDF readers accept it within the first KiB.
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"BM"):
        return BMP
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    return None


def describe_unknown(data: bytes) -> str:
    """A human hint for content we cannot read, so the error says what the file really is."""
    head = data[:512].lstrip().lower()
    if data[:4] == b"PK\x03\x04":
        return "a ZIP archive (or an Office document)"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "an HTML page"
    if head.startswith(b"<?xml"):
        return "an XML file"
    if head.startswith(b"{") or head.startswith(b"["):
        return "JSON or text"
    try:
        data[:512].decode("utf-8")
        return "plain text"
    except UnicodeDecodeError:
        return "unknown binary data"


def open_source(source: str | Path | bytes, *, max_bytes: int) -> Source:
    path: str | None = None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        path = str(source)
        p = Path(source)
        try:
            st = p.stat()
        except FileNotFoundError as exc:
            raise InputError(f"no such file: {p}", path=path) from exc
        except OSError as exc:
            raise InputError(f"cannot read file: {exc}", path=path) from exc
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a document", path=path)
        if not stat.S_ISREG(st.st_mode):
            # Reading a FIFO, socket or device would block or never end.
            raise InputError("not a regular file (a pipe, socket or device)", path=path)
        size = st.st_size
        if size > max_bytes:
            raise TooLargeError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,}", path=path
            )
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc}", path=path) from exc
    if not data:
        raise EmptyDocumentError("empty file (0 bytes)", path=path)
    if len(data) > max_bytes:
        raise TooLargeError(
            f"input is {len(data):,} bytes, over the limit of {max_bytes:,}", path=path
        )
    media_type = sniff(data)
    if media_type is None:
        raise UnsupportedFormatError(
            f"not a PDF or a supported image (looks like {describe_unknown(data)})", path=path
        )
    return Source(data=data, media_type=media_type, path=path)
