"""Read results back from what ``axocr extract`` wrote (JSON lines, or a JSON array)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from axocr.types import InvoiceResult


def read_results(path: Path) -> tuple[list[InvoiceResult], list[str]]:
    """The results in file order, and a message for each line that is not a result.

    A JSON lines file from a killed run may end in a cut line; it is reported, not fatal.
    Results written by older versions load too: every field has a default.
    """
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    problems: list[str] = []
    if text.startswith("path,"):
        return [], [f"{path}: a CSV file; convert reads the JSON lines (or JSON) extract wrote"]
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], [f"{path}: not a JSON array of results ({exc})"]
        found = _validate(items if isinstance(items, list) else [items], path, "item", problems)
        return found, problems
    stripped = text.strip()
    if stripped.startswith("{") and "\n{" not in stripped:
        # One object, as `axocr extract` prints for a single document (maybe indented).
        try:
            return _validate([json.loads(stripped)], path, "object", problems), problems
        except json.JSONDecodeError:
            pass
    results: list[InvoiceResult] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path} line {lineno}: not JSON ({exc.msg}); left out")
            continue
        results.extend(_validate([item], path, f"line {lineno}", problems, numbered=False))
    return results, problems


def _validate(
    items: list[object], path: Path, what: str, problems: list[str], *, numbered: bool = True
) -> list[InvoiceResult]:
    out: list[InvoiceResult] = []
    for i, item in enumerate(items, 1):
        where = f"{what} {i}" if numbered else what
        try:
            out.append(InvoiceResult.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(x) for x in first.get("loc", ()))
            problems.append(f"{path} {where}: not a result ({loc}: {first.get('msg')}); left out")
    return out
