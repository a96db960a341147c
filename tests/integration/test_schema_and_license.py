"""The published JSON Schema matches the result model, real results validate against it, and
the licence files say what the package carries."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import tomllib

import axocr
from axocr.export.formats import to_json_line
from axocr.export.schema import invoice_result_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "docs" / "schema" / "invoice-result.json"


def test_the_published_schema_is_the_models() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), (
        "the result model changed: run `python -m axocr.export.schema > "
        "docs/schema/invoice-result.json`"
    )


def test_real_results_validate_against_the_published_schema() -> None:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    ok = axocr.extract(ROOT / "fixtures" / "synth" / "files" / "ja_standard_001.pdf")
    failed = axocr.extract(b"not a document")
    with_candidates = axocr.extract(
        ROOT / "fixtures" / "synth" / "files" / "en_classic_001.pdf", keep_candidates=True
    )
    for result in (ok, failed, with_candidates):
        validator.validate(json.loads(to_json_line(result)))
    broken = json.loads(to_json_line(ok))
    broken["fields"]["total"]["confidence"] = "high"
    assert not validator.is_valid(broken)
    # Every key of a result is always present, so the schema requires them all.
    assert set(invoice_result_schema()["required"]) == set(json.loads(to_json_line(failed)))
    assert "candidates" in json.loads(to_json_line(with_candidates))


def test_license_and_notice_cover_the_bundled_model() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # An SPDX expression (PEP 639): axocr's own MIT and the bundled detector's Apache-2.0.
    assert project["project"]["license"] == "MIT AND Apache-2.0"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    models = sorted((ROOT / "axocr" / "models").glob("*.onnx"))
    assert models and all(f"axocr/models/{m.name}" in notice for m in models)
    assert "Apache License, Version 2.0" in notice
    apache = (ROOT / "LICENSES" / "Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Apache License" in apache and "Version 2.0" in apache
    shipped = project["project"]["license-files"]
    assert {"LICENSE", "NOTICE", "LICENSES/*"} <= set(shipped)
