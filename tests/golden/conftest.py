"""Each fixture is read once per session, whichever golden tests ask for it: the scans run the
real OCR engine, about 4 s of CPU each, and both the snapshot and the truth tests need them.
With AXOCR_OCR_CACHE set, reads come from that cache (docs/testing.md)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

import axocr
from axocr.types import InvoiceResult
from tests.golden.golden import OCR_CACHE_ENV, FixtureDoc

ResultOf = Callable[[FixtureDoc], InvoiceResult]


@pytest.fixture(scope="session")
def result_of() -> ResultOf:
    results: dict[str, InvoiceResult] = {}
    cache = os.environ.get(OCR_CACHE_ENV)
    options = {"cache_dir": cache} if cache else {}

    def read(doc: FixtureDoc) -> InvoiceResult:
        if doc.rel not in results:
            results[doc.rel] = axocr.extract(doc.path, **options, **doc.options)
        # a copy, so that a test that changes its result cannot change another test's
        return results[doc.rel].model_copy(deep=True)

    return read
