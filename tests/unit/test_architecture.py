"""The layers docs/architecture.md draws, checked on the source: who may import whom, and how
long a function may grow.

Stages, lowest first: the shared data (types, errors, config) → document → ocr → layout →
extract → validate → export; the composers above them (api, pipeline, batch, bench, serve, cli).
A stage imports only from stages below it; extract and validate see each other only through
``axocr.types``. The known exceptions are listed by name with the reason they are still there;
a new one fails, and so does an entry here that is no longer needed.
"""

from __future__ import annotations

import ast
from pathlib import Path

AXOCR = Path(__file__).resolve().parents[2] / "axocr"

# Lower number = lower layer. A module may import from its own layer's package and from any
# package with a lower number; composers (99) import anything.
LAYERS: dict[str, int] = {
    "types": 0,
    "errors": 0,
    "config": 0,
    "memory": 0,  # process memory (malloc_trim), used by every stage that holds pages
    # language knowledge, read from the locale packs: config (the known languages) and ocr (the
    # Tesseract codes) read it as well as normalize, extract and validate
    "lang": 0,
    "document": 1,
    "ocr": 2,
    "layout": 3,
    "pipeline": 4,  # the page pipeline: where document, ocr and layout meet
    "normalize": 5,  # text → values (amounts, dates, currencies, ids), below extract and validate
    "extract": 6,
    "validate": 6,  # beside extract: the two meet only through axocr.types
    "vendor_memory": 7,
    "export": 8,
    "synth": 8,  # the fixtures generator draws documents; it reads nothing back
    "api": 99,
    "batch": 99,
    "bench": 99,
    "serve": 99,
    "cli": 99,
    "__init__": 99,
    "__main__": 99,
}

# (importing package, imported package): why it is still allowed. Remove an entry when the
# import goes; the test below fails on entries nobody needs any more.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

MAX_FUNCTION_LINES = 80


def _package_of(path: Path) -> str:
    rel = path.relative_to(AXOCR)
    return rel.parts[0].removesuffix(".py")


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "axocr" and len(parts) > 1:
                found.add(parts[1])
    return found


def _sources() -> list[Path]:
    return sorted(AXOCR.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    packages = {_package_of(p) for p in _sources()}
    assert packages, "no sources found"
    missing = packages - set(LAYERS)
    assert not missing, f"add these to LAYERS and to docs/architecture.md: {sorted(missing)}"


def test_no_stage_imports_from_a_stage_above_it_or_beside_it() -> None:
    seen: set[tuple[str, str]] = set()
    wrong: list[str] = []
    for path in _sources():
        mine = _package_of(path)
        for other in _imported_packages(path):
            if other == mine or other not in LAYERS or mine not in LAYERS:
                continue
            upward = LAYERS[other] > LAYERS[mine]
            sideways = LAYERS[other] == LAYERS[mine] and LAYERS[mine] not in (0, 99)
            if upward or sideways:
                seen.add((mine, other))
                if (mine, other) not in KNOWN_EXCEPTIONS:
                    wrong.append(f"{path.relative_to(AXOCR.parent)} imports axocr.{other}")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))
    stale = set(KNOWN_EXCEPTIONS) - seen
    assert not stale, f"no longer needed, remove from KNOWN_EXCEPTIONS: {sorted(stale)}"


def test_no_function_is_longer_than_a_screen() -> None:
    long: list[str] = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno is not None
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    rel = path.relative_to(AXOCR.parent)
                    long.append(f"{rel}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)
