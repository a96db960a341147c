"""Resuming a batch: which inputs an output file already holds, and cutting the line a killed
run left unfinished."""

from __future__ import annotations

import json
import os
from pathlib import Path

from axocr.batch.inputs import input_key
from axocr.export.formats import unneutralize_cell


def done_paths(output: Path) -> set[str]:
    """The inputs already in an output file (JSON lines or CSV), by :func:`input_key`, for
    ``--resume``.

    Keyed by path, not by content: a file with the same bytes as a finished one under another
    name still gets its own record. A line cut short by a killed run does not parse, or lacks
    its last column, and is simply redone.
    """
    done: set[str] = set()
    if not output.exists():
        return done
    if output.suffix.lower() == ".csv" or _looks_like_csv(output):
        import csv

        with output.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                path = unneutralize_cell(row.get("path") or "")
                # A truncated last row has too few columns: its last cell (sha256) is then
                # missing, or cut short.
                sha = row.get("sha256")
                if path and sha is not None and len(sha) in (0, 64):
                    done.add(input_key(path))
        return done
    with output.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            found = record.get("path") if isinstance(record, dict) else None
            if isinstance(found, str) and found:
                done.add(input_key(found))
    return done


def _looks_like_csv(output: Path) -> bool:
    with output.open("rb") as fh:
        head = fh.read(64)
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"path,")


def repair_tail(output: Path) -> None:
    """Cut a last line left unfinished by a killed run, so that appending starts clean.

    Without this, the first record of a resumed run would be glued to the broken line and
    both would be unreadable.
    """
    if not output.exists():
        return
    with output.open("rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        # Walk back in blocks to the last newline; everything after it is the broken line.
        pos = size
        keep = 0
        while pos > 0:
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            block = fh.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                keep = pos + nl + 1
                break
        fh.truncate(keep)
