"""``eva serve`` and ``eva key``: the HTTP service (extra ``server``) and the API keys it accepts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from eva_core.domain import EvaError, say

from ._options import DEFAULT_SOURCE, Source
from ._render import fail, note, show

KEY_FILE = Path("eva-sleutels.json")

Keys = Annotated[
    Path,
    typer.Option("--sleutels", help="Het sleutelbestand: de API-sleutels als hash, met organisatie en rol."),
]


def _need_server() -> None:
    try:
        import litestar  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise fail(say("cli.serve.no-extra")) from None


def serve(  # noqa: PLR0913, PLR0917 - one option per setting
    source: Source = DEFAULT_SOURCE,
    keys: Keys = KEY_FILE,
    host: Annotated[str, typer.Option("--host", help="Het adres waarop de service luistert.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--poort", help="De poort waarop de service luistert.")] = 8000,
    workers: Annotated[int, typer.Option("--processen", help="Het aantal processen (elk met een eigen index).")] = 1,
    per_minute: Annotated[
        int, typer.Option("--per-minuut", help="Verzoeken per minuut per sleutel per proces; 0 is onbeperkt.")
    ] = 600,
    demo: Annotated[
        bool, typer.Option("--demo", help="Start op de democatalogus in het geheugen, met nieuwe sleutels.")
    ] = False,
) -> None:
    """Start de HTTP-service: instrumenten beheren, matchen, zoeken en wijzigingen volgen, met OpenAPI."""
    _need_server()
    import uvicorn

    from eva_core.service import KeyRing, Role, ServiceOptions, create_app

    if demo:
        from eva_core.demo import demo_catalogue, demo_ratings
        from eva_core.storage import Actor, MemoryRepository, add_catalogue

        repository = MemoryRepository()
        catalogue = demo_catalogue()
        add_catalogue(repository, catalogue, label="eva serve --demo")
        for rating in demo_ratings():
            repository.rate(rating, by=Actor(rating.organisation, "eva serve --demo"))
        organisation = catalogue[0].organisation.id
        ring = KeyRing()
        for role in Role:
            key = ring.add(f"demo-{role.value}", organisation, role)
            typer.echo(say("cli.serve.demo-key", role=role.value, organisation=organisation, key=key))
        app = create_app(repository, keys=ring, options=ServiceOptions(per_minute=per_minute or None, freeze=True))
        typer.echo(say("cli.serve.listening", url=f"http://{host}:{port}"))
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    os.environ["EVA_SERVE_URL"] = source
    os.environ["EVA_SERVE_KEYS"] = str(keys)
    os.environ["EVA_SERVE_PER_MINUTE"] = str(per_minute)
    from eva_core.storage import open_repository

    try:  # fail here, in one line, on a bad URL or key file, before any worker starts
        KeyRing.load(keys)
        open_repository(source).close()
    except EvaError as error:
        raise fail(str(error)) from None
    if not keys.exists():
        note(say("cli.serve.no-keys", path=str(keys)))
    typer.echo(say("cli.serve.listening", url=f"http://{host}:{port}"))
    from eva_core.service._run import run_workers

    run_workers(host, port, workers)


def key(  # noqa: PLR0913, PLR0917 - one option per part of a key
    name: Annotated[str, typer.Option("--naam", help="Een naam voor de sleutel (kleine letters, cijfers, -).")],
    organisation: Annotated[str, typer.Option("--organisatie", help="Het id van de organisatie van de sleutel.")],
    role: Annotated[str, typer.Option("--rol", help="beheerder, professional of alleen-lezen.")],
    keys: Keys = KEY_FILE,
    curator: Annotated[
        bool, typer.Option("--gedeeld-beheer", help="Een beheerder mag ook gedeelde stamgegevens wijzigen.")
    ] = False,
    per_minute: Annotated[
        int | None, typer.Option("--per-minuut", help="Een eigen limiet voor deze sleutel (verzoeken per minuut).")
    ] = None,
) -> None:
    """Maak een API-sleutel voor eva serve. De sleutel staat daarna alleen als hash in het bestand."""
    _need_server()
    from eva_core.service import KeyRing, Role

    try:
        chosen = Role(role)
    except ValueError:
        raise fail(say("cli.key.unknown-role", choices=[r.value for r in Role])) from None
    try:
        ring = KeyRing.load(keys)
        made = ring.add(name, organisation, chosen, curator=curator, per_minute=per_minute)
    except EvaError as error:
        raise fail(str(error)) from None
    show(say("cli.key.made", name=name, path=str(keys)))
    typer.echo(made)
