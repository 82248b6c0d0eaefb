"""The figures: /v1/figures and its views by measure (views.py), the query behind a page
(query.py), and the page as JSON or CSV from the stored documents (page.py)."""
