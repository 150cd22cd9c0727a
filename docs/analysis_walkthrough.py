# %% [markdown]
# # Analysing the offer: a walkthrough on the demo catalogue
#
# For policy makers and analysts. Run it as a script (`python docs/analysis_walkthrough.py`) or open it in
# an editor that reads percent-format notebooks (VS Code, Jupytext). The test suite runs it end to end.

# %%
import datetime as dt
import os
from pathlib import Path

from eva_core.analysis import compare, coverage, offer_profile, quality_report
from eva_core.demo import DEMO_TODAY, demo_catalogue, demo_ratings
from eva_core.domain import summarise

OUTPUT = Path(os.environ.get("EVA_WALKTHROUGH_OUTPUT", "."))
catalogue = demo_catalogue()

# %% [markdown]
# ## Is the offer in Utrecht complete?
# The coverage matrix counts, per tile and client characteristic, the instruments published today and
# offered in the area, and how many providers deliver them.

# %%
utrecht = coverage(catalogue, area="GM0344", on=DEMO_TODAY)
print(f"{len(utrecht.empty_cells())} of {len(utrecht.cells)} cells are empty")
print(f"{len(utrecht.single_provider_cells())} cells depend on a single provider")
frame = utrecht.to_pandas()
print(frame.sort_values("instruments", ascending=False).head(5).to_string(index=False))

# %%
heatmap = utrecht.heatmap(OUTPUT / "coverage-utrecht.png")
print(f"heatmap written to {heatmap}")

# %% [markdown]
# ## Two areas side by side
# Where does Amersfoort offer something Utrecht does not, and the other way round?

# %%
side_by_side = compare(catalogue, "GM0344", "GM0307", on=DEMO_TODAY)
print(f"{len(side_by_side.only_in_first())} cells served in Utrecht but not in Amersfoort")
print(side_by_side.to_polars().head(3))

# %% [markdown]
# ## What does the offer look like?

# %%
profile = offer_profile(catalogue, on=DEMO_TODAY)
for tile, costs in profile.costs.items():
    if costs.count:
        print(f"{tile.label:<20} {costs.count:>2} with costs, median € {costs.median:,.0f}")
print(profile.group_forms)

# %% [markdown]
# ## How do professionals rate the instruments?
# Means are shown from three ratings on; the shrunk mean pulls few ratings towards the catalogue mean.

# %%
for instrument_id, summary in summarise(demo_ratings(), minimum=3).items():
    general = summary.scores["general"]
    shown = "too few ratings" if general.mean is None else f"mean {general.mean:.2f}, shrunk {general.shrunk_mean:.2f}"
    print(f"{instrument_id:<35} {summary.count} rating(s): {shown}")

# %% [markdown]
# ## Where does the catalogue need care?

# %%
report = quality_report(catalogue, on=DEMO_TODAY, ending_within_days=365)
print(report.to_pandas().groupby("code").size())
assert dt.date(2026, 11, 28) == DEMO_TODAY
