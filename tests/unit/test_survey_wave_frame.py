"""The frame of a survey wave (docs/methods.md#the-frame-of-a-wave): the members on the register at
the end of the wave's year, plus its respondents, give every N of the wave. Checked against an
oracle written here with ``datetime.date`` and exact fractions: N per wave, the response rates,
the non-response weights N_h / n_h, the finite-population effective n and the bootstrap's N."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from cluster_analysis.config import get_paths
from cluster_analysis.pipeline import make_context
from cluster_analysis.survey import notes, pipeline, scoring, tables
from cluster_analysis.survey.register import wave_frame

# (id, member type, joined, left)
MEMBERS = [
    ("A1", "packaging_maker", "2020-01-01", None),
    ("A2", "packaging_maker", "2020-01-01", None),
    ("A3", "packaging_maker", "2021-04-01", None),
    ("A4", "packaging_maker", "2026-03-01", None),  # joins in 2026
    ("A5", "packaging_maker", "2019-01-01", "2025-06-30"),  # left in 2025, yet answers 2025-2
    ("A6", "packaging_maker", "2025-12-31", None),  # joins on the last day of 2025
    ("B1", "packaging_user", "2019-01-01", None),
    ("B2", "packaging_user", "2019-01-01", None),
    ("B3", "packaging_user", "2019-01-01", None),
    ("B4", "packaging_user", "2019-01-01", "2026-10-01"),  # leaves in 2026
    ("B5", "packaging_user", "2020-01-01", "2025-12-31"),  # leaves on the last day of 2025
    ("B6", "packaging_user", "2026-01-01", None),
    ("B7", "packaging_user", "2019-01-01", None),
    ("B8", "packaging_user", "2026-06-01", None),
]
ANSWERED = {
    "2025-2": ["A1", "A2", "A3", "A5", "B1", "B2", "B3"],
    "2026-2": ["A1", "A2", "A4", "B1", "B2", "B6", "B7"],
}
WAVES = [tables.Wave("2025-2", "2025 H2"), tables.Wave("2026-2", "2026 H2")]


def _register() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "member_id": [m[0] for m in MEMBERS],
            "member_type": [m[1] for m in MEMBERS],
            "size_class": "small",
            "joined": [m[2] for m in MEMBERS],
            "left": [m[3] for m in MEMBERS],
        }
    )


def _responses() -> pd.DataFrame:
    rows = [(wave, member) for wave, ids in ANSWERED.items() for member in ids]
    return pd.DataFrame(rows, columns=["wave", "member_id"])


def _oracle_frame(year: int, answered: list[str]) -> dict[str, str]:
    """{id: member type} of the members a wave of ``year`` is drawn from, by hand."""
    end = dt.date(year, 12, 31)
    out = {}
    for member, kind, joined, left in MEMBERS:
        on_register = dt.date.fromisoformat(joined) <= end and (
            left is None or dt.date.fromisoformat(left) > end
        )
        if on_register or member in answered:
            out[member] = kind
    return out


ORACLE = {wave: _oracle_frame(int(wave[:4]), ids) for wave, ids in ANSWERED.items()}


def test_the_oracle_frames_are_the_ones_worked_out_by_hand() -> None:
    # 2025: A1 A2 A3 A6 B1 B2 B3 B4 B7 on the register, A5 answered; 2026: A1-A4 A6 B1-B3 B6-B8
    assert sorted(ORACLE["2025-2"]) == ["A1", "A2", "A3", "A5", "A6", "B1", "B2", "B3", "B4", "B7"]
    assert sorted(ORACLE["2026-2"]) == sorted(
        ["A1", "A2", "A3", "A4", "A6", "B1", "B2", "B3", "B6", "B7", "B8"]
    )


@pytest.mark.parametrize("wave", list(ANSWERED))
def test_the_frame_is_the_register_at_the_end_of_the_year_and_the_respondents(wave: str) -> None:
    frame = wave_frame(_register(), wave, ANSWERED[wave])
    assert frame.dated and frame.year == int(wave[:4])
    assert set(frame.register["member_id"]) == set(ORACLE[wave])
    assert frame.size == len(ORACLE[wave])  # 10 in 2025, 11 in 2026, not the 14 on the register
    expected = pd.Series(ORACLE[wave]).value_counts().to_dict()
    assert frame.population() == {**expected, "All": len(ORACLE[wave])}


def test_response_rates_and_weights_per_wave_are_exact_fractions() -> None:
    register, responses = _register(), _responses()
    rates = tables.response_rates(register, responses, WAVES)
    weights = tables.respondent_weights(register, responses, WAVES)
    assert rates is not None and weights is not None
    for wave, ids in ANSWERED.items():
        part = rates[rates["wave"] == wave]
        big_n = int(part["N_h"].sum())
        assert big_n == len(ORACLE[wave])
        assert Fraction(int(part["n_h"].sum()), big_n) == Fraction(len(ids), len(ORACLE[wave]))
        # brute force: w = members of the class in the frame / respondents of the class
        kinds = pd.Series(ORACLE[wave])
        got = weights[weights["wave"] == wave].set_index("respondent_id")["weight"]
        assert sorted(got.index) == sorted(ids)
        for member in ids:
            kind = ORACLE[wave][member]
            n_class = sum(ORACLE[wave][m] == kind for m in ids)
            expected = Fraction(int((kinds == kind).sum()), n_class)
            assert got[member] == pytest.approx(float(expected), rel=1e-12)
    # 2025-2: 7 of 10 (A5 counted although the dates say gone); 2026-2: 7 of 11
    totals = rates.groupby("wave")[["N_h", "n_h"]].sum()
    assert totals.loc["2025-2"].tolist() == [10, 7] and totals.loc["2026-2"].tolist() == [11, 7]


class StubForm:
    """The look-up the scorers need from a Form: one capacity item, no multi-select questions."""

    def capacity_items(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "item": ["finance"],
                "dimension": ["access"],
                "scale_max": [5],
                "label_en": ["Access to finance"],
                "label_ka": ["ფინანსებზე ხელმისაწვდომობა"],
                "dimension_en": ["Access"],
                "dimension_ka": ["ხელმისაწვდომობა"],
            }
        )

    def select_multiple(self) -> dict[str, list[str]]:
        return {}


#: Respondents of each wave with a critical gap on finance (importance 5, capability 1).
CRITICAL = {"2025-2": {"A1", "A5", "B1"}, "2026-2": {"A1", "A2", "A4", "B6"}}


def _long(answered: dict[str, list[str]]) -> pd.DataFrame:
    kind = {m[0]: m[1] for m in MEMBERS}
    rows = []
    for wave, ids in answered.items():
        for member in ids:
            gap = member in CRITICAL.get(wave, set())
            rows.append((wave, member, kind[member], 5 if gap else 4, 1 if gap else 4))
    frame = pd.DataFrame(
        rows, columns=["wave", "respondent_id", "member_type", "importance", "capability"]
    )
    return frame.assign(
        item="finance",
        dimension="access",
        importance=frame["importance"].astype("Int64"),
        capability=frame["capability"].astype("Int64"),
        weight=1.0,  # Kish's n_eff = n, so n' is the formula's
        importance_dont_know=False,
        capability_dont_know=False,
    )


PARAMS = tables.ScoringParams(scale_max=5, min_cell=3, seed=7, n_boot=1000)


def _wilson_at(hits: int, n: int, big_n: int) -> tuple[float, float]:
    """Wilson at n' = (n - 1) / (1 - n/N), worked out with fractions (methods: a census with
    non-response)."""
    n_prime = Fraction(n - 1) / (1 - Fraction(n, big_n))
    low, high = proportion_confint(
        float(Fraction(hits, n) * n_prime), float(n_prime), alpha=0.05, method="wilson"
    )
    return float(low), float(high)


def test_the_finite_population_corrections_use_each_wave_frame() -> None:
    scored = tables.scored_waves(
        _long(ANSWERED), _responses(), _register(), StubForm(), WAVES, PARAMS
    )
    assert [s.wave.wave for s in scored] == list(ANSWERED)
    for s in scored:
        wave, ids = s.wave.wave, ANSWERED[s.wave.wave]
        assert s.n_members == len(ORACLE[wave]) and not s.census
        row = s.scores.set_index("item").loc["finance"]
        expected = _wilson_at(len(CRITICAL[wave]), len(ids), len(ORACLE[wave]))
        got = (float(row["critical_gap_low"]), float(row["critical_gap_high"]))
        assert got == pytest.approx(expected, abs=1e-12)
        # by member type: N of the type in the frame
        _check_member_types(s.by_type.set_index(["member_type", "item"]), "finance", wave)


def _check_member_types(cells: pd.DataFrame, key: str, wave: str) -> None:
    """Each member type's critical-gap interval is Wilson at the type's n' (N: the type's members
    in the wave's frame)."""
    ids = ANSWERED[wave]
    for kind in ("packaging_maker", "packaging_user"):
        n = sum(ORACLE[wave][m] == kind for m in ids)
        hits = sum(ORACLE[wave][m] == kind for m in CRITICAL[wave])
        big_n = sum(k == kind for k in ORACLE[wave].values())
        cell = cells.loc[(kind, key)]
        got = (float(cell["critical_gap_low"]), float(cell["critical_gap_high"]))
        assert got == pytest.approx(_wilson_at(hits, n, big_n), abs=1e-12), (wave, kind)


def test_dimensions_box_scores_and_shares_carry_the_same_corrections() -> None:
    # one item in one dimension: the dimension's critical gap is the item's; the capability
    # question's bottom-2 box (answer 1) counts the same members, its top-2 box the others
    scored = tables.scored_waves(
        _long(ANSWERED), _responses(), _register(), StubForm(), WAVES, PARAMS
    )
    for s in scored:
        wave, ids = s.wave.wave, ANSWERED[s.wave.wave]
        big_n, n, hits = len(ORACLE[wave]), len(ids), len(CRITICAL[wave])
        dims = s.dimensions.set_index(["member_type", "dimension"])
        cell = dims.loc[(tables.ALL, "access")]
        got = (float(cell["critical_gap_low"]), float(cell["critical_gap_high"]))
        assert got == pytest.approx(_wilson_at(hits, n, big_n), abs=1e-12), wave
        _check_member_types(dims, "access", wave)
        capability = s.box.set_index("role").loc["capability"]
        for box, count in (("bottom2", hits), ("top2", n - hits)):
            got = (float(capability[f"{box}_low"]), float(capability[f"{box}_high"]))
            assert got == pytest.approx(_wilson_at(count, n, big_n), abs=1e-12), (wave, box)


def test_select_multiple_shares_carry_the_correction_and_none_in_a_census() -> None:
    answers = pd.DataFrame(
        {
            "respondent_id": ["A1", "A1", "A2", "A2", "A3", "A3"],
            "question": "services",
            "choice": ["training", "testing"] * 3,
            "selected": [1, 0, 1, 1, 0, 0],
        }
    )
    shares = scoring.multi_select_shares(answers, min_cell=3)
    corrected = tables.with_fpc_shares(shares, 10, tables.SHARE_INTERVALS).set_index("choice")
    for choice, hits in (("training", 2), ("testing", 1)):
        got = (
            float(corrected.loc[choice, "share_low"]),
            float(corrected.loc[choice, "share_high"]),
        )
        assert got == pytest.approx(_wilson_at(hits, 3, 10), abs=1e-12), choice
    assert corrected["share"].tolist() == shares.set_index("choice")["share"].tolist()
    census = tables.with_fpc_shares(shares, 3, tables.SHARE_INTERVALS)
    assert census["share_low"].isna().all() and census["share_high"].isna().all()
    small = tables.with_fpc_shares(
        scoring.multi_select_shares(answers, min_cell=4), 10, tables.SHARE_INTERVALS
    )
    assert small["suppressed"].all() and small["share_low"].isna().all()


def test_the_bootstrap_resamples_against_the_wave_frame() -> None:
    long = _long(ANSWERED)
    scored = tables.scored_waves(long, _responses(), _register(), StubForm(), WAVES, PARAMS)
    first = scored[0]
    part = tables.without_dont_know(long[long["wave"] == "2025-2"], 5)

    def boot(population: int) -> pd.DataFrame:
        return scoring.bootstrap_mwds(
            part, n_boot=1000, seed=7, scale_max=5, weights="weight", min_cell=3,
            population=population,
        )  # fmt: skip

    pd.testing.assert_frame_equal(first.boot, boot(len(ORACLE["2025-2"])))
    whole = boot(len(MEMBERS))
    assert float(whole["mwds_high"].iloc[0] - whole["mwds_low"].iloc[0]) > float(
        first.boot["mwds_high"].iloc[0] - first.boot["mwds_low"].iloc[0]
    )


def test_every_member_of_the_frame_answering_is_a_census() -> None:
    # the 2025 frame without A5 is 9 members; all 9 answer: a census though 14 are on the register
    answered = {"2025-2": sorted(set(ORACLE["2025-2"]) - {"A5"})}
    responses = pd.DataFrame({"wave": "2025-2", "member_id": answered["2025-2"]})
    scored = tables.scored_waves(
        _long(answered), responses, _register(), StubForm(), WAVES[:1], PARAMS
    )
    assert scored[0].census and scored[0].n_members == 9
    assert scored[0].scores["critical_gap_low"].isna().all()
    assert scored[0].boot["mwds_low"].isna().all()


def test_a_wave_without_a_year_or_a_register_without_dates_keeps_the_whole_register() -> None:
    register = _register()
    no_year = wave_frame(register, "baseline", ["A1"])
    assert not no_year.dated and no_year.year is None and no_year.size == len(MEMBERS)
    undated = wave_frame(register.drop(columns=["joined", "left"]), "2025-2", ["A1"])
    assert not undated.dated and undated.year == 2025 and undated.size == len(MEMBERS)
    note = notes.frame_note(
        [
            ({"en": "2025 H2", "ka": "2025 II"}, wave_frame(register, "2025-2", ["A5"])),
            ({"en": "Baseline", "ka": "საბაზისო"}, no_year),
            ({"en": "2026 H2", "ka": "2026 II"}, undated),
        ]
    )
    assert "2025 H2: members on the register at the end of 2025, 10" in note["en"]
    assert "Baseline: the whole register, 14 (no year can be read from the wave id" in note["en"]
    assert "2026 H2: the whole register, 14 (the register has no join dates)" in note["en"]
    assert "2025 წლის ბოლოს რეესტრში მყოფი წევრები, 10" in note["ka"]
    assert note["ka"].count("მთელი რეესტრი, 14") == 2


def test_publish_counts_each_wave_out_of_its_frame(tmp_path) -> None:
    paths = get_paths(tmp_path, raw=tmp_path / "raw")
    (tmp_path / "raw" / "survey").mkdir(parents=True)
    ctx = make_context(paths, processed_dir=tmp_path / "processed", domain="survey")
    register, responses = _register(), _responses()
    rates = tables.response_rates(register, responses, WAVES)
    result = pipeline.publish(ctx, _long(ANSWERED), register, StubForm(), WAVES, responses, rates)
    published = {t.name: t for t in result.tables}
    assert published["response_rates"].meta.n == {
        "en": "7 of 10 / 7 of 11 members",
        "ka": "10-დან 7 / 11-დან 7 წევრი",
    }
    assert published["needs_assessment"].meta.n["en"] == "7 of 10 / 7 of 11 members"
    for name in ("response_rates", "needs_assessment", "mwds_bootstrap"):
        note = published[name].meta.note
        assert note is not None
        assert "members on the register at the end of 2025, 10" in note["en"], name
        assert "members on the register at the end of 2026, 11" in note["en"], name
    texts = [f.text["en"] for f in result.findings]
    assert any(t.startswith("7 of the 10 member firms answered") and "70%" in t for t in texts)
    assert any(t.startswith("7 of the 11 member firms answered") and "64%" in t for t in texts)
    assert any("end of 2025" in m["en"] for m in result.method_notes)
