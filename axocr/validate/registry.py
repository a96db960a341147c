"""The registry of qualified invoice issuers (適格請求書発行事業者), kept in a local SQLite file.

The National Tax Agency publishes the registry as full-download files on its publication site
(https://www.invoice-kohyo.nta.go.jp/download/zenken): zip archives of CSV files, one row per
registration, no header row, 24 columns in the order of its resource definition
(リソース定義書, https://www.invoice-kohyo.nta.go.jp/files/k-resource-dl.pdf):

 1 一連番号 sequenceNumber          13 所在地 都道府県コード addressPrefectureCode
 2 登録番号 registratedNumber (T+13) 14 所在地 市区町村コード addressCityCode
 3 事業者処理区分 process            15 所在地 (公表申出) addressRequest
   01 新規 02 変更 03 失効 04 取消 99 削除 16-17 its prefecture and city codes
 4 訂正区分 correct (0 no, 1 yes)    18 日本語 (カナ) kana
 5 人格区分 kind (1 個人, 2 法人)      19 氏名又は名称 name
 6 国内外区分 country (1 国内, 2 国外, 3 特定国外) 20 国内において行う資産の譲渡等に係る事務所等 addressInside
 7 最新履歴 latest (1 latest, 0 history)  21-22 its prefecture and city codes
 8 登録年月日 registrationDate       23 主たる屋号 tradeName
 9 更新年月日 updateDate             24 通称・旧姓 popularName_previousName
10 登録取消年月日 disposalDate
11 登録失効年月日 expireDate
12 本店又は主たる事務所の所在地 address

Dates are ``YYYY-MM-DD``. The files are Unicode (UTF-8); a file re-saved as Shift_JIS/CP932 is
read too, and a zip archive is read member by member. A registration is in force from its
registration date until the day before its disposal (取消) or expiry (失効) date.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, cast

from axocr.errors import RegistryError
from axocr.types import Fields, Finding
from axocr.validate.vendors import MATCH_THRESHOLD, compare_keys, match_key

COLUMNS = (
    "sequenceNumber",
    "registratedNumber",
    "process",
    "correct",
    "kind",
    "country",
    "latest",
    "registrationDate",
    "updateDate",
    "disposalDate",
    "expireDate",
    "address",
    "addressPrefectureCode",
    "addressCityCode",
    "addressRequest",
    "addressRequestPrefectureCode",
    "addressRequestCityCode",
    "kana",
    "name",
    "addressInside",
    "addressInsidePrefectureCode",
    "addressInsideCityCode",
    "tradeName",
    "popularName_previousName",
)
_N = len(COLUMNS)
PROCESS_DELETED = "99"
_NUMBER = re.compile(r"T(\d{13})")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS issuers (
    number INTEGER PRIMARY KEY,  -- the 13 digits after T
    process TEXT, correct TEXT, kind TEXT, country TEXT, latest TEXT,
    registration_date TEXT, update_date TEXT, disposal_date TEXT, expire_date TEXT,
    name TEXT, kana TEXT, address TEXT, trade_name TEXT, popular_name TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
# The latest state of a registration wins over a history row, whatever the file order.
_UPSERT = """
INSERT INTO issuers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(number) DO UPDATE SET
    process = excluded.process, correct = excluded.correct, kind = excluded.kind,
    country = excluded.country, latest = excluded.latest,
    registration_date = excluded.registration_date, update_date = excluded.update_date,
    disposal_date = excluded.disposal_date, expire_date = excluded.expire_date,
    name = excluded.name, kana = excluded.kana, address = excluded.address,
    trade_name = excluded.trade_name, popular_name = excluded.popular_name
WHERE excluded.latest = '1' OR issuers.latest <> '1'
"""


@dataclass(frozen=True)
class RegistryEntry:
    number: str  # T + 13 digits
    name: str
    kind: str  # 1 individual, 2 corporation
    registration_date: str
    disposal_date: str
    expire_date: str
    process: str
    trade_name: str = ""
    popular_name: str = ""
    address: str = ""

    def names(self) -> list[str]:
        """The names the issuer may print: its registered name, trade name, common name."""
        return [n for n in (self.name, self.trade_name, self.popular_name) if n]

    def in_force_on(self, day: dt.date) -> tuple[bool, str]:
        """Whether the registration is in force on ``day``, and why not."""
        iso = day.isoformat()
        if not self.registration_date or iso < self.registration_date:
            return False, f"registered only from {self.registration_date or 'an unknown date'}"
        if self.disposal_date and iso >= self.disposal_date:
            return False, f"registration withdrawn (取消) on {self.disposal_date}"
        if self.expire_date and iso >= self.expire_date:
            return False, f"registration expired (失効) on {self.expire_date}"
        return True, f"registered since {self.registration_date}"


@dataclass(frozen=True)
class ImportStats:
    rows: int
    deleted: int
    files: int


def normalize_number(value: str) -> str | None:
    """``T`` + 13 digits from a printed number (full-width, spaces and hyphens allowed)."""
    text = re.sub(r"[\s\-‐－]", "", unicodedata.normalize("NFKC", value)).upper()
    if re.fullmatch(r"\d{13}", text):
        text = "T" + text
    return text if _NUMBER.fullmatch(text) else None


def _open_texts(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """(name for messages, binary stream) of each CSV in a file or a zip archive."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
                if not members:
                    raise RegistryError("the zip archive holds no .csv file", path=str(path))
                for member in members:
                    with archive.open(member) as fh:
                        yield f"{path}:{member}", fh
        else:
            with path.open("rb") as fh:
                yield str(path), fh
    except (OSError, zipfile.BadZipFile) as exc:
        raise RegistryError(f"cannot read: {exc}", path=str(path)) from exc


def _encoding_of(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # A cut multi-byte character at the end of the sample is fine: final=False.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp932"


def read_registry_rows(name: str, raw: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """(line number, 24 fields) of each row; a malformed row raises :class:`RegistryError`."""
    buffered = io.BufferedReader(raw, buffer_size=1 << 20)  # type: ignore[type-var]
    encoding = _encoding_of(buffered.peek(1 << 16)[: 1 << 16])
    text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != _N:
                raise RegistryError(
                    f"line {reader.line_num}: {len(row)} fields, the published format has {_N}",
                    path=name,
                )
            if not _NUMBER.fullmatch(row[1]):
                raise RegistryError(
                    f"line {reader.line_num}: {row[1]!r} is not a registration number (T+13 "
                    "digits)",
                    path=name,
                )
            yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise RegistryError(f"line {reader.line_num + 1}: not {encoding} text", path=name) from exc
    except csv.Error as exc:
        raise RegistryError(f"line {reader.line_num}: {exc}", path=name) from exc


def import_registry(
    paths: Iterable[str | Path], db_path: str | Path, *, batch: int = 50_000
) -> ImportStats:
    """Load the published full-download files (CSV or zip) into a SQLite registry, adding to
    what it holds; a row of process 99 (削除) removes its registration."""
    con = sqlite3.connect(str(db_path))
    rows = deleted = files = 0
    try:
        con.executescript(_SCHEMA)
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA journal_mode = MEMORY")
        # The whole number index of a million registrations fits in 128 MB of page cache:
        # inserts then never wait for a page to be read back (3x faster at 1M rows).
        con.execute("PRAGMA cache_size = -131072")
        with con:
            for path in paths:
                p = Path(path)
                if not p.is_file():
                    raise RegistryError("file not found", path=str(p))
                for name, fh in _open_texts(p):
                    files += 1
                    pending: list[tuple[object, ...]] = []
                    gone: list[tuple[int]] = []
                    for _, r in read_registry_rows(name, fh):
                        number = int(r[1][1:])
                        if r[2] == PROCESS_DELETED:
                            gone.append((number,))
                            continue
                        pending.append(
                            (
                                number,
                                r[2],
                                r[3],
                                r[4],
                                r[5],
                                r[6],
                                r[7],
                                r[8],
                                r[9],
                                r[10],
                                r[18],
                                r[17],
                                r[11] or r[14] or r[19],
                                r[22],
                                r[23],
                            )
                        )
                        if len(pending) >= batch:
                            # in key order: each insert lands next to the previous one
                            pending.sort(key=_first)
                            con.executemany(_UPSERT, pending)
                            rows += len(pending)
                            pending.clear()
                    con.executemany(_UPSERT, pending)
                    rows += len(pending)
                    con.executemany("DELETE FROM issuers WHERE number = ?", gone)
                    deleted += len(gone)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('imported', ?)",
                (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),),
            )
    except sqlite3.Error as exc:
        raise RegistryError(f"cannot write the registry: {exc}", path=str(db_path)) from exc
    finally:
        con.close()
    return ImportStats(rows=rows, deleted=deleted, files=files)


def _first(row: tuple[object, ...]) -> int:
    return cast(int, row[0])


class Registry:
    """A registry database opened for lookups (read-only)."""

    def __init__(self, db_path: str | Path) -> None:
        p = Path(db_path)
        if not p.is_file():
            raise RegistryError("registry database not found", path=str(p))
        try:
            # read-only, so one connection may serve the threads of a worker
            self._con = sqlite3.connect(
                f"file:{p.resolve()}?mode=ro", uri=True, check_same_thread=False
            )
            self._con.execute("SELECT number FROM issuers LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise RegistryError(
                f"not a registry database (make one with `axocr registry import`): {exc}",
                path=str(p),
            ) from exc
        self.path = str(p)

    def lookup(self, number: str) -> RegistryEntry | None:
        """The registration of a number (``T`` optional), or None when it is not registered."""
        normal = normalize_number(number)
        if normal is None:
            return None
        row = self._con.execute(
            "SELECT name, kind, registration_date, disposal_date, expire_date, process, "
            "trade_name, popular_name, address FROM issuers WHERE number = ?",
            (int(normal[1:]),),
        ).fetchone()
        if row is None:
            return None
        return RegistryEntry(normal, *(str(v or "") for v in row))

    def count(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM issuers").fetchone()[0])

    def close(self) -> None:
        self._con.close()


def write_registry_csv(rows: Iterable[dict[str, str]], fh: IO[str]) -> None:
    """Write rows in the published format (no header, 24 columns, all quoted) — for tests and
    benchmarks that need a file shaped like the National Tax Agency's."""
    writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([row.get(c, "") for c in COLUMNS])


def open_registry(db_path: str) -> Registry:
    """One open registry per path and process: a SQLite connection must not cross a fork, so
    a batch worker opens its own."""
    return _open_registry(db_path, os.getpid())


@lru_cache(maxsize=4)
def _open_registry(db_path: str, pid: int) -> Registry:
    return Registry(db_path)


def names_agree(printed: str, registered: str) -> bool:
    """Whether a printed vendor name can be the registered one: the same name up to legal
    form and OCR's confusions, or one holding the other whole (a trade name inside the
    company name)."""
    a, b = match_key(printed), match_key(registered)
    if not a or not b:
        return False
    cmp = compare_keys(a, b)
    if cmp.score >= MATCH_THRESHOLD and not cmp.distinct:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and shorter in longer


def check_registration(fields: Fields, db_path: str) -> list[Finding]:
    """``registration_unknown``: the number is not registered, or not in force on the invoice
    date (today when there is none); ``registration_name_mismatch``: the registered name is
    not the vendor's on the page."""
    number = fields.registration_number.value
    if not number:
        return []
    registry = open_registry(db_path)
    entry = registry.lookup(number)
    if entry is None:
        return [
            Finding(
                code="registration_unknown",
                field="registration_number",
                ok=False,
                message=f"{number} is not in the registry of qualified invoice issuers",
            )
        ]
    day = _date(fields.invoice_date.value) or dt.date.today()
    in_force, why = entry.in_force_on(day)
    findings = [
        Finding(
            code="registration_unknown",
            field="registration_number",
            ok=in_force,
            message=f"{entry.number} {entry.name}: {why} (invoice date {day.isoformat()})",
        )
    ]
    printed = [n for n in (fields.vendor.value, fields.vendor.text) if n]
    if printed:
        agree = any(names_agree(p, r) for p in printed for r in entry.names())
        findings.append(
            Finding(
                code="registration_name_mismatch",
                field="registration_number",
                ok=agree,
                message=f"registered as {' / '.join(entry.names())}; on the page: {printed[0]}",
            )
        )
    return findings


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
