"""The workbench teaches the vendor memory (``--memory FILE``) as the reviewer saves.

Every saved field teaches its document again with all of the document's decisions in force
(corrected and accepted values), the same as ``axocr learn`` on the corrections file the
workbench exports; teaching a document again replaces what it taught before, so the memory
never counts a document twice. The decision itself is in the corrections database before
any teaching starts: a failure here costs the lesson, never the correction.

One thread owns the memory's only writing connection, so teachings never overlap and SQLite
sees one writer per server; extractions read the file through their own read-only
connections (``vendor_memory.store.open_for_reading``), which wait out a commit (a few
milliseconds) through SQLite's busy timeout. The file stays in rollback-journal mode, not
WAL: a memory is one file that people copy and hand around, and a WAL file could not be
opened read-only from a folder without write access.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
from dataclasses import asdict
from typing import Any

from axocr.config import ExtractConfig
from axocr.types import Document
from axocr.vendor_memory import Correction, LearnNote, VendorMemory, learn_document


class MemoryTeacher:
    """Teaches one vendor memory file from the workbench's decisions, on its own thread."""

    def __init__(self, path: str, extract: ExtractConfig) -> None:
        self.path = path
        self.extract = extract.model_copy(update={"memory": None})
        self._memory: VendorMemory | None = None
        self._executor = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="axocr-memory")

    def _teach(self, document: Document, correction: Correction, key: str) -> list[LearnNote]:
        if self._memory is None:
            # opened on the teaching thread, which alone uses it
            self._memory = VendorMemory(self.path)
        return learn_document(self._memory, document, correction, self.extract, document_key=key)

    async def teach(self, document: Document, correction: Correction, key: str) -> dict[str, Any]:
        """What teaching ``document`` learned, as the save's answer shows it; never raises."""
        loop = asyncio.get_running_loop()
        try:
            notes = await loop.run_in_executor(
                self._executor, self._teach, document, correction, key
            )
        except Exception as exc:  # the correction is saved; only the lesson is lost
            return not_taught(f"{type(exc).__name__}: {exc}")
        return taught(notes)

    def _close(self) -> None:
        if self._memory is not None:
            self._memory.close()
            self._memory = None

    def close(self) -> None:
        self._executor.submit(self._close)
        self._executor.shutdown(wait=True)


def taught(notes: list[LearnNote]) -> dict[str, Any]:
    vendor = next((n.vendor_id for n in notes if n.vendor_id is not None), None)
    learned = [n.field for n in notes if n.action in ("learned", "fact") and n.field]
    if vendor is None:
        summary = "memory: nothing learned: " + "; ".join(n.detail for n in notes)
    else:
        summary = f"memory: vendor #{vendor} learned " + (", ".join(learned) or "nothing")
    return {
        "learned": vendor is not None,
        "vendor_id": vendor,
        "summary": summary,
        "notes": [
            {k: v for k, v in asdict(n).items() if k in ("field", "action", "detail")}
            for n in notes
        ],
    }


def not_taught(why: str) -> dict[str, Any]:
    return {
        "learned": False,
        "vendor_id": None,
        "summary": f"memory: nothing learned: {why}",
        "notes": [],
    }
