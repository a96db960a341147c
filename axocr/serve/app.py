"""The HTTP app: the extraction API and the review workbench, on FastAPI.

Routes::

    GET  /healthz                         liveness, no token needed
    POST /v1/extract                      multipart `file` -> InvoiceResult JSON
    GET  /openapi.json, /docs             the API description, and a page that lists it
    GET  /                                the workbench (with a results file)
    GET  /api/queue                       documents, those needing review first
    GET  /api/documents/{i}               one document: fields, reasons in words, pages
    GET  /api/documents/{i}/pages/{n}.png the page as the reader saw it
    GET  /api/documents/{i}/pages/{n}/words   the words read on it, with boxes
    POST /api/documents/{i}/fields/{name} accept or correct one field (and, with a vendor
                                          memory, teach it the document: serve/teach.py)

A failed extraction answers with the same ``InvoiceResult`` JSON as ``axocr extract``, with
a 4xx status chosen by its error code (413 too large, 415 not a PDF or image, 422 unreadable),
so that a client can branch on the status and still read the record.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ValidationError

from axocr import __version__
from axocr.config import Config, ExtractConfig, ReadConfig, ServeConfig
from axocr.document.load import file_sha256
from axocr.errors import AxocrError
from axocr.export.formats import result_dict
from axocr.serve.engines import Extractor
from axocr.serve.store import CorrectionStore
from axocr.serve.teach import MemoryTeacher, not_taught
from axocr.serve.workbench import Workbench, corrections_record
from axocr.types import FIELD_NAMES, Document, ErrorRecord, InvoiceResult
from axocr.vendor_memory import Correction as MemoryCorrection

STATUS_BY_ERROR = {
    "too_large": 413,
    "unsupported_format": 415,
    "empty": 422,
    "corrupt": 422,
    "encrypted": 422,
    "no_text": 422,
    "bad_input": 400,
    "timeout": 504,
    "engine_unavailable": 503,
    "crashed": 500,
    "internal": 500,
}
TOKEN_COOKIE = "axocr_token"
_CHUNK = 1 << 20
# Multipart headers and boundaries around the file itself.
_MULTIPART_SLACK = 16 * 1024

# Request options: the reading and extraction settings a caller may choose per document.
# Settings that name server paths (vendors, cache_dir, model_dir) or raise the server's
# limits are the operator's, not the caller's.
_READ_OPTIONS = (
    "dpi",
    "password",
    "text_layer",
    "min_text_chars",
    "ocr_images",
    "orientation",
    "flatten",
    "seals",
    "deskew",
    "contrast",
    "max_pages",
)
_EXTRACT_OPTIONS = ("language", "review_threshold", "keep_candidates")


class FieldUpdate(BaseModel):
    """A reviewer's value for one field; the same value as read means "accepted"."""

    value: str | None = None
    page: int | None = None
    bbox: list[float] | None = None


def failed(code: str, message: str) -> InvoiceResult:
    return InvoiceResult(
        status="failed",
        errors=[ErrorRecord(code=code, message=message)],
        review_reasons=[code],
    )


def result_response(result: InvoiceResult) -> JSONResponse:
    status = 200
    if result.status == "failed":
        code = result.errors[0].code if result.errors else "internal"
        status = STATUS_BY_ERROR.get(code, 422)
    return JSONResponse(result_dict(result), status_code=status)


def _doc(field: str, model: type[BaseModel]) -> str:
    return model.model_fields[field].description or ""


def create_app(config: ServeConfig) -> FastAPI:
    """The app for one server. The engines warm up when the app starts."""
    extractor = Extractor(Config(read=config.read, extract=config.extract), config.workers)
    store = CorrectionStore(config.data_dir)
    bench = Workbench(config.results, store, config.user) if config.results else None
    memory = config.extract.memory
    teacher = MemoryTeacher(memory, config.extract) if memory else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if config.warm:
            extractor.start()
        yield
        extractor.close()
        if teacher is not None:
            teacher.close()

    app = FastAPI(
        title="axocr",
        version=__version__,
        description="Invoice fields from PDFs, scans and photos, and a review workbench.",
        # FastAPI's own /docs page loads its scripts from a CDN; ours is offline.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    _add_input_guards(app, config)
    if config.token:
        _add_token_check(app, config.token)
    _add_api_routes(app, config, extractor)
    _add_workbench_routes(app, config, bench, extractor, teacher)
    return app


def _add_input_guards(app: FastAPI, config: ServeConfig) -> None:
    """Bad requests and oversized uploads answer with an error record, never a 500."""

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        if request.url.path.startswith("/v1/"):
            return result_response(failed("bad_input", f"bad request: {problems}"))
        return _error("bad_input", f"bad request: {problems}", 400)

    @app.middleware("http")
    async def refuse_large_uploads(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Refused before the body is read: the multipart parser would first spool it all.
        length = request.headers.get("content-length", "")
        limit = config.read.max_file_bytes + _MULTIPART_SLACK
        if request.method == "POST" and length.isdigit() and int(length) > limit:
            return result_response(
                failed(
                    "too_large",
                    f"the upload is over the limit of {config.read.max_file_bytes} bytes",
                )
            )
        return await call_next(request)


def _add_token_check(app: FastAPI, token: str) -> None:
    @app.middleware("http")
    async def require_token(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path == "/healthz":
            return await call_next(request)
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        given = given or request.cookies.get(TOKEN_COOKIE, "")
        from_query = request.query_params.get("token", "")
        if not (
            secrets.compare_digest(given.encode(), token.encode())
            or secrets.compare_digest(from_query.encode(), token.encode())
        ):
            return JSONResponse(
                {
                    "errors": [
                        {
                            "code": "unauthorized",
                            "message": "a valid token is needed "
                            "(Authorization: Bearer TOKEN, or ?token=TOKEN once)",
                        }
                    ]
                },
                status_code=401,
            )
        response = await call_next(request)
        if from_query:
            # The browser keeps it, so the workbench's own requests need not carry it.
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response


def _add_api_routes(app: FastAPI, config: ServeConfig, extractor: Extractor) -> None:
    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the server answers."""
        return {"status": "ok", "version": __version__}

    @app.post(
        "/v1/extract",
        responses={
            200: {"description": "the InvoiceResult JSON, as `axocr extract` prints it"},
            400: {"description": "bad options or request: an InvoiceResult with status failed"},
            413: {"description": "over the size limit (`too_large`)"},
            415: {"description": "not a PDF or a known image (`unsupported_format`)"},
            422: {"description": "cannot be read: empty, corrupt, encrypted, no text"},
        },
    )
    async def extract(
        request: Request,
        file: Annotated[UploadFile, File(description="a PDF or image")],
        dpi: Annotated[int | None, Query(description=_doc("dpi", ReadConfig))] = None,
        password: Annotated[str | None, Query(description=_doc("password", ReadConfig))] = None,
        text_layer: Annotated[
            bool | None, Query(description=_doc("text_layer", ReadConfig))
        ] = None,
        min_text_chars: Annotated[
            int | None, Query(description=_doc("min_text_chars", ReadConfig))
        ] = None,
        ocr_images: Annotated[
            bool | None, Query(description=_doc("ocr_images", ReadConfig))
        ] = None,
        orientation: Annotated[
            bool | None, Query(description=_doc("orientation", ReadConfig))
        ] = None,
        flatten: Annotated[bool | None, Query(description=_doc("flatten", ReadConfig))] = None,
        seals: Annotated[bool | None, Query(description=_doc("seals", ReadConfig))] = None,
        deskew: Annotated[bool | None, Query(description=_doc("deskew", ReadConfig))] = None,
        contrast: Annotated[bool | None, Query(description=_doc("contrast", ReadConfig))] = None,
        max_pages: Annotated[
            int | None, Query(description=_doc("max_pages", ReadConfig) + " (at most the server's)")
        ] = None,
        language: Annotated[str | None, Query(description=_doc("language", ExtractConfig))] = None,
        review_threshold: Annotated[
            float | None, Query(description=_doc("review_threshold", ExtractConfig))
        ] = None,
        keep_candidates: Annotated[
            bool | None, Query(description=_doc("keep_candidates", ExtractConfig))
        ] = None,
    ) -> Response:
        """Extract the invoice fields of one uploaded document."""
        given = {k: v for k, v in locals().items() if k in _READ_OPTIONS + _EXTRACT_OPTIONS}
        unknown = set(request.query_params) - set(_READ_OPTIONS + _EXTRACT_OPTIONS) - {"token"}
        if unknown:
            return result_response(
                failed("bad_input", f"unknown option(s): {', '.join(sorted(unknown))}")
            )
        try:
            request_config = options_config(
                config, {k: v for k, v in given.items() if v is not None}
            )
        except (ValidationError, ValueError) as exc:
            return result_response(failed("bad_input", f"bad option: {exc}"))
        limit = config.read.max_file_bytes
        data = bytearray()
        while chunk := await file.read(_CHUNK):
            data += chunk
            if len(data) > limit:
                return result_response(
                    failed("too_large", f"the upload is over the limit of {limit} bytes")
                )
        result = await extractor.extract(bytes(data), request_config)
        result.path = file.filename or None
        result.sha256 = hashlib.sha256(data).hexdigest() if data else None
        return result_response(result)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs_page() -> HTMLResponse:
        return HTMLResponse(_static("docs.html"))


def _add_workbench_routes(
    app: FastAPI,
    config: ServeConfig,
    bench: Workbench | None,
    extractor: Extractor,
    teacher: MemoryTeacher | None,
) -> None:
    def workbench() -> Workbench:
        if bench is None:
            raise LookupError("no results file")
        return bench

    _add_workbench_views(app, bench, workbench)
    read = _add_workbench_words(app, config, workbench, extractor)
    _add_workbench_save(app, workbench, read, teacher)


def _add_workbench_views(
    app: FastAPI, bench: Workbench | None, workbench: Callable[[], Workbench]
) -> None:
    """The page, its scripts, the queue, a document and its page pictures: read only."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        if bench is None:
            return HTMLResponse(_static("no_results.html"))
        return HTMLResponse(_static("index.html"))

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        media = {"app.js": "text/javascript", "app.css": "text/css"}.get(name)
        if media is None:  # only the files we ship, by name; no path reaches the disk
            return _not_found(f"no static file {name!r}")
        return Response(_static(name), media_type=media)

    @app.get("/api/queue", include_in_schema=False)
    def queue() -> Response:
        try:
            wb = workbench()
        except LookupError:
            return _not_found("no results file: start with `axocr review RESULTS.jsonl`")
        return JSONResponse(
            {"results": wb.results_file.name, "user": wb.user, "documents": wb.queue()}
        )

    @app.get("/api/documents/{index}", include_in_schema=False)
    def document(index: int) -> Response:
        try:
            return JSONResponse(workbench().view(index))
        except (LookupError, KeyError):
            return _not_found(f"no document {index}")

    @app.get("/api/documents/{index}/pages/{page}.png", include_in_schema=False)
    def page_png(index: int, page: int) -> Response:
        try:
            data = workbench().page_png(index, page)
        except (LookupError, KeyError):
            return _not_found(f"no page {page} of document {index}")
        except (AxocrError, OSError, ValueError) as exc:
            # The file is gone or unreadable (a failed result): no picture, the rest works.
            return _not_found(str(exc))
        return Response(data, media_type="image/png", headers={"Cache-Control": "no-cache"})


ReadFor = Callable[[Workbench, int], Awaitable[Document]]


def _add_workbench_words(
    app: FastAPI,
    config: ServeConfig,
    workbench: Callable[[], Workbench],
    extractor: Extractor,
) -> ReadFor:
    """The words one can click on a page; returns the reader of a document, which teaching
    the memory shares so that a document is read (OCR'd) once."""
    words_cache: dict[int, Document] = {}

    async def read_for(wb: Workbench, index: int) -> Document:
        document = words_cache.get(index)
        path = wb.files[index]
        if document is None:
            if path is None:
                raise FileNotFoundError("the document's file is not found")
            read = config.read.model_copy(update={"cache_dir": f"{config.data_dir}/cache"})
            document = await extractor.read(path, read)
            words_cache[index] = document
        return document

    @app.get("/api/documents/{index}/pages/{page}/words", include_in_schema=False)
    async def page_words(index: int, page: int) -> Response:
        try:
            wb = workbench()
            wb.check_index(index)
        except (LookupError, KeyError):
            return _not_found(f"no document {index}")
        if wb.files[index] is None:
            return _not_found("the document's file is not found")
        try:
            document = await read_for(wb, index)
        except Exception as exc:  # an unreadable file still leaves the workbench usable
            return JSONResponse(
                {"words": [], "error": f"{type(exc).__name__}: {exc}"}, status_code=200
            )
        pages = [p for p in document.pages if p.index == page]
        words = [{"text": w.text, "bbox": w.bbox.as_list()} for p in pages for w in p.words]
        return JSONResponse({"words": words})

    return read_for


def _add_workbench_save(
    app: FastAPI,
    workbench: Callable[[], Workbench],
    read_for: ReadFor,
    teacher: MemoryTeacher | None,
) -> None:
    """Saving a field's value: kept in the corrections database first, then (with a vendor
    memory) taught to the memory; the answer says what was learned or why not."""

    async def teach(wb: Workbench, index: int) -> dict[str, Any]:
        assert teacher is not None  # only called with one
        result = wb.check_index(index)
        path = wb.files[index]
        if path is None:
            return not_taught("the document's file is not found")
        try:
            document = await read_for(wb, index)
            key = result.sha256
            if not key:
                key = await asyncio.to_thread(file_sha256, path)
        except Exception as exc:
            return not_taught(f"cannot read the document: {type(exc).__name__}: {exc}")
        record = corrections_record(result, await asyncio.to_thread(wb.corrections, index))
        lesson = MemoryCorrection.model_validate({**record, "path": result.path or str(path)})
        return await teacher.teach(document, lesson, key)

    @app.post("/api/documents/{index}/fields/{name}", include_in_schema=False)
    async def save_field(index: int, name: str, update: FieldUpdate) -> Response:
        if name not in FIELD_NAMES:
            return _not_found(f"no field {name!r}")
        if update.bbox is not None and (
            len(update.bbox) != 4 or not all(0.0 <= v <= 1.0 for v in update.bbox)
        ):
            return _error("bad_input", "bbox is 4 numbers in 0..1", 400)
        try:
            wb = workbench()
            saved = await asyncio.to_thread(
                wb.save, index, name, update.value, page=update.page, bbox=update.bbox
            )
        except (LookupError, KeyError):
            return _not_found(f"no document {index}")
        answer: dict[str, Any] = {"saved": saved.__dict__}
        if teacher is not None:
            answer["memory"] = await teach(wb, index)
        answer["document"] = await asyncio.to_thread(wb.view, index)
        return JSONResponse(answer)


def options_config(config: ServeConfig, options: dict[str, Any]) -> Config:
    """The server's settings with a request's options on top (limits only lowered)."""
    read = {k: v for k, v in options.items() if k in _READ_OPTIONS}
    extract = {k: v for k, v in options.items() if k in _EXTRACT_OPTIONS}
    if read.get("max_pages", 0) > config.read.max_pages:
        raise ValueError(f"max_pages is at most {config.read.max_pages} on this server")
    return Config(
        read=ReadConfig.model_validate({**config.read.model_dump(), **read}),
        extract=ExtractConfig.model_validate({**config.extract.model_dump(), **extract}),
    )


def _error(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse({"errors": [{"code": code, "message": message}]}, status_code=status)


def _not_found(message: str) -> JSONResponse:
    return _error("not_found", message, 404)


def _static(name: str) -> str:
    return resources.files("axocr.serve").joinpath("static", name).read_text(encoding="utf-8")
