"""The docs are checked (STYLE rule 11): help texts, README commands, snippets, flags, output.

Reads README.md and docs/*.md as text and holds them against the code: every command has help,
the README's `axocr` commands run, its Python snippet names only public things, every flag in
docs/cli.md exists (and every real flag is documented), docs/api.md's examples run, and the
JSON example in docs/output.md is a valid `InvoiceResult` that still matches a real run.
Only born-digital PDFs are read here (no OCR), so the whole file takes a few seconds.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import typing
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

import axocr
from axocr.cli import app
from axocr.config import ExtractConfig, ReadConfig
from axocr.errors import AxocrError
from axocr.types import FIELD_NAMES, ExtractedField, Fields, InvoiceResult, Status

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"

# README commands that need files the repository does not have. They are not run, on purpose;
# every other `axocr` line in a README ```bash block is run. Keep this list short and exact.
README_NOT_RUN = {
    "axocr extract invoices/ -o results.jsonl --jobs 2": "needs a folder of invoices",
    "axocr extract a.pdf --format csv --bom -o out.csv": "needs a.pdf",
    "axocr ocr scan.png --lines-only": "needs scan.png",
    "axocr convert results.jsonl -o results.csv": "needs a finished run's results.jsonl",
    "axocr bench ../shared/datasets/* --limit 5": "needs the shared datasets and runs OCR",
    "axocr serve": "a server that runs until stopped (tests/serve starts it on a free port)",
    "axocr review results.jsonl --open": "needs results.jsonl; a server that runs until stopped",
    "axocr review results.jsonl --export corrected.jsonl": "needs results.jsonl",
}

WIDE = {"COLUMNS": "200", "TERMINAL_WIDTH": "200"}
FLAG = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


# --- reading the docs --------------------------------------------------------------------------


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def fenced_blocks(text: str, lang: str) -> list[str]:
    """Contents of the ```lang fences ("" for fences without a language)."""
    fences = re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.M | re.S)
    return [body for tag, body in fences if tag == lang]


def section(text: str, heading: str) -> str:
    """The text under a Markdown heading (any level), up to the next heading of that level."""
    m = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, flags=re.M)
    assert m, f"no heading {heading!r}"
    level = len(m.group(1))
    rest = text[m.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.M)
    return rest[: end.start()] if end else rest


def table_keys(text: str) -> list[str]:
    """First-column code spans of a Markdown table: `| `key` | ... |`."""
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.M)


def code_text(text: str) -> str:
    """Only what is inside code: fenced blocks and inline code spans."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    return "\n".join(blocks + re.findall(r"`([^`\n]+)`", prose))


def readme_commands() -> list[str]:
    """`axocr ...` lines of README's ```bash blocks, trailing comments dropped."""
    commands = []
    for block in fenced_blocks(_text(README), "bash"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in ("axocr", ".venv/bin/axocr"):
                commands.append(" ".join(["axocr", *words[1:]]))
    return commands


def app_commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def help_of(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--help"], env=WIDE)
    return result.exit_code, result.output


def option_flags(help_text: str) -> set[str]:
    """Flags in the options part of a --help (Typer's "Options" panel, argparse's "options:")."""
    m = re.search(r"Options|options:", help_text)
    assert m, f"no options in:\n{help_text}"
    return set(FLAG.findall(help_text[m.start() :]))


@cache
def run_axocr(command: str) -> tuple[int, str, str]:
    """Run a README command line as `python -m axocr ...` from the repository root.

    Returns (exit code, output, stderr): the output is stdout, or the text of the `-o` file
    (written to a temporary folder instead). Cached: the README example and the
    docs/output.md example are the same run.
    """
    args = shlex.split(command)[1:]
    with tempfile.TemporaryDirectory() as tmp:
        written: Path | None = None
        for i, arg in enumerate(args[:-1]):
            if arg in ("-o", "--output") and args[0] == "extract":
                written = Path(tmp) / Path(args[i + 1]).name
                args[i + 1] = str(written)
        proc = subprocess.run(
            [sys.executable, "-m", "axocr", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        output = proc.stdout
        if written is not None and written.exists():
            output = written.read_text(encoding="utf-8-sig")
    return proc.returncode, output, proc.stderr


def output_format(args: list[str]) -> str:
    """The format `axocr extract` writes for these arguments (the rule of docs/cli.md)."""
    for flag in ("--format", "-f"):
        if flag in args[:-1]:
            return args[args.index(flag) + 1]
    for flag in ("-o", "--output"):
        if flag in args[:-1]:
            suffix = Path(args[args.index(flag) + 1]).suffix
            return {".jsonl": "jsonl", ".csv": "csv"}.get(suffix, "json")
    return "json"


# --- (1) every command has help ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(app_commands()))
def test_every_command_has_help_and_help_exits_0(name: str) -> None:
    command = app_commands()[name]
    assert (command.help or "").strip(), f"`axocr {name}` has no help text (a docstring)"
    code, output = help_of(name)
    assert code == 0, output
    assert f"axocr {name}" in output


def test_top_level_help_lists_every_command() -> None:
    code, output = help_of()
    assert code == 0, output
    for name in app_commands():
        assert name in output


def test_commands_named_in_the_docs_exist() -> None:
    """`axocr X` in README's command lines and docs/cli.md's headings must be a real command."""
    named = {cmd.split()[1] for cmd in readme_commands()}
    named |= set(re.findall(r"^## axocr (\w+)", _text(DOCS / "cli.md"), flags=re.M))
    missing = sorted(named - set(app_commands()))
    assert not missing, f"documented but not commands of axocr.cli.app: {missing}"


# --- (2) the README's commands run ------------------------------------------------------------


def test_readme_skip_list_is_current() -> None:
    stale = set(README_NOT_RUN) - set(readme_commands())
    assert not stale, f"README_NOT_RUN lists commands no longer in README.md: {stale}"
    runnable = [c for c in readme_commands() if c not in README_NOT_RUN]
    assert any(c.startswith("axocr extract fixtures/") for c in runnable), (
        "README.md should keep one `axocr extract fixtures/...` example that really runs"
    )


@pytest.mark.may_skip
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command: str) -> None:
    if command in README_NOT_RUN:
        pytest.skip(README_NOT_RUN[command])
    code, output, stderr = run_axocr(command)
    assert code == 0, f"{command}\nexit {code}\n{stderr[-2000:]}"
    args = shlex.split(command)[1:]
    assert output.strip(), f"{command} printed nothing"
    if args[0] != "extract":
        return
    fmt = output_format(args)
    if fmt == "csv":
        from axocr.export.formats import CSV_COLUMNS

        assert output.splitlines()[0].split(",") == CSV_COLUMNS
        return
    if fmt == "jsonl":
        data: Any = [json.loads(line) for line in output.splitlines() if line.strip()]
    else:
        data = json.loads(output)
    records = data if isinstance(data, list) else [data]
    assert records, f"{command} wrote no records"
    text = _text(DOCS / "output.md")
    documented = set(table_keys(section(text, "The document: `InvoiceResult`")))
    field_keys = set(table_keys(section(text, "A field: `ExtractedField`")))
    # Debugging keys come only with --candidates; the CLI may leave them out otherwise.
    optional = set() if "--candidates" in args else {"candidates", "confidence_features"}
    for record in records:
        keys = set(record)
        assert keys <= documented, f"{command}: undocumented keys {keys - documented}"
        assert documented - optional <= keys, f"{command}: missing {documented - keys}"
        assert record["status"] in ("ok", "partial"), record["errors"]
        assert list(record["fields"]) == list(FIELD_NAMES)
        for name, field in record["fields"].items():
            assert set(field) == field_keys, f"{name}: keys differ from docs/output.md"
        InvoiceResult.model_validate(record)


# --- (3) the README's Python snippet uses only public names -------------------------------------


def _api_calls_ok(tree: ast.AST, where: str) -> None:
    """`axocr.X` is public, and keyword options of extract / read_document are real options."""
    options = {
        "extract": set(ReadConfig.model_fields)
        | set(ExtractConfig.model_fields)
        | {"raise_on_error"},
        "extract_many": set(ReadConfig.model_fields)
        | set(ExtractConfig.model_fields)
        | {"raise_on_error"},
        "read_document": set(ReadConfig.model_fields),
        "ReadConfig": set(ReadConfig.model_fields),
        "ExtractConfig": set(ExtractConfig.model_fields),
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "axocr"
        ):
            assert node.attr in axocr.__all__, f"{where}: axocr.{node.attr} is not public"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if (
                isinstance(func.value, ast.Name)
                and func.value.id == "axocr"
                and func.attr in options
            ):
                for kw in node.keywords:
                    if kw.arg is not None:
                        assert kw.arg in options[func.attr], f"{where}: {func.attr}({kw.arg}=...)"


def test_readme_python_snippet_uses_public_names() -> None:
    api = section(_text(README), "Python API")
    blocks = fenced_blocks(api, "python")
    assert blocks, "README's Python API section has no ```python block"
    snippet = blocks[0]
    tree = ast.parse(snippet)
    used = set(re.findall(r"\baxocr\.(\w+)", snippet))
    assert {"extract", "extract_many", "read_document"} <= used
    _api_calls_ok(tree, "README")
    for name in re.findall(r"\.fields\.(\w+)", snippet):
        assert name in Fields.model_fields, f"README: result.fields.{name}"
    for name in re.findall(r"\bfield\.(\w+)", snippet):
        assert name in ExtractedField.model_fields, f"README: field.{name}"
    for name in re.findall(r"\bresult\.(\w+)", snippet):
        assert name in InvoiceResult.model_fields, f"README: result.{name}"
    # "Options are the fields of `axocr.ReadConfig` (`engine`, `dpi`, ...)"
    options = re.findall(r"`axocr\.(ReadConfig|ExtractConfig)`\s*\(([^)]*)\)", api)
    assert {model for model, _ in options} == {"ReadConfig", "ExtractConfig"}, "options list?"
    for model, fields in options:
        cls = {"ReadConfig": ReadConfig, "ExtractConfig": ExtractConfig}[model]
        for name in re.findall(r"`(\w+)`", fields):
            assert name in cls.model_fields, f"README names {model}.{name}, which does not exist"


def test_api_doc_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/api.md promises its examples run from the repository root: run them."""
    monkeypatch.chdir(ROOT)
    blocks = fenced_blocks(_text(DOCS / "api.md"), "python")
    assert len(blocks) >= 5
    for i, block in enumerate(blocks):
        _api_calls_ok(ast.parse(block), f"docs/api.md block {i}")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, f"docs/api.md block {i}", "exec"), {"__name__": "__doc_example__"})
        assert out.getvalue().strip(), f"docs/api.md block {i} printed nothing"


def test_api_doc_config_tables_match_the_models() -> None:
    text = _text(DOCS / "api.md")
    read = section(text, "Configuration").split("`axocr.ExtractConfig`")
    assert set(table_keys(read[0])) == set(ReadConfig.model_fields)
    assert set(table_keys(read[1])) == set(ExtractConfig.model_fields)


def test_api_doc_exception_tree_is_complete() -> None:
    tree = fenced_blocks(_text(DOCS / "api.md"), "")
    drawn = next(b for b in tree if b.startswith("AxocrError"))

    def walk(cls: type[AxocrError]) -> list[type[AxocrError]]:
        return [cls, *(c for sub in cls.__subclasses__() for c in walk(sub))]

    for cls in walk(AxocrError):
        if cls.__module__ != "axocr.errors":
            continue
        assert re.search(rf"\b{cls.__name__}\b", drawn), f"{cls.__name__} not in the tree"
        assert cls.__name__ in axocr.__all__
        if cls is not AxocrError and cls.code != cls.__mro__[1].code:  # type: ignore[attr-defined]
            assert f'"{cls.code}"' in drawn, f"{cls.__name__}: code {cls.code!r} not in the tree"


# --- (4) docs/cli.md names only real flags, and all of them --------------------------------------


def cli_sections() -> dict[str, str]:
    text = _text(DOCS / "cli.md")
    names = re.findall(r"^## axocr (\w+)", text, flags=re.M)
    return {name: section(text, f"axocr {name}") for name in names}


def command_flags(name: str) -> set[str]:
    """The flags of a command, or of all the subcommands of a group (`axocr registry ...`)."""
    subcommands = getattr(app_commands()[name], "commands", None) or {"": None}
    flags: set[str] = set()
    for sub in subcommands:
        code, output = help_of(*([name, sub] if sub else [name]))
        assert code == 0, f"`axocr {name} {sub} --help` failed (exit {code}):\n{output}"
        flags |= option_flags(output)
    return flags


@pytest.mark.parametrize("name", sorted(cli_sections()))
def test_cli_doc_flags_exist(name: str) -> None:
    real = command_flags(name)
    documented = set(FLAG.findall(code_text(cli_sections()[name])))
    invented = sorted(documented - real)
    assert not invented, f"docs/cli.md names flags `axocr {name}` does not have: {invented}"
    undocumented = sorted(real - documented - {"-h", "--help"})  # --help: in the intro
    assert not undocumented, f"`axocr {name}` flags missing from docs/cli.md: {undocumented}"


def test_cli_doc_covers_every_command() -> None:
    assert set(app_commands()) <= set(cli_sections()), "a command has no section in docs/cli.md"


# --- (5) the JSON example in docs/output.md ------------------------------------------------------


def output_example() -> dict[str, Any]:
    blocks = fenced_blocks(section(_text(DOCS / "output.md"), "Example"), "json")
    assert blocks, "docs/output.md has no ```json example"
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def _assert_within(example: Any, real: Any, where: str = "$") -> None:
    """Every key of the example exists in the model's full dump, with the same value."""
    if isinstance(example, dict):
        assert isinstance(real, dict), where
        for key, value in example.items():
            assert key in real, f"{where}.{key} is not a key of InvoiceResult's JSON"
            _assert_within(value, real[key], f"{where}.{key}")
    elif isinstance(example, list):
        assert isinstance(real, list) and len(real) == len(example), where
        for i, (a, b) in enumerate(zip(example, real, strict=True)):
            _assert_within(a, b, f"{where}[{i}]")
    else:
        assert example == real, f"{where}: {example!r} became {real!r}"


def test_output_example_validates() -> None:
    example = output_example()
    result = InvoiceResult.model_validate(example)
    _assert_within(example, result.model_dump(mode="json"))


def test_output_example_matches_a_real_run() -> None:
    """The example is real output of the command it names (confidences may drift; values not)."""
    command = re.search(r"`(axocr extract fixtures/[^`]+)`", _text(DOCS / "output.md"))
    assert command, "docs/output.md should name the command its example comes from"
    code, stdout, stderr = run_axocr(command.group(1))
    assert code == 0, stderr
    real = json.loads(stdout)
    example = output_example()
    for key in ("path", "status", "pages", "language", "routes", "tax_breakdown", "errors"):
        assert example[key] == real[key], key
    for name, field in example["fields"].items():
        for key in ("value", "page", "text", "rule"):
            assert field[key] == real["fields"][name][key], f"fields.{name}.{key}"


def test_output_doc_tables_match_the_models() -> None:
    text = _text(DOCS / "output.md")
    assert table_keys(section(text, "The document: `InvoiceResult`")) == list(
        InvoiceResult.model_fields
    )
    assert table_keys(section(text, "A field: `ExtractedField`")) == list(
        ExtractedField.model_fields
    )
    assert set(table_keys(section(text, "Status"))) == set(typing.get_args(Status))


def _source() -> str:
    return "\n".join(_text(p) for p in sorted((ROOT / "axocr").rglob("*.py")))


def test_output_doc_lists_every_error_and_finding_code() -> None:
    text = _text(DOCS / "output.md")
    source = _source()

    def walk(cls: type[AxocrError]) -> list[type[AxocrError]]:
        return [cls, *(c for sub in cls.__subclasses__() for c in walk(sub))]

    errors = {c.code for c in walk(AxocrError) if c.__module__ == "axocr.errors"}
    errors |= set(re.findall(r'ErrorRecord\(\s*code="(\w+)"', source))
    errors |= set(re.findall(r'_failed\(\s*path,\s*sha,\s*"(\w+)"', source))
    errors -= {"parse_error"}  # raised by the parsers only, never a record
    documented = set(table_keys(section(text, "Error codes")))
    assert errors - documented == set(), "error codes missing from docs/output.md"
    assert documented - errors == set(), "docs/output.md lists error codes the code never gives"

    findings = set(re.findall(r'Finding\(\s*code="(\w+)"', source))
    documented = set(table_keys(section(text, "Findings")))
    assert len(findings) >= 10, "the rules' findings were not found in the source"
    assert findings == documented, "finding codes in docs/output.md differ from the rules"


def test_doc_links_resolve() -> None:
    for doc in [README, *sorted(DOCS.glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", _text(doc)):
            if "://" in target:
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"
