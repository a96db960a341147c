"""The vendor memory file: SQLite, one row per vendor, found by key or by its pages' fixed text.

A vendor is found in two ways. Its keys (``reg:T...``, ``vat:DE...``, ``master:V001``) are
looked up exactly. Failing those, its fingerprint: the set of words of its first page that are
not numbers or dates (labels, its name and address, headings), kept as the words every taught
document of the vendor shared. Comparing a page with every vendor's set would cost 10,000 set
intersections per document, so an inverted index of words serves the lookup, restricted to
words that few vendors print ("invoice" and "total" are on every page and say nothing):
a page finds its candidates through its rare words in well under a millisecond.

``taught_documents`` remembers, per document (by content hash), which vendor it taught and
that vendor's entry before and after, so that teaching a document again replaces its earlier
teaching (the workbench teaches on every saved field).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from axocr.errors import VendorMemoryError

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vendors (
    id INTEGER PRIMARY KEY,
    name TEXT,
    printed TEXT,
    profile TEXT NOT NULL,
    tokens TEXT NOT NULL,
    documents INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vendor_keys (
    key TEXT PRIMARY KEY,
    vendor_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS vendor_keys_vendor ON vendor_keys (vendor_id);
CREATE TABLE IF NOT EXISTS vendor_tokens (
    token TEXT NOT NULL,
    vendor_id INTEGER NOT NULL,
    PRIMARY KEY (token, vendor_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vendor_tokens_vendor ON vendor_tokens (vendor_id);
CREATE TABLE IF NOT EXISTS token_df (token TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS taught_documents (
    document TEXT PRIMARY KEY,
    vendor_id INTEGER NOT NULL,
    before TEXT,
    after TEXT NOT NULL
);
"""

Where = Literal["same-line", "right", "below", "none"]
Kind = Literal["amount", "date", "id", "registration", "name", "code"]


class Spot(BaseModel):
    """One place a field's value was printed: the label that heads it and its box."""

    label: str | None = Field(None, description="the label's text, case-folded")
    where: Where = Field("none", description="where the value stands from its label")
    page: int = 0
    bbox: tuple[float, float, float, float] = Field(description="the value's box, 0-1")
    label_bbox: tuple[float, float, float, float] | None = None
    known: bool = Field(
        False, description="the label is one the generic extractor reads for this field"
    )


class FieldMemory(BaseModel):
    kind: Kind
    spots: list[Spot] = Field(default_factory=list)
    patterns: list[str] = Field(
        default_factory=list, description="shapes of the values taught (identifiers only)"
    )
    fact: str | None = Field(None, description="a value not printed on the page, kept as is")
    taught: int = Field(1, description="corrections that taught this field")
    extractor_right: bool = Field(
        False, description="the generic extractor had it right on every taught document"
    )


class VendorProfile(BaseModel):
    name: str | None = Field(None, description="the vendor's name as wanted")
    printed: str | None = Field(None, description="the vendor's name as printed")
    printed_bbox: tuple[float, float, float, float] | None = None
    day_first: bool | None = Field(None, description="date order, where a date showed it")
    decimal_sep: str | None = None
    language: str | None = None
    fields: dict[str, FieldMemory] = Field(default_factory=dict)


class VendorRecord(BaseModel):
    id: int
    keys: list[str]
    profile: VendorProfile
    tokens: frozenset[str]
    documents: int
    created: str
    updated: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class VendorMemory:
    """A vendor memory file. ``readonly`` opens an existing file for extraction: a missing
    file is an empty memory, not an error (nothing has been taught yet)."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        self._conn: sqlite3.Connection | None = None
        try:
            if readonly:
                if not Path(self.path).exists():
                    return
                conn = sqlite3.connect(
                    f"file:{Path(self.path).resolve()}?mode=ro", uri=True, check_same_thread=False
                )
                conn.execute("PRAGMA mmap_size = 268435456")
            else:
                conn = sqlite3.connect(self.path)
            self._conn = conn
            if not readonly:
                conn.executescript(_SCHEMA)
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)",
                    (SCHEMA_VERSION,),
                )
                conn.commit()
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error as exc:
            self.close()
            if "locked" in str(exc):
                # a file that is a memory, written by someone else past the busy timeout
                raise VendorMemoryError(
                    f"the vendor memory is in use by another writer: {exc}", path=self.path
                ) from exc
            raise VendorMemoryError(f"not a vendor memory: {exc}", path=self.path) from exc
        if row is None or row[0] != SCHEMA_VERSION:
            self.close()
            raise VendorMemoryError(
                f"unknown vendor memory version {row[0] if row else None!r}", path=self.path
            )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> VendorMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _cursor(self) -> Iterator[sqlite3.Connection]:
        if self._conn is None:
            raise VendorMemoryError("the vendor memory is closed or empty", path=self.path)
        try:
            yield self._conn
        except sqlite3.Error as exc:
            raise VendorMemoryError(f"vendor memory: {exc}", path=self.path) from exc

    @property
    def empty(self) -> bool:
        return self._conn is None

    # ---------------------------------------------------------------- lookups
    def vendor_count(self) -> int:
        if self._conn is None:
            return 0
        with self._cursor() as db:
            return int(db.execute("SELECT COUNT(*) FROM vendors").fetchone()[0])

    def find_by_keys(self, keys: Iterable[str]) -> dict[int, list[str]]:
        """Vendor ids whose keys are among ``keys``, with the keys that matched."""
        keys = list(dict.fromkeys(keys))
        if self._conn is None or not keys:
            return {}
        marks = ",".join("?" * len(keys))
        out: dict[int, list[str]] = {}
        with self._cursor() as db:
            for key, vid in db.execute(
                f"SELECT key, vendor_id FROM vendor_keys WHERE key IN ({marks})", keys
            ):
                out.setdefault(int(vid), []).append(str(key))
        return out

    def find_by_tokens(self, tokens: Iterable[str], limit: int = 5) -> dict[int, int]:
        """Vendors sharing the most rare words with a page: id -> words shared."""
        tokens = list(dict.fromkeys(tokens))
        if self._conn is None or not tokens:
            return {}
        with self._cursor() as db:
            # the largest id, not COUNT(*): counting walks every row (5 ms at 10,000 vendors)
            count = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM vendors").fetchone()[0])
            # A word printed by more than 2% of vendors (or 10) finds too many to help.
            most = max(10, count // 50)
            rare: dict[str, int] = {}
            for i in range(0, len(tokens), 500):
                chunk = tokens[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for t, n in db.execute(
                    f"SELECT token, n FROM token_df WHERE token IN ({marks})", chunk
                ):
                    if 0 < n <= most:
                        rare[str(t)] = int(n)
            if not rare:
                return {}
            marks = ",".join("?" * len(rare))
            hits: dict[int, list[str]] = {}
            for t, v in db.execute(
                f"SELECT token, vendor_id FROM vendor_tokens WHERE token IN ({marks})",
                list(rare),
            ):
                hits.setdefault(int(v), []).append(str(t))
        # The rarer the shared words, the likelier the vendor: a name printed by one vendor
        # outweighs a street name three vendors share.
        ranked = sorted(hits.items(), key=lambda kv: -sum(1 / rare[t] for t in kv[1]))
        return {v: len(ts) for v, ts in ranked[:limit]}

    def get(self, vendor_id: int) -> VendorRecord | None:
        if self._conn is None:
            return None
        with self._cursor() as db:
            row = db.execute(
                "SELECT id, profile, tokens, documents, created, updated FROM vendors WHERE id = ?",
                (vendor_id,),
            ).fetchone()
            if row is None:
                return None
            keys = _keys(db, vendor_id)
        try:
            profile = VendorProfile.model_validate_json(row[1])
            tokens = frozenset(json.loads(row[2]))
        except (ValidationError, ValueError) as exc:
            raise VendorMemoryError(f"vendor {vendor_id}: damaged entry", path=self.path) from exc
        return VendorRecord(
            id=int(row[0]),
            keys=keys,
            profile=profile,
            tokens=tokens,
            documents=int(row[3]),
            created=str(row[4]),
            updated=str(row[5]),
        )

    def vendors(self) -> list[VendorRecord]:
        if self._conn is None:
            return []
        with self._cursor() as db:
            ids = [int(r[0]) for r in db.execute("SELECT id FROM vendors ORDER BY id")]
        return [rec for vid in ids if (rec := self.get(vid)) is not None]

    # ---------------------------------------------------------------- changes
    def _writable(self) -> sqlite3.Connection:
        if self._conn is None or self.readonly:
            raise VendorMemoryError("the vendor memory is open read-only", path=self.path)
        return self._conn

    def save(
        self,
        vendor_id: int | None,
        profile: VendorProfile,
        tokens: frozenset[str],
        keys: Iterable[str],
        *,
        documents: int = 1,
        commit: bool = True,
    ) -> int:
        """Insert a vendor (``vendor_id`` None) or replace what is known about one."""
        db = self._writable()
        now = _now()
        data = profile.model_dump_json(exclude_defaults=True)
        token_json = json.dumps(sorted(tokens), ensure_ascii=False)
        try:
            if vendor_id is None:
                cur = db.execute(
                    "INSERT INTO vendors (name, printed, profile, tokens, documents, created, "
                    "updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (profile.name, profile.printed, data, token_json, documents, now, now),
                )
                vendor_id = int(cur.lastrowid or 0)
                old: set[str] = set()
            else:
                row = (profile.name, profile.printed, data, token_json, documents)
                old = self._rewrite(db, vendor_id, row, now)
            self._retoken(db, vendor_id, old, set(tokens))
            db.executemany(
                "INSERT OR REPLACE INTO vendor_keys (key, vendor_id) VALUES (?, ?)",
                [(k, vendor_id) for k in keys],
            )
            if commit:
                db.commit()
        except sqlite3.Error as exc:
            db.rollback()
            raise VendorMemoryError(
                f"cannot write the vendor memory: {exc}", path=self.path
            ) from exc
        return vendor_id

    def commit(self) -> None:
        self._writable().commit()

    @staticmethod
    def _rewrite(
        db: sqlite3.Connection, vendor_id: int, row: tuple[object, ...], now: str
    ) -> set[str]:
        """Replace a vendor's row (name, printed, profile, tokens, documents); the tokens it
        had, for :meth:`_retoken`."""
        old = {
            str(t)
            for (t,) in db.execute(
                "SELECT token FROM vendor_tokens WHERE vendor_id = ?", (vendor_id,)
            )
        }
        db.execute(
            "UPDATE vendors SET name = ?, printed = ?, profile = ?, tokens = ?, "
            "documents = ?, updated = ? WHERE id = ?",
            (*row, now, vendor_id),
        )
        return old

    @staticmethod
    def _retoken(db: sqlite3.Connection, vendor_id: int, old: set[str], new: set[str]) -> None:
        gone, added = old - new, new - old
        db.executemany(
            "DELETE FROM vendor_tokens WHERE token = ? AND vendor_id = ?",
            [(t, vendor_id) for t in gone],
        )
        db.executemany("UPDATE token_df SET n = n - 1 WHERE token = ?", [(t,) for t in gone])
        db.executemany(
            "INSERT OR IGNORE INTO vendor_tokens (token, vendor_id) VALUES (?, ?)",
            [(t, vendor_id) for t in added],
        )
        db.executemany(
            "INSERT INTO token_df (token, n) VALUES (?, 1) "
            "ON CONFLICT (token) DO UPDATE SET n = n + 1",
            [(t,) for t in added],
        )

    def forget(self, vendor_id: int) -> bool:
        """Remove a vendor and everything learned about it; False if there was none."""
        db = self._writable()
        try:
            row = db.execute("SELECT id FROM vendors WHERE id = ?", (vendor_id,)).fetchone()
            if row is None:
                return False
            self._remove(db, vendor_id)
            db.commit()
        except sqlite3.Error as exc:
            db.rollback()
            raise VendorMemoryError(
                f"cannot write the vendor memory: {exc}", path=self.path
            ) from exc
        return True

    def _remove(self, db: sqlite3.Connection, vendor_id: int) -> None:
        old = {
            str(t)
            for (t,) in db.execute(
                "SELECT token FROM vendor_tokens WHERE vendor_id = ?", (vendor_id,)
            )
        }
        self._retoken(db, vendor_id, old, set())
        db.execute("DELETE FROM vendor_keys WHERE vendor_id = ?", (vendor_id,))
        db.execute("DELETE FROM taught_documents WHERE vendor_id = ?", (vendor_id,))
        db.execute("DELETE FROM vendors WHERE id = ?", (vendor_id,))

    # ------------------------------------------------------- documents taught
    # A document is taught again each time a reviewer saves one of its fields in the
    # workbench, and `axocr learn` may be run twice on one file. Each teaching keeps the
    # vendor's entry as it was before (``before``) and after it (``after``); teaching the
    # document again first puts ``before`` back when ``after`` still stands, so the entry is
    # what one teaching with the latest values makes (no field or document counted twice,
    # no place taught by a value since corrected). When another document of the vendor was
    # taught in between, that cannot be undone: the new teaching merges, counted once.

    def state(self, vendor_id: int) -> str | None:
        """A vendor's entry as one JSON text (None: there is none), for :meth:`restore`."""
        with self._cursor() as db:
            row = db.execute(
                "SELECT profile, tokens, documents FROM vendors WHERE id = ?", (vendor_id,)
            ).fetchone()
            if row is None:
                return None
            keys = _keys(db, vendor_id)
        return json.dumps(
            {"profile": row[0], "tokens": row[1], "documents": row[2], "keys": keys},
            ensure_ascii=False,
        )

    def restore(self, vendor_id: int, state: str | None) -> None:
        """Put a vendor's entry back as :meth:`state` gave it; None removes it. Not
        committed: the caller teaches again in the same transaction."""
        db = self._writable()
        with self._cursor():
            if state is None:
                self._remove(db, vendor_id)
                return
            data = json.loads(state)
            row = (*_names(data["profile"]), data["profile"], data["tokens"], data["documents"])
            old = self._rewrite(db, vendor_id, row, _now())
            self._retoken(db, vendor_id, old, set(json.loads(data["tokens"])))
            db.execute("DELETE FROM vendor_keys WHERE vendor_id = ?", (vendor_id,))
            db.executemany(
                "INSERT OR REPLACE INTO vendor_keys (key, vendor_id) VALUES (?, ?)",
                [(k, vendor_id) for k in data["keys"]],
            )

    def undo_document(self, document: str) -> int | None:
        """Take back an earlier teaching of ``document`` where nothing changed its vendor
        since (not committed). Returns the vendor it was taught to when it could not be taken
        back, else None."""
        with self._cursor() as db:
            row = db.execute(
                "SELECT vendor_id, before, after FROM taught_documents WHERE document = ?",
                (document,),
            ).fetchone()
        if row is None:
            return None
        vendor_id, before, after = int(row[0]), row[1], str(row[2])
        if self.state(vendor_id) != after:
            return vendor_id
        self.restore(vendor_id, None if before is None else str(before))
        with self._cursor() as db:
            db.execute("DELETE FROM taught_documents WHERE document = ?", (document,))
        return None

    def note_taught(self, document: str, vendor_id: int, before: str | None) -> None:
        """Record what teaching ``document`` changed (not committed)."""
        after = self.state(vendor_id)
        with self._cursor() as db:
            db.execute(
                "INSERT OR REPLACE INTO taught_documents (document, vendor_id, before, after) "
                "VALUES (?, ?, ?, ?)",
                (document, vendor_id, before, after),
            )

    def begin(self) -> None:
        """Take the write lock now (waiting up to SQLite's busy timeout), so that checking a
        vendor's entry and changing it are one step even when another process (a second
        server, an `axocr learn`) writes the same file."""
        db = self._writable()
        if not db.in_transaction:
            with self._cursor():
                db.execute("BEGIN IMMEDIATE")

    def rollback(self) -> None:
        if self._conn is not None:
            self._conn.rollback()


def _names(profile_json: str) -> tuple[str | None, str | None]:
    profile = VendorProfile.model_validate_json(profile_json)
    return profile.name, profile.printed


# Extraction asks for the memory once per document. Opening it again each time (and so
# starting with an empty page cache) cost 8 ms of the 10 a lookup took in a 10,000-vendor
# memory; a process keeps its read-only connections, reopened when the file changes.
_OPEN: dict[str, tuple[tuple[int, int, int], VendorMemory]] = {}


def open_for_reading(path: str | Path) -> VendorMemory:
    """A shared read-only :class:`VendorMemory` of ``path`` (do not close it)."""
    key = str(Path(path).resolve())
    try:
        st = Path(key).stat()
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0, 0)
    held = _OPEN.get(key)
    if held is not None and held[0] == stamp:
        return held[1]
    if held is not None:
        held[1].close()
        del _OPEN[key]
    memory = VendorMemory(path, readonly=True)
    if len(_OPEN) >= 4:
        _OPEN.pop(next(iter(_OPEN)))[1].close()
    _OPEN[key] = (stamp, memory)
    return memory


def _keys(db: sqlite3.Connection, vendor_id: int) -> list[str]:
    """A vendor's lookup keys, sorted."""
    query = "SELECT key FROM vendor_keys WHERE vendor_id = ? ORDER BY key"
    return [str(k) for (k,) in db.execute(query, (vendor_id,))]
