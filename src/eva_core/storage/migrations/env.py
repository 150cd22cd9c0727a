"""Alembic environment: runs on the connection eva_core hands over, never from a config file."""

from __future__ import annotations

from alembic import context

from eva_core.storage._migrations import VERSION_TABLE
from eva_core.storage._schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
