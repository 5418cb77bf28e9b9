"""Pure table functions of the directory: one per processed table, named after it.

Every function takes validated frames (parameters named after the tables they hold), returns a new
frame and never mutates its inputs; none reads or writes files. The gap-matching score is declared
in ``metadata.yaml`` (``settings.match``) and explained in ``docs/directory.md#match-score``; the
member-level critical-gap rule is the survey's (``docs/directory.md#critical-gaps``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from cluster_analysis.directory.schemas import ALL, split_codes

#: Kinds of directory record a gap can be paired with.
RESOURCE_KINDS: tuple[str, ...] = (
    "funding_programme",
    "service_provider",
    "expert",
    "technology_provider",
)


@dataclass(frozen=True)
class MatchWeights:
    """Declared weights of the match score (``docs/directory.md#match-score``).

    ``topic``, ``eligibility`` and ``deadline`` add up to 1; ``dimension_match`` is the topic value
    of a record that names the gap's dimension but not its item; ``lead_days`` is the preparation
    time an application needs (a deadline at least this far away scores 1 on the horizon).
    """

    topic: float = 0.5
    eligibility: float = 0.3
    deadline: float = 0.2
    dimension_match: float = 0.5
    lead_days: int = 30

    def __post_init__(self) -> None:
        total = self.topic + self.eligibility + self.deadline
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"match weights must add up to 1, not {total}")
        if not 0 <= self.dimension_match <= 1 or self.lead_days <= 0:
            raise ValueError("dimension_match must be in [0, 1] and lead_days positive")


def _dates(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_datetime(out[column], format="%Y-%m-%d", errors="raise").astype(
            "datetime64[s]"
        )
    return out


def _strings(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype("string").str.strip()
    return out


def _codes(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Normalise ``|`` lists (trimmed, sorted, no duplicates; ``all`` alone) as text."""
    out = frame.copy()
    for column in columns:
        out[column] = pd.array(
            [SEPARATOR_JOIN.join(sorted(set(split_codes(v)))) or pd.NA for v in out[column]],
            dtype="string",
        )
    return out


SEPARATOR_JOIN = "|"


def _typed(
    raw: pd.DataFrame,
    *,
    text: Iterable[str],
    codes: Iterable[str] = (),
    dates: Iterable[str] = (),
    numbers: Iterable[str] = (),
) -> pd.DataFrame:
    out = _strings(raw, text)
    out = _codes(out, codes)
    out = _dates(out, dates)
    for column in numbers:
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return out.reset_index(drop=True)


def funding_programmes(raw_funding_programmes: pd.DataFrame) -> pd.DataFrame:
    """Return the validated funding programmes typed: dates as dates (``deadline`` empty for
    rolling calls), amounts as numbers, ``|`` lists normalised."""
    return _typed(
        raw_funding_programmes,
        text=["programme_id", "donor", "programme_en", "programme_ka", "currency", "link"],
        codes=[
            "eligible_member_types",
            "eligible_sizes",
            "eligible_regions",
            "dimensions",
            "items",
        ],
        dates=["opening_date", "deadline", "last_checked"],
        numbers=["amount_min", "amount_max"],
    ).sort_values("programme_id", ignore_index=True)


def service_providers(raw_service_providers: pd.DataFrame) -> pd.DataFrame:
    """Return the validated service providers typed (contacts kept: office table)."""
    return _typed(
        raw_service_providers,
        text=["provider_id", "name_en", "name_ka", "services_en", "services_ka",
              "certifications", "contact_person", "phone", "email", "website"],
        codes=["dimensions", "items", "languages", "regions"],
        dates=["last_checked"],
    ).sort_values("provider_id", ignore_index=True)  # fmt: skip


def experts(raw_experts: pd.DataFrame) -> pd.DataFrame:
    """Return the validated experts typed (phone and e-mail kept: office table)."""
    return _typed(
        raw_experts,
        text=["expert_id", "name_en", "name_ka", "expertise_en", "expertise_ka",
              "certifications", "region", "phone", "email"],
        codes=["dimensions", "items", "languages"],
        dates=["last_checked"],
    ).sort_values("expert_id", ignore_index=True)  # fmt: skip


def technology_providers(raw_technology_providers: pd.DataFrame) -> pd.DataFrame:
    """Return the validated technology providers typed."""
    return _typed(
        raw_technology_providers,
        text=["provider_id", "name", "country", "technologies_en", "technologies_ka",
              "website", "email"],
        codes=["dimensions", "items", "regions"],
        dates=["last_checked"],
    ).sort_values("provider_id", ignore_index=True)  # fmt: skip


def events(raw_events: pd.DataFrame) -> pd.DataFrame:
    """Return the validated events typed: ``end_date`` defaults to ``start_date`` (one-day
    event), ``priority`` as a boolean."""
    out = _typed(
        raw_events,
        text=["event_id", "title_en", "title_ka", "city", "country", "cluster_role", "link"],
        codes=["dimensions", "items"],
        dates=["start_date", "end_date", "last_checked"],
    )
    out["end_date"] = out["end_date"].fillna(out["start_date"])
    out["priority"] = raw_events["priority"].str.strip().eq("yes").to_numpy()
    return out.sort_values(["start_date", "event_id"], ignore_index=True)


def talent_pool(raw_talent_pool: pd.DataFrame) -> pd.DataFrame:
    """Return the validated talent pool typed (personal data: office only)."""
    return _typed(
        raw_talent_pool,
        text=["candidate_id", "full_name", "region", "phone", "email"],
        codes=["skills"],
        dates=["available_from", "consent_date", "last_checked"],
    ).sort_values("candidate_id", ignore_index=True)


def reference_date(*tables: pd.DataFrame, column: str = "last_checked") -> date:
    """Return the run's reference date: the latest ``last_checked`` date in the directory (so a
    rerun on the same data gives the same calendar, whatever the wall clock says)."""
    latest = [t[column].max() for t in tables if column in t.columns and len(t)]
    latest = [d for d in latest if pd.notna(d)]
    if not latest:
        raise ValueError("no directory record has a last_checked date")
    return pd.Timestamp(max(latest)).date()


def member_gaps(survey_capacity_long: pd.DataFrame, *, wave: str) -> pd.DataFrame:
    """Return one row per respondent and item of ``wave`` with ``critical`` (importance at least
    scale_max - 1 and capability at most 2: ``docs/directory.md#critical-gaps``) and the
    respondent's member type, size class and region. Office only: member level."""
    rows = survey_capacity_long[survey_capacity_long["wave"] == wave]
    importance = pd.to_numeric(rows["importance"]).astype("Float64")
    capability = pd.to_numeric(rows["capability"]).astype("Float64")
    critical = (importance >= rows["scale_max"] - 1) & (capability <= 2)
    out = rows[
        ["respondent_id", "wave", "item", "dimension", "member_type", "size_class", "region"]
    ].copy()
    out["critical"] = critical.fillna(False).astype(bool).to_numpy()
    return out.reset_index(drop=True)


def critical_gaps(
    needs_assessment: pd.DataFrame,
    survey_capacity_items: pd.DataFrame,
    member_gaps: pd.DataFrame,
    *,
    wave: str,
    threshold: float,
    min_cell: int,
) -> pd.DataFrame:
    """Return the critical gaps of ``wave``: items whose critical-gap share is at least
    ``threshold`` (published, not suppressed), with ``members_with_gap`` (respondents with the
    gap; NA and ``members_with_gap_suppressed`` when under ``min_cell``), sorted by share."""
    needs = needs_assessment[
        (needs_assessment["wave"] == wave) & ~needs_assessment["suppressed"].astype(bool)
    ]
    needs = needs[needs["critical_gap_share"].astype("Float64").fillna(0) >= threshold]
    labels = survey_capacity_items[["item", "dimension", "dimension_en", "dimension_ka"]]
    counts = (
        member_gaps[member_gaps["critical"]].groupby("item")["respondent_id"].nunique().rename("k")
    )
    out = needs[["wave", "item", "item_en", "item_ka", "n", "critical_gap_share"]].merge(
        labels, on="item", how="left"
    )
    k = out["item"].map(counts).fillna(0).astype("int64")
    out["members_with_gap_suppressed"] = (k < min_cell).to_numpy()
    out["members_with_gap"] = pd.array(k.where(k >= min_cell), dtype="Int64")
    out["critical_gap_share"] = out["critical_gap_share"].astype("Float64")
    columns = ["wave", "item", "item_en", "item_ka", "dimension", "dimension_en", "dimension_ka",
               "n", "critical_gap_share", "members_with_gap", "members_with_gap_suppressed"]  # fmt: skip
    return out[columns].sort_values(
        ["critical_gap_share", "item"], ascending=[False, True], ignore_index=True
    )


def _covers(codes: object, value: object) -> bool:
    listed = split_codes(codes)
    return listed == [ALL] or str(value) in listed


def _resources(
    funding_programmes: pd.DataFrame,
    service_providers: pd.DataFrame,
    experts: pd.DataFrame,
    technology_providers: pd.DataFrame,
    today: pd.Timestamp,
) -> pd.DataFrame:
    """Stack the open records of every kind in one frame with the columns the score needs."""
    open_ = (funding_programmes["opening_date"] <= today) & (
        funding_programmes["deadline"].isna() | (funding_programmes["deadline"] >= today)
    )
    fp = funding_programmes[open_]
    parts = [
        pd.DataFrame(
            {
                "resource_kind": "funding_programme",
                "resource_id": fp["programme_id"],
                "name_en": fp["programme_en"],
                "name_ka": fp["programme_ka"],
                "donor": fp["donor"],
                "items": fp["items"],
                "dimensions": fp["dimensions"],
                "member_types": fp["eligible_member_types"],
                "sizes": fp["eligible_sizes"],
                "regions": fp["eligible_regions"],
                "deadline": fp["deadline"],
            }
        )
    ]
    for kind, frame, id_col, en, ka, regions in (
        ("service_provider", service_providers, "provider_id", "name_en", "name_ka", "regions"),
        ("expert", experts, "expert_id", "name_en", "name_ka", None),
        ("technology_provider", technology_providers, "provider_id", "name", "name", "regions"),
    ):
        parts.append(
            pd.DataFrame(
                {
                    "resource_kind": kind,
                    "resource_id": frame[id_col],
                    "name_en": frame[en],
                    "name_ka": frame[ka],
                    "donor": pd.NA,
                    "items": frame["items"],
                    "dimensions": frame["dimensions"],
                    "member_types": ALL,
                    "sizes": ALL,
                    # experts advise members wherever they are; providers declare where they serve
                    "regions": frame[regions] if regions else ALL,
                    "deadline": pd.NaT,
                }
            )
        )
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    out["deadline"] = pd.to_datetime(out["deadline"]).astype("datetime64[s]")
    return out


def _eligible_share(resource: pd.Series, holders: pd.DataFrame) -> tuple[int, float]:
    if not len(holders):
        return 0, 0.0
    eligible = (
        holders["member_type"].map(lambda v: _covers(resource["member_types"], v))
        & holders["size_class"].map(lambda v: _covers(resource["sizes"], v))
        & holders["region"].map(lambda v: _covers(resource["regions"], v))
    )
    return int(eligible.sum()), float(eligible.mean())


def gap_matches(
    critical_gaps: pd.DataFrame,
    member_gaps: pd.DataFrame,
    funding_programmes: pd.DataFrame,
    service_providers: pd.DataFrame,
    experts: pd.DataFrame,
    technology_providers: pd.DataFrame,
    *,
    reference_date: date,
    weights: MatchWeights,
) -> pd.DataFrame:
    """Return each critical gap paired with the open records that address it, scored and ranked.

    A record addresses a gap when it names the gap's item (topic 1) or only its dimension
    (topic ``weights.dimension_match``), is open on ``reference_date`` (programmes: opened and
    deadline not passed; other records always) and at least one member with the gap is eligible
    (member type, size and region). ``score = topic x w_topic + eligible_share x w_eligibility +
    horizon x w_deadline`` with ``horizon = min(days to deadline / lead_days, 1)`` (1 without a
    deadline); ``rank`` is 1 for the best record of each kind per gap
    (``docs/directory.md#match-score``). Office only: ``eligible_members`` is member level.
    """
    today = pd.Timestamp(reference_date)
    resources = _resources(
        funding_programmes, service_providers, experts, technology_providers, today
    )
    holders_by_item = {
        item: group for item, group in member_gaps[member_gaps["critical"]].groupby("item")
    }
    rows = []
    for gap in critical_gaps.itertuples(index=False):
        holders = holders_by_item.get(gap.item, member_gaps.iloc[0:0])
        for resource in resources.to_dict("records"):
            if gap.item in split_codes(resource["items"]):
                topic = 1.0
            elif gap.dimension in split_codes(resource["dimensions"]):
                topic = weights.dimension_match
            else:
                continue
            eligible, share = _eligible_share(pd.Series(resource), holders)
            if eligible == 0:
                continue
            deadline = resource["deadline"]
            days = None if pd.isna(deadline) else int((deadline - today).days)
            horizon = 1.0 if days is None else min(days / weights.lead_days, 1.0)
            score = weights.topic * topic + weights.eligibility * share + weights.deadline * horizon
            rows.append(
                {
                    "wave": gap.wave,
                    "item": gap.item,
                    "dimension": gap.dimension,
                    "members_with_gap": gap.members_with_gap,
                    "members_with_gap_suppressed": gap.members_with_gap_suppressed,
                    "resource_kind": resource["resource_kind"],
                    "resource_id": resource["resource_id"],
                    "resource_name_en": resource["name_en"],
                    "resource_name_ka": resource["name_ka"],
                    "donor": resource["donor"],
                    "deadline": deadline,
                    "days_to_deadline": days,
                    "topic_match": topic,
                    "eligible_members": eligible,
                    "eligible_share": share,
                    "deadline_horizon": horizon,
                    "score": round(score, 6),
                }
            )
    return _ranked(pd.DataFrame(rows, columns=GAP_MATCH_COLUMNS))


GAP_MATCH_COLUMNS: list[str] = [
    "wave", "item", "dimension", "members_with_gap", "members_with_gap_suppressed",
    "resource_kind", "resource_id", "resource_name_en", "resource_name_ka", "donor", "deadline",
    "days_to_deadline", "topic_match", "eligible_members", "eligible_share", "deadline_horizon",
    "score",
]  # fmt: skip


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype(
        {
            "members_with_gap": "Int64",
            "members_with_gap_suppressed": "bool",
            "donor": "string",
            "days_to_deadline": "Int64",
            "eligible_members": "Int64",
            "topic_match": "float64",
            "eligible_share": "float64",
            "deadline_horizon": "float64",
            "score": "float64",
        }
    )
    out["deadline"] = pd.to_datetime(out["deadline"]).astype("datetime64[s]")
    # ties: the nearer deadline first (act on it sooner), then the id, so the order is stable
    out = out.sort_values(
        ["item", "resource_kind", "score", "deadline", "resource_id"],
        ascending=[True, True, False, True, True],
        na_position="last",
        ignore_index=True,
    )
    out["rank"] = pd.array(
        out.groupby(["item", "resource_kind"]).cumcount().to_numpy() + 1, dtype="Int64"
    )
    return out


def calendar(
    funding_programmes: pd.DataFrame,
    events: pd.DataFrame,
    *,
    reference_date: date,
    horizon_days: int,
) -> pd.DataFrame:
    """Return the deadlines and events from ``reference_date`` to ``horizon_days`` later, one row
    per entry (``kind`` deadline or event) sorted by date: an event is listed when any of its days
    falls in the window."""
    start = pd.Timestamp(reference_date)
    end = start + pd.Timedelta(days=horizon_days)
    due = funding_programmes[
        funding_programmes["deadline"].notna()
        & (funding_programmes["deadline"] >= start)
        & (funding_programmes["deadline"] <= end)
    ]
    deadlines = pd.DataFrame(
        {
            "date": due["deadline"],
            "end_date": due["deadline"],
            "kind": "deadline",
            "record_id": due["programme_id"],
            "title_en": "Deadline: " + due["programme_en"] + " (" + due["donor"] + ")",
            "title_ka": "ბოლო ვადა: " + due["programme_ka"] + " (" + due["donor"] + ")",
            "place": pd.NA,
            "priority": pd.NA,
            "cluster_role": pd.NA,
            "link": due["link"],
        }
    )
    on = events[(events["start_date"] <= end) & (events["end_date"] >= start)]
    listed = pd.DataFrame(
        {
            "date": on["start_date"],
            "end_date": on["end_date"],
            "kind": "event",
            "record_id": on["event_id"],
            "title_en": on["title_en"],
            "title_ka": on["title_ka"],
            "place": on["city"] + ", " + on["country"],
            "priority": on["priority"],
            "cluster_role": on["cluster_role"],
            "link": on["link"],
        }
    )
    out = pd.concat([p for p in (deadlines, listed) if len(p)] or [deadlines], ignore_index=True)
    out = out.astype(
        {
            "kind": "string",
            "record_id": "string",
            "title_en": "string",
            "title_ka": "string",
            "place": "string",
            "priority": "boolean",
            "cluster_role": "string",
            "link": "string",
        }
    )
    for column in ("date", "end_date"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[s]")
    out["days_from_reference"] = pd.array((out["date"] - start).dt.days.to_numpy(), dtype="Int64")
    return out.sort_values(["date", "kind", "record_id"], ignore_index=True)


def gap_coverage(
    critical_gaps: pd.DataFrame, gap_matches: pd.DataFrame, member_gaps: pd.DataFrame
) -> pd.DataFrame:
    """Return one row per critical gap: the wave's respondents, members with the gap (as
    suppressed in ``critical_gaps``), how many open programmes address it (``open_programmes``),
    how many providers and experts (``providers_and_experts``) and the nearest deadline among
    those programmes. Donor view: no member-level column."""
    programmes = gap_matches[gap_matches["resource_kind"] == "funding_programme"]
    others = gap_matches[gap_matches["resource_kind"] != "funding_programme"]
    out = critical_gaps[
        ["wave", "item", "item_en", "item_ka", "dimension", "dimension_en", "dimension_ka",
         "n", "critical_gap_share", "members_with_gap", "members_with_gap_suppressed"]
    ].copy()  # fmt: skip
    out.insert(7, "respondents", int(member_gaps["respondent_id"].nunique()))
    counts = pd.DataFrame(
        {
            "open_programmes": programmes.groupby("item").size(),
            "providers_and_experts": others.groupby("item").size(),
            "nearest_deadline": programmes.groupby("item")["deadline"].min(),
        },
        index=pd.Index(out["item"].unique(), name="item"),
    )
    out = out.merge(counts, left_on="item", right_index=True, how="left")
    out[["open_programmes", "providers_and_experts"]] = (
        out[["open_programmes", "providers_and_experts"]].fillna(0).astype("int64")
    )
    out["nearest_deadline"] = pd.to_datetime(out["nearest_deadline"]).astype("datetime64[s]")
    return out.reset_index(drop=True)


def gap_matches_members(gap_matches: pd.DataFrame, critical_gaps: pd.DataFrame) -> pd.DataFrame:
    """Return the members' view of ``gap_matches``: the gap (with its labels and the suppressed
    count), the record, donor, deadline and rank, without the member-level eligibility count and
    score components (from which small groups of members could be inferred)."""
    labels = critical_gaps[["item", "item_en", "item_ka"]]
    out = gap_matches.merge(labels, on="item", how="left")
    columns = ["item", "item_en", "item_ka", "dimension", "members_with_gap", "resource_kind",
               "resource_id", "resource_name_en", "resource_name_ka", "donor", "deadline", "rank"]  # fmt: skip
    return out[columns].reset_index(drop=True)


def without_contacts(frame: pd.DataFrame, contacts: Iterable[str]) -> pd.DataFrame:
    """Return ``frame`` without its personal-contact columns (for the members' workbook)."""
    drop = [c for c in contacts if c in frame.columns]
    return frame.drop(columns=drop)


__all__ = [
    "RESOURCE_KINDS",
    "MatchWeights",
    "calendar",
    "critical_gaps",
    "events",
    "experts",
    "funding_programmes",
    "gap_coverage",
    "gap_matches",
    "gap_matches_members",
    "member_gaps",
    "reference_date",
    "service_providers",
    "talent_pool",
    "technology_providers",
    "without_contacts",
]
