# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Bargaining pool / ერთობლივი შესყიდვა
# Set `lang = "ka"` in the parameters cell for the Georgian text (ქართული ტექსტისთვის პარამეტრების უჯრაში მიუთითეთ `lang = "ka"`).

# %% tags=["parameters"]
lang = "en"  # "en" or "ka"
category = "corrugated_board"  # a pool category code (see the ranking below)
period = "2026-Q4"  # a quarter in the processed data

# %%
import pandas as pd
from IPython.display import display

from cluster_analysis import metadata
from cluster_analysis.notebook import format_value, load, prose, show, synthetic, table
from cluster_analysis.outputs import FigureOutput, Meta, text
from cluster_analysis.pool import charts, figures
from cluster_analysis.pool.allocation import METHOD_LABELS
from cluster_analysis.pool.games import QuantityGame, core_check, least_core, shapley
from cluster_analysis.pool.tables import schedules_from_table
from cluster_analysis.pool.tiers import TierSchedule, TruckloadSchedule

pooled = load("pool", "pooled_volume")
costs = load("pool", "pooled_costs")
ranking = load("pool", "pool_ranking")
allocations = load("pool", "pool_allocations")
schedules = schedules_from_table(load("pool", "vendor_schedules"))
quarters, categories = ", ".join(sorted(pooled["period"].unique())), pooled["category"].nunique()
shown_category = charts.category_name(category, lang)
display(
    prose(
        lang,
        en=f"Quarters: {quarters}; categories: {categories}; showing **{shown_category}**, "
        f"**{period}**.",
        ka=f"კვარტლები: {quarters}; კატეგორიები: {categories}; ნაჩვენებია **{shown_category}**, "
        f"**{period}**.",
    )
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""The cluster's joint-purchasing pool after a run of `cluster-analysis run pool`: how much members
want to buy together (pooled volume, გაერთიანებული მოცულობა), which categories are worth pooling,
what the vendors' tier prices save against buying alone and against members' last prices, how
the pooled cost could be shared among members (Shapley value, proportional, equal price, ...), and
what each audience (office, members, vendors, donors) is allowed to see. Everything is read from
`data/processed/pool`; the notebook computes nothing itself (methods: `docs/methods.md`, sections
"Disclosure control" and "Bargaining pool"). Its charts come from the same builders as the
exported ones (`cluster_analysis.pool.figures`), with the same title, n and footnotes.

**Confidentiality.** Member-level volumes and prices are competitively sensitive. Sections marked
*office only* show member-level data and must not be shared; the last section shows exactly what
members, vendors and donors receive.""",
    ka="""კლასტერის ერთობლივი შესყიდვა `cluster-analysis run pool`-ის გაშვების შემდეგ: რამდენის ყიდვა სურთ წევრებს ერთად (გაერთიანებული მოცულობა), რომელ კატეგორიებში ღირს გაერთიანება, რამდენს ზოგავს მომწოდებლების საფეხურებრივი ფასები ცალკე ყიდვასთან და წევრების ბოლო ფასებთან შედარებით, როგორ შეიძლება გაერთიანებული ხარჯის განაწილება წევრებს შორის (შეპლის მნიშვნელობა, პროპორციული, ერთეულის თანაბარი ფასი, ...) და რისი ნახვა შეუძლია თითოეულ აუდიტორიას (ოფისი, წევრები, მომწოდებლები, დონორები). ყველაფერი იკითხება `data/processed/pool`-დან; რვეული თავად არაფერს ითვლის (მეთოდები: `docs/methods.md`, ნაწილები „Disclosure control“ და „Bargaining pool“). დიაგრამებს იგივე ფუნქციები აგებს, რაც ექსპორტირებულ ფაილებს (`cluster_analysis.pool.figures`), იმავე სათაურით, n-ით და სქოლიოებით.

**კონფიდენციალურობა.** წევრების დონის მოცულობები და ფასები კომერციულად მგრძნობიარეა. *მხოლოდ ოფისისთვის* მონიშნული ნაწილები წევრების დონის მონაცემებს აჩვენებს და არ უნდა გავრცელდეს; ბოლო ნაწილი ზუსტად იმას აჩვენებს, რასაც წევრები, მომწოდებლები და დონორები იღებენ.""",
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Pooled volume per category and quarter (office only)
One row per pool cell (category × base unit × quarter). Quantities are in the category's base
unit after unit conversion; units that cannot be converted (pallets vs tonne-km) are separate
cells. `expected_quantity` weights each submission by its commitment level (firm 0.95,
conditional 0.7, indicative 0.4); `largest_member_share` drives the disclosure rules.""",
    ka="""## გაერთიანებული მოცულობა კატეგორიისა და კვარტლის მიხედვით (მხოლოდ ოფისისთვის)
თითო სტრიქონი გაერთიანების უჯრაზე (კატეგორია × საბაზო ერთეული × კვარტალი). რაოდენობები კატეგორიის საბაზო ერთეულშია ერთეულების გადაყვანის შემდეგ; ერთეულები, რომელთა გადაყვანა შეუძლებელია (პალეტები და ტონა-კილომეტრები), ცალკე უჯრებია. მოსალოდნელი რაოდენობა თითოეულ განაცხადს ვალდებულების დონით წონის (მტკიცე 0,95, პირობითი 0,7, საორიენტაციო 0,4); უდიდესი წევრის წილი გამჟღავნების წესებს განსაზღვრავს.""",
)

# %%
table(pooled[pooled["category"] == category], lang, domain="pool")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Which categories are worth pooling
The screening score averages the percentile ranks of members buying, spend at last prices, the
best offer's projected savings and closeness to the next price break (rank 1 = most promising).
It is a screening heuristic, not a decision.""",
    ka="""## რომელ კატეგორიებში ღირს გაერთიანება
შერჩევის ქულა ოთხი პროცენტილური რანგის საშუალოა: მყიდველი წევრების რაოდენობა, ხარჯი ბოლო ფასებით, საუკეთესო შეთავაზების პროგნოზული დანაზოგი და სიახლოვე ფასის მომდევნო საფეხურთან (რანგი 1 = ყველაზე პერსპექტიული). ეს შერჩევის ევრისტიკაა და არა გადაწყვეტილება.""",
)

# %%
table(ranking, lang, domain="pool")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Savings against the schedule and against last prices
For each cell, the best vendor's offer: `savings_schedule` = Σ C(qᵢ) − C(Q), what pooling saves
against each member buying alone from the same vendor (cost avoidance); `savings_last_price` =
Σ p′ᵢ qᵢ − C(Q), against what members last paid (cost reduction). Both are projections
(პროგნოზი), not realised savings.""",
    ka="""## დანაზოგი ფასების სქემასთან და ბოლო ფასებთან შედარებით
თითოეული უჯრისთვის საუკეთესო მომწოდებლის შეთავაზება: `savings_schedule` = Σ C(qᵢ) − C(Q), რამდენს ზოგავს გაერთიანება იმავე მომწოდებლისგან თითოეული წევრის ცალკე ყიდვასთან შედარებით (აცილებული ხარჯი); `savings_last_price` = Σ p′ᵢ qᵢ − C(Q), წევრების ბოლო გადახდილ ფასებთან შედარებით (ხარჯის შემცირება). ორივე პროგნოზია და არა მიღებული დანაზოგი.""",
)

# %%
best = costs[costs["best_vendor"] & (costs["category"] == category)]
table(
    best,
    lang,
    domain="pool",
    columns=[
        "period",
        "vendor",
        "pricing",
        "members",
        "pooled_quantity",
        "standalone_cost",
        "pooled_cost",
        "savings_schedule",
        "savings_schedule_pct",
        "last_price_cost",
        "savings_last_price",
        "savings_last_price_pct",
        "next_break",
        "distance_to_next_break",
        "buy_up_quantity",
    ],
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## The best offer's tier ladder for the chosen cell
The vendor's unit prices against quantity, the pooled volume and the next break with the volume
still needed to reach it (for an incremental offer, each extra unit's tier price and the
average price paid).""",
    ka="""## საუკეთესო შეთავაზების ფასების კიბე არჩეული უჯრისთვის
მომწოდებლის ერთეულის ფასები რაოდენობის მიხედვით, გაერთიანებული მოცულობა და მომდევნო საფეხური იმ მოცულობით, რაც ჯერ კიდევ საჭიროა მის მისაღწევად (საფეხურებრივი შეთავაზებისთვის — ყოველი დამატებითი ერთეულის საფეხურის ფასი და გადახდილი საშუალო ფასი).""",
)

# %%
cell = best[best["period"] == period].iloc[0]
show(
    figures.tier_ladder_figure(
        metadata.figure_spec("pool", "pool_tier_ladder"),
        cell,
        schedules,
        synthetic=synthetic("pool"),
    ),
    lang,
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Sharing the pooled cost: every rule side by side (office only)
Savings per member (GEL) under each rule for the chosen cell; allocated costs add up to the pooled
cost C(Q) under every rule. `in_core` says whether no group of members would pay less buying on
its own. Equal unit price favours large members; serial cost sharing (Moulin-Shenker) charges
each member as if everyone bought at most its quantity.""",
    ka="""## გაერთიანებული ხარჯის განაწილება: ყველა წესი გვერდიგვერდ (მხოლოდ ოფისისთვის)
დანაზოგი წევრზე (ლარი) თითოეული წესით არჩეული უჯრისთვის; განაწილებული ხარჯების ჯამი ყველა წესით გაერთიანებულ ხარჯს C(Q) უდრის. `in_core` აჩვენებს, იხდის თუ არა წევრების რომელიმე ჯგუფი ნაკლებს, თუ ცალკე იყიდის. ერთეულის თანაბარი ფასი მსხვილ წევრებს ანიჭებს უპირატესობას; სერიული განაწილება (მულენ-შენკერი) თითოეულ წევრს ისე ახდევინებს, თითქოს ყველა მაქსიმუმ მის რაოდენობას ყიდულობდეს.""",
)

# %%
chosen = allocations[(allocations["category"] == category) & (allocations["period"] == period)]
by_rule = chosen.pivot(index="member", columns="method", values="savings").sort_index()
table(by_rule.reset_index(), lang, domain="pool", headers=METHOD_LABELS)

# %%
show(
    figures.allocation_rules_figure(
        metadata.figure_spec("pool", "pool_allocation_rules"),
        cell,
        allocations,
        synthetic=synthetic("pool"),
    ),
    lang,
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Hand demo: a tier schedule (ფასების საფეხურები)
All-units pricing with breaks at 100 and 300: 10 GEL below 100, 9 GEL from 100, 8 GEL from 300.
Boundary rule (a declared choice): **a quantity exactly on a break pays the higher tier's lower
price**, so 100 units cost 900 GEL while 99 units cost 990 GEL. Because all-units cost is not
monotone, buying 290 units costs 2,610 GEL but ordering 300 costs only 2,400 GEL: the buy-up
option.""",
    ka="""## სასწავლო მაგალითი: ფასების საფეხურები
ფასი მთელ შეკვეთაზე საფეხურებით 100-სა და 300-ზე: 10 ლარი 100-მდე, 9 ლარი 100-დან, 8 ლარი 300-დან. საზღვრის წესი (გაცხადებული არჩევანი): **რაოდენობა ზუსტად საფეხურის ზღვარზე უფრო მაღალი საფეხურის, ანუ დაბალ ფასს იხდის**, ამიტომ 100 ერთეული 900 ლარი ღირს, ხოლო 99 ერთეული — 990 ლარი. რადგან ასეთი ხარჯი რაოდენობასთან ერთად ყოველთვის არ იზრდება, 290 ერთეული 2 610 ლარი ღირს, 300-ის შეკვეთა კი მხოლოდ 2 400 ლარი: ეს არის შეკვეთის გაზრდის შესაძლებლობა.""",
)

# %%
demo = TierSchedule(breaks=[100, 300], unit_prices=[10, 9, 8], mode="all_units")
table(
    pd.DataFrame(
        {
            "quantity": [99, 100, 290, 300],
            "tier": demo.tier_index([99, 100, 290, 300]),
            "cost_gel": demo.cost([99, 100, 290, 300]),
        }
    ),
    lang,
    headers={
        "quantity": {"en": "Quantity", "ka": "რაოდენობა"},
        "tier": {"en": "Tier (0 = first)", "ka": "საფეხური (0 = პირველი)"},
        "cost_gel": {"en": "Cost, GEL", "ka": "ღირებულება, ლარი"},
    },
)

# %%
demo.buy_up_option(290)

# %%
show(
    FigureOutput(
        name="demo_ladder",
        build=lambda language: charts.tier_ladder(demo, 290, language, unit="KGM"),
        meta=Meta(
            title=text("Demo: all-units tier ladder", "დემო: ფასების კიბე"),
            source=text(
                "Worked example with made-up prices, not cluster data",
                "სასწავლო მაგალითი პირობითი ფასებით, არა კლასტერის მონაცემები",
            ),
        ),
        audience="office",
    ),
    lang,
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Hand demo: a truckload game with an empty core (ცარიელი ბირთვი)
Three members need 5 pallets each; a truck carries 10 pallets for 100 GEL. Alone each pays 100;
any pair fills one truck (100); all three need two trucks (200). The core needs every pair to pay
at most 100, so the three together pay at most 150 < 200: **no split is stable**. The Shapley
value (200/3 each) lets every pair pay 33.33 GEL more than its own truck; the least core says
that excess (ε) cannot be made smaller. This is why package and all-units prices need checking.""",
    ka="""## სასწავლო მაგალითი: სატვირთო მანქანის თამაში ცარიელი ბირთვით
სამ წევრს თითოეულს 5 პალეტი სჭირდება; მანქანა 10 პალეტს 100 ლარად ზიდავს. ცალკე თითოეული 100-ს იხდის; ნებისმიერი წყვილი ერთ მანქანას ავსებს (100); სამივეს ერთად ორი მანქანა სჭირდება (200). ბირთვი მოითხოვს, რომ ყოველმა წყვილმა მაქსიმუმ 100 გადაიხადოს, ამიტომ სამივე ერთად მაქსიმუმ 150 < 200-ს იხდის: **სტაბილური განაწილება არ არსებობს**. შეპლის მნიშვნელობით (თითოეულს 200/3) ყოველი წყვილი საკუთარ მანქანაზე 33,33 ლარით მეტს იხდის; უმცირესი ბირთვი აჩვენებს, რომ ამ გადამეტების (ε) შემცირება შეუძლებელია. ამიტომ საჭიროა პაკეტის და მთელ შეკვეთაზე ფასების შემოწმება.""",
)

# %%
truck_game = QuantityGame({"a": 5, "b": 5, "c": 5}, TruckloadSchedule(10, 100))
shares = shapley(truck_game)
check = core_check(truck_game, shares)
least_core_shares, epsilon = least_core(truck_game)
excess, eps = (format_value(v, "money", lang, 2) for v in (check.max_excess, epsilon))
in_core = format_value(bool(check.in_core), "text", lang)
display(
    prose(
        lang,
        en=f"In the core: **{in_core}** (largest excess {excess} GEL); least-core ε = {eps} GEL.",
        ka=f"ბირთვშია: **{in_core}** (უდიდესი გადამეტება {excess} ლარი); უმცირესი ბირთვის "
        f"ε = {eps} ლარი.",
    )
)
table(
    pd.DataFrame({"shapley_gel": shares, "least_core_gel": least_core_shares})
    .rename_axis("member")
    .reset_index(),
    lang,
    headers={
        "member": {"en": "Member", "ka": "წევრი"},
        "shapley_gel": {"en": "Shapley value, GEL", "ka": "შეპლის მნიშვნელობა, ლარი"},
        "least_core_gel": {"en": "Least core, GEL", "ka": "უმცირესი ბირთვი, ლარი"},
    },
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## What each audience sees
**Members** (წევრები): pooled volume and the best offer's projected savings per cell. **Vendors**
(მომწოდებლები): pooled and firm volume per cell, no savings. **Donors** (დონორები): category
totals over all quarters but the latest (lagged), in GEL, with the all-categories total. A cell is
hidden (–) when it has fewer than 5 members or one member holds more than 25 % of it, and further
cells are hidden so that no hidden value can be worked out from a published total.""",
    ka="""## რას ხედავს თითოეული აუდიტორია
**წევრები**: გაერთიანებული მოცულობა და საუკეთესო შეთავაზების პროგნოზული დანაზოგი უჯრების მიხედვით. **მომწოდებლები**: გაერთიანებული და მტკიცე მოცულობა უჯრების მიხედვით, დანაზოგის გარეშე. **დონორები**: კატეგორიების ჯამები ყველა კვარტალზე, გარდა ბოლოსი (დაყოვნებით), ლარში, ყველა კატეგორიის ჯამით. უჯრა დაფარულია (–), როცა მასში 5-ზე ნაკლები წევრია ან ერთ წევრზე 25 %-ზე მეტი მოდის, და დამატებითი უჯრებიც იფარება, რომ არც ერთი დაფარული მნიშვნელობა არ გამოითვალოს გამოქვეყნებული ჯამიდან.""",
)

# %%
table(load("pool", "published_pooled_volume").query("category == @category"), lang, domain="pool")

# %%
table(load("pool", "published_pooled_savings").query("category == @category"), lang, domain="pool")

# %%
table(load("pool", "published_vendor_volume").query("category == @category"), lang, domain="pool")

# %%
table(load("pool", "published_category_totals"), lang, domain="pool")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Suppression log (office only)
Every hidden cell, once per published table that shows it: the rule (threshold, dominance or
secondary), the number of members in the cell and why.""",
    ka="""## დაფარვის ჟურნალი (მხოლოდ ოფისისთვის)
ყოველი დაფარული უჯრა, ერთხელ ყოველ გამოქვეყნებულ ცხრილზე, რომელიც მას აჩვენებს: წესი (ზღვარი, დომინირება ან მეორადი), უჯრაში წევრების რაოდენობა და მიზეზი.""",
)

# %%
table(load("pool", "pool_suppression_log"), lang, domain="pool")
