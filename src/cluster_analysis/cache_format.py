"""The data-only form of a cache entry: JSON for its structure, parquet for its tables, blobs for
the bytes of built files.

Reading an entry back never runs code named by the entry (no pickle): a JSON value becomes only
JSON values, tuples, numpy arrays and scalars of plain kinds, ``pd.NA``, tables, built figures and
files, and the few dataclasses listed in :data:`DATACLASSES`. Anything else is refused with
:class:`EntryFormatError`, and the caller recomputes the domain.

Tags: a JSON object with one key starting with ``~`` is a tagged value (``~t`` tuple, ``~d`` dict
whose keys are not all plain strings, ``~nd`` numeric array, ``~na`` array of objects or strings,
``~np`` numpy scalar, ``~NA`` pd.NA, ``~df`` table, ``~b`` bytes kept as a blob, ``~fig`` built
figure, ``~file`` built file, ``~dc`` dataclass); a plain dict with a key starting with ``~`` is
written as ``~d``, so no data is ever mistaken for a tag.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import io
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from cluster_analysis.outputs import (
    DomainResult,
    FigureOutput,
    FileOutput,
    Finding,
    Meta,
    TableOutput,
)
from cluster_analysis.validation import ValidationResult

#: The dataclasses an entry may hold, by the name written in the entry.
DATACLASSES: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        DomainResult,
        TableOutput,
        FigureOutput,
        FileOutput,
        Finding,
        Meta,
        ValidationResult,
    )
}
#: numpy kinds kept as raw bytes: bool, integers, floats, complex, timedelta, datetime.
_RAW_KINDS = frozenset("biufcmM")


class EntryFormatError(ValueError):
    """A stored entry that is not a well-formed data-only entry (it is recomputed)."""


class BuiltFigure:
    """A figure builder replaced by the figures it built, one per language.

    Kept as each figure's raw data and layout with numpy arrays as typed arrays (plotly's own JSON
    turns them into base64 blocks, which the export's label handling would misread, and a list
    instead of an array would change the exported spec and so the figure cache's key).

    Read back from an entry, the figures stay data (``specs``: language -> (data, layout)) until
    one is asked for: a rerun whose reports are unchanged never builds a plotly figure (building
    the 62 of the example costs about 2 s, most of a rerun with nothing changed).
    """

    def __init__(
        self,
        figures: dict[str, Any] | None = None,
        *,
        specs: dict[str, tuple[list[Any], dict[str, Any]]] | None = None,
    ) -> None:
        self._figures = dict(figures or {})
        self._specs = dict(specs or {})

    @property
    def figures(self) -> dict[str, Any]:
        """The figures by language (those still kept as data are built now)."""
        for lang in list(self._specs):
            self._figures[lang] = self._build(lang)
        self._specs.clear()
        return self._figures

    def _build(self, lang: str) -> Any:
        import plotly.graph_objects as go

        data, layout = self._specs[lang]
        return go.Figure(data=data, layout=layout)

    def __call__(self, lang: str) -> Any:
        import plotly.graph_objects as go

        if lang in self._specs:
            return self._build(lang)  # a new figure each call: the data are never handed out
        return go.Figure(self._figures[lang])


class BuiltFile:
    """A file builder replaced by the bytes it built, one per language."""

    def __init__(self, contents: dict[str, bytes]) -> None:
        self.contents = dict(contents)

    def __call__(self, lang: str) -> bytes:
        return self.contents[lang]


class Encoder:
    """Turn an entry's values into JSON values; tables and bytes go to ``put_blob(data) -> sha``."""

    def __init__(self, put_blob: Callable[[bytes], str]) -> None:
        self.put_blob = put_blob
        #: every blob the encoded values refer to
        self.blobs: set[str] = set()

    def _blob(self, data: bytes) -> str:
        sha = self.put_blob(data)
        self.blobs.add(sha)
        return sha

    def value(self, value: Any) -> Any:
        """Return ``value`` as JSON values (TypeError for a type an entry cannot hold)."""
        if value is None or type(value) in (bool, str, int, float):
            return value
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, tuple) and type(value) is tuple:
            return {"~t": [self.value(v) for v in value]}
        if isinstance(value, dict):
            if all(isinstance(k, str) and not k.startswith("~") for k in value):
                return {k: self.value(v) for k, v in value.items()}
            return {"~d": [[self.value(k), self.value(v)] for k, v in value.items()]}
        if value is pd.NA:
            return {"~NA": 0}
        if isinstance(value, np.ndarray):
            return self._array(value)
        if isinstance(value, np.generic) and value.dtype.kind in "biuf":
            return {"~np": [value.dtype.str, value.item()]}
        if isinstance(value, bytes):
            return {"~b": self._blob(value)}
        if isinstance(value, pd.DataFrame):
            return {"~df": self.frame(value)}
        if isinstance(value, BuiltFigure):
            return {"~fig": {lang: self._figure(fig) for lang, fig in value.figures.items()}}
        if isinstance(value, BuiltFile):
            return {"~file": {lang: self._blob(data) for lang, data in value.contents.items()}}
        cls = DATACLASSES.get(type(value).__name__)
        if cls is not None and type(value) is cls:
            fields = {f.name: self.value(getattr(value, f.name)) for f in dataclasses.fields(cls)}
            return {"~dc": [cls.__name__, fields]}
        raise TypeError(
            f"a cache entry cannot hold a {type(value).__module__}.{type(value).__name__}"
        )

    def _array(self, array: np.ndarray) -> dict[str, Any]:
        if array.dtype.kind in _RAW_KINDS:
            data = np.ascontiguousarray(array).tobytes()
            raw = {"dtype": array.dtype.str, "shape": list(array.shape)}
            return {"~nd": raw | {"data": base64.b64encode(data).decode("ascii")}}
        if array.dtype.kind in "OU":
            items = [self.value(v) for v in array.ravel().tolist()]
            return {"~na": {"dtype": array.dtype.str, "shape": list(array.shape), "items": items}}
        raise TypeError(f"a cache entry cannot hold an array of {array.dtype}")

    def _figure(self, fig: Any) -> dict[str, Any]:
        if fig.frames:
            raise TypeError("animated figures (frames) cannot be cached")
        return {"data": self.value(fig._data), "layout": self.value(fig._layout)}

    def frame(self, frame: pd.DataFrame) -> dict[str, Any]:
        """A table as parquet (a blob) plus, in JSON, what parquet does not keep exactly: columns
        of Python objects, column types parquet widens (datetime64[s]), attrs and flags."""
        columns = list(frame.columns)
        if not all(isinstance(c, str) for c in columns) or not frame.columns.is_unique:
            raise TypeError("a cached table needs unique text column names")
        if isinstance(frame.index, pd.MultiIndex) or frame.index.dtype == object:
            raise TypeError("a cached table needs a plain index")
        objects = {
            c: [self.value(v) for v in frame[c].tolist()]
            for c in columns
            if frame[c].dtype == object
        }
        rest = frame.drop(columns=list(objects))
        rest.attrs = {}
        buffer = io.BytesIO()
        rest.to_parquet(buffer, engine="pyarrow", compression="zstd", index=None)
        return {
            "parquet": self._blob(buffer.getvalue()),
            "columns": columns,
            "dtypes": {c: str(frame[c].dtype) for c in columns if c not in objects},
            "index_dtype": str(frame.index.dtype),
            "objects": objects,
            "attrs": self.value(dict(frame.attrs)),
            "duplicate_labels": frame.flags.allows_duplicate_labels,
        }


class Decoder:
    """Turn JSON values written by :class:`Encoder` back into an entry's values; ``get_blob(sha)``
    returns a blob's bytes. Anything malformed raises :class:`EntryFormatError`."""

    def __init__(self, get_blob: Callable[[str], bytes]) -> None:
        self.get_blob = get_blob

    def value(self, value: Any) -> Any:
        """Return the value ``value`` stands for."""
        if value is None or isinstance(value, bool | str | int | float):
            return value
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if not isinstance(value, dict):
            raise EntryFormatError(f"unexpected {type(value).__name__}")
        if len(value) != 1 or not next(iter(value)).startswith("~"):
            return {k: self.value(v) for k, v in value.items()}
        tag, body = next(iter(value.items()))
        decode = self._TAGS.get(tag)
        if decode is None:
            raise EntryFormatError(f"unknown tag {tag}")
        return decode(self, body)

    def _tuple(self, body: Any) -> tuple[Any, ...]:
        return tuple(self.value(v) for v in _of(body, list))

    def _dict(self, body: Any) -> dict[Any, Any]:
        pairs = [_of(pair, list) for pair in _of(body, list)]
        if any(len(pair) != 2 for pair in pairs):
            raise EntryFormatError("a dict entry is not a key and a value")
        return {self.value(k): self.value(v) for k, v in pairs}

    def _na(self, body: Any) -> Any:
        return pd.NA

    def _array(self, body: Any) -> np.ndarray:
        dtype = np.dtype(_of(body.get("dtype"), str))
        shape = tuple(_of(n, int) for n in _of(body.get("shape"), list))
        if dtype.kind not in _RAW_KINDS:
            raise EntryFormatError(f"array of {dtype} kept as bytes")
        data = base64.b64decode(_of(body.get("data"), str), validate=True)
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()

    def _object_array(self, body: Any) -> np.ndarray:
        dtype = np.dtype(_of(body.get("dtype"), str))
        shape = tuple(_of(n, int) for n in _of(body.get("shape"), list))
        items = [self.value(v) for v in _of(body.get("items"), list)]
        if dtype.kind == "U":
            return np.array(items, dtype=dtype).reshape(shape)
        if dtype.kind != "O":
            raise EntryFormatError(f"array of {dtype} kept as items")
        array = np.empty(len(items), dtype=object)
        for position, item in enumerate(items):  # one by one: nested lists stay objects
            array[position] = item
        return array.reshape(shape)

    def _scalar(self, body: Any) -> Any:
        dtype, item = _of(body, list)
        dtype = np.dtype(_of(dtype, str))
        if dtype.kind not in "biuf" or not isinstance(item, bool | int | float):
            raise EntryFormatError("a numpy scalar that is not a number")
        return dtype.type(item)

    def _bytes(self, body: Any) -> bytes:
        return self.get_blob(_of(body, str))

    def _frame(self, body: Any) -> pd.DataFrame:
        return self.frame(_of(body, dict))

    def _figure(self, body: Any) -> BuiltFigure:
        specs = {}
        for lang, spec in _of(body, dict).items():
            data = _of(self.value(_of(spec, dict).get("data")), list)
            layout = _of(self.value(spec.get("layout")), dict)
            for trace in data:  # built later: what can be checked without building, now
                if _of(_of(trace, dict).get("type"), str) not in _trace_types():
                    raise EntryFormatError(f"unknown figure trace type {trace['type']!r}")
            specs[_of(lang, str)] = (data, layout)
        return BuiltFigure(specs=specs)

    def _file(self, body: Any) -> BuiltFile:
        return BuiltFile(
            {lang: self.get_blob(_of(sha, str)) for lang, sha in _of(body, dict).items()}
        )

    def _dataclass(self, body: Any) -> Any:
        name, fields = _of(body, list)
        cls = DATACLASSES.get(_of(name, str))
        if cls is None:
            raise EntryFormatError(f"unknown record {name}")
        expected = {f.name for f in dataclasses.fields(cls) if f.init}
        if set(_of(fields, dict)) != expected:
            raise EntryFormatError(f"{name} with other fields than {sorted(expected)}")
        return cls(**{key: self.value(v) for key, v in fields.items()})

    def frame(self, body: dict[str, Any]) -> pd.DataFrame:
        """Return the table ``body`` describes (see :meth:`Encoder.frame`)."""
        frame = pd.read_parquet(io.BytesIO(self.get_blob(_of(body.get("parquet"), str))))
        columns = [_of(c, str) for c in _of(body.get("columns"), list)]
        objects = _of(body.get("objects"), dict)
        for position, column in enumerate(columns):
            if column in objects:
                items = [self.value(v) for v in _of(objects[column], list)]
                if len(items) != len(frame):
                    raise EntryFormatError(f"column {column} has {len(items)} of {len(frame)} rows")
                cells = np.empty(len(items), dtype=object)
                for row, item in enumerate(items):
                    cells[row] = item
                # as a Series of objects: pandas would infer strings from an all-text column
                frame.insert(position, column, pd.Series(cells, index=frame.index, dtype=object))
        if list(frame.columns) != columns:
            raise EntryFormatError("table columns differ from the ones recorded")
        for column, dtype in _of(body.get("dtypes"), dict).items():
            if str(frame[column].dtype) != dtype:  # parquet keeps datetime64[s] as [ms]
                frame[column] = frame[column].astype(_of(dtype, str))
        index_dtype = _of(body.get("index_dtype"), str)
        if str(frame.index.dtype) != index_dtype:
            frame.index = frame.index.astype(index_dtype)
        frame.attrs = _of(self.value(body.get("attrs")), dict)
        frame.flags.allows_duplicate_labels = _of(body.get("duplicate_labels"), bool)
        return frame

    _TAGS: ClassVar[dict[str, Callable[[Decoder, Any], Any]]] = {
        "~t": _tuple,
        "~d": _dict,
        "~NA": _na,
        "~nd": _array,
        "~na": _object_array,
        "~np": _scalar,
        "~b": _bytes,
        "~df": _frame,
        "~fig": _figure,
        "~file": _file,
        "~dc": _dataclass,
    }


@functools.cache
def _trace_types() -> frozenset[str]:
    """The trace types plotly knows (``bar``, ``scatter``, ...)."""
    from plotly.validator_cache import ValidatorCache

    validator = ValidatorCache.get_validator("", "data")
    return frozenset(validator.class_strs_map)


def _of(value: Any, kind: type) -> Any:
    """Return ``value`` when it is a ``kind`` (EntryFormatError otherwise)."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise EntryFormatError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value
