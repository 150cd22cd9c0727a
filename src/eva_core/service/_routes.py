"""The service's capabilities as routes: instruments, master data, ratings, matching, search, analysis, feed."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

__all__ = ["ROUTES"]

ROUTES: list[ControllerRouterHandler] = []
