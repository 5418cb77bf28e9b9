"""Read JSON-stat answers (PxWeb's ``json-stat`` 1.x and ``json-stat2``) into one tidy frame.

A JSON-stat dataset lists its dimensions in ``id`` with their ``size``; ``value`` holds one value
per combination in row-major order (the last dimension varies fastest), as an array or as an
object keyed by position; ``status`` marks symbols. :func:`read_jsonstat` returns the same tidy
shape as :func:`cluster_analysis.indicators.pcaxis.read_px`.
"""

from __future__ import annotations

import json
import re
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cluster_analysis.errors import InputError
from cluster_analysis.geo import try_normalize_place


def _dataset(path: Path) -> dict[str, Any]:
    """The one dataset of a file: JSON-stat 2 (class "dataset") or 1.x ({"name": dataset})."""
    if not path.exists():
        raise InputError("file not found; expected a JSON-stat file", path=path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not readable JSON ({error})", path=path) from error
    if not isinstance(document, dict):
        raise InputError("expected a JSON-stat object at the top", path=path)
    if document.get("class") == "dataset" or "id" in document:
        return document
    datasets = [v for v in document.values() if isinstance(v, dict) and "dimension" in v]
    if len(datasets) != 1:
        raise InputError(
            f"expected one JSON-stat dataset, found {len(datasets)} (a collection is not read)",
            path=path,
        )
    dataset = dict(datasets[0])
    dimension = dataset.get("dimension", {})
    dataset.setdefault("id", dimension.get("id"))
    dataset.setdefault("size", dimension.get("size"))
    dataset.setdefault("role", dimension.get("role"))
    return dataset


def _categories(path: Path, name: str, dimension: dict[str, Any], size: int) -> list[tuple]:
    """(code, label, unit) of one dimension's categories in index order."""
    category = dimension.get("category", {})
    index = category.get("index")
    labels = category.get("label", {})
    if index is None:
        codes = list(labels) or [name]
    elif isinstance(index, list):
        codes = index
    else:
        codes = sorted(index, key=index.__getitem__)
    if len(codes) != size:
        raise InputError(
            f"dimension {name!r} has {len(codes)} categories; size says {size}", path=path
        )
    units = category.get("unit", {})
    return [(code, labels.get(code, code), (units.get(code) or {}).get("label")) for code in codes]


def read_jsonstat(path: str | Path) -> pd.DataFrame:
    """Tidy long frame of a JSON-stat dataset: one row per value.

    Columns: ``file``, ``table`` (label), ``cell`` (``value[i]``), one column per dimension
    (category labels, named by the dimension's label) and ``<dimension> code``, ``period`` and
    ``year`` (the time dimension, ``role.time``, else one whose codes start with a year), ``place``
    (canonical id when a dimension's labels are all Georgian places), ``value``, ``unit`` (the
    metric category's unit), ``symbol`` (``status``) and ``note``. ``frame.attrs`` holds
    ``source``, ``updated``, ``variables`` and ``notes``.

    Raises :class:`InputError` for unreadable JSON, a collection, sizes that disagree with the
    categories, or a number of values other than the product of the sizes.
    """
    path = Path(path)
    data = _dataset(path)
    ids, sizes = data.get("id"), data.get("size")
    if not ids or not sizes or len(ids) != len(sizes):
        raise InputError("expected 'id' and 'size' lists of the same length", path=path)
    dimensions = data.get("dimension", {})
    names, per_dimension = [], []
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dimensions:
            raise InputError(f"no dimension {dim_id!r} though 'id' lists it", path=path)
        names.append(dimensions[dim_id].get("label") or dim_id)
        per_dimension.append(_categories(path, dim_id, dimensions[dim_id], int(size)))
    count = int(np.prod(sizes))
    values = _values(path, data.get("value"), count)
    combos = list(product(*per_dimension))
    frame = pd.DataFrame({"file": path.name, "table": data.get("label", ""),
                          "cell": [f"value[{i}]" for i in range(count)]})  # fmt: skip
    for position, name in enumerate(names):
        frame[name] = pd.Series([c[position][1] for c in combos], dtype="string")
        frame[f"{name} code"] = pd.Series([str(c[position][0]) for c in combos], dtype="string")
    frame["value"] = np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
    units = [next((u for _, _, u in c if u), None) for c in combos]
    frame["unit"] = pd.Series(units, dtype="string")
    status = _status(data.get("status"), count)
    frame["symbol"] = pd.Series(status, dtype="string")
    frame["note"] = pd.Series([f"status {s}" if s else pd.NA for s in status], dtype="string")
    time = _time_dimension(data, ids, per_dimension)
    frame["period"] = frame[names[time]] if time is not None else pd.Series(pd.NA, dtype="string")
    codes = frame[f"{names[time]} code"] if time is not None else frame["period"]
    years = codes.astype("string").str.extract(r"^\s*((?:19|20)\d{2})", expand=False)
    frame["year"] = pd.to_numeric(years, errors="coerce").astype("Int64")
    frame["place"] = _places(frame, names)
    frame.attrs.update(
        {
            "source": data.get("source", ""),
            "updated": data.get("updated", ""),
            "variables": names,
            "notes": list(data.get("note", []) or []),
        }
    )
    return frame


def _values(path: Path, raw: Any, count: int) -> list[float | None]:
    if isinstance(raw, dict):
        values: list[Any] = [None] * count
        for key, value in raw.items():
            if not str(key).isdigit() or int(key) >= count:
                raise InputError(f"value key {key!r} is not a position below {count}", path=path)
            values[int(key)] = value
    elif isinstance(raw, list):
        values = raw
    else:
        raise InputError("expected 'value' as an array or an object of positions", path=path)
    if len(values) != count:
        raise InputError(
            f"'value' has {len(values)} entries; expected {count} (the product of 'size')",
            path=path,
        )
    bad = [i for i, v in enumerate(values) if v is not None and not isinstance(v, int | float)]
    if bad:
        raise InputError(f"value[{bad[0]}] is {values[bad[0]]!r}; expected a number", path=path)
    return values


def _status(raw: Any, count: int) -> list[str | None]:
    if raw is None:
        return [None] * count
    if isinstance(raw, str):
        return [raw] * count
    if isinstance(raw, list):
        return [s or None for s in raw] + [None] * (count - len(raw))
    out: list[str | None] = [None] * count
    for key, value in dict(raw).items():
        if str(key).isdigit() and int(key) < count:
            out[int(key)] = value or None
    return out


def _time_dimension(data: dict[str, Any], ids: list[str], per_dimension: list) -> int | None:
    role = data.get("role") or {}
    for dim_id in role.get("time", []) or []:
        if dim_id in ids:
            return ids.index(dim_id)
    for position in range(len(ids) - 1, -1, -1):
        codes = [str(code) for code, _, _ in per_dimension[position]]
        if all(re.match(r"^(?:19|20)\d{2}", code) for code in codes):
            return position
    return None


def _places(frame: pd.DataFrame, names: list[str]) -> pd.Series:
    for name in names:
        labels = frame[name].unique()
        ids = {label: try_normalize_place(label) for label in labels}
        if all(ids.values()):
            return frame[name].map(ids).astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")
