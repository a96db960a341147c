"""Scans made from a born-digital page: rasterise with pdfium, then damage with OpenCV the
way scanners and phone cameras do (skew, blur, noise, JPEG artefacts, uneven light)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

Image = npt.NDArray[np.uint8]


def _u8(arr: object) -> Image:
    """OpenCV's stubs type results as a generic ``MatLike``; pin them to uint8 images."""
    return np.asarray(arr, dtype=np.uint8)


@dataclass(frozen=True)
class Degradation:
    """What was done to a page image, kept in the labels so failures can be explained."""

    dpi: int
    ops: tuple[str, ...]


def rasterize_pdf_page(pdf: bytes, dpi: int, page_index: int = 0) -> Image:
    """Render one page to a BGR image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[page_index]
        bitmap = page.render(scale=dpi / 72, grayscale=False)
        arr = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
    finally:
        doc.close()
    if arr.ndim == 2:
        return _u8(cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR))
    if arr.shape[2] == 4:
        return _u8(cv2.cvtColor(arr, cv2.COLOR_BGRA2BGR))
    return arr


def rotate_small(img: Image, angle: float) -> Image:
    """Skew by ``angle`` degrees (counter-clockwise), growing the canvas so nothing is cut off;
    the new corners are paper-white, as a scanner lid would show."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(
        img,
        m,
        (nw, nh),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(250, 250, 250),
    )
    return _u8(out)


def rotate_right_angle(img: Image, quarter_turns: int) -> Image:
    """A page fed into the scanner sideways or upside down (90° steps, clockwise)."""
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    turns = quarter_turns % 4
    return img if turns == 0 else _u8(cv2.rotate(img, codes[turns]))


def uneven_light(img: Image, rng: np.random.Generator) -> Image:
    """A smooth brightness gradient with reduced contrast, like a phone photo by a window."""
    h, w = img.shape[:2]
    gx, gy = rng.uniform(-1, 1, size=2)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (gx * (xx / w - 0.5) + gy * (yy / h - 0.5)).astype(np.float32)
    shade = 1.0 - 0.22 * (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    contrast = float(rng.uniform(0.75, 0.92))
    out = img.astype(np.float32) * contrast + 255 * (1 - contrast) * 0.6
    out *= shade[..., None]
    return _u8(np.clip(out, 0, 255))


def add_noise(img: Image, rng: np.random.Generator, sigma: float) -> Image:
    noise = rng.normal(0, sigma, size=img.shape[:2]).astype(np.float32)[..., None]
    return _u8(np.clip(img.astype(np.float32) + noise, 0, 255))


def dot_matrix(img: Image, pitch: int) -> Image:
    """The page as a dot-matrix or worn thermal head prints it: each stroke broken into dots
    ``pitch`` pixels apart, one pixel of paper between them."""
    if pitch < 2:
        return img
    rows, cols = np.mgrid[: img.shape[0], : img.shape[1]]
    gaps = (rows % pitch == pitch - 1) | (cols % pitch == pitch - 1)
    out = img.copy()
    out[gaps] = 255
    return out


def degrade_page(
    pdf: bytes,
    rng: random.Random,
    *,
    dpi: int | None = None,
    allow_right_angle: bool = True,
    dots: bool = False,
) -> tuple[Image, Degradation]:
    """A damaged scan of page 1 of ``pdf``; the choice of damage is drawn from ``rng``.
    ``dots`` prints it with a dot-matrix head first (draws nothing from ``rng``)."""
    nrng = np.random.default_rng(rng.getrandbits(32))
    ops: list[str] = []
    if dpi is None:
        dpi = rng.choice((100, 150, 150, 200))
    img = rasterize_pdf_page(pdf, dpi)
    if dots:
        # About 0.4 mm from dot to dot, as a 9-pin head prints, and never dots of one pixel
        # with one pixel of paper between: a head's dots are wider than the paper between them,
        # and at 150 DPI such a page (one pixel inked in four) gave the detector no text at all.
        pitch = max(3, round(dpi / 63))
        img = dot_matrix(img, pitch)
        ops.append(f"dot_matrix({pitch})")
    if rng.random() < 0.3:
        img = uneven_light(img, nrng)
        ops.append("uneven_light")
    if rng.random() < 0.8:
        angle = rng.uniform(0.5, 3.0) * rng.choice((-1, 1))
        img = rotate_small(img, angle)
        ops.append(f"rotate({angle:+.1f})")
    if rng.random() < 0.5:
        k = rng.choice((3, 5)) if dpi >= 150 else 3
        img = _u8(cv2.GaussianBlur(img, (k, k), 0))
        ops.append(f"blur({k})")
    if rng.random() < 0.5:
        sigma = rng.uniform(4, 12)
        img = add_noise(img, nrng, sigma)
        ops.append(f"noise({sigma:.0f})")
    if allow_right_angle and rng.random() < 0.15:
        turns = rng.choice((1, 2, 3))
        img = rotate_right_angle(img, turns)
        ops.append(f"rotate{turns * 90}")
    return img, Degradation(dpi, tuple(ops))


def photograph_on_table(img: Image, rng: random.Random) -> Image:
    """The page photographed from above at a slant: its corners moved a little each way,
    on a darker, uneven ground."""
    h, w = img.shape[:2]
    pad = int(0.12 * max(h, w))
    ground = np.full((h + 2 * pad, w + 2 * pad, 3), rng.randint(50, 140), dtype=np.float32)
    nrng = np.random.default_rng(rng.getrandbits(32))
    ground += nrng.normal(0, 6, size=ground.shape[:2])[..., None]
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    moved = (
        corners
        + pad
        + np.array(
            [[rng.uniform(-0.05, 0.05) * w, rng.uniform(-0.03, 0.03) * h] for _ in range(4)],
            dtype=np.float32,
        )
    )
    matrix = cv2.getPerspectiveTransform(corners, moved)
    out = np.clip(ground, 0, 255).astype(np.uint8)
    colour = img if img.ndim == 3 else cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    size = (out.shape[1], out.shape[0])
    cv2.warpPerspective(colour, matrix, size, dst=out, borderMode=cv2.BORDER_TRANSPARENT)
    return out


def encode_image(img: Image, ext: str, *, jpeg_quality: int = 75) -> bytes:
    """Encode as JPEG/PNG/WebP/BMP bytes (OpenCV picks the codec from the extension)."""
    params: list[int] = []
    if ext in (".jpg", ".jpeg"):
        params = [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality]
    elif ext == ".png":
        params = [cv2.IMWRITE_PNG_COMPRESSION, 9]
    elif ext == ".webp":
        params = [cv2.IMWRITE_WEBP_QUALITY, jpeg_quality]
    ok, buf = cv2.imencode(ext, img, params)
    if not ok:
        raise ValueError(f"OpenCV cannot encode {ext}")
    return bytes(buf.tobytes())


def image_only_pdf(jpeg: bytes, width_px: int, height_px: int, dpi: int) -> bytes:
    """Wrap a JPEG in a one-page PDF with no text layer: what a scanner's "scan to PDF" makes.
    fpdf2 embeds the JPEG stream as is (DCTDecode), so no second compression loss."""
    from io import BytesIO

    from fpdf import FPDF

    from axocr.synth.canvas import FIXED_CREATION_DATE

    w_mm, h_mm = width_px * 25.4 / dpi, height_px * 25.4 / dpi
    pdf = FPDF(unit="mm", format=(w_mm, h_mm))
    pdf.set_creation_date(FIXED_CREATION_DATE)
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(BytesIO(jpeg), x=0, y=0, w=w_mm, h=h_mm)
    return bytes(pdf.output())
