"""KoboToolbox and ODK Central exports -> one wide frame in the form's XML names.

:func:`read_kobo_export` accepts what arrives from the field (formats.md, "Survey data"):

- xlsx or csv; headers as XML names or as question labels in any language of the form;
- group paths ``group/sub/question`` (separator configurable; ``.`` from R and ``-`` from ODK Central
  are tried too), stripped to the question name;
- headers mangled by R before saving (``X.U.FEFF.start``: a byte-order mark turned into text;
  ``X_uuid``, ``X_index``, ``X__version__``: R's prefix for names starting with ``_``);
- select_multiple as one space-separated column ``q``, one 0/1 or TRUE/FALSE column per choice
  (``q/choice`` or ``q.choice``), or both; label exports give choice labels, mapped back to names;
- repeated headers (a labels export of two questions with the same label): the header row is
  read as written, not refused, and repeats resolve to successive questions in form order;
- meta columns (``_uuid``, ``_id``, ``_submission_time``, ``_index``, ``__version__``, ``start``,
  ``end``, ``today``, ``deviceid``, ``meta/instanceID`` ...) and ODK Central's ``SubmissionDate``,
  ``KEY``, ``meta-instanceID``.

The result has one column per question (select_one as choice names, numbers as numbers or the
original text when not a number so validation can report it), the select_multiple parent as
space-separated choice names plus an ``Int64`` 0/1 column ``q/choice`` for every choice of its list,
the meta columns under their Kobo names, ``_row`` (the spreadsheet row staff see) and ``wave``.

Reconciling select_multiple (declared): when the parent column has an answer it wins, and the
children are rebuilt from it; a child that disagrees is listed in :attr:`KoboSheet.select_multiple_conflicts`.
A child left blank (a choice added mid-survey) is not a conflict. Without a parent answer, the
children (any 1) give the parent; all 0 or blank means "not answered".

:func:`to_long_capacity` reshapes the wide frame into the scorer's long layer.

One call reads one sheet. A KoboToolbox xlsx export of a form with repeat groups holds one more sheet
per repeat; :func:`cluster_analysis.survey.repeats.read_kobo_tables` reads them all, each repeat row
linked to its submission (``_index``, ``_parent_index``, ``_submission__uuid`` come back as meta
columns, never as unmatched).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cluster_analysis import readers
from cluster_analysis.errors import InputError
from cluster_analysis.survey.forms import (
    DECIMAL_TYPES,
    INTEGER_TYPES,
    SELECT_ONE_TYPES,
    Form,
)

#: Kobo meta columns, under the names this layer uses.
META_COLUMNS: tuple[str, ...] = (
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "_parent_index",
    "_parent_table_name",
    "_submission__id",
    "_attachments",
    "_geolocation",
    "_xform_id_string",
    "_version_",
    "start",
    "end",
    "today",
    "deviceid",
    "formhub/uuid",
    "meta/instanceID",
    "meta/rootUuid",
    "meta/instanceName",
    "meta/deprecatedID",
    "meta/audit",
)
#: ODK Central csv column -> the Kobo-style name used here.
ODK_CENTRAL_COLUMNS: dict[str, str] = {
    "SubmissionDate": "_submission_time",
    "KEY": "_key",
    "meta-instanceID": "meta/instanceID",
    "meta-instanceName": "meta/instanceName",
    "meta-audit": "meta/audit",
    "SubmitterID": "_submitter_id",
    "SubmitterName": "_submitted_by",
    "AttachmentsPresent": "_attachments_present",
    "AttachmentsExpected": "_attachments_expected",
    "Status": "_status",
    "ReviewState": "_review_state",
    "DeviceID": "_device_id",
    "Edits": "_edits",
    "FormVersion": "__version__",
}
_GEO_PART = re.compile(r"^_(?P<question>.+)_(?P<part>latitude|longitude|altitude|precision)$")
_BOM_PREFIXES = ("X.U.FEFF.", "X.U.FEFF", "\ufeff", "ï»¿", "ï..")
_TRUE = {"1", "true", "yes", "y", "1.0"}
_FALSE = {"0", "false", "no", "n", "0.0"}


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _norm_label(text: object) -> str:
    # Labels compared without markup, case or spacing differences (Kobo strips some markdown).
    cleaned = re.sub(r"[*_`#]+", "", str(text))
    return re.sub(r"\s+", " ", cleaned).strip().casefold()


def _choice_text(value: object) -> object:
    """A choice cell as text: 3.0 -> "3", stripped strings; blank stays missing."""
    if _is_blank(value):
        return pd.NA
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _number_or_text(value: object) -> object:
    """A numeric cell as a float, or its original text when it is not a number (so validation
    reports it rather than the reader hiding it)."""
    if _is_blank(value):
        return np.nan
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        return text


def _flag(value: object) -> object:
    """A select_multiple child cell as 1/0, or missing."""
    if _is_blank(value):
        return pd.NA
    if isinstance(value, bool | np.bool_):
        return int(bool(value))
    text = str(value).strip().lower()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    try:
        return int(float(text) != 0)
    except ValueError:
        return pd.NA


@dataclass
class QuestionBank:
    """Maps wave-specific question names to stable names (renamed questions across waves).

    File layout (csv): ``wave, question, stable_name[, note]``; ``wave`` blank or ``*`` applies to
    every wave. ``question`` is the name (or header) in that wave's export.
    """

    entries: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["wave", "question", "stable_name"])
    )

    @classmethod
    def read(cls, path: Path | str) -> QuestionBank:
        """Read a question bank csv/xlsx. Raises :class:`InputError` when columns are missing or
        one question maps to two stable names in the same wave."""
        frame = readers.read_table(path, as_text=True)
        aliases = {
            "wave": ("wave", "wave_id"),
            "question": ("question", "name_in_wave", "source_name", "wave_name", "old_name"),
            "stable_name": ("stable_name", "stable", "stable_question", "name", "new_name"),
        }
        lowered = {str(c).strip().lower(): c for c in frame.columns}
        renamed = {}
        for target, options in aliases.items():
            hit = next((lowered[o] for o in options if o in lowered), None)
            if hit is None:
                if target == "wave":
                    continue
                raise InputError(
                    f"the question bank needs a '{target}' column (found "
                    f"{readers.short_list(map(str, frame.columns))})",
                    path=path,
                    row=1,
                )
            renamed[hit] = target
        frame = frame.rename(columns=renamed)
        if "wave" not in frame.columns:
            frame["wave"] = "*"
        frame = frame[["wave", "question", "stable_name"]].dropna(
            subset=["question", "stable_name"]
        )
        frame["wave"] = frame["wave"].fillna("*").astype(str).str.strip()
        frame["question"] = frame["question"].astype(str).str.strip()
        frame["stable_name"] = frame["stable_name"].astype(str).str.strip()
        clash = frame.groupby(["wave", "question"])["stable_name"].nunique()
        if (clash > 1).any():
            wave, question = clash[clash > 1].index[0]
            raise InputError(
                f"question '{question}' maps to more than one stable name in wave '{wave}'",
                path=path,
            )
        return cls(frame.reset_index(drop=True))

    def mapping(self, wave: str | None) -> dict[str, str]:
        """Return ``{name in this wave: stable name}`` (entries for every wave included)."""
        rows = self.entries[self.entries["wave"].isin(["*", ""] + ([str(wave)] if wave else []))]
        return dict(zip(rows["question"], rows["stable_name"], strict=True))


@dataclass
class _Resolver:
    """Maps an export header to (kind, name[, choice]) using the form."""

    form: Form
    separators: tuple[str, ...]
    renames: Mapping[str, str]
    central: bool
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        q = self.form.questions
        self.names = set(q["name"])
        self.multi = self.form.select_multiple()
        self.multi_sets = {k: set(v) for k, v in self.multi.items()}
        self.meta = set(META_COLUMNS)
        self.geo = set(q.loc[q["type"].isin(["geopoint", "start-geopoint"]), "name"])
        self.label_to_names: dict[str, list[str]] = {}
        self.label_language: dict[str, set[str]] = {}
        for _, row in q.iterrows():
            for lang in self.form.languages:
                label = row.get(f"label_{lang}")
                if isinstance(label, str) and label:
                    key = _norm_label(label)
                    names = self.label_to_names.setdefault(key, [])
                    if row["name"] not in names:
                        names.append(row["name"])
                    self.label_language.setdefault(key, set()).add(lang)
        self.choice_label_to_name: dict[str, dict[str, str]] = {}
        for list_name, part in self.form.choices.groupby("list_name", sort=False):
            lookup: dict[str, str] = {}
            for _, row in part.iterrows():
                for lang in self.form.languages:
                    label = row.get(f"label_{lang}")
                    if isinstance(label, str) and label:
                        lookup.setdefault(_norm_label(label), row["name"])
            self.choice_label_to_name[str(list_name)] = lookup
        self.list_of = dict(zip(q["name"], q["list_name"], strict=True))
        self.position = {name: i for i, name in enumerate(q["name"])}
        self.last_position = -1
        group_labels: dict[str, set[str]] = {}
        for _, group in self.form.groups.iterrows():
            keys = {_norm_label(group["name"])}
            for lang in self.form.languages:
                label = group.get(f"label_{lang}")
                if isinstance(label, str) and label:
                    keys.add(_norm_label(label))
            group_labels.setdefault(str(group["name"]), set()).update(keys)
        self.group_keys = {
            name: [group_labels.get(g, {_norm_label(g)}) for g in path.split("/")]
            if isinstance(path, str) and path
            else []
            for name, path in zip(q["name"], q["group"], strict=True)
        }

    def _rename(self, name: str) -> str:
        return self.renames.get(name, name)

    def _by_name(self, header: str) -> tuple[str, str, str | None] | None:
        header = self._rename(header)
        if header in self.meta:
            return ("meta", header, None)
        if header in self.names:
            return ("question", header, None)
        for sep in self.separators:
            if sep not in header:
                continue
            segments = [self._rename(s) for s in header.split(sep)]
            if len(segments) >= 2:
                parent, choice = segments[-2], segments[-1]
                if parent in self.multi_sets and choice in self.multi_sets[parent]:
                    return ("child", parent, choice)
                joined = "/".join(segments[-2:])
                if joined in self.meta:
                    return ("meta", joined, None)
            if segments[-1] in self.names:
                return ("question", segments[-1], None)
        return None

    def _group_matches(self, name: str, prefix: list[str]) -> bool:
        """True when the header's leading segments are the labels (or names) of the innermost
        groups enclosing question ``name``."""
        groups = self.group_keys.get(name, [])
        if len(prefix) > len(groups):
            return False
        inner = groups[len(groups) - len(prefix) :]
        return all(_norm_label(seg) in keys for seg, keys in zip(prefix, inner, strict=True))

    def _question_for(self, label: str, prefix: list[str]) -> str | None:
        """The question a label header means. Labels repeat ("If other, please specify"), so
        among the questions with this label prefer those not yet matched, then those inside the
        groups the header names, then the first after the last matched column (Kobo exports
        columns in form order)."""
        candidates = self.label_to_names.get(_norm_label(label), [])
        if not candidates:
            return None
        pool = [c for c in candidates if c not in self.used] or candidates
        if prefix:
            pool = [c for c in pool if self._group_matches(c, prefix)] or pool
        after = [c for c in pool if self.position[c] > self.last_position]
        return (after or pool)[0]

    def _by_label(self, header: str) -> tuple[str, str, str | None] | None:
        hit = self._question_for(header, [])
        if hit:
            return ("question", hit, None)
        for sep in self.separators:
            if sep not in header:
                continue
            segments = header.split(sep)
            for start in range(1, len(segments)):
                prefix = segments[:start]
                hit = self._question_for(sep.join(segments[start:]), prefix)
                if hit:
                    return ("question", hit, None)
            for start in range(len(segments)):
                prefix = segments[:start]
                for cut in range(start + 1, len(segments)):
                    question = self._question_for(sep.join(segments[start:cut]), prefix)
                    if question in self.multi_sets:
                        choice = self.choice_label_to_name.get(str(self.list_of[question]), {}).get(
                            _norm_label(sep.join(segments[cut:]))
                        )
                        if choice:
                            return ("child", question, choice)
        return None

    def resolve(self, raw_header: str) -> tuple[str, str, str | None]:
        header = str(raw_header).strip()
        for prefix in _BOM_PREFIXES:
            if header.startswith(prefix):
                header = header[len(prefix) :]
        if self.central and header in ODK_CENTRAL_COLUMNS:
            return ("meta", ODK_CENTRAL_COLUMNS[header], None)
        if header.startswith("X_") and header[1:] in self.meta:
            return ("meta", header[1:], None)  # R: "_uuid" -> "X_uuid"
        if header.startswith(("_submission_", "X_submission_")):
            # Repeat sheets copy the submission's meta as _submission__uuid, _submission__id, ...
            return ("meta", header.removeprefix("X"), None)
        geo = _GEO_PART.match(re.split(r"[/.:-]", header)[-1])
        if geo and geo.group("question") in self.geo:
            # KoboToolbox splits a geopoint into _<q>_latitude, _longitude, _altitude, _precision.
            return ("meta", f"_{geo.group('question')}_{geo.group('part')}", None)
        found = self._by_name(header) or self._by_label(header)
        if found is None:
            return ("other", header, None)
        if found[0] == "question":
            self.used.add(found[1])
        if found[0] in {"question", "child"}:
            self.last_position = self.position[found[1]]
        return found


_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)


def _header_text(value: object, position: int) -> str:
    """A header cell as text without invisible characters; an empty one gets a placeholder."""
    if _is_blank(value):
        return f"column_{position + 1}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(_INVISIBLE).strip()


def _cells(series: pd.Series, function: object) -> pd.Series:
    """Apply ``function`` cell by cell into an object Series. (``Series.map`` on pandas' str
    dtype turns a returned ``pd.NA`` into NaN; building the list keeps what the function gave.)"""
    return pd.Series([function(v) for v in series], index=series.index, dtype=object)  # type: ignore[operator]


def _map_choice_labels(series: pd.Series, names: set[str], labels: Mapping[str, str]) -> pd.Series:
    def one(value: object) -> object:
        text = _choice_text(value)
        if text is pd.NA or text in names:
            return text
        return labels.get(_norm_label(text), text)

    return _cells(series, one)


def _split_multi(value: object, names: list[str], labels: Mapping[str, str]) -> object:
    """Space-separated choice names (or labels, greedily matched, longest first) -> names."""
    text = _choice_text(value)
    if text is pd.NA:
        return pd.NA
    tokens = str(text).split()
    if all(t in names for t in tokens):
        return " ".join(tokens)
    rest = _norm_label(text)
    found: list[tuple[int, str]] = []
    for label in sorted(labels, key=len, reverse=True):
        position = rest.find(label)
        while position >= 0:
            found.append((position, labels[label]))
            rest = rest[:position] + " " * len(label) + rest[position + len(label) :]
            position = rest.find(label)
    leftover = rest.split()
    if found and not leftover:
        return " ".join(name for _, name in sorted(found))
    return " ".join(tokens)  # unknown choices kept as typed: validation reports them


@dataclass(frozen=True)
class KoboSheet:
    """One export sheet as read: the answers in XML names and what the reader found out.

    ``data``: the frame described in the module docstring (``_row`` = the spreadsheet row staff
    see). ``header_mode``: "xml" or "label"; ``unmatched_columns``: headers not in the form (kept
    as they are); ``duplicate_columns``: headers resolved to a question already read (kept as
    ``<q>__dup<n>``); ``select_multiple_conflicts``: rows where a choice column disagrees with the
    answer column (``row, question, choice, parent, child``); ``headers``: column -> header as
    written.
    """

    data: pd.DataFrame
    source: str
    sheet: str | None = None
    header_mode: str = "xml"
    odk_central: bool = False
    unmatched_columns: list[str] = field(default_factory=list)
    duplicate_columns: list[str] = field(default_factory=list)
    select_multiple_conflicts: list[dict[str, object]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _MatchedColumns:
    """The export's columns matched to the form: ``columns`` (XML name -> cells, copies of a
    question already read as ``<q>__dup<n>``), ``origin`` (name -> header as written),
    ``children`` (select_multiple question -> choice -> 0/1 cells) and the header counts that
    tell the header mode."""

    columns: dict[str, pd.Series] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    children: dict[str, dict[str, pd.Series]] = field(default_factory=dict)
    label_hits: int = 0
    name_hits: int = 0


def _matched_columns(
    headers: list[str], raw: pd.DataFrame, resolver: _Resolver, separators: tuple[str, ...]
) -> _MatchedColumns:
    """Return the columns of ``raw`` (headers ``headers``) resolved to the form's names."""
    matched = _MatchedColumns()
    seen: set[str] = set()
    for position, header in enumerate(headers):
        series = raw.iloc[:, position]
        # Repeated headers (two questions with the same label) come back from pandas as
        # "label", "label.1", ...: resolve the copy under the header as written.
        repeated = re.fullmatch(r"(.*)\.(\d+)", header)
        written = repeated.group(1) if repeated and repeated.group(1) in seen else header
        seen.add(header)
        kind, name, choice = resolver.resolve(written)
        if kind == "child":
            matched.children.setdefault(name, {}).setdefault(choice or "", _cells(series, _flag))
            continue
        if kind == "other":
            matched.unmatched.append(header)
        elif kind == "question":
            # An XML header is the name itself or a group path ending in it, joined with '/'
            # or any of KoboToolbox's other separators ('.' among them).
            if header == name or any(header.split(sep)[-1] == name for sep in separators):
                matched.name_hits += 1
            else:
                matched.label_hits += 1
        target = name
        if target in matched.columns:
            matched.duplicates.append(header)
            n = 2
            while f"{name}__dup{n}" in matched.columns:
                n += 1
            target = f"{name}__dup{n}"
        matched.columns[target] = series
        matched.origin[target] = header
    return matched


def _select_multiple_answers(
    question: str,
    matched: _MatchedColumns,
    resolver: _Resolver,
    index: pd.Index,
    sheet_rows: np.ndarray,
) -> tuple[dict[str, pd.Series], list[dict[str, object]]]:
    """Return the answer column of one select_multiple ``question`` and its 0/1 choice columns
    (``<question>/<choice>``), from the answer column or, where it is blank, from the export's
    choice columns; and the rows where the two disagree."""
    out: dict[str, pd.Series] = {}
    conflicts: list[dict[str, object]] = []
    names = resolver.multi[question]
    labels = resolver.choice_label_to_name.get(str(resolver.list_of[question]), {})
    if question in matched.columns:
        parent = _cells(matched.columns[question], lambda v: _split_multi(v, names, labels))
    else:
        parent = pd.Series([pd.NA] * len(index), index=index, dtype=object)
    present = matched.children.get(question, {})
    if present:
        ordered = [c for c in names if c in present] + [c for c in present if c not in names]
        flags = pd.DataFrame({c: present[c] for c in ordered}).astype("Int64")
        selected = flags.eq(1).fillna(False).to_numpy(dtype=bool)
        from_children = [
            " ".join(c for c, on in zip(ordered, row, strict=True) if on) or pd.NA
            for row in selected
        ]
        parent = pd.Series(
            [p if not _is_blank(p) else c for p, c in zip(parent, from_children, strict=True)],
            index=index,
            dtype=object,
        )
    out[question] = parent
    tokens = [set() if _is_blank(v) else set(str(v).split()) for v in parent]
    for choice in names:
        derived = pd.Series(
            [
                pd.NA if _is_blank(p) else int(choice in t)
                for p, t in zip(parent, tokens, strict=True)
            ],
            index=index,
            dtype="Int64",
        )
        if choice in present:
            given = present[choice].astype("Int64")
            clash = derived.notna() & given.notna() & (derived != given)
            for i in derived.index[clash.to_numpy(dtype=bool)]:
                conflicts.append(
                    {
                        "row": int(sheet_rows[i]),
                        "question": question,
                        "choice": choice,
                        "parent": parent.at[i],
                        "child": int(given.at[i]),
                    }
                )
        out[f"{question}/{choice}"] = derived
    return out, conflicts


def _typed_answers(
    matched: _MatchedColumns,
    form: Form,
    resolver: _Resolver,
    index: pd.Index,
    sheet_rows: np.ndarray,
) -> tuple[dict[str, pd.Series], list[dict[str, object]]]:
    """Return the answer columns typed by the form (numbers, choice names, select_multiple
    split into choice columns) in the export's order, and the select_multiple conflicts."""
    out: dict[str, pd.Series] = {}
    conflicts: list[dict[str, object]] = []
    q = form.questions.set_index("name")
    emitted_multi: set[str] = set()

    def emit_multi(question: str) -> None:
        if question in emitted_multi:
            return
        emitted_multi.add(question)
        columns, clashes = _select_multiple_answers(question, matched, resolver, index, sheet_rows)
        out.update(columns)
        conflicts.extend(clashes)

    for name, series in matched.columns.items():
        if name in resolver.multi:
            emit_multi(name)
            continue
        if name in q.index and not name.startswith("__"):
            qtype = q.at[name, "type"]
            if qtype in INTEGER_TYPES | DECIMAL_TYPES:
                out[name] = _cells(series, _number_or_text)
                numeric = pd.to_numeric(out[name], errors="coerce")
                if numeric.notna().sum() == out[name].notna().sum():
                    out[name] = numeric.astype("Float64")
            elif qtype in SELECT_ONE_TYPES and isinstance(q.at[name, "list_name"], str):
                list_name = str(q.at[name, "list_name"])
                out[name] = _map_choice_labels(
                    series,
                    set(form.choice_names(list_name)),
                    resolver.choice_label_to_name.get(list_name, {}),
                )
            else:
                out[name] = _cells(series, _choice_text)
        else:
            out[name] = series
    for question in matched.children:
        emit_multi(question)
    return out, conflicts


def read_kobo_export(
    path: Path | str,
    form: Form,
    *,
    wave: str | None = None,
    sheet: str | int | None = None,
    separator: str = "/",
    renames: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read a KoboToolbox (xlsx/csv) or ODK Central (csv) export into XML-name columns.

    Returns the answers only (:attr:`KoboSheet.data`); :func:`read_kobo_sheet` also says which
    headers did not match, the header mode and the select_multiple conflicts. Raises
    :class:`InputError` when no column matches the form.
    """
    return read_kobo_sheet(
        path, form, wave=wave, sheet=sheet, separator=separator, renames=renames
    ).data


def read_kobo_sheet(
    path: Path | str,
    form: Form,
    *,
    wave: str | None = None,
    sheet: str | int | None = None,
    separator: str = "/",
    renames: Mapping[str, str] | None = None,
) -> KoboSheet:
    """Read one sheet of a KoboToolbox (xlsx/csv) or ODK Central (csv) export into XML-name
    columns; ``renames`` maps this wave's question names to the form's (see
    :class:`QuestionBank`). Returns a :class:`KoboSheet`. Raises :class:`InputError` when no
    column matches the form.
    """
    path = Path(path)
    # Read the header row as data: a labels export repeats headers when labels repeat ("If
    # other, please specify"), which the generic reader (rightly, elsewhere) refuses.
    table = readers.read_table(path, sheet=sheet, header=None)
    if table.empty:
        raise InputError("the export is empty (no header row)", path=path)
    headers = [_header_text(h, i) for i, h in enumerate(table.iloc[0])]
    raw = table.iloc[1:].reset_index(drop=True)
    raw.columns = range(len(headers))
    row_offset = 2  # the first answer is on spreadsheet row 2
    numbers = table.attrs.get("row_numbers")
    sheet_rows = (
        np.asarray(numbers[1:], dtype=np.int64)  # csv with blank lines: the rows as staff see them
        if numbers is not None and len(numbers) == len(raw) + 1
        else np.arange(len(raw)) + row_offset
    )
    central = "SubmissionDate" in headers and "KEY" in headers
    separators = tuple(dict.fromkeys([separator, "/", ".", "-", ":"]))
    resolver = _Resolver(form, separators, dict(renames or {}), central)
    matched = _matched_columns(headers, raw, resolver, separators)
    if not [n for n in matched.columns if n in resolver.names] + list(matched.children):
        raise InputError(
            "no column of this export matches a question of the form "
            f"({Path(form.source).name or 'form'}); is it the right form, or a different header mode?",
            path=path,
            row=1,
        )
    out, conflicts = _typed_answers(matched, form, resolver, raw.index, sheet_rows)
    frame = pd.DataFrame(out, index=raw.index)
    if "_uuid" not in frame.columns and "meta/instanceID" in frame.columns:
        frame["_uuid"] = frame["meta/instanceID"].map(
            lambda v: pd.NA if _is_blank(v) else str(v).removeprefix("uuid:")
        )
    frame["_row"] = sheet_rows
    if wave is not None:
        frame["wave"] = str(wave)
    frame = frame.reset_index(drop=True)
    return KoboSheet(
        data=frame,
        source=str(path),
        sheet=table.attrs.get("sheet"),  # the core reader's record of the sheet it read
        header_mode="label" if matched.label_hits > matched.name_hits else "xml",
        odk_central=central,
        unmatched_columns=matched.unmatched,
        duplicate_columns=matched.duplicates,
        select_multiple_conflicts=conflicts,
        headers=matched.origin,
    )


def _answer_matrix(
    wide: pd.DataFrame, columns: list[str], dont_know: list[float | None]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Answers of ``columns`` as (respondents x items) arrays: whole numbers (0 where missing), a
    missing mask and a "don't know" mask. A column absent from ``wide`` is all missing; a value
    equal to the item's "don't know" code is flagged and becomes missing; others are rounded."""
    shape = (len(wide), len(columns))
    values = np.zeros(shape, dtype=np.int64)
    missing = np.ones(shape, dtype=bool)
    is_dont_know = np.zeros(shape, dtype=bool)
    for j, (column, dk) in enumerate(zip(columns, dont_know, strict=True)):
        if column not in wide.columns:
            continue
        numbers = pd.to_numeric(wide[column], errors="coerce").astype("Float64")
        if dk is not None:
            is_dont_know[:, j] = (numbers == dk).fillna(False).to_numpy(dtype=bool)
            numbers = numbers.mask(is_dont_know[:, j])
        answers = numbers.round().astype("Int64")
        values[:, j] = answers.to_numpy(dtype=np.int64, na_value=0)
        missing[:, j] = answers.isna().to_numpy()
    return values, missing, is_dont_know


def to_long_capacity(
    wide: pd.DataFrame,
    form: Form,
    *,
    id_column: str = "member_id",
    wave_column: str = "wave",
    uuid_column: str = "_uuid",
) -> pd.DataFrame:
    """Return the tidy long layer the scorer reads (methods.md section 1): one row per submission
    and capacity item with ``respondent_id, wave, item, dimension, importance, capability``
    (``Int64``; "don't know" codes become missing and are flagged in ``importance_dont_know`` /
    ``capability_dont_know``), ``scale_max`` and ``submission_uuid``. Items whose two questions
    are both absent from ``wide`` are left out. Rows are sorted by wave, respondent id, then item
    (missing waves and ids last; otherwise in the order of ``wide`` and of the form). The pipeline
    joins member_type/size_class."""
    items = form.capacity_items()
    if id_column not in wide.columns:
        raise InputError(f"the responses have no '{id_column}' column (the stable member id)")
    columns = [
        "respondent_id",
        "wave",
        "item",
        "dimension",
        "importance",
        "capability",
        "importance_dont_know",
        "capability_dont_know",
        "scale_max",
        "submission_uuid",
    ]
    present = items[
        items["importance_question"].isin(wide.columns)
        | items["capability_question"].isin(wide.columns)
    ]
    if present.empty:
        return pd.DataFrame(columns=columns)

    # One small frame per item (not per answer) for the columns that are constant per item, built
    # and stacked as one-row frames so their dtypes come out as they would for full-length blocks.
    per_item = pd.concat(
        [
            pd.DataFrame(
                {
                    "item": item["item"],
                    "dimension": item["dimension"],
                    "scale_max": int(item["scale_max"]),
                },
                index=[0],
            )
            for _, item in present.iterrows()
        ],
        ignore_index=True,
    )
    respondent_ids = wide[id_column].astype("string")
    waves = wide[wave_column].astype("string") if wave_column in wide.columns else None
    uuids = wide[uuid_column].astype("string") if uuid_column in wide.columns else None

    # Row order of the long layer = a stable sort by (wave, respondent id, item). Sort the
    # respondents (rows of `wide`) and the items separately, then lay the answers out
    # respondent-major with np.repeat/np.tile: no sort over the long rows.
    keys = pd.DataFrame(
        {
            "wave": pd.NA if waves is None else waves.reset_index(drop=True),
            "respondent_id": respondent_ids.reset_index(drop=True),
        }
    )
    keys = keys.sort_values(["wave", "respondent_id"], kind="stable")
    respondent_order = keys.index.to_numpy()
    item_order = per_item.sort_values("item", kind="stable").index.to_numpy()
    n_respondents, n_items = len(respondent_order), len(item_order)
    repeated_keys = keys.duplicated().to_numpy()
    if not repeated_keys.any():
        long_rows = np.repeat(respondent_order, n_items)
        long_items = np.tile(item_order, n_respondents)
    else:
        # A (wave, id) that appears on several rows: its answers to one item stay together, in
        # the order of `wide` (what the stable sort of the stacked per-item blocks gave).
        run = np.cumsum(~repeated_keys) - 1
        item_rank = np.empty(n_items, dtype=np.int64)
        item_rank[item_order] = np.arange(n_items)
        sorted_position = np.repeat(np.arange(n_respondents), n_items)
        item_index = np.tile(np.arange(n_items), n_respondents)
        order = np.lexsort((sorted_position, item_rank[item_index], run[sorted_position]))
        long_rows = respondent_order[sorted_position[order]]
        long_items = item_index[order]

    dont_know = [None if dk is None else float(dk) for dk in present["dont_know"]]
    answers = {}
    for name, question in (
        ("importance", "importance_question"),
        ("capability", "capability_question"),
    ):
        values, missing, is_dont_know = _answer_matrix(wide, present[question].tolist(), dont_know)
        answers[name] = pd.arrays.IntegerArray(
            values[long_rows, long_items], missing[long_rows, long_items]
        )
        answers[f"{name}_dont_know"] = is_dont_know[long_rows, long_items]
    constant = per_item.iloc[long_items].reset_index(drop=True)
    long = pd.DataFrame(
        {
            "respondent_id": respondent_ids.array.take(long_rows),
            "wave": pd.NA if waves is None else waves.array.take(long_rows),
            "item": constant["item"],
            "dimension": constant["dimension"],
            "importance": answers["importance"],
            "capability": answers["capability"],
            "importance_dont_know": answers["importance_dont_know"],
            "capability_dont_know": answers["capability_dont_know"],
            "scale_max": constant["scale_max"],
            "submission_uuid": pd.NA if uuids is None else uuids.array.take(long_rows),
        },
        copy=False,  # every column above is new: no need for the constructor to copy it again
    )
    return long


def header_resolver(form: Form, separator: str = "/") -> Callable[[str], str]:
    """Return a function mapping an export header (``q.choice``, ``grp/q``, ``X_uuid`` ...) to the
    column name :func:`read_kobo_export` gives it (used to resolve cleaning-log questions)."""
    resolver = _Resolver(form, tuple(dict.fromkeys([separator, "/", ".", "-", ":"])), {}, False)

    def resolve(header: str) -> str:
        kind, name, choice = resolver._by_name(str(header).strip()) or resolver.resolve(header)
        return f"{name}/{choice}" if kind == "child" else name

    return resolve


__all__ = [
    "META_COLUMNS",
    "ODK_CENTRAL_COLUMNS",
    "KoboSheet",
    "QuestionBank",
    "header_resolver",
    "read_kobo_export",
    "read_kobo_sheet",
    "to_long_capacity",
]
