"""The exceptions axocr raises.

::

    AxocrError                      base; carries .code, .path, .page, .engine
    ├── InputError                  the document itself is the problem
    │   ├── UnsupportedFormatError  code "unsupported_format": not a PDF or a known image
    │   ├── EncryptedDocumentError  code "encrypted": a password is needed, or the one given is wrong
    │   ├── CorruptDocumentError    code "corrupt": the file cannot be parsed
    │   ├── EmptyDocumentError      code "empty": zero bytes, or no pages
    │   └── TooLargeError           code "too_large": over a configured limit (bytes, pages, pixels)
    ├── EngineError                 code "engine_error": an OCR engine failed on a page
    │   └── EngineUnavailableError  code "engine_unavailable": not installed; names the extra
    ├── NormalizationError          code "parse_error": text is not an amount / date / ...
    │   ├── AmountParseError
    │   └── DateParseError
    ├── DocumentTimeoutError        code "timeout": over the per-document time limit
    ├── VendorMasterError           code "vendor_master": the vendor master file is unreadable
    ├── RegistryError               code "registry": a registry file or database is unreadable
    ├── VendorMemoryError           code "vendor_memory": the vendor memory file is unreadable
    └── LocalePackError             code "locale_pack": a locale pack (lang/*.toml) is malformed

In batch mode (``extract_many`` and the CLI) these become :class:`axocr.types.ErrorRecord`
entries with the same ``code``, and the document's status is ``failed`` or ``partial``.
"""

from __future__ import annotations

import re

# "<_io.BytesIO object at 0x7f...>": what Pillow and others print for an in-memory file.
_OBJECT_REPR = re.compile(r"\s*<[\w.]+ object at 0x[0-9a-fA-F]+>")


def describe(exc: BaseException) -> str:
    """A third-party exception as a message a person can use: its text without object
    addresses, or its type when it has no text (``RuntimeError()`` says nothing)."""
    text = _OBJECT_REPR.sub("", str(exc)).strip().rstrip(":").strip()
    return text or f"{type(exc).__name__} with no message"


class AxocrError(Exception):
    code = "internal"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        page: int | None = None,
        engine: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.page = page
        self.engine = engine

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.engine:
            where.append(f"engine {self.engine}")
        return f"{self.message} ({', '.join(where)})" if where else self.message


class InputError(AxocrError):
    code = "bad_input"


class UnsupportedFormatError(InputError):
    code = "unsupported_format"


class EncryptedDocumentError(InputError):
    code = "encrypted"


class CorruptDocumentError(InputError):
    code = "corrupt"


class EmptyDocumentError(InputError):
    code = "empty"


class TooLargeError(InputError):
    code = "too_large"


class EngineError(AxocrError):
    code = "engine_error"


class EngineUnavailableError(EngineError):
    code = "engine_unavailable"


class NormalizationError(AxocrError, ValueError):
    code = "parse_error"


class AmountParseError(NormalizationError):
    pass


class DateParseError(NormalizationError):
    pass


class DocumentTimeoutError(AxocrError):
    code = "timeout"


class VendorMasterError(AxocrError):
    code = "vendor_master"


class RegistryError(AxocrError):
    code = "registry"


class VendorMemoryError(AxocrError):
    code = "vendor_memory"


class LocalePackError(AxocrError):
    code = "locale_pack"
