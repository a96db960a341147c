"""Each fixture is read once per session, whichever golden tests ask for it: the scans run the
real OCR engine, about 4 s of CPU each, and both the snapshot and the truth tests need them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import axocr
from axocr.types import InvoiceResult
from tests.golden.golden import FixtureDoc

ResultOf = Callable[[FixtureDoc], InvoiceResult]


@pytest.fixture(scope="session")
def result_of() -> ResultOf:
    results: dict[str, InvoiceResult] = {}

    def read(doc: FixtureDoc) -> InvoiceResult:
        if doc.rel not in results:
            results[doc.rel] = axocr.extract(doc.path, **doc.options)
        # a copy, so that a test that changes its result cannot change another test's
        return results[doc.rel].model_copy(deep=True)

    return read
