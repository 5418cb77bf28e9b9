"""`cluster-analysis pull ...` exit codes and one-line messages (typer's CliRunner, loopback)."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from cluster_analysis.cli import app

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded"
UID = "aK3fPq7ZxV9mNbT2cLw8Rd"
QUIET = ["--retries", "1", "--max-wait", "0"]


def kobo_server(server: HTTPServer) -> None:
    kobo = RECORDED / "kobo"
    server.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(
        json.loads((kobo / "asset.json").read_text("utf-8"))
    )
    server.expect_request(f"/api/v2/assets/{UID}.xls").respond_with_data(
        (kobo / "form.xlsx").read_bytes()
    )
    page = json.loads((kobo / "data_page1.json").read_text("utf-8"))
    page["next"] = None
    server.expect_request(f"/api/v2/assets/{UID}/data/").respond_with_json(page)


def invoke(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(app, args, env=env or {})


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_kobo_pull_then_rerun(httpserver: HTTPServer, tmp_path):
    kobo_server(httpserver)
    args = [
        "pull",
        "kobo",
        UID,
        "--wave",
        "2026-1",
        "--period",
        "2026 H1",
        "--url",
        httpserver.url_for("/"),
        "--raw",
        str(tmp_path),
        *QUIET,
    ]
    first = invoke(args, {"KOBO_TOKEN": "tok"})
    assert first.exit_code == 0, first.output
    assert (
        "exports/wave_2026-1.xlsx: Packaging member survey 2, products 2 rows; wrote"
        in first.stdout
    )
    waves = (tmp_path / "survey/waves.csv").read_text("utf-8").splitlines()
    assert waves[1] == "exports/wave_2026-1.xlsx,2026-1,2026 H1,xml,,,Packaging member survey"
    second = invoke(args, {"KOBO_TOKEN": "tok"})
    assert second.exit_code == 0
    assert "unchanged since" in second.stdout and "nothing written" in second.stdout


def test_kobo_pull_writes_the_georgian_period_given(httpserver: HTTPServer, tmp_path):
    kobo_server(httpserver)
    args = ["pull", "kobo", UID, "--wave", "2026-1", "--period", "2026 H1"]
    where = ["--url", httpserver.url_for("/"), "--raw", str(tmp_path), *QUIET]
    given = invoke([*args, "--period-ka", "2026 წლის გაზაფხული", *where], {"KOBO_TOKEN": "tok"})
    assert given.exit_code == 0, given.output
    from cluster_analysis.config import get_paths
    from cluster_analysis.pipeline import make_context
    from cluster_analysis.survey.inputs import load_waves

    context = make_context(get_paths(tmp_path, raw=tmp_path), domain="survey")
    (wave,) = load_waves(context)
    assert (wave.period, wave.period_ka) == ("2026 H1", "2026 წლის გაზაფხული")


def test_kobo_wrong_token_exit_2_one_line(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_json(
        {"detail": "Invalid token."}, status=401
    )
    args = [
        "pull",
        "kobo",
        UID,
        "--wave",
        "w",
        "--url",
        httpserver.url_for("/"),
        "--raw",
        str(tmp_path),
        *QUIET,
    ]
    result = invoke(args, {"KOBO_TOKEN": "bad"})
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == 1
    assert lines[0].startswith("error: KoboToolbox asset") and "HTTP 401" in lines[0]
    assert "KOBO_TOKEN" in lines[0]
    assert list(tmp_path.iterdir()) == []
    georgian = invoke([*args, "--lang", "ka"], {"KOBO_TOKEN": "bad"})
    assert georgian.exit_code == 2
    assert "წვდომა არ დაუშვა" in error_lines(georgian)[0]


def test_kobo_without_token(tmp_path):
    result = invoke(
        ["pull", "kobo", UID, "--wave", "w", "--raw", str(tmp_path)], {"KOBO_TOKEN": ""}
    )
    assert result.exit_code == 2
    assert "set the environment variable KOBO_TOKEN" in error_lines(result)[0]


def test_server_error_exit_2_after_retries(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request(f"/api/v2/assets/{UID}/").respond_with_data("down", status=502)
    args = [
        "pull",
        "kobo",
        UID,
        "--wave",
        "w",
        "--url",
        httpserver.url_for("/"),
        "--raw",
        str(tmp_path),
        "--retries",
        "2",
        "--max-wait",
        "0",
    ]
    result = invoke(args, {"KOBO_TOKEN": "tok"})
    assert result.exit_code == 2
    assert "failed after 3 attempts (HTTP 502)" in error_lines(result)[0]
    assert len(httpserver.log) == 3


def test_odk_needs_a_server(tmp_path):
    result = invoke(
        ["pull", "odk", "7", "f", "--wave", "w", "--raw", str(tmp_path)],
        {"ODK_CENTRAL_URL": "", "ODK_CENTRAL_TOKEN": "t"},
    )
    assert result.exit_code == 2
    assert "give the ODK Central server with --url or ODK_CENTRAL_URL" in error_lines(result)[0]


def test_geostat_needs_query_or_place(tmp_path):
    result = invoke(["pull", "geostat", "A/B.px", "--raw", str(tmp_path)])
    assert result.exit_code == 2
    assert error_lines(result) == ["error: give either --query FILE or --place NAME"]


def test_geostat_place_pull(httpserver: HTTPServer, tmp_path):
    api = "/api/v1/en/Database/Regional Statistics/T.px"
    meta = json.loads((RECORDED / "pxweb/metadata.json").read_text("utf-8"))
    httpserver.expect_request(api, method="GET").respond_with_json(meta)
    answer = (RECORDED / "pxweb/answer_zestaponi.px").read_bytes()
    httpserver.expect_request(api, method="POST").respond_with_data(answer)
    args = [
        "pull",
        "geostat",
        "Regional Statistics/T.px",
        "--place",
        "Zestaponi",
        "--url",
        httpserver.url_for("/api/v1"),
        "--raw",
        str(tmp_path),
        *QUIET,
    ]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "indicators/geostat/T_Zestaponi.px").read_bytes() == answer
    assert "T_Zestaponi.px" in result.stdout


def test_odk_pull_with_a_token(httpserver: HTTPServer, tmp_path):
    odk = RECORDED / "odk"
    form = "/v1/projects/7/forms/packaging_members"
    httpserver.expect_request(form).respond_with_json(
        json.loads((odk / "form.json").read_text("utf-8"))
    )
    httpserver.expect_request(f"{form}.xlsx").respond_with_data((odk / "form.xlsx").read_bytes())
    page = json.loads((odk / "submissions_page1.json").read_text("utf-8"))
    del page["@odata.nextLink"]
    page["@odata.count"] = len(page["value"])
    httpserver.expect_request(f"{form}.svc/Submissions").respond_with_json(page)
    args = [
        "pull",
        "odk",
        "7",
        "packaging_members",
        "--wave",
        "2026-1",
        "--url",
        httpserver.url_for("/"),
        "--raw",
        str(tmp_path),
        *QUIET,
    ]
    result = invoke(args, {"ODK_CENTRAL_TOKEN": "tok"})
    assert result.exit_code == 0, result.output
    assert "Packaging member survey 2, products 2 rows; wrote" in result.stdout
    assert all(req.headers["Authorization"] == "Bearer tok" for req, _ in httpserver.log)
