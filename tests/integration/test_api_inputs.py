"""Whatever the caller passes, axocr.extract answers with a result (or its own InputError),
and every message says what went wrong in words a person can use."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import axocr
from axocr.config import ReadConfig
from axocr.errors import EngineError, InputError, describe
from axocr.ocr.registry import get_engine
from tests.hostile import pdf_without_pages


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (None, "not a path or bytes: got NoneType"),
        (42, "not a path or bytes: got int"),
        (3.5, "not a path or bytes: got float"),
        ("", "empty path"),
        ("in\x00voice.pdf", "NUL byte"),
        (["a.pdf"], "got list"),
    ],
)
def test_a_bad_source_gives_a_failed_result_not_a_python_error(source: object, words: str) -> None:
    result = axocr.extract(source)  # type: ignore[arg-type]
    assert result.status == "failed"
    assert [e.code for e in result.errors] == ["bad_input"]
    assert words in result.errors[0].message
    with pytest.raises(InputError, match=words):
        axocr.extract(source, raise_on_error=True)  # type: ignore[arg-type]


def test_the_empty_string_is_not_the_working_directory() -> None:
    result = axocr.extract("")
    assert result.path == "" and "folder" not in result.errors[0].message


def test_a_folder_and_an_empty_folder_say_what_they_are(tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_bytes(b"x")
    assert "empty folder" in axocr.extract(tmp_path).errors[0].message
    (tmp_path / "a.pdf").write_bytes(b"x")
    assert "a folder, not a document" in axocr.extract(tmp_path).errors[0].message


def test_links_that_dangle_or_loop_say_so(tmp_path: Path) -> None:
    dangling = tmp_path / "d.pdf"
    dangling.symlink_to(tmp_path / "gone.pdf")
    loop = tmp_path / "l.pdf"
    loop.symlink_to(loop)
    assert "a link to a missing file" in axocr.extract(dangling).errors[0].message
    assert "loops back on itself" in axocr.extract(loop).errors[0].message


def test_a_pdf_with_no_pages_is_empty_not_corrupt(tmp_path: Path) -> None:
    # A format error first: pdfium's last-error code would still say so for the next file.
    assert axocr.extract(b"%PDF-1.7\n").errors[0].code == "corrupt"
    path = tmp_path / "no_pages.pdf"
    path.write_bytes(pdf_without_pages())
    result = axocr.extract(path)
    assert [e.code for e in result.errors] == ["empty"]
    assert "no pages" in result.errors[0].message


def test_an_unreadable_image_message_has_no_object_address() -> None:
    result = axocr.extract(b"GIF89a" + b"\x00" * 64)
    message = result.errors[0].message
    assert result.errors[0].code == "corrupt"
    assert "cannot identify image file" in message and "object at" not in message


def test_an_engine_failure_without_a_message_still_names_its_cause() -> None:
    engine = get_engine(ReadConfig())
    with pytest.raises(EngineError) as caught:
        engine.recognize(np.zeros((1, 60000, 3), np.uint8))  # too thin to resize
    message = caught.value.message
    assert message.startswith("RapidOCR failed: ") and len(message) > len("RapidOCR failed: ")
    assert not message.rstrip().endswith(":")


def test_describe_gives_the_type_when_the_text_is_empty() -> None:
    assert describe(RuntimeError()) == "RuntimeError with no message"
    assert describe(OSError("cannot identify image file <_io.BytesIO object at 0x7f3a>")) == (
        "cannot identify image file"
    )
