"""Survey ingest cases: read a wide export, validate it with the survey schema, reshape, score.

The pipeline measured (:func:`survey_pipeline`) is what the issue calls "survey ingest +
validation + scoring":

1. ``cluster_analysis.readers.read_table`` of the wide export (respondent x 40 items: 80 answer
   columns + ``respondent_id``, ``member_type``);
2. ``cluster_analysis.validation.validate`` with the survey domain's schema: the XLSForm's wide
   schema (``survey.forms.read_xlsform(...).schema()``: ``Int64`` answers, ``. >= 1 and . <= 5``
   ranges, required id and member type, the member type's choice list) plus the member checks of
   ``survey.schemas.response_checks`` (a respondent submitting twice). If the survey domain cannot
   be imported, an equivalent pandera schema declared here is used and the result says so;
3. reshape the valid rows to the long layer (one row per respondent and item): ``reshape="vectorised"``
   builds it with numpy in respondent order with categorical ids (see :func:`wide_to_long`);
   ``reshape="domain"`` uses the survey domain's ``exports.to_long_capacity`` and joins
   ``member_type`` as the pipeline does;
4. ``cluster_analysis.survey.scoring.needs_assessment(long, by="member_type")``.

Every library the pipeline uses (scipy.stats included, which the scorer loads on first use) is
imported before the clock starts: import cost is measured on its own.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cases.worker import reset_peak, status_bytes, timed

DUPLICATE_CHECK = "duplicate_submission"
#: Respondents per block when the long columns are filled (x 40 items x 8 bytes: about 21 MB).
ROWS_PER_BLOCK = 65536
#: Modules ``survey.forms.read_xlsform`` imports on first use (imported before the clock).
FORM_READER_MODULES = (
    "generate",
    "python_calamine",
    "xlrd",
    "pyxform.aliases",
    "pyxform.parsing.sheet_headers",
    "pyxform.question_type_dictionary",
    "pyxform.xls2json",
)


def _form_path() -> Path:
    import generate

    return generate.ensure("survey_form.xlsx")


def fallback_schema(columns: list[str]):
    """The survey schema declared here (used only when the survey domain does not import)."""
    import generate
    import pandera.pandas as pa

    answer = pa.Check(lambda s: s.between(1, 5) | s.isna(), name="answer_out_of_range")
    spec: dict[str, pa.Column] = {
        "respondent_id": pa.Column(str, nullable=False, coerce=True),
        "member_type": pa.Column(
            str,
            pa.Check(lambda s: s.isin(generate.MEMBER_TYPES), name="unknown_choice"),
            nullable=False,
            coerce=True,
        ),
    }
    for column in columns:
        if column.startswith(("imp_", "cap_")):
            spec[column] = pa.Column("Int64", answer, nullable=True, coerce=True, required=False)
    return pa.DataFrameSchema(
        spec,
        checks=[
            pa.Check(
                lambda df: (
                    ~(df["respondent_id"].notna() & df["respondent_id"].duplicated(keep=False))
                ),
                name=DUPLICATE_CHECK,
            )
        ],
        strict=False,
        coerce=True,
    )


def survey_schema(columns: list[str]) -> tuple[Any, Any, str]:
    """Return (schema, form or None, where the schema comes from)."""
    try:
        from cluster_analysis.survey.forms import read_xlsform
        from cluster_analysis.survey.schemas import response_checks

        form = read_xlsform(_form_path())
        schema = response_checks(
            form.schema(columns=columns), member_column="respondent_id", register_ids=None
        )
        return schema, form, "survey domain (forms.Form.schema + schemas.response_checks)"
    except ImportError as exc:
        return fallback_schema(columns), None, f"declared in the benchmark (survey domain: {exc})"


def wide_to_long(wide: pd.DataFrame) -> pd.DataFrame:
    """Return the long layer of a wide capacity export without sorting or joining.

    Rows come out in respondent order then item order (what ``to_long_capacity`` sorts into), built
    with ``np.repeat``/``np.tile``; ``respondent_id``, ``member_type`` and ``item`` are categorical,
    so 40 rows per respondent cost 40 small integer codes instead of 40 strings. This is the
    reshape proposed for ``survey.exports.to_long_capacity`` (benchmarks/README.md).
    """
    codes = [c.removeprefix("imp_") for c in wide.columns if c.startswith("imp_")]
    n_rows, n_items = len(wide), len(codes)

    def long_column(prefix: str) -> np.ndarray:
        # Each answer column is written straight into its place in the long column (row-major:
        # respondent, then item). ``frame.to_numpy()`` of the 40 columns then ``ravel()`` made two
        # more copies of each long column (pandas builds the block column-major, so the ravel
        # copies): at 1M respondents 2 x 320 MB each for importance and capability. The rows are
        # filled a block at a time, so the writes of the 40 columns land close together instead
        # of striding over the whole long column 40 times (both long columns at 1M respondents:
        # about 0.22 s of CPU against 0.53 s one column at a time).
        columns = [wide[f"{prefix}{code}"].array for code in codes]
        out = np.empty((n_rows, n_items), dtype="float64")
        for start in range(0, n_rows, ROWS_PER_BLOCK):
            block = out[start : start + ROWS_PER_BLOCK]
            for j, column in enumerate(columns):
                block[:, j] = column[start : start + len(block)].to_numpy(
                    dtype="float64", na_value=np.nan
                )
        return out.reshape(-1)

    importance = long_column("imp_")
    capability = long_column("cap_")
    respondents = pd.Categorical(wide["respondent_id"].astype(str))
    member_types = pd.Categorical(wide["member_type"].astype(str))
    # copy=False: the columns are used as they are, not copied into one block of both float
    # columns (another 640 MB at 1M respondents); same frame, same values and dtypes.
    return pd.DataFrame(
        {
            "respondent_id": pd.Categorical.from_codes(
                np.repeat(respondents.codes, n_items), categories=respondents.categories
            ),
            "member_type": pd.Categorical.from_codes(
                np.repeat(member_types.codes, n_items), categories=member_types.categories
            ),
            # item codes tiled as the small integers the categorical keeps (int8 for up to 127
            # items), not as int64 first: 320 MB less at 1M respondents x 40 items
            "item": pd.Categorical.from_codes(
                np.tile(np.arange(n_items, dtype=np.int8 if n_items < 127 else np.int32), n_rows),
                categories=[f"item_{c}" for c in codes],
            ),
            "importance": importance,
            "capability": capability,
        },
        copy=False,
    )


def _domain_long(valid: pd.DataFrame, form: Any) -> pd.DataFrame:
    from cluster_analysis.survey.exports import to_long_capacity

    long = to_long_capacity(valid, form, id_column="respondent_id")
    members = valid[["respondent_id", "member_type"]].astype({"respondent_id": "string"})
    return long.merge(members, on="respondent_id", how="left")


def survey_pipeline(path: str, reshape: str = "vectorised") -> dict[str, Any]:
    """Measure read + validate + reshape + needs_assessment of one wide export."""
    import scipy.stats  # noqa: F401  (the scorer's Wilson interval loads it on first use)

    try:  # the survey domain's modules, imported before the clock like everything else
        import cluster_analysis.survey.exports
        import cluster_analysis.survey.forms
        import cluster_analysis.survey.schemas  # noqa: F401

        # and what reading the XLSForm loads on first use (about 0.45 s CPU and 33 MB, which
        # were measured inside the validate step before)
        for module in FORM_READER_MODULES:
            importlib.import_module(module)
    except ImportError:
        pass
    from cluster_analysis.readers import read_table
    from cluster_analysis.survey.schemas import MESSAGES
    from cluster_analysis.survey.scoring import needs_assessment
    from cluster_analysis.validation import validate

    steps: dict[str, float] = {}
    steps_cpu: dict[str, float] = {}
    step_peaks: dict[str, int] = {}
    facts: dict[str, Any] = {}
    cpu_clock = [time.process_time()]

    def checkpoint(name: str, clock: float) -> float:
        # Time of the step (wall and CPU: on a shared machine the CPU time is the steadier), and
        # the highest memory reached during it (the high-water mark is reset for the next step;
        # the pipeline's peak is the largest of the steps' peaks).
        steps[name] = time.perf_counter() - clock
        steps_cpu[name] = time.process_time() - cpu_clock[0]
        step_peaks[name] = status_bytes("VmHWM")
        reset_peak()
        cpu_clock[0] = time.process_time()
        return time.perf_counter()

    def work() -> pd.DataFrame:
        cpu_clock[0] = time.process_time()
        clock = time.perf_counter()
        frame = read_table(path)
        clock = checkpoint("read", clock)
        facts["wide_bytes"] = int(frame.memory_usage(deep=True).sum())
        facts["rows_in"] = len(frame)
        schema, form, origin = survey_schema(list(frame.columns))
        result = validate(
            frame,
            schema,
            table="survey_responses",
            id_column="respondent_id",
            dataframe_check_columns={DUPLICATE_CHECK: "respondent_id"},
            messages=MESSAGES,
        )
        clock = checkpoint("validate", clock)
        facts.update(
            schema=origin,
            rows_valid=result.rows_valid,
            rows_rejected=result.rows_rejected,
            reasons=len(result.rejects),
        )
        del frame
        if reshape == "domain" and form is not None:
            long = _domain_long(result.valid, form)
        else:
            long = wide_to_long(result.valid)
        clock = checkpoint("reshape", clock)
        facts["long_rows"] = len(long)
        facts["long_bytes"] = int(long.memory_usage(deep=True).sum())
        del result
        scores = needs_assessment(long, by="member_type")
        checkpoint("score", clock)
        facts["score_rows"] = len(scores)
        return scores

    _, measurement = timed(work)
    measurement["peak_rss"] = max(step_peaks.values())
    measurement["info"] = {
        **facts,
        "steps": steps,
        "steps_cpu": steps_cpu,
        "step_peak_above_start": {k: v - measurement["rss_before"] for k, v in step_peaks.items()},
        "reshape": reshape,
    }
    return measurement


def bare_read_excel(path: str) -> dict[str, Any]:
    """Measure bare ``pandas.read_excel(path, engine="calamine")`` (the I/O floor)."""
    import python_calamine  # noqa: F401  (imported before the clock, as for the pipeline)

    frame, measurement = timed(lambda: pd.read_excel(path, engine="calamine"))
    measurement["info"] = {"rows": len(frame), "bytes": int(frame.memory_usage(deep=True).sum())}
    return measurement


def read_only(path: str) -> dict[str, Any]:
    """Measure ``read_table`` alone (the reading floor of each format and size)."""
    from cluster_analysis.readers import read_table

    if path.endswith(".xlsx"):
        import python_calamine  # noqa: F401
    frame, measurement = timed(lambda: read_table(path))
    measurement["info"] = {"rows": len(frame), "bytes": int(frame.memory_usage(deep=True).sum())}
    return measurement


# ------------------------------------------------------------------------------------------------
# validation against frictionless (100k x 30 csv)


def x30_pandera_schema():
    """The pandera schema equivalent to ``generate.x30_frictionless_schema`` (same rules)."""
    import generate
    import pandera.pandas as pa

    spec: dict[str, pa.Column] = {
        "respondent_id": pa.Column(str, nullable=False, unique=True),
        "member_type": pa.Column(str, pa.Check.isin(list(generate.MEMBER_TYPES)), nullable=False),
    }
    for column in generate.survey_columns(14)[2:]:
        spec[column] = pa.Column("Int64", pa.Check.in_range(1, 5), nullable=True)
    return pa.DataFrameSchema(spec, strict=False, coerce=True)


def validate_ours(path: str) -> dict[str, Any]:
    """Measure read_table + validate (quarantine with every reason) of the 100k x 30 csv."""
    from cluster_analysis.readers import read_table
    from cluster_analysis.validation import validate

    schema = x30_pandera_schema()

    def work():
        frame = read_table(path)
        return validate(frame, schema, table="x30", id_column="respondent_id")

    result, measurement = timed(work)
    measurement["info"] = {
        "rows_in": result.rows_in,
        "rows_rejected": result.rows_rejected,
        "reasons": len(result.rejects),
        "by_check": result.rejects["check"]
        .str.replace(r"\(.*", "", regex=True)
        .value_counts()
        .to_dict(),
    }
    return measurement


def validate_frictionless(path: str) -> dict[str, Any]:
    """Measure frictionless ``validate`` of the same csv with the equivalent Table Schema."""
    import generate
    from frictionless import Resource, Schema, validate

    schema = Schema.from_descriptor(generate.x30_frictionless_schema())
    file = Path(path)

    def work():
        resource = Resource(path=file.name, basepath=str(file.parent), schema=schema)
        return validate(resource, limit_errors=1_000_000)

    report, measurement = timed(work)
    task = report.tasks[0]
    counts: dict[str, int] = {}
    for error in task.errors:
        counts[error.type] = counts.get(error.type, 0) + 1
    measurement["info"] = {
        "rows": task.stats.get("rows"),
        "errors": len(task.errors),
        "by_type": counts,
    }
    return measurement
