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
#
# What goes to donors after a run of `cluster-analysis run`: the run's provenance (every input with its
# checksum), what validation quarantined, the findings per domain in the chosen language, the figure
# catalogue and the published tables. Everything here is read from `data/processed` and `reports/`;
# the notebook computes nothing itself.

# %% tags=["parameters"]
lang = "en"  # "en" or "ka"

# %%
import pandas as pd
from IPython.display import HTML, Image, Markdown, display

from cluster_analysis.notebook import latest_manifest, load, project_paths

paths = project_paths()
manifest = latest_manifest(paths)
display(
    Markdown(
        f"**Run** `{manifest['run_id']}` · status **{manifest['status']}** · "
        f"{manifest['started']} → {manifest['finished']}"
    )
)

# %% [markdown]
# ## Provenance: inputs and their checksums
# Each raw file the run read, with its sha256 and row count. A donor or auditor can check that the
# published numbers come from exactly these files.

# %%
pd.DataFrame(manifest["inputs"])

# %% [markdown]
# ## Validation: rows in, valid, rejected
# Nothing is lost: every input row is either in the processed data or in
# `reports/validation/rejects.xlsx` with its reasons in English and Georgian.

# %%
pd.DataFrame(manifest["validation"])[["table", "source", "rows_in", "rows_valid", "rows_rejected"]]

# %%
rejects = pd.read_excel(paths.validation / "rejects.xlsx", sheet_name="Rejects")
rejects.head(20)

# %% [markdown]
# ## Key findings per domain
# The sentences that go into `findings.<lang>.docx`, each with its n, period and source.

# %%
column = f"text_{lang}"
for domain in ("survey", "indicators", "pool"):
    findings = load(domain, "findings", paths=paths)
    donor = findings[findings["audience"] == "donors"]
    display(Markdown(f"### {domain}\n" + "\n".join(f"- {t}" for t in donor[column])))

# %% [markdown]
# ## Figures
# The figure catalogue (`reports/index.html`) lists every figure with its files. Here are the PNGs
# in the chosen language, as they will be pasted into a proposal.

# %%
for png in sorted(paths.figures.glob(f"*.{lang}.png"))[:6]:
    display(Markdown(f"`{png.name}`"))
    display(Image(filename=str(png), width=700))

# %% [markdown]
# ## Documents written

# %%
documents = sorted(
    p.relative_to(paths.reports).as_posix()
    for p in paths.reports.rglob("*")
    if p.suffix in {".docx", ".xlsx", ".html"} and "figures" not in p.parts
)
display(HTML("<ul>" + "".join(f"<li>{d}</li>" for d in documents) + "</ul>"))
