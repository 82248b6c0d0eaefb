"""The disclosed records: /v1/records (views.py) and the query behind it (query.py)."""
