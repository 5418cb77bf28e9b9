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
# # 02 · LED indicators / ადგილობრივი ეკონომიკური განვითარების ინდიკატორები
# Set `lang = "ka"` in the parameters cell for the Georgian text (ქართული ტექსტისთვის პარამეტრების უჯრაში მიუთითეთ `lang = "ka"`).

# %% tags=["parameters"]
lang = "en"  # "en" or "ka": language of the figures and the logframe
as_of = None  # None: progress as the run computed it; a year (e.g. 2023): progress as of that year
town = "chiatura_municipality"  # municipality for the detailed tables (place id, places.csv)

# %%
from IPython.display import display

from cluster_analysis.charts.theme import use_theme
from cluster_analysis.indicators.charts import place_label
from cluster_analysis.indicators.figures import figures_from_processed
from cluster_analysis.indicators.logframe import logframe_frame
from cluster_analysis.indicators.progress import progress
from cluster_analysis.notebook import load, prose, show, table

use_theme()
catalogue = load("indicators", "indicator_catalogue")
observations = load("indicators", "indicator_observations")
# as_of only re-runs the package's progress() on the processed catalogue and observations
indicator_progress = (
    load("indicators", "indicator_progress")
    if as_of is None
    else progress(catalogue, observations, as_of=as_of)
)
figures = figures_from_processed(
    indicator_progress,
    catalogue,
    observations,
    location_quotients=load("indicators", "location_quotients"),
)
as_of_text = {
    "en": as_of or "the latest observation",
    "ka": f"{as_of} წლის" if as_of else "ბოლო დაკვირვების",
}
counts = (catalogue["indicator"].nunique(), len(indicator_progress), len(observations))
display(
    prose(
        lang,
        en=f"{counts[0]} indicators in the catalogue, {counts[1]} indicator × place pairs, "
        f"{counts[2]} observations; progress as of **{as_of_text['en']}**, focus on "
        f"**{place_label(town, lang)}**.",
        ka=f"კატალოგში {counts[0]} ინდიკატორია, {counts[1]} წყვილი ინდიკატორი × ადგილი, "
        f"{counts[2]} დაკვირვება; პროგრესი **{as_of_text['ka']}** მდგომარეობით, ფოკუსში: "
        f"**{place_label(town, lang)}**.",
    )
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""Progress of the local economic development (LED) partnerships of Zestaponi, Tkibuli and Chiatura
(Imereti) and of the Georgian Packaging Cluster's own expected results, after a run of
`cluster-analysis run indicators`. Everything is read from `data/processed/indicators`; figures
are rebuilt by the package's chart builders with the same titles, units, periods, n and sources as
the exported files (the figures declared in `src/cluster_analysis/indicators/metadata.yaml`).
The notebook computes nothing itself (methods: `docs/methods.md#indicator-progress` and
`docs/methods.md#cluster-mapping`).

**Read the footnotes.** The bundled example mixes real, cited figures (population, Geostat's
active business entities per 1,000) with synthetic example data (catalogue targets, most yearly
observations); every chart built on synthetic data says so (სინთეზური მონაცემები).""",
    ka="""ზესტაფონის, ტყიბულისა და ჭიათურის (იმერეთი) ადგილობრივი ეკონომიკური განვითარების (LED) პარტნიორობების და საქართველოს შეფუთვის კლასტერის მოსალოდნელი შედეგების პროგრესი `cluster-analysis run indicators`-ის გაშვების შემდეგ. ყველაფერი იკითხება `data/processed/indicators`-დან; დიაგრამებს პაკეტის იგივე ფუნქციები აგებს იმავე სათაურებით, ერთეულებით, პერიოდებით, n-ით და წყაროებით, რაც ექსპორტირებულ ფაილებს (`src/cluster_analysis/indicators/metadata.yaml`-ში გაცხადებული დიაგრამები). რვეული თავად არაფერს ითვლის (მეთოდები: `docs/methods.md#indicator-progress` და `docs/methods.md#cluster-mapping`).

**წაიკითხეთ სქოლიოები.** თანდართულ მაგალითში რეალური, წყაროთი მითითებული მონაცემები (მოსახლეობა, საქსტატის მოქმედი ბიზნეს სუბიექტები 1 000 კაცზე) შერეულია სინთეზურ სამაგალითო მონაცემებთან (კატალოგის სამიზნე მნიშვნელობები, წლიური დაკვირვებების უმეტესობა); სინთეზურ მონაცემებზე აგებული ყოველი დიაგრამა ამას აღნიშნავს.""",
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Status scorecard: where each indicator stands
One square per indicator (rows: impact first, then outcomes and outputs) and place (columns).
The status compares achievement A = (current − baseline) / (next target − baseline) with the
share of the way the linear path expects by now, E = (current year − baseline year) / (target year
− baseline year): **achieved** once the final target is reached, **on track** (გეგმის მიხედვით)
if A ≥ 0.9 E, **at risk** (რისკის ქვეშაა) if A ≥ 0.6 E, otherwise **off track** (ჩამორჩება).
The thresholds are our choice, declared in the method note. **No data** (light grey, never red)
means no observation after the baseline year; **assessed by hand** (dark slate) marks a
qualitative indicator whose status and reason were set in the catalogue.""",
    ka="""## სტატუსის ცხრილი: სად დგას თითოეული ინდიკატორი
თითო კვადრატი ინდიკატორზე (სტრიქონები: ჯერ ზემოქმედება, შემდეგ შედეგები და პროდუქტები) და ადგილზე (სვეტები). სტატუსი ადარებს მიღწევის დონეს A = (მიმდინარე − საბაზისო) / (მომდევნო სამიზნე − საბაზისო) გზის იმ წილს, რომელსაც წრფივი გეგმა ამ დროისთვის ელის, E = (მიმდინარე წელი − საბაზისო წელი) / (სამიზნე წელი − საბაზისო წელი): **მიღწეულია**, როცა საბოლოო სამიზნე მიღწეულია, **გეგმის მიხედვით**, თუ A ≥ 0,9 E, **რისკის ქვეშაა**, თუ A ≥ 0,6 E, სხვა შემთხვევაში **ჩამორჩება**. ზღვრები ჩვენი არჩევანია, გაცხადებული მეთოდის შენიშვნაში. **მონაცემები არ არის** (ღია ნაცრისფერი, არასდროს წითელი) ნიშნავს, რომ საბაზისო წლის შემდეგ დაკვირვება არ არის; **შეფასებულია ხელით** (მუქი ნაცრისფერ-ლურჯი) აღნიშნავს თვისებრივ ინდიკატორს, რომლის სტატუსი და მიზეზი კატალოგშია მითითებული.""",
)

# %%
show(figures["scorecard_towns"], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""The cluster's own expected results (membership, exports, satisfaction, ECCP profile) are
national, so they have one column.""",
    ka="""კლასტერის მოსალოდნელი შედეგები (წევრობა, ექსპორტი, კმაყოფილება, ECCP პროფილი) ეროვნული დონისაა, ამიტომ მათ ერთი სვეტი აქვთ.""",
)

# %%
show(figures["scorecard_cluster"], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""Zestaponi's LED plan (its vision, three main goals and six means of mobilisation) applies to
Zestaponi only; the plan sets no numeric targets, so its rows read "target not set". The EU
revitalisation project's outcomes are tracked per town.""",
    ka="""ზესტაფონის ადგილობრივი ეკონომიკური განვითარების გეგმა (ხედვა, სამი მთავარი მიზანი და ექვსი მობილიზების საშუალება) მხოლოდ ზესტაფონს ეხება; გეგმა რიცხობრივ სამიზნეებს არ ადგენს, ამიტომ მის სტრიქონებში წერია „სამიზნე არ არის დადგენილი“. ევროკავშირის რევიტალიზაციის პროექტის შედეგები თითოეული ქალაქისთვის ცალკე აისახება.""",
)

# %%
show(figures["scorecard_zestaponi_plan"], lang)

# %%
show(figures["scorecard_eu_project"], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""### The numbers behind the squares for the chosen municipality
`achievement` and `expected` are shares (1 = 100 %); `cagr` is the compound growth per year from
the (effective) baseline. `note` says when a series break reset the baseline or why a status is
missing.""",
    ka="""### კვადრატების უკან მდგარი რიცხვები არჩეული მუნიციპალიტეტისთვის
მიღწევა და მოსალოდნელი პროგრესი პროცენტებშია; საშუალო წლიური ზრდის ტემპი (CAGR) (ეფექტური) საბაზისო წლიდან ითვლება. შენიშვნა აჩვენებს, როდის შეცვალა მწკრივის წყვეტამ საბაზისო მნიშვნელობა ან რატომ არ არის სტატუსი.""",
)

# %%
table(
    indicator_progress[indicator_progress["place"] == town],
    lang,
    domain="indicators",
    columns=[
        "indicator",
        "baseline_value",
        "baseline_year",
        "latest_value",
        "latest_year",
        "target_value",
        "target_year",
        "achievement",
        "expected",
        "status",
        "cagr",
        "note" if lang == "en" else "note_ka",
    ],
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Bullet charts: latest value against baseline and target
Per place, the bar is the latest value in its status colour; the open diamond is the baseline (the
first value after a series break when one falls after the baseline year), the thick tick the
final target, a thin tick the next milestone when one is due earlier. Each label repeats the
status and the latest value with its year, so nothing depends on colour alone. For "decrease is
good" indicators (registered jobseekers) the target lies left of the baseline.""",
    ka="""## ბულეტ-დიაგრამები: ბოლო მნიშვნელობა საბაზისოსა და სამიზნესთან შედარებით
თითოეული ადგილისთვის სვეტი ბოლო მნიშვნელობაა სტატუსის ფერში; ღია რომბი საბაზისო მნიშვნელობაა (მწკრივის წყვეტის შემდეგ პირველი მნიშვნელობა, თუ წყვეტა საბაზისო წლის შემდეგაა), სქელი ხაზი — საბოლოო სამიზნე, თხელი ხაზი — მომდევნო ეტაპობრივი სამიზნე, თუ ის უფრო ადრეა. ყოველი წარწერა იმეორებს სტატუსს და ბოლო მნიშვნელობას წლით, ამიტომ არაფერი არ არის დამოკიდებული მხოლოდ ფერზე. ინდიკატორებისთვის, სადაც შემცირებაა სასურველი (რეგისტრირებული სამუშაოს მაძიებლები), სამიზნე საბაზისოს მარცხნივაა.""",
)

# %%
for name in [name for name in figures if name.startswith("bullet_")]:
    display(show(figures[name], lang))

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Small multiples: one panel per municipality
The same indicator in the three municipalities side by side, on one shared y axis, so levels
compare directly. The star is the target at its target year. A black cross marks the first value
after a **series break** (a new counting method): the line never joins two methods. Geostat's
rates per 1,000 population break in 2015, when the denominator moved to the 2014 census
population.""",
    ka="""## მცირე მრავლობითი დიაგრამები: თითო პანელი მუნიციპალიტეტზე
ერთი და იგივე ინდიკატორი სამ მუნიციპალიტეტში გვერდიგვერდ, ერთ საერთო y ღერძზე, ამიტომ დონეები პირდაპირ შედარებადია. ვარსკვლავი სამიზნე მნიშვნელობაა სამიზნე წელს. შავი ჯვარი აღნიშნავს პირველ მნიშვნელობას **მწკრივის წყვეტის** (დათვლის ახალი მეთოდის) შემდეგ: ხაზი ორ მეთოდს არასდროს აერთებს. საქსტატის მაჩვენებლები 1 000 კაცზე 2015 წელს წყდება, როცა მნიშვნელი 2014 წლის აღწერის მოსახლეობაზე გადავიდა.""",
)

# %%
for name in [name for name in figures if name.startswith("towns_")]:
    display(show(figures[name], lang))

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Indexed lines: growth compared from a common base year
Each series divided by its own base-year value × 100, so places of very different size compare
by growth. An index never spans a series break: values on the other side of a break from the base
year are left out, and such a break is drawn as a dotted vertical line in the place's colour (a
change of method in the official series). The business-entity index starts in 2015, the first year
on the census-based population (marked as a break: earlier years are not comparable and not
shown).""",
    ka="""## ინდექსირებული ხაზები: ზრდის შედარება საერთო საბაზისო წლიდან
თითოეული მწკრივი გაყოფილია საკუთარ საბაზისო წლის მნიშვნელობაზე × 100, ამიტომ სხვადასხვა ზომის ადგილები ზრდით დარდება. ინდექსი მწკრივის წყვეტას არასდროს კვეთს: წყვეტის მეორე მხარეს მყოფი მნიშვნელობები გამოტოვებულია, ხოლო წყვეტა ადგილის ფერის წერტილოვანი ვერტიკალური ხაზითაა ნაჩვენები (ოფიციალური მწკრივის მეთოდის ცვლილება). ბიზნეს სუბიექტების ინდექსი 2015 წლიდან იწყება, აღწერაზე დაფუძნებული მოსახლეობის პირველი წლიდან (აღნიშნულია წყვეტად: ადრინდელი წლები შედარებადი არ არის და არ არის ნაჩვენები).""",
)

# %%
show(figures["indexed_unemployment_share"], lang)

# %%
show(figures["indexed_business_entities"], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Real figures: population and the 2014 census break
Real, cited figures (each row of `real_figures.csv` has its source). The 2014 census rebased the
population series: Chiatura's drop from the 1 January 2014 estimate to the census count is a
change of method, not a decline, and the cross marks it. Towns are dashed with open markers, so a
town whose count equals a municipality's (Zestaponi town and Tkibuli, both about 20,800) stays
visible.""",
    ka="""## რეალური მონაცემები: მოსახლეობა და 2014 წლის აღწერის წყვეტა
რეალური, წყაროთი მითითებული მონაცემები (`real_figures.csv`-ის ყოველ სტრიქონს თავისი წყარო აქვს). 2014 წლის აღწერამ მოსახლეობის მწკრივი გადაითვალა: ჭიათურის კლება 2014 წლის 1 იანვრის შეფასებიდან აღწერის მონაცემამდე მეთოდის ცვლილებაა და არა შემცირება, და ამას ჯვარი აღნიშნავს. ქალაქები წყვეტილი ხაზითა და ღია მარკერებითაა ნაჩვენები, ამიტომ ქალაქი, რომლის რაოდენობაც მუნიციპალიტეტისას უდრის (ზესტაფონის ქალაქი და ტყიბული, ორივე დაახლოებით 20 800), ხილული რჩება.""",
)

# %%
show(figures["population_real"], lang)

# %%
table(load("indicators", "town_comparison"), lang, domain="indicators")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Specialisation and concentration: location quotients and HHI
The location quotient LQ = (e_ir / e_r) / (E_i / E) compares a sector's share of local employment
with its national share: LQ > 1 means the municipality specialises in it (log axis, so 0.5 and 2
are equally far from 1). Bars marked * rest on fewer than 20 jobs and are noise.""",
    ka="""## სპეციალიზაცია და კონცენტრაცია: ლოკალიზაციის კოეფიციენტები და HHI
ლოკალიზაციის კოეფიციენტი LQ = (e_ir / e_r) / (E_i / E) ადარებს დარგის წილს ადგილობრივ დასაქმებაში მის წილს ქვეყნის დასაქმებაში: LQ > 1 ნიშნავს, რომ მუნიციპალიტეტი ამ დარგში სპეციალიზდება (ლოგარითმული ღერძი, ამიტომ 0,5 და 2 თანაბრად არის დაშორებული 1-ს). * ნიშნით აღნიშნული სვეტები 20-ზე ნაკლებ სამუშაო ადგილს ეყრდნობა და ხმაურია.""",
)

# %%
show(figures["location_quotients"], lang)

# %%
location_quotients = load("indicators", "location_quotients")
table(
    location_quotients,
    lang,
    domain="indicators",
    columns=["place", f"sector_{lang}", "e_ir", "e_r", "lq", "tiny"],
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""The Herfindahl-Hirschman index HHI = Σ s² over sector shares runs from 1/n (employment spread
evenly over n sectors) to 1 (one sector); `equivalent_sectors` = 1 / HHI reads as "as diverse as
this many equal sectors". `dominant_share` is the largest employer's share of all jobs, the single-
plant dependence the LED goals aim to reduce (real cited figures for Zestaponi and Tkibuli).""",
    ka="""ჰერფინდალ-ჰირშმანის ინდექსი HHI = Σ s² დარგების წილებზე იცვლება 1/n-დან (დასაქმება თანაბრად არის განაწილებული n დარგზე) 1-მდე (ერთი დარგი); ეკვივალენტური დარგების რაოდენობა = 1 / HHI ნიშნავს „ისეთივე მრავალფეროვანი, როგორც ამდენი თანაბარი დარგი“. უდიდესი დამსაქმებლის წილი მთელ დასაქმებაში ერთ საწარმოზე დამოკიდებულებას აჩვენებს, რომლის შემცირებასაც LED მიზნები ისახავს (რეალური, წყაროთი მითითებული მონაცემები ზესტაფონისა და ტყიბულისთვის).""",
)

# %%
table(load("indicators", "diversification"), lang, domain="indicators")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""Shift-share splits each sector's employment change between the first and last year into the
national growth, the sector's national trend (industry mix) and the local difference (regional
shift).""",
    ka="""shift-share ანალიზი (ზრდის კომპონენტებად დაშლა) თითოეული დარგის დასაქმების ცვლილებას პირველ და ბოლო წელს შორის ყოფს ეროვნულ ზრდად, დარგის ეროვნულ ტენდენციად (დარგობრივი სტრუქტურა) და ადგილობრივ სხვაობად (რეგიონული გადანაცვლება).""",
)

# %%
table(load("indicators", "shift_share"), lang, domain="indicators")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Geostat: where the English and Georgian files disagree
Geostat publishes each table in English and Georgian; they should hold the same numbers. The
pipeline reads values from the English file and compares every cell with the Georgian one. Each
row below is a cell (`cell_en`, `cell_ka`) where the two differ by more than the tolerance, or a
place found in only one of them: check these against Geostat before quoting them. The rates used
in this notebook come from the English file.""",
    ka="""## საქსტატი: სად განსხვავდება ინგლისური და ქართული ფაილები
საქსტატი თითოეულ ცხრილს ინგლისურ და ქართულ ენებზე აქვეყნებს; მათში ერთი და იგივე რიცხვები უნდა იყოს. პროცესი მნიშვნელობებს ინგლისური ფაილიდან კითხულობს და ყოველ უჯრას ქართულს ადარებს. ქვემოთ ყოველი სტრიქონი არის უჯრა, სადაც ორი ფაილი დასაშვებ სხვაობაზე მეტად განსხვავდება, ან ადგილი, რომელიც მხოლოდ ერთ მათგანშია: ციტირებამდე შეამოწმეთ ისინი საქსტატთან. ამ რვეულში გამოყენებული მაჩვენებლები ინგლისური ფაილიდანაა.""",
)

# %%
table(
    load("indicators", "geostat_language_check"),
    lang,
    domain="indicators",
    columns=["place", "year", "value_en", "value_ka", "difference", "issue", "cell_en", "cell_ka"],
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Logframe (შედეგების ჩარჩო)
The EU results-framework table in the chosen language: results chain (impact, outcome, output),
goal, indicator, place, unit, baseline, milestones, current value and target with their years,
source and means of verification (წყარო), status and comment. The same table, in both languages,
is in the donors' `tables.xlsx`. Rows for the chosen municipality:""",
    ka="""## შედეგების ჩარჩო (logframe)
ევროკავშირის შედეგების ჩარჩოს ცხრილი არჩეულ ენაზე: შედეგების ჯაჭვი (ზემოქმედება, შედეგი, პროდუქტი), მიზანი, ინდიკატორი, ადგილი, ერთეული, საბაზისო მნიშვნელობა, ეტაპობრივი სამიზნეები, მიმდინარე და სამიზნე მნიშვნელობები თავიანთი წლებით, წყარო და დადასტურების საშუალება, სტატუსი და კომენტარი. იგივე ცხრილი ორივე ენაზე დონორების `tables.xlsx`-შია. არჩეული მუნიციპალიტეტის სტრიქონები:""",
)

# %%
logframe = logframe_frame(indicator_progress, catalogue, lang)
table(logframe[logframe["place"] == place_label(town, lang)], lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""The whole logframe:""",
    ka="""მთლიანი შედეგების ჩარჩო:""",
)

# %%
table(logframe, lang)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Checks the pipeline ran
Series breaks, towns reported above their own municipality, and values in another unit than the
catalogue's (left out of progress). `source_choice` lists values two sources gave and which one
was kept (official before secondary before news).""",
    ka="""## პროცესის მიერ ჩატარებული შემოწმებები
მწკრივის წყვეტები, ქალაქები, რომელთა მნიშვნელობა საკუთარ მუნიციპალიტეტს აღემატება, და კატალოგისგან განსხვავებულ ერთეულში მოცემული მნიშვნელობები (პროგრესის გამოთვლიდან გამორიცხული). წყაროს არჩევანის ცხრილი ჩამოთვლის მნიშვნელობებს, რომლებიც ორმა წყარომ მოგვცა, და რომელი დარჩა (ოფიციალური მეორადზე წინ, მეორადი მედიაზე წინ).""",
)

# %%
table(load("indicators", "indicator_checks"), lang, domain="indicators")

# %%
table(load("indicators", "source_choice"), lang, domain="indicators")
