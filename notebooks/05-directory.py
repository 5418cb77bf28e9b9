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
# # 05 · Directory / ცნობარი: databases of the cluster strategy and gap matching
# Set `lang = "ka"` in the parameters cell for the Georgian text (ქართული ტექსტისთვის პარამეტრების უჯრაში მიუთითეთ `lang = "ka"`).

# %% tags=["parameters"]
lang = "en"  # "en" or "ka"
item = "ppwr"  # a survey capacity item code with a critical gap (see the coverage table)
kind = "funding_programme"  # funding_programme, service_provider, expert or technology_provider

# %%
from IPython.display import display

from cluster_analysis.context import SYNTHETIC_MARKER
from cluster_analysis.directory.figures import figure_outputs
from cluster_analysis.notebook import load, project_paths, prose, show, table

coverage = load("directory", "gap_coverage")
matches = load("directory", "gap_matches")
calendar = load("directory", "directory_calendar")
synthetic = (project_paths().raw_for("directory") / SYNTHETIC_MARKER).exists()
waves, gaps = ", ".join(coverage["wave"].unique()), ", ".join(coverage["item"])
display(
    prose(
        lang,
        en=f"Critical gaps in wave {waves}: {gaps}; showing **{item}**, **{kind}**.",
        ka=f"კრიტიკული ხარვეზები ტალღაში {waves}: {gaps}; ნაჩვენებია **{item}**, **{kind}**.",
    )
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""The cluster strategy asks the cluster office to keep databases of (co-)funding programmes
(დაფინანსების პროგრამები), services and experts, technology providers, events and potential
employees, and to survey members for critical common capacity gaps (კრიტიკული ხარვეზები). After
`cluster-analysis run survey directory` this notebook shows the validated databases, which open
programmes, providers and experts address each critical gap and how they rank, and the calendar of
deadlines and events. Everything is read from `data/processed/directory`; the notebook computes
nothing itself (the score is explained in `docs/directory.md`, section "Match score").

**Confidentiality.** Sections marked *office only* show contacts, personal data or member-level
eligibility counts and must not be shared; members receive the workbook and calendar in
`reports/members/`, donors the gap coverage table, figure and findings.""",
    ka="""კლასტერის სტრატეგია კლასტერის ოფისს ავალებს, აწარმოოს (თანა)დაფინანსების პროგრამების, მომსახურებისა და ექსპერტების, ტექნოლოგიების მიმწოდებლების, ღონისძიებებისა და პოტენციური თანამშრომლების მონაცემთა ბაზები და გამოკითხოს წევრები საერთო კრიტიკული ხარვეზების გამოსავლენად. `cluster-analysis run survey directory`-ის შემდეგ ეს რვეული აჩვენებს შემოწმებულ მონაცემთა ბაზებს, რომელი ღია პროგრამები, მიმწოდებლები და ექსპერტები პასუხობს თითოეულ კრიტიკულ ხარვეზს და როგორია მათი რანჟირება, ასევე ვადებისა და ღონისძიებების კალენდარს. ყველაფერი იკითხება `data/processed/directory`-დან; რვეული თავად არაფერს ითვლის (ქულა ახსნილია `docs/directory.md`-ში, ნაწილი „Match score“).

**კონფიდენციალურობა.** ნაწილები, რომლებიც *მხოლოდ ოფისისთვისაა*, შეიცავს საკონტაქტო და პერსონალურ მონაცემებს ან წევრების დონის რაოდენობებს და არ უნდა გავრცელდეს; წევრები იღებენ სამუშაო წიგნსა და კალენდარს `reports/members/`-ში, დონორები — ხარვეზების დაფარვის ცხრილს, დიაგრამასა და დასკვნებს.""",
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Critical gaps and what addresses them (donor view)
One row per critical gap: the weighted critical-gap share from the survey, how many members have
the gap (empty when fewer than the minimum cell: no member may be identifiable), how many open
programmes and how many providers and experts address it, and the nearest deadline.""",
    ka="""## კრიტიკული ხარვეზები და ის, რაც მათ პასუხობს (დონორის ხედი)
თითო სტრიქონი კრიტიკულ ხარვეზზე: კვლევიდან მიღებული კრიტიკული ხარვეზის შეწონილი წილი, რამდენ წევრს აქვს ეს ხარვეზი (ცარიელია, როცა მათი რიცხვი მინიმალურ უჯრაზე ნაკლებია: არც ერთი წევრი არ უნდა იყოს ამოცნობადი), რამდენი ღია პროგრამა და რამდენი მიმწოდებელი და ექსპერტი პასუხობს მას და უახლოესი ვადა.""",
)

# %%
table(coverage, lang, domain="directory")

# %%
for figure in figure_outputs(coverage, synthetic=synthetic):
    display(show(figure, lang))

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Ranked matches for one gap (office only)
`score` = 0.5 × topic match + 0.3 × share of members with the gap who are eligible + 0.2 ×
deadline horizon (weights in `metadata.yaml`); `rank` 1 is the best record of its kind for the
gap. `eligible_members` is member-level information: office only.""",
    ka="""## ერთი ხარვეზის რანჟირებული შესაბამისობები (მხოლოდ ოფისისთვის)
`score` = 0,5 × თემის დამთხვევა + 0,3 × ხარვეზის მქონე წევრებიდან უფლებამოსილთა წილი + 0,2 × ვადის ჰორიზონტი (წონები `metadata.yaml`-შია); `rank` 1 ხარვეზისთვის თავისი სახის საუკეთესო ჩანაწერია. `eligible_members` წევრების დონის ინფორმაციაა: მხოლოდ ოფისისთვის.""",
)

# %%
table(
    matches[(matches["item"] == item) & (matches["resource_kind"] == kind)],
    lang,
    domain="directory",
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Calendar: deadlines and events of the next 90 days
Counted from the run's reference date (the latest `last_checked` date in the directory unless
declared), so a rerun gives the same calendar. The same entries are in
`reports/members/directory_calendar.<lang>.ics` for any calendar application.""",
    ka="""## კალენდარი: მომდევნო 90 დღის ვადები და ღონისძიებები
ითვლება გაშვების საანგარიშო თარიღიდან (ცნობარში ყველაზე გვიანი `last_checked` თარიღი, თუ სხვა არ არის მითითებული), ამიტომ ხელახალი გაშვება იმავე კალენდარს იძლევა. იგივე ჩანაწერებია `reports/members/directory_calendar.<lang>.ics`-ში ნებისმიერი კალენდრის პროგრამისთვის.""",
)

# %%
table(calendar, lang, domain="directory")

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## The databases
Funding programmes and events (members may see them); providers and experts with contacts and the
talent pool are office only (the members' workbook leaves contacts out).""",
    ka="""## მონაცემთა ბაზები
დაფინანსების პროგრამები და ღონისძიებები (წევრებს შეუძლიათ ნახვა); მიმწოდებლები და ექსპერტები საკონტაქტო მონაცემებით და კადრების ბაზა მხოლოდ ოფისისთვისაა (წევრების სამუშაო წიგნში საკონტაქტო მონაცემები არ შედის).""",
)

# %%
table(load("directory", "funding_programmes"), lang, domain="directory")

# %%
table(load("directory", "events"), lang, domain="directory")

# %%
table(load("directory", "service_providers"), lang, domain="directory")  # office only: contacts

# %%
table(load("directory", "talent_pool"), lang, domain="directory")  # office only: personal data
