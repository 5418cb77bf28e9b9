"""XLSForms (KoboToolbox / ODK): read the survey, choices and settings sheets into a :class:`Form`.

The form drives everything downstream: which columns an export may hold, their types, choice lists,
required answers and numeric ranges (parsed from constraints such as ``. >= 1 and . <= 5``), and
which questions measure a capacity item's importance and current capability.

Capacity tags live in extra survey-sheet columns (servers ignore extra columns; formats.md):

=====================  ==========================================================================
column                 meaning
=====================  ==========================================================================
``capacity_item``      item code shared by the item's importance and capability questions
``capacity_dimension`` dimension code (e.g. ``human_capacity``)
``capacity_role``      ``importance`` or ``capability``
``scale_max``          top of the answer scale (default 5; methods.md section 1)
``dont_know``          the answer code meaning "don't know" (kept outside every denominator)
=====================  ==========================================================================

Bilingual item and dimension labels come from choice lists named ``capacity_items`` and
``capacity_dimensions`` when the form has them, else from the question label.

Label columns are accepted in every spelling seen in the field: ``label::English (en)``,
``label::en``, ``label::English``, and plain ``label`` (the form's default language).

Types are read with pyxform's own tables (:func:`survey_type`), so every spelling pyxform accepts
means what it means to pyxform (``end`` is the end time, not the end of a group; ``int`` is an
integer; ``select one yn`` keeps its list). Groups that repeat are named in :attr:`Form.repeats`.
Old binary ``.xls`` forms are read with xlrd, as pyxform reads them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from cluster_analysis import readers
from cluster_analysis.errors import InputError

#: Extra survey-sheet columns that tag capacity questions.
CAPACITY_ITEM_COLUMN = "capacity_item"
CAPACITY_DIMENSION_COLUMN = "capacity_dimension"
CAPACITY_ROLE_COLUMN = "capacity_role"
SCALE_MAX_COLUMN = "scale_max"
DONT_KNOW_COLUMN = "dont_know"
CAPACITY_ROLES = ("importance", "capability")
#: Choice lists that give bilingual labels to capacity item and dimension codes.
ITEM_LABEL_LIST = "capacity_items"
DIMENSION_LABEL_LIST = "capacity_dimensions"

#: Language names as they appear in ``label::<name>`` headers -> ISO 639-1 code.
LANGUAGE_CODES: dict[str, str] = {
    "english": "en",
    "georgian": "ka",
    "ქართული": "ka",
    "arabic": "ar",
    "russian": "ru",
    "french": "fr",
    "spanish": "es",
    "ukrainian": "uk",
    "armenian": "hy",
    "azerbaijani": "az",
    "turkish": "tr",
    "german": "de",
    "kurdish": "ku",
    "portuguese": "pt",
}
#: Code used for a plain ``label`` column when the settings sheet names no default language.
DEFAULT_LANGUAGE = "default"

#: Columns of :attr:`Form.questions` before the per-language labels.
_QUESTION_COLUMNS = [
    "name",
    "type",
    "list_name",
    "required",
    "relevant",
    "conditional",
    "constraint",
    "range",
    "group",
    "repeat",
    "choice_filter",
    "or_other",
    "row",
    "capacity_item",
    "capacity_dimension",
    "capacity_role",
    "scale_max",
    "dont_know",
]
#: Question types that hold no answer column in an export.
STRUCTURAL_TYPES = {
    "begin_group",
    "end_group",
    "begin_repeat",
    "end_repeat",
    "begin_loop",
    "end_loop",
    "note",
}
#: Metadata question types that export a column named after the question.
META_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
INTEGER_TYPES = {"integer", "range"}
DECIMAL_TYPES = {"decimal"}
SELECT_ONE_TYPES = {"select_one", "select_one_from_file", "rank"}
SELECT_MULTIPLE_TYPES = {"select_multiple", "select_multiple_from_file"}

_HEADER_LANG = re.compile(r"^(?P<base>[A-Za-z_]+)\s*::\s*(?P<lang>.+?)\s*$")
_LANG_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_COMPARISON = re.compile(rf"^\.\s*(?P<op><=|>=|!=|=|<|>)\s*(?P<num>{_NUMBER})$")
_REVERSED = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<op><=|>=|=|<|>)\s*\.$")


#: Spreadsheet row of the first entry of an XLSForm sheet (row 1 holds the headers).
_FIRST_ROW = 2


def language_code(spelling: str, default_language: str | None = None) -> str:
    """Return the language code in a header suffix: ``English (en)`` -> ``en``, ``ka`` -> ``ka``,
    ``Georgian`` -> ``ka``; an unknown name comes back lower-cased."""
    spelling = spelling.strip()
    with_code = _LANG_WITH_CODE.match(spelling)
    if with_code:
        return with_code.group("code").lower()
    lowered = spelling.lower()
    if lowered in LANGUAGE_CODES:
        return LANGUAGE_CODES[lowered]
    if re.fullmatch(r"[a-z]{2,3}", lowered):
        return lowered
    if default_language and lowered == "default":
        return language_code(default_language)
    return lowered


def split_language_header(header: str) -> tuple[str, str | None]:
    """Return (base column, language spelling or None): ``label::Georgian (ka)`` -> (label, ...)."""
    match = _HEADER_LANG.match(str(header).strip())
    if match:
        return match.group("base").strip().lower(), match.group("lang")
    return str(header).strip().lower(), None


@dataclass(frozen=True)
class NumericRange:
    """Bounds parsed from a constraint, plus extra allowed codes (``or . = 9`` for "don't know")."""

    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    also_allowed: tuple[float, ...] = ()

    def contains(self, series: pd.Series) -> pd.Series:
        """Return True where a (numeric) value is inside the range or one of the extra codes."""
        # A column the schema already converted to numbers is used as it is: to_numeric returns
        # the same values and type, after a pass over every cell (about 1 s per validation pass
        # over 80 answer columns of a million rows).
        if pd.api.types.is_numeric_dtype(series.dtype):
            values = series
        else:
            values = pd.to_numeric(series, errors="coerce")
        inside = pd.Series(True, index=series.index)
        if self.minimum is not None:
            inside &= values >= self.minimum if self.min_inclusive else values > self.minimum
        if self.maximum is not None:
            inside &= values <= self.maximum if self.max_inclusive else values < self.maximum
        if self.also_allowed:
            inside |= values.isin(list(self.also_allowed))
        # Blanks and text are judged by the required and type checks, not here.
        return (inside | values.isna()).astype(bool)

    def describe(self) -> str:
        low = (
            ""
            if self.minimum is None
            else f"{'>=' if self.min_inclusive else '>'} {self.minimum:g}"
        )
        high = (
            ""
            if self.maximum is None
            else f"{'<=' if self.max_inclusive else '<'} {self.maximum:g}"
        )
        extra = " or ".join(f"= {v:g}" for v in self.also_allowed)
        core = " and ".join(p for p in (low, high) if p)
        return " or ".join(p for p in (core, extra) if p)


def _split_top_level(expression: str, word: str) -> list[str]:
    """Split an XPath expression on ``and``/``or`` outside parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    pattern = re.compile(rf"\s{word}\s", flags=re.I)
    while i < len(expression):
        ch = expression[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            match = pattern.match(expression, i)
            if match:
                parts.append(expression[start:i])
                start = i = match.end()
                continue
        i += 1
    parts.append(expression[start:])
    return [p.strip() for p in parts]


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text  # "(a) and (b)": the outer parentheses do not enclose everything
        text = text[1:-1].strip()
    return text


def parse_numeric_range(constraint: object) -> NumericRange | None:
    """Return the numeric range a constraint allows, or None when it is not a plain range.

    Understood: comparisons of ``.`` with numbers joined by ``and`` (``. >= 1 and . <= 5``,
    ``.> 17 and .< 120``), optionally ``or``-ed with single codes (``(. >= 1 and . <= 5) or . = 9``,
    ``.=0 or .>=9999 and .<= 10000000``). Anything else (``${other}``, functions) gives None:
    the server enforced it at entry, the reader does not guess.
    """
    if constraint is None or (isinstance(constraint, float) and constraint != constraint):
        return None
    expression = str(constraint).strip()
    if not expression or "$" in expression:
        return None  # compares with another answer: not a fixed range
    bounds: dict[str, object] = {}
    also: list[float] = []
    conjunctions = 0
    for disjunct in _split_top_level(_strip_parens(expression), "or"):
        terms = [_strip_parens(t) for t in _split_top_level(_strip_parens(disjunct), "and")]
        parsed = []
        for term in terms:
            match = _COMPARISON.match(term.replace(" ", "")) or _REVERSED.match(
                term.replace(" ", "")
            )
            if not match:
                return None
            op, number = match.group("op"), float(match.group("num"))
            if _REVERSED.match(term.replace(" ", "")):
                op = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "="}[op]
            parsed.append((op, number))
        if len(parsed) == 1 and parsed[0][0] == "=":
            also.append(parsed[0][1])
            continue
        if any(op in {"=", "!="} for op, _ in parsed):
            return None
        conjunctions += 1
        if conjunctions > 1:
            return None
        for op, number in parsed:
            if op in {">", ">="}:
                bounds["minimum"], bounds["min_inclusive"] = number, op == ">="
            else:
                bounds["maximum"], bounds["max_inclusive"] = number, op == "<="
    if not bounds and not also:
        return None
    if not bounds:
        return None  # only codes: a list of allowed values, not a range
    return NumericRange(also_allowed=tuple(also), **bounds)  # type: ignore[arg-type]


def _truthy(value: object) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return False
    return str(value).strip().lower() in {"true", "yes", "1", "true()", "1.0"}


def _text(value: object) -> str | None:
    """A form cell as pyxform reads it (``clean_text_values``, on by default): stripped, runs of
    spaces collapsed, curly quotes made straight; whole numbers without '.0'."""
    from pyxform.parsing.sheet_headers import clean_text_values

    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = clean_text_values(str(value).strip(), strip_whitespace=True)
    return text or None


@dataclass
class Form:
    """An XLSForm read into frames.

    ``questions``: one row per answer-bearing survey row (groups and notes excluded) with columns
    ``name, type, list_name, required, relevant, conditional, constraint, range
    (NumericRange|None), group`` (slash-joined group names), ``repeat`` (innermost repeat group or
    None), ``choice_filter``, ``or_other``, ``row``, ``label_<lang>`` per language, and the
    capacity tag columns. ``groups``: ``name, path, relevant, repeat (bool), row, label_<lang>``.
    ``default_language``: the settings sheet's ``default_language`` as a code, or None.
    ``choices``: ``list_name, name, label_<lang>``. ``settings``: the settings sheet's first row.
    ``languages``: codes in column order ("en", "ka", "ar", ...).
    """

    questions: pd.DataFrame
    choices: pd.DataFrame
    settings: dict[str, object]
    languages: list[str]
    source: str = ""
    groups: pd.DataFrame = field(default_factory=pd.DataFrame)
    default_language: str | None = None

    # ---- repeats --------------------------------------------------------------------------------
    @property
    def repeats(self) -> list[str]:
        """Names of the groups that repeat (each is one sheet of a KoboToolbox xlsx export), in
        form order."""
        if self.groups.empty or "repeat" not in self.groups.columns:
            return []
        return self.groups.loc[self.groups["repeat"].astype(bool), "name"].tolist()

    def repeat_questions(self, repeat: str | None) -> list[str]:
        """Names of the questions whose innermost repeat is ``repeat`` (None: the main table)."""
        if "repeat" not in self.questions.columns:
            return self.names if repeat is None else []
        inner = self.questions["repeat"]
        mask = inner.isna() if repeat is None else inner == repeat
        return self.questions.loc[mask, "name"].tolist()

    # ---- look-ups -------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return self.questions["name"].tolist()

    def question(self, name: str) -> pd.Series:
        rows = self.questions[self.questions["name"] == name]
        if rows.empty:
            raise KeyError(name)
        return rows.iloc[0]

    def choice_names(self, list_name: str) -> list[str]:
        return self.choices.loc[self.choices["list_name"] == list_name, "name"].tolist()

    def choice_labels(self, list_name: str) -> dict[str, dict[str, str]]:
        """Return ``{choice name: {lang: label}}`` for one list."""
        rows = self.choices[self.choices["list_name"] == list_name]
        return {
            row["name"]: {
                lang: row[f"label_{lang}"]
                for lang in self.languages
                if f"label_{lang}" in rows.columns and isinstance(row[f"label_{lang}"], str)
            }
            for _, row in rows.iterrows()
        }

    def select_multiple(self) -> dict[str, list[str]]:
        """Return ``{question: [choice names]}`` for every select_multiple question."""
        rows = self.questions[self.questions["type"].isin(SELECT_MULTIPLE_TYPES)]
        return {r["name"]: self.choice_names(r["list_name"]) for _, r in rows.iterrows()}

    def label(self, name: str, lang: str) -> str:
        """Return a question's label in ``lang`` (falling back to English, then the name)."""
        row = self.question(name)
        for code in (lang, "en", *self.languages):
            value = row.get(f"label_{code}")
            if isinstance(value, str) and value:
                return value
        return name

    # ---- capacity items -------------------------------------------------------------------------
    def capacity_items(self) -> pd.DataFrame:
        """Return one row per capacity item: ``item, dimension, importance_question,
        capability_question, scale_max, dont_know, label_en, label_ka, dimension_en,
        dimension_ka``.

        Raises :class:`InputError` when an item lacks one of its two questions, has two of one role,
        or its two questions disagree on the scale.
        """
        q = self.questions
        tagged = q[q[CAPACITY_ITEM_COLUMN].notna()]
        item_labels = self.choice_labels(ITEM_LABEL_LIST)
        dim_labels = self.choice_labels(DIMENSION_LABEL_LIST)
        rows = []
        for item, part in tagged.groupby(CAPACITY_ITEM_COLUMN, sort=False):
            roles = part[CAPACITY_ROLE_COLUMN].tolist()
            if sorted(r for r in roles if isinstance(r, str)) != ["capability", "importance"]:
                raise InputError(
                    f"capacity item '{item}' needs exactly one importance and one capability "
                    f"question (found roles {roles})",
                    path=self.source or None,
                    sheet="survey",
                    column=CAPACITY_ROLE_COLUMN,
                )
            imp = part[part[CAPACITY_ROLE_COLUMN] == "importance"].iloc[0]
            cap = part[part[CAPACITY_ROLE_COLUMN] == "capability"].iloc[0]
            scales = {int(v) for v in part[SCALE_MAX_COLUMN].dropna()}
            if len(scales) > 1:
                raise InputError(
                    f"capacity item '{item}': importance and capability use different scales "
                    f"{sorted(scales)}",
                    path=self.source or None,
                    sheet="survey",
                    column=SCALE_MAX_COLUMN,
                )
            dimension = (
                imp[CAPACITY_DIMENSION_COLUMN]
                if pd.notna(imp[CAPACITY_DIMENSION_COLUMN])
                else cap[CAPACITY_DIMENSION_COLUMN]
            )
            dont_know = (
                imp[DONT_KNOW_COLUMN] if pd.notna(imp[DONT_KNOW_COLUMN]) else cap[DONT_KNOW_COLUMN]
            )
            labels = item_labels.get(str(item), {})
            dims = dim_labels.get(str(dimension), {})
            rows.append(
                {
                    "item": str(item),
                    "dimension": None if pd.isna(dimension) else str(dimension),
                    "importance_question": imp["name"],
                    "capability_question": cap["name"],
                    "scale_max": scales.pop() if scales else 5,
                    "dont_know": None if pd.isna(dont_know) else str(dont_know),
                    "label_en": labels.get("en") or self.label(imp["name"], "en"),
                    "label_ka": labels.get("ka") or self.label(imp["name"], "ka"),
                    "dimension_en": dims.get("en")
                    or (None if pd.isna(dimension) else str(dimension)),
                    "dimension_ka": dims.get("ka")
                    or (None if pd.isna(dimension) else str(dimension)),
                }
            )
        return pd.DataFrame(
            rows,
            columns=[
                "item",
                "dimension",
                "importance_question",
                "capability_question",
                "scale_max",
                "dont_know",
                "label_en",
                "label_ka",
                "dimension_en",
                "dimension_ka",
            ],
        )

    # ---- validation schema ----------------------------------------------------------------------
    def schema(
        self,
        *,
        columns: list[str] | None = None,
        include_meta: bool = False,
        required_columns: bool = False,
    ) -> pa.DataFrameSchema:
        """Return a pandera schema for the wide layer (XML-name columns) built from the form.

        Per question: dtype (integer -> ``Int64``, decimal -> ``Float64``, other -> ``str``), choice
        lists (named check ``unknown_choice``; select_multiple checks every space-separated token),
        the numeric range of its constraint (named check ``answer_out_of_range``; "don't know"
        codes written as ``or . = 9`` stay allowed) and required: a required question without a
        ``relevant`` (on itself or an enclosing group) must not be blank. ``columns`` restricts the
        schema to the columns an export really has; with ``required_columns`` every question must
        be present. Unknown extra columns are allowed (meta, notes).
        """
        schema_columns: dict[str, pa.Column] = {}
        for _, row in self.questions.iterrows():
            name = row["name"]
            if columns is not None and name not in columns:
                continue
            qtype = row["type"]
            if qtype in META_TYPES and not include_meta:
                continue
            checks: list[pa.Check] = []
            if qtype in INTEGER_TYPES:
                dtype: object = "Int64"
            elif qtype in DECIMAL_TYPES:
                dtype = "Float64"
            else:
                dtype = str
            allowed = (
                self.choice_names(row["list_name"]) if isinstance(row["list_name"], str) else []
            )
            if qtype in {"select_one", "rank"} and allowed:
                allowed_set = set(allowed)
                checks.append(
                    pa.Check(lambda s, a=allowed_set: s.astype(str).isin(a), name="unknown_choice")
                )
            elif qtype == "select_multiple" and allowed:
                allowed_set = set(allowed)
                checks.append(
                    pa.Check(
                        lambda s, a=allowed_set: s.astype(str).map(
                            lambda v: all(t in a for t in v.split())
                        ),
                        name="unknown_choice",
                    )
                )
            numeric_range = row["range"]
            if isinstance(numeric_range, NumericRange) and dtype in {"Int64", "Float64"}:
                checks.append(
                    pa.Check(lambda s, r=numeric_range: r.contains(s), name="answer_out_of_range")
                )
            nullable = not (bool(row["required"]) and not row["conditional"])
            schema_columns[name] = pa.Column(
                dtype, checks=checks, nullable=nullable, required=required_columns, coerce=True
            )
        return pa.DataFrameSchema(schema_columns, strict=False, coerce=True)


def _language_columns(
    frame: pd.DataFrame, base: str, default_language: str | None
) -> dict[str, str]:
    """Return ``{column: language code}`` for ``base`` columns (label, hint, ...)."""
    found: dict[str, str] = {}
    for column in frame.columns:
        col_base, spelling = split_language_header(str(column))
        if col_base != base:
            continue
        if spelling is None:
            code = language_code(default_language) if default_language else DEFAULT_LANGUAGE
        else:
            code = language_code(spelling, default_language)
        found.setdefault(str(column), code)
    return found


_PREFIXED = re.compile(r"^(?:bind|control|instance)\s*::?\s*(?P<name>.+)$")


def _column_name(header: str) -> str:
    """A sheet header under the name pyxform gives it: lower case, ``list name`` ->
    ``list_name``, ``bind:relevant`` / ``bind::relevant`` -> ``relevant``, and pyxform's survey
    header aliases (``relevance``, ``calculation``, ``constraining_message`` ...)."""
    from pyxform import aliases

    name = " ".join(header.split()).lower()
    prefixed = _PREFIXED.match(name)
    if prefixed:
        name = prefixed.group("name").strip()
    if name == "list name":
        return "list_name"
    alias = aliases.survey_header.get(name)
    if isinstance(alias, tuple) and alias[0] in {"bind", "control"}:
        short = alias[1].removeprefix("jr:")
        return {"constraintMsg": "constraint_message", "requiredMsg": "required_message"}.get(
            short, short
        )
    return name


def _lower_columns(frame: pd.DataFrame) -> pd.DataFrame:
    renamed = {}
    for column in frame.columns:
        _base, spelling = split_language_header(str(column))
        renamed[column] = str(column) if spelling is not None else _column_name(str(column))
    return frame.rename(columns=renamed)


@functools.cache
def _pyxform_tables() -> tuple[re.Pattern, re.Pattern, re.Pattern, dict, dict, dict]:
    """pyxform's own type grammar: begin/end control, select patterns, aliases, question types.

    Reading types with pyxform's tables (not a second grammar) keeps every spelling pyxform
    accepts meaning what it means to pyxform: ``end`` is the end-time metadata, ``int`` is an
    integer, ``select one yn`` a select with list ``yn``.
    """
    from pyxform import aliases
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
    from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_SELECT

    return (
        RE_BEGIN_CONTROL,
        RE_END_CONTROL,
        RE_SELECT,
        dict(aliases.select),
        dict(aliases._type_alias_map),
        dict(QUESTION_TYPE_DICT),
    )


#: pyxform's select command -> the type name used in :class:`Form`.
_SELECT_TYPE_NAMES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "rank": "rank",
    "select one external": "select_one_external",
}
#: XForm bind types -> the type name used in :class:`Form` for numbers.
_BIND_TYPE_NAMES = {"int": "integer", "decimal": "decimal"}


@dataclass(frozen=True)
class SurveyType:
    """One survey-sheet ``type`` cell as pyxform reads it.

    ``kind``: ``begin`` / ``end`` (a group or repeat opens or closes), ``select`` or ``question``.
    ``type``: the name used in :class:`Form` (``integer``, ``select_one``, ``end`` ...);
    ``control``: ``group`` or ``repeat`` for begin/end; ``list_name`` and ``or_other`` for selects.
    """

    kind: str
    type: str
    control: str | None = None
    list_name: str | None = None
    or_other: bool = False


def survey_type(raw_type: str) -> SurveyType:
    """Return what a survey-sheet ``type`` cell means, by pyxform's own tables: every alias
    pyxform accepts (``select one yn``, ``select all that apply yn``, ``int``, ``begin repeat``,
    ``looped group``, ``imei`` ...) comes back under one name. Unknown types keep their spelling
    (pyxform refuses them; the reader still lists them so a form under repair can be checked)."""
    begin, end, select, select_aliases, type_aliases, types = _pyxform_tables()
    text = " ".join(str(raw_type).split())
    lowered = text.lower()
    for pattern, kind in ((begin, "begin"), (end, "end")):
        match = pattern.match(lowered)
        if match:
            control = (
                "repeat"
                if match.group("type") in {"repeat", "lgroup", "looped group"}
                else ("loop" if match.group("type") == "loop" else "group")
            )
            return SurveyType(kind, f"{kind}_{control}", control=control)
    match = select.match(text) or select.match(lowered)
    if match:
        spelled = match.group("select_command")
        command = select_aliases[spelled]
        name = _SELECT_TYPE_NAMES.get(command, command.replace(" ", "_"))
        if "file" in spelled:  # a list in a csv/xml file, not on the choices sheet
            name = f"{name}_from_file"
        return SurveyType(
            "select",
            name,
            list_name=match.group("list_name"),
            or_other=match.group("specify_other") is not None,
        )
    name = type_aliases.get(text, type_aliases.get(lowered, text))
    definition = types.get(name) or types.get(name.lower())
    if definition is None:
        return SurveyType("question", name.lower().replace(" ", "_"))
    key = name if name in types else name.lower()
    bind_type = str(definition.get("bind", {}).get("type", ""))
    if key != "range" and bind_type in _BIND_TYPE_NAMES:
        return SurveyType("question", _BIND_TYPE_NAMES[bind_type])
    return SurveyType("question", key.replace(" ", "_"))


def _xls_cell(cell: Any, xlrd: Any) -> object:
    """A cell's value as Excel shows it: blanks missing, booleans TRUE / FALSE (as pyxform)."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return cell.value


def _xls_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Read an old binary .xls form with xlrd (pyxform's own reader): every sheet, first row as
    the header, cells as Python values (blank cells missing)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises its own errors on damaged or encrypted files
        raise InputError(f"the .xls form cannot be read ({exc})", path=path) from exc
    frames: dict[str, pd.DataFrame] = {}
    for sheet in book.sheets():
        rows = [[_xls_cell(cell, xlrd) for cell in sheet.row(r)] for r in range(sheet.nrows)]
        if not rows:
            continue
        header = [
            str(h).strip() if h is not None else f"column_{i + 1}" for i, h in enumerate(rows[0])
        ]
        frame = pd.DataFrame(rows[1:], columns=header, dtype=object)
        frames[sheet.name.strip().lower()] = frame
    return frames


def _form_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Return the survey, choices and settings sheets (cells as text, headers lower-cased except
    language suffixes). ``.xls`` forms (KoboToolbox's form download, many published forms) are
    read with xlrd, the reader pyxform uses; ``.xlsx`` through :mod:`cluster_analysis.readers`."""
    if path.suffix.lower() == ".xls":
        frames = _xls_sheets(path)
    else:
        names = {s.strip().lower(): s for s in readers.list_sheets(path)}
        frames = {
            key: readers.read_table(path, sheet=names[key], as_text=True)
            for key in ("survey", "choices", "settings")
            if key in names
        }
    if "survey" not in frames:
        raise InputError("an XLSForm needs a 'survey' sheet", path=path)
    out: dict[str, Any] = {
        key: _lower_columns(frames[key])
        for key in ("survey", "choices", "settings")
        if key in frames
    }
    return out


def _form_settings(sheets: dict[str, pd.DataFrame]) -> dict[str, object]:
    frame = sheets.get("settings")
    if frame is None or not len(frame):
        return {}
    return {k: v for k, v in frame.iloc[0].to_dict().items() if v is not None and pd.notna(v)}


def _question_row(
    record: pd.Series,
    name: str,
    kind: SurveyType,
    group_stack: list[tuple[str, bool, str]],
    row: int,
    label_columns: dict[str, str],
) -> dict[str, object]:
    relevant = _text(record.get("relevant"))
    constraint = _text(record.get("constraint"))
    repeats = [g for g, _, control in group_stack if control == "repeat"]
    return {
        "name": name,
        "type": kind.type,
        "list_name": kind.list_name,
        "required": _truthy(record.get("required")),
        "relevant": relevant,
        "conditional": relevant is not None or any(r for _, r, _ in group_stack),
        "constraint": constraint,
        "range": parse_numeric_range(constraint),
        "group": "/".join(g for g, _, _ in group_stack) or None,
        "repeat": repeats[-1] if repeats else None,
        "choice_filter": _text(record.get("choice_filter")),
        "or_other": kind.or_other,
        "row": row,
        **{f"label_{code}": _text(record.get(col)) for col, code in label_columns.items()},
        CAPACITY_ITEM_COLUMN: _text(record.get(CAPACITY_ITEM_COLUMN)),
        CAPACITY_DIMENSION_COLUMN: _text(record.get(CAPACITY_DIMENSION_COLUMN)),
        CAPACITY_ROLE_COLUMN: (_text(record.get(CAPACITY_ROLE_COLUMN)) or "").lower() or None,
        SCALE_MAX_COLUMN: _text(record.get(SCALE_MAX_COLUMN)),
        DONT_KNOW_COLUMN: _text(record.get(DONT_KNOW_COLUMN)),
    }


def _walk_survey(
    survey: pd.DataFrame, path: Path, label_columns: dict[str, str]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Return (question rows, group rows) in form order. Types are read by :func:`survey_type`;
    an ``or_other`` select gains pyxform's ``<name>_other`` text question right after it."""
    rows: list[dict[str, object]] = []
    group_rows: list[dict[str, object]] = []
    group_stack: list[tuple[str, bool, str]] = []
    offset = _FIRST_ROW  # the header is row 1 of every XLSForm sheet
    for position, record in survey.iterrows():
        raw_type = _text(record.get("type"))
        if raw_type is None:
            continue
        kind = survey_type(raw_type)
        row = int(position) + offset
        if kind.kind == "begin":
            name = _text(record.get("name")) or f"group_{position}"
            relevant = _text(record.get("relevant"))
            group_stack.append((name, relevant is not None, str(kind.control)))
            group_rows.append(
                {
                    "name": name,
                    "path": "/".join(g for g, _, _ in group_stack),
                    "relevant": relevant,
                    "repeat": kind.control == "repeat",
                    "row": row,
                    **{
                        f"label_{code}": _text(record.get(col))
                        for col, code in label_columns.items()
                    },
                }
            )
            continue
        if kind.kind == "end":
            if group_stack:
                group_stack.pop()
            continue
        question_name = _text(record.get("name"))
        if question_name is None and kind.type == "note":
            continue  # a note holds no answer; pyxform accepts it without a name
        if question_name is None:
            raise InputError(
                f"a '{raw_type}' question has no name", path=path, sheet="survey", row=row
            )
        name = question_name
        rows.append(_question_row(record, name, kind, group_stack, row, label_columns))
        if kind.or_other:
            other = _question_row(
                pd.Series(dtype=object),
                f"{name}_other",
                SurveyType("question", "text"),
                group_stack,
                row,
                {},
            )
            other["relevant"] = f"selected(${{{name}}}, 'other')"
            other["conditional"] = True
            rows.append(other)
    return rows, group_rows


def _read_choices(choices_raw: pd.DataFrame, choice_label_columns: dict[str, str]) -> pd.DataFrame:
    rows = []
    if "list_name" in choices_raw.columns and "name" in choices_raw.columns:
        for _, record in choices_raw.iterrows():
            list_name, name = _text(record.get("list_name")), _text(record.get("name"))
            if list_name is None or name is None:
                continue  # blank separator rows
            rows.append(
                {
                    "list_name": list_name,
                    "name": name,
                    **{
                        f"label_{code}": _text(record.get(col))
                        for col, code in choice_label_columns.items()
                    },
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "list_name",
            "name",
            *[f"label_{c}" for c in dict.fromkeys(choice_label_columns.values())],
        ],
    )


def _add_other_choices(choices: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """pyxform adds the choice ``other`` (label "Other" in every language) to each list used by
    an ``or_other`` select, unless the list has it already."""
    lists = questions.loc[questions["or_other"], "list_name"].dropna().unique()
    extra = [
        {
            "list_name": name,
            "name": "other",
            **{c: "Other" for c in choices.columns if c.startswith("label_")},
        }
        for name in lists
        if not ((choices["list_name"] == name) & (choices["name"] == "other")).any()
    ]
    if not extra:
        return choices
    return pd.concat([choices, pd.DataFrame(extra, columns=choices.columns)], ignore_index=True)


def read_xlsform(path: Path | str) -> Form:
    """Read an XLSForm workbook (.xlsx or .xls; sheets ``survey``, ``choices``, optional
    ``settings``) into a :class:`Form`.

    Types, groups, repeats, choice lists, ``choice_filter``, ``or_other`` and languages are read
    as pyxform reads them (:func:`survey_type`). Raises :class:`InputError` when a sheet or a
    ``type``/``name`` column is missing or a select question names a list the choices sheet
    lacks."""
    path = Path(path)
    sheets = _form_sheets(path)
    survey = sheets["survey"]
    choices_raw = sheets.get("choices", pd.DataFrame(columns=["list_name", "name"]))
    settings = _form_settings(sheets)
    for column in ("type", "name"):
        if column not in survey.columns:
            raise InputError(
                f"the survey sheet has no '{column}' column", path=path, sheet="survey", row=1
            )
    default_language = _text(settings.get("default_language"))
    label_columns = _language_columns(survey, "label", default_language)
    choice_label_columns = _language_columns(choices_raw, "label", default_language)
    languages = list(dict.fromkeys([*label_columns.values(), *choice_label_columns.values()]))

    rows, group_rows = _walk_survey(survey, path, label_columns)
    questions = pd.DataFrame(
        rows,
        columns=_QUESTION_COLUMNS + [f"label_{c}" for c in dict.fromkeys(label_columns.values())],
    )
    questions = questions[~questions["type"].isin(STRUCTURAL_TYPES)].reset_index(drop=True)
    questions["or_other"] = questions["or_other"].astype(bool)
    questions[SCALE_MAX_COLUMN] = pd.to_numeric(
        questions[SCALE_MAX_COLUMN], errors="coerce"
    ).astype("Int64")
    bad_roles = questions[CAPACITY_ROLE_COLUMN].dropna()
    bad_roles = bad_roles[~bad_roles.isin(CAPACITY_ROLES)]
    if len(bad_roles):
        idx = bad_roles.index[0]
        raise InputError(
            f"capacity_role '{bad_roles.iloc[0]}' is not one of {', '.join(CAPACITY_ROLES)}",
            path=path,
            sheet="survey",
            row=int(questions.at[idx, "row"]),
            column=CAPACITY_ROLE_COLUMN,
        )
    choices = _add_other_choices(_read_choices(choices_raw, choice_label_columns), questions)
    known_lists = set(choices["list_name"])
    for _, q in questions.iterrows():
        if (
            q["type"] in {"select_one", "select_multiple", "rank"}
            and q["list_name"] not in known_lists
        ):
            raise InputError(
                f"question '{q['name']}' uses choice list '{q['list_name']}', which the choices sheet lacks",
                path=path,
                sheet="survey",
                row=int(q["row"]),
                column="type",
            )
    groups = pd.DataFrame(
        group_rows,
        columns=["name", "path", "relevant", "repeat", "row"]
        + [f"label_{c}" for c in dict.fromkeys(label_columns.values())],
    )
    return Form(
        questions=questions,
        choices=choices,
        settings=settings,
        languages=languages,
        source=str(path),
        groups=groups,
        default_language=language_code(default_language) if default_language else None,
    )


def lint_xlsform(path: Path | str) -> list[str]:
    """Return pyxform's warnings for the form, plus its error (prefixed ``error:``) if it does not
    convert. Conversion runs offline; ODK Validate (Java) is not run."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    messages: list[str] = []
    try:
        result = convert(xlsform=str(path), validate=False, warnings=messages)
        messages = list(dict.fromkeys([*messages, *result.warnings]))
    except PyXFormError as exc:
        messages.append(f"error: {exc}")
    except Exception as exc:  # pyxform raises plain errors on unreadable workbooks too
        messages.append(f"error: {type(exc).__name__}: {exc}")
    return messages


__all__ = [
    "CAPACITY_DIMENSION_COLUMN",
    "CAPACITY_ITEM_COLUMN",
    "CAPACITY_ROLE_COLUMN",
    "DONT_KNOW_COLUMN",
    "SCALE_MAX_COLUMN",
    "Form",
    "NumericRange",
    "language_code",
    "lint_xlsform",
    "parse_numeric_range",
    "read_xlsform",
]
