"""kill -9 in the middle of multi-organisation batches: a store shows the old state or the new one, never a mix."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from eva_core.storage import open_repository

pytestmark = pytest.mark.slow  # processes killed on purpose: runs under CI=true or with --slow

WRITER = textwrap.dedent(
    """
    import sys
    from eva_core.domain import ExecutionForm, Instrument, Organisation, Provider
    from eva_core.storage import Batch, open_repository

    ORGANISATIONS = [Organisation("utrecht", "Utrecht"), Organisation("zwolle", "Zwolle")]
    PROVIDER = Provider("aanbieder", "Aanbieder")
    SIZE = int(sys.argv[2])

    def catalogue(generation):
        marker = generation % 100 + 1
        ids = [f"{o.id}-{n}" for o in ORGANISATIONS for n in range(SIZE)]
        if generation % 2:
            ids += [f"{o.id}-extra" for o in ORGANISATIONS]
        return [
            Instrument(
                id=i, organisation=next(o for o in ORGANISATIONS if i.startswith(o.id)), provider=PROVIDER,
                name=f"Instrument {i}", summary="Samenvatting.", aim="Doel.", method="Werkwijze.",
                execution_forms=[ExecutionForm.COACHING], intensity_hours_per_week=marker,
            )
            for i in ids
        ]

    repository = open_repository(sys.argv[1])
    generation = int(sys.argv[3])
    if generation == 0:
        batch = Batch(catalogue(0))
        repository.apply(batch, by=batch.actors("seed"))
        sys.exit(0)
    print("ready", flush=True)
    while True:
        batch = Batch(catalogue(generation), update=True, remove_missing=True)
        repository.apply(batch, by=batch.actors("writer"))
        generation += 1
    """
)
SIZE = 150


def state(url: str) -> tuple[int, set[str]]:
    """The generation every instrument shows, and the ids; fails on a mix of generations."""
    with open_repository(url) as repository:
        stored = repository.list()
    markers = {s.instrument.intensity_hours_per_week for s in stored}
    assert 1 == len(markers), f"instruments of different batches: {sorted(markers)}"
    return markers.pop() or 0, {s.id for s in stored}


def expected_ids(marker: int) -> set[str]:
    extra = (marker - 1) % 2 == 1
    return {f"{o}-{n}" for o in ("utrecht", "zwolle") for n in range(SIZE)} | (
        {"utrecht-extra", "zwolle-extra"} if extra else set()
    )


@pytest.mark.parametrize("adapter", ["json", "sqlite"])
def test_a_batch_killed_at_any_moment_leaves_the_old_state_or_the_new(tmp_path, adapter):
    url = f"json://{tmp_path / 'catalogue.json'}" if adapter == "json" else f"sqlite:///{tmp_path / 'eva.db'}"
    subprocess.run([sys.executable, "-c", WRITER, url, str(SIZE), "0"], check=True)
    rng = random.Random(20261129)
    marker, ids = state(url)
    seen = set()

    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", WRITER, url, str(SIZE), str(marker)], stdout=subprocess.PIPE)
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        marker, ids = state(url)
        assert expected_ids(marker) == ids
        seen.add(marker)

    assert len(seen) > 1, "the writer never finished a batch: the test proves nothing"
