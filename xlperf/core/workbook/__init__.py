"""The workbook (pure): its layout, rendering and reading, and the
edits the buttons and commands make.
"""
