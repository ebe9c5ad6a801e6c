Attribute VB_Name = "XlperfUnit"
' xlperf: the buttons of a unit workbook (see XlperfCommon for how they reach Python).
Option Explicit

' Button: fill default values into the blank cells of this workbook.
Public Sub FillDefaults()
    RunXlperf "fill_defaults"
End Sub

' Button: check this workbook and list the findings on the check-result sheet.
Public Sub CheckWorkbook()
    RunXlperf "check"
End Sub

' Button: apply the safe fixes to this workbook and list each change on the fix-log sheet.
Public Sub FixWorkbook()
    RunXlperf "fix_workbook"
End Sub

' Button: regenerate the table of contents from the project sheets.
Public Sub RefreshToc()
    RunXlperf "refresh_toc"
End Sub

' Button: write this workbook's performance-target document as Word beside the workbook.
Public Sub ExportWord()
    RunXlperf "export_word"
End Sub
