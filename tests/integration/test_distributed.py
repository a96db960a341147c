"""Beyond one machine: the library's functions run unchanged as Dask distributed tasks.

The cluster is in-process (``processes=False``: the inproc transport, no network); on real
machines the same calls go to ``dask scheduler`` / ``dask worker`` processes (docs/batch.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import axocr
from axocr.batch import extract_on_dask
from axocr.config import Config, ReadConfig
from axocr.types import InvoiceResult

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
SYNTH = ROOT / "fixtures" / "synth" / "files"
PDFS = sorted(p for p in SYNTH.glob("en_*.pdf") if not p.stem.endswith("_scan"))[:4]
LABELS = {
    "en_classic_001.pdf": "8153.69",
}


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with (
        distributed.LocalCluster(
            n_workers=1, processes=False, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _many(paths: list[str]) -> list[InvoiceResult]:
    return list(axocr.extract_many(paths))


def test_extract_as_dask_tasks(client: object) -> None:
    paths = [str(p) for p in PDFS]
    futures = client.map(axocr.extract, paths)  # type: ignore[attr-defined]
    results: list[InvoiceResult] = client.gather(futures)  # type: ignore[attr-defined]
    local = [axocr.extract(p) for p in paths]
    assert [r.path for r in results] == paths
    assert all(r.status == "ok" for r in results)
    # The same answers as in this process, field for field.
    assert [r.fields.model_dump() for r in results] == [r.fields.model_dump() for r in local]
    by_name = {Path(r.path or "").name: r for r in results}
    assert by_name["en_classic_001.pdf"].fields.total.value == LABELS["en_classic_001.pdf"]


def test_extract_many_as_one_dask_task(client: object) -> None:
    paths = [str(p) for p in PDFS[:2]] + [str(ROOT / "fixtures" / "special" / "encrypted.pdf")]
    results = client.submit(_many, paths).result()  # type: ignore[attr-defined]
    assert [r.status for r in results] == ["ok", "ok", "failed"]
    assert results[2].errors[0].code == "encrypted"


def test_extract_on_dask_helper_gives_one_record_each(client: object) -> None:
    config = Config(read=ReadConfig(max_pages=5))
    results = list(extract_on_dask(client, PDFS, config))
    assert len(results) == 4  # four fixture PDFs: an empty glob must not pass
    assert sorted(r.path or "" for r in results) == sorted(map(str, PDFS))
    assert all(r.status == "ok" and r.sha256 and len(r.sha256) == 64 for r in results)
