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
#
# The cluster strategy asks the cluster office to keep databases of (co-)funding programmes
# (დაფინანსების პროგრამები), services and experts, technology providers, events and potential
# employees, and to survey members for critical common capacity gaps (კრიტიკული ხარვეზები). After
# `cluster-analysis run survey directory` this notebook shows the validated databases, which open
# programmes, providers and experts address each critical gap and how they rank, and the calendar of
# deadlines and events. Everything is read from `data/processed/directory`; the notebook computes
# nothing itself (the score is explained in `docs/directory.md`, section "Match score").
#
# **Confidentiality.** Sections marked *office only* show contacts, personal data or member-level
# eligibility counts and must not be shared; members receive the workbook and calendar in
# `reports/members/`, donors the gap coverage table, figure and findings.

# %% tags=["parameters"]
lang = "en"  # "en" or "ka"
item = "ppwr"  # a survey capacity item code with a critical gap (see the coverage table)
kind = "funding_programme"  # funding_programme, service_provider, expert or technology_provider

# %%
from IPython.display import Markdown, display

from cluster_analysis.context import SYNTHETIC_MARKER
from cluster_analysis.directory.figures import figure_outputs
from cluster_analysis.notebook import load, project_paths, show, table

coverage = load("directory", "gap_coverage")
matches = load("directory", "gap_matches")
calendar = load("directory", "directory_calendar")
synthetic = (project_paths().raw_for("directory") / SYNTHETIC_MARKER).exists()
display(
    Markdown(
        f"Critical gaps in wave {', '.join(coverage['wave'].unique())}: "
        f"{', '.join(coverage['item'])}; showing **{item}**, **{kind}**."
    )
)

# %% [markdown]
# ## Critical gaps and what addresses them (donor view)
# One row per critical gap: the weighted critical-gap share from the survey, how many members have
# the gap (empty when fewer than the minimum cell: no member may be identifiable), how many open
# programmes and how many providers and experts address it, and the nearest deadline.

# %%
table(coverage, lang, domain="directory")

# %%
for figure in figure_outputs(coverage, synthetic=synthetic):
    display(show(figure, lang))

# %% [markdown]
# ## Ranked matches for one gap (office only)
# `score` = 0.5 × topic match + 0.3 × share of members with the gap who are eligible + 0.2 ×
# deadline horizon (weights in `metadata.yaml`); `rank` 1 is the best record of its kind for the
# gap. `eligible_members` is member-level information: office only.

# %%
table(
    matches[(matches["item"] == item) & (matches["resource_kind"] == kind)],
    lang,
    domain="directory",
)

# %% [markdown]
# ## Calendar: deadlines and events of the next 90 days
# Counted from the run's reference date (the latest `last_checked` date in the directory unless
# declared), so a rerun gives the same calendar. The same entries are in
# `reports/members/directory_calendar.<lang>.ics` for any calendar application.

# %%
table(calendar, lang, domain="directory")

# %% [markdown]
# ## The databases
# Funding programmes and events (members may see them); providers and experts with contacts and the
# talent pool are office only (the members' workbook leaves contacts out).

# %%
table(load("directory", "funding_programmes"), lang, domain="directory")

# %%
table(load("directory", "events"), lang, domain="directory")

# %%
table(load("directory", "service_providers"), lang, domain="directory")  # office only: contacts

# %%
table(load("directory", "talent_pool"), lang, domain="directory")  # office only: personal data
