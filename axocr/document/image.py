"""Raster input (PNG, JPEG, TIFF with several pages, BMP, WebP, GIF) through OpenCV.

The header is read first (Pillow reads only the header on open) so that a decompression bomb
is refused before any pixel is decoded.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import cv2
import numpy as np
from PIL import Image as PILImage

from axocr.errors import CorruptDocumentError, TooLargeError, describe
from axocr.types import Image

# Pillow's own bomb check would fire before ours with a less helpful message.
PILImage.MAX_IMAGE_PIXELS = None


def probe_image(data: bytes, *, path: str | None) -> tuple[int, int, int, float | None]:
    """(width, height, frames, dpi) from the header, without decoding pixels."""
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            width, height = im.size
            frames = int(getattr(im, "n_frames", 1))
            dpi_info = im.info.get("dpi")
    except Exception as exc:  # Pillow raises many types for broken headers
        raise CorruptDocumentError(
            f"cannot read the image header: {describe(exc)}", path=path
        ) from exc
    dpi: float | None = None
    if isinstance(dpi_info, tuple) and dpi_info and float(dpi_info[0]) > 1:
        dpi = float(dpi_info[0])
    return width, height, frames, dpi


def iter_frames(
    data: bytes, *, path: str | None, max_pixels: int, max_pages: int
) -> Iterator[Image]:
    """Decode each frame (page) to BGR, refusing frames over max_pixels."""
    width, height, frames, _ = probe_image(data, path=path)
    if width * height > max_pixels:
        raise TooLargeError(
            f"image is {width}x{height} = {width * height:,} pixels, over the limit of "
            f"{max_pixels:,}",
            path=path,
        )
    buf = np.frombuffer(data, dtype=np.uint8)
    if frames <= 1:
        decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        if decoded is None or decoded.dtype != np.uint8:
            yield _decode_with_pillow(data, 0, path=path)
        else:
            yield np.ascontiguousarray(decoded, dtype=np.uint8)
        return
    # Multi-page TIFF (and animated GIF/WebP): decode frame by frame to keep memory bounded.
    with PILImage.open(io.BytesIO(data)) as im:
        for index in range(min(frames, max_pages)):
            try:
                im.seek(index)
                fw, fh = im.size
                if fw * fh > max_pixels:
                    raise TooLargeError(
                        f"frame {index} is {fw}x{fh} pixels, over the limit", path=path, page=index
                    )
                rgb = np.asarray(im.convert("RGB"), dtype=np.uint8)
            except TooLargeError:
                raise
            except Exception as exc:
                raise CorruptDocumentError(
                    f"cannot decode frame {index}: {describe(exc)}", path=path, page=index
                ) from exc
            yield np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))


def _decode_with_pillow(data: bytes, index: int, *, path: str | None) -> Image:
    # OpenCV builds without GIF (and some exotic TIFF compressions) return None.
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            im.seek(index)
            rgb = np.asarray(im.convert("RGB"), dtype=np.uint8)
    except Exception as exc:
        raise CorruptDocumentError(f"cannot decode the image: {describe(exc)}", path=path) from exc
    return np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
