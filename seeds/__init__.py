"""Curated seed data: source documents, code lists, one seed file per disclosure, and the loader."""
