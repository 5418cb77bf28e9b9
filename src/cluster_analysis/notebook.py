"""Small conveniences for the notebooks, so they hold no logic of their own.

Notebooks read the processed layer that ``cluster-analysis run`` wrote and show figures built by the
domains' chart builders, styled by the project template, with the same title/subtitle/footnote as the
exported files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cluster_analysis import metadata
from cluster_analysis.config import DOMAINS, Paths, get_paths
from cluster_analysis.errors import InputError
from cluster_analysis.metadata import describe_column
from cluster_analysis.outputs import Text, pick, text

if TYPE_CHECKING:
    from types import ModuleType

    import plotly.graph_objects as go
    from duckdb import DuckDBPyConnection
    from IPython.display import Markdown
    from pandas.io.formats.style import Styler

    from cluster_analysis.outputs import FigureOutput


def project_paths() -> Paths:
    """Return the project's paths (environment variables honoured)."""
    return get_paths()


def load(domain: str, table: str, *, paths: Paths | None = None) -> pd.DataFrame:
    """Return a processed table, e.g. ``load("survey", "needs_assessment")``.

    Raises :class:`InputError` telling the reader to run the pipeline when the table is missing.
    """
    paths = paths or project_paths()
    path = paths.processed / domain / f"{table}.parquet"
    if not path.exists():
        available = sorted(p.stem for p in (paths.processed / domain).glob("*.parquet"))
        raise InputError(
            f"processed table {domain}/{table} not found; run `make run` (or `cluster-analysis run "
            f"{domain}`) first" + (f"; available: {', '.join(available)}" if available else ""),
            path=path,
        )
    return pd.read_parquet(path)


def latest_manifest(paths: Paths | None = None) -> dict:
    """Return the newest run manifest (inputs with sha256, outputs, versions, times)."""
    paths = paths or project_paths()
    manifests = sorted((paths.processed / "manifests").glob("run-*.json"))
    if not manifests:
        raise InputError("no run manifest yet; run `make run` first", path=paths.processed)
    return json.loads(manifests[-1].read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------
# SQL over the processed layer

#: The view of :func:`sql` that lists every processed table (:func:`catalog`).
CATALOG_VIEW = "catalog"
#: The view of :func:`sql` over ``data_dictionary.parquet`` (every processed column's meaning).
DICTIONARY_VIEW = "data_dictionary"
SQL_INSTALL = 'pip install "cluster-analysis[sql]"'


def processed_tables(paths: Paths | None = None) -> list[tuple[str, str, Path]]:
    """Return ``(domain, table, file)`` for every processed table on disk
    (``data/processed/<domain>/<table>.parquet``), domains in run order, tables by name."""
    paths = paths or project_paths()
    return [
        (domain, file.stem, file)
        for domain in DOMAINS
        for file in sorted((paths.processed / domain).glob("*.parquet"))
    ]


def catalog(*, paths: Paths | None = None) -> pd.DataFrame:
    """Return one row per processed table: ``domain``, ``table_name``, ``view`` (the name
    :func:`sql` gives it, ``<domain>.<table>``), ``audience`` (office, members, vendors or donors,
    as declared in the domain's ``metadata.yaml``; empty for an undeclared table, which is to be
    treated as office-only), ``rows``, ``title_en``/``title_ka`` and
    ``description_en``/``description_ka`` (empty where the declaration has none)."""
    import pyarrow.parquet as pq

    rows = []
    for domain, name, file in processed_tables(paths):
        try:
            spec: metadata.TableSpec | None = metadata.table_spec(domain, name)
        except KeyError:
            spec = None
        rows.append(
            {
                "domain": domain,
                "table_name": name,
                "view": f"{domain}.{name}",
                "audience": spec.audience if spec else None,
                "rows": pq.read_metadata(file).num_rows,
                "title_en": spec.title["en"] if spec else None,
                "title_ka": spec.title["ka"] if spec else None,
                "description_en": spec.description.get("en") if spec else None,
                "description_ka": spec.description.get("ka") if spec else None,
            }
        )
    columns = ["domain", "table_name", "view", "audience", "rows", "title_en", "title_ka"]
    columns += ["description_en", "description_ka"]
    return pd.DataFrame(rows, columns=columns).astype({"rows": "int64"})


def _duckdb(lang: str) -> ModuleType:
    """The ``duckdb`` module, imported only when SQL is asked for (an optional extra)."""
    try:
        import duckdb
    except ImportError:
        message = text(
            f"SQL over the processed tables needs DuckDB, which is not installed: run "
            f"`{SQL_INSTALL}` (or `make setup`)",
            f"SQL მოთხოვნებისთვის საჭიროა DuckDB, რომელიც არ არის დაყენებული: გაუშვით "
            f"`{SQL_INSTALL}` (ან `make setup`)",
        )
        raise InputError(pick(message, lang)) from None
    return duckdb


def _identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (a table named like a keyword stays a name)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    """``value`` as a quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def sql(
    query: str,
    *,
    paths: Paths | None = None,
    params: Sequence[object] | Mapping[str, object] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Return the result of the SQL ``query`` over the processed tables, as a DataFrame.

    ``query`` runs in a fresh in-memory DuckDB database where every processed table is a view
    ``<domain>.<table>`` over its parquet file (``survey.needs_assessment``, ``pool.pooled_volume``
    ...), :data:`CATALOG_VIEW` lists them with their audience (:func:`catalog`: office tables are
    member-level and stay in the cluster office) and :data:`DICTIONARY_VIEW` describes every
    column. Values are bound by DuckDB, never pasted into the text: ``?`` with a list, ``$name``
    with a mapping in ``params``. Needs the ``sql`` extra; every failure (DuckDB missing, no
    processed data, an SQL error or an unknown table) is one :class:`InputError` line in ``lang``.
    """
    duckdb = _duckdb(lang)
    paths = paths or project_paths()
    tables = processed_tables(paths)
    if not tables:
        message = text(
            "no processed tables yet; run `make run` (or `cluster-analysis run`) first",
            "დამუშავებული ცხრილები ჯერ არ არის; ჯერ გაუშვით `make run` (ან `cluster-analysis run`)",
        )
        raise InputError(pick(message, lang), path=paths.processed)
    with duckdb.connect(":memory:") as connection:
        views = _create_views(connection, tables, paths)
        try:
            return connection.execute(query, params).df()
        except duckdb.Error as exc:
            lines = str(exc).strip().splitlines()
            # DuckDB's first line says what is wrong; its "Did you mean" guesses and the
            # caret lines are left out (the list of tables below is the better guide)
            problem = lines[0] if lines else type(exc).__name__
            message = text(
                f"the SQL query failed: {problem}; the tables are {', '.join(views)}",
                f"SQL მოთხოვნა ვერ შესრულდა: {problem}; ცხრილებია {', '.join(views)}",
            )
            raise InputError(pick(message, lang)) from None


def _create_views(
    connection: DuckDBPyConnection, tables: Sequence[tuple[str, str, Path]], paths: Paths
) -> list[str]:
    """Create the views of :func:`sql` on ``connection``: one schema per domain, one view per
    processed table, the catalogue and the data dictionary; return their names. Names and paths
    come from the files on disk, quoted; no user text is pasted here."""
    import pyarrow as pa

    for domain in dict.fromkeys(domain for domain, _, _ in tables):
        connection.execute(f"CREATE SCHEMA {_identifier(domain)}")
    views = []
    for domain, name, file in tables:
        connection.execute(
            f"CREATE VIEW {_identifier(domain)}.{_identifier(name)} AS "
            f"SELECT * FROM read_parquet({_literal(str(file))})"
        )
        views.append(f"{domain}.{name}")
    # handed over as Arrow: every supported DuckDB reads it (older ones refuse pandas' str dtype)
    connection.register(
        CATALOG_VIEW, pa.Table.from_pandas(catalog(paths=paths), preserve_index=False)
    )
    views.append(CATALOG_VIEW)
    dictionary = paths.processed / "data_dictionary.parquet"
    if dictionary.is_file():
        source = _literal(str(dictionary))
        connection.execute(f"CREATE VIEW {DICTIONARY_VIEW} AS SELECT * FROM read_parquet({source})")
        views.append(DICTIONARY_VIEW)
    return views


#: The smallest plotting area (px) a notebook chart gets, and the height per category row (px per
#: line of its label, plus the gap between rows) when a chart has rows of categories.
MIN_PLOT = 200
ROW_LINE = 22
ROW_GAP = 14
#: A heatmap row holds a number written in its cell: it needs more room than a bar.
HEATMAP_ROW = 44
#: Plotting area of a chart without rows of categories (lines over years), and of a scatter whose
#: points carry text labels (more room between points, fewer labels on top of each other).
FREE_PLOT = 380
LABELLED_PLOT = 560


def _category_rows(fig: go.Figure) -> float:
    """The height (px) the chart's category rows need: the categories on each y axis (bars,
    heatmap rows, dots), each ``ROW_LINE`` per line of its label plus ``ROW_GAP``; axes side by
    side (same vertical domain) count once, stacked axes add up."""
    per_axis: dict[str, dict[str, int]] = {}
    heatmap_axes: set[str] = set()
    for trace in fig.data:
        values = getattr(trace, "y", None)
        if values is None or not len(values):
            continue
        labels = [str(v) for v in values if isinstance(v, str)]
        if len(labels) < len(values) / 2:  # a numeric axis: no rows of categories
            continue
        name = getattr(trace, "yaxis", None) or "y"
        axis = per_axis.setdefault(name, {})
        if trace.type == "heatmap":
            heatmap_axes.add(name)
        for label in labels:
            axis[label] = max(axis.get(label, 1), label.lower().count("<br") + 1)
    by_domain: dict[tuple[float, ...], float] = {}
    for axis_name, lines_per_label in per_axis.items():
        layout_axis = fig.layout[f"yaxis{axis_name[1:]}"] if axis_name != "y" else fig.layout.yaxis
        domain = tuple(layout_axis.domain or (0.0, 1.0))
        least = HEATMAP_ROW if axis_name in heatmap_axes else 0
        need = sum(max(least, ROW_LINE * n + ROW_GAP) for n in lines_per_label.values())
        by_domain[domain] = max(by_domain.get(domain, 0.0), need)
    return sum(by_domain.values())


def fitted_height(fig: go.Figure) -> int:
    """The page height (px) that gives ``fig`` (already decorated) a plotting area of at least
    :data:`MIN_PLOT` px and room for every category row; a height the builder set is kept when
    it is larger."""
    margin = fig.layout.margin
    frame = (margin.t or 0) + (margin.b or 0)
    rows = _category_rows(fig)
    labelled = (
        sum(
            len(trace.x or ())
            for trace in fig.data
            if trace.type == "scatter" and "text" in (trace.mode or "")
        )
        > 6
    )
    plot = max(MIN_PLOT, rows or (LABELLED_PLOT if labelled else FREE_PLOT))
    return int(max(frame + plot, fig.layout.height or 0))


def shown_path(path: str | Path, paths: Paths | None = None) -> str:
    """``path`` as a reader may see it: relative to the project (``data/raw/survey/...``), the raw
    or processed folder, else the file name alone; never the machine's own folders."""
    paths = paths or project_paths()
    target = Path(path)
    if not target.is_absolute():
        return target.as_posix()
    for folder, label in (
        (paths.root, ""),
        (paths.raw, "data/raw/"),
        (paths.processed, "data/processed/"),
        (paths.reports, "reports/"),
    ):
        try:
            return label + target.resolve().relative_to(Path(folder).resolve()).as_posix()
        except ValueError:
            continue
    return target.name


def show(figure: FigureOutput, lang: str = "en", *, height: int | None = None) -> go.Figure:
    """Return the figure as exported: built in ``lang``, with the project template, title,
    subtitle (unit, period, n) and footnote (source, synthetic warning), the export's width and
    a height sized to its content (:func:`fitted_height`) unless ``height`` is given."""
    from cluster_analysis.charts.export import decorate
    from cluster_analysis.charts.theme import WIDTH, use_theme

    use_theme()
    fig = decorate(figure.build(lang), figure.meta, lang)
    # the template sets no size (HTML fills its container); the title and footnote are wrapped
    # to the export's width, so the notebook draws at that width with a height for its rows
    return fig.update_layout(width=WIDTH, height=height or fitted_height(fig), autosize=False)


def prose(lang: str, *, en: str, ka: str) -> Markdown:
    """Return the notebook's text in ``lang`` as Markdown (a section's heading and explanation
    are written once in each language; the run shows one)."""
    from IPython.display import Markdown

    return Markdown(pick(text(en, ka), lang))


def synthetic(domain: str, *, paths: Paths | None = None) -> bool:
    """True when the domain's raw folder is the bundled synthetic example data (as in a run)."""
    from cluster_analysis.context import SYNTHETIC_MARKER

    paths = paths or project_paths()
    return (paths.raw_for(domain) / SYNTHETIC_MARKER).exists()


def figure_files(name: str, *, paths: Paths | None = None) -> list[Path]:
    """Return the exported files of one figure (all languages and formats)."""
    paths = paths or project_paths()
    return sorted(Path(paths.figures).glob(f"{name}.*"))


# --------------------------------------------------------------------------------------------------
# tables for people

#: What a reader sees in a cell with no value: a suppressed or missing cell (as in tables.xlsx).
SUPPRESSED = "–"
#: Width (em) a text column may take before its text wraps.
WRAP_EM = 24
#: Values closer to zero than this share of the column's largest value are rounding noise.
_NOISE = 1e-9
_MONEY_UNITS = frozenset({"GEL", "GEL per unit", "programme currency"})
_COUNT_UNITS = frozenset(
    {"count", "persons", "members", "programmes", "sectors", "days", "respondents"}
)
_INTERVAL = text("95% interval", "95%-იანი სანდოობის ინტერვალი")
_YES_NO = {True: text("yes", "დიახ"), False: text("no", "არა")}
_OTHER_LANGUAGE = {"en": "ka", "ka": "en"}


def column_kind(name: str, unit: str | None, dtype: object) -> str:
    """How a column's numbers are written: ``money``, ``share`` (a fraction shown as %),
    ``percent`` (already in %), ``count``, ``year``, ``p`` (a p-value) or ``number``; ``text``
    for a column that is not numeric. ``unit`` is the declared English unit, if any."""
    if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
        return "text"
    unit = (unit or "").strip()
    if unit in _MONEY_UNITS or name.endswith("_gel"):
        return "money"
    if unit == "%" or name.endswith("_pct"):
        return "percent"
    if unit.startswith("share"):
        return "share"
    if unit == "year" or name == "year" or name.endswith("_year"):
        return "year"
    if name.endswith("_p") or name in {"p", "p_value"}:
        return "p"
    if unit in _COUNT_UNITS or pd.api.types.is_integer_dtype(dtype):
        return "count"
    return "number"


def _denoised(values: pd.Series) -> pd.Series:
    """``values`` as floats with float noise around zero (``-1.8e-12`` for 0) set to 0."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    largest = numbers.abs().max()
    scale = max(1.0, float(largest)) if pd.notna(largest) else 1.0
    return numbers.mask(numbers.abs() < _NOISE * scale, 0.0)


def _decimals(kind: str, name: str, unit: str | None, values: pd.Series) -> int:
    """Decimals a column is written with: money in whole lari (prices per unit in tetri), counts
    and years whole, shares and percentages to one decimal, p-values to three, other numbers by
    their size (whole numbers stay whole)."""
    if kind == "money":
        per_unit = "per unit" in (unit or "") or re.search(r"(^|_)price(_gel)?$", name)
        return 2 if per_unit else 0
    if kind in {"count", "year"}:
        return 0
    if kind in {"share", "percent"}:
        return 1
    if kind == "p":
        return 3
    finite = values.dropna()
    finite = finite[np.isfinite(finite)]
    if finite.empty or bool(((finite - finite.round()).abs() < 1e-9).all()):
        return 0
    largest = float(finite.abs().max())
    return 0 if largest >= 1000 else 1 if largest >= 100 else 2


def format_value(value: object, kind: str, lang: str, decimals: int = 0) -> str:
    """Write one value for a reader in ``lang`` (Babel's locale formats, ``numbers.py``): a missing
    value as "–", a share as a percentage, a year without a thousands mark, a tiny p-value as
    "<0.001"; ``-0`` never appears."""
    from cluster_analysis.numbers import format_number

    if value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value))):  # NA, NaN, NaT
        return SUPPRESSED
    if isinstance(value, (bool, np.bool_)):
        return pick(_YES_NO[bool(value)], lang)
    if kind == "text":
        if isinstance(value, pd.Timestamp):
            return value.strftime("%d.%m.%Y" if lang == "ka" else "%Y-%m-%d")
        return str(value)
    number = float(value)  # type: ignore[arg-type]
    if not np.isfinite(number):
        return "∞" if number > 0 else "−∞"
    if kind == "year":
        return str(round(number))
    if kind == "p" and number < 10**-decimals:
        return "<" + format_number(10**-decimals, lang, decimals)
    if kind == "share":
        number *= 100
    if round(number, decimals) == 0:
        number = 0.0  # no "-0"
    written = format_number(number, lang, decimals)
    return written + "%" if kind in {"share", "percent"} else written


def _interval_pairs(columns: Sequence[str]) -> dict[str, str]:
    """``{low: high}`` for every ``<x>_low`` column with its ``<x>_high`` twin."""
    present = set(columns)
    return {
        c: f"{c[: -len('_low')]}_high"
        for c in columns
        if c.endswith("_low") and f"{c[: -len('_low')]}_high" in present
    }


def _interval_header(low: str, domain: str | None, lang: str) -> str:
    """``<estimate's header>, 95% interval``: the estimate is ``<x>_share`` or ``<x>``."""
    stem = low[: -len("_low")]
    for estimate in (f"{stem}_share", stem):
        spec = describe_column(estimate, domain)
        if spec is not None:
            return f"{pick(spec.header, lang)}, {pick(_INTERVAL, lang)}"
    return pick(_INTERVAL, lang)


def reader_columns(frame: pd.DataFrame, lang: str) -> list[str]:
    """The columns a reader of ``lang`` needs: a column in the other language (``x_ka`` in an
    English run, ``x_en`` in a Georgian one) is left out, and so is ``x`` when ``x_<lang>`` is
    there."""
    other = _OTHER_LANGUAGE.get(lang, "ka")
    names = [str(c) for c in frame.columns]
    present = set(names)
    return [c for c in names if not c.endswith(f"_{other}") and f"{c}_{lang}" not in present]


def _formatted(
    frame: pd.DataFrame,
    lang: str,
    domain: str | None,
    columns: Sequence[str] | None,
    headers: Mapping[str, Text] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The text table of :func:`readable` and the kind of each of its columns."""
    chosen = list(columns) if columns is not None else reader_columns(frame, lang)
    missing = [c for c in chosen if c not in frame.columns]
    if missing:
        raise KeyError(f"no column {', '.join(missing)} in the table; it has {list(frame.columns)}")
    pairs = _interval_pairs(chosen)
    highs = set(pairs.values())
    names = {**(metadata.headers(domain, chosen) if domain else {}), **(headers or {})}
    out: dict[str, pd.Series] = {}
    kinds: list[str] = []
    for name in chosen:
        if name in highs:
            continue
        spec = describe_column(name, domain) if domain else None
        unit = spec.unit.get("en") if spec and spec.unit else None
        kind = column_kind(name, unit, frame[name].dtype)
        values = frame[name] if kind == "text" else _denoised(frame[name])
        digits = 0 if kind == "text" else _decimals(kind, name, unit, values)
        cells = [format_value(v, kind, lang, digits) for v in values]
        header = pick(names[name], lang) if name in names else name
        if name in pairs:
            highs_text = [
                format_value(v, kind, lang, digits) for v in _denoised(frame[pairs[name]])
            ]
            cells = [
                SUPPRESSED if SUPPRESSED in (lo, hi) else f"{lo} – {hi}"
                for lo, hi in zip(cells, highs_text, strict=True)
            ]
            header = _interval_header(name, domain, lang)
        out[_unique(header, out)] = pd.Series(cells, dtype="object")
        kinds.append(kind)
    return pd.DataFrame(out), kinds


def readable(
    frame: pd.DataFrame,
    lang: str = "en",
    *,
    domain: str | None = None,
    columns: Sequence[str] | None = None,
    headers: Mapping[str, Text] | None = None,
) -> pd.DataFrame:
    """Return ``frame`` as text a person reads in ``lang``: the columns a reader needs
    (``columns``, else :func:`reader_columns`), each number written by its unit (money, shares as
    %, counts, years, p-values; Babel's locale formats), near-zero noise as 0, missing or
    suppressed cells as "–", every ``<x>_low``/``<x>_high`` pair as one interval column, and, with
    ``domain``, headers from its ``metadata.yaml`` in ``lang`` (``headers`` for columns it does
    not declare). ``frame`` is not changed."""
    return _formatted(frame, lang, domain, columns, headers)[0]


def _unique(header: str, taken: Mapping[str, object]) -> str:
    """``header``, or ``header (2)`` when two columns share a header."""
    candidate, count = header, 1
    while candidate in taken:
        count += 1
        candidate = f"{header} ({count})"
    return candidate


def table(
    frame: pd.DataFrame,
    lang: str = "en",
    *,
    domain: str | None = None,
    columns: Sequence[str] | None = None,
    headers: Mapping[str, Text] | None = None,
) -> Styler:
    """Return ``frame`` ready to read in a notebook (a pandas ``Styler``): formatted as by
    :func:`readable`, numbers right-aligned, long text wrapped at about :data:`WRAP_EM` em, no
    row numbers, every row shown. Keep the frame in a variable: the full table is one cell away."""
    shown, kinds = _formatted(frame, lang, domain, columns, headers)
    cell = f"white-space: normal; max-width: {WRAP_EM}em; overflow-wrap: anywhere; "
    styles = [
        {"selector": "th", "props": cell + "text-align: left; vertical-align: bottom"},
        {"selector": "td", "props": cell + "text-align: left; vertical-align: top"},
    ]
    styler = shown.style.hide(axis="index").set_table_styles(styles)
    numeric = [c for c, kind in zip(shown.columns, kinds, strict=True) if kind != "text"]
    if numeric:
        styler = styler.set_properties(
            subset=numeric, **{"text-align": "right", "white-space": "nowrap"}
        )
    return styler
