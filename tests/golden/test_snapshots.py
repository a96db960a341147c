"""Golden snapshots: every fixture document's whole result is what it was when last accepted.

Any change to a field, a confidence (to 0.01), a box, a finding or the review verdict of any
fixture fails here with one line per changed value. If the change is meant, rewrite the
snapshots with ``pytest tests/golden --update-golden`` (or ``AXOCR_UPDATE_GOLDEN=1``) and read
the JSON diff in git before committing it (docs/testing.md).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import STRICT
from tests.golden.conftest import ResultOf
from tests.golden.golden import (
    SNAPSHOTS,
    UPDATE_ENV,
    FixtureDoc,
    diff_lines,
    document_files,
    dumps,
    fixture_docs,
    snapshot_of,
    update_requested,
)

DOCS = fixture_docs()


def _updating(config: pytest.Config) -> bool:
    return update_requested(bool(config.getoption("--update-golden")))


@pytest.mark.parametrize("doc", [d.param for d in DOCS])
def test_fixture_result_matches_its_golden_snapshot(
    doc: FixtureDoc, result_of: ResultOf, request: pytest.FixtureRequest
) -> None:
    got = json.loads(dumps(snapshot_of(result_of(doc))))
    if _updating(request.config):
        if not doc.snapshot.exists() or json.loads(doc.snapshot.read_text("utf-8")) != got:
            doc.snapshot.parent.mkdir(parents=True, exist_ok=True)
            doc.snapshot.write_text(dumps(got), encoding="utf-8")
        return
    assert doc.snapshot.exists(), (
        f"no snapshot {doc.snapshot.relative_to(SNAPSHOTS.parent)}: look at the result, then "
        "write it with `pytest tests/golden --update-golden`"
    )
    expected = json.loads(doc.snapshot.read_text(encoding="utf-8"))
    changes = diff_lines(expected, got)
    assert not changes, (
        f"{doc.rel}: the result differs from its golden snapshot "
        "(snapshot value -> today's value):\n"
        + "\n".join(changes)
        + "\nIf this is meant, rewrite it with `pytest tests/golden --update-golden` "
        "and check the diff in git."
    )


def test_every_fixture_document_is_labelled_and_has_a_snapshot(
    request: pytest.FixtureRequest,
) -> None:
    # Runs after the snapshot tests (pytest keeps file order), so an update has written them.
    labelled = {d.rel for d in DOCS}
    assert len(labelled) == len(DOCS), "a fixture is labelled twice"
    assert document_files() == labelled, "fixture files and labels.jsonl lines differ"
    assert len(DOCS) >= 42  # 16 layouts, each born-digital and scanned, and 10 special inputs
    wanted = {f"{d.rel}.json" for d in DOCS}
    snapshots = {p.relative_to(SNAPSHOTS).as_posix() for p in SNAPSHOTS.rglob("*.json")}
    if _updating(request.config):
        for orphan in snapshots - wanted:
            (SNAPSHOTS / orphan).unlink()
        snapshots &= wanted
    assert snapshots == wanted, "snapshots without a fixture, or fixtures without a snapshot"


def test_golden_snapshots_are_never_rewritten_in_ci(request: pytest.FixtureRequest) -> None:
    # CI (AXOCR_STRICT) must compare, never accept: a run that rewrote the snapshots would pass
    # whatever the code did.
    assert not (STRICT and _updating(request.config)), (
        f"--update-golden / {UPDATE_ENV} is set in strict mode (CI)"
    )


def test_a_changed_result_shows_as_one_line_per_changed_value() -> None:
    before = {"fields": {"total": {"value": "4500", "needs_review": True}}, "errors": ["x"]}
    after = {"fields": {"total": {"value": "450", "needs_review": True}}, "review_reasons": ["y"]}
    assert diff_lines(before, after) == [
        '  fields.total.value: "4500" -> "450"',
        '+ review_reasons[0]: "y"',
        '- errors[0]: "x"',
    ]
    assert diff_lines(before, before) == []
