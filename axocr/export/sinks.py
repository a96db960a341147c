"""Where a run's results go: one JSON object, a JSON array, JSON lines or CSV rows.

Each result is written and flushed as soon as it is given, so a killed run keeps every record
written before the kill (JSON lines and CSV can then be resumed; a JSON array cannot).
"""

from __future__ import annotations

from typing import Literal, TextIO

from axocr.export.formats import csv_header, csv_line, lines_csv, lines_csv_header, to_json
from axocr.types import InvoiceResult

SinkFormat = Literal["json", "jsonl", "csv"]


class ResultSink:
    """Writes results to an open text stream in one of the output formats.

    ``single``: the run has one document and the format is JSON, so the output is that one
    object rather than an array of one (the common interactive case). ``header``: write the
    CSV header (false when appending to a file that has one). ``lines``: CSV of the invoices'
    line items, a row each, instead of a row per invoice.
    """

    def __init__(
        self,
        out: TextIO,
        fmt: SinkFormat,
        *,
        single: bool = False,
        header: bool = True,
        bom: bool = False,
        raw_csv: bool = False,
        lines: bool = False,
    ) -> None:
        self.out = out
        self.fmt = fmt
        self.single = single and fmt == "json"
        self.header = header
        self.bom = bom
        self.raw_csv = raw_csv
        self.lines = lines
        self.written = 0

    def start(self) -> None:
        if self.fmt == "csv" and self.header:
            header = lines_csv_header() if self.lines else csv_header()
            self.out.write(("\ufeff" if self.bom else "") + header)
        elif self.fmt == "json" and not self.single:
            self.out.write("[\n")
        self.out.flush()

    def write(self, result: InvoiceResult) -> None:
        if self.fmt == "jsonl":
            self.out.write(to_json(result) + "\n")
        elif self.fmt == "csv":
            write = lines_csv if self.lines else csv_line
            self.out.write(write(result, raw=self.raw_csv))
        else:
            text = to_json(result, indent=2)
            self.out.write(text if self.single else ("" if self.written == 0 else ",\n") + text)
        self.out.flush()
        self.written += 1

    def finish(self) -> None:
        if self.fmt == "json":
            self.out.write("\n" if self.single else "\n]\n")
            self.out.flush()
