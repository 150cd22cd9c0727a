"""The catalogue as Open Referral's Human Services Data Specification (HSDS) 3.0, the standard for service directories.

`to_hsds` maps instruments to fully nested HSDS services (organization, service_at_location with location,
taxonomy terms for tiles, client characteristics and the other code lists); `MAPPING` says where each Eva field
goes, or that HSDS has no place for it; `schema` gives the JSON Schema subset the export is checked against,
written from the published specification (openreferral/specification, ``schema/*.json`` of version 3.0).
"""

from eva_core.hsds._export import (
    HSDS_VERSION,
    NAMESPACE,
    TAXONOMIES,
    InvalidPage,
    Taxonomy,
    hsds_id,
    hsds_page,
    taxonomy_terms,
    to_hsds,
)
from eva_core.hsds._mapping import MAPPED_RECORDS, MAPPING, FieldMapping
from eva_core.hsds._schema import SCHEMA_SOURCE, schema

__all__ = [
    "HSDS_VERSION",
    "MAPPED_RECORDS",
    "MAPPING",
    "NAMESPACE",
    "SCHEMA_SOURCE",
    "TAXONOMIES",
    "FieldMapping",
    "InvalidPage",
    "Taxonomy",
    "hsds_id",
    "hsds_page",
    "schema",
    "taxonomy_terms",
    "to_hsds",
]


def __dir__() -> list[str]:
    return __all__
