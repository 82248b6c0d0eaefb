"""Alembic migrations: every schema change of a persistent database goes through one of these."""
