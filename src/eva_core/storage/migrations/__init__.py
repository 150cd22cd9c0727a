"""Alembic migrations of the SQL schema, shipped with eva_core and run by `eva_core.storage.upgrade`."""
