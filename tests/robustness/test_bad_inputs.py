"""Every file of the bad-input corpus gets a clear message or a quarantine with reasons.

Never a traceback, never a silent loss, bounded time and memory. The corpus is
``tests/data/bad/`` (made by ``tests/data/make_bad_inputs.py``, expectations in ``EXPECTED.csv``);
the heavy cases (a 2 GiB zip bomb, honest and lying about its size, and a 1,000,000-row csv) are
generated into a temporary folder for the session.

How each file is checked: a worker process (this file run as a script) imports the package once,
then forks one child per file. The child caps its address space (``RLIMIT_AS`` 3 GB) and its
time (``alarm``, 120 s), reads the file with :func:`cluster_analysis.readers.read_table` and, for a
``kind`` other than ``reader``, validates it (the domain's own ``VALIDATORS`` entry when the domain
provides one, else the domain schema through core validation). The parent collects outcome, wall
time and the child's own peak RSS (``wait4``) into ``tests/artifacts/robustness_summary.csv``;
``tests/data/summarise_robustness.py`` turns that into ``docs/robustness.md``. A timeout or memory
cap is a failure cap, not a timing assertion.

The CLI is exercised both in-process (typer's ``CliRunner`` on ``cluster_analysis.cli.app``) and as
a real subprocess for a few files (exit code 2, one ``error:`` line, no ``Traceback``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT / "tests" / "data" / "bad"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
SUMMARY_CSV = ARTIFACTS / "robustness_summary.csv"
SUMMARY_COLUMNS = (
    "file",
    "kind",
    "via",
    "outcome",
    "detail",
    "rows",
    "rejected_rows",
    "seconds",
    "peak_rss_mb",
)
MEMORY_CAP_BYTES = 3 * 1024**3
TIME_CAP_SECONDS = 120
sys.path.insert(0, str(REPO_ROOT / "tests" / "data"))


def load_expected() -> list[dict[str, str]]:
    """Return the rows of EXPECTED.csv."""
    with (CORPUS / "EXPECTED.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------------------------------
# the check one child runs (also used in-process)


def _domain_validator(kind: str):
    """Return the domain's VALIDATORS entry for ``kind`` and its domain (what ``cluster-analysis
    validate --kind`` uses); a kind no domain registers is a failure, never a fallback or a skip."""
    from cluster_analysis.config import DOMAINS
    from cluster_analysis.pipeline import domain_module

    for domain in DOMAINS:
        # an import error fails the test; a domain without file validators registers none
        validators = getattr(domain_module(domain), "VALIDATORS", {})
        if kind in validators:
            return validators[kind], domain
    raise AssertionError(f"no domain registers a {kind!r} validator (cluster-analysis validate)")


def _schema_check(kind: str, path: Path):
    """Validate ``path`` against a domain schema directly; returns (ValidationResult, via)."""
    import pandas as pd

    from cluster_analysis.readers import read_table
    from cluster_analysis.validation import validate

    if kind == "register":
        from cluster_analysis.survey.schemas import MESSAGES, register_schema

        frame = read_table(path, as_text=True)
        return validate(
            frame, register_schema(), table="register", id_column="member_id", messages=MESSAGES
        ), "schema"
    if kind == "capacity-long":
        from cluster_analysis.survey.schemas import MESSAGES, capacity_long_schema

        frame = read_table(path, as_text=True)
        return validate(
            frame,
            capacity_long_schema(),
            table="capacity",
            id_column="respondent_id",
            messages=MESSAGES,
        ), "schema"
    if kind == "demand":
        import make_bad_inputs

        from cluster_analysis.pool.demand import (
            DATAFRAME_CHECK_COLUMNS,
            RateTable,
            UnitTable,
            demand_schema,
            tidy_raw_demand,
        )

        units_rows, rates_rows = make_bad_inputs.demand_tables()
        units = UnitTable.from_frame(pd.DataFrame(units_rows[1:], columns=units_rows[0]))
        rates = RateTable.from_frame(pd.DataFrame(rates_rows[1:], columns=rates_rows[0]))
        frame = tidy_raw_demand(read_table(path, as_text=True))
        result = validate(
            frame,
            demand_schema(units, rates),
            table="pool_demand",
            id_column="submission_id",
            dataframe_check_columns=DATAFRAME_CHECK_COLUMNS,
        )
        return result, "schema"
    raise ValueError(f"unknown kind {kind!r}")


def check_file(path: Path, kind: str) -> dict[str, object]:
    """Read (and validate) one file; return its outcome as a plain dict.

    ``outcome`` is ``error`` (an InputError, ``detail`` its one-line message), ``quarantine`` or
    ``ok`` (``rows`` read, ``rejected_rows``, ``checks``), or ``crash`` (anything else: a bug).
    """
    from cluster_analysis.errors import InputError
    from cluster_analysis.readers import read_table

    record: dict[str, object] = {"file": path.name, "kind": kind, "via": "reader"}
    try:
        if kind == "reader":
            frame = read_table(path)
            record.update(outcome="ok", rows=len(frame), rejected_rows=0, checks=[])
            record["restored_cells"] = list(frame.attrs.get("restored_cells", []))
            return record
        if kind == "register":
            validator, domain = _domain_validator(kind)
            from cluster_analysis.pipeline import make_context

            ctx = make_context(REPO_ROOT, domain=domain)
            results = validator(ctx, path)
            via = f"VALIDATORS[{kind!r}]"
        else:
            results, via = _schema_check(kind, path)
            results = [results]
        rows = sum(r.rows_in for r in results)
        rejected = sum(r.rows_rejected for r in results)
        valid = sum(r.rows_valid for r in results)
        checks = sorted({str(c) for r in results for c in r.rejects["check"]})
        record.update(
            via=via,
            outcome="quarantine" if rejected else "ok",
            rows=rows,
            rejected_rows=rejected,
            valid_rows=valid,
            checks=checks,
            reasons=[str(x) for r in results for x in r.rejects["reason_en"].head(5)],
        )
        if valid + rejected != rows:
            record.update(
                outcome="crash",
                detail=f"conservation broken: {rows} in, {valid} valid, {rejected} rejected",
            )
    except InputError as exc:
        record.update(outcome="error", detail=str(exc))
    except MemoryError:
        record.update(outcome="crash", detail="MemoryError: above the memory cap")
    except Exception as exc:  # the point of the corpus: anything else is a bug
        record.update(outcome="crash", detail=f"{type(exc).__name__}: {exc}"[:500])
    return record


# --------------------------------------------------------------------------------------------------
# the worker: fork per file, cap memory and time, measure


def _run_child(path: Path, kind: str, write_fd: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    signal.alarm(TIME_CAP_SECONDS)
    started = time.perf_counter()
    record = check_file(path, kind)
    record["seconds"] = round(time.perf_counter() - started, 3)
    with os.fdopen(write_fd, "w", encoding="utf-8") as pipe:
        json.dump(record, pipe, default=str)


def measure(items: list[tuple[Path, str]]) -> list[dict[str, object]]:
    """Check each (path, kind) in a forked child; return records with seconds and peak_rss_mb."""
    import importlib

    # Load the package once, before forking, so each child measures the file, not the imports.
    for module in (
        "cluster_analysis.pipeline",
        "cluster_analysis.readers",
        "cluster_analysis.validation",
        "cluster_analysis.survey.schemas",
        "cluster_analysis.pool.demand",
        "python_calamine",
        "openpyxl",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    _domain_validator("register")
    records = []
    for path, kind in items:
        read_fd, write_fd = os.pipe()
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            try:
                _run_child(path, kind, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        with os.fdopen(read_fd, encoding="utf-8") as pipe:
            payload = pipe.read()
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        if payload:
            record = json.loads(payload)
        else:
            cause = (
                f"killed by signal {os.WTERMSIG(status)}"
                if os.WIFSIGNALED(status)
                else f"exit {status}"
            )
            record = {
                "file": path.name,
                "kind": kind,
                "via": "",
                "outcome": "crash",
                "detail": cause,
            }
        record.setdefault("seconds", round(wall, 3))
        record["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
        records.append(record)
    return records


def _worker_main(argv: list[str]) -> int:
    """``python test_bad_inputs.py OUT.json PATH:KIND ...``: measure and write JSON records."""
    out = Path(argv[0])
    items = [(Path(a.rsplit(":", 1)[0]), a.rsplit(":", 1)[1]) for a in argv[1:]]
    out.write_text(json.dumps(measure(items), default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(_worker_main(sys.argv[1:]))


# --------------------------------------------------------------------------------------------------
# the tests

import pytest  # noqa: E402

EXPECTED = load_expected()


@pytest.fixture(scope="session")
def heavy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The zip bombs and the 1M-row csv, made once per session into tmp (not committed)."""
    import make_bad_inputs

    return make_bad_inputs.write_heavy(tmp_path_factory.mktemp("heavy"))


@pytest.fixture(scope="session")
def measured(
    heavy_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict]:
    """Run every corpus file (and the heavy ones) through the capped worker once; write the summary."""
    import make_bad_inputs

    items = [(CORPUS / row["file"], row["kind"]) for row in EXPECTED]
    items += [
        (heavy_files[str(case["file"])], str(case["kind"])) for case in make_bad_inputs.HEAVY_CASES
    ]
    out = tmp_path_factory.mktemp("measure") / "records.json"
    command = [sys.executable, __file__, str(out), *[f"{p}:{k}" for p, k in items]]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIME_CAP_SECONDS * 4,
        cwd=REPO_ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    records = json.loads(out.read_text(encoding="utf-8"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with SUMMARY_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=SUMMARY_COLUMNS, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for record in records:
            shown = dict(record)
            if record.get("outcome") in ("quarantine", "ok") and record.get("checks"):
                shown["detail"] = ", ".join(record["checks"])
            writer.writerow(shown)
    return {str(r["file"]): r for r in records}


def _assert_expected(record: dict, expected: dict[str, object]) -> None:
    name = record["file"]
    assert record["outcome"] != "crash", f"{name}: {record.get('detail')}"
    assert record["outcome"] == expected["outcome"], (
        f"{name}: expected {expected['outcome']}, got {record['outcome']}: "
        f"{record.get('detail') or record.get('checks')}"
    )
    if record["outcome"] == "error":
        message = str(record["detail"])
        assert "\n" not in message and "Traceback" not in message, (
            f"{name}: not one line: {message!r}"
        )
        assert re.search(str(expected["message_regex"]), message), f"{name}: message {message!r}"
        assert message.startswith(Path(name).name), (
            f"{name}: the message must name the file: {message!r}"
        )
    if expected.get("rows") not in ("", None):
        assert record["rows"] == int(expected["rows"]), (
            f"{name}: rows {record['rows']} (silent loss?)"
        )
    if expected.get("rejected_rows") not in ("", None):
        assert record["rejected_rows"] == int(expected["rejected_rows"]), (
            f"{name}: rejected {record['rejected_rows']}, checks {record.get('checks')}"
        )
    if expected.get("check"):
        # pandera names a type check with its type, e.g. "coerce_dtype('Int64')": match the name.
        assert any(str(c).split("(")[0] == expected["check"] for c in record["checks"]), (
            f"{name}: checks {record['checks']}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("expected", EXPECTED, ids=[row["file"] for row in EXPECTED])
def test_corpus_file_has_its_expected_outcome(
    measured: dict[str, dict], expected: dict[str, str]
) -> None:
    _assert_expected(measured[expected["file"]], expected)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["zip_bomb_honest.xlsx", "zip_bomb_lying.xlsx", "million_rows.csv"]
)
def test_heavy_file_is_bounded(measured: dict[str, dict], name: str) -> None:
    import make_bad_inputs

    expected = next(c for c in make_bad_inputs.HEAVY_CASES if c["file"] == name)
    record = measured[name]
    _assert_expected(
        record, {**expected, "rejected_rows": 0 if expected["outcome"] == "ok" else ""}
    )
    # Bounded memory: the child ran under RLIMIT_AS of 3 GB; its peak RSS is recorded.
    assert float(record["peak_rss_mb"]) < MEMORY_CAP_BYTES / 1024**2


def test_corpus_is_large_and_described() -> None:
    assert len(EXPECTED) >= 40
    for row in EXPECTED:
        assert (CORPUS / row["file"]).exists(), row["file"]
        assert row["outcome"] in {"error", "quarantine", "ok"} and row["description"]
        if row["outcome"] == "error":
            re.compile(row["message_regex"])
        if row["outcome"] == "quarantine":
            assert int(row["rejected_rows"]) > 0 and row["check"]


def test_corpus_regenerates_identically(tmp_path: Path) -> None:
    """The generator is deterministic: a fresh run gives the committed bytes (the encrypted
    workbook's random salt excepted)."""
    import make_bad_inputs

    make_bad_inputs.write_corpus(tmp_path, keep_encrypted=False)
    for row in EXPECTED:
        if row["file"] == "password_protected.xlsx":
            continue
        assert (tmp_path / row["file"]).read_bytes() == (CORPUS / row["file"]).read_bytes(), row[
            "file"
        ]
    assert (tmp_path / "EXPECTED.csv").read_text() == (CORPUS / "EXPECTED.csv").read_text()


@pytest.mark.parametrize(
    "name",
    ["corrupt_zip.xlsx", "workbook_renamed.csv", "capacity_excel_errors.xlsx", "xml_bomb.xlsx"],
)
def test_reader_in_process(name: str) -> None:
    """The same outcome in-process (no fork), for quick feedback under ``make test-fast``-like runs."""
    row = next(r for r in EXPECTED if r["file"] == name)
    record = check_file(CORPUS / name, row["kind"])
    _assert_expected(record, row)


def test_excel_error_cells_are_kept_as_text() -> None:
    from cluster_analysis.readers import read_table

    frame = read_table(CORPUS / "capacity_excel_errors.xlsx", as_text=True)
    assert frame.loc[1, "importance"] == "#DIV/0!" and frame.loc[2, "capability"] == "#N/A"
    formulas = read_table(CORPUS / "capacity_formulas.xlsx", as_text=True)
    assert formulas.loc[1, "importance"] == "=2+2"


def test_external_entity_leaks_nothing() -> None:
    from cluster_analysis.errors import InputError
    from cluster_analysis.readers import read_cells, read_table

    secret = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    for reader in (read_table, read_cells):
        try:
            result = reader(CORPUS / "external_entity.xlsx")
        except InputError as exc:
            assert secret is None or secret not in str(exc)
            continue
        shown = (
            result.to_string()
            if hasattr(result, "to_string")
            else str([[c.value for c in row] for row in result.iter_rows()])
        )
        assert secret is None or secret not in shown


def _cli_kinds() -> set[str]:
    from cluster_analysis.config import DOMAINS
    from cluster_analysis.pipeline import domain_module

    # as the CLI does: a domain without file validators (indicators) registers none
    return {kind for domain in DOMAINS for kind in getattr(domain_module(domain), "VALIDATORS", {})}


CLI_FILES = [r for r in EXPECTED if r["kind"] == "register" or r["outcome"] == "error"]


def _cli_kind_for(expected: dict[str, str]) -> str:
    """The ``--kind`` to pass: register files need the register validator; a file the reader
    refuses is refused whatever the kind, so any registered kind will do."""
    kinds = _cli_kinds()
    assert {"register", "demand", "survey"} <= kinds, f"validators registered: {sorted(kinds)}"
    return "register"


@pytest.mark.parametrize("expected", CLI_FILES, ids=[r["file"] for r in CLI_FILES])
def test_cli_validate_in_process(expected: dict[str, str], tmp_path: Path) -> None:
    """``cluster-analysis validate FILE --kind K``: a one-line InputError or a summary line."""
    from typer.testing import CliRunner

    from cluster_analysis.cli import app
    from cluster_analysis.errors import InputError

    kind = _cli_kind_for(expected)
    result = CliRunner().invoke(
        app,
        ["validate", str(CORPUS / expected["file"]), "--kind", kind, "--reports", str(tmp_path)],
    )
    if expected["outcome"] == "error":
        if expected["kind"] == "reader" or kind == "register":
            assert isinstance(result.exception, InputError), (result.exception, result.output)
            assert re.search(expected["message_regex"], str(result.exception))
    else:
        assert result.exception is None, repr(result.exception)
        assert result.exit_code == 0
        if expected["outcome"] == "quarantine":
            assert f"{expected['rejected_rows']} of" in result.output, result.output
        else:
            assert "rows are valid" in result.output, result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["password_protected.xlsx", "mojibake_cp1252.csv", "xml_bomb.xlsx"]
)
def test_cli_subprocess_exit_code_2_without_traceback(name: str, tmp_path: Path) -> None:
    kind = _cli_kind_for(next(r for r in EXPECTED if r["file"] == name))
    completed = _cli(["validate", str(CORPUS / name), "--kind", kind, "--reports", str(tmp_path)])
    assert completed.returncode == 2, (completed.returncode, completed.stdout, completed.stderr)
    assert "Traceback" not in completed.stderr + completed.stdout
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("error:") and name in completed.stderr, completed.stderr


def _cli(arguments: list[str]) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("cluster-analysis")
    command = (
        [str(executable)] if executable.exists() else [sys.executable, "-m", "cluster_analysis.cli"]
    )
    return subprocess.run(
        [*command, *arguments],
        capture_output=True,
        text=True,
        timeout=TIME_CAP_SECONDS,
        cwd=REPO_ROOT,
        check=False,
    )


def test_cli_prints_markup_like_user_text_verbatim(tmp_path: Path) -> None:
    """Square brackets in a file name or a cell are text, not rich console markup."""
    assert "demand" in _cli_kinds(), "the pool registers no 'demand' validator"
    lines = (
        (REPO_ROOT / "data/raw/pool/demand_submissions.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index("unit")] = "[/bold]"
    first[header.index("submission_id")] = "D-MARKUP"
    bad = tmp_path / "demand [final].csv"
    bad.write_text("\n".join([lines[0], ",".join(first)]) + "\n", encoding="utf-8")
    completed = _cli(["validate", str(bad), "--kind", "demand", "--reports", str(tmp_path / "r")])
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert completed.returncode in (0, 1), completed.stderr
    # the pool upper-cases unit codes, so the cell comes back as "[/BOLD]": still text, not markup
    assert "[/bold]" in completed.stdout.lower()
    assert "demand [final].csv" in completed.stdout
    empty = tmp_path / "members [final].csv"
    empty.write_bytes(b"")
    completed = _cli(["validate", str(empty), "--kind", "demand", "--reports", str(tmp_path / "r")])
    assert completed.returncode == 2 and "members [final].csv" in completed.stderr, completed.stderr


# --------------------------------------------------------------------------------------------------
# survey exports: mutations of the example Kobo export, checked by the survey's own validator

SURVEY_EXPORT = REPO_ROOT / "data" / "raw" / "survey" / "exports" / "wave_2026-2.csv"
#: (name, row to change (1 = first data row), column, new value, extra rejected rows, check)
SURVEY_MUTATIONS = [
    (
        "scale_answer_7",
        3,
        "capacity/human_capacity/imp_skills_technical",
        "7",
        1,
        "answer_out_of_range",
    ),
    ("unknown_choice", 4, "support/support_types", "bribery", 1, "unknown_choice"),
    ("text_in_number", 10, "company/employees", "many", 1, "coerce_dtype"),
    ("zero_width_member_id", 8, "company/member_id", "GPC-0\u200b08", 1, "member_not_in_register"),
    ("formula_in_comment", 11, "support/comments", '=HYPERLINK("http://evil.example","x")', 0, ""),
    ("rtl_override_comment", 12, "support/comments", "\u202eevil\u202c \u0007", 0, ""),
    ("member_twice", None, "", "", 2, "duplicate_submission"),
]


def _survey_validate(rows: list[list[str]], folder: Path) -> tuple[int, int, set[str]]:
    """Write ``rows`` as the wave's export (same file name, so its wave spec applies) and validate
    it with the survey's VALIDATORS entry; return (rows in, rows rejected, checks)."""
    from cluster_analysis.pipeline import make_context

    validator, domain = _domain_validator("survey")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SURVEY_EXPORT.name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    ctx = make_context(REPO_ROOT, domain=domain)
    results = validator(ctx, path)
    checks = {str(c).split("(")[0] for c in ctx.all_rejects()["check"]}
    return sum(r.rows_in for r in results), sum(r.rows_rejected for r in results), checks


@pytest.mark.parametrize("mutation", SURVEY_MUTATIONS, ids=[m[0] for m in SURVEY_MUTATIONS])
def test_survey_export_mutations_are_quarantined(mutation: tuple, tmp_path: Path) -> None:
    name, row, column, value, extra, check = mutation
    assert "survey" in _cli_kinds(), "the survey registers no 'survey' validator"
    with SURVEY_EXPORT.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    base_in, base_rejected, _ = _survey_validate(rows, tmp_path / "base")
    changed = [list(r) for r in rows]
    if row is None:  # the member of data row 5 submits a second time in the same wave
        copy = list(rows[5])
        for meta, new in (("_id", "999999"), ("_uuid", "duplicate-uuid"), ("_index", "999")):
            if meta in header:
                copy[header.index(meta)] = new
        changed.append(copy)
    else:
        assert column in header, f"the example export has no column {column!r}"
        changed[row][header.index(column)] = value
    rows_in, rejected, checks = _survey_validate(changed, tmp_path / name)
    assert rows_in == base_in + (1 if row is None else 0), "every row is counted"
    assert rejected == base_rejected + extra, (name, rejected, base_rejected, checks)
    if check:
        assert check in checks, checks
