"""Vendor memory: what a person's correction taught about one vendor, reused on its next
invoices.

A correction (``axocr learn``) is matched against the document it corrects: where each right
value is printed (the label before or above it and its box on the page), the vendor's name as
printed and as wanted, its date order, decimal separator and invoice-number shape. These are
kept per vendor in a SQLite file, found again by the vendor's registration number, VAT id,
vendor-master id or, failing those, by the fixed text of its pages. ``axocr extract
--memory`` reads the remembered places first; when they no longer hold (a new layout), the
generic extractor's result stands and ``memory_mismatch`` says why it needs a look.

This package is the only place that knows about the memory; ``api.py`` calls
:func:`recall` before validation and :func:`settle` after it.
"""

from axocr.vendor_memory.learn import (
    Correction,
    LearnNote,
    learn_correction,
    learn_document,
    read_corrections,
)
from axocr.vendor_memory.recall import Recall, recall, settle
from axocr.vendor_memory.store import FieldMemory, Spot, VendorMemory, VendorProfile, VendorRecord

__all__ = [
    "Correction",
    "FieldMemory",
    "LearnNote",
    "Recall",
    "Spot",
    "VendorMemory",
    "VendorProfile",
    "VendorRecord",
    "learn_correction",
    "learn_document",
    "read_corrections",
    "recall",
    "settle",
]
