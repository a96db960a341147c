"""A local HTTP server: the extraction API (``axocr serve``) and the review workbench
(``axocr review``). Needs FastAPI and uvicorn; the library itself does not import this."""

from __future__ import annotations

from axocr.serve.app import create_app
from axocr.serve.run import is_loopback, run_server

__all__ = ["create_app", "is_loopback", "run_server"]
