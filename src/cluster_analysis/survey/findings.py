"""Turn survey scoring outputs into bilingual :class:`~cluster_analysis.outputs.Finding` sentences.

Every sentence carries its number, its base n, its interval (or test), the wave and, through the
Finding, the source. A suppressed row (n below the disclosure threshold) or a row with a missing
statistic never produces a sentence. Percentages are rounded to whole numbers, MWDS to 2 decimals.
If the scoring frame has ``by`` group columns, each sentence names its group in brackets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from cluster_analysis.numbers import period_labels
from cluster_analysis.outputs import Audience, Finding, Text, pick, text

if TYPE_CHECKING:
    from cluster_analysis.survey.tables import WaveChange, WaveScores

__all__ = [
    "critical_gap_findings",
    "gap_status_findings",
    "mwds_findings",
    "response_rate_finding",
    "survey_findings",
    "wave_change_findings",
]

DOMAIN = "survey"
ItemLabels = Mapping[str, Text] | None


def _label(item: object, item_labels: ItemLabels, lang: str) -> str:
    key = str(item)
    if item_labels and key in item_labels:
        return pick(item_labels[key], lang) or key
    return key


def _wave_label(wave: str | Text) -> Text:
    """The wave's period in both languages: a bilingual value as given, a plain period (as in
    waves.csv) with its Georgian label from :func:`cluster_analysis.numbers.period_labels`. A
    Georgian sentence names it after a colon ("გამოკითხვის ტალღა: 2025 წლის II ნახევარი"), so no
    case ending is ever glued onto a label a user wrote."""
    return dict(wave) if isinstance(wave, dict) else period_labels(str(wave))


def _present(value: Any) -> bool:
    return value is not None and not pd.isna(value) and bool(str(value).strip())


def _known_wave(wave: Any, wave_periods: Mapping[str, str | Text] | None) -> Text | None:
    """The wave's period label when ``wave_periods`` knows the wave, else its id in both
    languages (Georgian: "ტალღა 2027-2"), or None for a blank value."""
    if not _present(wave):
        return None
    known = (wave_periods or {}).get(str(wave))
    if known is not None:
        return _wave_label(known)
    return text(str(wave), f"ტალღა {wave}")


def _pct(value: Any) -> str:
    return f"{round(float(value) * 100):d}"


def _p_value(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def _usable(frame: pd.DataFrame, needed: list[str]) -> pd.DataFrame:
    """Rows that are not suppressed and have every needed statistic."""
    keep = pd.Series(True, index=frame.index)
    if "suppressed" in frame.columns:
        keep &= ~frame["suppressed"].astype(bool)
    for col in needed:
        keep &= frame[col].notna()
    return frame[keep]


def _group_suffix(frame: pd.DataFrame, row: pd.Series) -> Text:
    """ " [member_type: producer]" for grouped frames, empty otherwise."""
    if "item" not in frame.columns:
        return text("", "")
    cols = list(frame.columns[: frame.columns.get_loc("item")])
    if not cols:
        return text("", "")
    inner = ", ".join(f"{c}: {row[c]}" for c in cols)
    return text(f" [{inner}]", f" [{inner}]")


_METRIC_NAMES: dict[str, Text] = {
    "critical_gap_share": text(
        "Share of members with a critical gap", "კრიტიკული ხარვეზის მქონე წევრების წილი"
    ),
    "mwds": text("Borich weighted gap score (MWDS)", "ბორიჩის შეწონილი სხვაობის ქულა (MWDS)"),
    "gap_mean": text("Mean gap", "საშუალო ხარვეზი"),
    "capability_mean": text("Mean capability", "საშუალო შესაძლებლობა"),
    "top2_share": text("Top-2-box share", "ზედა ორი კატეგორიის წილი"),
    "bottom2_share": text("Bottom-2-box share", "ქვედა ორი კატეგორიის წილი"),
    "net": text("Net score", "ნეტო ქულა"),
}


def _ordinal_en(k: int) -> str:
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _ordinal_ka(k: int) -> str:
    return "პირველ" if k == 1 else f"მე-{k}"


def _top_ka(k: int) -> str:
    return "პირველ სამეულში" if k == 3 else f"პირველ {k} ადგილს შორის"


def critical_gap_findings(
    scores: pd.DataFrame,
    *,
    wave: str | Text,
    source: Text,
    item_labels: ItemLabels = None,
    top: int = 3,
    audience: Audience = "donors",
    census: bool = False,
    confidence: float = 0.95,
) -> list[Finding]:
    """Sentences on the items with the largest critical-gap share (from :func:`needs_assessment`).

    At most ``top`` items per frame (largest share first; unsuppressed, share above 0), e.g. "38% of the 45
    responding members (95% CI 26–52%) rate Export marketing as important but their capability as
    weak (wave 2026-1)." The Finding's ``n`` is the item's n, ``period`` the wave. With ``census``
    (every member answered; docs/methods.md#intervals-weights-small-populations) the sentence has no interval and says why.
    """
    w = _wave_label(wave)
    needed = (
        ["critical_gap_share"]
        if census
        else [
            "critical_gap_share",
            "critical_gap_low",
            "critical_gap_high",
        ]
    )
    rows = _usable(scores, needed)
    rows = rows[rows["critical_gap_share"] > 0].sort_values(
        ["critical_gap_share", "item"], ascending=[False, True], kind="stable"
    )
    level = f"{confidence:.0%}"
    findings = []
    for _, row in rows.head(top).iterrows():
        n = int(row["n"])
        share = _pct(row["critical_gap_share"])
        group = _group_suffix(scores, row)
        if census:
            en = (
                f"{share}% of the {n} members (every member answered, so no interval: there is "
                f"no sampling error) rate {_label(row['item'], item_labels, 'en')} as important "
                f"but their capability as weak{group['en']} (wave {w['en']})."
            )
            ka = (
                f"{n} წევრიდან {share}% (უპასუხა ყველა წევრმა, ამიტომ ინტერვალი არ არის "
                f"მითითებული: შერჩევის ცდომილება არ არსებობს) საკითხს „"
                f"{_label(row['item'], item_labels, 'ka')}“ მნიშვნელოვნად მიიჩნევს, თუმცა ამ "
                f"მიმართულებით საკუთარ შესაძლებლობას სუსტად აფასებს{group['ka']} "
                f"(გამოკითხვის ტალღა: {w['ka']})."
            )
            findings.append(
                Finding(
                    DOMAIN, text(en, ka), n, w["en"], source, audience=audience, period_ka=w["ka"]
                )
            )
            continue
        low, high = _pct(row["critical_gap_low"]), _pct(row["critical_gap_high"])
        en = (
            f"{share}% of the {n} responding members ({level} CI {low}–{high}%) rate "
            f"{_label(row['item'], item_labels, 'en')} as important but their capability as weak"
            f"{group['en']} (wave {w['en']})."
        )
        ka = (
            f"გამოკითხვაში მონაწილე {n} წევრიდან {share}% ({level}-იანი სანდოობის ინტერვალი: "
            f"{low}–{high}%) საკითხს „{_label(row['item'], item_labels, 'ka')}“ მნიშვნელოვნად "
            f"მიიჩნევს, თუმცა ამ მიმართულებით საკუთარ შესაძლებლობას სუსტად აფასებს{group['ka']} "
            f"(გამოკითხვის ტალღა: {w['ka']})."
        )
        findings.append(
            Finding(DOMAIN, text(en, ka), n, w["en"], source, audience=audience, period_ka=w["ka"])
        )
    return findings


def mwds_findings(
    scores: pd.DataFrame,
    *,
    wave: str | Text,
    source: Text,
    item_labels: ItemLabels = None,
    top: int = 3,
    audience: Audience = "donors",
    census: bool = False,
    confidence: float = 0.95,
    top_k: int = 3,
    n_boot: int | None = None,
) -> list[Finding]:
    """Sentences on the top-ranked items by Borich MWDS (from :func:`bootstrap_mwds`).

    Uses ``rank`` (1 = largest MWDS), the bootstrap interval ``mwds_low``/``mwds_high`` and
    ``prob_top_k``; items without an interval produce no sentence. E.g. "Export marketing ranks
    1st of 20 capacity needs by Borich's weighted gap score (MWDS 4.20, 95% bootstrap interval
    3.10–5.30); it is in the top 3 in 87% of 2000 resamples (n = 45 members, wave 2026-1)."
    With ``census`` (every member answered) the sentence gives the MWDS and rank without an
    interval or probability and says why (docs/methods.md#intervals-weights-small-populations).
    """
    w = _wave_label(wave)
    needed = ["mwds", "rank"] if census else ["mwds", "mwds_low", "mwds_high", "rank", "prob_top_k"]
    rows = _usable(scores, needed)
    level = f"{confidence:.0%}"
    group_cols = list(scores.columns[: scores.columns.get_loc("item")])
    ranked_counts = (
        rows.groupby(group_cols, dropna=False)["item"].transform("size")
        if group_cols
        else pd.Series(len(rows), index=rows.index)
    )
    findings = []
    chosen = rows[rows["rank"].astype(int) <= top].sort_values(
        [*group_cols, "rank", "item"], kind="stable"
    )
    for idx, row in chosen.iterrows():
        n, rank, total = int(row["n"]), int(row["rank"]), int(ranked_counts[idx])
        group = _group_suffix(scores, row)
        if census:
            mwds = f"{float(row['mwds']):.2f}"
            en = (
                f"{_label(row['item'], item_labels, 'en')} ranks {_ordinal_en(rank)} of {total} "
                f"capacity needs by Borich's weighted gap score (MWDS {mwds}; every member "
                f"answered, so no interval){group['en']} (n = {n} members, wave {w['en']})."
            )
            ka = (
                f"ბორიჩის შეწონილი სხვაობის ქულით საკითხი „{_label(row['item'], item_labels, 'ka')}“ "
                f"{total} საჭიროებას შორის {_ordinal_ka(rank)} ადგილზეა (MWDS {mwds}; უპასუხა "
                f"ყველა წევრმა, ამიტომ ინტერვალი არ არის მითითებული){group['ka']} (n = {n} წევრი, "
                f"გამოკითხვის ტალღა: {w['ka']})."
            )
            findings.append(
                Finding(
                    DOMAIN, text(en, ka), n, w["en"], source, audience=audience, period_ka=w["ka"]
                )
            )
            continue
        mwds, low, high = (f"{float(row[c]):.2f}" for c in ("mwds", "mwds_low", "mwds_high"))
        prob = _pct(row["prob_top_k"])
        resamples_en = f" of {n_boot} resamples" if n_boot else " of bootstrap resamples"
        resamples_ka = (
            f"{n_boot} ბუტსტრეპ ხელახალი შერჩევიდან" if n_boot else "ბუტსტრეპ ხელახალი შერჩევების"
        )
        en = (
            f"{_label(row['item'], item_labels, 'en')} ranks {_ordinal_en(rank)} of {total} "
            f"capacity needs by Borich's weighted gap score (MWDS {mwds}, {level} bootstrap "
            f"interval {low}–{high}); it is in the top {top_k} in {prob}%{resamples_en}"
            f"{group['en']} (n = {n} members, wave {w['en']})."
        )
        ka = (
            f"ბორიჩის შეწონილი სხვაობის ქულით საკითხი „{_label(row['item'], item_labels, 'ka')}“ "
            f"{total} საჭიროებას შორის {_ordinal_ka(rank)} ადგილზეა (MWDS {mwds}, {level}-იანი "
            f"ბუტსტრეპ ინტერვალი: {low}–{high}); {resamples_ka} {prob}%-ში ის {_top_ka(top_k)} "
            f"ხვდება{group['ka']} (n = {n} წევრი, გამოკითხვის ტალღა: {w['ka']})."
        )
        findings.append(
            Finding(DOMAIN, text(en, ka), n, w["en"], source, audience=audience, period_ka=w["ka"])
        )
    return findings


def wave_change_findings(
    change: pd.DataFrame,
    *,
    source: Text,
    item_labels: ItemLabels = None,
    top: int = 3,
    audience: Audience = "donors",
    wave_labels: tuple[str | Text, str | Text] = ("1", "2"),
) -> list[Finding]:
    """Sentences on the largest changes in critical-gap share between two waves.

    Takes :func:`wave_change` output; picks up to ``top`` unsuppressed items with the largest
    absolute change, e.g. "Among the 30 members who answered both waves, the share with a
    critical gap in Export marketing fell from 40% (2025-1) to 23% (2026-1) (McNemar exact test,
    p = 0.07)." Wave names come from ``wave_labels`` (periods, or bilingual labels); ``period`` is
    the second wave.
    """
    needed = ["critical_gap_share_before", "critical_gap_share_after", "mcnemar_p"]
    rows = _usable(change, needed).copy()
    before, after = (_wave_label(w) for w in wave_labels)
    rows["_size"] = (
        rows["critical_gap_share_after"].astype(float)
        - rows["critical_gap_share_before"].astype(float)
    ).abs()
    rows = rows.sort_values(["_size", "item"], ascending=[False, True], kind="stable")
    findings = []
    for _, row in rows.head(top).iterrows():
        n = int(row["n_pairs"])
        a, b = _pct(row["critical_gap_share_before"]), _pct(row["critical_gap_share_after"])
        p = float(row["mcnemar_p"])
        exact = bool(row.get("mcnemar_exact", False)) is True
        test_en = f"McNemar {'exact ' if exact else ''}test, {_p_value(p)}"
        test_ka = f"მაკნემარის {'ზუსტი ' if exact else ''}ტესტი, {_p_value(p)}"
        label_en = _label(row["item"], item_labels, "en")
        label_ka = _label(row["item"], item_labels, "ka")
        if a == b:
            en = (
                f"Among the {n} members who answered both waves, the share with a critical gap in "
                f"{label_en} did not change: {a}% ({before['en']}) and {b}% ({after['en']}) ({test_en})."
            )
            ka = (
                f"ორივე ტალღაში მონაწილე {n} წევრს შორის საკითხში „{label_ka}“ კრიტიკული "
                f"ხარვეზის მქონეთა წილი არ შეცვლილა: {a}% ({before['ka']}) და {b}% ({after['ka']}) ({test_ka})."
            )
        else:
            fell = float(row["critical_gap_share_after"]) < float(row["critical_gap_share_before"])
            en = (
                f"Among the {n} members who answered both waves, the share with a critical gap in "
                f"{label_en} {'fell' if fell else 'rose'} from {a}% ({before['en']}) to {b}% ({after['en']}) "
                f"({test_en})."
            )
            ka = (
                f"ორივე ტალღაში მონაწილე {n} წევრს შორის საკითხში „{label_ka}“ კრიტიკული "
                f"ხარვეზის მქონეთა წილი {a}%-დან ({before['ka']}) {b}%-მდე ({after['ka']}) "
                f"{'შემცირდა' if fell else 'გაიზარდა'} ({test_ka})."
            )
        findings.append(
            Finding(
                DOMAIN,
                text(en, ka),
                n,
                after["en"],
                source,
                audience=audience,
                period_ka=after["ka"],
            )
        )
    return findings


def gap_status_findings(
    status: pd.DataFrame,
    *,
    wave: str | Text,
    source: Text,
    item_labels: ItemLabels = None,
    audience: Audience = "donors",
    wave_periods: Mapping[str, str | Text] | None = None,
) -> list[Finding]:
    """One sentence per item and metric from :func:`gap_status`; rows with ``no_data`` are skipped.

    E.g. "Share of members with a critical gap for Export marketing: closed (current 12%, target
    15%, baseline 20%; wave 2026-1)." Shares are shown in %, other metrics with 2 decimals.
    ``wave_periods`` maps wave ids to their periods: a baseline or target wave it knows is named
    by its period ("by 2026 H2"), any other by its id. The Georgian sentence names them after a
    word and a colon ("ვადა: 2026 წლის II ნახევარი"), never with a case ending glued on.
    """
    w = _wave_label(wave)
    findings = []
    rows = status[(status["status"] != "no_data") & status["current"].notna()]
    for _, row in rows.iterrows():
        metric = str(row["metric"])
        is_share = metric.endswith("share")

        def fmt(value: Any, is_share: bool = is_share) -> str:
            if value is None or pd.isna(value):
                return ""
            return f"{_pct(value)}%" if is_share else f"{float(value):.2f}"

        label_en = _label(row["item"], item_labels, "en")
        label_ka = _label(row["item"], item_labels, "ka")
        status_en = str(row.get("status_en", row["status"]))
        status_ka = str(row.get("status_ka", row["status"]))
        base = row.get("baseline")
        has_base = base is not None and not (isinstance(base, float) and math.isnan(base))
        has_base = has_base and not pd.isna(base)
        base_en = f", baseline {fmt(base)}" if has_base else ""
        base_ka = f", საბაზისო {fmt(base)}" if has_base else ""
        name = _METRIC_NAMES.get(metric, text(metric, metric))
        n = row.get("n")
        n = None if n is None or pd.isna(n) else int(n)
        n_en = f"n = {n} members, " if n is not None else ""
        n_ka = f"n = {n} წევრი, " if n is not None else ""
        base_wave = _known_wave(row.get("baseline_wave"), wave_periods)
        if base_wave is None and _present(row.get("baseline_period")):
            base_wave = period_labels(str(row["baseline_period"]))
        if has_base and base_wave is not None:
            base_en += f" in {base_wave['en']}"
            base_ka += f" ({base_wave['ka']})"
        target_wave = _known_wave(row.get("target_wave"), wave_periods)
        by_en = by_ka = ""
        if target_wave is not None:
            by_en, by_ka = f" by {target_wave['en']}", f", ვადა: {target_wave['ka']}"
        en = (
            f"{name['en']} for {label_en}: {status_en} (current {fmt(row['current'])}, target "
            f"{fmt(row['target'])}{by_en}{base_en}; {n_en}wave {w['en']})."
        )
        ka = (
            f"{name['ka']}, საკითხი „{label_ka}“: {status_ka} (მიმდინარე {fmt(row['current'])}, "
            f"მიზნობრივი {fmt(row['target'])}{by_ka}{base_ka}; {n_ka}გამოკითხვის ტალღა: {w['ka']})."
        )
        findings.append(
            Finding(DOMAIN, text(en, ka), n, w["en"], source, audience=audience, period_ka=w["ka"])
        )
    return findings


def response_rate_finding(
    n_respondents: int,
    n_members: int,
    *,
    wave: str | Text,
    source: Text,
    audience: Audience = "donors",
) -> Finding:
    """One sentence on the response rate of a wave, e.g. "46 of the 60
    member firms answered the survey (77%, wave 2025 H2); results are weighted by member type and
    size to correct for non-response." A census (every member answered) says there is no sampling
    error, so shares are reported without intervals
    (docs/methods.md#intervals-weights-small-populations)."""
    w = _wave_label(wave)
    if n_members <= 0:
        raise ValueError(f"n_members must be positive, got {n_members}")
    rate = _pct(n_respondents / n_members)
    if n_respondents == n_members:
        en = (
            f"All {n_members} member firms answered the survey (wave {w['en']}): a census, so "
            "results have no sampling error and are reported without confidence intervals."
        )
        ka = (
            f"გამოკითხვას უპასუხა ყველა {n_members} წევრმა კომპანიამ (გამოკითხვის ტალღა: {w['ka']}): "
            "ეს სრული აღწერაა, ამიტომ შედეგებს შერჩევის ცდომილება არ აქვს და სანდოობის "
            "ინტერვალების გარეშე არის მოცემული."
        )
    else:
        en = (
            f"{n_respondents} of the {n_members} member firms answered the survey ({rate}%, wave "
            f"{w['en']}); results are weighted by member type and size to correct for non-response."
        )
        ka = (
            f"გამოკითხვას {n_members} წევრი კომპანიიდან {n_respondents}-მა უპასუხა ({rate}%, "
            f"გამოკითხვის ტალღა: {w['ka']}); პასუხის არგაცემის გავლენის გამოსასწორებლად შედეგები "
            "შეწონილია წევრის ტიპისა და ზომის მიხედვით."
        )
    return Finding(
        DOMAIN, text(en, ka), n_respondents, w["en"], source, audience=audience, period_ka=w["ka"]
    )


def survey_findings(
    scored_waves: Sequence[WaveScores],
    wave_change: WaveChange | None,
    gap_status: pd.DataFrame,
    *,
    source: Text,
    item_labels: ItemLabels,
    n_boot: int,
) -> list[Finding]:
    """The survey's sentences for the brief (all for donors): the response of every wave (out of
    the members of its frame, docs/methods.md#the-frame-of-a-wave), the top MWDS need and the two largest critical-gap shares of the latest wave, the two largest
    changes between the last two waves, and the status of every declared target."""
    audience: Audience = "donors"
    out = [
        response_rate_finding(s.n, s.n_members, wave=s.wave.label, source=source, audience=audience)
        for s in scored_waves
    ]
    if not scored_waves:
        return out
    latest = scored_waves[-1]
    period = latest.wave.label
    out += mwds_findings(
        latest.boot,
        wave=period,
        source=source,
        item_labels=item_labels,
        top=1,
        census=latest.census,
        n_boot=n_boot,
        audience=audience,
    )
    out += critical_gap_findings(
        latest.scores,
        wave=period,
        source=source,
        item_labels=item_labels,
        top=2,
        census=latest.census,
        audience=audience,
    )
    if wave_change is not None:
        out += wave_change_findings(
            wave_change.change,
            source=source,
            item_labels=item_labels,
            top=2,
            wave_labels=(wave_change.before.label, wave_change.after.label),
            audience=audience,
        )
    if len(gap_status):
        out += gap_status_findings(
            gap_status,
            wave=period,
            source=source,
            item_labels=item_labels,
            audience=audience,
            wave_periods={s.wave.wave: s.wave.label for s in scored_waves},
        )
    return out
