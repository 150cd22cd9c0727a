"""A demo catalogue: fictional organisations and providers with realistic instruments, in plain Dutch (B1).

For trying eva_core, for its docs and for its tests. Every organisation, provider, person and web address in
it is made up; the municipality and region codes are real CBS 2021 codes.
"""

from eva_core.demo._catalogue import DEMO_TODAY, demo_catalogue, demo_ratings

__all__ = ["DEMO_TODAY", "demo_catalogue", "demo_ratings"]


def __dir__() -> list[str]:
    return __all__
