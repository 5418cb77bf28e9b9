"""Synthetic data at scale for the benchmarks, with a fixed seed (written to benchmarks/data/).

Every file is generated lazily: :func:`ensure` writes a file only when it is missing or was made by
another seed or generator version (recorded in ``benchmarks/data/manifest.json``), so reruns of
``make bench`` reuse what is there. Everything is synthetic (no real member, firm or figure).

What is made (sizes from the performance goals):

- ``survey_<n>.{xlsx,csv,parquet}``: a wide capacity-gap survey export, one row per respondent,
  ``respondent_id, member_type`` and 40 items x (importance ``imp_NN``, capability ``cap_NN``) on a
  1-5 scale, about 3 % blank answers. A small share of rows is deliberately bad (0.1 % with an
  answer of 7, 0.05 % duplicate ids) so validation has rows to quarantine, as in the field.
  n = 1k, 10k, 100k, 1M. The 1M survey is made as csv and parquet only: as xlsx it is at Excel's
  row limit (1,048,576), takes about 4 minutes to write, and its sheet XML (about 2 GB) is above the
  reader's default zip-bomb guard (500 MB), so the reader would refuse it anyway.
- ``survey_form.xlsx``: the XLSForm of that survey (integer questions with constraint
  ``. >= 1 and . <= 5`` and capacity tags), from which the survey domain builds its schema.
- ``survey_100k_x30.csv``: 100k respondents x 30 columns (id, member type, 14 items x 2) for the
  validation comparison against frictionless.
- ``pool_<n>.csv`` (n = 60, 200): members' planned quantities (tonnes, 0.1 t steps) and
  ``pool_schedule.json``: a vendor's all-units tier schedule.
- ``indicators_catalogue.csv`` (120 indicators x 64 municipalities, with baselines, targets and
  milestones) and ``indicators_observations.parquet`` (64 x 120 x 30 years = 230,400 rows).

Run ``python benchmarks/generate.py`` to make everything (``--only survey_100k.xlsx`` for one file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

SEED = 20261123
#: Bump when the content of any generated file changes: every file is then made again.
GENERATOR_VERSION = 3

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("CLUSTER_BENCH_DATA", ROOT / "benchmarks" / "data"))
MANIFEST = "manifest.json"

N_ITEMS = 40
SURVEY_SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
#: The 1M survey is not written as xlsx (see the module docstring).
XLSX_SIZES = ("1k", "10k", "100k")
MEMBER_TYPES = ("packaging_maker", "packaging_user", "service_provider", "other")
MEMBER_TYPE_SHARES = (0.35, 0.4, 0.2, 0.05)
POOL_SIZES = (60, 200)
N_MUNICIPALITIES = 64
N_INDICATORS = 120
YEARS = tuple(range(1995, 2025))  # 30 years


def item_codes(n_items: int = N_ITEMS) -> list[str]:
    """Return the item codes ``01`` .. ``40``."""
    return [f"{i:02d}" for i in range(1, n_items + 1)]


def survey_columns(n_items: int = N_ITEMS) -> list[str]:
    """Return the wide export's columns: id, member type, importance then capability questions."""
    codes = item_codes(n_items)
    return [
        "respondent_id",
        "member_type",
        *[f"imp_{c}" for c in codes],
        *[f"cap_{c}" for c in codes],
    ]


# ------------------------------------------------------------------------------------------------
# survey


def survey_table(n_rows: int, n_items: int = N_ITEMS, seed: int = SEED) -> pa.Table:
    """Return the wide survey as an Arrow table (answers int64 with nulls for blanks)."""
    rng = np.random.default_rng([seed, n_rows, n_items])
    ids = np.char.add("R", np.char.zfill(np.arange(1, n_rows + 1).astype(str), 7)).astype(object)
    duplicates = rng.choice(n_rows, size=max(1, n_rows // 2000), replace=False)
    ids[duplicates] = ids[(duplicates + 1) % n_rows]  # 0.05 % of ids appear twice
    member_type = np.asarray(MEMBER_TYPES, dtype=object)[
        rng.choice(len(MEMBER_TYPES), size=n_rows, p=MEMBER_TYPE_SHARES)
    ]
    # Importance leans high, capability lower; a respondent's answers share a tendency.
    lean = rng.normal(0.0, 0.6, size=(n_rows, 1))
    item_gap = np.linspace(0.2, 1.8, n_items)[None, :]
    importance = np.clip(np.rint(3.9 + lean + rng.normal(0, 0.8, (n_rows, n_items))), 1, 5)
    capability = np.clip(
        np.rint(3.6 - item_gap + lean + rng.normal(0, 0.9, (n_rows, n_items))), 1, 5
    )
    importance = importance.astype(np.int64)
    capability = capability.astype(np.int64)
    bad = rng.choice(n_rows, size=max(1, n_rows // 1000), replace=False)
    importance[bad, rng.integers(0, n_items, size=len(bad))] = 7  # 0.1 % rows out of the scale
    blank_imp = rng.random((n_rows, n_items)) < 0.03
    blank_cap = rng.random((n_rows, n_items)) < 0.03
    arrays = [pa.array(ids, type=pa.string()), pa.array(member_type, type=pa.string())]
    for matrix, blanks in ((importance, blank_imp), (capability, blank_cap)):
        for j in range(n_items):
            arrays.append(pa.array(matrix[:, j], mask=blanks[:, j], type=pa.int64()))
    return pa.Table.from_arrays(arrays, names=survey_columns(n_items))


def write_xlsx(table: pa.Table, path: Path) -> None:
    """Write ``table`` as a one-sheet workbook (xlsxwriter, constant memory, shared strings)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = workbook.add_worksheet("data")
    sheet.write_row(0, 0, table.column_names)
    columns = [column.to_pylist() for column in table.columns]
    for row_number, row in enumerate(zip(*columns, strict=True), start=1):
        for column_number, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(row_number, column_number, value)
            else:
                sheet.write_number(row_number, column_number, value)
    workbook.close()


def write_csv(table: pa.Table, path: Path) -> None:
    """Write ``table`` as UTF-8 csv; blanks are empty fields."""
    options = pa_csv.WriteOptions(include_header=True, quoting_style="needed")
    pa_csv.write_csv(table, str(path), write_options=options)


def write_survey_form(path: Path, n_items: int = N_ITEMS) -> None:
    """Write the XLSForm of the generated survey (what the survey domain's schema is built from)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    survey = workbook.add_worksheet("survey")
    header = [
        "type",
        "name",
        "label::English (en)",
        "label::Georgian (ka)",
        "required",
        "constraint",
        "capacity_item",
        "capacity_dimension",
        "capacity_role",
        "scale_max",
    ]
    rows: list[list[object]] = [
        [
            "text",
            "respondent_id",
            "Respondent id",
            "რესპონდენტის იდენტიფიკატორი",
            "yes",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "select_one member_types",
            "member_type",
            "Member type",
            "წევრის ტიპი",
            "yes",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    dimensions = ("human_capacity", "technology", "markets", "finance")
    for role, prefix, en, ka in (
        ("importance", "imp", "Importance of item", "საკითხის მნიშვნელობა"),
        ("capability", "cap", "Capability in item", "შესაძლებლობა საკითხში"),
    ):
        for i, code in enumerate(item_codes(n_items)):
            rows.append(
                [
                    "integer",
                    f"{prefix}_{code}",
                    f"{en} {code}",
                    f"{ka} {code}",
                    "",
                    ". >= 1 and . <= 5",
                    f"item_{code}",
                    dimensions[i % len(dimensions)],
                    role,
                    5,
                ]
            )
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            survey.write(r, c, value)
    choices = workbook.add_worksheet("choices")
    choice_rows = [["list_name", "name", "label::English (en)", "label::Georgian (ka)"]]
    labels_ka = (
        "შეფუთვის მწარმოებელი",
        "შეფუთვის მომხმარებელი",
        "მომსახურების მიმწოდებელი",
        "სხვა",
    )
    for name, label_ka in zip(MEMBER_TYPES, labels_ka, strict=True):
        choice_rows.append(["member_types", name, name.replace("_", " "), label_ka])
    for r, row in enumerate(choice_rows):
        for c, value in enumerate(row):
            choices.write(r, c, value)
    settings = workbook.add_worksheet("settings")
    settings.write_row(0, 0, ["form_title", "form_id", "default_language"])
    settings.write_row(1, 0, ["Benchmark capacity survey", "bench_capacity", "English (en)"])
    workbook.close()


def survey_x30_table(seed: int = SEED) -> pa.Table:
    """Return the 100k x 30 survey for the frictionless comparison (14 items x 2 + 2 columns)."""
    return survey_table(100_000, n_items=14, seed=seed)


#: The frictionless Table Schema equivalent to :func:`x30_pandera_schema` (same file, same rules).
def x30_frictionless_schema(n_items: int = 14) -> dict:
    fields: list[dict] = [
        {
            "name": "respondent_id",
            "type": "string",
            "constraints": {"required": True, "unique": True},
        },
        {
            "name": "member_type",
            "type": "string",
            "constraints": {"required": True, "enum": list(MEMBER_TYPES)},
        },
    ]
    for column in survey_columns(n_items)[2:]:
        fields.append(
            {"name": column, "type": "integer", "constraints": {"minimum": 1, "maximum": 5}}
        )
    return {"fields": fields}


# ------------------------------------------------------------------------------------------------
# pool and indicators


def pool_demand(n_members: int, seed: int = SEED) -> pd.DataFrame:
    """Return members' planned quantities in tonnes (0.1 t steps, 0.5 to 40 t, skewed)."""
    rng = np.random.default_rng([seed, n_members])
    tonnes = np.clip(np.round(rng.lognormal(mean=1.6, sigma=0.8, size=n_members), 1), 0.5, 40.0)
    return pd.DataFrame(
        {"member_id": [f"M{i:03d}" for i in range(1, n_members + 1)], "quantity_t": tonnes}
    )


POOL_SCHEDULE = {
    "unit": "t",
    "currency": "GEL",
    "mode": "all_units",
    "breaks": [10.0, 50.0, 200.0, 500.0, 1000.0],
    "unit_prices": [2400.0, 2250.0, 2100.0, 1980.0, 1900.0, 1850.0],
}


def municipalities() -> list[str]:
    """Return the ids of Georgia's 64 municipal units (59 municipalities + 5 self-governing cities)."""
    places = pd.read_csv(
        ROOT / "src" / "cluster_analysis" / "places.csv", dtype=str, keep_default_na=False
    )
    chosen = places[
        (places["occupied"] == "false") & places["level"].isin(["municipality", "city"])
        | ((places["kind"] == "city") & (places["occupied"] == "false"))
    ]["id"].tolist()
    chosen = list(dict.fromkeys(chosen))
    # Fall back to made-up ids should the places table change shape.
    while len(chosen) < N_MUNICIPALITIES:
        chosen.append(f"municipality_{len(chosen) + 1:02d}")
    return chosen[:N_MUNICIPALITIES]


def indicator_tables(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (catalogue, observations): 120 indicators x 64 places x 30 years."""
    rng = np.random.default_rng([seed, 64, 120, 30])
    places = municipalities()
    indicators = [f"ind_{i:03d}" for i in range(1, N_INDICATORS + 1)]
    n_pairs = len(places) * len(indicators)
    baseline = np.round(rng.uniform(10, 1000, size=n_pairs), 1)
    direction = rng.choice(["increase", "decrease"], size=n_pairs, p=[0.8, 0.2])
    sign = np.where(direction == "increase", 1.0, -1.0)
    target = np.round(baseline * (1 + sign * rng.uniform(0.1, 0.6, size=n_pairs)), 1)
    baseline_year = 2015
    milestone = np.round(baseline + (target - baseline) * 0.5, 1)
    catalogue = pd.DataFrame(
        {
            "indicator": np.repeat(indicators, len(places)),
            "place": np.tile(places, len(indicators)),
            "unit": "count",
            "direction": direction,
            "kind": "quantitative",
            "baseline_value": baseline,
            "baseline_year": baseline_year,
            "target_value": target,
            "target_year": 2030,
            "milestones": [f"2025:{m:g}" for m in milestone],
        }
    )
    years = np.asarray(YEARS)
    growth = sign * rng.uniform(0.0, 0.04, size=n_pairs)
    noise = rng.normal(0, 0.02, size=(n_pairs, len(years)))
    values = (
        baseline[:, None] * (1 + growth[:, None]) ** (years[None, :] - baseline_year) * (1 + noise)
    )
    observations = pd.DataFrame(
        {
            "indicator": np.repeat(catalogue["indicator"].to_numpy(), len(years)),
            "place": np.repeat(catalogue["place"].to_numpy(), len(years)),
            "year": np.tile(years, n_pairs),
            "value": np.round(values.ravel(), 2),
        }
    )
    return catalogue, observations


# ------------------------------------------------------------------------------------------------
# lazy generation with a manifest


def _writers() -> dict[str, Callable[[Path], None]]:
    writers: dict[str, Callable[[Path], None]] = {}
    for label, n in SURVEY_SIZES.items():
        writers[f"survey_{label}.parquet"] = lambda p, n=n: pq.write_table(survey_table(n), p)
        writers[f"survey_{label}.csv"] = lambda p, n=n: write_csv(survey_table(n), p)
        if label in XLSX_SIZES:
            writers[f"survey_{label}.xlsx"] = lambda p, n=n: write_xlsx(survey_table(n), p)
    writers["survey_form.xlsx"] = write_survey_form
    writers["survey_100k_x30.csv"] = lambda p: write_csv(survey_x30_table(), p)
    for n in POOL_SIZES:
        writers[f"pool_{n}.csv"] = lambda p, n=n: pool_demand(n).to_csv(p, index=False)
    writers["pool_schedule.json"] = lambda p: p.write_text(
        json.dumps(POOL_SCHEDULE, indent=2) + "\n"
    )
    writers["indicators_catalogue.csv"] = lambda p: indicator_tables()[0].to_csv(p, index=False)
    writers["indicators_observations.parquet"] = lambda p: indicator_tables()[1].to_parquet(
        p, index=False
    )
    return writers


FILES = tuple(_writers())


def _read_manifest(data_dir: Path) -> dict:
    try:
        manifest = json.loads((data_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {"seed": SEED, "version": GENERATOR_VERSION, "files": {}}
    if manifest.get("seed") != SEED or manifest.get("version") != GENERATOR_VERSION:
        return {"seed": SEED, "version": GENERATOR_VERSION, "files": {}}
    return manifest


def ensure(
    name: str, data_dir: Path = DATA_DIR, *, log: Callable[[str], None] | None = None
) -> Path:
    """Return the path of generated file ``name``, writing it first if missing or stale."""
    writers = _writers()
    if name not in writers:
        raise KeyError(f"unknown benchmark file {name!r}; known: {', '.join(writers)}")
    data_dir.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(data_dir)
    path = data_dir / name
    recorded = manifest["files"].get(name)
    if recorded and path.exists() and path.stat().st_size == recorded["bytes"]:
        return path
    started = time.perf_counter()
    temporary = path.with_name(f".{path.name}.tmp{path.suffix}")
    writers[name](temporary)
    temporary.replace(path)
    seconds = time.perf_counter() - started
    manifest["files"][name] = {"bytes": path.stat().st_size, "seconds_to_write": round(seconds, 2)}
    manifest_tmp = data_dir / f".{MANIFEST}.tmp"
    manifest_tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    manifest_tmp.replace(data_dir / MANIFEST)
    if log:
        log(f"generated {name} ({path.stat().st_size / 1e6:,.1f} MB) in {seconds:.1f} s")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="generate only this file (repeatable)")
    args = parser.parse_args(argv)
    for name in args.only or FILES:
        ensure(name, log=lambda message: print(message, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
