Attribute VB_Name = "XlperfSummary"
' xlperf: the buttons of the county summary workbook (see XlperfCommon).
Option Explicit

' Button: read every unit workbook of the folder named on the settings sheet and write the
' summary sheets into this workbook.
Public Sub Consolidate()
    RunXlperf "consolidate"
End Sub

' Button: review every unit of the folder into the review folder named on the settings sheet
' (suggested results, letters, annotated workbooks) and write the review sheet into this workbook.
Public Sub Review()
    RunXlperf "review"
End Sub
