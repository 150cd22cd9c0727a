"""The app factory: a Litestar app over one repository, with keys, problems, health and readiness.

Routes are plain Litestar handlers. A handler says who may call it with ``opt={"role": Role.X}`` (no role:
any valid key, that is read-only) or ``opt={"public": True}`` (no key: health, readiness, the OpenAPI
document). It reaches the process's state with `service_of` and the caller with `key_of` / `actor_of`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Response, Router, get
from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import (
    ASGIApp,
    ControllerRouterHandler,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Receive,
    Scope,
    Send,
)

from eva_core.domain import in_language, say
from eva_core.service._keys import ApiKey, KeyRing, Role
from eva_core.service._openapi import SCHEMAS, documented
from eva_core.service._problems import ServiceProblem, problem_response
from eva_core.service._state import Service, ServiceOptions
from eva_core.service._wire import encode
from eva_core.storage import Actor, InstrumentRepository, open_repository

__all__ = [
    "LEAN",
    "OPENAPI_PATH",
    "actor_of",
    "app_from_environment",
    "create_app",
    "json_bytes",
    "json_response",
    "key_of",
    "service_of",
]

OPENAPI_PATH = "/schema"
"""Where the app serves its OpenAPI document (``/schema/openapi.json``)."""

LEAN = "lean"
"""A ``POST`` handler's ``opt`` key for its lean path: a function (`Service`, body bytes) -> JSON bytes.

The app's middleware calls it straight after the key check, without Litestar's request, parameter and
response objects (about 0.1 ms of CPU a request, where the match of a small catalogue takes 0.15 ms); its
errors become the same problem responses. The handler itself calls the same function, for Litestar's
routing, its OpenAPI document and any app that mounts the route without this middleware.
"""


def service_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Service:
    """The `Service` of the app that handles *connection*."""
    service: Service = connection.app.state["service"]
    return service


def key_of(connection: ASGIConnection[Any, Any, Any, Any]) -> ApiKey:
    """The key the request was made with (only for handlers that are not public)."""
    key: ApiKey = connection.state["key"]
    return key


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    """Who writes: the key's organisation, with the key's id (never the key) as the history's label."""
    key = key_of(connection)
    return Actor(key.organisation, f"api-key:{key.id}", curator=key.curator)


def json_response(data: object, status: int = 200, headers: dict[str, str] | None = None) -> Response[bytes]:
    """JSON-ready *data* as a response."""
    return json_bytes(encode(data), status, headers)


def json_bytes(content: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response[bytes]:
    """JSON *content* (already written) as a response."""
    return Response(content, status_code=status, media_type="application/json", headers=headers)


def _front(app: ASGIApp) -> ASGIApp:
    """Before each handler: messages in the caller's language, then the caller's key, rate limit and role.

    English for a request whose first ``Accept-Language`` is English; Dutch otherwise. The key is checked
    here (see `_admit`), not in a Litestar guard: Litestar calls a guard with a copy of the route handler and
    builds header and state objects for it, 35 to 45 µs a request (measured in-process), ten times what
    finding the key costs. This runs after routing, so the handler's ``opt`` is known; a refusal is answered
    here, as a problem in the caller's language.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        language: bytes | None = None
        authorization: bytes | None = None
        for name, value in scope.get("headers", ()):
            if name == b"accept-language" and language is None:
                language = value
            elif name == b"authorization" and authorization is None:
                authorization = value
        if (language or b"").split(b",")[0].strip().lower().startswith(b"en"):
            with in_language("en"):
                await _guarded(app, scope, receive, send, authorization or b"")
        else:
            await _guarded(app, scope, receive, send, authorization or b"")

    return middleware


async def _guarded(app: ASGIApp, scope: Scope, receive: Receive, send: Send, authorization: bytes) -> None:
    try:
        _admit(scope, authorization)
        lean = scope["route_handler"].opt.get(LEAN)
        if lean is not None and scope.get("method") == "POST":
            service: Service = scope["litestar_app"].state["service"]
            content = lean(service, await _body(receive, service.options.max_body))
            head: HTTPResponseStartEvent = {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(content))],
            }
            await send(head)
            await send(HTTPResponseBodyEvent(type="http.response.body", body=content, more_body=False))
            return
    except Exception as error:  # noqa: BLE001 - every error is a problem response, as Litestar's own handler makes it
        request: Request[Any, Any, Any] = Request(scope, receive, send)
        await problem_response(request, error).to_asgi_response(app=None, request=request)(scope, receive, send)
        return
    await app(scope, receive, send)


async def _body(receive: Receive, most: int) -> bytes:
    """The request body, refused with a 413 past *most* bytes (as Litestar's ``request_max_body_size``)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientException(status_code=400)  # the client went away: nobody reads the answer
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > most:
            raise ClientException(status_code=413)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _admit(scope: Scope, authorization: bytes) -> None:
    """Find the caller's key, count it against its rate limit, check its role, and keep it for `key_of`.

    Routes with ``opt={"public": True}`` and the OpenAPI document need no key.
    """
    handler: BaseRouteHandler = scope["route_handler"]
    if handler.opt.get("public") or scope["path"].startswith(OPENAPI_PATH):
        return
    needed: Role = handler.opt.get("role", Role.READ_ONLY)
    service: Service = scope["litestar_app"].state["service"]
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    key = service.keys.find(token.strip()) if scheme.lower() == "bearer" else None
    if key is None:
        raise ServiceProblem(401, "no-key", say("error.no-key"), headers={"WWW-Authenticate": "Bearer"})
    wait = service.limiter.allow(key)
    if wait is not None:
        raise ServiceProblem(
            429, "rate-limited", say("error.rate-limited"), headers={"Retry-After": str(math.ceil(wait))}
        )
    if not key.role.may(needed):
        raise ServiceProblem(403, "role", say("error.role", role=key.role.value, needed=needed.value))
    scope.setdefault("state", {})["key"] = key


_STATUS = {"type": "object", "properties": {"status": {"const": "ok"}}, "required": ["status"]}
_READY = {
    "type": "object",
    "properties": {"status": {"const": "ready"}, "instruments": {"type": "integer"}, "cursor": {"type": "string"}},
    "required": ["status", "instruments", "cursor"],
}


@get(
    "/health",
    opt={"public": True},
    sync_to_thread=False,
    tags=["health"],
    operation_class=documented(ok=(200, _STATUS), public=True),
)
def health() -> Response[bytes]:
    """Liveness: the process answers."""
    return json_response({"status": "ok"})


@get(
    "/ready",
    opt={"public": True},
    sync_to_thread=False,
    tags=["health"],
    operation_class=documented(ok=(200, _READY), public=True, errors={503: "Nog niet klaar."}),
)
def ready(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Readiness: the index is built and the change feed was read lately; 503 while it is not."""
    service = service_of(request)
    if not service.ready():
        raise ServiceProblem(503, "not-ready", say("error.not-ready"))
    with service.index() as index:
        count = len(index)
    return json_response({"status": "ready", "instruments": count, "cursor": service.cursor})


def _operation_id(handler: Any, method: Any, components: list[Any]) -> str:  # noqa: ANN401 - Litestar's hook
    """``get-instruments-instrument_id``: the method and the path, unique without naming functions."""
    del handler
    return "-".join([str(method).lower(), *(getattr(c, "name", c) for c in components)])


def create_app(
    source: str | InstrumentRepository,
    *,
    keys: KeyRing | Path | None = None,
    options: ServiceOptions | None = None,
    route_handlers: Sequence[ControllerRouterHandler] = (),
) -> Litestar:
    """An ASGI app serving the repository at *source* (a URL, or a repository the caller opened and closes).

    *keys* is a `KeyRing` or the path of a key file (see `KeyRing.load`); without it no key is accepted
    and only public routes answer. The app serves the API, the professionals' page and the HSDS export
    (`eva_core.service._page`); *route_handlers* are added beside them. The index is built when the app
    starts, and followed until it stops.
    """
    from eva_core.service._page import PAGE_ROUTES  # noqa: PLC0415 - the routes import this module
    from eva_core.service._routes import ROUTES  # noqa: PLC0415

    options = options or ServiceOptions()
    owns = isinstance(source, str)
    repository = open_repository(source) if isinstance(source, str) else source
    ring = keys if isinstance(keys, KeyRing) else KeyRing.load(keys) if keys is not None else KeyRing()
    service = Service(repository, keys=ring, options=options, owns_repository=owns)
    from eva_core import __version__  # noqa: PLC0415 - read from the package metadata

    app = Litestar(
        # One Router per group: Litestar 2 registers a group's handlers once (registering handlers one by one
        # runs sync_to_thread's wrapping twice for two methods on one path, and the first then fails).
        route_handlers=[
            Router("/", route_handlers=[health, ready, *ROUTES, *PAGE_ROUTES]),
            Router("/", route_handlers=[h for h in route_handlers if h not in PAGE_ROUTES]),
        ],
        middleware=[_front],
        exception_handlers={Exception: problem_response},
        on_startup=[lambda _: service.start()],
        on_shutdown=[lambda _: service.stop()],
        state={"service": service},  # type: ignore[arg-type]
        request_max_body_size=options.max_body,
        openapi_config=OpenAPIConfig(
            title="eva_core",
            version=str(__version__),
            summary=str(say("service.openapi.summary")),
            path=OPENAPI_PATH,
            components=Components(
                security_schemes={"key": SecurityScheme(type="http", scheme="bearer", description="API-sleutel")}
            ),
            use_handler_docstrings=True,
            operation_id_creator=_operation_id,
        ),
        logging_config=None,
    )
    document = app.openapi_schema  # made once; our schemas are JSON Schemas as dicts, written as they are
    if document.components is not None:
        document.components.schemas = {**SCHEMAS, **(document.components.schemas or {})}
    return app


def app_from_environment() -> Litestar:
    """The app ``uvicorn --factory`` starts in each worker, set up by environment variables.

    ``EVA_SERVE_URL`` (the repository), ``EVA_SERVE_KEYS`` (the key file), ``EVA_SERVE_PER_MINUTE`` (0: no
    limit) and ``EVA_SERVE_POLL`` (seconds between feed reads where the store does not notify).
    """
    per_minute = os.environ.get("EVA_SERVE_PER_MINUTE", "600")
    options = ServiceOptions(
        per_minute=int(per_minute) if per_minute not in ("", "0") else None,
        poll_interval=float(os.environ.get("EVA_SERVE_POLL", "1.0")),
        freeze=True,  # the worker process serves this app only
    )
    keys = os.environ.get("EVA_SERVE_KEYS")
    return create_app(os.environ["EVA_SERVE_URL"], keys=Path(keys) if keys else None, options=options)
