"""Pandera schemas of the survey domain and the bilingual reasons of its named checks.

- :func:`register_schema`: the member register (data/raw/survey/register.csv).
- :func:`response_checks`: member-level checks added to the form's wide schema
  (:meth:`cluster_analysis.survey.forms.Form.schema`): a member submitting twice in one wave, a
  member id missing from the register.
- :func:`capacity_long_schema`: the tidy long layer the scorer reads.

Every custom check is named; its reason, in English and Georgian, is in :data:`MESSAGES`, which
every validation of these schemas passes as ``messages=``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

#: Member types on the register.
MEMBER_TYPES = ("packaging_maker", "packaging_user", "service_provider", "other")
#: Size classes on the register (employees: micro <10, small 10-49, medium 50-249, large 250+).
SIZE_CLASSES = ("micro", "small", "medium", "large")

MESSAGES: dict[str, dict[str, str]] = {
    "repeat_without_submission": {
        "en": "this repeat row belongs to submission '{value}', which is not in the export's main "
        "table (or its parent row is missing)",
        "ka": "განმეორებადი ჯგუფის ეს სტრიქონი ეკუთვნის პასუხს '{value}', რომელიც ექსპორტის "
        "ძირითად ცხრილში არ არის (ან აკლია სტრიქონი, რომელსაც ის ექვემდებარება)",
    },
    "repeat_of_set_aside_submission": {
        "en": "this repeat row belongs to submission '{value}', which was removed by the cleaning "
        "log or rejected; fix or restore the submission and its repeat rows come back",
        "ka": "განმეორებადი ჯგუფის ეს სტრიქონი ეკუთვნის პასუხს '{value}', რომელიც გაწმენდის "
        "ჟურნალით წაიშალა ან უარყოფილია; გაასწორეთ ან აღადგინეთ პასუხი და მისი სტრიქონებიც "
        "დაბრუნდება",
    },
    "duplicate_submission": {
        "en": "member {value} submitted more than once in this wave; keep one with a cleaning log "
        "entry (remove_survey) for the others",
        "ka": "წევრმა {value} ამ ტალღაში ერთზე მეტჯერ გამოაგზავნა პასუხი; დატოვეთ ერთი, დანარჩენი "
        "წაშალეთ გაწმენდის ჟურნალის ჩანაწერით (remove_survey)",
    },
    "member_not_in_register": {
        "en": "member id '{value}' is not on the member register",
        "ka": "წევრის იდენტიფიკატორი '{value}' წევრთა რეესტრში არ არის",
    },
    "answer_out_of_range": {
        "en": "{value} in '{column}' is outside the range the form allows",
        "ka": "{value} ('{column}') სცდება ფორმით დაშვებულ დიაპაზონს",
    },
    "unknown_choice": {
        "en": "'{value}' in '{column}' is not one of the form's choices",
        "ka": "'{value}' ('{column}') ფორმის არჩევანებს შორის არ არის",
    },
    "duplicate_member": {
        "en": "member id '{value}' appears more than once on the register",
        "ka": "წევრის იდენტიფიკატორი '{value}' რეესტრში ერთზე მეტჯერ გვხვდება",
    },
    "unknown_member_type": {
        "en": "member type '{value}' is not one of " + ", ".join(MEMBER_TYPES),
        "ka": "წევრის ტიპი '{value}' არ არის შემდეგთაგან: " + ", ".join(MEMBER_TYPES),
    },
    "unknown_size_class": {
        "en": "size class '{value}' is not one of " + ", ".join(SIZE_CLASSES),
        "ka": "ზომის კლასი '{value}' არ არის შემდეგთაგან: " + ", ".join(SIZE_CLASSES),
    },
    "capacity_answer_out_of_scale": {
        "en": "{value} in '{column}' is outside the answer scale",
        "ka": "{value} ('{column}') სცდება პასუხის სკალას",
    },
    "duplicate_capacity_answer": {
        "en": "respondent {value} has two answers for the same item in one wave",
        "ka": "რესპონდენტს {value} ერთ ტალღაში ერთსა და იმავე საკითხზე ორი პასუხი აქვს",
    },
    "cleaning_log_entry_not_applied": {
        "en": "cleaning log entry not applied: {value}",
        "ka": "გაწმენდის ჟურნალის ჩანაწერი არ იქნა გამოყენებული: {value}",
    },
}

#: Register columns that identify a person or firm; they never leave the processed layer.
PERSONAL_COLUMNS = (
    "name",
    "name_ka",
    "name_en",
    "contact_person",
    "contact_name",
    "phone",
    "email",
    "address",
)
#: The only register columns a processed table keeps.
PUBLIC_REGISTER_COLUMNS = ("member_id", "member_type", "size_class", "region", "joined", "left")


#: Reasons for the register's optional ``joined`` / ``left`` dates (kept apart from MESSAGES).
DATE_MESSAGES: dict[str, dict[str, str]] = {
    "not_a_date": {
        "en": "'{value}' in '{column}' is not a date (expected YYYY-MM-DD)",
        "ka": "'{value}' ('{column}') არ არის თარიღი (მოსალოდნელია YYYY-MM-DD)",
    },
    "date_in_future": {
        "en": "{value} in '{column}' is after the date of this run (a date cannot be in the future)",
        "ka": "{value} ('{column}') ამ გაშვების თარიღზე გვიანია (თარიღი მომავალში ვერ იქნება)",
    },
    "left_before_joined": {
        "en": "member {value} left before (or on the day) it joined; 'left' must be after 'joined'",
        "ka": "წევრი {value} გავიდა გაწევრიანებამდე (ან იმავე დღეს); 'left' უნდა იყოს "
        "'joined'-ის შემდეგ",
    },
}
#: Every reason the survey validations give, the date checks included (passed as ``messages=``).
MESSAGES = {**MESSAGES, **DATE_MESSAGES}


def _date_checks(as_of: pd.Timestamp) -> list[pa.Check]:
    """A blank date is allowed (``left`` is blank while the member stays); any other value must
    be a date no later than ``as_of``."""
    return [
        pa.Check(
            lambda s: s.isna() | pd.to_datetime(s, errors="coerce", format="ISO8601").notna(),
            name="not_a_date",
        ),
        pa.Check(
            lambda s: ~(pd.to_datetime(s, errors="coerce", format="ISO8601") > as_of),
            name="date_in_future",
        ),
    ]


def _left_after_joined(df: pd.DataFrame) -> pd.Series:
    if "joined" not in df.columns or "left" not in df.columns:
        return pd.Series(True, index=df.index)
    joined = pd.to_datetime(df["joined"], errors="coerce", format="ISO8601")
    left = pd.to_datetime(df["left"], errors="coerce", format="ISO8601")
    return ~(left <= joined)


def register_schema(as_of: object = None) -> pa.DataFrameSchema:
    """Schema of the member register: unique non-blank ``member_id``, known ``member_type`` and
    ``size_class``, a ``region``; optional ``joined`` / ``left`` dates (YYYY-MM-DD, none later
    than ``as_of``, the date of the run's data, today when None; ``left`` after ``joined``).
    Name and contact columns are optional text."""
    limit = pd.Timestamp(as_of if as_of is not None else pd.Timestamp.today()).normalize()
    return pa.DataFrameSchema(
        {
            "member_id": pa.Column(
                str,
                nullable=False,
                checks=[pa.Check(lambda s: s.str.strip().str.len() > 0, name="not_blank")],
            ),
            "member_type": pa.Column(
                str,
                nullable=False,
                checks=pa.Check(lambda s: s.isin(MEMBER_TYPES), name="unknown_member_type"),
            ),
            "size_class": pa.Column(
                str,
                nullable=False,
                checks=pa.Check(lambda s: s.isin(SIZE_CLASSES), name="unknown_size_class"),
            ),
            "region": pa.Column(str, nullable=True),
            "joined": pa.Column(str, nullable=True, required=False, checks=_date_checks(limit)),
            "left": pa.Column(str, nullable=True, required=False, checks=_date_checks(limit)),
        },
        checks=[
            pa.Check(lambda df: ~df["member_id"].duplicated(keep=False), name="duplicate_member"),
            pa.Check(_left_after_joined, name="left_before_joined"),
        ],
        strict=False,
        coerce=True,
    )


def response_checks(
    schema: pa.DataFrameSchema, *, member_column: str, register_ids: Iterable[str] | None
) -> pa.DataFrameSchema:
    """Return ``schema`` (a wave's wide schema) with the member checks added: every submission of
    a member that appears more than once in the wave is quarantined (``duplicate_submission``: staff
    decide which to keep, with a cleaning-log entry), and an id missing from the register is
    refused (``member_not_in_register``). Use ``dataframe_check_columns={"duplicate_submission":
    member_column}`` when validating."""
    ids = None if register_ids is None else {str(i) for i in register_ids}
    member_checks = []
    if ids is not None:
        member_checks.append(
            pa.Check(lambda s: s.astype(str).isin(ids), name="member_not_in_register")
        )
    column = schema.columns.get(member_column)
    base_checks = list(column.checks) if column is not None else []
    # The register check replaces the form's own choice check on the member column (the choices
    # are the register itself, or an external members.csv the reader does not have).
    base_checks = [c for c in base_checks if c.name != "unknown_choice"] + member_checks
    new_column = pa.Column(str, checks=base_checks, nullable=False, coerce=True, required=True)
    columns = {**schema.columns, member_column: new_column}

    def _once_per_member(frame: pd.DataFrame) -> pd.Series:
        values = frame[member_column]
        return ~(values.notna() & values.duplicated(keep=False))

    return pa.DataFrameSchema(
        columns,
        checks=[*schema.checks, pa.Check(_once_per_member, name="duplicate_submission")],
        strict=False,
        coerce=True,
    )


def capacity_long_schema(scale_max: int = 5) -> pa.DataFrameSchema:
    """Schema of the long capacity layer: one row per respondent, wave and item; ``importance``
    and ``capability`` whole numbers 1..scale_max or missing ("don't know" is kept apart in
    ``importance_dont_know`` / ``capability_dont_know``)."""

    def on_scale(series: pd.Series) -> pd.Series:
        return series.between(1, scale_max)

    return pa.DataFrameSchema(
        {
            "respondent_id": pa.Column(str, nullable=False),
            "wave": pa.Column(str, nullable=False),
            "item": pa.Column(str, nullable=False),
            "dimension": pa.Column(str, nullable=True),
            "importance": pa.Column(
                "Int64",
                nullable=True,
                checks=pa.Check(on_scale, name="capacity_answer_out_of_scale"),
            ),
            "capability": pa.Column(
                "Int64",
                nullable=True,
                checks=pa.Check(on_scale, name="capacity_answer_out_of_scale"),
            ),
        },
        checks=[
            pa.Check(
                lambda df: ~df.duplicated(["respondent_id", "wave", "item"], keep=False),
                name="duplicate_capacity_answer",
            )
        ],
        strict=False,
        coerce=True,
    )


__all__ = [
    "MEMBER_TYPES",
    "MESSAGES",
    "PERSONAL_COLUMNS",
    "PUBLIC_REGISTER_COLUMNS",
    "SIZE_CLASSES",
    "capacity_long_schema",
    "register_schema",
    "response_checks",
]
