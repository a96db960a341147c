"""The ``axocr ocr`` dump: a read document's pages, lines and words as JSON."""

from __future__ import annotations

import json

from axocr.export.formats import escape_surrogates
from axocr.types import Document


def ocr_dump(doc: Document, *, lines_only: bool = False) -> str:
    """JSON text of the document as read: every word with its box, or (``lines_only``) each
    line's text and box. A line's text is joined as everywhere else in axocr
    (:attr:`axocr.types.Line.text`: no space between CJK words), and a file name that is not
    UTF-8 is escaped as in the extraction results."""
    data: object
    if lines_only:
        data = {
            "path": doc.path,
            "media_type": doc.media_type,
            "pages": [
                {
                    "index": p.index,
                    "route": p.route,
                    "lines": [{"text": ln.text, "bbox": ln.bbox.as_list()} for ln in p.lines],
                }
                for p in doc.pages
            ],
            "errors": [e.model_dump() for e in doc.errors],
        }
    else:
        dumped = doc.model_dump(mode="json")
        for page, dumped_page in zip(doc.pages, dumped["pages"], strict=True):
            for line, dumped_line in zip(page.lines, dumped_page["lines"], strict=True):
                dumped_line["text"] = line.text
        data = dumped
    return escape_surrogates(json.dumps(data, ensure_ascii=False, indent=1))
