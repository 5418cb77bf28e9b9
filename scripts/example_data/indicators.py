"""Example data for the indicators domain: a synthetic LED and cluster indicator set plus real,
cited public figures.

Writes ``raw_dir/indicators/``:

- ``catalogue.csv``            indicator catalogue by document framework (Zestaponi's plan, official
                               statistics of the three towns, the EU project, the cluster strategy)
- ``project.csv``              REAL facts of the EU project (its fact sheet)
- ``activity_log.csv``         SYNTHETIC activity log of the cluster office
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
ZESTAPONI_PLACE = "zestaponi_municipality"

# The documents the catalogue serves (catalogue column `framework`) and, for each goal, measure or
# expected result, the wording in our own words (en, ka) and the reference (`framework_ref`).
# Targets: only where a document gives one; every other target stays empty ("target not set").
ZESTAPONI = "zestaponi_led_plan"
CLUSTER = "packaging_cluster_strategy"
EU = "eu_revitalisation_project"
OFFICIAL = "official_statistics"

GOALS: dict[str, tuple[str, str, str]] = {
    # Zestaponi LED plan: section 8 (vision and main goals) and the means of mobilisation
    "Z_VISION": (
        "Plan, section 8: vision",
        "Zestaponi as the industrial, trade, commercial and cultural hub of Upper Imereti: "
        "a growing economy with more people in work and higher incomes",
        "ზესტაფონი — ზემო იმერეთის სამრეწველო, სავაჭრო, კომერციული და კულტურული ცენტრი "
        "(„ჰაბი“): მზარდი ეკონომიკა, მეტი დასაქმებული და მეტი შემოსავალი",
    ),
    "Z_G1": (
        "Plan, section 8: main goal 1",
        "Stimulate and develop the traditional sectors of the local economy and establish them "
        "on local and external markets",
        "მეურნეობის ტრადიციული მიმართულებების სტიმულირება და განვითარება, მათი დამკვიდრება "
        "ადგილობრივ და გარე ბაზრებზე",
    ),
    "Z_G2": (
        "Plan, section 8: main goal 2",
        "Cooperation of business, local government and international partners: shared "
        "experience and joint business projects",
        "ბიზნესის, ხელისუფლებისა და საერთაშორისო პარტნიორების თანამშრომლობა, გამოცდილების "
        "გაზიარება და ერთობლივი ბიზნეს პროექტები",
    ),
    "Z_G3": (
        "Plan, section 8: main goal 3",
        "Grow people's capacity and skills: retraining, higher qualifications and chances of "
        "professional growth",
        "ადამიანური შესაძლებლობების ზრდა და უნარების განვითარება: გადამზადება, კვალიფიკაციის "
        "ამაღლება და პროფესიული ზრდის შესაძლებლობები",
    ),
    "Z_M1": (
        "Plan, means of mobilisation 1",
        "Direct part of the municipality's limited budget to the plan",
        "მუნიციპალიტეტის შეზღუდული ფინანსური რესურსების ნაწილის მიმართვა გეგმის განხორციელებისთვის",
    ),
    "Z_M2": (
        "Plan, means of mobilisation 2",
        "Build working, forward-looking relations with Zestaponi's twin towns and municipalities",
        "საქმიანი, პერსპექტივაზე გათვლილი ურთიერთობების აგება ზესტაფონის დაძმობილებულ "
        "ქალაქებთან და მუნიციპალიტეტებთან",
    ),
    "Z_M3": (
        "Plan, means of mobilisation 3",
        "Help local business find financial resources",
        "ადგილობრივი ბიზნესის ხელშეწყობა ფინანსური რესურსების მოძიებაში",
    ),
    "Z_M4": (
        "Plan, means of mobilisation 4",
        "Support the retraining of senior managers and specialists",
        "მაღალი დონის მენეჯერებისა და სპეციალისტების გადამზადების მხარდაჭერა",
    ),
    "Z_M5": (
        "Plan, means of mobilisation 5",
        "Help take up modern technologies and introduce electronic services",
        "თანამედროვე ტექნოლოგიების ათვისებისა და ელექტრონული მომსახურების დანერგვის ხელშეწყობა",
    ),
    "Z_M6": (
        "Plan, means of mobilisation 6",
        "Support business relations and measures that establish local business on internal and "
        "external markets",
        "საქმიანი ურთიერთობების განვითარებისა და შიდა და გარე ბაზრებზე დამკვიდრების "
        "ღონისძიებების ხელშეწყობა",
    ),
    # Official statistics shared by the three towns (the towns' comparison)
    "OFFICIAL": (
        "Geostat and state registers: figures published for every municipality",
        "The three towns side by side on official statistics",
        "სამი ქალაქის შედარება ოფიციალური სტატისტიკით",
    ),
    # The packaging cluster's strategy 2020-2023: the visibility objective (000) ...
    "C_OBJ_VIS": (
        "Cluster strategy 2020-2023, visibility and influence: objective",
        "More visibility and influence for the packaging industry with government, donors and "
        "international organisations, and active membership of the European cluster community",
        "შესაფუთი მასალების ინდუსტრიის ხილვადობისა და გავლენის გაზრდა მთავრობასთან, დონორებთან "
        "და საერთაშორისო ორგანიზაციებთან, ევროპის კლასტერულ საზოგადოებაში აქტიური წევრობით",
    ),
    "C_ER1": (
        "Cluster strategy, visibility: expected result 1",
        "The cluster is represented at all priority events",
        "კლასტერი წარმოდგენილია ყველა პრიორიტეტულ ღონისძიებაზე",
    ),
    "C_ER2": (
        "Cluster strategy, visibility: expected result 2",
        "The cluster takes an active part in the discussions on the regulations that concern it",
        "კლასტერი აქტიურად მონაწილეობს შესაბამისი რეგულაციების შესახებ გამართულ დისკუსიებში",
    ),
    "C_ER3": (
        "Cluster strategy, visibility: expected result 3",
        "The cluster is more visible to government bodies, donors and international "
        "organisations, business and the public",
        "კლასტერის ხილვადობა გაზრდილია მმართველ ორგანოებს, დონორულ და საერთაშორისო "
        "ორგანიზაციებს, ბიზნეს საზოგადოებასა და ხალხს შორის",
    ),
    "C_ER4": (
        "Cluster strategy, visibility: expected result 4",
        "The cluster reaches a critical mass of members",
        "კლასტერი აღწევს წევრთა კრიტიკულ მასას",
    ),
    "C_ER5": (
        "Cluster strategy, visibility: expected result 5",
        "The cluster is part of the European cluster ecosystem, with members reaching wider "
        "international links",
        "კლასტერი ინტეგრირებულია ევროპულ კლასტერთა ეკოსისტემაში და წევრებს უფრო ფართო "
        "საერთაშორისო კავშირებზე აქვთ წვდომა",
    ),
    # ... and the efficiency objective (002)
    "C_OBJ_EFF": (
        "Cluster strategy 2020-2023, efficiency: objective",
        "Members become more efficient through knowledge transfer, human capital development and "
        "access to technology and advisory services",
        "წევრების კორპორაციული ეფექტიანობის ამაღლება ცოდნის გადაცემის, ადამიანური კაპიტალის "
        "განვითარებისა და ტექნოლოგიებსა და საკონსულტაციო მომსახურებაზე წვდომის გზით",
    ),
    "C_R1": (
        "Cluster strategy, efficiency: expected result 1",
        "Members have direct and easy access to the databases the industry needs",
        "კლასტერის წევრებს აქვთ პირდაპირი და მარტივი წვდომა ინდუსტრიისთვის საჭირო მონაცემთა "
        "ბაზებზე",
    ),
    "C_R1_SURVEY": (
        "Cluster strategy, efficiency: a regular survey of members' capacity gaps",
        "A regular survey of members finds their critical common capacity gaps",
        "წევრების რეგულარული გამოკითხვა ავლენს მათ კრიტიკულ საერთო ხარვეზებს",
    ),
    "C_R2": (
        "Cluster strategy, efficiency: expected result 2",
        "Members have access to the training and capacity building they need",
        "კლასტერის წევრებს აქვთ წვდომა საჭირო ტრენინგებსა და შესაძლებლობების განვითარების "
        "მომსახურებაზე",
    ),
    "C_R3": (
        "Cluster strategy, efficiency: expected result 3",
        "Members cut costs through joint action and greater bargaining power",
        "კლასტერის წევრები ხარჯებს ამცირებენ ერთობლივი ძალისხმევითა და მოლაპარაკების მეტი ძალით",
    ),
    # The EU project (004): the outcomes it supports
    "EU_PARTNERSHIP": (
        "EU project facts: supports effective local partnership and women's active involvement",
        "The local partnership works effectively and women take an active part",
        "ადგილობრივი პარტნიორობა ეფექტურად მუშაობს და ქალები აქტიურად არიან ჩართული",
    ),
    "EU_PLAN": (
        "EU project facts: supports a revitalisation action plan based on EU experience and "
        "principles, including environmental resources; expected result: action plans jointly "
        "developed and carried out",
        "A revitalisation action plan, built on EU experience and principles and covering "
        "environmental resources, is adopted and carried out jointly",
        "ევროკავშირის გამოცდილებასა და პრინციპებზე დაფუძნებული რევიტალიზაციის სამოქმედო გეგმა, "
        "რომელიც გარემოსდაცვით რესურსებსაც მოიცავს, მიღებულია და ერთობლივად ხორციელდება",
    ),
    "EU_SKILLS": (
        "EU project facts: supports the skills of local administrations and partnerships",
        "Local administrations and partnerships have the skills to plan, manage and carry out "
        "industrial regeneration",
        "ადგილობრივ ადმინისტრაციებსა და პარტნიორობებს აქვთ უნარები ინდუსტრიული რეგენერაციის "
        "დასაგეგმად, სამართავად და განსახორციელებლად",
    ),
}

#: The references in Georgian (the catalogue's ``framework_ref_ka``).
REFERENCES_KA: dict[str, str] = {
    "Z_VISION": "გეგმა, თავი 8: ხედვა",
    "Z_G1": "გეგმა, თავი 8: მთავარი მიზანი 1",
    "Z_G2": "გეგმა, თავი 8: მთავარი მიზანი 2",
    "Z_G3": "გეგმა, თავი 8: მთავარი მიზანი 3",
    "Z_M1": "გეგმა, მობილიზების საშუალება 1",
    "Z_M2": "გეგმა, მობილიზების საშუალება 2",
    "Z_M3": "გეგმა, მობილიზების საშუალება 3",
    "Z_M4": "გეგმა, მობილიზების საშუალება 4",
    "Z_M5": "გეგმა, მობილიზების საშუალება 5",
    "Z_M6": "გეგმა, მობილიზების საშუალება 6",
    "OFFICIAL": "საქსტატი და სახელმწიფო რეესტრები: ყველა მუნიციპალიტეტისთვის გამოქვეყნებული მონაცემები",
    "C_OBJ_VIS": "კლასტერის სტრატეგია 2020-2023, ხილვადობა და გავლენა: მიზანი",
    "C_ER1": "კლასტერის სტრატეგია, ხილვადობა: მოსალოდნელი შედეგი 1",
    "C_ER2": "კლასტერის სტრატეგია, ხილვადობა: მოსალოდნელი შედეგი 2",
    "C_ER3": "კლასტერის სტრატეგია, ხილვადობა: მოსალოდნელი შედეგი 3",
    "C_ER4": "კლასტერის სტრატეგია, ხილვადობა: მოსალოდნელი შედეგი 4",
    "C_ER5": "კლასტერის სტრატეგია, ხილვადობა: მოსალოდნელი შედეგი 5",
    "C_OBJ_EFF": "კლასტერის სტრატეგია 2020-2023, ეფექტიანობა: მიზანი",
    "C_R1": "კლასტერის სტრატეგია, ეფექტიანობა: მოსალოდნელი შედეგი 1",
    "C_R1_SURVEY": "კლასტერის სტრატეგია, ეფექტიანობა: წევრების ხარვეზების რეგულარული გამოკითხვა",
    "C_R2": "კლასტერის სტრატეგია, ეფექტიანობა: მოსალოდნელი შედეგი 2",
    "C_R3": "კლასტერის სტრატეგია, ეფექტიანობა: მოსალოდნელი შედეგი 3",
    "EU_PARTNERSHIP": "პროექტის ფაქტები: ადგილობრივი პარტნიორობის ეფექტური მუშაობა და ქალების აქტიური ჩართულობა",
    "EU_PLAN": "პროექტის ფაქტები: რევიტალიზაციის სამოქმედო გეგმა გარემოსდაცვითი რესურსებით; მოსალოდნელი შედეგი: ერთობლივად შემუშავებული და განხორციელებული სამოქმედო გეგმები",
    "EU_SKILLS": "პროექტის ფაქტები: ადგილობრივი ადმინისტრაციებისა და პარტნიორობების უნარები",
}

MUNICIPAL_SOURCE = "Municipal LED monitoring report (synthetic)"
CLUSTER_SOURCE = "Cluster office records (synthetic)"
PROJECT_SOURCE = "EU project monitoring records (synthetic)"
COMPUTED = "Computed from the cluster's own data (register, survey, purchases, activity log)"

# indicator, framework, goal, level, name_en, name_ka, unit, direction, disaggregation, source,
# kind, target (value, year) or None
Spec = tuple[str, str, str, str, str, str, str, str, str, str, str, tuple[float, int] | None]
ZESTAPONI_INDICATORS: list[Spec] = [
    (
        "business_forums_held",
        ZESTAPONI,
        "Z_VISION",
        "impact",
        "Business forums and business meetings held in Zestaponi in the year",
        "ზესტაფონში წლის განმავლობაში გამართული ბიზნეს-ფორუმები და საქმიანი შეხვედრები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "employed_in_registered_businesses",
        ZESTAPONI,
        "Z_VISION",
        "impact",
        "People employed in registered businesses",
        "რეგისტრირებულ ბიზნეს სუბიექტებში დასაქმებულები",
        "persons",
        "increase",
        "sex",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "registered_wineries",
        ZESTAPONI,
        "Z_G1",
        "outcome",
        "Registered wineries and family cellars (marani)",
        "რეგისტრირებული ღვინის საწარმოები და საოჯახო მარნები",
        "count",
        "increase",
        "",
        "National Wine Agency register (synthetic)",
        "quantitative",
        None,
    ),
    (
        "ceramic_workshops",
        ZESTAPONI,
        "Z_G1",
        "outcome",
        "Active ceramic workshops",
        "მოქმედი კერამიკის სახელოსნოები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "gastronomy_businesses",
        ZESTAPONI,
        "Z_G1",
        "outcome",
        "Restaurants and guesthouses serving Imeretian cuisine",
        "რესტორნები და საოჯახო სასტუმროები იმერული სამზარეულოთი",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "guest_nights",
        ZESTAPONI,
        "Z_G1",
        "outcome",
        "Guest-nights in registered accommodation",
        "სტუმარ-ღამეები რეგისტრირებულ განთავსების საშუალებებში",
        "thousand_guest_nights",
        "increase",
        "",
        "Accommodation register (synthetic)",
        "quantitative",
        None,
    ),
    (
        "joint_projects",
        ZESTAPONI,
        "Z_G2",
        "outcome",
        "Joint business, municipality and international partner projects under way",
        "ბიზნესის, მუნიციპალიტეტისა და საერთაშორისო პარტნიორების მიმდინარე ერთობლივი პროექტები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "ppp_dialogues_held",
        ZESTAPONI,
        "Z_G2",
        "outcome",
        "Public-private dialogue meetings held in the year",
        "წლის განმავლობაში გამართული საჯარო-კერძო დიალოგის შეხვედრები",
        "count",
        "increase",
        "",
        "Meeting minutes (synthetic)",
        "quantitative",
        None,
    ),
    (
        "people_retrained",
        ZESTAPONI,
        "Z_G3",
        "outcome",
        "People who completed retraining (cumulative)",
        "გადამზადების კურსდამთავრებულები (კუმულაციურად)",
        "persons",
        "increase",
        "sex",
        "Training provider records (synthetic)",
        "quantitative",
        None,
    ),
    (
        "employed_after_retraining_share",
        ZESTAPONI,
        "Z_G3",
        "outcome",
        "Share of retrained people in work six months after training",
        "ტრენინგიდან ექვსი თვის შემდეგ დასაქმებული გადამზადებული პირების წილი",
        "percent",
        "increase",
        "sex",
        "Training provider follow-up survey (synthetic)",
        "quantitative",
        None,
    ),
    (
        "municipal_budget_for_plan",
        ZESTAPONI,
        "Z_M1",
        "output",
        "Municipal budget spent on the plan's measures",
        "გეგმის ღონისძიებებზე დახარჯული მუნიციპალური ბიუჯეტი",
        "gel_thousand",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "twin_town_agreements_active",
        ZESTAPONI,
        "Z_M2",
        "output",
        "Twin-town and partner-municipality agreements with joint activity in the year",
        "დაძმობილებულ ქალაქებთან და პარტნიორ მუნიციპალიტეტებთან შეთანხმებები, რომელთა ფარგლებშიც "
        "წლის განმავლობაში ერთობლივი აქტივობა განხორციელდა",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "businesses_helped_to_finance",
        ZESTAPONI,
        "Z_M3",
        "output",
        "Local businesses helped to obtain finance (grants, loans, co-funding)",
        "ადგილობრივი საწარმოები, რომლებსაც დაფინანსების (გრანტი, სესხი, თანადაფინანსება) "
        "მოძიებაში დაეხმარნენ",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "managers_specialists_retrained",
        ZESTAPONI,
        "Z_M4",
        "output",
        "Senior managers and specialists retrained (cumulative)",
        "გადამზადებული მაღალი დონის მენეჯერები და სპეციალისტები (კუმულაციურად)",
        "persons",
        "increase",
        "sex",
        "Training provider records (synthetic)",
        "quantitative",
        None,
    ),
    (
        "e_services_introduced",
        ZESTAPONI,
        "Z_M5",
        "output",
        "Electronic services introduced for business and residents (cumulative)",
        "ბიზნესისა და მოსახლეობისთვის დანერგილი ელექტრონული მომსახურებები (კუმულაციურად)",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
    (
        "market_entry_events_supported",
        ZESTAPONI,
        "Z_M6",
        "output",
        "Fairs, trade missions and business meetings supported for local business in the year",
        "ადგილობრივი ბიზნესისთვის წლის განმავლობაში მხარდაჭერილი გამოფენები, სავაჭრო მისიები და "
        "საქმიანი შეხვედრები",
        "count",
        "increase",
        "",
        MUNICIPAL_SOURCE,
        "quantitative",
        None,
    ),
]

OFFICIAL_INDICATORS: list[Spec] = [
    (
        "active_business_entities_per1000",
        OFFICIAL,
        "OFFICIAL",
        "impact",
        "Active business entities per 1,000 population",
        "მოქმედი ბიზნეს სუბიექტები მოსახლეობის 1 000 კაცზე",
        "per_1000",
        "increase",
        "",
        "Geostat, regional and municipal statistics (real)",
        "quantitative",
        None,
    ),
    (
        "registered_unemployment_share",
        OFFICIAL,
        "OFFICIAL",
        "impact",
        "Registered jobseekers as a share of the working-age population",
        "რეგისტრირებული სამუშაოს მაძიებლების წილი შრომისუნარიანი ასაკის მოსახლეობაში",
        "percent",
        "decrease",
        "sex",
        "State Employment Support Agency register (synthetic)",
        "quantitative",
        None,
    ),
]

EU_INDICATORS: list[Spec] = [
    (
        "revitalisation_action_plan_adopted",
        EU,
        "EU_PLAN",
        "outcome",
        "Revitalisation action plan adopted by the municipal council",
        "რევიტალიზაციის სამოქმედო გეგმა მიღებულია საკრებულოს მიერ",
        "yes_no",
        "increase",
        "",
        PROJECT_SOURCE,
        "quantitative",
        None,
    ),
    (
        "action_plan_actions_under_way_share",
        EU,
        "EU_PLAN",
        "outcome",
        "Share of the action plan's actions under way or completed",
        "სამოქმედო გეგმის მიმდინარე ან დასრულებული ღონისძიებების წილი",
        "percent",
        "increase",
        "",
        PROJECT_SOURCE,
        "quantitative",
        None,
    ),
    (
        "action_plan_environmental_resources",
        EU,
        "EU_PLAN",
        "output",
        "The action plan covers environmental resources",
        "სამოქმედო გეგმა მოიცავს გარემოსდაცვით რესურსებს",
        "yes_no",
        "increase",
        "",
        PROJECT_SOURCE,
        "quantitative",
        None,
    ),
    (
        "partnership_meetings",
        EU,
        "EU_PARTNERSHIP",
        "output",
        "Local partnership meetings held in the year",
        "წლის განმავლობაში გამართული ადგილობრივი პარტნიორობის შეხვედრები",
        "count",
        "increase",
        "",
        PROJECT_SOURCE,
        "quantitative",
        None,
    ),
    (
        "partnership_meetings_women_share",
        EU,
        "EU_PARTNERSHIP",
        "outcome",
        "Share of women among partnership meeting participants",
        "ქალების წილი პარტნიორობის შეხვედრების მონაწილეებს შორის",
        "percent",
        "increase",
        "",
        PROJECT_SOURCE,
        "quantitative",
        None,
    ),
    (
        "administration_staff_trained",
        EU,
        "EU_SKILLS",
        "output",
        "Municipal administration and partnership staff trained (cumulative)",
        "გადამზადებული მუნიციპალური ადმინისტრაციისა და პარტნიორობის წარმომადგენლები (კუმულაციურად)",
        "persons",
        "increase",
        "sex",
        PROJECT_SOURCE,
        "quantitative",
        None,
    ),
]

CLUSTER_INDICATORS: list[Spec] = [
    (
        "members_exporting_share",
        CLUSTER,
        "C_ER5",
        "impact",
        "Share of surveyed members that export",
        "ექსპორტზე მომუშავე გამოკითხული წევრების წილი",
        "percent",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "priority_events_attended_share",
        CLUSTER,
        "C_ER1",
        "outcome",
        "Share of priority events at which the cluster was represented",
        "პრიორიტეტული ღონისძიებების წილი, რომლებზეც კლასტერი იყო წარმოდგენილი",
        # the document asks for all priority events: 100 % by the end of its period
        "percent",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        (100.0, 2023),
    ),
    (
        "regulatory_consultations_joined",
        CLUSTER,
        "C_ER2",
        "output",
        "Regulatory consultations the cluster took part in during the year",
        "მარეგულირებელი კონსულტაციები, რომლებშიც კლასტერი წლის განმავლობაში მონაწილეობდა",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "positions_submitted",
        CLUSTER,
        "C_ER2",
        "output",
        "Position papers the cluster submitted in the year",
        "წლის განმავლობაში კლასტერის მიერ წარდგენილი პოზიციის დოკუმენტები",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "ppd_meetings_joined",
        CLUSTER,
        "C_ER2",
        "output",
        "Public-private dialogue meetings the cluster joined in the year",
        "საჯარო-კერძო დიალოგის შეხვედრები, რომლებშიც კლასტერი წლის განმავლობაში მონაწილეობდა",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "media_mentions",
        CLUSTER,
        "C_ER3",
        "output",
        "Media mentions of the cluster in the year",
        "კლასტერის მოხსენიება მედიაში წლის განმავლობაში",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "annual_event_held",
        CLUSTER,
        "C_ER3",
        "output",
        "The cluster's own annual international event held in the year",
        "კლასტერის ყოველწლიური საერთაშორისო ღონისძიება ჩატარდა წლის განმავლობაში",
        "yes_no",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "promotion_events_imereti",
        CLUSTER,
        "C_ER3",
        "output",
        "Promotion events of the cluster in Imereti in the year",
        "კლასტერის პოპულარიზაციის ღონისძიებები იმერეთში წლის განმავლობაში",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "promotion_events_kakheti",
        CLUSTER,
        "C_ER3",
        "output",
        "Promotion events of the cluster in Kakheti in the year",
        "კლასტერის პოპულარიზაციის ღონისძიებები კახეთში წლის განმავლობაში",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "cluster_members",
        CLUSTER,
        "C_ER4",
        "outcome",
        "Cluster member companies",
        "კლასტერის წევრი კომპანიები",
        "count",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "eccp_membership",
        CLUSTER,
        "C_ER5",
        "outcome",
        "Cluster profile on the European Cluster Collaboration Platform",
        "კლასტერის პროფილი ევროპის კლასტერული თანამშრომლობის პლატფორმაზე (ECCP)",
        "yes_no",
        "increase",
        "",
        "clustercollaboration.eu profile page (synthetic)",
        "qualitative",
        None,
    ),
    (
        "member_satisfaction_share",
        CLUSTER,
        "C_OBJ_EFF",
        "impact",
        "Share of surveyed members satisfied with the cluster's services",
        "კლასტერის მომსახურებით კმაყოფილი გამოკითხული წევრების წილი",
        "percent",
        "increase",
        "",
        "Annual member survey (synthetic)",
        "quantitative",
        None,
    ),
    (
        "directory_databases_live",
        CLUSTER,
        "C_R1",
        "output",
        "Databases open to members (funding, employees, services and experts, technology, events)",
        "წევრებისთვის ხელმისაწვდომი ბაზები (დაფინანსება, კადრები, მომსახურება და ექსპერტები, "
        "ტექნოლოგიები, ღონისძიებები)",
        "count",
        "increase",
        "",
        CLUSTER_SOURCE,
        "quantitative",
        None,
    ),
    (
        "survey_response_rate",
        CLUSTER,
        "C_R1_SURVEY",
        "output",
        "Response rate of the members' capacity-gap survey",
        "წევრების შესაძლებლობების ხარვეზების გამოკითხვის გამოხმაურების მაჩვენებელი",
        "percent",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
    (
        "member_staff_trained",
        CLUSTER,
        "C_R2",
        "output",
        "Member companies' staff trained through the cluster (cumulative)",
        "კლასტერის მეშვეობით გადამზადებული წევრი კომპანიების თანამშრომლები (კუმულაციურად)",
        "persons",
        "increase",
        "sex",
        CLUSTER_SOURCE,
        "quantitative",
        None,
    ),
    (
        "realised_savings",
        CLUSTER,
        "C_R3",
        "outcome",
        "Savings realised by members through pooled purchases in the year",
        "ერთობლივი შესყიდვებით წევრების მიერ წლის განმავლობაში მიღებული დანაზოგი",
        "gel_thousand",
        "increase",
        "",
        COMPUTED,
        "quantitative",
        None,
    ),
]

#: Real Geostat values (active business entities per 1,000, 2015) as baselines; no target.
GEOSTAT_BASELINES = {
    "zestaponi_municipality": 47.9,
    "tkibuli_municipality": 37.2,
    "chiatura_municipality": 32.9,
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
    CLUSTER_SOURCE: "კლასტერის ოფისის ჩანაწერები (სინთეზური)",
    PROJECT_SOURCE: "ევროკავშირის პროექტის მონიტორინგის ჩანაწერები (სინთეზური)",
    COMPUTED: (
        "გამოთვლილია კლასტერის საკუთარი მონაცემებიდან (რეესტრი, გამოკითხვა, შესყიდვები, "
        "აქტივობების ჟურნალი)"
    ),
    "Annual member survey (synthetic)": "წევრების ყოველწლიური გამოკითხვა (სინთეზური)",
    "clustercollaboration.eu profile page (synthetic)": (
        "clustercollaboration.eu პროფილის გვერდი (სინთეზური)"
    ),
}

# Synthetic example series: (first value, yearly step) per indicator and place, over the years
# below. Only the synthetic example holds them; a real catalogue's observations come from records.
ZESTAPONI_PATHS: dict[str, tuple[float, float]] = {
    "business_forums_held": (2, 0.5),
    "employed_in_registered_businesses": (5200, 60),
    "registered_wineries": (18, 2.6),
    "ceramic_workshops": (5, 0.9),
    "gastronomy_businesses": (31, 1.9),
    "guest_nights": (11.5, 0.8),
    "joint_projects": (2, 0.8),
    "ppp_dialogues_held": (2, 0.5),
    "people_retrained": (0, 70),
    "employed_after_retraining_share": (38.0, 2.0),
    "municipal_budget_for_plan": (150, 20),
    "twin_town_agreements_active": (1, 0.3),
    "businesses_helped_to_finance": (4, 2),
    "managers_specialists_retrained": (0, 15),
    "e_services_introduced": (1, 1),
    "market_entry_events_supported": (2, 0.6),
}
UNEMPLOYMENT_PATHS = {
    "zestaponi_municipality": (14.2, -0.5),
    "tkibuli_municipality": (17.8, -0.3),
    "chiatura_municipality": (16.5, 0.1),
}
#: The EU project's synthetic per-town records, by year of the project (2019-2021).
EU_PATHS: dict[str, dict[str, list[float]]] = {
    "revitalisation_action_plan_adopted": {
        "zestaponi_municipality": [0, 1, 1],
        "tkibuli_municipality": [0, 0, 1],
        "chiatura_municipality": [0, 1, 1],
    },
    "action_plan_actions_under_way_share": {
        "zestaponi_municipality": [0, 20.0, 45.0],
        "tkibuli_municipality": [0, 0, 25.0],
        "chiatura_municipality": [0, 15.0, 35.0],
    },
    "action_plan_environmental_resources": {
        "zestaponi_municipality": [0, 1, 1],
        "tkibuli_municipality": [0, 0, 1],
        "chiatura_municipality": [0, 1, 1],
    },
    "partnership_meetings": {
        "zestaponi_municipality": [3, 6, 5],
        "tkibuli_municipality": [2, 5, 6],
        "chiatura_municipality": [3, 4, 6],
    },
    "partnership_meetings_women_share": {
        "zestaponi_municipality": [31.0, 38.0, 44.0],
        "tkibuli_municipality": [25.0, 33.0, 40.0],
        "chiatura_municipality": [28.0, 30.0, 37.0],
    },
    "administration_staff_trained": {
        "zestaponi_municipality": [0, 14, 26],
        "tkibuli_municipality": [0, 10, 21],
        "chiatura_municipality": [0, 12, 24],
    },
}
#: Typed cluster records (synthetic); two of them disagree with what the cluster's own data gives
#: (2026 members and exporters): the consistency check shows it and the computed value wins.
CLUSTER_TYPED: dict[str, dict[int, float]] = {
    "cluster_members": {2022: 41, 2023: 47, 2024: 52, 2025: 56, 2026: 90},
    "members_exporting_share": {2026: 30.0},
    "member_satisfaction_share": {2022: 64.0, 2023: 67.0, 2024: 70.0, 2025: 71.0, 2026: 74.0},
    "directory_databases_live": {2024: 1, 2025: 3, 2026: 5},
    "member_staff_trained": {2022: 0, 2023: 60, 2024: 130, 2025: 190, 2026: 260},
}

YEARS_TOWNS = range(2019, 2026)
YEARS_EU = (2019, 2020, 2021)

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


def _catalogue_row(spec: Spec, place: str, baseline: tuple[float, int] | None = None) -> dict:
    (
        indicator,
        framework,
        goal,
        level,
        name_en,
        name_ka,
        unit,
        direction,
        disagg,
        source,
        kind,
        target,
    ) = spec
    reference, goal_en, goal_ka = GOALS[goal]
    return {
        "indicator": indicator,
        "place": place,
        "framework": framework,
        "framework_ref": reference,
        "framework_ref_ka": REFERENCES_KA[goal],
        "level": level,
        "goal_en": goal_en,
        "goal_ka": goal_ka,
        "name_en": name_en,
        "name_ka": name_ka,
        "unit": unit,
        "direction": direction,
        "disaggregation": disagg,
        "source": source,
        "source_ka": SOURCE_KA[source],
        "baseline_value": "" if baseline is None else baseline[0],
        "baseline_year": "" if baseline is None else baseline[1],
        "milestones": "",
        "target_value": "" if target is None else target[0],
        "target_year": "" if target is None else target[1],
        "kind": kind,
        "manual_status": "",
        "manual_reason": "",
    }


def _catalogue() -> pd.DataFrame:
    rows = [_catalogue_row(spec, ZESTAPONI_PLACE) for spec in ZESTAPONI_INDICATORS]
    for spec in OFFICIAL_INDICATORS:
        for place in TOWNS:
            baseline = (
                (GEOSTAT_BASELINES[place], 2015)
                if spec[0] == "active_business_entities_per1000"
                else None
            )
            rows.append(_catalogue_row(spec, place, baseline))
    rows += [_catalogue_row(spec, place) for spec in EU_INDICATORS for place in TOWNS]
    rows += [_catalogue_row(spec, CLUSTER_PLACE) for spec in CLUSTER_INDICATORS]
    # A deliberately bad catalogue row: target year before the baseline year (quarantined).
    bad = _catalogue_row(ZESTAPONI_INDICATORS[4], ZESTAPONI_PLACE, (150, 2019))
    bad.update(
        indicator="tourism_jobs", name_en="Jobs in tourism", name_ka="სამუშაო ადგილები ტურიზმში"
    )
    bad.update(unit="persons", target_value=300, target_year=2017)
    rows.append(bad)
    return pd.DataFrame(rows)


def _value(first: float, step: float, index: int, noise: float, unit: str) -> float:
    value = first + step * index + noise
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


def _with_sex(
    rows: list[dict], spec: Spec, place: str, year: int, value: float, **kw: object
) -> None:
    """Append the total (or, for a count by sex, the female and male rows) of one value."""
    indicator, unit, disagg, source = spec[0], spec[6], spec[8], spec[9]
    if disagg == "sex" and unit in {"persons", "count"}:
        female = float(round(value * 0.55))
        rows.append(_obs(indicator, place, year, female, unit, source, sex="female"))
        rows.append(_obs(indicator, place, year, value - female, unit, source, sex="male"))
        return
    rows.append(_obs(indicator, place, year, value, unit, source, **kw))  # type: ignore[arg-type]
    if disagg == "sex":
        gap = 3.0 if indicator == "registered_unemployment_share" else -4.0
        rows.append(
            _obs(indicator, place, year, round(value + gap / 2, 1), unit, source, sex="female")
        )
        rows.append(
            _obs(indicator, place, year, round(value - gap / 2, 1), unit, source, sex="male")
        )


def _observations(rng: np.random.Generator) -> pd.DataFrame:
    rows: list[dict] = []
    cumulative = {"people_retrained", "managers_specialists_retrained", "e_services_introduced"}
    for spec in ZESTAPONI_INDICATORS:
        indicator, unit = spec[0], spec[6]
        first, step = ZESTAPONI_PATHS[indicator]
        for index, year in enumerate(YEARS_TOWNS):
            wobble = 0.0 if indicator in cumulative or index == 0 else 0.15 * abs(step) * 3
            noise = float(rng.normal(0, wobble)) if wobble else 0.0
            _with_sex(rows, spec, ZESTAPONI_PLACE, year, _value(first, step, index, noise, unit))
    unemployment = OFFICIAL_INDICATORS[1]
    for place, (first, step) in UNEMPLOYMENT_PATHS.items():
        for index, year in enumerate(YEARS_TOWNS):
            noise = 0.0 if index == 0 else float(rng.normal(0, 0.2))
            _with_sex(rows, unemployment, place, year, _value(first, step, index, noise, "percent"))
    for spec in EU_INDICATORS:
        for place, values in EU_PATHS[spec[0]].items():
            for year, value in zip(YEARS_EU, values, strict=True):
                _with_sex(rows, spec, place, year, float(value))
    specs = {spec[0]: spec for spec in CLUSTER_INDICATORS}
    for indicator, series in CLUSTER_TYPED.items():
        for year, value in series.items():
            _with_sex(rows, specs[indicator], CLUSTER_PLACE, year, float(value))
    for year in range(2022, 2027):
        joined = year >= 2025
        rows.append(
            _obs(
                "eccp_membership",
                CLUSTER_PLACE,
                year,
                1.0 if joined else 0.0,
                "yes_no",
                "clustercollaboration.eu profile page (synthetic)",
                quality="secondary",
                manual_status="achieved" if joined else "",
                manual_reason="cluster profile published on the ECCP in 2025 (synthetic)"
                if joined
                else "",
            )
        )
    # Two sources for one value: a news report and the register; the register wins.
    rows.append(
        _obs(
            "registered_wineries",
            ZESTAPONI_PLACE,
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
            ZESTAPONI_PLACE,
            2025,
            17400.0,
            "guest_nights",
            "Hotel association estimate (synthetic)",
            quality="secondary",
        )
    )
    # Three deliberately bad rows for the quarantine.
    rows.append(_obs("registered_wineries", "Atlantis", 2024, 12.0, "count", MUNICIPAL_SOURCE))
    rows.append(
        _obs("ceramic_workshops", ZESTAPONI_PLACE, 2024, "about 6", "count", MUNICIPAL_SOURCE)
    )
    rows.append(_obs("registered_wineris", ZESTAPONI_PLACE, 2024, 11.0, "count", MUNICIPAL_SOURCE))
    frame = pd.DataFrame(rows, columns=OBS_COLUMNS)
    frame["value"] = frame["value"].map(_format_value)
    return frame


def _format_value(value: object) -> str:
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


#: The EU project's facts, from its fact sheet ("Project facts", generated 18.04.2024): real.
PROJECT_ROWS = [
    (
        "title",
        "Revitalisation of post-industrial towns",
        "პოსტ-ინდუსტრიული ქალაქების რევიტალიზაციის პროექტი",
    ),
    ("donor", "European Union", "ევროკავშირი"),
    ("contribution", "315000", ""),
    ("currency", "EUR", ""),
    ("implementer", "Sustainable Development Organization", "Sustainable Development Organization"),
    ("start_date", "2019-01-01", ""),
    ("end_date", "2021-03-31", ""),
    ("place", "zestaponi_municipality", ""),
    ("place", "tkibuli_municipality", ""),
    ("place", "chiatura_municipality", ""),
    (
        "outcome",
        "Effective work of the local partnerships and women's active involvement",
        "ადგილობრივი პარტნიორობების ეფექტური მუშაობა და ქალების აქტიური ჩართულობა",
    ),
    (
        "outcome",
        "Revitalisation action plans based on EU experience and principles, including "
        "environmental resources",
        "ევროკავშირის გამოცდილებასა და პრინციპებზე დაფუძნებული რევიტალიზაციის სამოქმედო გეგმები, "
        "გარემოსდაცვითი რესურსების ჩათვლით",
    ),
    (
        "outcome",
        "Skills of local administrations and partnerships to take part in industrial regeneration",
        "ადგილობრივი ადმინისტრაციებისა და პარტნიორობების უნარები ინდუსტრიულ რეგენერაციაში "
        "ჩასართავად",
    ),
    (
        "outcome",
        "A joint governance model: local authorities, the governor's administration, "
        "central institutions and local stakeholders working together",
        "მმართველობის ერთობლივი მოდელი: ადგილობრივი ხელისუფლების, გუბერნატორის ადმინისტრაციის, "
        "ცენტრალური უწყებებისა და ადგილობრივი დაინტერესებული მხარეების თანამშრომლობა",
    ),
    (
        "source",
        "EU project fact sheet 'Project facts' (generated 18.04.2024)",
        "ევროკავშირის პროექტის ფაქტების ფურცელი „პროექტის ფაქტები“ (გენერირებულია 18.04.2024)",
    ),
]


def _project() -> pd.DataFrame:
    return pd.DataFrame(PROJECT_ROWS, columns=["field", "value", "value_ka"])


#: The cluster's activity log (synthetic): entries the office records as they happen. EV-xxx ids
#: are the directory's events (data/raw/directory/events.csv).
ACTIVITY_ROWS = [
    (
        "A001",
        "2025-02-12",
        "ppd_meeting",
        "",
        "",
        "Public-private dialogue on extended producer responsibility",
    ),
    (
        "A002",
        "2025-03-20",
        "consultation",
        "",
        "",
        "Consultation on the packaging waste regulation draft",
    ),
    ("A003", "2025-04-02", "position", "", "", "Position paper on packaging waste fees"),
    (
        "A004",
        "2025-04-15",
        "media",
        "",
        "",
        "Business newspaper interview with the cluster manager",
    ),
    (
        "A005",
        "2025-05-28",
        "promotion",
        "",
        "Imereti",
        "Cluster presentation to Kutaisi businesses",
    ),
    ("A006", "2025-06-18", "annual_event", "", "", "Cluster annual packaging conference"),
    ("A007", "2025-09-10", "media", "", "", "Television report on packaging recycling"),
    ("A008", "2025-10-08", "promotion", "", "Kakheti", "Cluster presentation to Telavi wineries"),
    ("A009", "2025-11-19", "consultation", "", "", "Consultation on food-contact materials rules"),
    ("A010", "2026-02-05", "ppd_meeting", "", "", "Public-private dialogue on waste management"),
    ("A011", "2026-03-11", "position", "", "", "Position paper on deposit-return scheme"),
    ("A012", "2026-04-22", "media", "", "", "Online news on the cluster's joint purchasing"),
    ("A013", "2026-05-13", "promotion", "", "Imereti", "Cluster day in Zestaponi"),
    ("A014", "2026-05-27", "promotion", "", "Kakheti", "Cluster presentation in Gurjaani"),
    ("A015", "2026-06-17", "annual_event", "", "", "Cluster annual packaging conference"),
    ("A016", "2026-09-30", "consultation", "", "", "Consultation on the packaging regulation"),
    ("A017", "2026-10-14", "media", "", "", "Radio interview on packaging waste"),
    ("A018", "2026-11-05", "event", "EV-006", "", "Public-private dialogue on waste management"),
    (
        "A019",
        "2026-11-05",
        "ppd_meeting",
        "EV-006",
        "",
        "Public-private dialogue on waste management",
    ),
    ("A020", "2026-11-26", "promotion", "", "Imereti", "Cluster presentation in Chiatura"),
]


def _activity_log() -> pd.DataFrame:
    frame = pd.DataFrame(
        ACTIVITY_ROWS, columns=["activity_id", "date", "activity", "event_id", "region", "title_en"]
    )
    frame["title_en"] = frame["title_en"] + " (synthetic)"
    frame["source"] = "Cluster office activity log (synthetic)"
    # A deliberately bad row for the quarantine: an activity kind the log does not know.
    bad = {
        "activity_id": "A021",
        "date": "2026-11-27",
        "activity": "lunch",
        "event_id": "",
        "region": "",
        "title_en": "Lunch with a vendor (synthetic)",
        "source": "Cluster office",
    }
    return pd.concat([frame, pd.DataFrame([bad])], ignore_index=True)


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

The catalogue follows the documents: each row names its framework (`framework`) and the section,
goal, measure or expected result it serves (`framework_ref`):
- `zestaponi_led_plan`: the Zestaponi local economic development plan (its vision, three main
  goals and six means of mobilisation), for Zestaponi only;
- `official_statistics`: official indicators published for every municipality, shared by
  Zestaponi, Tkibuli and Chiatura (the towns' comparison);
- `eu_revitalisation_project`: the outcomes the EU project "Revitalisation of post-industrial
  towns" supports, per town;
- `packaging_cluster_strategy`: the cluster strategy's visibility objective with its five expected
  results and its efficiency objective with its three, period 2020-2023.
No target is invented: the documents give none, except "represented at all priority events"
(100 % by the end of the strategy's period, 2023). Every other target is empty and shows as
"target not set".

SYNTHETIC (invented for the example, plausible but NOT real figures):
- `catalogue.csv`: names and wording are ours (from the documents); the baselines of
  `active_business_entities_per1000` are Geostat's real 2015 values (rounded); every other
  baseline is empty (the first observation stands in).
- `observations.csv`: yearly values for Zestaponi's plan (2019-2025), registered unemployment in
  the three towns (2019-2025), the EU project's per-town records (2019-2021) and a few typed
  cluster records (2022-2026), two of which disagree with the cluster's own data on purpose (90
  members in 2026 against the register, 30 % exporters against the survey): the consistency check
  shows it and the computed value wins. Built in: two sources for one value, a town figure above
  its municipality's, a value in the wrong unit, three bad rows and one bad catalogue row.
- `activity_log.csv`: the cluster office's log of events, dialogue, consultations, positions,
  media mentions, its annual event and promotion in Imereti and Kakheti (one bad row).
- `sector_employment.csv`: employment by sector 2019 and 2024 (location quotients, HHI, shift-share).
- `largest_employers.csv`: the Chiatura row is synthetic (marked `synthetic = yes`).

REAL (public, cited; never edited):
- `project.csv`: the EU project's facts from its fact sheet ("Project facts", generated
  18.04.2024): title, EU contribution EUR 315,000, implementer Sustainable Development
  Organization, period 01.01.2019-31.03.2021, Zestaponi, Tkibuli and Chiatura, and the outcomes
  it supports.
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


def _copy_real(source: Path, target: Path) -> None:
    """Copy a real public file byte for byte; an already bundled copy is kept when the source
    folder is not at hand (the bundled files are the same bytes)."""
    if source.exists():
        shutil.copyfile(source, target)
    elif not target.exists():
        raise FileNotFoundError(f"{target.name}: no bundled copy and no source file to copy")


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
        _write_csv(_project(), folder / "project.csv"),
        _write_csv(_activity_log(), folder / "activity_log.csv"),
    ]
    real = folder / "real_figures.csv"
    _copy_real(REAL_FIGURES, real)
    written.append(real)
    geostat = folder / "geostat"
    geostat.mkdir(exist_ok=True)
    for name in GEOSTAT_FILES:
        _copy_real(GEOSTAT_DIR / name, geostat / name)
        written.append(geostat / name)
    (geostat / "README.md").write_text(GEOSTAT_README, encoding="utf-8")
    written.append(geostat / "README.md")
    (folder / "SYNTHETIC.md").write_text(SYNTHETIC_MD, encoding="utf-8")
    written.append(folder / "SYNTHETIC.md")
    return written
