Attribute VB_Name = "XlperfSummary"
' xlperf: the button of the county summary workbook (see XlperfCommon).
Option Explicit

' Button: read every unit workbook of the folder named on the settings sheet and write the
' summary sheets into this workbook.
Public Sub Consolidate()
    RunXlperf "consolidate"
End Sub
