"""Example data for the indicators domain: a synthetic LED and cluster indicator set plus real,
cited public figures.

Writes ``raw_dir/indicators/``:

- ``catalogue.csv``            SYNTHETIC indicator catalogue (21 indicators; LED goals of Zestaponi,
                               Tkibuli and Chiatura, and the cluster's expected results)
- ``observations.csv``         SYNTHETIC yearly observations 2019-2026 (one series break, one place
                               without data, a decrease-is-good indicator, two sources for one value,
                               three deliberately bad rows)
- ``sector_employment.csv``    SYNTHETIC employment by sector (location quotients, HHI, shift-share)
- ``largest_employers.csv``    largest employer per municipality: two real cited figures, one synthetic
- ``real_figures.csv``         REAL cited figures (copy of imereti_real_figures.csv, unchanged)
- ``geostat/*.xlsx``           REAL Geostat tables (active business entities per 1,000), bytes unchanged
- ``SYNTHETIC.md``             what is synthetic and what is real, with sources

Deterministic: a fixed seed, no timestamps; rerunning writes the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[3] / "shared"
REAL_FIGURES = SHARED / "reference" / "imereti_real_figures.csv"
GEOSTAT_DIR = SHARED / "real" / "geostat-municipal"
GEOSTAT_FILES = (
    "active_business_entities_per1000_EN.xlsx",
    "active_business_entities_per1000_KA.xlsx",
)

TOWNS = ("zestaponi_municipality", "tkibuli_municipality", "chiatura_municipality")
CLUSTER_PLACE = "georgia"

GOALS = {
    "G1": (
        "Revive the traditional sectors: wine, ceramics, gastronomy",
        "ტრადიციული დარგების აღორძინება: ღვინო, კერამიკა, გასტრონომია",
    ),
    "G2": (
        "Business, government and international partnership",
        "ბიზნესის, ხელისუფლებისა და საერთაშორისო პარტნიორების თანამშრომლობა",
    ),
    "G3": (
        "Human capacity: retraining for new jobs",
        "ადამიანური რესურსების განვითარება: გადამზადება ახალი სამუშაო ადგილებისთვის",
    ),
    "G4": (
        "A diversified local economy, less dependent on one plant",
        "დივერსიფიცირებული ადგილობრივი ეკონომიკა, ნაკლებად დამოკიდებული ერთ საწარმოზე",
    ),
    "C1": (
        "The cluster reaches critical mass and a voice in policy",
        "კლასტერი აღწევს კრიტიკულ მასას და გავლენას პოლიტიკის შემუშავებაზე",
    ),
}

MUNICIPAL_SOURCE = "Municipal LED monitoring report (synthetic)"
CLUSTER_SOURCE = "Cluster secretariat records (synthetic)"

# indicator, level, goal, name_en, name_ka, unit, direction, disaggregation, source, kind
TOWN_INDICATORS = [
    (
        "registered_unemployment_share",
        "impact",
        "G4",
        "Registered jobseekers as a share of the working-age population",
        "რეგისტრირებული სამუშაოს მაძიებლების წილი შრომისუნარიანი ასაკის მოსახლეობაში",
        "percent",
        "decrease",
        "sex",
        "State Employment Support Agency register (synthetic)",
    ),
    (
        "active_business_entities_per1000",
        "impact",
        "G4",
        "Active business entities per 1,000 population",
        "მოქმედი ბიზნეს სუბიექტები მოსახლეობის 1 000 კაცზე",
        "per_1000",
        "increase",
        "",
        "Geostat, regional and municipal statistics (real)",
    ),
    (
        "registered_wineries",
        "outcome",
        "G1",
        "Registered wineries and family cellars (marani)",
        "რეგისტრირებული ღვინის საწარმოები და საოჯახო მარნები",
        "count",
        "increase",
        "",
        "National Wine Agency register (synthetic)",
    ),
    (
        "ceramic_workshops",
        "outcome",
        "G1",
        "Active ceramic workshops",
        "მოქმედი კერამიკის სახელოსნოები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
    ),
    (
        "gastronomy_businesses",
        "outcome",
        "G1",
        "Restaurants and guesthouses serving Imeretian cuisine",
        "რესტორნები და საოჯახო სასტუმროები იმერული სამზარეულოთი",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
    ),
    (
        "guest_nights",
        "outcome",
        "G1",
        "Guest-nights in registered accommodation",
        "სტუმარ-ღამეები რეგისტრირებულ განთავსების საშუალებებში",
        "thousand_guest_nights",
        "increase",
        "",
        "Accommodation register (synthetic)",
    ),
    (
        "employed_after_retraining_share",
        "outcome",
        "G3",
        "Retrained people in work six months after training",
        "გადამზადებულთა წილი, რომლებიც ტრენინგიდან ექვსი თვის შემდეგ დასაქმებულნი არიან",
        "percent",
        "increase",
        "sex",
        "Training provider follow-up survey (synthetic)",
    ),
    (
        "joint_projects",
        "outcome",
        "G2",
        "Joint business, municipality and donor projects under way",
        "ბიზნესის, მუნიციპალიტეტისა და დონორების მიმდინარე ერთობლივი პროექტები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
    ),
    (
        "investment_mobilised",
        "outcome",
        "G2",
        "Donor and private investment mobilised for LED projects",
        "ადგილობრივი ეკონომიკური განვითარების პროექტებისთვის მოზიდული დონორული და კერძო ინვესტიციები",
        "gel_thousand",
        "increase",
        "",
        MUNICIPAL_SOURCE,
    ),
    (
        "ppp_dialogues_held",
        "output",
        "G2",
        "Public-private dialogue meetings held in the year",
        "წლის განმავლობაში გამართული საჯარო-კერძო დიალოგის შეხვედრები",
        "count",
        "increase",
        "",
        "Meeting minutes (synthetic)",
    ),
    (
        "people_retrained",
        "output",
        "G3",
        "People who completed retraining (cumulative)",
        "გადამზადების კურსდამთავრებულები (კუმულაციურად)",
        "persons",
        "increase",
        "sex",
        "Training provider records (synthetic)",
    ),
    (
        "route_sites_signposted",
        "output",
        "G1",
        "Sites signposted on the wine and ceramics route",
        "ღვინისა და კერამიკის მარშრუტზე მონიშნული ადგილები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
    ),
    (
        "small_business_grants",
        "output",
        "G1",
        "Small businesses receiving LED grants (cumulative)",
        "ადგილობრივი ეკონომიკური განვითარების გრანტის მიმღები მცირე საწარმოები (კუმულაციურად)",
        "count",
        "increase",
        "sex",
        MUNICIPAL_SOURCE,
    ),
]

CLUSTER_INDICATORS = [
    (
        "members_exporting_share",
        "impact",
        "C1",
        "Member companies that export",
        "ექსპორტზე მომუშავე წევრი კომპანიების წილი",
        "percent",
        "increase",
        "",
        CLUSTER_SOURCE,
    ),
    (
        "cluster_members",
        "outcome",
        "C1",
        "Cluster member companies (critical mass: 100)",
        "კლასტერის წევრი კომპანიები (კრიტიკული მასა: 100)",
        "count",
        "increase",
        "",
        CLUSTER_SOURCE,
    ),
    (
        "member_satisfaction_share",
        "outcome",
        "C1",
        "Members satisfied with cluster services",
        "კლასტერის მომსახურებით კმაყოფილი წევრების წილი",
        "percent",
        "increase",
        "",
        "Annual member survey (synthetic)",
    ),
    (
        "eccp_membership",
        "outcome",
        "C1",
        "Cluster profile on the European Cluster Collaboration Platform",
        "კლასტერის პროფილი ევროპის კლასტერული თანამშრომლობის პლატფორმაზე (ECCP)",
        "yes_no",
        "increase",
        "",
        "clustercollaboration.eu profile page (synthetic)",
    ),
    (
        "priority_events_attended",
        "output",
        "C1",
        "Priority international events attended in the year",
        "წლის განმავლობაში დასწრებული პრიორიტეტული საერთაშორისო ღონისძიებები",
        "count",
        "increase",
        "",
        CLUSTER_SOURCE,
    ),
    (
        "regulatory_consultations_joined",
        "output",
        "C1",
        "Regulatory consultations the cluster took part in during the year",
        "წლის განმავლობაში მარეგულირებელ კონსულტაციებში კლასტერის მონაწილეობა",
        "count",
        "increase",
        "",
        CLUSTER_SOURCE,
    ),
    (
        "member_staff_trained",
        "output",
        "C1",
        "Member companies' staff trained by the cluster (cumulative)",
        "კლასტერის მიერ გადამზადებული წევრი კომპანიების თანამშრომლები (კუმულაციურად)",
        "persons",
        "increase",
        "sex",
        CLUSTER_SOURCE,
    ),
]

# (baseline 2019, target 2027, performance) per town; performance 1 = exactly on the linear path.
TOWN_PATHS: dict[str, dict[str, tuple[float, float, float]]] = {
    "registered_unemployment_share": {
        "zestaponi_municipality": (14.2, 10.0, 0.95),
        "tkibuli_municipality": (17.8, 13.0, 0.55),
        "chiatura_municipality": (16.5, 12.0, -0.2),
    },
    "registered_wineries": {
        "zestaponi_municipality": (18, 35, 1.45),
        "tkibuli_municipality": (6, 15, 0.9),
        "chiatura_municipality": (4, 12, 0.6),
    },
    "ceramic_workshops": {
        "zestaponi_municipality": (5, 12, 1.0),
        "tkibuli_municipality": (2, 6, 1.0),
        "chiatura_municipality": (3, 8, 0.75),
    },
    "gastronomy_businesses": {
        "zestaponi_municipality": (31, 45, 1.05),
        "tkibuli_municipality": (9, 16, 0.7),
        "chiatura_municipality": (14, 24, 1.1),
    },
    "guest_nights": {
        "zestaponi_municipality": (11.5, 18.0, 0.95),
        "tkibuli_municipality": (3.2, 6.0, 0.5),
        "chiatura_municipality": (9.0, 24.0, 0.0),
    },
    "employed_after_retraining_share": {
        "zestaponi_municipality": (38.0, 55.0, 0.9),
        "tkibuli_municipality": (30.0, 50.0, 0.65),
        "chiatura_municipality": (33.0, 50.0, 0.85),
    },
    "joint_projects": {
        "zestaponi_municipality": (2, 8, 1.1),
        "tkibuli_municipality": (1, 5, 0.8),
        "chiatura_municipality": (1, 6, 1.2),
    },
    "investment_mobilised": {
        "zestaponi_municipality": (350, 1500, 0.95),
        "tkibuli_municipality": (120, 800, 0.45),
        "chiatura_municipality": (400, 2000, 1.0),
    },
    "ppp_dialogues_held": {
        "zestaponi_municipality": (2, 6, 1.0),
        "tkibuli_municipality": (1, 4, 1.3),
        "chiatura_municipality": (1, 4, 0.3),
    },
    "people_retrained": {
        "zestaponi_municipality": (0, 600, 0.95),
        "tkibuli_municipality": (0, 400, 0.75),
        "chiatura_municipality": (0, 700, 1.05),
    },
    "route_sites_signposted": {
        "zestaponi_municipality": (0, 20, 1.0),
        "tkibuli_municipality": (0, 10, 0.4),
        "chiatura_municipality": (0, 12, 0.9),
    },
    "small_business_grants": {
        "zestaponi_municipality": (0, 80, 1.0),
        "tkibuli_municipality": (0, 50, 0.85),
        "chiatura_municipality": (0, 60, 0.95),
    },
}

#: Real Geostat values (active business entities per 1,000, 2015) as baselines; targets ours.
GEOSTAT_BASELINES = {
    "zestaponi_municipality": (47.9, 60.0),
    "tkibuli_municipality": (37.2, 50.0),
    "chiatura_municipality": (32.9, 45.0),
}

MILESTONES = {
    ("registered_wineries", "zestaponi_municipality"): "2023:26",
    ("people_retrained", "zestaponi_municipality"): "2023:300|2026:520",
    ("people_retrained", "tkibuli_municipality"): "2023:200|2026:340",
    ("people_retrained", "chiatura_municipality"): "2023:350|2026:600",
}

# cluster indicators: baseline 2022, target 2027
CLUSTER_PATHS = {
    "members_exporting_share": (22.0, 35.0, 0.8, None),
    "cluster_members": (60, 100, 0.95, "2024:75|2026:90"),
    "member_satisfaction_share": (64.0, 80.0, 1.1, None),
    "eccp_membership": (0, 1, None, None),
    "priority_events_attended": (2, 6, 1.0, None),
    "regulatory_consultations_joined": (1, 5, 0.6, None),
    "member_staff_trained": (0, 300, 1.15, "2024:120"),
}

#: Georgian names of the sources (the catalogue's ``source_ka`` column).
SOURCE_KA = {
    "State Employment Support Agency register (synthetic)": (
        "დასაქმების ხელშეწყობის სახელმწიფო სააგენტოს რეესტრი (სინთეზური)"
    ),
    "Geostat, regional and municipal statistics (real)": (
        "საქსტატი, რეგიონული და მუნიციპალური სტატისტიკა (რეალური)"
    ),
    "National Wine Agency register (synthetic)": "ღვინის ეროვნული სააგენტოს რეესტრი (სინთეზური)",
    MUNICIPAL_SOURCE: (
        "მუნიციპალიტეტის ადგილობრივი ეკონომიკური განვითარების მონიტორინგის ანგარიში (სინთეზური)"
    ),
    "Accommodation register (synthetic)": "განთავსების საშუალებების რეესტრი (სინთეზური)",
    "Training provider follow-up survey (synthetic)": (
        "ტრენინგის მიმწოდებლის შემდგომი გამოკითხვა (სინთეზური)"
    ),
    "Meeting minutes (synthetic)": "შეხვედრების ოქმები (სინთეზური)",
    "Training provider records (synthetic)": "ტრენინგის მიმწოდებლის ჩანაწერები (სინთეზური)",
    CLUSTER_SOURCE: "კლასტერის სამდივნოს ჩანაწერები (სინთეზური)",
    "Annual member survey (synthetic)": "წევრების ყოველწლიური გამოკითხვა (სინთეზური)",
    "clustercollaboration.eu profile page (synthetic)": (
        "clustercollaboration.eu პროფილის გვერდი (სინთეზური)"
    ),
}

YEARS_TOWNS = range(2019, 2026)
YEARS_CLUSTER = range(2022, 2027)

INTEGER_UNITS = {"count", "persons", "yes_no"}

OBS_COLUMNS = [
    "indicator",
    "place",
    "year",
    "period",
    "value",
    "sex",
    "unit",
    "source",
    "source_quality",
    "break",
    "note",
    "manual_status",
    "manual_reason",
]


def _catalogue() -> pd.DataFrame:
    rows = []
    for (
        indicator,
        level,
        goal,
        name_en,
        name_ka,
        unit,
        direction,
        disagg,
        source,
    ) in TOWN_INDICATORS:
        for place in TOWNS:
            if indicator == "active_business_entities_per1000":
                base, target = GEOSTAT_BASELINES[place]
                base_year, target_year = 2015, 2025
            else:
                base, target, _ = TOWN_PATHS[indicator][place]
                base_year, target_year = 2019, 2027
            rows.append(
                {
                    "indicator": indicator,
                    "place": place,
                    "level": level,
                    "goal_en": GOALS[goal][0],
                    "goal_ka": GOALS[goal][1],
                    "name_en": name_en,
                    "name_ka": name_ka,
                    "unit": unit,
                    "direction": direction,
                    "disaggregation": disagg,
                    "source": source,
                    "source_ka": SOURCE_KA[source],
                    "baseline_value": base,
                    "baseline_year": base_year,
                    "milestones": MILESTONES.get((indicator, place), ""),
                    "target_value": target,
                    "target_year": target_year,
                    "kind": "quantitative",
                    "manual_status": "",
                    "manual_reason": "",
                }
            )
    for (
        indicator,
        level,
        goal,
        name_en,
        name_ka,
        unit,
        direction,
        disagg,
        source,
    ) in CLUSTER_INDICATORS:
        base, target, _, milestones = CLUSTER_PATHS[indicator]
        qualitative = indicator == "eccp_membership"
        rows.append(
            {
                "indicator": indicator,
                "place": CLUSTER_PLACE,
                "level": level,
                "goal_en": GOALS[goal][0],
                "goal_ka": GOALS[goal][1],
                "name_en": name_en,
                "name_ka": name_ka,
                "unit": unit,
                "direction": direction,
                "disaggregation": disagg,
                "source": source,
                "source_ka": SOURCE_KA[source],
                "baseline_value": base,
                "baseline_year": 2022,
                "milestones": milestones or "",
                "target_value": target,
                "target_year": 2025 if qualitative else 2027,
                "kind": "qualitative" if qualitative else "quantitative",
                "manual_status": "",
                "manual_reason": "",
            }
        )
    # A deliberately bad catalogue row: target year before the baseline year (quarantined).
    rows.append(
        {
            "indicator": "tourism_jobs",
            "place": "zestaponi_municipality",
            "level": "outcome",
            "goal_en": GOALS["G1"][0],
            "goal_ka": GOALS["G1"][1],
            "name_en": "Jobs in tourism",
            "name_ka": "სამუშაო ადგილები ტურიზმში",
            "unit": "persons",
            "direction": "increase",
            "disaggregation": "sex",
            "source": MUNICIPAL_SOURCE,
            "source_ka": SOURCE_KA[MUNICIPAL_SOURCE],
            "baseline_value": 150,
            "baseline_year": 2019,
            "milestones": "",
            "target_value": 300,
            "target_year": 2017,
            "kind": "quantitative",
            "manual_status": "",
            "manual_reason": "",
        }
    )
    return pd.DataFrame(rows)


def _value(
    base: float,
    target: float,
    performance: float,
    year: int,
    base_year: int,
    target_year: int,
    noise: float,
    unit: str,
) -> float:
    share = (year - base_year) / (target_year - base_year)
    value = base + performance * (target - base) * share + noise
    if unit in INTEGER_UNITS:
        return float(max(0, round(value)))
    return round(max(0.0, value), 1)


def _obs(
    indicator: str,
    place: str,
    year: int,
    value: object,
    unit: str,
    source: str,
    *,
    sex: str = "total",
    quality: str = "official_secondary",
    brk: str = "",
    note: str = "",
    manual_status: str = "",
    manual_reason: str = "",
    period: str = "",
) -> dict:
    return {
        "indicator": indicator,
        "place": place,
        "year": year,
        "period": period or str(year),
        "value": value,
        "sex": sex,
        "unit": unit,
        "source": source,
        "source_quality": quality,
        "break": brk,
        "note": note,
        "manual_status": manual_status,
        "manual_reason": manual_reason,
    }


def _observations(rng: np.random.Generator) -> pd.DataFrame:
    rows: list[dict] = []
    specs = {i[0]: i for i in TOWN_INDICATORS}
    for indicator, paths in TOWN_PATHS.items():
        unit, source, disagg = specs[indicator][5], specs[indicator][8], specs[indicator][7]
        scale = abs(paths["zestaponi_municipality"][1] - paths["zestaponi_municipality"][0])
        for place, (base, target, performance) in paths.items():
            if indicator == "ceramic_workshops" and place == "tkibuli_municipality":
                continue  # the place without data
            for year in YEARS_TOWNS:
                noise = 0.0 if year == 2019 else float(rng.normal(0, 0.04 * scale))
                if indicator in {
                    "people_retrained",
                    "small_business_grants",
                    "route_sites_signposted",
                }:
                    noise = 0.0  # cumulative counts do not wobble
                value = _value(base, target, performance, year, 2019, 2027, noise, unit)
                if indicator == "guest_nights" and place == "chiatura_municipality":
                    # Old method to 2022; from 2023 the register includes guesthouses (break).
                    value = (
                        round(9.0 + 0.25 * (year - 2019), 1)
                        if year < 2023
                        else round(15.2 + 1.4 * (year - 2023), 1)
                    )
                brk = (
                    "yes"
                    if (
                        indicator == "guest_nights"
                        and place == "chiatura_municipality"
                        and year == 2023
                    )
                    else ""
                )
                note = "new counting method: guesthouses included from 2023" if brk else ""
                if disagg == "sex" and unit in {"persons", "count"}:
                    female = float(round(value * 0.55)) if value else 0.0
                    rows.append(_obs(indicator, place, year, female, unit, source, sex="female"))
                    rows.append(
                        _obs(indicator, place, year, value - female, unit, source, sex="male")
                    )
                elif disagg == "sex":
                    rows.append(
                        _obs(indicator, place, year, value, unit, source, brk=brk, note=note)
                    )
                    gap = 3.0 if indicator == "registered_unemployment_share" else -4.0
                    rows.append(
                        _obs(
                            indicator,
                            place,
                            year,
                            round(value + gap / 2, 1),
                            unit,
                            source,
                            sex="female",
                        )
                    )
                    rows.append(
                        _obs(
                            indicator,
                            place,
                            year,
                            round(value - gap / 2, 1),
                            unit,
                            source,
                            sex="male",
                        )
                    )
                else:
                    rows.append(
                        _obs(indicator, place, year, value, unit, source, brk=brk, note=note)
                    )
    cluster_specs = {i[0]: i for i in CLUSTER_INDICATORS}
    for indicator, (base, target, performance, _) in CLUSTER_PATHS.items():
        unit, source, disagg = (
            cluster_specs[indicator][5],
            cluster_specs[indicator][8],
            cluster_specs[indicator][7],
        )
        for year in YEARS_CLUSTER:
            if indicator == "eccp_membership":
                joined = year >= 2025
                rows.append(
                    _obs(
                        indicator,
                        CLUSTER_PLACE,
                        year,
                        1.0 if joined else 0.0,
                        unit,
                        source,
                        quality="secondary",
                        manual_status="achieved" if joined else "",
                        manual_reason="cluster profile published on the ECCP in 2025 (synthetic)"
                        if joined
                        else "",
                    )
                )
                continue
            noise = (
                0.0
                if year == 2022 or unit == "persons"
                else float(rng.normal(0, 0.03 * abs(target - base)))
            )
            value = _value(base, target, performance, year, 2022, 2027, noise, unit)
            if disagg == "sex":
                female = float(round(value * 0.6))
                rows.append(
                    _obs(indicator, CLUSTER_PLACE, year, female, unit, source, sex="female")
                )
                rows.append(
                    _obs(indicator, CLUSTER_PLACE, year, value - female, unit, source, sex="male")
                )
            else:
                rows.append(_obs(indicator, CLUSTER_PLACE, year, value, unit, source))
    # Two sources for one value: a news report and the register; the register wins.
    rows.append(
        _obs(
            "registered_wineries",
            "zestaponi_municipality",
            2024,
            41.0,
            "count",
            "Local news site: 'Zestaponi now has 41 wineries' (synthetic)",
            quality="news",
        )
    )
    # A town figure above its municipality's: the check flags it.
    rows.append(
        _obs(
            "gastronomy_businesses",
            "zestaponi_town",
            2024,
            58.0,
            "count",
            MUNICIPAL_SOURCE,
            note="town figure typed from a tourism leaflet (synthetic)",
        )
    )
    # A value in the wrong unit (guest-nights, not thousands): the check flags it and progress
    # leaves it out.
    rows.append(
        _obs(
            "guest_nights",
            "tkibuli_municipality",
            2025,
            5400.0,
            "guest_nights",
            "Hotel association estimate (synthetic)",
            quality="secondary",
        )
    )
    # Three deliberately bad rows for the quarantine.
    rows.append(_obs("registered_wineries", "Atlantis", 2024, 12.0, "count", MUNICIPAL_SOURCE))
    rows.append(
        _obs(
            "ceramic_workshops", "chiatura_municipality", 2024, "about 6", "count", MUNICIPAL_SOURCE
        )
    )
    rows.append(
        _obs("registered_wineris", "tkibuli_municipality", 2024, 11.0, "count", MUNICIPAL_SOURCE)
    )
    frame = pd.DataFrame(rows, columns=OBS_COLUMNS)
    frame["value"] = frame["value"].map(_format_value)
    return frame


def _format_value(value: object) -> str:
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


SECTORS = [
    ("agriculture", "Agriculture and wine growing", "სოფლის მეურნეობა და მევენახეობა"),
    ("mining", "Mining and quarrying", "სამთო მოპოვებითი მრეწველობა"),
    (
        "manufacturing",
        "Manufacturing (incl. ferroalloys)",
        "დამამუშავებელი მრეწველობა (მათ შორის ფეროშენადნობები)",
    ),
    ("trade", "Trade", "ვაჭრობა"),
    (
        "accommodation_food",
        "Accommodation and food service",
        "განთავსების საშუალებებით უზრუნველყოფა და საკვების მიწოდება",
    ),
    (
        "public_education_health",
        "Public administration, education, health",
        "სახელმწიფო მმართველობა, განათლება, ჯანდაცვა",
    ),
    ("other", "Other services", "სხვა მომსახურება"),
]

EMPLOYMENT_2019 = {
    "zestaponi_municipality": [900, 12, 2600, 1400, 250, 2200, 1100],
    "tkibuli_municipality": [600, 1300, 150, 450, 14, 900, 350],
    "chiatura_municipality": [500, 4200, 300, 900, 120, 1600, 700],
    "georgia": [45000, 9000, 95000, 150000, 45000, 230000, 200000],
}
GROWTH_TO_2024 = {
    "zestaponi_municipality": [1.12, 1.0, 0.93, 1.08, 1.5, 1.02, 1.06],
    "tkibuli_municipality": [1.05, 0.77, 1.1, 1.04, 2.2, 1.0, 1.03],
    "chiatura_municipality": [1.02, 0.69, 1.2, 1.01, 1.4, 0.98, 1.0],
    "georgia": [0.97, 0.95, 1.08, 1.12, 1.25, 1.04, 1.1],
}


def _sector_employment() -> pd.DataFrame:
    rows = []
    for place, counts in EMPLOYMENT_2019.items():
        for (sector, en, ka), count, growth in zip(
            SECTORS, counts, GROWTH_TO_2024[place], strict=True
        ):
            for year, value in ((2019, count), (2024, round(count * growth))):
                rows.append(
                    {
                        "place": place,
                        "sector": sector,
                        "sector_en": en,
                        "sector_ka": ka,
                        "year": year,
                        "employment": value,
                        "unit": "persons",
                        "source": "synthetic example",
                        "synthetic": "yes",
                    }
                )
    return pd.DataFrame(rows)


def _largest_employers() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "place": "zestaponi_municipality",
                "employer": "Zestaponi Ferroalloy Plant (Georgian Manganese)",
                "jobs": 1800,
                "year": 2020,
                "source": "Georgian Manganese press - Ferroalloys Plant Director interview, https://gm.ge/en/press-kid/press-kid-news/item/243-gvelesiani",
                "source_quality": "company_statement",
                "synthetic": "no",
                "note": "plus subcontractors",
            },
            {
                "place": "tkibuli_municipality",
                "employer": "Tkibuli coal mine",
                "jobs": 1200,
                "year": 2019,
                "source": "OC Media - the miners of Tkibuli, https://oc-media.org/stujk-between-a-rojk-and-a-hard-plaje-the-miners-of-tkibuli",
                "source_quality": "news",
                "synthetic": "no",
                "note": "approx; said to be 13% of town population",
            },
            {
                "place": "chiatura_municipality",
                "employer": "Chiatura manganese mines",
                "jobs": 3600,
                "year": 2024,
                "source": "synthetic example",
                "source_quality": "secondary",
                "synthetic": "yes",
                "note": "synthetic; 3,500 were reported laid off in 2025 (OC Media)",
            },
        ]
    )


SYNTHETIC_MD = """# Indicators example data: what is synthetic, what is real

SYNTHETIC (invented for the example, plausible but NOT real figures):
- `catalogue.csv`: the indicator catalogue (21 indicators: LED goals of Zestaponi, Tkibuli and
  Chiatura; the cluster's expected results). Baselines and targets are invented, except the
  baselines of `active_business_entities_per1000`, which are Geostat's real 2015 values (rounded).
  Milestones are stored in the `milestones` column as `year:value|year:value`.
- `observations.csv`: yearly values 2019-2025 for the three municipalities and 2022-2026 for the
  cluster. Built in: a series break (Chiatura guest-nights, new counting method from 2023), a place
  without data (Tkibuli ceramic workshops), a decrease-is-good indicator (registered unemployment
  share), two sources for one value (Zestaponi wineries 2024: register vs news), a town figure above
  its municipality's, a value in the wrong unit, and three deliberately bad rows (unknown place,
  text in a numeric value, unknown indicator id) plus one bad catalogue row (target year before
  baseline year) so the quarantine shows.
- `sector_employment.csv`: employment by sector 2019 and 2024 (location quotients, HHI, shift-share).
- `largest_employers.csv`: the Chiatura row is synthetic (marked `synthetic = yes`).

REAL (public, cited; never edited):
- `real_figures.csv`: byte copy of `imereti_real_figures.csv`: population, area and industrial
  employment of Zestaponi, Tkibuli, Chiatura and Imereti, each row with its source title, URL and
  source quality (mostly secondary sources citing Geostat; one company statement; news reports).
- `largest_employers.csv`, Zestaponi and Tkibuli rows: from the same cited sources (Georgian
  Manganese press interview, 2020; OC Media, 2019).
- `geostat/`: Geostat tables of active business entities per 1,000 population, 2012-2021, in English
  and Georgian (see `geostat/README.md`).
"""

GEOSTAT_README = """# Geostat tables (real, official statistics)

`active_business_entities_per1000_EN.xlsx` and `active_business_entities_per1000_KA.xlsx`:
number of active business entities registered in Georgia per 1,000 population, 2012-2021, country,
regions and municipalities. Source: National Statistics Office of Georgia (Geostat), regional and
municipal statistics portal; files from GitHub saqstati/regions, commit
32cde3a0f33381ff9c12ca24d631d7c5cac2ee9f. Copied byte for byte; never edit them.
The English and Georgian files do not agree everywhere (a cross-language check shows where).
"""


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    path.write_text(frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return path


def write(raw_dir: Path, seed: int = 20261123) -> list[Path]:
    """Write the indicators example data into ``raw_dir/indicators`` and return the files written."""
    folder = Path(raw_dir) / "indicators"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    written = [
        _write_csv(_catalogue(), folder / "catalogue.csv"),
        _write_csv(_observations(rng), folder / "observations.csv"),
        _write_csv(_sector_employment(), folder / "sector_employment.csv"),
        _write_csv(_largest_employers(), folder / "largest_employers.csv"),
    ]
    real = folder / "real_figures.csv"
    shutil.copyfile(REAL_FIGURES, real)
    written.append(real)
    geostat = folder / "geostat"
    geostat.mkdir(exist_ok=True)
    for name in GEOSTAT_FILES:
        shutil.copyfile(GEOSTAT_DIR / name, geostat / name)
        written.append(geostat / name)
    (geostat / "README.md").write_text(GEOSTAT_README, encoding="utf-8")
    written.append(geostat / "README.md")
    (folder / "SYNTHETIC.md").write_text(SYNTHETIC_MD, encoding="utf-8")
    written.append(folder / "SYNTHETIC.md")
    return written
