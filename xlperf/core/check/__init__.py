"""The check of one unit workbook (pure): grids → model → findings,
the report of the results, and the edits that build on the check:
fixes, defaults filled in, and what each button of a unit workbook changes.
"""
