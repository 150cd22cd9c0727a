"""Every error as one HTTP status and one RFC 9457 problem body (``application/problem+json``).

A problem body carries the error's ``code`` (the `EvaError` code programs read), a Dutch ``title`` and
``detail`` (English with ``Accept-Language: en``), and for invalid input every broken rule under ``problems``
with its JSON path, field label, rule code and message. Bad input is never a 500: a 500 means the service
itself failed, and its body says no more than that.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException, ValidationException

from eva_core.domain import AreaError, EvaError, InvalidRecord, Problem, UnsupportedFormat, say
from eva_core.service._wire import NotJson, encode
from eva_core.storage import (
    BatchRefused,
    Conflict,
    CorruptStore,
    Forbidden,
    InvalidCursor,
    InvalidUrl,
    NotFound,
    SchemaMismatch,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreUnavailable,
    UnknownReference,
    Unstorable,
)

__all__ = ["PROBLEM_JSON", "STATUS_OF", "ServiceProblem", "problem_response", "status_of"]

PROBLEM_JSON = "application/problem+json"

log = logging.getLogger("eva_core.service")

STATUS_OF: tuple[tuple[type[BaseException], int], ...] = (
    (NotJson, 400),
    (InvalidCursor, 400),
    (UnsupportedFormat, 400),
    (InvalidRecord, 422),
    (AreaError, 422),
    (UnknownReference, 422),
    (Unstorable, 422),
    (NotFound, 404),
    (Forbidden, 403),
    (BatchRefused, 409),
    (Conflict, 409),
    (StoreFull, 507),
    (CorruptStore, 500),
    (SchemaMismatch, 500),
    (InvalidUrl, 500),
    (StoreBusy, 503),
    (StoreUnavailable, 503),
    (StoreError, 503),
)
"""Each error class and its status, most specific first; any other `EvaError` is a 400 (InUse: 409)."""


class ServiceProblem(EvaError):
    """A problem the service itself finds (no key, too many requests, a role that may not), with its status."""

    codes = ("no-key", "rate-limited", "role", "not-ready", "id-mismatch")

    def __init__(self, status: int, code: str, message: object, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = headers or {}


def status_of(error: BaseException) -> int:
    """The HTTP status of *error*."""
    if isinstance(error, ServiceProblem):
        return error.status
    for cls, status in STATUS_OF:
        if isinstance(error, cls):
            return status
    if getattr(error, "code", None) == "in-use":
        return 409
    return 400 if isinstance(error, EvaError) else 500


def _problem(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "label": problem.label, "code": problem.code, "message": problem.message}


def body_of(status: int, code: str, detail: str, problems: Sequence[Problem] = ()) -> dict[str, Any]:
    """A problem body (RFC 9457) with eva_core's extension members ``code`` and ``problems``."""
    title = say(f"service.status.{status}") if f"service.status.{status}" in _TITLES else HTTPStatus(status).phrase
    return {
        "type": f"urn:eva-core:problem:{code}",
        "title": str(title),
        "status": status,
        "detail": detail,
        "code": code,
        "problems": [_problem(p) for p in problems],
    }


_TITLES = frozenset(f"service.status.{s}" for s in (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503, 507))


def problem_response(request: Request[Any, Any, Any], error: Exception) -> Response[bytes]:
    """Litestar's exception handler: *error* as a problem response; a 500 is logged without the request."""
    headers: dict[str, str] = {}
    problems: Sequence[Problem] = ()
    if isinstance(error, EvaError):
        status = status_of(error)
        code = str(getattr(error, "code", "error"))
        detail = str(error)
        if isinstance(error, InvalidRecord):
            problems = error.problems
        if isinstance(error, ServiceProblem):
            headers = error.headers
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, type(error).__name__)
    elif isinstance(error, ValidationException):  # a query or path parameter of the wrong type
        status, code, detail = 400, "invalid-parameter", str(say("error.invalid-parameter"))
        problems = [
            Problem(f"$.{item.get('key', '')}", str(item.get("key", "")), "type", say("problem.type.value"))
            for item in (error.extra if isinstance(error.extra, list) else [])
            if isinstance(item, dict)
        ]
    elif isinstance(error, NotAuthorizedException):
        status, code, detail = 401, "no-key", str(say("error.no-key"))
    elif isinstance(error, PermissionDeniedException):
        status, code, detail = 403, "forbidden", str(say("error.role"))
    elif isinstance(error, HTTPException):
        status = error.status_code
        code = {404: "no-route", 405: "method-not-allowed", 413: "too-large"}.get(status, "http")
        detail = str(say(f"error.http.{status}")) if status in (404, 405, 413) else HTTPStatus(status).phrase
        headers = dict(error.headers or {})
    else:
        status, code, detail = 500, "internal", str(say("error.internal"))
        log.error("%s %s: unexpected %s", request.method, request.url.path, type(error).__name__)
    return Response(
        encode(body_of(status, code, detail, problems)), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )
