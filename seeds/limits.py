"""How much one load may ask of the loader, so a few bytes of seed cannot exhaust its memory.

Each limit is far above what real seeds need. The synthetic benchmark release (bench/synthetic.py:
430 disclosures, about 110,000 figures, seed files of 4 KB and sources of 6 KB) loads in about
1 GB of memory, roughly 8 KB per figure; the figure limits keep a release within a few GB.
"""

from __future__ import annotations

MiB = 1024 * 1024

# A seed YAML file (reference list or disclosure). The largest real one is 7 KB.
MAX_SEED_FILE_BYTES = 2 * MiB
# A source document (the text of a response). The largest real one is 20 KB.
MAX_SOURCE_BYTES = 16 * MiB
# A document's extracted text, and what an XLSX (a zip) may unpack to: a few KB of compressed
# XML can claim gigabytes, so the sizes its entries declare are checked before any is read.
MAX_EXTRACTED_BYTES = 16 * MiB
MAX_UNPACKED_BYTES = 64 * MiB
MAX_PDF_PAGES = 500
# Cells of one sheet's used range (its last row times its last column), and of all a workbook's
# sheets together, read one by one, by the loader and by `seeds draft`: one value far out
# (XFD1048576) in a 5 KB file would otherwise have billions of empty cells read.
MAX_SHEET_CELLS = 1_000_000
# How deep YAML collections may nest. Real seed files nest 6 levels; PyYAML recurses per level.
MAX_YAML_DEPTH = 64
# The figures one group of a disclosure may describe (its `figures` plus its `expand` product).
MAX_GROUP_FIGURES = 100_000
# The figures one release may hold, from groups, tables and derivations (about 4.5 times the benchmark).
MAX_RELEASE_FIGURES = 500_000
