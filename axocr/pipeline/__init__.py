"""Reading: a document's pages through the page pipeline to lines with boxes.

``read_document`` is the entry point; :mod:`axocr.pipeline.stages` lists the stages. The
pipeline sits above ``document``, ``ocr`` and ``layout`` (which never import one another
upwards) and below ``extract``.
"""

from axocr.pipeline.read import add_image_words, logo_boxes, read_document
from axocr.pipeline.stages import PAGE_STAGES, Stage, preprocess

__all__ = ["PAGE_STAGES", "Stage", "add_image_words", "logo_boxes", "preprocess", "read_document"]
