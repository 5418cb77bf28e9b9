"""Synthetic capacity-needs survey of the Georgian Packaging Cluster: form, register, two waves.

Everything written here is SYNTHETIC (invented with a fixed seed): company names, phones, e-mails,
answers. Files under ``raw_dir/survey``:

- ``form.xlsx``: bilingual XLSForm (``label::English (en)``, ``label::Georgian (ka)``), settings
  sheet, ``member_id`` as ``select_one_from_file members.csv`` (the stable id across waves), groups,
  12 capacity items in 4 dimensions (importance and capability 1..5, 9 = don't know), a
  select_multiple of preferred support, satisfaction with the cluster's services (1..5),
  employees and export share;
- ``register.csv``: 60 members GPC-001..GPC-060 with fake names and contacts, the date each
  joined (founders 2019-2020, joiners every year since) and a blank ``left`` (all still members);
- ``exports/wave_2025-2.xlsx``: Kobo "labels" export in Georgian with group paths, and a second
  sheet ``products`` for the repeat group (kinds of packaging bought, one row each, linked to its
  submission by ``_parent_index`` and ``_submission__uuid``);
- ``exports/wave_2026-2.csv``: Kobo "XML values and headers" export, group paths, select_multiple
  as a space-separated column and 0/1 columns; ``export_share`` was renamed ``export_share_pct``
  on the server, mapped back by ``question_bank.csv``;
- ``cleaning_logs/wave_2025-2.csv``: two entries, one that applies, one whose old value does not
  match (reported);
- ``targets.csv``: declared gap targets (item, metric critical_gap_share or mwds, baseline wave,
  target value, target wave) for the gap-status table;
- ``waves.csv`` (manifest) and ``SYNTHETIC.md``.

Deliberately bad rows so the quarantine shows on the first run: a member submitting twice in wave
2025-2, an answer of 7 on the 1..5 scale (wave 2025-2), a negative tonnage and a repeat row whose
submission is not in the export (wave 2025-2, ``products``), an unknown choice and a member id
missing from the register (wave 2026-2). Rerunning gives byte-identical files (fixed seed, fixed workbook
dates, fixed zip entry times).
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

N_MEMBERS = 60
DONT_KNOW = 9
SCALE_MAX = 5
FIXED_DATE = datetime(2026, 1, 1)

DIMENSIONS: dict[str, tuple[str, str]] = {
    "human_capacity": ("Human capacity and skills", "ადამიანური რესურსები და უნარები"),
    "access_resources": ("Access to resources", "რესურსებზე ხელმისაწვდომობა"),
    "compliance": ("Compliance with standards", "სტანდარტებთან შესაბამისობა"),
    "technology": ("Technology", "ტექნოლოგიები"),
}

# item -> (dimension, English, Georgian, mean importance, mean capability)
ITEMS: dict[str, tuple[str, str, str, float, float]] = {
    "skills_technical": (
        "human_capacity",
        "technical skills of production staff",
        "საწარმოო პერსონალის ტექნიკური უნარები",
        4.3,
        3.0,
    ),
    "skills_management": (
        "human_capacity",
        "management and planning skills",
        "მენეჯმენტისა და დაგეგმვის უნარები",
        3.8,
        3.2,
    ),
    "skills_design": (
        "human_capacity",
        "packaging design skills",
        "შეფუთვის დიზაინის უნარები",
        3.6,
        2.7,
    ),
    "finance": ("access_resources", "access to finance", "ფინანსებზე ხელმისაწვდომობა", 4.5, 2.4),
    "raw_materials": (
        "access_resources",
        "access to raw materials (paper, board, polymers)",
        "ნედლეულზე ხელმისაწვდომობა (ქაღალდი, მუყაო, პოლიმერები)",
        4.4,
        2.9,
    ),
    "equipment": (
        "access_resources",
        "access to modern equipment",
        "თანამედროვე აღჭურვილობაზე ხელმისაწვდომობა",
        4.0,
        2.6,
    ),
    "iso22000": (
        "compliance",
        "food safety management (ISO 22000 / FSSC 22000)",
        "სურსათის უვნებლობის მართვა (ISO 22000 / FSSC 22000)",
        4.2,
        2.5,
    ),
    "food_contact": (
        "compliance",
        "compliance of food-contact packaging materials",
        "საკვებთან შეხებაში მყოფი შესაფუთი მასალების შესაბამისობა",
        4.4,
        2.8,
    ),
    "ppwr": (
        "compliance",
        "EU Packaging and Packaging Waste Regulation (PPWR)",
        "ევროკავშირის შეფუთვისა და შეფუთვის ნარჩენების რეგულაცია (PPWR)",
        3.9,
        1.8,
    ),
    "gs1": (
        "compliance",
        "GS1 barcodes and labelling",
        "GS1 შტრიხკოდები და ეტიკეტირება",
        3.5,
        3.4,
    ),
    "digital_printing": (
        "technology",
        "digital printing",
        "ციფრული ბეჭდვა",
        3.4,
        2.3,
    ),
    "recycled_content": (
        "technology",
        "use of recycled content",
        "გადამუშავებული მასალის გამოყენება",
        3.7,
        2.1,
    ),
}

SUPPORT: dict[str, tuple[str, str]] = {
    "training": ("Trainings", "ტრენინგები"),
    "study_tour": ("Study tours", "სასწავლო ვიზიტები"),
    "academia_programme": ("Joint programmes with academia", "ერთობლივი პროგრამები აკადემიასთან"),
    "expert_consultancy": ("Expert consultancy", "ექსპერტული კონსულტაცია"),
}

NAME_FIRST = [
    ("ქართული", "Kartuli"),
    ("იმერეთის", "Imeretis"),
    ("კოლხეთის", "Kolkhetis"),
    ("თბილისის", "Tbilisis"),
    ("რუსთავის", "Rustavis"),
    ("ბათუმის", "Batumis"),
    ("ქუთაისის", "Kutaisis"),
    ("ალაზნის", "Alaznis"),
    ("მტკვრის", "Mtkvris"),
    ("კავკასიის", "Kavkasiis"),
    ("ივერიის", "Iveriis"),
    ("რიონის", "Rionis"),
]
NAME_SECOND = [
    ("შეფუთვა", "Shefutva"),
    ("მუყაო", "Mukao"),
    ("პოლიმერი", "Polimeri"),
    ("ბეჭდვა", "Bechdva"),
    ("ეტიკეტი", "Etiketi"),
]
MEMBER_TYPES = {
    "packaging_maker": 0.4,
    "packaging_user": 0.35,
    "service_provider": 0.15,
    "other": 0.1,
}
SIZE_CLASSES = {"micro": 0.25, "small": 0.4, "medium": 0.25, "large": 0.1}
REGIONS = {
    "Tbilisi": 0.45,
    "Imereti": 0.2,
    "Kvemo Kartli": 0.15,
    "Adjara": 0.1,
    "Kakheti": 0.05,
    "Shida Kartli": 0.05,
}
# Response propensity by class (non-response varies by class; methods.md section 2).
RESPONSE_BY_SIZE = {"micro": 0.55, "small": 0.8, "medium": 0.9, "large": 0.95}
RESPONSE_BY_TYPE = {
    "packaging_maker": 1.0,
    "packaging_user": 0.9,
    "service_provider": 0.8,
    "other": 0.7,
}
EMPLOYEES = {"micro": (2, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 600)}

WAVES = (
    # wave id, period label, file, responding members, submission month
    ("2025-2", "2025 H2", "exports/wave_2025-2.xlsx", 48, datetime(2025, 11, 3, 9, 0, 0)),
    ("2026-2", "2026 H2", "exports/wave_2026-2.csv", 50, datetime(2026, 11, 2, 9, 0, 0)),
)
# Declared gap targets (read by the pipeline for the gap-status table): what the cluster's
# capacity-building plan promises donors, per item and metric, against a baseline wave.
TARGET_COLUMNS = ["item", "metric", "baseline_wave", "target", "target_wave"]
TARGETS = [
    ("skills_technical", "critical_gap_share", "2025-2", 0.20, "2026-2"),
    ("finance", "critical_gap_share", "2025-2", 0.30, "2027-2"),
    ("ppwr", "critical_gap_share", "2025-2", 0.35, "2027-2"),
    ("iso22000", "mwds", "2025-2", 5.0, "2026-2"),
    ("food_contact", "mwds", "2025-2", 4.5, "2027-2"),
    ("digital_printing", "critical_gap_share", "2025-2", 0.15, "2027-2"),
]
GROUP_LABELS = {
    "company": ("About your company", "თქვენი კომპანიის შესახებ"),
    "capacity": ("Capacity needs", "შესაძლებლობების საჭიროებები"),
    "support": ("Support", "მხარდაჭერა"),
    "products": ("Packaging the company buys", "შეფუთვა, რომელსაც კომპანია ყიდულობს"),
}
#: Repeat group ``products``: one row per kind of packaging a member buys (kind, tonnes a year,
#: imported or not). Confidential member-level volumes: office only.
PRODUCT_KINDS = {
    "boxes": ("Corrugated boxes", "გოფრირებული ყუთები"),
    "bottles": ("Bottles and jars", "ბოთლები და ქილები"),
    "labels": ("Labels", "ეტიკეტები"),
    "film": ("Plastic film", "პლასტმასის აფსკი"),
}
YES_NO = {"yes": ("Yes", "დიახ"), "no": ("No", "არა")}
PRODUCT_QUESTIONS = {
    "product_kind": ("Kind of packaging", "შეფუთვის სახე"),
    "product_tonnes": ("Tonnes bought a year", "წლიურად შეძენილი ტონა"),
    "product_imported": ("Imported?", "იმპორტირებულია?"),
}


def _importance_label(en: str, ka: str) -> tuple[str, str]:
    return (
        f"How important is {en} for your company? (1 = not important, 5 = very important, "
        "9 = don't know)",
        f"რამდენად მნიშვნელოვანია თქვენი კომპანიისთვის: {ka}? (1 = არ არის მნიშვნელოვანი, "
        "5 = ძალიან მნიშვნელოვანია, 9 = არ ვიცი)",
    )


def _capability_label(en: str, ka: str) -> tuple[str, str]:
    return (
        f"How do you rate your company's current capability in {en}? (1 = very weak, "
        "5 = very strong, 9 = don't know)",
        f"როგორ აფასებთ თქვენი კომპანიის ამჟამინდელ შესაძლებლობას: {ka}? (1 = ძალიან სუსტი, "
        "5 = ძალიან ძლიერი, 9 = არ ვიცი)",
    )


# ------------------------------------------------------------------------------------------------
# Form
# ------------------------------------------------------------------------------------------------

SURVEY_COLUMNS = [
    "type",
    "name",
    "label::English (en)",
    "label::Georgian (ka)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::English (en)",
    "constraint_message::Georgian (ka)",
    "capacity_item",
    "capacity_dimension",
    "capacity_role",
    "scale_max",
    "dont_know",
]


def _form_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows: list[dict[str, object]] = []

    def add(**values: object) -> None:
        rows.append({c: values.get(c) for c in SURVEY_COLUMNS})

    add(type="start", name="start")
    add(type="end", name="end")
    add(type="today", name="today")
    add(
        type="begin_group",
        name="company",
        **{
            "label::English (en)": GROUP_LABELS["company"][0],
            "label::Georgian (ka)": GROUP_LABELS["company"][1],
        },
    )
    add(
        type="select_one_from_file members.csv",
        name="member_id",
        required="true",
        **{"label::English (en)": "Member company", "label::Georgian (ka)": "წევრი კომპანია"},
    )
    add(
        type="integer",
        name="employees",
        required="true",
        constraint=". >= 0 and . <= 5000",
        **{
            "label::English (en)": "Number of employees",
            "label::Georgian (ka)": "დასაქმებულთა რაოდენობა",
            "constraint_message::English (en)": "Enter a number from 0 to 5000",
            "constraint_message::Georgian (ka)": "შეიყვანეთ რიცხვი 0-დან 5000-მდე",
        },
    )
    add(
        type="decimal",
        name="export_share",
        constraint=". >= 0 and . <= 100",
        **{
            "label::English (en)": "Share of sales exported (%)",
            "label::Georgian (ka)": "ექსპორტის წილი გაყიდვებში (%)",
            "constraint_message::English (en)": "Enter a percentage from 0 to 100",
            "constraint_message::Georgian (ka)": "შეიყვანეთ პროცენტი 0-დან 100-მდე",
        },
    )
    add(type="end_group", name="company")
    add(
        type="begin_repeat",
        name="products",
        **{
            "label::English (en)": GROUP_LABELS["products"][0],
            "label::Georgian (ka)": GROUP_LABELS["products"][1],
        },
    )
    for name, qtype, extra in (
        ("product_kind", "select_one product_kinds", {"required": "true"}),
        ("product_tonnes", "decimal", {"constraint": ". >= 0 and . <= 100000"}),
        ("product_imported", "select_one yes_no", {}),
    ):
        en, ka = PRODUCT_QUESTIONS[name]
        add(
            type=qtype,
            name=name,
            **extra,
            **{"label::English (en)": en, "label::Georgian (ka)": ka},
        )
    add(type="end_repeat", name="products")
    add(
        type="begin_group",
        name="capacity",
        **{
            "label::English (en)": GROUP_LABELS["capacity"][0],
            "label::Georgian (ka)": GROUP_LABELS["capacity"][1],
        },
    )
    message = {
        "constraint_message::English (en)": "Answer 1 to 5, or 9 for don't know",
        "constraint_message::Georgian (ka)": "უპასუხეთ 1-დან 5-მდე, ან 9, თუ არ იცით",
    }
    for dimension, (dim_en, dim_ka) in DIMENSIONS.items():
        add(
            type="begin_group",
            name=dimension,
            **{"label::English (en)": dim_en, "label::Georgian (ka)": dim_ka},
        )
        for item, (item_dimension, en, ka, _, _) in ITEMS.items():
            if item_dimension != dimension:
                continue
            for role, prefix, labeller in (
                ("importance", "imp", _importance_label),
                ("capability", "cap", _capability_label),
            ):
                label_en, label_ka = labeller(en, ka)
                add(
                    type="integer",
                    name=f"{prefix}_{item}",
                    required="true",
                    constraint=f"(. >= 1 and . <= {SCALE_MAX}) or . = {DONT_KNOW}",
                    capacity_item=item,
                    capacity_dimension=dimension,
                    capacity_role=role,
                    scale_max=SCALE_MAX,
                    dont_know=DONT_KNOW,
                    **{"label::English (en)": label_en, "label::Georgian (ka)": label_ka},
                    **message,
                )
        add(type="end_group", name=dimension)
    add(type="end_group", name="capacity")
    add(
        type="begin_group",
        name="support",
        **{
            "label::English (en)": GROUP_LABELS["support"][0],
            "label::Georgian (ka)": GROUP_LABELS["support"][1],
        },
    )
    add(
        type="select_multiple support",
        name="support_types",
        required="true",
        **{
            "label::English (en)": "Which kinds of support would your company use?",
            "label::Georgian (ka)": "რა სახის მხარდაჭერით ისარგებლებდა თქვენი კომპანია?",
        },
    )
    add(
        type="integer",
        name="satisfaction",
        required="true",
        constraint=". >= 1 and . <= 5",
        **{
            "label::English (en)": "How satisfied is your company with the cluster's services? "
            "(1 = not at all, 5 = fully)",
            "label::Georgian (ka)": "რამდენად კმაყოფილია თქვენი კომპანია კლასტერის მომსახურებით? "
            "(1 = საერთოდ არა, 5 = სრულიად)",
            "constraint_message::English (en)": "Enter a number from 1 to 5",
            "constraint_message::Georgian (ka)": "შეიყვანეთ რიცხვი 1-დან 5-მდე",
        },
    )
    add(
        type="text",
        name="comments",
        **{"label::English (en)": "Other comments", "label::Georgian (ka)": "სხვა კომენტარები"},
    )
    add(type="end_group", name="support")
    survey = pd.DataFrame(rows, columns=SURVEY_COLUMNS)

    choices = []
    for name, (en, ka) in SUPPORT.items():
        choices.append(("support", name, en, ka))
    for name, (_, en, ka, _, _) in ITEMS.items():
        choices.append(
            ("capacity_items", name, en[0].upper() + en[1:], ka)
        )  # Georgian has no capitals
    for name, (en, ka) in DIMENSIONS.items():
        choices.append(("capacity_dimensions", name, en, ka))
    for name, (en, ka) in PRODUCT_KINDS.items():
        choices.append(("product_kinds", name, en, ka))
    for name, (en, ka) in YES_NO.items():
        choices.append(("yes_no", name, en, ka))
    choices_frame = pd.DataFrame(
        choices, columns=["list_name", "name", "label::English (en)", "label::Georgian (ka)"]
    )
    settings = pd.DataFrame(
        [
            {
                "form_title": "Georgian Packaging Cluster capacity needs survey (SYNTHETIC)",
                "form_id": "gpc_capacity_needs",
                "version": "2025-2",
                "default_language": "English (en)",
            }
        ]
    )
    return survey, choices_frame, settings


# ------------------------------------------------------------------------------------------------
# Deterministic xlsx
# ------------------------------------------------------------------------------------------------


def _write_xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """Write sheets with openpyxl, then fix every date inside the archive so reruns are identical."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, frame in sheets.items():
        sheet = workbook.create_sheet(sheet_name)
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append(
                [
                    None
                    if (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA)
                    else v
                    for v in row
                ]
            )
    workbook.properties.created = FIXED_DATE
    workbook.properties.modified = FIXED_DATE
    workbook.properties.creator = "cluster-analysis example data"
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{stamp}\g<2>",
                    text,
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)
    path.write_bytes(out.getvalue())


# ------------------------------------------------------------------------------------------------
# Register and answers
# ------------------------------------------------------------------------------------------------


#: Invented distributions of the satisfaction answer (1..5) per wave.
SATISFACTION = (
    {"1": 0.05, "2": 0.10, "3": 0.25, "4": 0.40, "5": 0.20},
    {"1": 0.04, "2": 0.08, "3": 0.22, "4": 0.42, "5": 0.24},
)


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> list[str]:
    keys = list(options)
    probabilities = np.array([options[k] for k in keys], dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=n, p=probabilities / probabilities.sum())]


def _register(rng: np.random.Generator) -> pd.DataFrame:
    pairs = [(f, s) for f in NAME_FIRST for s in NAME_SECOND]
    order = rng.permutation(len(pairs))[:N_MEMBERS]
    types = _pick(rng, MEMBER_TYPES, N_MEMBERS)
    sizes = _pick(rng, SIZE_CLASSES, N_MEMBERS)
    regions = _pick(rng, REGIONS, N_MEMBERS)
    rows = []
    for i in range(N_MEMBERS):
        (first_ka, first_en), (second_ka, second_en) = pairs[order[i]]
        number = i + 1
        rows.append(
            {
                "member_id": f"GPC-{number:03d}",
                "name_ka": f'შპს "{first_ka} {second_ka}"',
                "name_en": f'LLC "{first_en} {second_en}"',
                "member_type": types[i],
                "size_class": sizes[i],
                "region": regions[i],
                "contact_person": f"Contact {number:03d} (fake)",
                "phone": f"+995 500 000 {number:03d}",
                "email": f"member{number:03d}@example.com",
            }
        )
    return pd.DataFrame(rows)


def _join_dates(
    rng: np.random.Generator, register: pd.DataFrame, first_respondents: list[str]
) -> pd.DataFrame:
    """Return ``register`` with ``joined`` (YYYY-MM-DD) after ``region``: founding members in
    2019-2020, joiners each year since, and the last few (none of whom answered the first wave)
    in 2026 before the second wave. Its own generator, so the waves' answers stay the same.
    Every member on the register is still a member (``left`` blank): the waves' response rates
    count the whole register."""
    ids = register["member_id"].tolist()
    late = [m for m in ids if m not in set(first_respondents)]
    late = [late[i] for i in sorted(rng.choice(len(late), size=min(4, len(late)), replace=False))]
    others = [m for m in ids if m not in late]
    order = rng.permutation(len(others))
    # Founders, then joiners per year: 41, 47, 52, 56 members at the end of 2022-2025 (the typed
    # values of the indicators example) and 60 by the 2026 wave.
    per_year = [(2019, 14), (2020, 6), (2021, 10), (2022, 11), (2023, 6), (2024, 5)]
    per_year.append((2025, len(others) - sum(n for _, n in per_year)))
    year_of: dict[str, int] = {}
    start = 0
    for year, n in per_year:
        for i in order[start : start + n]:
            year_of[others[i]] = year
        start += n
    joined: dict[str, str] = {}
    for member in ids:
        if member in late:
            day = pd.Timestamp(2026, 1, 15) + pd.Timedelta(days=int(rng.integers(0, 280)))
        else:
            year = year_of[member]
            # The 2025 joiners came before the first wave (November 2025).
            span = 300 if year == 2025 else 365
            day = pd.Timestamp(year, 1, 1) + pd.Timedelta(days=int(rng.integers(0, span)))
        joined[member] = day.strftime("%Y-%m-%d")
    out = register.copy()
    out.insert(out.columns.get_loc("region") + 1, "joined", out["member_id"].map(joined))
    out.insert(out.columns.get_loc("joined") + 1, "left", "")
    return out


def _respondents(rng: np.random.Generator, register: pd.DataFrame, n: int) -> list[str]:
    """Weighted sampling without replacement (Efraimidis-Spirakis): class propensities."""
    propensity = register["size_class"].map(RESPONSE_BY_SIZE) * register["member_type"].map(
        RESPONSE_BY_TYPE
    )
    keys = rng.random(len(register)) ** (1.0 / propensity.to_numpy())
    chosen = register["member_id"].to_numpy()[np.argsort(-keys)[:n]]
    return sorted(chosen.tolist())


def _answers(
    rng: np.random.Generator,
    register: pd.DataFrame,
    members: list[str],
    wave_index: int,
    latent: dict,
) -> pd.DataFrame:
    by_id = register.set_index("member_id")
    size_bonus = {"micro": -0.5, "small": -0.1, "medium": 0.3, "large": 0.7}
    rows = []
    for member in members:
        info = by_id.loc[member]
        level = latent[member]
        low, high = EMPLOYEES[info["size_class"]]
        employees = int(rng.integers(low, high + 1))
        export_share = float(
            np.clip(
                np.round(rng.gamma(1.5, 8.0) + 6 * level + 5 * (info["size_class"] == "large"), 1),
                0,
                95,
            )
        )
        row: dict[str, object] = {
            "member_id": member,
            "employees": employees,
            "export_share": export_share,
        }
        for item, (dimension, _, _, imp_mean, cap_mean) in ITEMS.items():
            type_effect = (
                0.4
                if (
                    info["member_type"] == "packaging_maker"
                    and dimension in {"compliance", "technology"}
                )
                else 0.0
            )
            importance = imp_mean + type_effect + 0.5 * level * 0.3 + rng.normal(0, 0.7)
            improvement = 0.35 * wave_index if dimension == "human_capacity" else 0.15 * wave_index
            capability = (
                cap_mean
                + 0.8 * level
                + size_bonus[info["size_class"]]
                + improvement
                + rng.normal(0, 0.7)
            )
            row[f"imp_{item}"] = int(np.clip(np.round(importance), 1, SCALE_MAX))
            row[f"cap_{item}"] = int(np.clip(np.round(capability), 1, SCALE_MAX))
            if rng.random() < 0.03:
                row[f"imp_{item}"] = DONT_KNOW
            if rng.random() < 0.05:
                row[f"cap_{item}"] = DONT_KNOW
        chosen = [
            s for s, p in zip(SUPPORT, (0.7, 0.35, 0.3, 0.55), strict=True) if rng.random() < p
        ]
        row["support_types"] = " ".join(chosen or ["training"])
        row["comments"] = None
        rows.append(row)
    return pd.DataFrame(rows)


def _meta(rng: np.random.Generator, n: int, first_day: datetime, version: str) -> pd.DataFrame:
    starts = [
        first_day + timedelta(days=int(rng.integers(0, 21)), minutes=int(rng.integers(0, 600)))
        for _ in range(n)
    ]
    durations = [timedelta(minutes=int(rng.integers(12, 40))) for _ in range(n)]
    uuids = [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(n)]
    ids = rng.choice(np.arange(300_000_000, 300_999_999), size=n, replace=False)
    frame = pd.DataFrame(
        {
            "start": [s.strftime("%Y-%m-%dT%H:%M:%S.000+04:00") for s in starts],
            "end": [
                (s + d).strftime("%Y-%m-%dT%H:%M:%S.000+04:00")
                for s, d in zip(starts, durations, strict=True)
            ],
            "today": [s.strftime("%Y-%m-%d") for s in starts],
            "_id": ids.astype(int),
            "_uuid": uuids,
            "_submission_time": [
                (s + d - timedelta(hours=4) + timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%S")
                for s, d in zip(starts, durations, strict=True)
            ],
            "_validation_status": None,
            "_notes": None,
            "_status": "submitted_via_web",
            "_submitted_by": None,
            "__version__": version,
            "_tags": None,
        }
    )
    return frame


def _products(seed: int, meta: pd.DataFrame) -> pd.DataFrame:
    """The ``products`` repeat sheet of wave 2025-2 in KoboToolbox's layout (XML names; the export
    writes labels): 0-3 rows per submission linked by ``_parent_index`` / ``_submission__uuid``,
    plus two deliberately bad rows: a negative tonnage (rejected) and a row whose submission is
    not in the export (an orphan). A separate generator, so the other files stay as they were."""
    rng = np.random.default_rng(seed + 1)
    kinds = list(PRODUCT_KINDS)
    rows: list[dict[str, object]] = []
    for position, submission in enumerate(meta["_uuid"]):
        for kind in rng.choice(kinds, size=int(rng.integers(0, 4)), replace=False):
            rows.append(
                {
                    "product_kind": str(kind),
                    "product_tonnes": float(round(rng.gamma(2.0, 15.0), 1)),
                    "product_imported": "yes" if rng.random() < 0.4 else "no",
                    "_parent_index": position + 1,
                    "_submission__uuid": submission,
                }
            )
    # Rejected: outside 0..100000 (on a submission that is itself valid, so it shows alone).
    bad = next(i for i, row in enumerate(rows) if int(str(row["_parent_index"])) > 12)
    rows[bad]["product_tonnes"] = -12.0
    rows.append(
        {
            "product_kind": "film",
            "product_tonnes": 3.5,
            "product_imported": "no",
            "_parent_index": len(meta) + 40,  # a submission deleted on the server: an orphan
            "_submission__uuid": str(uuid.UUID(bytes=rng.bytes(16), version=4)),
        }
    )
    frame = pd.DataFrame(rows)
    frame.insert(3, "_index", np.arange(1, len(frame) + 1))
    frame.insert(4, "_parent_table_name", "wave_2025-2")
    frame["_submission__id"] = None
    return frame


def _products_labelled(products: pd.DataFrame) -> pd.DataFrame:
    """The repeat sheet with Georgian label headers under the repeat's label, as the labels
    export of wave 2025-2 writes it (choices as Georgian labels too)."""
    group = GROUP_LABELS["products"][1]
    out = products.copy()
    out["product_kind"] = out["product_kind"].map(lambda k: PRODUCT_KINDS[k][1])
    out["product_imported"] = out["product_imported"].map(lambda k: YES_NO[k][1])
    return out.rename(columns={q: f"{group}/{ka}" for q, (_, ka) in PRODUCT_QUESTIONS.items()})


def _group_path(name: str) -> list[str]:
    if name in {"member_id", "employees", "export_share", "export_share_pct"}:
        return ["company"]
    if name.startswith(("imp_", "cap_")):
        return ["capacity", ITEMS[name.split("_", 1)[1]][0]]
    if name.startswith("support_types") or name in {"satisfaction", "comments"}:
        return ["support"]
    return []


def write(raw_dir: Path, seed: int = 20261123) -> list[Path]:
    """Write the synthetic survey example into ``raw_dir/survey`` and return the files written."""
    rng = np.random.default_rng(seed)
    root = Path(raw_dir) / "survey"
    (root / "exports").mkdir(parents=True, exist_ok=True)
    (root / "cleaning_logs").mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    survey, choices, settings = _form_frames()
    form_path = root / "form.xlsx"
    _write_xlsx(form_path, {"survey": survey, "choices": choices, "settings": settings})
    written.append(form_path)

    register = _register(rng)
    register_path = root / "register.csv"
    written.append(register_path)  # written after the waves: join dates follow who answered
    first_respondents: list[str] = []
    satisfaction_rng = np.random.default_rng(seed + 2)

    latent = dict(zip(register["member_id"], rng.normal(0, 1, N_MEMBERS), strict=True))
    labels_ka = dict(zip(survey["name"], survey["label::Georgian (ka)"], strict=True))
    support_ka = {k: v[1] for k, v in SUPPORT.items()}
    group_ka = {
        **{k: v[1] for k, v in GROUP_LABELS.items()},
        **{k: v[1] for k, v in DIMENSIONS.items()},
    }

    for wave_index, (wave, _, relative, n_members, first_day) in enumerate(WAVES):
        members = _respondents(rng, register, n_members)
        if wave_index == 0:
            first_respondents = list(members)
        answers = _answers(rng, register, members, wave_index, latent)
        # Satisfaction 1-5 from its own generator, so every other answer stays the same.
        answers.insert(
            answers.columns.get_loc("comments"),
            "satisfaction",
            _pick(satisfaction_rng, SATISFACTION[wave_index], len(answers)),
        )
        answers["satisfaction"] = answers["satisfaction"].astype(int)
        if wave_index == 0:
            # GPC member submitting twice in this wave (quarantined: duplicate_submission).
            again = answers.iloc[[3]].copy()
            again["employees"] = int(again["employees"].iloc[0]) + 1
            answers = pd.concat([answers, again], ignore_index=True)
            answers.loc[7, "imp_finance"] = 7  # outside 1..5 (quarantined: answer_out_of_range)
            answers.loc[11, "cap_gs1"] = 55  # typo fixed by the cleaning log
        else:
            answers.loc[5, "support_types"] = "training webinar"  # unknown choice
            stranger = answers.iloc[[9]].copy()
            stranger["member_id"] = "GPC-099"  # not on the register
            answers = pd.concat([answers, stranger], ignore_index=True)
        meta = _meta(
            rng, len(answers), first_day, version="2025-2" if wave_index == 0 else "2026-2"
        )
        frame = pd.concat([meta[["start", "end", "today"]], answers], axis=1)
        tail = meta.drop(columns=["start", "end", "today"])
        path = root / relative
        if wave_index == 0:
            # Kobo "labels" export in Georgian, with group paths (group labels) in the headers.
            out = pd.DataFrame(index=frame.index)
            for column in ["start", "end", "today"]:
                out[column] = frame[column]
            for column in answers.columns:
                groups = [group_ka[g] for g in _group_path(column)]
                header = "/".join([*groups, labels_ka[column]])
                if column == "support_types":
                    out[header] = frame[column].map(
                        lambda v: " ".join(support_ka[t] for t in v.split())
                    )
                elif column == "comments":
                    out[header] = None
                else:
                    out[header] = frame[column]
            out = pd.concat([out, tail], axis=1)
            out["_index"] = np.arange(1, len(out) + 1)
            products = _products_labelled(_products(seed, meta))
            _write_xlsx(path, {"wave_2025-2": out, "products": products})
            cleaning = pd.DataFrame(
                [
                    {
                        "uuid": meta.at[11, "_uuid"],
                        "question": "cap_gs1",
                        "old_value": "55",
                        "new_value": "5",
                        "change_type": "change_response",
                        "reason": "typing error confirmed by phone with the member",
                    },
                    {
                        "uuid": meta.at[20, "_uuid"],
                        "question": "employees",
                        "old_value": str(int(answers.at[20, "employees"]) + 100),
                        "new_value": str(int(answers.at[20, "employees"]) + 10),
                        "change_type": "change_response",
                        "reason": "old value copied wrongly: reported, not applied",
                    },
                ]
            )
            log_path = root / "cleaning_logs" / f"wave_{wave}.csv"
            cleaning.to_csv(log_path, index=False, lineterminator="\n")
            written.append(log_path)
        else:
            # Kobo "XML values and headers" csv: group paths, select_multiple as both forms, and
            # export_share renamed export_share_pct on the server.
            out = pd.DataFrame(index=frame.index)
            for column in ["start", "end", "today"]:
                out[column] = frame[column]
            for column in answers.columns:
                name = "export_share_pct" if column == "export_share" else column
                header = "/".join([*_group_path(name), name])
                out[header] = frame[column]
                if column == "support_types":
                    for choice in SUPPORT:
                        out[f"{header}/{choice}"] = frame[column].map(
                            lambda v, c=choice: int(c in v.split())
                        )
            out = pd.concat([out, tail], axis=1)
            out["_index"] = np.arange(1, len(out) + 1)
            out.to_csv(path, index=False, lineterminator="\n")
        written.append(path)

    bank = pd.DataFrame(
        [
            {
                "wave": "2026-2",
                "question": "export_share_pct",
                "stable_name": "export_share",
                "note": "renamed on the server before wave 2026-2",
            }
        ]
    )
    bank_path = root / "question_bank.csv"
    bank.to_csv(bank_path, index=False, lineterminator="\n")
    written.append(bank_path)

    targets_path = root / "targets.csv"
    pd.DataFrame(TARGETS, columns=TARGET_COLUMNS).to_csv(
        targets_path, index=False, lineterminator="\n"
    )
    written.append(targets_path)

    waves = pd.DataFrame(
        [
            {
                "file": WAVES[0][2],
                "wave": WAVES[0][0],
                "period": WAVES[0][1],
                "header_mode": "label",
                "language": "ka",
                "question_bank": "",
                "sheet": "",
            },
            {
                "file": WAVES[1][2],
                "wave": WAVES[1][0],
                "period": WAVES[1][1],
                "header_mode": "xml",
                "language": "",
                "question_bank": "question_bank.csv",
                "sheet": "",
            },
        ]
    )
    waves_path = root / "waves.csv"
    waves.to_csv(waves_path, index=False, lineterminator="\n")
    written.append(waves_path)

    dated = _join_dates(np.random.default_rng(seed + 1), register, first_respondents)
    dated.to_csv(register_path, index=False, lineterminator="\n")

    marker = root / "SYNTHETIC.md"
    marker.write_text(
        "# Synthetic example data (survey)\n\n"
        "Everything in this folder is SYNTHETIC, generated by `scripts/example_data/survey.py` with a\n"
        f"fixed seed ({seed}). No real company, person, phone number or e-mail is described:\n"
        "company names are invented from common Georgian words, phones are +995 500 000 NNN and\n"
        "e-mails use the reserved domain example.com. Answers are random numbers shaped to look\n"
        "plausible (correlated importance and capability, larger firms rating themselves higher).\n\n"
        "Deliberate problems, so the quarantine shows on the first run:\n"
        "- wave 2025-2: one member submits twice; an importance answer of 7 on a 1..5 scale;\n"
        "  a capability answer of 55 that the cleaning log corrects to 5; a cleaning-log entry whose\n"
        "  old value does not match the data (reported, not applied); in the `products` repeat\n"
        "  sheet a negative tonnage and a row whose submission is not in the export;\n"
        "- wave 2026-2: an unknown choice ('webinar') and a member id (GPC-099) missing from the\n"
        "  register; the question `export_share` is exported as `export_share_pct` and mapped back\n"
        "  by `question_bank.csv`.\n\n"
        "`targets.csv` holds invented gap targets (no real plan promised them).\n"
        "`register.csv`'s join dates are invented too (founders 2019-2020, joiners every year).\n\n"
        "სინთეზური მონაცემები: ამ საქაღალდეში ყველაფერი გამოგონილია და რეალურ კომპანიებს არ ეხება.\n",
        encoding="utf-8",
    )
    written.append(marker)
    return written


__all__ = ["write"]
