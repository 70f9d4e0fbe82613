"""Alembic migrations; run through ``docket.db.migrate``."""
