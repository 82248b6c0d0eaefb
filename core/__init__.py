"""The domain core: the data model, its enums, the harmonisation rules and the citation sentence.

It imports nothing else of the project (tests/test_layers.py checks): schema/, seeds/ and api/
build on it, in that order.
"""
