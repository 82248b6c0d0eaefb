"""Marshmallow schemas: the API's representations, and the seed-file formats."""
