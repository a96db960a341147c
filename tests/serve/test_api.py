"""`axocr serve`: a real server process, real multipart uploads, good and hostile files."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURES, fixture_labels
from tests.serve.server import Server, running

SYNTH = FIXTURES / "synth" / "files"
LIMIT_MB = 1.5


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("serve-data")
    with running("serve", "--data", str(data), "--max-file-mb", str(LIMIT_MB)) as srv:
        yield srv


def _label(name: str) -> dict[str, object]:
    for record in fixture_labels():
        if record["path"] == f"files/{name}":
            return record["fields"]  # type: ignore[no-any-return]
    raise AssertionError(f"no label for {name}")


def _post(client: httpx.Client, name: str, data: bytes, **params: str) -> httpx.Response:
    return client.post("/v1/extract", files={"file": (name, data)}, params=params)


def test_healthz_answers_ok_with_the_version(server: Server) -> None:
    from axocr import __version__

    response = httpx.get(server.url + "healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


@pytest.mark.parametrize("name", ["en_classic_001.pdf", "ja_standard_001.pdf"])
def test_a_born_digital_pdf_upload_gives_the_labelled_fields(server: Server, name: str) -> None:
    label = _label(name)
    with server.client() as client:
        response = _post(client, name, (SYNTH / name).read_bytes())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert body["path"] == name
    assert body["fields"]["total"]["value"] == label["total"]
    assert body["fields"]["invoice_number"]["value"] == label["invoice_number"]
    assert body["fields"]["invoice_date"]["value"] == label["date"]
    assert body["page_info"][0]["unit"] == "pt"


def test_the_api_answers_with_the_same_keys_as_the_cli(server: Server) -> None:
    from typer.testing import CliRunner

    from axocr.cli import app

    pdf = SYNTH / "en_classic_001.pdf"
    cli = CliRunner().invoke(app, ["extract", str(pdf), "--no-progress", "-j", "1"])
    with server.client() as client:
        api = _post(client, pdf.name, pdf.read_bytes()).json()
    from_cli = json.loads(cli.stdout)
    assert list(api) == list(from_cli)
    assert {k: v["value"] for k, v in api["fields"].items()} == {
        k: v["value"] for k, v in from_cli["fields"].items()
    }
    assert api["sha256"] == from_cli["sha256"]


def test_a_scan_turned_on_its_side_is_read_and_its_rotation_reported(server: Server) -> None:
    path = FIXTURES / "special" / "rotated_90.png"
    with server.client() as client:
        response = _post(client, path.name, path.read_bytes())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["routes"] == ["ocr"]
    assert body["fields"]["total"]["value"] == "12199.64"  # fixtures/special/labels.jsonl
    info = body["page_info"][0]
    # The file is landscape, its page turned 90 degrees clockwise: the reader turned it back
    # by 270, and the page as read (the frame of the boxes) is portrait.
    assert (info["unit"], info["rotation"]) == ("px", 270)
    assert info["height"] > info["width"]


def test_options_are_query_parameters(server: Server) -> None:
    pdf = SYNTH / "en_classic_001.pdf"
    with server.client() as client:
        plain = _post(client, pdf.name, pdf.read_bytes(), ocr_images="false").json()
        forced = _post(client, pdf.name, pdf.read_bytes(), language="de").json()
    assert plain["routes"] == ["text_layer"]
    assert forced["language"] == "de"


def _error(response: httpx.Response) -> str:
    body = response.json()
    assert body["status"] == "failed"
    assert len(body["errors"]) == 1 and body["errors"][0]["message"]
    return str(body["errors"][0]["code"])


def test_hostile_uploads_get_a_4xx_with_an_error_record(server: Server) -> None:
    pdf = (SYNTH / "en_classic_001.pdf").read_bytes()
    cases = {
        "empty": (b"", 422, "empty"),
        "truncated": (pdf[: len(pdf) // 3], 422, "corrupt"),
        "random": (os.urandom(50_000), 415, "unsupported_format"),
        "too large": (b"%PDF-1.7\n" + os.urandom(int(LIMIT_MB * 1024 * 1024)), 413, "too_large"),
        "encrypted": ((FIXTURES / "special" / "encrypted.pdf").read_bytes(), 422, "encrypted"),
    }
    with server.client() as client:
        for case, (data, status, code) in cases.items():
            response = _post(client, "x.pdf", data)
            assert response.status_code == status, (case, response.text)
            assert _error(response) == code, case


def test_bad_options_and_requests_get_a_400_with_an_error_record(server: Server) -> None:
    pdf = (SYNTH / "en_classic_001.pdf").read_bytes()
    with server.client() as client:
        responses = [
            _post(client, "a.pdf", pdf, dpi="5"),
            _post(client, "a.pdf", pdf, dpi="many"),
            _post(client, "a.pdf", pdf, vendors="/etc/passwd"),  # server paths are not options
            _post(client, "a.pdf", pdf, max_pages="100000"),  # limits are only lowered
            client.post("/v1/extract", data={"nofile": "1"}),
        ]
    for response in responses:
        assert response.status_code == 400, response.text
        assert _error(response) == "bad_input"


def test_the_api_page_works_offline(server: Server) -> None:
    with server.client() as client:
        spec = client.get("/openapi.json").json()
        page = client.get("/docs").text
        workbench = client.get("/").text
    assert "/v1/extract" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/v1/extract"]["post"]["parameters"]}
    assert {"dpi", "ocr_images", "language"} <= params
    for html in (page, workbench):
        # nothing loaded from another host: every src/href is local
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
        assert "/openapi.json" in page


def test_a_token_is_needed_when_one_is_set(tmp_path: Path) -> None:
    with running("serve", "--data", str(tmp_path), "--token", "s3cret", "--no-warm") as srv:
        pdf = SYNTH / "en_classic_001.pdf"
        assert httpx.get(srv.url + "healthz").status_code == 200
        with srv.client() as client:
            refused = _post(client, pdf.name, pdf.read_bytes())
            wrong = client.get("/openapi.json", headers={"Authorization": "Bearer nope"})
            allowed = client.post(
                "/v1/extract",
                files={"file": (pdf.name, pdf.read_bytes())},
                params={"ocr_images": "false"},  # no engine to load in this short-lived server
                headers={"Authorization": "Bearer s3cret"},
            )
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["code"] == "unauthorized"
    assert wrong.status_code == 401
    assert allowed.status_code == 200


def test_binding_beyond_loopback_generates_a_token() -> None:
    from axocr.cli import _serve_config
    from axocr.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    base = {"port": 0, "workers": 1, "data_dir": "/tmp/x", "user": "me", "results": None}
    assert _serve_config(host="127.0.0.1", token=None, **base).token is None
    open_config = _serve_config(host="0.0.0.0", token=None, **base)
    assert open_config.token and len(open_config.token) >= 24
    assert _serve_config(host="0.0.0.0", token="mine", **base).token == "mine"
