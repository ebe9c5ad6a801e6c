"""The check of one unit workbook (pure): grids → model → findings,
and the report of the results.
"""
