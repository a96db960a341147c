"""Read the input (a path or bytes) and find out what it is from its content."""

from __future__ import annotations

import errno
import hashlib
import os
import re
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
# An e-invoice sent as XML alone (XRechnung, Peppol): UN/CEFACT CII or OASIS UBL.
XML = "application/xml"

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
    # An XML file is read only when its root element names an invoice: other XML is no
    # document axocr reads, and says so.
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<") and _EINVOICE_ROOT.search(start):
        return XML
    return None


_EINVOICE_ROOT = re.compile(
    rb"<(?:[\w.-]+:)?(?:CrossIndustryInvoice|CrossIndustryDocument|Invoice|CreditNote)[\s>/]"
)


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


def open_source(source: object, *, max_bytes: int) -> Source:
    """The bytes of a path (``str`` or ``os.PathLike``) or of in-memory data (``bytes``,
    ``bytearray``, ``memoryview``), with the media type sniffed from them.

    Anything else (``None``, a number, ``""``, a name with a NUL byte, a FIFO or a device) is
    an :class:`InputError`, never a ``TypeError``/``ValueError`` and never a blocking read.
    """
    path: str | None = None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            path = os.fsdecode(source)
        except TypeError as exc:  # a PathLike whose __fspath__ returns neither str nor bytes
            raise InputError(f"not a path or bytes: {exc}") from exc
        if not path:
            # Path("") is the working directory; an empty name is a caller's mistake.
            raise InputError("empty path: no file named", path=path)
        if "\x00" in path:
            raise InputError("the path contains a NUL byte: no file can have that name", path=path)
        data = _read_file(Path(path), path, max_bytes)
    else:
        raise InputError(f"not a path or bytes: got {type(source).__name__}")
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


def _read_file(p: Path, path: str, max_bytes: int) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        if os.path.lexists(p):
            raise InputError(f"a link to a missing file ({_link_target(p)})", path=path) from exc
        raise InputError(f"no such file: {p}", path=path) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("a link that loops back on itself", path=path) from exc
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(
            "an empty folder: no documents in it"
            if _empty_folder(p)
            else "a folder, not a "
            "document (axocr extract reads the documents in folders; extract() takes one file)",
            path=path,
        )
    if not stat.S_ISREG(st.st_mode):
        # Reading a FIFO, socket or device would block or never end.
        raise InputError(f"not a regular file ({_file_kind(st.st_mode)})", path=path)
    if st.st_size > max_bytes:
        raise TooLargeError(
            f"file is {st.st_size:,} bytes, over the limit of {max_bytes:,}", path=path
        )
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from exc


def _empty_folder(p: Path) -> bool:
    # Hidden files (.DS_Store) are not documents: batch input expansion skips them too.
    try:
        with os.scandir(p) as it:
            return not any(not e.name.startswith(".") for e in it)
    except OSError:
        return False


def _link_target(p: Path) -> str:
    try:
        return os.readlink(p)
    except OSError:
        return "unreadable link"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MiB chunks: a document's identity in results,
    resumed runs and the vendor memory, whatever its name."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
