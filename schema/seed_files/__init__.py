"""Schemas that validate the curated seed files under `seeds/` before anything is loaded: the
code lists (reference.py) and the disclosures (disclosures.py).

Unknown keys are errors (marshmallow's default RAISE), so a misspelt key in a seed file fails the
load instead of being silently ignored.
"""
