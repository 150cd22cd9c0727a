"""Relevance of Dutch text search on the judged set of tests/search/relevance.py: MRR and recall@5 per analyzer.

    python bench/relevance.py [-v]

Compares the stemmers (Snowball ``dutch_porter`` and the newer ``dutch``), with and without the override
table, the decompounder and typo tolerance. Figures go into the issue notes; tests/search/test_relevance.py
asserts a floor for the shipped analyzer.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.search.relevance import QUERIES, by_kind, catalogue, evaluate

from eva_core import Criteria
from eva_core.demo import DEMO_TODAY
from eva_core.search import Analyzer, CatalogueIndex, Decompounder, _fulltext
from eva_core.search._text import shipped_overrides

DAY = Criteria(published_on=DEMO_TODAY)


def searcher(index: CatalogueIndex):  # noqa: ANN201
    def search(text: str) -> list[str]:
        return [hit.instrument.id for hit in index.search(text, criteria=DAY, limit=10).hits]

    return search


def variants() -> dict[str, Analyzer]:
    parts = Decompounder.shipped()
    return {
        "dutch_porter (before: no overrides, no parts)": Analyzer("dutch_porter"),
        "dutch (before: no overrides, no parts)": Analyzer("dutch"),
        "dutch_porter + parts": Analyzer("dutch_porter", decompounder=parts),
        "dutch + parts": Analyzer("dutch", decompounder=parts),
        "dutch_porter + parts + overrides (shipped)": Analyzer("dutch_porter", shipped_overrides(), parts),
        "dutch + parts + overrides": Analyzer("dutch", shipped_overrides(), parts),
    }


def main() -> None:
    items = catalogue()
    print(f"{len(QUERIES)} queries over {len(items)} instruments")
    print(f"{'analyzer':<46} {'typos':>5}  {'MRR':>5}  {'R@5':>5}  {'none':>4}")
    for name, analyzer in variants().items():
        for fuzzy in (False, True):
            _fulltext.FUZZY_ENABLED = fuzzy
            figures = evaluate(searcher(CatalogueIndex(items, analyzer=analyzer)))
            shown = f"{figures['mrr']:.3f}  {figures['recall@5']:.3f}  {figures['nothing']:.2f}"
            print(f"{name:<46} {'on' if fuzzy else 'off':>5}  {shown}")
    _fulltext.FUZZY_ENABLED = True
    search = searcher(CatalogueIndex(items))
    print("shipped analyzer, per kind of query:")
    for kind, figures in by_kind(search).items():
        print(f"  {kind:<15} MRR {figures['mrr']:.3f}  recall@5 {figures['recall@5']:.3f}  ({figures['queries']:.0f})")
    if "-v" in sys.argv:
        for query in QUERIES:
            found = search(query.text)
            missed = sorted(query.relevant - set(found[:5]))
            print(f"    {query.text!r:34} top {found[:3]} missed {missed}")


if __name__ == "__main__":
    main()
