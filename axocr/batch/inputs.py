"""What a batch reads: files, folders (walked recursively) and glob patterns, and the key that
identifies an input across runs (``--resume``) and within one (duplicates)."""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from axocr.export.formats import escape_surrogates


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Files, folders (recursively) and glob patterns, in a stable order, without duplicates.

    Every item named gets at least one path back, so that it gets a record instead of
    vanishing silently: a name that matches nothing, a dangling or looping link, a folder
    with no documents in it (the folder itself: its record says so). Inside folders, hidden
    files and folders (``.DS_Store``, ``.git``) are left out, and everything else that is not
    a folder is kept, FIFOs and devices too: they are never opened, and their record says
    what they are. Names are ``str`` decoded as the OS does (undecodable bytes as surrogate
    escapes, :func:`os.fsdecode`), so a file whose name is not UTF-8 is still found and read.
    """
    seen: set[str] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = input_key(str(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    def add_named(p: Path) -> None:
        if _is_dir(p):
            found = list(_walk(p))
            for sub in found:
                add(sub)
            if not found:
                add(p)  # an empty folder gets its own record
        else:
            add(p)

    for item in items:
        item = os.fsdecode(item)
        if os.path.lexists(item):
            add_named(Path(item))
            continue
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            add(Path(item))
        for m in matches:
            add_named(Path(m))
    return out


def _is_dir(p: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(p).st_mode)
    except (OSError, ValueError):  # dangling or looping link, NUL byte
        return False


def _walk(root: Path) -> Iterator[Path]:
    """Everything but folders under root, sorted by name at each level, links to folders
    followed once (a link back to a parent is not followed round and round)."""
    visited: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            st = os.stat(folder)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in visited:
            return
        visited.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = folder / entry.name
            if _is_dir(sub):
                yield from walk(sub)
            else:
                yield sub

    yield from walk(root)


_SURROGATE_ESCAPE = re.compile(r"\\u(d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def input_key(path: str) -> str:
    """What identifies an input across runs (``--resume``) and within one (duplicates): its
    real path, as written in a record (undecodable name bytes as ``\\udcXX`` text)."""
    path = _SURROGATE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), path)
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = os.path.abspath(path)
    return escape_surrogates(real)
