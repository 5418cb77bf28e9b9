"""`pull kobo` against a loopback server answering with recorded KoboToolbox API v2 responses.

Expected values come from the recorded JSON and the recorded XLSForm read independently (json,
openpyxl), never from the pull's own output.
"""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import httpx
import openpyxl
import pytest
from pytest_httpserver import HTTPServer

from cluster_analysis.pull.http import Client, Policy, PullError
from cluster_analysis.pull.kobo import pull_kobo
from cluster_analysis.pull.survey import write_survey

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded" / "kobo"
UID = "aK3fPq7ZxV9mNbT2cLw8Rd"
FAST = Policy(retries=2, backoff=0.0, max_wait=0.0)


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def serve_asset(
    server: HTTPServer, *, pages: tuple[str, ...] = ("data_page1.json", "data_page2.json")
):
    server.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(recorded("asset.json"))
    server.expect_request(f"/api/v2/assets/{UID}.xls").respond_with_data(
        (RECORDED / "form.xlsx").read_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    first = {"format": "json", "limit": "2"}
    server.expect_request(f"/api/v2/assets/{UID}/data/", query_string=first).respond_with_json(
        recorded(pages[0])
    )
    if len(pages) > 1:
        second = {"format": "json", "limit": "2", "start": "2"}
        server.expect_request(f"/api/v2/assets/{UID}/data/", query_string=second).respond_with_json(
            recorded(pages[1])
        )


def pull(server: HTTPServer, raw: Path, wave: str = "2026-1", policy: Policy = FAST):
    pulled = pull_kobo(
        UID, wave, url=server.url_for("/"), token="secret-token", policy=policy, page_size=2
    )
    return write_survey(raw, pulled, "2026-06-20T10:00:00Z")


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_pagination_follows_next_and_keeps_every_submission(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    outcome = pull(httpserver, tmp_path)
    expected = recorded("data_page1.json")["results"] + recorded("data_page2.json")["results"]
    main = sheet_rows(tmp_path / "exports/wave_2026-1.xlsx", "Packaging member survey")
    assert [r["_uuid"] for r in main] == [s["_uuid"] for s in expected]
    assert [r["profile/needs"] for r in main] == [s["profile/needs"] for s in expected]
    assert [r["_index"] for r in main] == [1, 2, 3]
    # the token travels in kpi's header on every request, and next was sent to the loopback host
    assert all(req.headers["Authorization"] == "Token secret-token" for req, _ in httpserver.log)
    assert outcome.record["rows"]["Packaging member survey"] == len(expected)
    assert outcome.record["source"]["asset"] == UID


def test_columns_follow_the_form_with_group_paths(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    survey = openpyxl.load_workbook(RECORDED / "form.xlsx")["survey"]
    names, prefix = [], []
    for kind, name, *_ in survey.iter_rows(min_row=2, values_only=True):
        if kind == "begin_group":
            prefix.append(name)
        elif kind == "end_group":
            prefix.pop()
        elif kind == "begin_repeat":
            prefix.append(None)  # repeat questions go to their own sheet
        elif kind == "end_repeat":
            prefix.pop()
        elif kind != "note" and None not in prefix:
            names.append("/".join([*prefix, name]))
    book = openpyxl.load_workbook(tmp_path / "exports/wave_2026-1.xlsx", read_only=True)
    header = next(book["Packaging member survey"].iter_rows(values_only=True))
    answers = [h for h in header if not h.startswith("_") and "/_" not in h]
    # form questions in form order, then a field only the data holds (an older form version)
    assert answers == [*names, "old_question"]
    assert header[-10:] == (
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    )


def test_geopoint_split_and_validation_label(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    first = sheet_rows(tmp_path / "exports/wave_2026-1.xlsx", "Packaging member survey")[0]
    source = recorded("data_page1.json")["results"][0]
    lat, lon, alt, precision = source["profile/location"].split()
    assert (first["profile/_location_latitude"], first["profile/_location_longitude"]) == (lat, lon)
    assert (first["profile/_location_altitude"], first["profile/_location_precision"]) == (
        alt,
        precision,
    )
    assert first["_validation_status"] == source["_validation_status"]["label"]


def test_repeat_rows_link_to_their_submission(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    path = tmp_path / "exports/wave_2026-1.xlsx"
    main = sheet_rows(path, "Packaging member survey")
    repeat = sheet_rows(path, "products")
    expected = recorded("data_page1.json")["results"] + recorded("data_page2.json")["results"]
    pairs = [
        (s["_uuid"], item["products/product_name"], item["products/volume"])
        for s in expected
        for item in s.get("products", [])
    ]
    assert [
        (r["_submission__uuid"], r["products/product_name"], r["products/volume"]) for r in repeat
    ] == pairs
    by_index = {r["_index"]: r["_uuid"] for r in main}
    assert all(by_index[r["_parent_index"]] == r["_submission__uuid"] for r in repeat)
    assert {r["_parent_table_name"] for r in repeat} == {"Packaging member survey"}
    assert [r["_index"] for r in repeat] == list(range(1, len(pairs) + 1))


def test_wave_registered_form_saved_and_sidecar_written(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "waves.csv").read_text("utf-8"))))
    assert rows == [
        {
            "file": "exports/wave_2026-1.xlsx",
            "wave": "2026-1",
            "period": "2026-1",
            "header_mode": "xml",
            "language": "",
            "question_bank": "",
            "sheet": "Packaging member survey",
        }
    ]
    assert (tmp_path / "form.xlsx").read_bytes() == (RECORDED / "form.xlsx").read_bytes()
    assert (tmp_path / "forms/wave_2026-1.xlsx").read_bytes() == (
        RECORDED / "form.xlsx"
    ).read_bytes()
    sidecar = json.loads((tmp_path / "exports/wave_2026-1.xlsx.pull.json").read_text("utf-8"))
    assert sidecar["pulled_at"] == "2026-06-20T10:00:00Z"
    assert sidecar["rows"] == {"Packaging member survey": 3, "products": 3}
    assert sidecar["source"]["server"] == httpserver.url_for("/").rstrip("/")


def test_existing_waves_csv_keeps_its_rows_byte_for_byte(httpserver: HTTPServer, tmp_path):
    before = "file,wave,period,header_mode,language,question_bank,sheet\r\nexports/old.csv,2025-2,2025 H2,xml,,,\r\n"
    (tmp_path / "waves.csv").write_bytes(before.encode())
    (tmp_path / "form.xlsx").write_bytes(b"the office's own form")
    serve_asset(httpserver)
    outcome = pull(httpserver, tmp_path)
    after = (tmp_path / "waves.csv").read_bytes().decode()
    assert after.startswith(before)
    assert after[len(before) :].startswith("exports/wave_2026-1.xlsx,2026-1,")
    assert (tmp_path / "form.xlsx").read_bytes() == b"the office's own form"
    assert any("form.xlsx differs" in en for en, _ in outcome.notes)


def test_empty_form_gives_a_header_only_export(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver, pages=("data_empty.json",))
    outcome = pull(httpserver, tmp_path)
    book = openpyxl.load_workbook(tmp_path / "exports/wave_2026-1.xlsx", read_only=True)
    main = list(book["Packaging member survey"].iter_rows(values_only=True))
    repeat = list(book["products"].iter_rows(values_only=True))
    assert len(main) == 1 and len(repeat) == 1
    assert "profile/member_id" in main[0] and "products/volume" in repeat[0]
    assert outcome.record["rows"] == {"Packaging member survey": 0, "products": 0}


def test_rerun_changes_nothing_when_the_server_did_not_change(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    before = snapshot(tmp_path)
    again = pull_kobo(
        UID, "2026-1", url=httpserver.url_for("/"), token="t", policy=FAST, page_size=2
    )
    outcome = write_survey(tmp_path, again, "2026-07-01T00:00:00Z")
    assert outcome.written == ()
    assert outcome.record["pulled_at"] == "2026-06-20T10:00:00Z"
    assert snapshot(tmp_path) == before


def test_rerun_after_a_new_submission_rewrites_the_export(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    page = recorded("data_page1.json")
    page["next"] = None
    httpserver.clear()
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(recorded("asset.json"))
    httpserver.expect_request(f"/api/v2/assets/{UID}.xls").respond_with_data(
        (RECORDED / "form.xlsx").read_bytes()
    )
    httpserver.expect_request(f"/api/v2/assets/{UID}/data/").respond_with_json(page)
    pulled = pull_kobo(
        UID, "2026-1", url=httpserver.url_for("/"), token="t", policy=FAST, page_size=2
    )
    outcome = write_survey(tmp_path, pulled, "2026-07-01T00:00:00Z")
    names = {str(p.relative_to(tmp_path)) for p in outcome.written}
    assert names == {"exports/wave_2026-1.xlsx", "exports/wave_2026-1.xlsx.pull.json"}
    assert len(sheet_rows(tmp_path / "exports/wave_2026-1.xlsx", "Packaging member survey")) == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            401,
            r"KoboToolbox asset 'aK3fPq7ZxV9mNbT2cLw8Rd': .* refused access \(HTTP 401\); check KOBO_TOKEN",
        ),
        (404, r"KoboToolbox asset 'aK3fPq7ZxV9mNbT2cLw8Rd': not found on .* \(HTTP 404\)"),
    ],
)
def test_wrong_token_or_unknown_asset_is_one_line(httpserver, tmp_path, status, message):
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(
        {"detail": "Invalid token."}, status=status
    )
    with pytest.raises(PullError, match=message) as caught:
        pull(httpserver, tmp_path)
    assert "\n" not in str(caught.value) and "\n" not in caught.value.ka
    assert len(httpserver.log) == 1  # a refusal is not retried
    assert list(tmp_path.iterdir()) == []


def test_server_errors_are_retried_a_bounded_number_of_times(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_data("busy", status=503)
    with pytest.raises(PullError, match=r"failed after 3 attempts \(HTTP 503\)"):
        pull(httpserver, tmp_path)
    assert len(httpserver.log) == 3
    assert list(tmp_path.iterdir()) == []


def test_rate_limit_honours_retry_after_capped(httpserver: HTTPServer, tmp_path):
    waits: list[float] = []
    policy = Policy(retries=3, backoff=0.0, max_wait=5.0, sleep=waits.append)
    httpserver.expect_oneshot_request(f"/api/v2/assets/{UID}/").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_oneshot_request(f"/api/v2/assets/{UID}/").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    serve_asset(httpserver)
    pull(httpserver, tmp_path, policy=policy)
    assert waits == [2.0, 5.0]
    assert (tmp_path / "exports/wave_2026-1.xlsx").exists()


def test_failure_after_some_pages_writes_nothing(httpserver: HTTPServer, tmp_path):
    serve_asset(httpserver, pages=("data_page1.json",))
    second = {"format": "json", "limit": "2", "start": "2"}
    httpserver.expect_request(f"/api/v2/assets/{UID}/data/", query_string=second).respond_with_data(
        "oops", status=500
    )
    with pytest.raises(PullError, match=r"submissions: .* failed after 3 attempts \(HTTP 500\)"):
        pull(httpserver, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unreachable_server(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(
        PullError, match=r"127\.0\.0\.1:\d+ failed after 3 attempts \(cannot connect"
    ):
        pull_kobo(UID, "w", url=f"http://127.0.0.1:{port}", token="t", policy=FAST)
    assert list(tmp_path.iterdir()) == []


def test_timeout_is_named():
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    client = Client(
        "http://127.0.0.1:9",
        policy=Policy(timeout=5, retries=1, max_wait=0),
        transport=httpx.MockTransport(hang),
    )
    with pytest.raises(
        PullError, match=r"thing: 127\.0\.0\.1:9 failed after 2 attempts \(no answer within 5 s\)"
    ):
        client.get_json("/x", what="thing")


def test_not_json_is_named(httpserver: HTTPServer):
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_data("<html>login</html>")
    with pytest.raises(PullError, match=r"answered with something that is not JSON"):
        pull_kobo(UID, "w", url=httpserver.url_for("/"), token="t", policy=FAST)


def test_wave_registered_with_another_file_is_refused(httpserver: HTTPServer, tmp_path):
    waves = "file,wave,period\nexports/manual.xlsx,2026-1,2026 H1\n"
    (tmp_path / "waves.csv").write_text(waves, encoding="utf-8")
    serve_asset(httpserver)
    with pytest.raises(PullError, match=r"waves.csv, row 2: wave '2026-1' is already registered"):
        pull(httpserver, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["waves.csv"]
    assert (tmp_path / "waves.csv").read_text(encoding="utf-8") == waves


def test_the_survey_reader_reads_the_pulled_wave(httpserver: HTTPServer, tmp_path):
    from cluster_analysis.survey.forms import read_xlsform
    from cluster_analysis.survey.repeats import read_kobo_tables

    serve_asset(httpserver)
    pull(httpserver, tmp_path)
    (spec,) = csv.DictReader(io.StringIO((tmp_path / "waves.csv").read_text("utf-8")))
    tables = read_kobo_tables(
        tmp_path / spec["file"], read_xlsform(tmp_path / "form.xlsx"), sheet=spec["sheet"] or None
    )
    table = tables.main
    expected = recorded("data_page1.json")["results"] + recorded("data_page2.json")["results"]
    assert tables.info is not None and tables.info.header_mode == "xml"
    products = [p for s in expected for p in s.get("products", [])]
    assert list(tables.repeats["products"]["product_name"]) == [
        p["products/product_name"] for p in products
    ]
    assert list(table["member_id"]) == [s["profile/member_id"] for s in expected]


def test_answers_longer_than_a_cell_are_reported(httpserver: HTTPServer, tmp_path):
    page = recorded("data_page1.json")
    page["next"] = None
    page["results"][1]["old_question"] = "ა" * 40_000
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(recorded("asset.json"))
    httpserver.expect_request(f"/api/v2/assets/{UID}.xls").respond_with_data(
        (RECORDED / "form.xlsx").read_bytes()
    )
    httpserver.expect_request(f"/api/v2/assets/{UID}/data/").respond_with_json(page)
    outcome = pull(httpserver, tmp_path)
    (note,) = [en for en, _ in outcome.notes if "longer than" in en]
    assert "1 answer(s) longer than 32,767 characters" in note
    assert "Packaging member survey row 3 column old_question" in note
