"""Storage of an archive's rows: SQLAlchemy Core tables, engines and Alembic migrations."""
