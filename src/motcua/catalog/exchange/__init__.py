"""Import and export of the catalog: national JSON (LayThuTuc) and Excel.

Both formats are read into one internal shape, the record shape of the seed
file (``catalog/seed/procedures.json``), validated as a whole, and only then
written, in one transaction, through ``catalog.services``. Export goes the
other way, so that an exported file imports back into the same catalog.
"""
