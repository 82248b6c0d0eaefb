"""The code lists figures are harmonised to: forces, offence codes, platforms, age bands, caveats
and outcome types (views.py), and their queries (query.py)."""
