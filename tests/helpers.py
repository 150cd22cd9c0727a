"""Small builders for tests: one valid instrument, changed where a test needs it."""

from __future__ import annotations

from typing import Any

from eva_core import (
    ClientCharacteristic,
    ExecutionForm,
    Instrument,
    Organisation,
    Provider,
    Tile,
    dump_instrument,
)

ORGANISATION = Organisation(id="gm-utrecht", name="Gemeente Utrecht")
PROVIDER = Provider(id="werkbedrijf", name="Werkbedrijf Utrecht", website="https://werkbedrijf.example.nl")


def an_instrument(**changes: Any) -> Instrument:
    values: dict[str, Any] = {
        "id": "jobcoaching",
        "organisation": ORGANISATION,
        "provider": PROVIDER,
        "name": "Jobcoaching",
        "summary": "Een jobcoach helpt je de eerste maanden op je nieuwe werk.",
        "aim": "Je houdt je baan.",
        "method": "Wekelijks gesprek op de werkplek.",
        "execution_forms": [ExecutionForm.COACHING],
        "tiles": [Tile.PLAATSING, Tile.NAZORG],
        "client_characteristics": [ClientCharacteristic.BASIS_WERKNEMERSVAARDIGHEDEN],
        "publish": True,
    }
    values.update(changes)
    return Instrument(**values)


def a_document(**changes: Any) -> dict[str, Any]:
    """The JSON of `an_instrument`, with raw *changes*; a value of ... removes the key."""
    document = dump_instrument(an_instrument())
    for key, value in changes.items():
        if value is ...:
            document.pop(key, None)
        else:
            document[key] = value
    return document
