"""The data releases: /v1/releases (views.py) and its query (query.py)."""
