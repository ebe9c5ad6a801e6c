"""The data every step passes on (pure): the unit workbook, findings,
the indicator vocabulary and the 指标值 grammar.
"""
