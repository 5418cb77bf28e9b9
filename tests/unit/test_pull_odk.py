"""`pull odk` against a loopback server answering with recorded ODK Central responses."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from pytest_httpserver import HTTPServer

from cluster_analysis.pull.http import Policy, PullError
from cluster_analysis.pull.odk import flatten_odata, odk_session_token, pull_odk
from cluster_analysis.pull.survey import write_survey

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded" / "odk"
FORM = "/v1/projects/7/forms/packaging_members"
FAST = Policy(retries=1, backoff=0.0, max_wait=0.0)


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def serve_form(server: HTTPServer, *, xlsx: bool = True) -> None:
    server.expect_request(FORM).respond_with_json(recorded("form.json"))
    if xlsx:
        server.expect_request(f"{FORM}.xlsx").respond_with_data(
            (RECORDED / "form.xlsx").read_bytes()
        )
    else:
        server.expect_request(f"{FORM}.xlsx").respond_with_json({"code": 404.1}, status=404)
        server.expect_request(f"{FORM}.xls").respond_with_json({"code": 404.1}, status=404)
    first = {"$expand": "*", "$top": "2", "$count": "true"}
    server.expect_request(f"{FORM}.svc/Submissions", query_string=first).respond_with_json(
        recorded("submissions_page1.json")
    )
    second = dict(first, **{"$skiptoken": "eyJyZXBlYXRJZCI6InV1aWQ6M2YxZTJkNGMifQ=="})
    server.expect_request(f"{FORM}.svc/Submissions", query_string=second).respond_with_json(
        recorded("submissions_page2.json")
    )


def rows(path: Path, sheet: str) -> list[dict]:
    table = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(table[0], r, strict=True)) for r in table[1:]]


def test_session_token_from_email_and_password(httpserver: HTTPServer, monkeypatch):
    monkeypatch.delenv("ODK_CENTRAL_TOKEN", raising=False)
    monkeypatch.setenv("ODK_CENTRAL_EMAIL", "office@example.org")
    monkeypatch.setenv("ODK_CENTRAL_PASSWORD", "correct horse")
    httpserver.expect_request(
        "/v1/sessions",
        method="POST",
        json={"email": "office@example.org", "password": "correct horse"},
    ).respond_with_json(recorded("session.json"))
    token = odk_session_token(httpserver.url_for("/"), FAST)
    assert token == recorded("session.json")["token"]


def test_wrong_password_is_one_line(httpserver: HTTPServer, monkeypatch):
    monkeypatch.delenv("ODK_CENTRAL_TOKEN", raising=False)
    monkeypatch.setenv("ODK_CENTRAL_EMAIL", "office@example.org")
    monkeypatch.setenv("ODK_CENTRAL_PASSWORD", "wrong")
    httpserver.expect_request("/v1/sessions", method="POST").respond_with_json(
        {"code": 401.2, "message": "Could not authenticate with the provided credentials."},
        status=401,
    )
    with pytest.raises(
        PullError,
        match=r"ODK Central sign-in: .* refused access \(HTTP 401\); check ODK_CENTRAL_EMAIL",
    ):
        odk_session_token(httpserver.url_for("/"), FAST)


def test_no_credentials_names_the_variables(monkeypatch):
    for name in ("ODK_CENTRAL_TOKEN", "ODK_CENTRAL_EMAIL", "ODK_CENTRAL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(PullError, match=r"set ODK_CENTRAL_TOKEN, or ODK_CENTRAL_EMAIL and"):
        odk_session_token("http://127.0.0.1:9", FAST)


def test_pages_repeats_and_groups(httpserver: HTTPServer, tmp_path):
    serve_form(httpserver)
    pulled = pull_odk(
        "7",
        "packaging_members",
        "2026-1",
        url=httpserver.url_for("/"),
        token="tok",
        policy=FAST,
        page_size=2,
    )
    outcome = write_survey(tmp_path, pulled, "2026-06-20T10:00:00Z")
    expected = (
        recorded("submissions_page1.json")["value"] + recorded("submissions_page2.json")["value"]
    )
    path = tmp_path / "exports/wave_2026-1.xlsx"
    main = rows(path, "Packaging member survey")
    assert [r["_uuid"] for r in main] == [s["__id"].removeprefix("uuid:") for s in expected]
    assert [r["profile/member_id"] for r in main] == [s["profile"]["member_id"] for s in expected]
    assert [r["staff"] for r in main] == [s["staff"] for s in expected]
    assert [r["_submission_time"] for r in main] == [
        s["__system"]["submissionDate"] for s in expected
    ]
    repeat = rows(path, "products")
    pairs = [
        (s["__id"].removeprefix("uuid:"), p["product_name"])
        for s in expected
        for p in s["products"]
    ]
    assert [(r["_submission__uuid"], r["products/product_name"]) for r in repeat] == pairs
    assert all(r["_parent_table_name"] == "Packaging member survey" for r in repeat)
    assert all(req.headers["Authorization"] == "Bearer tok" for req, _ in httpserver.log)
    assert outcome.record["source"]["form_version"] == recorded("form.json")["version"]
    assert (tmp_path / "forms/wave_2026-1.xlsx").read_bytes() == (
        RECORDED / "form.xlsx"
    ).read_bytes()


def test_geojson_point_becomes_lat_lon_alt_accuracy():
    point = recorded("submissions_page1.json")["value"][0]["profile"]["location"]
    flat = flatten_odata({"profile": {"location": point}})
    lon, lat, alt = point["coordinates"]
    assert flat["profile/location"] == f"{lat} {lon} {alt} {point['properties']['accuracy']}"


def test_form_published_as_xml_still_pulls_submissions(httpserver: HTTPServer, tmp_path):
    serve_form(httpserver, xlsx=False)
    pulled = pull_odk(
        "7",
        "packaging_members",
        "x",
        url=httpserver.url_for("/"),
        token="t",
        policy=FAST,
        page_size=2,
    )
    assert pulled.form is None
    outcome = write_survey(tmp_path, pulled, "2026-06-20T10:00:00Z")
    assert not (tmp_path / "form.xlsx").exists()
    assert outcome.record["rows"]["Packaging member survey"] == 3


def test_unknown_form_is_404_one_line(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/v1/projects/7/forms/nope").respond_with_json(
        {"code": 404.1, "message": "Could not find the resource you were looking for."}, status=404
    )
    with pytest.raises(
        PullError, match=r"ODK Central form 'nope' \(project 7\): not found on .*HTTP 404"
    ):
        pull_odk("7", "nope", "x", url=httpserver.url_for("/"), token="t", policy=FAST)
    assert list(tmp_path.iterdir()) == []


def test_server_without_next_links_is_paged_by_skip(httpserver: HTTPServer):
    page1 = recorded("submissions_page1.json")
    del page1["@odata.nextLink"]
    first = {"$expand": "*", "$top": "2", "$count": "true"}
    httpserver.expect_request(f"{FORM}.svc/Submissions", query_string=first).respond_with_json(
        page1
    )
    httpserver.expect_request(
        f"{FORM}.svc/Submissions", query_string={**first, "$skip": "2"}
    ).respond_with_json(recorded("submissions_page2.json"))
    from cluster_analysis.pull.http import Client
    from cluster_analysis.pull.odk import odk_submissions

    with Client(httpserver.url_for("/"), policy=FAST) as client:
        got = odk_submissions(client, "7", "packaging_members", page_size=2)
    expected = page1["value"] + recorded("submissions_page2.json")["value"]
    assert [s["_uuid"] for s in got] == [e["__id"].removeprefix("uuid:") for e in expected]
