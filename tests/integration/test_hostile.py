"""Hostile inputs through the batch runner: every file gets a record, nothing crashes or hangs.

The corpus is generated here in tmp_path (never committed). OCR-heavy items are kept few,
since OCR costs seconds per page on the test machine.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from axocr.api import extract
from axocr.batch import BatchStats, run_batch
from axocr.config import Config, ExtractConfig, ReadConfig
from tests.hostile import ANY, OUR_FAULT, Expect, long_pdf
from tests.hostile import expect as _expect

ROOT = Path(__file__).resolve().parents[2]
SPECIAL = ROOT / "fixtures" / "special"
SYNTH = ROOT / "fixtures" / "synth" / "files"


def make_hostile_corpus(dest: Path, *, seed: int = 7) -> dict[str, Expect]:
    """Write the hostile files into dest; returns file name -> what its record must say."""
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    expect: dict[str, Expect] = {}
    source = (SYNTH / "en_classic_001.pdf").read_bytes()

    # Truncated at random points, and just before the trailer: pdfium may rebuild the xref and
    # read a page, or refuse the file; either way it is a record, never a crash.
    cuts = [*sorted(rng.randint(16, len(source) - 1) for _ in range(4)), len(source) - 8]
    for i, cut in enumerate(cuts):
        name = f"truncated_{i}_{cut}.pdf"
        (dest / name).write_bytes(source[:cut])
        expect[name] = ANY
    (dest / "header_only.pdf").write_bytes(b"%PDF-1.7\n")
    expect["header_only.pdf"] = _expect("failed")

    shutil.copy(SPECIAL / "encrypted.pdf", dest / "encrypted.pdf")
    expect["encrypted.pdf"] = _expect("failed", code="encrypted")
    (dest / "zero.pdf").write_bytes(b"")
    expect["zero.pdf"] = _expect("failed", code="empty")
    (dest / "page.pdf").write_text(
        "<!DOCTYPE html><html><body><h1>Invoice</h1></body></html>", encoding="utf-8"
    )
    expect["page.pdf"] = _expect("failed", code="unsupported_format")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("invoice.xml", "<invoice><total>10.00</total></invoice>")
    (dest / "archive.pdf").write_bytes(buf.getvalue())
    expect["archive.pdf"] = _expect("failed", code="unsupported_format")
    (dest / "noise.jpg").write_bytes(bytes(rng.getrandbits(8) for _ in range(4096)))
    expect["noise.jpg"] = _expect("failed", code="unsupported_format")
    # A JPEG header followed by garbage: the sniffer accepts it, the decoder must not crash.
    (dest / "bad_body.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2048))
    expect["bad_body.jpg"] = _expect("failed", code="corrupt")

    Image.new("RGB", (1, 1), "white").save(dest / "one_pixel.png")
    expect["one_pixel.png"] = _expect("failed", code="no_text")
    # 900 million pixels; 1-bit mode keeps the file small, and the header alone must stop it.
    Image.new("1", (30000, 30000), 1).save(dest / "bomb.png")
    expect["bomb.png"] = _expect("failed", code="too_large")

    (dest / "long_300.pdf").write_bytes(long_pdf(300))
    expect["long_300.pdf"] = _expect("partial", code="too_large")
    frames = [Image.new("L", (200, 80), 255) for _ in range(50)]
    frames[0].save(dest / "fifty.tiff", save_all=True, append_images=frames[1:])
    # Over the test's max_pages: the first frames are read, the rest refused (too_large).
    expect["fifty.tiff"] = _expect("failed", code="too_large")

    shutil.copy(SPECIAL / "letter.pdf", dest / "letter.pdf")
    # Not an invoice; whether a "total" is found in it is the extractor's business, not ours.
    expect["letter.pdf"] = _expect("ok", "partial")
    shutil.copy(SPECIAL / "blank.pdf", dest / "blank.pdf")
    expect["blank.pdf"] = _expect("failed", code="no_text")
    return expect


# Two pages keep the 50-frame TIFF (OCR on every frame) and the blank page cheap.
HOSTILE_CONFIG = Config(read=ReadConfig(max_pages=2), extract=ExtractConfig(timeout_s=60))


def test_hostile_corpus_every_file_gets_one_record(tmp_path: Path) -> None:
    expect = make_hostile_corpus(tmp_path / "in")
    fifo = tmp_path / "in" / "pipe.pdf"
    os.mkfifo(fifo)  # opening it would block forever: it must be refused, not read
    expect["pipe.pdf"] = _expect("failed", code="bad_input")
    missing = tmp_path / "in" / "gone.pdf"
    expect["gone.pdf"] = _expect("failed", code="bad_input")
    paths = [*sorted((tmp_path / "in").iterdir()), missing]

    stats = BatchStats()
    t0 = time.perf_counter()
    results = list(run_batch(paths, HOSTILE_CONFIG, jobs=2, stats=stats))
    elapsed = time.perf_counter() - t0

    by_name = {Path(r.path or "").name: r for r in results}
    assert len(results) == len(paths) == len(by_name)
    assert set(by_name) == set(expect)
    for name, want in expect.items():
        record = by_name[name]
        codes = {e.code for e in record.errors}
        assert record.status in want.statuses, (name, record.status, record.errors)
        if want.code is not None:
            assert want.code in codes, (name, record.errors)
        assert not codes & OUR_FAULT, (name, record.errors)
        if record.status == "failed":
            assert record.errors and all(e.message for e in record.errors), name
    assert by_name["long_300.pdf"].pages == 2
    # Hashes let --resume skip a file; a readable file always has one.
    assert by_name["zero.pdf"].sha256 == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert by_name["gone.pdf"].sha256 is None
    # Memory stays bounded: the 900-Mpx image is refused before any pixel is decoded.
    assert 0 < stats.peak_worker_rss_mb < 1500, stats
    assert stats.workers_killed == 0
    print(
        f"\nhostile corpus: {len(results)} files in {elapsed:.1f} s, "
        f"peak worker RSS {stats.peak_worker_rss_mb:.0f} MB, {dict(stats.by_error)}"
    )


def test_page_limit_holds_on_a_300_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(long_pdf(300))
    result = extract(path)  # the default limit, 200 pages
    assert result.status == "partial"
    assert result.pages == 200
    assert [e.code for e in result.errors][:1] == ["too_large"]
    assert "300 pages" in result.errors[0].message


def test_file_size_and_pixel_limits_hold(tmp_path: Path) -> None:
    big = tmp_path / "scan.png"
    Image.fromarray(np.full((400, 500), 255, np.uint8)).save(big)
    small_limit = extract(big, max_pixels=100_000)
    assert small_limit.status == "failed"
    assert small_limit.errors[0].code == "too_large"
    assert "200,000 pixels" in small_limit.errors[0].message
    pdf = SYNTH / "en_classic_001.pdf"
    too_big = extract(pdf, max_file_bytes=pdf.stat().st_size - 1)
    assert too_big.status == "failed"
    assert too_big.errors[0].code == "too_large"


@pytest.mark.parametrize("frames", [50])
def test_multiframe_tiff_reads_only_max_pages_frames(tmp_path: Path, frames: int) -> None:
    path = tmp_path / "frames.tiff"
    images = [Image.new("L", (120, 60), 255) for _ in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:])
    t0 = time.perf_counter()
    result = extract(path, max_pages=1)
    # One frame OCR'd, not fifty: the limit stops decoding, it does not only trim the output.
    assert time.perf_counter() - t0 < 60
    codes = [e.code for e in result.errors]
    assert "too_large" in codes
    assert "50 frames" in next(e.message for e in result.errors if e.code == "too_large")
