"""A hostile corpus: 150+ inputs of every kind that breaks batch tools, generated in a folder.

Truncated and byte-flipped PDFs, encrypted and renamed files, ZIP and decompression bombs, a
400-page PDF, file names that are formulas, not UTF-8, very long or full of quotes, links that
dangle or loop, a FIFO, a socket and devices, empty files, and documents that are no invoice.
Most fail in milliseconds; the few that reach OCR are small, so the whole corpus runs in
seconds (see ``tests/cli/test_hostile_cli.py``).

:func:`make_corpus` writes the folder and returns what each input's record must say, keyed by
the path string ``axocr extract`` writes in the record (``str(path)``; a non-UTF-8 name is a
``str`` with surrogate escapes, as :func:`os.fsdecode` gives it).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import socket
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SPECIAL = ROOT / "fixtures" / "special"
SYNTH = ROOT / "fixtures" / "synth" / "files"

# Error codes that mean axocr itself failed, not the input.
OUR_FAULT = frozenset({"internal", "crashed", "timeout"})


@dataclass(frozen=True)
class Expect:
    statuses: frozenset[str]
    code: str | None = None  # an error code the record must carry


def expect(*statuses: str, code: str | None = None) -> Expect:
    return Expect(frozenset(statuses), code)


ANY = expect("ok", "partial", "failed")
FAILED = expect("failed")


@dataclass
class Corpus:
    folder: Path
    # False leaves out the inputs that reach OCR (blank images, a damaged text layer), which
    # cost a second or more each; the rest fail or finish in milliseconds.
    ocr: bool = True
    # What to name on the command line besides the folder (links, an empty folder, ...).
    extra_args: list[str] = field(default_factory=list)
    # Record path -> what the record must say; one entry per input, so its length is the
    # number of records a run must write.
    expect: dict[str, Expect] = field(default_factory=dict)

    def add(self, path: Path, want: Expect) -> None:
        self.expect[str(path)] = want

    def write(
        self, name: str | bytes, data: bytes, want: Expect, *, needs_ocr: bool = False
    ) -> None:
        if needs_ocr and not self.ocr:
            return
        path = self.folder / os.fsdecode(name)
        path.write_bytes(data)
        self.add(path, want)


def _pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF from numbered object bodies, with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def pdf_without_pages() -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def pdf_with_stream_bomb(megabytes: int) -> bytes:
    """One page whose content stream inflates from a few KB to ``megabytes`` of spaces."""
    packed = zlib.compress(b" " * (megabytes << 20), 9)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream",
        ]
    )


def long_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for i in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {i + 1} of a long report. Nothing here is an invoice.")
    return bytes(pdf.output())


def png_header_bomb(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with almost no data after it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _image(mode: str, size: tuple[int, int], fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 255 if mode in ("L", "1", "P") else "white").save(buf, fmt, **kw)
    return buf.getvalue()


def make_corpus(base: Path, *, seed: int = 20, ocr: bool = True) -> Corpus:
    """Write the corpus under ``base`` (``base/corpus`` and a few things beside it); with
    ``ocr=False``, without the dozen inputs that reach OCR."""
    rng = random.Random(seed)
    folder = base / "corpus"
    folder.mkdir(parents=True)
    c = Corpus(folder, ocr=ocr)
    source = (SYNTH / "en_classic_001.pdf").read_bytes()
    ja_source = (SYNTH / "ja_standard_001.pdf").read_bytes()

    # Truncated anywhere: pdfium may rebuild the cross-references and read a page, or refuse.
    for i in range(36):
        src = source if i % 3 else ja_source
        cut = rng.randint(1, len(src) - 1)
        c.write(f"truncated_{i:02d}.pdf", src[:cut], ANY)
    # Bytes flipped at random: a bad xref offset or trailer (most: they fail or are repaired
    # in milliseconds), or anywhere (a few: a damaged font or stream sends the page to OCR).
    for i in range(36):
        data = bytearray(source if i % 4 else ja_source)
        start = 0 if i % 6 == 0 else len(data) - len(data) // 8
        for _ in range(rng.choice((1, 4, 32))):
            data[rng.randrange(start, len(data))] ^= 1 << rng.randrange(8)
        c.write(f"flipped_{i:02d}.pdf", bytes(data), ANY, needs_ocr=start == 0)

    # Encrypted, under its own name and renamed.
    encrypted = (SPECIAL / "encrypted.pdf").read_bytes()
    for name in ("encrypted.pdf", "encrypted.png", "encrypted"):
        c.write(name, encrypted, expect("failed", code="encrypted"))

    # Renamed: the content decides, never the name.
    c.write("pdf_named.png", source, expect("ok", "partial"))
    c.write("pdf_named.txt", source, expect("ok", "partial"))
    c.write(
        "png_named.pdf",
        _image("RGB", (40, 20), "PNG"),
        expect("failed", code="no_text"),
        needs_ocr=True,
    )
    c.write(
        "gif_named.jpg",
        _image("P", (40, 20), "GIF"),
        expect("failed", code="no_text"),
        needs_ocr=True,
    )
    c.write(
        "bmp_named.tiff",
        _image("RGB", (16, 16), "BMP"),
        expect("failed", code="no_text"),
        needs_ocr=True,
    )
    html = b"<!DOCTYPE html><html><body><h1>Invoice</h1></body></html>"
    c.write("html_named.pdf", html, expect("failed", code="unsupported_format"))

    # Bombs: a ZIP of 100 MB of zeros, a ZIP inside a ZIP, image headers of 4 gigapixels and of
    # 2^31 pixels in one row, a PDF page whose content stream inflates to 64 MB.
    zip_bomb = _zip({"zeros.bin": b"\x00" * (100 << 20)})
    c.write("zip_bomb.pdf", zip_bomb, expect("failed", code="unsupported_format"))
    nested = _zip({"inner.zip": zip_bomb})
    c.write("nested_zip.zip", nested, expect("failed", code="unsupported_format"))
    c.write("header_bomb.png", png_header_bomb(65535, 65535), expect("failed", code="too_large"))
    c.write("wide_bomb.png", png_header_bomb(2**31 - 1, 1), expect("failed", code="too_large"))
    c.write("stream_bomb.pdf", pdf_with_stream_bomb(64), ANY, needs_ocr=True)

    # Many pages: the page limit keeps the first ones and says so.
    c.write("long_400.pdf", long_pdf(400), expect("partial", code="too_large"))
    frames = [Image.new("L", (60, 30), 255) for _ in range(40)]
    tiff = io.BytesIO()
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:])
    c.write("frames_40.tiff", tiff.getvalue(), expect("failed", code="too_large"), needs_ocr=True)

    # PDFs that are broken or empty in other ways.
    c.write("no_pages.pdf", pdf_without_pages(), expect("failed", code="empty"))
    c.write("header_only.pdf", b"%PDF-1.7\n", expect("failed", code="corrupt"))
    c.write("junk_after_header.pdf", b"%PDF-1.4\n" + os.urandom(3000), FAILED)
    blank = (SPECIAL / "blank.pdf").read_bytes()
    c.write("blank.pdf", blank, expect("failed", code="no_text"), needs_ocr=True)

    # Images that are broken, odd or empty.
    c.write(
        "bad_body.jpg", b"\xff\xd8\xff\xe0" + os.urandom(2048), expect("failed", code="corrupt")
    )
    png = _image("RGB", (40, 20), "PNG")
    c.write("truncated.png", png[: len(png) // 2], ANY)
    c.write(
        "one_pixel.png",
        _image("RGB", (1, 1), "PNG"),
        expect("failed", code="no_text"),
        needs_ocr=True,
    )
    c.write("sixteen_bit.png", _image("I;16", (30, 30), "PNG"), ANY, needs_ocr=True)
    c.write(
        "cmyk.jpg",
        _image("CMYK", (30, 30), "JPEG"),
        expect("failed", code="no_text"),
        needs_ocr=True,
    )
    c.write(
        "thin.png", _image("L", (60000, 1), "PNG"), ANY, needs_ocr=True
    )  # the engine cannot size it
    c.write("webp_empty.webp", _image("RGB", (20, 20), "WEBP"), ANY, needs_ocr=True)

    # Empty and nearly empty files.
    for name in ("zero.pdf", "zero.png", "zero"):
        c.write(name, b"", expect("failed", code="empty"))
    c.write("spaces.pdf", b"   \n\t  \n", expect("failed", code="unsupported_format"))

    # No invoice at all.
    shutil.copy(SPECIAL / "letter.pdf", folder / "letter.pdf")
    c.add(folder / "letter.pdf", expect("ok", "partial"))
    for name, data in {
        "notes.txt": b"Meeting notes, nothing to pay.\n",
        "data.json": b'{"total": 10}',
        "feed.xml": b"<?xml version='1.0'?><invoice/>",
        "sheet.xlsx": _zip({"[Content_Types].xml": b"<Types/>"}),
        "song.mp3": b"ID3\x03\x00" + os.urandom(512),
        "program": b"\x7fELF\x02\x01\x01" + os.urandom(512),
        "noise.bin": bytes(rng.getrandbits(8) for _ in range(4096)),
        "utf16.txt": "Rechnung".encode("utf-16"),
    }.items():
        c.write(name, data, expect("failed", code="unsupported_format"))

    # Names: formulas, quotes, separators, line breaks, other scripts, not UTF-8, very long.
    names: list[str | bytes] = [
        "=1+1.pdf",
        "=cmd|' calc'!A0.pdf",
        "@SUM(1+1).pdf",
        "+33 1 23.pdf",
        "-2+3.pdf",
        "\t=tab.pdf",
        "\r=cr.pdf",
        "'quoted'.pdf",
        '"double".pdf',
        "comma,semicolon;.pdf",
        "line\nbreak.pdf",
        "請求書 2024年.pdf",
        "facture été.pdf",
        "emoji 🧾.pdf",
        "00123.pdf",
        "1-2.pdf",
        "--help.pdf",
        "-o.pdf",
        "back\\slash.pdf",
        "x" * 240 + ".pdf",
        b"latin1 caf\xe9.pdf",
        b"broken \xff\xfe utf8.pdf",
        b"\xe8\xab\x8b\xe6.pdf",  # a UTF-8 character cut in half
        b"=\xff=1+1.pdf",
    ]
    for name in names:
        c.write(name, source, expect("ok", "partial"))
    # The same bytes as another file: a record of its own, under its own name.
    c.write("copy_of_truncated_00.pdf", (folder / "truncated_00.pdf").read_bytes(), ANY)

    # A folder whose name looks like a file, holding a document.
    sub = folder / "folder.pdf"
    sub.mkdir()
    c.write("folder.pdf/inside.pdf", source, expect("ok", "partial"))
    # A folder with only hidden files inside: nothing in it is a document, no record.
    (folder / "hidden_only").mkdir()
    (folder / "hidden_only" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")

    # Links: to a file outside the folder, dangling, looping, to a device, to a folder.
    outside = base / "outside"
    outside.mkdir()
    (outside / "target.pdf").write_bytes(source)
    (folder / "link_to_outside.pdf").symlink_to(outside / "target.pdf")
    c.add(folder / "link_to_outside.pdf", expect("ok", "partial"))
    (folder / "dangling.pdf").symlink_to(base / "nowhere.pdf")
    c.add(folder / "dangling.pdf", expect("failed", code="bad_input"))
    (folder / "loop_a.pdf").symlink_to(folder / "loop_b.pdf")
    (folder / "loop_b.pdf").symlink_to(folder / "loop_a.pdf")
    c.add(folder / "loop_a.pdf", expect("failed", code="bad_input"))
    c.add(folder / "loop_b.pdf", expect("failed", code="bad_input"))
    for device in ("/dev/zero", "/dev/null", "/dev/urandom"):
        if os.path.exists(device):
            link = folder / f"device_{Path(device).name}.pdf"
            link.symlink_to(device)
            c.add(link, expect("failed", code="bad_input"))
    linked_dir = base / "linked_dir"
    linked_dir.mkdir()
    (linked_dir / "in_linked_dir.pdf").write_bytes(source)
    (folder / "link_to_dir").symlink_to(linked_dir, target_is_directory=True)
    c.add(folder / "link_to_dir" / "in_linked_dir.pdf", expect("ok", "partial"))
    (linked_dir / "back_to_corpus").symlink_to(folder, target_is_directory=True)  # a cycle

    # A FIFO and a socket: opening either to read would block for ever.
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.pdf")
        c.add(folder / "fifo.pdf", expect("failed", code="bad_input"))
    sock_path = folder / "socket.pdf"
    if hasattr(socket, "AF_UNIX") and len(str(sock_path)) < 100:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(sock_path))
        sock.close()  # the socket file stays
        c.add(sock_path, expect("failed", code="bad_input"))

    # Named on the command line: an empty folder, a dangling link, a looping link, a missing
    # file, a glob that matches nothing.
    empty = base / "empty_folder"
    empty.mkdir()
    dangling = base / "dangling_arg.pdf"
    dangling.symlink_to(base / "missing_target.pdf")
    loop = base / "loop_arg.pdf"
    loop.symlink_to(loop)
    for path in (empty, dangling, loop, base / "missing.pdf", base / "nothing-*.pdf"):
        c.extra_args.append(str(path))
        c.add(path, expect("failed", code="bad_input"))
    return c
