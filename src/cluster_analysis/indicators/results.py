"""Results computed from the cluster's own data instead of typed by hand
(docs/methods.md#computed-results).

Each function returns rows in the observation layer (``indicator, place, year, value, unit, source,
source_ka, n, method``; survey shares also fill ``value_low, value_high, note, note_ka``) for the
cluster (place ``georgia``):

- :func:`members_over_time`: members at the end of each year from the register (``joined`` and
  ``left`` dates when the register has them; without them, the register's size in the survey's
  latest year only);
- :func:`survey_results`: the share of respondents who export (export share above 0) and, when the
  survey asks it, the share satisfied with the cluster's services (4 or 5 on a 1-5 scale), per wave,
  with a 95 % Wilson interval corrected for the finite member register (none for a census);
- :func:`response_rate_results`: respondents / members on the register, per wave;
- :func:`savings_results`: realised savings of the pool's actual purchases, per year;
- :func:`activity_results`: the share of priority events the cluster attended (the directory's
  events and the activity log) and the yearly counts of the activity log.

:func:`results_consistency` compares them with the typed observations (a check row per difference)
and :func:`with_computed_results` lets the computed value win. Pure: no I/O, inputs unchanged.
"""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa

from cluster_analysis.stats import fpc_effective_n, wilson_bounds, wilson_interval
from cluster_analysis.survey.register import members_at, wave_members, wave_year

__all__ = [
    "ACTIVITY_CHECK_COLUMNS",
    "ACTIVITY_INDICATORS",
    "ACTIVITY_MESSAGES",
    "ACTIVITY_SCHEMA",
    "ACTIVITY_TYPES",
    "RESULT_COLUMNS",
    "SHARE_CENSUS",
    "SHARE_FPC",
    "SHARE_PLAIN",
    "activity_results",
    "empty_results",
    "members_at",
    "members_over_time",
    "response_rate_results",
    "results_consistency",
    "savings_results",
    "survey_results",
    "wave_members",
    "wave_year",
    "with_computed_results",
]

CLUSTER_PLACE = "georgia"
RESULT_COLUMNS = [
    "indicator",
    "place",
    "year",
    "value",
    "unit",
    "source",
    "source_ka",
    "n",
    "method",
    "value_low",
    "value_high",
    "note",
    "note_ka",
]

#: The activity log's kinds of entry (docs/methods.md#computed-results).
ACTIVITY_TYPES: tuple[str, ...] = (
    "event",  # the cluster was represented at an event (attend, speak, organise)
    "ppd_meeting",  # public-private dialogue meeting
    "consultation",  # a regulatory consultation the cluster joined
    "position",  # a position paper submitted
    "media",  # a media mention
    "annual_event",  # the cluster's own annual international event held
    "promotion",  # promotion of the cluster in a strategic region (region column)
)
#: Activity kind (and region) -> indicator id and unit of its yearly count.
ACTIVITY_INDICATORS: dict[tuple[str, str], tuple[str, str]] = {
    ("ppd_meeting", ""): ("ppd_meetings_joined", "count"),
    ("consultation", ""): ("regulatory_consultations_joined", "count"),
    ("position", ""): ("positions_submitted", "count"),
    ("media", ""): ("media_mentions", "count"),
    ("annual_event", ""): ("annual_event_held", "yes_no"),
    ("promotion", "Imereti"): ("promotion_events_imereti", "count"),
    ("promotion", "Kakheti"): ("promotion_events_kakheti", "count"),
}

_REGISTER = ("member register", "წევრების რეესტრი")
_SURVEY = ("member survey", "წევრების გამოკითხვა")
_PURCHASES = ("pool purchases (actual prices against stand-alone prices)", "ერთობლივი შესყიდვები")
_LOG = ("cluster activity log", "კლასტერის აქტივობების ჟურნალი")
_EVENTS = ("directory of events and activity log", "ღონისძიებების ბაზა და აქტივობების ჟურნალი")


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    return frame.astype(
        {
            "indicator": "string",
            "place": "string",
            "year": "Int64",
            "value": "Float64",
            "unit": "string",
            "source": "string",
            "source_ka": "string",
            "n": "Int64",
            "method": "string",
            "value_low": "Float64",
            "value_high": "Float64",
            "note": "string",
            "note_ka": "string",
        }
    )


def _row(
    indicator: str, year: int, value: float, unit: str, source: tuple[str, str], n: int, method: str
) -> dict:
    return {
        "indicator": indicator,
        "place": CLUSTER_PLACE,
        "year": int(year),
        "value": float(value),
        "unit": unit,
        "source": f"computed from the {source[0]}",
        "source_ka": f"გამოთვლილია: {source[1]}",
        "n": int(n),
        "method": method,
        "value_low": None,
        "value_high": None,
        "note": None,
        "note_ka": None,
    }


#: Interval methods of a survey share (``method`` of its row; docs/methods.md#computed-results).
SHARE_FPC = "survey_wilson_fpc"  # Wilson at the finite-population effective n
SHARE_CENSUS = "survey_census"  # every member answered: no interval
SHARE_PLAIN = "survey_wilson"  # member count unknown: plain Wilson


def _share_row(indicator: str, year: int, hits: int, n: int, members: int | None) -> dict:
    """A survey share in % of ``n`` answers with its 95 % interval (docs/methods.md#computed-results):
    with ``members`` (N, the register in the wave) a Wilson interval at the effective n
    n' = (n - 1) / (1 - n/N) (:func:`cluster_analysis.stats.fpc_effective_n`, as the survey's
    scores), none when n = N (a census); without it a plain Wilson interval. ``method`` names
    which, ``note`` / ``note_ka`` say it in words."""
    share = hits / n
    if members is None or n > members:  # n > N: answers the register cannot account for
        low, high = wilson_interval(hits, n)
        method = SHARE_PLAIN
        note = (
            "plain 95 % Wilson interval: the number of members is not known, so no finite "
            "population correction",
            "ჩვეულებრივი 95 %-იანი ვილსონის ინტერვალი: წევრების რაოდენობა უცნობია, ამიტომ "
            "სასრული პოპულაციის შესწორება არ არის გამოყენებული",
        )
    elif n == members:
        low = high = math.nan
        method = SHARE_CENSUS
        note = (
            f"every member answered ({n} of {members}, a census): there is no sampling error, so "
            "no interval",
            f"ყველა წევრმა უპასუხა ({members}-დან {n}, სრული აღწერა): შერჩევის ცდომილება არ "
            "არსებობს, ამიტომ ინტერვალი არ არის მოცემული",
        )
    else:
        n_prime = fpc_effective_n(n, members)
        bounds = wilson_bounds(share * n_prime, n_prime)
        low, high = float(bounds[0]), float(bounds[1])
        method = SHARE_FPC
        if math.isnan(low):
            note = (
                f"{n} of {members} members answered: too few answers for an interval",
                f"{members} წევრიდან უპასუხა {n}-მა: ინტერვალისთვის პასუხები საკმარისი არ არის",
            )
        else:
            note = (
                f"{n} of {members} members answered: 95 % Wilson interval with finite population "
                "correction",
                f"{members} წევრიდან უპასუხა {n}-მა: 95 %-იანი ვილსონის ინტერვალი სასრული "
                "პოპულაციის შესწორებით",
            )
    row = _row(indicator, year, 100.0 * share, "percent", _SURVEY, n, method)
    row.update(
        value_low=None if math.isnan(low) else 100.0 * low,
        value_high=None if math.isnan(high) else 100.0 * high,
        note=note[0],
        note_ka=note[1],
    )
    return row


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, errors="coerce")


def empty_results() -> pd.DataFrame:
    """An empty table of computed results (the columns and types of :data:`RESULT_COLUMNS`)."""
    return _frame([])


def members_over_time(
    survey_register: pd.DataFrame, years: list[int], *, latest_year: int | None = None
) -> pd.DataFrame:
    """Return ``cluster_members`` at the end of each of ``years``: members whose ``joined`` date
    is on or before 31 December and whose ``left`` date, if any, is after it. A register without
    ``joined`` gives one value: its size, in ``latest_year`` (nothing when that is None)."""
    rows = []
    if "joined" in survey_register.columns:
        joined = _dates(survey_register["joined"])
        left = (
            _dates(survey_register["left"])
            if "left" in survey_register.columns
            else pd.Series(pd.NaT, index=survey_register.index)
        )
        for year in years:
            end = pd.Timestamp(year=year, month=12, day=31)
            member = (joined <= end) & (left.isna() | (left > end))
            if joined.notna().any() and joined.min() <= end:
                count = int(member.sum())
                rows.append(
                    _row("cluster_members", year, count, "count", _REGISTER, count, "join_leave")
                )
    elif latest_year is not None:
        count = int(survey_register["member_id"].nunique())
        rows.append(
            _row("cluster_members", latest_year, count, "count", _REGISTER, count, "register_size")
        )
    return _frame(rows)


def _column(frame: pd.DataFrame, stem: str) -> str | None:
    for column in frame.columns:
        name = str(column).split("/")[-1]
        if name == stem or name == f"{stem}_pct":
            return str(column)
    return None


def survey_results(
    survey_responses: pd.DataFrame, survey_register: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return, per wave (year of the wave id), ``members_exporting_share``: % of respondents
    answering the export share whose export share is above 0; and, when the survey has a
    ``satisfaction`` question (1-5), ``member_satisfaction_share``: % answering 4 or 5; each with
    its n and 95 % interval (``value_low``, ``value_high``; see :func:`_share_row`). The
    population N of a wave is :func:`wave_members`; without ``survey_register`` it is unknown
    and the interval is a plain Wilson one."""
    rows: list[dict] = []
    if survey_responses.empty or "wave" not in survey_responses.columns:
        return _frame(rows)
    export = _column(survey_responses, "export_share")
    satisfaction = _column(survey_responses, "satisfaction")
    for wave, answers in survey_responses.groupby("wave", sort=True):
        year = wave_year(wave)
        if year is None:
            continue
        members = wave_members(survey_register, answers, year)
        if export is not None:
            shares = pd.to_numeric(answers[export], errors="coerce").dropna()
            if len(shares):
                hits = int((shares > 0).sum())
                rows.append(_share_row("members_exporting_share", year, hits, len(shares), members))
        if satisfaction is not None:
            scores = pd.to_numeric(answers[satisfaction], errors="coerce").dropna()
            if len(scores):
                hits = int((scores >= 4).sum())
                rows.append(
                    _share_row("member_satisfaction_share", year, hits, len(scores), members)
                )
    return _frame(rows)


def response_rate_results(
    survey_responses: pd.DataFrame, survey_register: pd.DataFrame
) -> pd.DataFrame:
    """Return ``survey_response_rate`` per wave: distinct respondents on the register / members on
    the register in the wave's year (:func:`members_at`; a respondent counts as a member), in %."""
    rows: list[dict] = []
    everyone = set(survey_register["member_id"].astype(str))
    if survey_responses.empty or not everyone or "wave" not in survey_responses.columns:
        return _frame(rows)
    for wave, answers in survey_responses.groupby("wave", sort=True):
        year = wave_year(wave)
        if year is None:
            continue
        respondents = set(answers["member_id"].astype(str)) & everyone
        members = members_at(survey_register, year) | respondents
        value = 100.0 * len(respondents) / len(members)
        rows.append(
            _row("survey_response_rate", year, value, "percent", _SURVEY, len(members), "survey")
        )
    return _frame(rows)


def savings_results(realised_savings: pd.DataFrame, *, min_members: int = 3) -> pd.DataFrame:
    """Return ``realised_savings`` per year in thousand GEL: the sum over the pool's actual
    purchases of (stand-alone price - price paid) x quantity, from the pool's ``realised_savings``
    table (``year, member_id, savings_gel``). A year with fewer than ``min_members`` buying
    members is left out (its total would show a member's prices)."""
    rows = []
    for year, part in realised_savings.groupby("year", sort=True):
        buyers = part["member_id"].nunique()
        if buyers < min_members:
            continue
        value = float(part["savings_gel"].sum()) / 1000.0
        rows.append(
            _row(
                "realised_savings",
                int(year),
                round(value, 1),
                "gel_thousand",
                _PURCHASES,
                buyers,
                "purchases",
            )
        )
    return _frame(rows)


def _log_year(activity_log: pd.DataFrame) -> pd.Series:
    return _dates(activity_log["date"]).dt.year


def activity_results(
    activity_log: pd.DataFrame, events: pd.DataFrame | None, *, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Return per year the activity log's counts (:data:`ACTIVITY_INDICATORS`) and, with the
    directory's events, ``priority_events_attended_share``: % of the priority events that began
    on or before ``as_of`` in that year at which the log shows the cluster (an ``event`` entry
    naming the event's id)."""
    rows = []
    years = _log_year(activity_log)
    kinds = activity_log["activity"].astype(str)
    regions = activity_log.get("region", pd.Series("", index=activity_log.index))
    regions = regions.fillna("").astype(str)
    for (kind, region), (indicator, unit) in ACTIVITY_INDICATORS.items():
        chosen = (kinds == kind) & ((regions == region) if region else True)
        for year in sorted(years.dropna().unique()):
            count = int((chosen & (years == year)).sum())
            value = min(count, 1) if unit == "yes_no" else count
            rows.append(_row(indicator, int(year), value, unit, _LOG, count, "activity_log"))
    if events is not None and len(events):
        start = _dates(events["start_date"])
        flags = events["priority"].astype("string").str.lower()
        priority = flags.isin(["true", "yes", "1"]) & (start <= as_of)
        attended = set(activity_log.loc[kinds == "event", "event_id"].dropna().astype(str))
        for year in sorted(start[priority].dt.year.unique()):
            held = events[priority & (start.dt.year == year)]
            share = 100.0 * held["event_id"].astype(str).isin(attended).sum() / len(held)
            rows.append(
                _row(
                    "priority_events_attended_share",
                    int(year),
                    share,
                    "percent",
                    _EVENTS,
                    len(held),
                    "events",
                )
            )
    return _frame(rows)


def results_consistency(
    indicator_observations: pd.DataFrame, computed_results: pd.DataFrame, *, tolerance: float = 0.5
) -> pd.DataFrame:
    """Return one row per computed value with the typed value of the same indicator, place and year
    (``typed_value`` empty when none was typed): ``typed_minus_computed`` = typed - computed, ``agrees``
    when it is within ``tolerance`` (units of the indicator), ``kept`` is always "computed"."""
    typed = indicator_observations
    if "sex" in typed.columns:
        typed = typed[typed["sex"].fillna("total") == "total"]
    typed = (
        typed[["indicator", "place", "year", "value"]]
        .dropna(subset=["year"])
        .assign(year=lambda f: f["year"].astype("Int64"))
        .drop_duplicates(["indicator", "place", "year"], keep="last")
        .rename(columns={"value": "typed_value"})
    )
    out = computed_results[["indicator", "place", "year", "value", "source", "method"]].rename(
        columns={"value": "computed_value"}
    )
    out = out.merge(typed, on=["indicator", "place", "year"], how="left")
    out["typed_value"] = out["typed_value"].astype("Float64")
    out["typed_minus_computed"] = out["typed_value"] - out["computed_value"]
    out["agrees"] = (out["typed_minus_computed"].abs() <= tolerance).astype("boolean")
    out.loc[out["typed_value"].isna(), "agrees"] = pd.NA
    out["kept"] = "computed"
    columns = [
        "indicator",
        "place",
        "year",
        "typed_value",
        "computed_value",
        "typed_minus_computed",
    ]
    return out[[*columns, "agrees", "kept", "source", "method"]].reset_index(drop=True)


def with_computed_results(
    indicator_observations: pd.DataFrame, computed_results: pd.DataFrame, *, synthetic: bool
) -> pd.DataFrame:
    """Return the observations with every computed value in place of the typed one of the same
    indicator, place and year (all its sex rows), computed rows marked ``origin = computed``
    (``synthetic`` when the data they come from is the synthetic example)."""
    if computed_results.empty:
        return indicator_observations.copy()
    keys = set(
        zip(
            computed_results["indicator"],
            computed_results["place"],
            computed_results["year"].astype(int),
            strict=True,
        )
    )
    years = indicator_observations["year"]
    typed_keys = zip(
        indicator_observations["indicator"],
        indicator_observations["place"],
        [int(y) if not pd.isna(y) else -1 for y in years],
        strict=True,
    )
    kept = indicator_observations[[key not in keys for key in typed_keys]]
    added = pd.DataFrame(
        {
            "indicator": computed_results["indicator"],
            "place": computed_results["place"],
            "year": computed_results["year"],
            "period": computed_results["year"].astype(str),
            "value": computed_results["value"].astype(float),
            "sex": "total",
            "unit": computed_results["unit"],
            "source": computed_results["source"],
            "source_quality": "official",
            "break": False,
            "note": "computed from the cluster's own data (docs/methods.md#computed-results)",
            "origin": "computed",
            "synthetic": synthetic,
        }
    )
    if "period_order" in kept.columns:
        from cluster_analysis.indicators.observations import period_order

        added["period_order"] = [period_order(str(y), y) for y in computed_results["year"]]
    return pd.concat([kept, added], ignore_index=True)


#: Bilingual reasons of the activity log's named checks.
ACTIVITY_MESSAGES: dict[str, dict[str, str]] = {
    "activity_known": {
        "en": "activity '{value}' must be one of " + ", ".join(ACTIVITY_TYPES),
        "ka": "აქტივობა '{value}' უნდა იყოს ერთ-ერთი: " + ", ".join(ACTIVITY_TYPES),
    },
    "activity_date_form": {
        "en": "date '{value}' must be YYYY-MM-DD",
        "ka": "თარიღი '{value}' უნდა ჩაიწეროს ასე: YYYY-MM-DD",
    },
    "activity_id_unique": {
        "en": "activity id '{value}' appears more than once",
        "ka": "აქტივობის კოდი '{value}' ერთზე მეტჯერ გვხვდება",
    },
    "promotion_needs_region": {
        "en": "a promotion entry needs its region (Imereti or Kakheti), not '{value}'",
        "ka": "პოპულარიზაციის ჩანაწერს სჭირდება რეგიონი (Imereti ან Kakheti) და არა '{value}'",
    },
}


def _promotion_region(frame: pd.DataFrame) -> pd.Series:
    regions = frame.get("region", pd.Series("", index=frame.index)).astype("string").fillna("")
    return (frame["activity"] != "promotion") | regions.isin(["Imereti", "Kakheti"])


ACTIVITY_SCHEMA = pa.DataFrameSchema(
    {
        "activity_id": pa.Column(str),
        "date": pa.Column(
            str,
            pa.Check(lambda s: s.str.fullmatch(r"\d{4}-\d{2}-\d{2}"), name="activity_date_form"),
        ),
        "activity": pa.Column(
            str, pa.Check(lambda s: s.isin(ACTIVITY_TYPES), name="activity_known")
        ),
        "event_id": pa.Column(str, nullable=True, required=False),
        "region": pa.Column(str, nullable=True, required=False),
        "title_en": pa.Column(str, nullable=True, required=False),
        "title_ka": pa.Column(str, nullable=True, required=False),
        "source": pa.Column(str, nullable=True, required=False),
    },
    checks=[
        pa.Check(lambda f: ~f["activity_id"].duplicated(keep=False), name="activity_id_unique"),
        pa.Check(_promotion_region, name="promotion_needs_region"),
    ],
    coerce=True,
    strict=False,
)
ACTIVITY_CHECK_COLUMNS: dict[str, str] = {
    "activity_id_unique": "activity_id",
    "promotion_needs_region": "region",
}
