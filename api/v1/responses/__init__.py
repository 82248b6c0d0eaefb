"""The FOI disclosures: /v1/responses, one response and its stored source (views.py), and their
queries (query.py)."""
