"""The pool's sentences for the donor brief and its method notes (pure; never a member-level
number)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cluster_analysis.numbers import period_label
from cluster_analysis.outputs import Finding, Text, text
from cluster_analysis.pool.pooling import COMMITMENT_PROBABILITIES
from cluster_analysis.pool.tables import MAX_MEMBER_SHARE
from cluster_analysis.pool.views import TOTAL

DOMAIN = "pool"


def pool_findings(
    pool_demand: pd.DataFrame,
    category_totals: pd.DataFrame,
    *,
    rows_in: int,
    rows_rejected: int,
    period: str,
    source: Text | None,
) -> list[Finding]:
    """Return who took part, and the projected savings of the published (lagged) totals.

    ``category_totals`` is the donors' view (with its ``suppressed`` column); ``rows_in`` and
    ``rows_rejected`` count the demand submissions read and quarantined.
    """
    published = category_totals[~category_totals["suppressed"]]
    n_members = int(pool_demand["member_id"].nunique())
    n_categories = pool_demand["category"].nunique()
    findings = [
        Finding(
            domain=DOMAIN,
            text=text(
                f"{n_members} members submitted planned purchases in {n_categories} categories "
                f"({rows_rejected} of {rows_in} submissions quarantined).",
                f"{n_members} წევრმა წარადგინა დაგეგმილი შესყიდვები {n_categories} კატეგორიაში "
                f"(საკარანტინოა {rows_in}-დან {rows_rejected} განაცხადი).",
            ),
            n=n_members,
            period=period,
            source=source,
            audience="donors",
        )
    ]
    grand = published[published["category"] == TOTAL]
    categories = published[published["category"] != TOTAL]
    if len(grand) and pd.notna(grand["projected_savings_gel"].iloc[0]):
        scope_en, scope_ka = "all categories", "ყველა კატეგორიის"
        chosen = grand
    elif len(categories) and categories["projected_savings_gel"].notna().any():
        scope_en, scope_ka = "the published categories", "გამოქვეყნებული კატეგორიების"
        chosen = categories
    else:
        return findings
    savings = float(np.nansum(chosen["projected_savings_gel"].astype("float64")))
    spend = float(np.nansum(chosen["spend_last_prices_gel"].astype("float64")))
    share = 100 * savings / spend if spend else 0.0
    window = str(chosen["periods"].iloc[0])
    findings.append(
        Finding(
            domain=DOMAIN,
            text=text(
                f"Pooling {scope_en} would save a projected {savings:,.0f} GEL ({share:.1f} % of "
                f"spend at members' last prices) in {window}.",
                f"{scope_ka} გაერთიანებით პროგნოზული დანაზოგი {savings:,.0f} ლარია (ხარჯის "
                f"{share:.1f} % წევრების ბოლო ფასებით); პერიოდი: {period_label(window, 'ka')}.",
            ),
            n=int(chosen["members"].max()),
            period=window,
            source=source,
            audience="donors",
        )
    )
    return findings


def method_notes(min_count: int) -> list[Text]:
    """Return the pool's method notes for the brief (``min_count``: the smallest publishable
    cell). Formulas: docs/methods.md#bargaining-pool."""
    firm, conditional, indicative = (
        COMMITMENT_PROBABILITIES[level] for level in ("firm", "conditional", "indicative")
    )
    return [
        text(
            "Expected pooled volume weights each submission by the declared chance it is bought: "
            f"firm {firm}, conditional {conditional}, indicative {indicative}.",
            "მოსალოდნელი გაერთიანებული მოცულობა თითოეულ განაცხადს ითვალისწინებს შესყიდვის "
            f"გამოცხადებული ალბათობით: მტკიცე {firm}, პირობითი {conditional}, საორიენტაციო "
            f"{indicative}.",
        ),
        text(
            "Savings are projections from submissions and offers, not realised savings. A "
            "quantity exactly on a tier break pays the higher tier's price.",
            "დანაზოგი პროგნოზია განაცხადებისა და შეთავაზებების საფუძველზე და არა რეალიზებული "
            "დანაზოგი. საფეხურის ზღვარზე მყოფი რაოდენობა უფრო მაღალი საფეხურის ფასს იხდის.",
        ),
        text(
            f"Shared tables hide cells with fewer than {min_count} members or one member above "
            f"{MAX_MEMBER_SHARE:.0%} of the cell, plus cells that would reveal them by "
            "subtraction from a published total. The firm, conditional and indicative parts of a "
            "pooled volume are cells of their own under the same rules. Donors see category "
            "totals without the latest quarter.",
            f"საერთო ცხრილებში დამალულია უჯრები {min_count}-ზე ნაკლები წევრით ან ერთი წევრის "
            f"{MAX_MEMBER_SHARE:.0%}-ზე მეტი წილით, ასევე უჯრები, რომლებიც გამოქვეყნებული "
            "ჯამიდან გამოკლებით მათ გაამჟღავნებდა. გაერთიანებული მოცულობის მტკიცე, პირობითი და "
            "საორიენტაციო ნაწილები ცალკე უჯრებად განიხილება და მათზეც იგივე წესები ვრცელდება. "
            "დონორები ხედავენ კატეგორიების ჯამებს ბოლო კვარტლის გარეშე.",
        ),
    ]
