"""Write the bundled area classifications (src/eva_core/areas/data/) from the CBS reference facts.

Run by a developer when the facts change, never by tests or at run time; the output is committed and ships
in the package. Usage: ``python tools/build_areas.py [REFERENCE_DIR]`` (default: ``../shared/reference``
beside the checkout), which holds ``cbs-2021-gemeenten.json`` ({code, name, region_code}),
``cbs-2021-arbeidsmarktregios.json`` ({code, name}) and ``cbs-herindelingen-2022-2023.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from eva_core.areas import load_mergers
from eva_core.areas._bundled import to_document
from eva_core.domain import AreaClassification, Municipality, Region

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eva_core" / "areas" / "data"
SOURCE_2021 = "CBS, Gebieden in Nederland 2021 (tabel 84929NED), licentie CC BY 4.0"
SOURCE_2023 = (
    f"{SOURCE_2021}; herindelingen 2022-2023 volgens CBS en de indeling van het coronadashboard van de "
    "Rijksoverheid, toegepast door eva_core"
)
EXPECTED = {2021: (352, 35), 2023: (342, 35)}  # municipalities and regions, as the reference's README says


def build(reference: Path) -> list[AreaClassification]:
    """The 2021 classification as given, and 2023 derived from it with the herindelingen."""
    municipalities = json.loads((reference / "cbs-2021-gemeenten.json").read_text(encoding="utf-8"))
    regions = json.loads((reference / "cbs-2021-arbeidsmarktregios.json").read_text(encoding="utf-8"))
    first = AreaClassification(
        2021,
        [Municipality(m["code"], m["name"], m["region_code"]) for m in municipalities],
        [Region(r["code"], r["name"]) for r in regions],
        source=SOURCE_2021,
    )
    later = first.after(load_mergers(reference / "cbs-herindelingen-2022-2023.json"), year=2023, source=SOURCE_2023)
    for areas in (first, later):
        counts = (len(areas.municipalities), len(areas.regions))
        if counts != EXPECTED[areas.year]:
            raise SystemExit(f"{areas.year}: {counts} municipalities and regions, expected {EXPECTED[areas.year]}")
    return [first, later]


def _one_record_a_line(document: dict[str, object]) -> str:
    """JSON with one area per line, so a change of one municipality is a one-line diff."""
    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            items = ",\n".join(f"  {json.dumps(item, ensure_ascii=False)}" for item in value)
            parts.append(f' "{key}": [\n{items}\n ]')
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    """Build both years and write them beside the package's code."""
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference"
    OUT.mkdir(parents=True, exist_ok=True)
    for areas in build(reference):
        target = OUT / f"cbs-{areas.year}.json"
        target.write_text(_one_record_a_line(to_document(areas)), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}: {len(areas.municipalities)} municipalities")


if __name__ == "__main__":
    main()
