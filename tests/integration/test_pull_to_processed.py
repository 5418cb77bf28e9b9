"""A wave pulled from KoboToolbox runs through the survey pipeline, repeat group included.

`cluster-analysis pull kobo` downloads the recorded API v2 answers (tests/data/recorded/kobo: a
form with a ``products`` repeat group, two pages of submissions) from a loopback server, then
`cluster-analysis run survey --no-static` reads the pulled wave. Expected values come from the
recorded JSON, read with ``json``, never from the pipeline's own output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from cluster_analysis.cli import app

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded" / "kobo"
UID = "aK3fPq7ZxV9mNbT2cLw8Rd"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def serve(server: HTTPServer) -> None:
    server.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(recorded("asset.json"))
    server.expect_request(f"/api/v2/assets/{UID}.xls").respond_with_data(
        (RECORDED / "form.xlsx").read_bytes()
    )
    # The second page first: the first page's `next` asks for start=2.
    second = {"format": "json", "limit": "2", "start": "2"}
    server.expect_request(f"/api/v2/assets/{UID}/data/", query_string=second).respond_with_json(
        recorded("data_page2.json")
    )
    server.expect_request(f"/api/v2/assets/{UID}/data/").respond_with_json(
        recorded("data_page1.json")
    )


def test_pulled_wave_with_a_repeat_group_reaches_processed(httpserver: HTTPServer, tmp_path):
    serve(httpserver)
    raw, processed, reports = tmp_path / "raw", tmp_path / "processed", tmp_path / "reports"
    runner = CliRunner()
    pulled = runner.invoke(
        app,
        [
            *("pull", "kobo", UID, "--wave", "2026-1", "--url", httpserver.url_for("/")),
            *("--raw", str(raw), "--retries", "1", "--max-wait", "0"),
        ],
        env={"KOBO_TOKEN": "tok"},
    )
    assert pulled.exit_code == 0, pulled.output

    submissions = recorded("data_page1.json")["results"] + recorded("data_page2.json")["results"]
    with (raw / "survey" / "register.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["member_id", "member_type", "size_class", "region"])
        for s in submissions:
            writer.writerow([s["profile/member_id"], "packaging_user", "small", "Imereti"])

    run = runner.invoke(
        app,
        [
            *("run", "survey", "--no-static", "--raw", str(raw)),
            *("--processed", str(processed), "--reports", str(reports)),
        ],
    )
    assert run.exit_code == 0, run.output

    expected = sorted(
        (s["_uuid"], p["products/product_name"], str(p["products/volume"]))
        for s in submissions
        for p in s.get("products", [])
    )
    assert expected, "the recorded answers hold repeat rows"
    answers = pd.read_parquet(processed / "survey" / "survey_repeat_answers.parquet")
    assert set(answers["repeat"]) == {"products"}
    wide = answers.pivot_table(
        index=["submission_uuid", "repeat_index"],
        columns="question",
        values="answer",
        aggfunc="first",
    ).reset_index()
    got = sorted(
        (u, name, volume)
        for u, name, volume in zip(
            wide["submission_uuid"], wide["product_name"], wide["volume"], strict=True
        )
    )
    assert got == expected
    summary = pd.read_parquet(processed / "survey" / "survey_repeat_summary.parquet")
    counts = dict(zip(summary["submission_uuid"], summary["count"], strict=True))
    assert counts == {s["_uuid"]: len(s.get("products", [])) for s in submissions}
    assert summary.set_index("submission_uuid")["volume_sum"].to_dict() == {
        s["_uuid"]: sum(float(p["products/volume"]) for p in s.get("products", []))
        for s in submissions
    }
