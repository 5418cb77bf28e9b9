"""`pull geostat` against a loopback PxWeb API answering with recorded responses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from cluster_analysis.pull.geostat import (
    place_query,
    pull_geostat,
    read_query,
    table_path,
    write_table,
)
from cluster_analysis.pull.http import Policy, PullError

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded" / "pxweb"
TABLE = "Regional Statistics/Business Register/ActiveEntities_per1000.px"
#: the path as the server sees it (decoded) and as the client sends it (quoted)
API = "/api/v1/en/Database/Regional Statistics/Business Register/ActiveEntities_per1000.px"
QUOTED = API.replace(" ", "%20")
FAST = Policy(retries=1, backoff=0.0, max_wait=0.0)


def metadata() -> dict:
    return json.loads((RECORDED / "metadata.json").read_text(encoding="utf-8"))


def fetch(server: HTTPServer, out: Path, **kwargs):
    options = {"query": None, "places": ["Zestaponi"], "fmt": "px", "lang": "en"}
    options.update(kwargs)
    return pull_geostat(TABLE, out_dir=out, url=server.url_for("/api/v1"), policy=FAST, **options)


def test_place_query_selects_the_place_and_all_of_the_rest():
    query = place_query(metadata(), ["ზესტაფონი"])  # Georgian name, English table
    assert query == {
        "query": [
            {"code": "Municipality", "selection": {"filter": "item", "values": ["4.1"]}},
            {"code": "Year", "selection": {"filter": "all", "values": ["*"]}},
        ]
    }


def test_unknown_place_is_one_line():
    with pytest.raises(
        PullError, match=r"no variable of this table lists Batumi \(variables: Municipality, Year\)"
    ):
        place_query(metadata(), ["Batumi"])


def test_place_pull_posts_the_query_and_stores_the_answer_verbatim(
    httpserver: HTTPServer, tmp_path
):
    answer = (RECORDED / "answer_zestaponi.px").read_bytes()
    httpserver.expect_request(API, method="GET").respond_with_json(metadata())
    httpserver.expect_request(
        API,
        method="POST",
        json={
            "query": [
                {"code": "Municipality", "selection": {"filter": "item", "values": ["4.1"]}},
                {"code": "Year", "selection": {"filter": "all", "values": ["*"]}},
            ],
            "response": {"format": "px"},
        },
    ).respond_with_data(answer, content_type="application/octet-stream")
    pulled = fetch(httpserver, tmp_path)
    written, record = write_table(pulled, "2026-06-20T10:00:00Z")
    assert [p.name for p in written] == [
        "ActiveEntities_per1000_Zestaponi.px",
        "ActiveEntities_per1000_Zestaponi.px.pull.json",
    ]
    assert (tmp_path / "ActiveEntities_per1000_Zestaponi.px").read_bytes() == answer
    sidecar = json.loads(
        (tmp_path / "ActiveEntities_per1000_Zestaponi.px.pull.json").read_text("utf-8")
    )
    assert sidecar["table"] == TABLE and sidecar["format"] == "px"
    assert sidecar["source_url"].endswith(QUOTED)
    assert sidecar["pulled_at"] == "2026-06-20T10:00:00Z" == record["pulled_at"]

    # the same answer again: nothing rewritten, modification times kept
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    written, record = write_table(fetch(httpserver, tmp_path), "2026-07-01T00:00:00Z")
    assert written == []
    assert record["pulled_at"] == "2026-06-20T10:00:00Z"
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == stamps


def test_query_file_and_csv_answer(httpserver: HTTPServer, tmp_path):
    query = read_query(RECORDED / "query.json")
    answer = (RECORDED / "answer_all.csv").read_bytes()
    body = {"query": query["query"], "response": {"format": "csv"}}
    httpserver.expect_request(API, method="POST", json=body).respond_with_data(answer)
    pulled = fetch(httpserver, tmp_path, query=query, places=[], fmt="csv", name="active_entities")
    written, _ = write_table(pulled, "2026-06-20T10:00:00Z")
    assert (tmp_path / "active_entities.csv").read_bytes() == answer
    assert len(written) == 2
    assert [r.method for r, _ in httpserver.log] == ["POST"]  # a query file needs no metadata


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, r"Geostat table 'ActiveEntities_per1000.px': not found on .* \(HTTP 404\)"),
        (
            400,
            r"Geostat table 'ActiveEntities_per1000.px': .* refused the request \(HTTP 400\): Parameter error",
        ),
    ],
)
def test_http_errors_are_one_line_and_write_nothing(httpserver, tmp_path, status, message):
    httpserver.expect_request(API).respond_with_data("Parameter error", status=status)
    with pytest.raises(PullError, match=message):
        fetch(httpserver, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_rate_limit_then_answer(httpserver: HTTPServer, tmp_path):
    waits: list[float] = []
    policy = Policy(retries=2, backoff=0.5, max_wait=0.25, sleep=waits.append)
    httpserver.expect_oneshot_request(API).respond_with_data("Too many requests", status=429)
    httpserver.expect_request(API, method="GET").respond_with_json(metadata())
    httpserver.expect_request(API, method="POST").respond_with_data(b"DATA=1;")
    pulled = pull_geostat(
        TABLE,
        query=None,
        places=["Chiatura"],
        out_dir=tmp_path,
        url=httpserver.url_for("/api/v1"),
        lang="en",
        fmt="px",
        policy=policy,
    )
    assert pulled.data == b"DATA=1;"
    assert waits == [0.25]  # back-off of 0.5 s capped by max_wait


def test_table_path_needs_a_px_table():
    assert table_path("Database/A b/T.px", "ka") == "ka/Database/A%20b/T.px"
    with pytest.raises(PullError, match=r"give the table's path ending in .px"):
        table_path("Regional Statistics", "en")


def test_bad_query_file(tmp_path):
    path = tmp_path / "q.json"
    path.write_text('{"selection": []}', encoding="utf-8")
    with pytest.raises(PullError, match=r"q.json: expected a PxWeb query"):
        read_query(path)


def test_existing_file_not_pulled_is_not_overwritten(httpserver: HTTPServer, tmp_path):
    (tmp_path / "ActiveEntities_per1000_Zestaponi.px").write_bytes(b"hand-made")
    httpserver.expect_request(API, method="GET").respond_with_json(metadata())
    httpserver.expect_request(API, method="POST").respond_with_data(b"DATA=1;")
    with pytest.raises(PullError, match=r"exists and was not pulled from the server; use --name"):
        write_table(fetch(httpserver, tmp_path), "2026-06-20T10:00:00Z")
    assert (tmp_path / "ActiveEntities_per1000_Zestaponi.px").read_bytes() == b"hand-made"


def test_too_large_a_query_says_so(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request(API, method="GET").respond_with_json(metadata())
    httpserver.expect_request(API, method="POST").respond_with_data("Forbidden", status=403)
    with pytest.raises(PullError, match=r"asks for more values than the server allows"):
        fetch(httpserver, tmp_path)
    assert list(tmp_path.iterdir()) == []
