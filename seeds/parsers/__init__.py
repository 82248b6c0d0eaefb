"""Parsers for table formats in source documents. A new force's table in a known format needs only
a `tables:` entry in its seed file; a new format needs a parser here."""

from .tab_table import NIL_RETURN, Row, TableError, parse_tab_table

__all__ = ["NIL_RETURN", "Row", "TableError", "parse_tab_table"]
