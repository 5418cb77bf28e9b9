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
# # 01 · Capacity-gap survey / შესაძლებლობების ხარვეზების კვლევა
# Set `lang = "ka"` in the next cell for the Georgian text, charts and tables
# (ქართული ტექსტისთვის, დიაგრამებისა და ცხრილებისთვის მომდევნო უჯრაში მიუთითეთ `lang = "ka"`).

# %% tags=["parameters"]
wave = "2026-2"  # survey wave id (waves.csv)
lang = "en"  # "en" or "ka"

# %%
from IPython.display import display

from cluster_analysis.config import Settings
from cluster_analysis.notebook import load, prose, show, sql, synthetic, table
from cluster_analysis.survey.figures import FIGURE_TABLES, processed_figures

tables = {name: load("survey", name) for name in FIGURE_TABLES}
figures = processed_figures(tables, min_cell=Settings().min_cell, synthetic=synthetic("survey"))
needs = tables["needs_assessment"]
waves = ", ".join(needs["wave"].unique())
display(
    prose(
        lang,
        en=f"Waves in the processed data: {waves}; showing **{wave}**.",
        ka=f"დამუშავებულ მონაცემებში არსებული ტალღები: {waves}; ნაჩვენებია **{wave}**.",
    )
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""The member survey of the Georgian Packaging Cluster after a run of `cluster-analysis run
survey`: who answered (response rates), which capacity needs are largest by the Borich mean weighted
discrepancy score (MWDS), how sure that ranking is (bootstrap), how members rate their own capability
and its importance, what changed between waves for the same members, and whether declared gap
targets are met. Everything is read from `data/processed/survey`; the charts come from the same
builders as the exported figures, with the same title, subtitle (unit, period, n) and footnote
(source, synthetic data). Methods: `docs/methods.md` (capacity-gap scoring; intervals, weights and
small populations; disclosure control).""",
    ka="""საქართველოს შეფუთვის კლასტერის წევრების გამოკითხვა `cluster-analysis run survey`-ის გაშვების
შემდეგ: ვინ უპასუხა (პასუხის მაჩვენებლები), რომელი საჭიროებებია ყველაზე დიდი ბორიჩის საშუალო შეწონილი
სხვაობის ქულით (MWDS), რამდენად სანდოა ეს რანჟირება (ბუტსტრეპი), როგორ აფასებენ წევრები საკუთარ
შესაძლებლობას და მის მნიშვნელოვნებას, რა შეიცვალა ტალღებს შორის იმავე წევრებისთვის და მიღწეულია თუ
არა დასახული სამიზნეები. ყველაფერი იკითხება `data/processed/survey`-დან; დიაგრამებს იგივე ფუნქციები
აგებს, რაც ექსპორტირებულ ფაილებს, იმავე სათაურით, ქვესათაურით (ერთეული, პერიოდი, n) და სქოლიოთი
(წყარო, სინთეზური მონაცემები). მეთოდები: `docs/methods.md`.""",
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Who answered: response rate by class (office only)
A membership survey is a census with non-response. Each class (member type × size class) has its
register count N, respondents n, response rate and non-response weight w = N/n; classes with fewer
than 3 respondents are collapsed. This table is member-level detail for the cluster office; donors
only see the overall rate.""",
    ka="""## ვინ უპასუხა: პასუხის მაჩვენებელი კლასების მიხედვით (მხოლოდ ოფისისთვის)
წევრების გამოკითხვა სრული აღწერაა უპასუხობით. თითოეულ კლასს (წევრის ტიპი × ზომის კლასი) აქვს
რეესტრის რაოდენობა N, რესპონდენტები n, პასუხის მაჩვენებელი და უპასუხობის წონა w = N/n; 3-ზე ნაკლები
რესპონდენტის მქონე კლასები გაერთიანებულია. ეს ცხრილი წევრების დონის ინფორმაციაა კლასტერის
ოფისისთვის; დონორები მხოლოდ საერთო მაჩვენებელს ხედავენ.""",
)

# %%
rates = load("survey", "response_rates")
table(rates[rates["wave"] == wave], lang, domain="survey")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Capacity needs ranked by Borich MWDS, with bootstrap intervals
MWDS = mean(importance − capability) × mean(importance) over members who rated both. The lines are
95% percentile intervals from bootstrap resamples of members; the probability in the top 3 is the
share of resamples in which the item ranks among the three largest needs.""",
    ka="""## საჭიროებები ბორიჩის MWDS-ის მიხედვით, ბუტსტრეპ ინტერვალებით
MWDS = საშუალო(მნიშვნელოვნება − შესაძლებლობა) × საშუალო(მნიშვნელოვნება) იმ წევრებზე, რომლებმაც
ორივე შეაფასეს. ხაზები 95%-იანი პროცენტილური ინტერვალებია წევრების ბუტსტრეპ გადარჩევიდან; პირველ
სამეულში მოხვედრის ალბათობა იმ გადარჩევების წილია, რომლებშიც საკითხი სამ უდიდეს საჭიროებას შორისაა.""",
)

# %%
show(figures[f"survey_mwds_{wave}"], lang)

# %%
boot = tables["mwds_bootstrap"]
boot_columns = ["item", f"item_{lang}", "n", "mwds", "mwds_low", "mwds_high", "rank", "prob_top_k"]
table(boot[boot["wave"] == wave], lang, domain="survey", columns=boot_columns[1:])

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Importance-performance quadrants
Each item at (mean capability, mean importance). The cross-hairs are **data-centred**: the mean of
the item means (not the scale midpoint 3). "Concentrate here" = important but weak.""",
    ka="""## მნიშვნელოვნებისა და შესრულების კვადრანტები
თითოეული საკითხი წერტილშია (შესაძლებლობის საშუალო, მნიშვნელოვნების საშუალო). გამყოფი ხაზები
**მონაცემებზეა ცენტრირებული**: საკითხების საშუალოების საშუალო (და არა სკალის შუა წერტილი 3).
„აქ გაამახვილეთ ყურადღება“ = მნიშვნელოვანი, მაგრამ სუსტი.""",
)

# %%
show(figures[f"survey_ipa_{wave}"], lang)

# %%
needs_columns = [
    f"item_{lang}",
    "n",
    "mwds",
    "critical_gap_share",
    "critical_gap_low",
    "critical_gap_high",
    f"quadrant_{lang}",
]
table(needs[needs["wave"] == wave], lang, domain="survey", columns=needs_columns)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## How members rate their capability: top-2 / bottom-2 / net
Diverging bars sorted by net score (top-2-box − bottom-2-box). "Don't know" (code 9) is outside the
base and shown apart on the right.""",
    ka="""## როგორ აფასებენ წევრები საკუთარ შესაძლებლობას: ზედა ორი / ქვედა ორი / სხვაობა
განშლადი სვეტები დალაგებულია სხვაობით (ზედა ორი − ქვედა ორი). პასუხი „არ ვიცი“ (კოდი 9) ბაზაში არ
ითვლება და ცალკეა ნაჩვენები მარჯვნივ.""",
)

# %%
show(figures[f"survey_capability_likert_{wave}"], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Gaps by dimension and member type (disclosure-controlled)
Cells with fewer than 5 respondents are suppressed ("n<5"), and further cells ("–") are hidden so no
suppressed value can be worked out from the "All members" column. Every suppression is listed in the
office's suppression log.""",
    ka="""## ხარვეზები განზომილებისა და წევრის ტიპის მიხედვით (გამჟღავნების კონტროლით)
5-ზე ნაკლები რესპონდენტის მქონე უჯრები დაფარულია („n<5“), ხოლო დამატებითი უჯრები („–“) იმიტომ არის
დაფარული, რომ არც ერთი დაფარული მნიშვნელობა არ გამოითვალოს სვეტიდან „ყველა წევრი“. ყოველი დაფარვა
ჩაწერილია ოფისის დაფარვის ჟურნალში.""",
)

# %%
show(figures[f"survey_gap_by_member_type_{wave}"], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Support members would use (multi-select)
Shares are of members who answered the question, not of selections, so they can add to over 100%.""",
    ka="""## მხარდაჭერა, რომლითაც წევრები ისარგებლებდნენ (რამდენიმე არჩევანი)
წილები გამოთვლილია კითხვაზე მოპასუხე წევრებიდან და არა არჩევანების რაოდენობიდან, ამიტომ მათი ჯამი
შეიძლება 100%-ს აღემატებოდეს.""",
)

# %%
shares = load("survey", "multi_select_shares")
share_columns = [f"choice_{lang}", "n", "n_selected", "share", "share_low", "share_high"]
table(shares[shares["wave"] == wave], lang, domain="survey", columns=share_columns)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Change between waves for the same members
Members who answered an item in both waves: the share with a critical gap (importance ≥ 4 and
capability ≤ 2) in each wave; McNemar test on the yes/no change, Wilcoxon signed-rank test on each
member's gap change.""",
    ka="""## ცვლილება ტალღებს შორის იმავე წევრებისთვის
წევრები, რომლებმაც საკითხს ორივე ტალღაში უპასუხეს: კრიტიკული ხარვეზის (მნიშვნელოვნება ≥ 4 და
შესაძლებლობა ≤ 2) მქონეთა წილი თითოეულ ტალღაში; მაკნემარის ტესტი დიახ/არა ცვლილებაზე, ვილკოქსონის
ნიშნიანი რანგების ტესტი თითოეული წევრის ხარვეზის ცვლილებაზე.""",
)

# %%
show(figures["survey_wave_change"], lang)

# %%
change_columns = [
    f"item_{lang}",
    "n_pairs",
    "critical_gap_share_before",
    "critical_gap_share_after",
    "mcnemar_p",
    "gap_change_mean",
    "wilcoxon_p",
]
table(tables["wave_change"], lang, domain="survey", columns=change_columns)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Gap status against declared targets
From the declared targets: closed (at or better than the target), narrowing or widening against the
baseline wave, not closed, or no data.""",
    ka="""## ხარვეზების სტატუსი დასახულ სამიზნეებთან მიმართებით
დასახული სამიზნეების მიხედვით: დახურულია (სამიზნეს მიაღწია ან გადააჭარბა), საბაზისო ტალღასთან
შედარებით მცირდება ან იზრდება, არ არის დახურული, ან მონაცემები არ არის.""",
)

# %%
gap_status = load("survey", "gap_status")
table(gap_status, lang, domain="survey")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Your own questions in SQL
`sql(...)` runs a query over the processed tables, with no server (DuckDB; install with
`pip install "cluster-analysis[sql]"`). Each table is named `<domain>.<table>`
(`survey.needs_by_member_type`, `pool.pooled_volume` ...) and `select * from catalog` lists them with
their audience: tables marked `office` are member-level and stay in the cluster office, so their rows
never go into anything shared. Values are passed in `params` (`$wave` below), never written into the
query. Here: the three largest needs of each member type in this wave (suppressed cells have no
rank).""",
    ka="""## საკუთარი კითხვები SQL-ით
`sql(...)` დამუშავებულ ცხრილებზე მოთხოვნას სერვერის გარეშე ასრულებს (DuckDB; დაყენება:
`pip install "cluster-analysis[sql]"`). თითოეულ ცხრილს ჰქვია `<დომენი>.<ცხრილი>`
(`survey.needs_by_member_type`, `pool.pooled_volume` ...), ხოლო `select * from catalog` მათ
აუდიტორიასთან ერთად ჩამოთვლის: `office`-ით მონიშნული ცხრილები წევრების დონისაა და კლასტერის ოფისში
რჩება, ამიტომ მათი სტრიქონები გასაზიარებელ მასალაში არასდროს ხვდება. მნიშვნელობები `params`-ით
გადაეცემა (ქვემოთ `$wave`) და მოთხოვნის ტექსტში არასდროს იწერება. აქ: თითოეული ტიპის წევრების სამი
უდიდესი საჭიროება ამ ტალღაში (დაფარულ უჯრებს რანგი არ აქვს).""",
)

# %%
top_needs = sql(
    """
    select member_type, rank, item_en, item_ka, n, mwds,
           critical_gap_share, critical_gap_low, critical_gap_high
    from survey.needs_by_member_type
    where wave = $wave and rank <= 3
    order by member_type, rank
    """,
    params={"wave": wave},
    lang=lang,
)
table(top_needs, lang, domain="survey")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="## Findings (as in the donor brief)",
    ka="## დასკვნები (როგორც დონორის ანგარიშში)",
)

# %%
findings = load("survey", "findings")
prose(
    lang,
    en="\n".join(f"- {t}" for t in findings["text_en"]),
    ka="\n".join(f"- {t}" for t in findings["text_ka"]),
)
