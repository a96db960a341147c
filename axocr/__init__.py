"""axocr: read invoices into vendor, total, dates and numbers, with confidence and review.

>>> import axocr
>>> result = axocr.extract("invoice.pdf")          # doctest: +SKIP
>>> result.fields.total.value, result.needs_review  # doctest: +SKIP
"""

from axocr.api import extract, extract_all, extract_many, read_document
from axocr.config import Config, ExtractConfig, ReadConfig
from axocr.errors import (
    AmountParseError,
    AxocrError,
    CorruptDocumentError,
    DateParseError,
    DocumentTimeoutError,
    EmptyDocumentError,
    EncryptedDocumentError,
    EngineError,
    EngineUnavailableError,
    InputError,
    LocalePackError,
    NormalizationError,
    RegistryError,
    TooLargeError,
    UnsupportedFormatError,
    VendorMasterError,
    VendorMemoryError,
)
from axocr.types import (
    BBox,
    Document,
    ErrorRecord,
    ExtractedField,
    FieldCandidate,
    Fields,
    Finding,
    InvoiceResult,
    Line,
    LineItem,
    Page,
    SplitInfo,
    Word,
)

__version__ = "0.1.0"

__all__ = [
    "AmountParseError",
    "AxocrError",
    "BBox",
    "Config",
    "CorruptDocumentError",
    "DateParseError",
    "Document",
    "DocumentTimeoutError",
    "EmptyDocumentError",
    "EncryptedDocumentError",
    "EngineError",
    "EngineUnavailableError",
    "ErrorRecord",
    "ExtractConfig",
    "ExtractedField",
    "FieldCandidate",
    "Fields",
    "Finding",
    "InputError",
    "InvoiceResult",
    "Line",
    "LineItem",
    "LocalePackError",
    "NormalizationError",
    "Page",
    "ReadConfig",
    "RegistryError",
    "SplitInfo",
    "TooLargeError",
    "UnsupportedFormatError",
    "VendorMasterError",
    "VendorMemoryError",
    "Word",
    "__version__",
    "extract",
    "extract_all",
    "extract_many",
    "read_document",
]
