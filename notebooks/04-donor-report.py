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
# # 04 · Donor report / დონორის ანგარიში
# Set `lang = "ka"` in the next cell for the Georgian page
# (ქართული გვერდისთვის მომდევნო უჯრაში მიუთითეთ `lang = "ka"`).

# %% tags=["parameters"]
lang = "en"  # "en" or "ka"

# %%
import pandas as pd
from IPython.display import display

from cluster_analysis import metadata
from cluster_analysis.config import Settings
from cluster_analysis.directory.figures import figure_outputs as directory_figures
from cluster_analysis.indicators.figures import figures_from_processed
from cluster_analysis.notebook import (
    latest_manifest,
    load,
    project_paths,
    prose,
    show,
    shown_path,
    synthetic,
    table,
)
from cluster_analysis.pool.figures import pareto_figure
from cluster_analysis.survey.figures import FIGURE_TABLES, processed_figures

paths = project_paths()
manifest = latest_manifest(paths)
display(
    prose(
        lang,
        en=f"**Run** `{manifest['run_id']}` · status **{manifest['status']}** · "
        f"{manifest['started']} → {manifest['finished']}",
        ka=f"**გაშვება** `{manifest['run_id']}` · სტატუსი **{manifest['status']}** · "
        f"{manifest['started']} → {manifest['finished']}",
    )
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""What goes to donors after a run of `cluster-analysis run`: the run's provenance (every input
with its checksum), how many rows validation kept and quarantined, the key findings and charts of
each domain in the chosen language, and the documents written for donors. Only donor-level
information is on this page: member-level rows, the office's tables and the suppression log stay
with the cluster office.""",
    ka="""რა გადაეცემა დონორებს `cluster-analysis run`-ის გაშვების შემდეგ: გაშვების წარმომავლობა
(ყოველი შემავალი ფაილი საკონტროლო ჯამით), რამდენი სტრიქონი მიიღო და რამდენი გადაიტანა კარანტინში
ვალიდაციამ, თითოეული მიმართულების მთავარი დასკვნები და დიაგრამები არჩეულ ენაზე და დონორებისთვის
მომზადებული დოკუმენტები. ამ გვერდზე მხოლოდ დონორის დონის ინფორმაციაა: წევრების დონის სტრიქონები,
ოფისის ცხრილები და დაფარვის ჟურნალი კლასტერის ოფისში რჩება.""",
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Provenance: inputs and their checksums
Each file the run read, with its sha256 and row count. A donor or auditor can check that the
published numbers come from exactly these files.""",
    ka="""## წარმომავლობა: შემავალი ფაილები და მათი საკონტროლო ჯამები
ყოველი ფაილი, რომელიც გაშვებამ წაიკითხა, მისი sha256-ით და სტრიქონების რაოდენობით. დონორს ან
აუდიტორს შეუძლია შეამოწმოს, რომ გამოქვეყნებული რიცხვები ზუსტად ამ ფაილებიდან მოდის.""",
)

# %%
inputs = pd.DataFrame(manifest["inputs"])
inputs["path"] = [shown_path(p, paths) for p in inputs["path"]]
inputs["rows"] = inputs["rows"].astype("Int64")
inputs = inputs.rename(columns={"path": "file"})
file_headers = {
    "file": {"en": "File", "ka": "ფაილი"},
    "rows": {"en": "Rows", "ka": "სტრიქონები"},
    "sha256": {"en": "SHA-256 checksum", "ka": "SHA-256 საკონტროლო ჯამი"},
}
table(inputs, lang, columns=["file", "rows", "sha256"], headers=file_headers)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Validation: rows in, valid, rejected
Nothing is lost: every input row is either in the processed data or in the validation report with
its reasons in English and Georgian (kept by the cluster office, as it holds member-level rows).""",
    ka="""## ვალიდაცია: შემოსული, მართებული და უარყოფილი სტრიქონები
არაფერი იკარგება: ყოველი შემავალი სტრიქონი ან დამუშავებულ მონაცემებშია, ან ვალიდაციის ანგარიშში
მიზეზებით ინგლისურ და ქართულ ენებზე (მას კლასტერის ოფისი ინახავს, რადგან ის წევრების დონის
სტრიქონებს შეიცავს).""",
)

# %%
validation = pd.DataFrame(manifest["validation"])
validation["source"] = [shown_path(p, paths) for p in validation["source"]]
for count in ("rows_in", "rows_valid", "rows_rejected"):
    validation[count] = validation[count].astype("Int64")
table(
    validation,
    lang,
    domain="survey",
    columns=["table", "source", "rows_in", "rows_valid", "rows_rejected"],
)

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Key findings and charts per domain
The sentences that go into the donor brief (`findings.<lang>.docx`), each with its n, period and
source, and the charts the brief's key messages rest on, decorated exactly as the exported files.""",
    ka="""## მთავარი დასკვნები და დიაგრამები მიმართულებების მიხედვით
წინადადებები, რომლებიც დონორის ანგარიშში (`findings.<lang>.docx`) შედის, თითოეული თავისი n-ით,
პერიოდითა და წყაროთი, და დიაგრამები, რომლებსაც ანგარიშის მთავარი გზავნილები ეყრდნობა, ზუსტად ისე
გაფორმებული, როგორც ექსპორტირებული ფაილები.""",
)

# %%
survey_tables = {name: load("survey", name) for name in FIGURE_TABLES}
survey = processed_figures(
    survey_tables, min_cell=Settings().min_cell, synthetic=synthetic("survey")
)
latest_wave = max(survey_tables["needs_assessment"]["wave"].astype(str))
indicators = figures_from_processed(
    load("indicators", "indicator_progress"),
    load("indicators", "indicator_catalogue"),
    load("indicators", "indicator_observations"),
    location_quotients=load("indicators", "location_quotients"),
)
pool_pareto = pareto_figure(
    metadata.figure_spec("pool", "pool_pareto_spend"),
    load("pool", "published_category_totals"),
    synthetic=synthetic("pool"),
)
directory = directory_figures(load("directory", "gap_coverage"), synthetic=synthetic("directory"))
key_charts = {
    "survey": [survey[f"survey_mwds_{latest_wave}"], survey["survey_wave_change"]],
    "indicators": [indicators["scorecard_towns"], indicators["scorecard_cluster"]],
    "pool": [pool_pareto],
    "directory": directory,
}
domain_names = {
    "survey": ("Member capacity-gap survey", "წევრების შესაძლებლობების ხარვეზების გამოკითხვა"),
    "indicators": ("LED indicators", "ადგილობრივი ეკონომიკური განვითარების ინდიკატორები"),
    "pool": ("Bargaining pool", "ერთობლივი შესყიდვა"),
    "directory": ("Directory and gap matching", "ცნობარი და ხარვეზების დაკავშირება რესურსებთან"),
}

# %%
for domain, charts in key_charts.items():
    findings = load(domain, "findings", paths=paths)
    donor = findings[findings["audience"] == "donors"]
    en, ka = domain_names[domain]
    display(
        prose(
            lang,
            en=f"### {en}\n" + "\n".join(f"- {t}" for t in donor["text_en"]),
            ka=f"### {ka}\n" + "\n".join(f"- {t}" for t in donor["text_ka"]),
        )
    )
    for chart in charts:
        if chart.audience == "donors":  # a donor page never shows another audience's chart
            display(show(chart, lang))

# %% jupyter={"source_hidden": true}
prose(
    lang,
    en="""## Documents for donors
The files of this run a donor may receive (the figure catalogue lists every figure with its files).
The office's folder, the members' and vendors' views and the validation reports are not listed:
they stay with the cluster office.""",
    ka="""## დოკუმენტები დონორებისთვის
ამ გაშვების ფაილები, რომლებიც დონორს შეიძლება გადაეცეს (ფიგურების კატალოგში ყველა ფიგურა თავისი
ფაილებითაა ჩამოთვლილი). ოფისის საქაღალდე, წევრებისა და მომწოდებლების ხედები და ვალიდაციის
ანგარიშები აქ არ არის: ისინი კლასტერის ოფისში რჩება.""",
)

# %%
not_for_donors = {"office", "members", "vendors", "validation", "figures"}
documents = pd.DataFrame(
    {
        "file": sorted(
            p.relative_to(paths.reports).as_posix()
            for p in paths.reports.rglob("*")
            if p.suffix in {".docx", ".xlsx", ".html"}
            and not not_for_donors & set(p.relative_to(paths.reports).parts)
        )
    }
)
table(documents, lang, headers=file_headers)
