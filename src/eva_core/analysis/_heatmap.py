"""The coverage matrix as a PNG, drawn with matplotlib without a screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eva_core.domain import ClientCharacteristic, Tile, say

if TYPE_CHECKING:
    from eva_core.analysis._coverage import Coverage

__all__ = ["draw"]


def draw(coverage: Coverage, path: Path) -> Path:
    """Write the heatmap of *coverage* to *path*."""
    try:
        import matplotlib as mpl  # noqa: PLC0415 - an optional extra

        mpl.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        raise ImportError(str(say("error.needs-extra", what="heatmap()", package="matplotlib", extra="plot"))) from None
    leaves = ClientCharacteristic.all_leaves()
    tiles = list(Tile)
    counts = [[coverage.count(tile, leaf) for tile in tiles] for leaf in leaves]
    figure, axes = plt.subplots(figsize=(11, 8))
    image = axes.imshow(counts, cmap="YlGn", aspect="auto")
    axes.set_xticks(range(len(tiles)), [t.label for t in tiles], rotation=35, ha="right")
    axes.set_yticks(range(len(leaves)), [f"{c.number} {c.label}" for c in leaves])
    darkest = max((value for values in counts for value in values), default=0)
    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            colour = "white" if darkest and value > darkest / 2 else "black"
            axes.text(column, row, str(value), ha="center", va="center", color=colour)
    axes.set_title(str(say("coverage.heatmap-title", area=coverage.area_name, day=coverage.on)))
    figure.colorbar(image, ax=axes, label=str(say("coverage.heatmap-scale")))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
