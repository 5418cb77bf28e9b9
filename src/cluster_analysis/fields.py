"""Column dictionary: what each processed column means, in English and Georgian, with its unit.

Declared once here and reused: the pipeline writes ``data_dictionary`` (every processed table's
columns with type, description and unit) to data/processed and to reports/data_dictionary.xlsx, so
an analyst opening a parquet file knows what each column holds. Columns named by a pattern (the
survey's ``imp_*`` / ``cap_*`` answer columns, multi-select children ``q/choice``) are described by
rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Field:
    """One column's meaning: bilingual description and unit (empty when unitless)."""

    name: str
    en: str
    ka: str
    unit: str = ""


_F = Field
FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        _F(
            "member_id",
            "Stable member id from the cluster register",
            "წევრის მუდმივი იდენტიფიკატორი რეესტრიდან",
        ),
        _F(
            "respondent_id",
            "Member who answered (stable id)",
            "მოპასუხე წევრი (მუდმივი იდენტიფიკატორი)",
        ),
        _F(
            "member_type",
            "Packaging maker, packaging user, service provider or other",
            "შეფუთვის მწარმოებელი, მომხმარებელი, მომსახურების მიმწოდებელი ან სხვა",
        ),
        _F(
            "size_class",
            "Enterprise size class (micro, small, medium, large)",
            "საწარმოს ზომის კლასი",
        ),
        _F("region", "Region of the member's main site", "წევრის ძირითადი საქმიანობის რეგიონი"),
        _F("wave", "Survey wave id", "კვლევის ტალღის იდენტიფიკატორი"),
        _F("period", "Reporting period", "საანგარიშო პერიოდი"),
        _F(
            "item",
            "Capacity item declared in the form",
            "ფორმაში განსაზღვრული შესაძლებლობის საკითხი",
        ),
        _F("dimension", "Capacity dimension the item belongs to", "შესაძლებლობის განზომილება"),
        _F(
            "importance",
            "Importance of the item to the member",
            "საკითხის მნიშვნელობა წევრისთვის",
            "scale 1-5",
        ),
        _F(
            "capability",
            "Member's current capability on the item",
            "წევრის ამჟამინდელი შესაძლებლობა",
            "scale 1-5",
        ),
        _F(
            "n",
            "Base: respondents or members counted",
            "ბაზა: დათვლილი მოპასუხეები ან წევრები",
            "count",
        ),
        _F(
            "importance_mean",
            "Mean importance over the n pairs",
            "მნიშვნელობის საშუალო",
            "scale 1-5",
        ),
        _F(
            "capability_mean",
            "Mean capability over the n pairs",
            "შესაძლებლობის საშუალო",
            "scale 1-5",
        ),
        _F(
            "gap_mean",
            "Mean discrepancy importance minus capability",
            "საშუალო სხვაობა (მნიშვნელობა − შესაძლებლობა)",
            "scale points",
        ),
        _F(
            "mwds",
            "Borich mean weighted discrepancy score",
            "ბორიჩის შეწონილი სხვაობის საშუალო",
            "score",
        ),
        _F("rank", "Rank by MWDS (1 = largest need) within its group", "რანგი MWDS-ის მიხედვით"),
        _F(
            "critical_gap_share",
            "Share with importance >= m-1 and capability <= 2",
            "კრიტიკული ხარვეზის წილი",
            "share",
        ),
        _F(
            "critical_gap_low",
            "Wilson interval, lower bound",
            "უილსონის ინტერვალის ქვედა ზღვარი",
            "share",
        ),
        _F(
            "critical_gap_high",
            "Wilson interval, upper bound",
            "უილსონის ინტერვალის ზედა ზღვარი",
            "share",
        ),
        _F(
            "suppressed",
            "True when the cell is hidden by disclosure control",
            "დამალულია კონფიდენციალურობის წესით",
        ),
        _F(
            "weight",
            "Non-response weight N_h / n_h of the member's class",
            "უპასუხობის წონა",
            "weight",
        ),
        _F(
            "response_rate",
            "Members who answered / members on the register",
            "პასუხის მაჩვენებელი",
            "share",
        ),
        _F("indicator", "Indicator id from the catalogue", "ინდიკატორის იდენტიფიკატორი"),
        _F("place", "Canonical place id (normalize_place)", "ადგილის კანონიკური იდენტიფიკატორი"),
        _F("year", "Calendar year", "კალენდარული წელი", "year"),
        _F("value", "Observed value", "დაკვირვებული მნიშვნელობა", "indicator unit"),
        _F("unit", "Unit of measure", "საზომი ერთეული"),
        _F("source", "Source (means of verification)", "წყარო (გადამოწმების საშუალება)"),
        _F(
            "source_quality", "Source rank: official > secondary > company > news", "წყაროს ხარისხი"
        ),
        _F("baseline_value", "Baseline value", "საბაზისო მნიშვნელობა", "indicator unit"),
        _F("baseline_year", "Baseline year", "საბაზისო წელი", "year"),
        _F("target_value", "Target value", "სამიზნე მნიშვნელობა", "indicator unit"),
        _F("target_year", "Target year", "სამიზნე წელი", "year"),
        _F(
            "latest_value",
            "Latest observed value",
            "ბოლო დაკვირვებული მნიშვნელობა",
            "indicator unit",
        ),
        _F("latest_year", "Year of the latest value", "ბოლო მნიშვნელობის წელი", "year"),
        _F("achievement", "(current - baseline) / (next target - baseline)", "მიღწევა", "share"),
        _F(
            "expected",
            "Share of the way to target expected by now (linear)",
            "მოსალოდნელი პროგრესი",
            "share",
        ),
        _F("status", "Achieved / on track / at risk / off track / no data / manual", "სტატუსი"),
        _F("cagr", "Compound annual growth rate", "წლიური საშუალო ზრდის ტემპი", "share per year"),
        _F("direction", "Desired direction: increase or decrease", "სასურველი მიმართულება"),
        _F("category", "Purchase category", "შესყიდვის კატეგორია"),
        _F(
            "quantity",
            "Quantity in the category's base unit",
            "რაოდენობა ბაზურ ერთეულში",
            "base unit",
        ),
        _F("commitment", "Indicative, conditional or firm", "ვალდებულების დონე"),
        _F("currency", "Currency of the last price paid", "ბოლო ფასის ვალუტა"),
        _F(
            "pooled_quantity",
            "Sum of members' quantities in the cell",
            "გაერთიანებული რაოდენობა",
            "base unit",
        ),
        _F(
            "pooled_cost",
            "Cost of the pooled quantity on the schedule",
            "გაერთიანებული შესყიდვის ღირებულება",
            "GEL",
        ),
        _F(
            "standalone_cost",
            "Cost if the member bought alone",
            "ცალკე შესყიდვის ღირებულება",
            "GEL",
        ),
        _F(
            "allocated_cost",
            "Member's share of the pooled cost",
            "წევრზე განაწილებული ღირებულება",
            "GEL",
        ),
        _F("savings", "Standalone cost minus allocated cost", "დანაზოგი", "GEL"),
        _F("members", "Members contributing to the cell", "უჯრის წევრების რაოდენობა", "count"),
        _F("text_en", "Finding in English", "მიგნება ინგლისურად"),
        _F("text_ka", "Finding in Georgian", "მიგნება ქართულად"),
        _F(
            "audience",
            "Who may see it: office, members, vendors, donors",
            "ვისთვისაა: ოფისი, წევრები, მომწოდებლები, დონორები",
        ),
        _F("domain", "Data stream: survey, indicators or pool", "მონაცემთა ნაკადი"),
        _F(
            "level",
            "Results level (impact/outcome/output) or place level",
            "შედეგის დონე ან ადგილის დონე",
        ),
        _F(
            "disaggregation",
            "Disaggregation the indicator needs (e.g. sex)",
            "დეზაგრეგაცია (მაგ. სქესი)",
        ),
        _F("milestones", "Intermediate targets, year:value separated by |", "შუალედური სამიზნეები"),
        _F("kind", "Quantitative or qualitative", "რაოდენობრივი ან თვისებრივი"),
        _F(
            "manual_status",
            "Status set by hand for a qualitative indicator",
            "ხელით მინიჭებული სტატუსი",
        ),
        _F("manual_reason", "Why the manual status was set", "ხელით სტატუსის მიზეზი"),
        _F("check", "Name of the failed check", "შემოწმების სახელი"),
        _F("sex", "Sex disaggregation: female, male or total", "სქესი: ქალი, კაცი ან სულ"),
        _F(
            "break",
            "True where a series break (method change) starts",
            "მწკრივის წყვეტა (მეთოდის ცვლილება)",
        ),
        _F("note", "Processing note", "დამუშავების შენიშვნა"),
        _F("synthetic", "True for synthetic example data", "სინთეზური სანიმუშო მონაცემები"),
        _F("period_type", "Kind of period (census, estimate, year ...)", "პერიოდის ტიპი"),
        _F("source_url", "Address of the source", "წყაროს მისამართი"),
        _F(
            "next_target_value",
            "Milestone or target used for achievement",
            "მიღწევისთვის გამოყენებული სამიზნე",
            "indicator unit",
        ),
        _F("next_target_year", "Year of that milestone or target", "ამ სამიზნის წელი", "year"),
        _F(
            "effective_baseline_value",
            "Baseline after a series break",
            "საბაზისო მნიშვნელობა წყვეტის შემდეგ",
            "indicator unit",
        ),
        _F(
            "effective_baseline_year",
            "Year of the effective baseline",
            "ეფექტური საბაზისო წელი",
            "year",
        ),
        _F("series_break_year", "Year a series break starts", "წყვეტის წელი", "year"),
        _F("n_points", "Observations used", "გამოყენებული დაკვირვებები", "count"),
        _F("method", "Progress method: achievement or open_sdg", "პროგრესის მეთოდი"),
        _F("vendor", "Vendor whose offer is priced", "მომწოდებელი"),
        _F("member", "Member id (office view only)", "წევრის იდენტიფიკატორი (მხოლოდ ოფისი)"),
        _F("in_core", "True when the allocation is in the core", "განაწილება ბირთვშია"),
        _F(
            "base_unit",
            "Unit all quantities of the category are converted to",
            "კატეგორიის ბაზური ერთეული",
        ),
        _F("factor", "Conversion factor to the base unit", "ბაზურ ერთეულზე გადაყვანის კოეფიციენტი"),
        _F("last_unit_price", "Last unit price paid, in its currency", "ბოლო ერთეულის ფასი"),
        _F("last_price_gel", "Last unit price paid, in GEL", "ბოლო ერთეულის ფასი ლარში", "GEL"),
        _F("rate_date", "Date of the exchange rate used", "გაცვლითი კურსის თარიღი", "date"),
        _F("spend_gel", "Pooled spend on the offer", "გაერთიანებული ხარჯი", "GEL"),
        _F("spend_last_prices_gel", "Spend at members' last prices", "ხარჯი ბოლო ფასებით", "GEL"),
        _F(
            "savings_schedule",
            "Savings of pooling against buying alone on the schedule",
            "დანაზოგი ცალკე შესყიდვასთან შედარებით",
            "GEL",
        ),
        _F(
            "savings_last_price",
            "Savings against members' last prices",
            "დანაზოგი ბოლო ფასებთან შედარებით",
            "GEL",
        ),
        _F(
            "next_break",
            "Quantity at which the next tier starts",
            "შემდეგი საფეხურის ზღვარი",
            "base unit",
        ),
        _F(
            "distance_to_next_break",
            "Quantity still needed to reach the next tier",
            "შემდეგ საფეხურამდე დარჩენილი რაოდენობა",
            "base unit",
        ),
        _F(
            "expected_quantity",
            "Quantity weighted by probability of realisation per commitment level",
            "მოსალოდნელი რაოდენობა",
            "base unit",
        ),
        _F(
            "largest_member_share",
            "Share of the cell held by its largest member",
            "უდიდესი წევრის წილი",
            "share",
        ),
        _F("scale_max", "Top of the answer scale", "სკალის მაქსიმუმი"),
        _F("question", "Question name in the form", "კითხვის სახელი ფორმაში"),
        _F("old_value", "Value before the cleaning-log change", "მნიშვნელობა ცვლილებამდე"),
        _F("new_value", "Value after the cleaning-log change", "მნიშვნელობა ცვლილების შემდეგ"),
        _F("uuid", "Submission uuid", "წარდგენის uuid"),
        _F(
            "change_type",
            "change_response / blank_response / remove_survey / no_action",
            "ცვლილების ტიპი",
        ),
    ]
}

_PATTERNS: list[tuple[re.Pattern[str], Field]] = [
    (
        re.compile(r"^imp_(.+)$"),
        _F("imp_*", "Importance answer for item {0}", "მნიშვნელობის პასუხი: {0}", "scale 1-5"),
    ),
    (
        re.compile(r"^cap_(.+)$"),
        _F("cap_*", "Capability answer for item {0}", "შესაძლებლობის პასუხი: {0}", "scale 1-5"),
    ),
    (
        re.compile(r"^(.+)/(.+)$"),
        _F(
            "q/choice",
            "1 when choice '{1}' of '{0}' was selected",
            "1, თუ '{0}'-ში არჩეულია '{1}'",
            "0/1",
        ),
    ),
    (
        re.compile(r"^_(.+)$"),
        _F("_meta", "KoboToolbox metadata column '{0}'", "KoboToolbox-ის მეტამონაცემი '{0}'"),
    ),
    (re.compile(r"^(.+)_en$"), _F("*_en", "{0}, in English", "{0}, ინგლისურად")),
    (re.compile(r"^(.+)_ka$"), _F("*_ka", "{0}, in Georgian", "{0}, ქართულად")),
]


def describe_column(name: str) -> Field | None:
    """Return the declared meaning of a column, by name or by pattern; None when undeclared."""
    if name in FIELDS:
        return FIELDS[name]
    for pattern, field in _PATTERNS:
        match = pattern.match(name)
        if match:
            groups = match.groups()
            return Field(name, field.en.format(*groups), field.ka.format(*groups), field.unit)
    return None


def data_dictionary(processed_dir: Path) -> pd.DataFrame:
    """Return one row per column of every processed parquet table under ``processed_dir``:
    domain, table, column, dtype, description (en, ka) and unit."""
    import pyarrow.parquet as pq

    rows = []
    for path in sorted(Path(processed_dir).glob("*/*.parquet")):
        schema = pq.read_schema(path)
        for column in schema.names:
            field = describe_column(column)
            rows.append(
                {
                    "domain": path.parent.name,
                    "table": path.stem,
                    "column": column,
                    "dtype": str(schema.field(column).type),
                    "description_en": field.en if field else "",
                    "description_ka": field.ka if field else "",
                    "unit": field.unit if field else "",
                }
            )
    return pd.DataFrame(
        rows,
        columns=["domain", "table", "column", "dtype", "description_en", "description_ka", "unit"],
    )
