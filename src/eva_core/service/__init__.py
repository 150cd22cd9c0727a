"""``eva serve``: the matcher as an HTTP service (extra ``server``), with OpenAPI 3.1, keys and problem bodies.

`create_app` makes the ASGI app over one repository; `KeyRing` holds the API keys (hashed), each bound to an
organisation and a `Role`. See docs/service.md.
"""

from eva_core.service._app import (
    OPENAPI_PATH,
    actor_of,
    app_from_environment,
    create_app,
    json_response,
    key_of,
    service_of,
)
from eva_core.service._keys import ApiKey, InvalidKeyFile, KeyRing, Role, hash_key
from eva_core.service._problems import PROBLEM_JSON, ServiceProblem
from eva_core.service._state import Service, ServiceOptions

__all__ = [
    "OPENAPI_PATH",
    "PROBLEM_JSON",
    "ApiKey",
    "InvalidKeyFile",
    "KeyRing",
    "Role",
    "Service",
    "ServiceOptions",
    "ServiceProblem",
    "actor_of",
    "app_from_environment",
    "create_app",
    "hash_key",
    "json_response",
    "key_of",
    "service_of",
]
