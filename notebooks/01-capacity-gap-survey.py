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
#
# The member survey of the Georgian Packaging Cluster after a run of `cluster-analysis run survey`:
# who answered (response rates), which capacity needs (საჭიროება) are largest by the Borich mean
# weighted discrepancy score (MWDS), how sure that ranking is (bootstrap), how members rate their own
# capability (შესაძლებლობა) and its importance (მნიშვნელობა), what changed between waves for the same
# members, and whether declared gap targets are met. Everything is read from `data/processed/survey`;
# the notebook computes nothing itself: its charts come from the same builders as the exported
# figures, with the same title, subtitle (unit, period, n) and footnote (source, synthetic data).
# Methods: `docs/methods.md` (capacity-gap scoring; intervals, weights and small populations;
# disclosure control).

# %% tags=["parameters"]
wave = "2026-2"  # survey wave id (waves.csv)
lang = "en"  # "en" or "ka"

# %%
from IPython.display import Markdown, display

from cluster_analysis.config import Settings
from cluster_analysis.notebook import load, show, synthetic
from cluster_analysis.survey.figures import FIGURE_TABLES, processed_figures

tables = {name: load("survey", name) for name in FIGURE_TABLES}
figures = processed_figures(
    tables,
    min_cell=Settings().min_cell,
    synthetic=synthetic("survey"),
)
needs = tables["needs_assessment"]
display(
    Markdown(
        f"Waves in the processed data: {', '.join(needs['wave'].unique())}; showing **{wave}**."
    )
)

# %% [markdown]
# ## Who answered: response rate by class (office only)
# A membership survey is a census with non-response. Each class (member type × size class) has its
# register count N, respondents n, response rate and non-response weight w = N/n; classes with fewer
# than 3 respondents are collapsed. This table is member-level detail for the cluster office; donors
# only see the overall rate.

# %%
rates = load("survey", "response_rates")
rates[rates["wave"] == wave]

# %% [markdown]
# ## Capacity needs ranked by Borich MWDS, with bootstrap intervals
# MWDS = mean(importance − capability) × mean(importance) over members who rated both. The lines are
# 95% percentile intervals from 2000 bootstrap resamples of members; `prob_top_k` is the share of
# resamples in which the item ranks in the top 3.

# %%
show(figures[f"survey_mwds_{wave}"], lang)

# %%
boot = tables["mwds_bootstrap"]
boot[boot["wave"] == wave][["item", f"item_{lang}", "n", "mwds", "mwds_low", "mwds_high", "rank", "prob_top_k"]]

# %% [markdown]
# ## Importance-performance quadrants
# Each item at (mean capability, mean importance). The cross-hairs are **data-centred**: the mean of
# the item means (not the scale midpoint 3). "Concentrate here" = important but weak.

# %%
show(figures[f"survey_ipa_{wave}"], lang)

# %%
needs[needs["wave"] == wave][
    [
        "item",
        f"item_{lang}",
        "n",
        "mwds",
        "critical_gap_share",
        "critical_gap_low",
        "critical_gap_high",
        f"quadrant_{lang}",
    ]
]

# %% [markdown]
# ## How members rate their capability: top-2 / bottom-2 / net
# Diverging bars sorted by net score (top-2-box − bottom-2-box). "Don't know" (არ ვიცი, code 9) is
# outside the base and shown apart on the right.

# %%
show(figures[f"survey_capability_likert_{wave}"], lang)

# %% [markdown]
# ## Gaps by dimension and member type (disclosure-controlled)
# Cells with fewer than 5 respondents are suppressed ("n<5"), and further cells ("–") are hidden so
# no suppressed value can be worked out from the "All members" column. Every suppression is listed in
# `reports/validation/suppression_log.xlsx`.

# %%
show(figures[f"survey_gap_by_member_type_{wave}"], lang)

# %% [markdown]
# ## Support members would use (multi-select)
# Shares are of members who answered the question, not of selections, so they can add to over 100%.

# %%
shares = load("survey", "multi_select_shares")
shares[shares["wave"] == wave][
    ["question", f"choice_{lang}", "n", "n_selected", "share", "share_low", "share_high"]
]

# %% [markdown]
# ## Change between waves for the same members
# Members who answered an item in both waves: the share with a critical gap (importance ≥ 4 and
# capability ≤ 2) in each wave; McNemar test on the yes/no change, Wilcoxon signed-rank on each
# member's gap change.

# %%
show(figures["survey_wave_change"], lang)

# %%
tables["wave_change"][
    [
        "item",
        f"item_{lang}",
        "n_pairs",
        "critical_gap_share_before",
        "critical_gap_share_after",
        "mcnemar_p",
        "gap_change_mean",
        "wilcoxon_p",
    ]
]

# %% [markdown]
# ## Gap status against declared targets
# From `data/raw/survey/targets.csv`: closed (at or better than the target), narrowing / widening
# against the baseline wave, not closed, or no data.

# %%
load("survey", "gap_status")

# %% [markdown]
# ## Findings (as in the donor brief)

# %%
findings = load("survey", "findings")
display(Markdown("\n".join(f"- {t}" for t in findings[f"text_{lang}"])))
