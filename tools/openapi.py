"""Write docs/openapi.json: the OpenAPI document `eva serve` publishes (tests/service/test_openapi.py checks it)."""

import json
from pathlib import Path

from litestar.testing import TestClient

from eva_core.service import create_app
from eva_core.storage import MemoryRepository

TARGET = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def document() -> str:
    """The app's OpenAPI document as the docs keep it: sorted keys, two-space indents, a final newline."""
    with TestClient(create_app(MemoryRepository())) as client:
        return (
            json.dumps(client.get("/schema/openapi.json").json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )


if __name__ == "__main__":
    TARGET.write_text(document(), encoding="utf-8")
    print(f"wrote {TARGET}")
