"""Page preprocessing on real pages: known turns and tilts must be recovered.

A page drawn with cv2.putText always runs; pages from the shared datasets run when the folder
is there. Orientation loads the rapidocr models once (about a second).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from axocr.config import ReadConfig
from axocr.document.preprocess import Preprocessed, detect_skew
from axocr.ocr.orientation import detect_orientation
from axocr.pipeline import preprocess
from axocr.types import Image

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
if not DATASETS.is_dir():
    DATASETS = Path("/work/shared/datasets")

# One scanned receipt, one Japanese receipt, one invoice: different scripts and layouts.
DATASET_PAGES = (
    "sroie/files/000.jpg",
    "jomb/files/receipt_v020_bakery_001_clean.png",
    "invoice2data/files/FlipkartInvoice.png",
)

LINES = (
    "ACME SUPPLIES LTD            INVOICE",
    "Invoice number: INV-2024-00193",
    "Invoice date: 31 May 2024   Due: 30 June 2024",
    "Bill to: Northwind Trading, 12 Harbour Road",
    "Description              Qty    Unit     Amount",
    "Paper A4 80g box           4    12.50     50.00",
    "Toner cartridge black      2    64.90    129.80",
    "Stapler heavy duty         1    23.00     23.00",
    "Subtotal                                 202.80",
    "VAT 20%                                   40.56",
    "Total due                          EUR   243.36",
    "Thank you for your business. Payment by transfer.",
)

_TURN = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def rendered_page() -> Image:
    """A white page with lines of invoice text and two table rules."""
    page = np.full((1100, 850, 3), 255, dtype=np.uint8)
    y = 90
    for line in LINES:
        cv2.putText(page, line, (50, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2, cv2.LINE_AA)
        y += 62
    cv2.line(page, (45, 90 + 62 * 3 + 20), (805, 90 + 62 * 3 + 20), (0, 0, 0), 2)
    cv2.line(page, (45, 90 + 62 * 7 + 20), (805, 90 + 62 * 7 + 20), (0, 0, 0), 2)
    return page


def config(**flags: bool) -> ReadConfig:
    # model_validate rather than ReadConfig(...): mypy without the pydantic plugin does not
    # see the defaults given positionally to Field() and reports every field as missing.
    return ReadConfig.model_validate(flags)


def grey_of(img: Image) -> Image:
    return np.asarray(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def tilt(img: Image, degrees: float) -> Image:
    """Counter-clockwise by degrees (text rising to the right), same size, white corners."""
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees, 1.0)
    white = 255 if img.ndim == 2 else (255, 255, 255)
    return np.asarray(cv2.warpAffine(img, matrix, (w, h), borderValue=white), dtype=np.uint8)


def turn(img: Image, clockwise: int) -> Image:
    if clockwise == 0:
        return img
    return np.ascontiguousarray(cv2.rotate(img, _TURN[clockwise]), dtype=np.uint8)


def dataset_page(relative: str) -> Image:
    path = DATASETS / relative
    if not path.is_file():
        pytest.skip(f"dataset page {relative} not present")
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert img is not None
    return np.asarray(img, dtype=np.uint8)


@pytest.fixture(scope="module")
def page() -> Image:
    return rendered_page()


# --- deskew -------------------------------------------------------------------------------


@pytest.mark.parametrize("angle", [-7.0, -3.0, -1.2, 0.8, 2.5, 6.0])
def test_detect_skew_recovers_the_tilt_of_a_rendered_page(page: Image, angle: float) -> None:
    grey = grey_of(tilt(page, angle))
    assert detect_skew(grey) == pytest.approx(angle, abs=0.5)


def test_detect_skew_of_a_straight_page_is_near_zero(page: Image) -> None:
    assert abs(detect_skew(grey_of(page))) <= 0.3


@pytest.mark.dataset
@pytest.mark.parametrize("relative", DATASET_PAGES)
@pytest.mark.parametrize("angle", [-5.0, 3.0])
def test_detect_skew_recovers_the_tilt_of_a_real_page(relative: str, angle: float) -> None:
    grey = grey_of(dataset_page(relative))
    # Real scans are a little skewed already; the tilt adds to what the page had.
    own = detect_skew(grey)
    assert detect_skew(tilt(grey, angle)) == pytest.approx(own + angle, abs=0.5)


# --- orientation --------------------------------------------------------------------------


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_detect_orientation_undoes_a_turn_of_a_rendered_page(page: Image, turned: int) -> None:
    assert detect_orientation(turn(page, turned)) == (360 - turned) % 360


@pytest.mark.dataset
@pytest.mark.parametrize(
    ("relative", "turned"),
    # One turn per page keeps the suite quick; the benchmark covers every page and turn.
    [(DATASET_PAGES[0], 90), (DATASET_PAGES[1], 180), (DATASET_PAGES[2], 270)],
)
def test_detect_orientation_undoes_a_turn_of_a_real_page(relative: str, turned: int) -> None:
    assert detect_orientation(turn(dataset_page(relative), turned)) == (360 - turned) % 360


# --- preprocess ---------------------------------------------------------------------------


def test_preprocess_fixes_a_turned_and_tilted_page(page: Image) -> None:
    # Tilted 4 degrees, then turned a quarter clockwise, as a phone photo might be.
    skewed = turn(tilt(page, 4.0), 90)
    out = preprocess(skewed, config())
    assert out.rotation == 270
    assert out.skew_degrees == pytest.approx(4.0, abs=0.5)
    assert out.image.shape == page.shape
    # A page with no darker ground around it has no sheet to flatten.
    assert out.sheet is None
    assert set(out.timings_ms) == {"orientation", "dots", "flatten", "seals", "deskew"}
    assert not out.dotted  # solid print
    # Straightened: what is left of the tilt is under the threshold for rotating again.
    assert abs(detect_skew(grey_of(out.image))) <= 0.5


def test_preprocess_with_every_step_off_returns_the_page_unchanged(page: Image) -> None:
    steps = config(
        orientation=False, join_dots=False, flatten=False, seals=False, deskew=False, contrast=False
    )
    out = preprocess(tilt(page, 3.0), steps)
    assert (out.rotation, out.skew_degrees, out.timings_ms) == (0, 0.0, {})
    assert np.array_equal(out.image, tilt(page, 3.0))


def test_preprocess_leaves_a_straight_page_alone(page: Image) -> None:
    out = preprocess(page, config())
    assert (out.rotation, out.skew_degrees) == (0, 0.0)
    assert np.array_equal(out.image, page)


@pytest.mark.parametrize(
    "image",
    [
        np.full((1100, 850, 3), 255, np.uint8),  # blank white page
        np.zeros((600, 400), np.uint8),  # all black, grey
        np.random.default_rng(1).integers(0, 256, (300, 300, 3), dtype=np.uint8),  # noise
    ],
    ids=["blank", "black-grey", "noise"],
)
def test_preprocess_pages_without_text_do_not_crash(image: Image) -> None:
    out = preprocess(image, config(contrast=True))
    assert isinstance(out, Preprocessed)
    assert out.image.shape[:2] == image.shape[:2]
    assert out.rotation in (0, 90, 180, 270)


@pytest.mark.parametrize(
    "shape",
    [(1, 1), (1, 1, 3), (1, 1, 4), (0, 0, 3), (20, 900, 3), (31, 31), (5, 5, 1)],
)
def test_tiny_images_pass_through(shape: tuple[int, ...]) -> None:
    image = np.full(shape, 200, np.uint8)
    out = preprocess(image, config(contrast=True))
    assert (out.rotation, out.skew_degrees) == (0, 0.0)
    assert out.image.shape[:2] == shape[:2]
    assert out.image.dtype == np.uint8
    assert detect_skew(image) == 0.0
    assert detect_orientation(image) == 0


def test_bgra_becomes_bgr_and_grey_stays_grey(page: Image) -> None:
    bgra = np.asarray(cv2.cvtColor(page, cv2.COLOR_BGR2BGRA), dtype=np.uint8)
    out = preprocess(bgra, config(orientation=False))
    assert out.image.shape == page.shape
    grey = grey_of(tilt(page, 2.0))
    out = preprocess(grey, config(orientation=False))
    assert out.image.ndim == 2
    assert out.skew_degrees == pytest.approx(2.0, abs=0.5)


def test_contrast_stretches_a_faint_page(page: Image) -> None:
    faint = (page.astype(np.float64) * 0.25 + 170).astype(np.uint8)  # grey text on grey paper
    out = preprocess(faint, config(orientation=False, deskew=False, contrast=True))
    assert "contrast" in out.timings_ms
    assert out.image.shape == faint.shape
    assert int(np.ptp(out.image)) > int(np.ptp(faint))
