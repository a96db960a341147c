"""Corrections kept in SQLite: who changed which field of which document, when, from what to
what, and where on the page the right value is.

Every save is a new row (an audit trail, nothing is overwritten); the latest row per document
and field is the one that counts. A document is known by its content hash where the results
file has one, so a correction follows the file's bytes, not its name; by its path otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axocr.types import FIELD_NAMES

DB_NAME = "corrections.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    page INTEGER,
    bbox TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    results TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS corrections_doc ON corrections (sha256, path);
"""


def default_data_dir() -> Path:
    """The per-user data folder, as desktop conventions place it (no extra dependency)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "axocr"


@dataclass(frozen=True)
class Correction:
    """One reviewed field: ``new_value`` equal to ``old_value`` means the value was accepted."""

    path: str
    sha256: str
    field: str
    old_value: str | None
    new_value: str | None
    page: int | None
    bbox: list[float] | None
    who: str
    at: str
    id: int = 0

    @property
    def changed(self) -> bool:
        return self.new_value != self.old_value


class CorrectionStore:
    """The corrections database in a data folder (created on first use)."""

    def __init__(self, data_dir: str | Path) -> None:
        self.path = Path(data_dir) / DB_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # A connection per operation: the server calls from several threads, and SQLite's own
        # file locking then keeps concurrent writers safe.
        con = sqlite3.connect(self.path, timeout=10)
        try:
            with con:
                yield con
        finally:
            con.close()

    def add(self, correction: Correction, *, results: str = "") -> Correction:
        if correction.field not in FIELD_NAMES:
            raise ValueError(f"unknown field {correction.field!r}")
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO corrections (path, sha256, field, old_value, new_value, page, bbox,"
                " who, at, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    correction.path,
                    correction.sha256,
                    correction.field,
                    correction.old_value,
                    correction.new_value,
                    correction.page,
                    json.dumps(correction.bbox) if correction.bbox is not None else None,
                    correction.who,
                    correction.at,
                    results,
                ),
            )
            row_id = cur.lastrowid or 0
        return Correction(**{**correction.__dict__, "id": row_id})

    def latest(self, path: str, sha256: str | None) -> dict[str, Correction]:
        """The correction in force for each field of one document."""
        with self._connect() as con:
            if sha256:
                rows = con.execute(
                    "SELECT * FROM corrections WHERE sha256 = ? ORDER BY id", (sha256,)
                ).fetchall()
            else:
                rows = con.execute(
                    "SELECT * FROM corrections WHERE path = ? AND sha256 = '' ORDER BY id",
                    (path,),
                ).fetchall()
        out: dict[str, Correction] = {}
        for row in rows:
            c = _from_row(row)
            out[c.field] = c
        return out

    def history(self) -> list[Correction]:
        with self._connect() as con:
            rows = con.execute("SELECT * FROM corrections ORDER BY id").fetchall()
        return [_from_row(r) for r in rows]


def _from_row(row: tuple[object, ...]) -> Correction:
    (row_id, path, sha, field, old, new, page, bbox, who, at, _results) = row
    return Correction(
        id=int(str(row_id)),
        path=str(path),
        sha256=str(sha or ""),
        field=str(field),
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
        page=None if page is None else int(str(page)),
        bbox=json.loads(str(bbox)) if bbox else None,
        who=str(who),
        at=str(at),
    )


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
