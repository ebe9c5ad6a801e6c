Attribute VB_Name = "XlperfCommon"
' xlperf: shared code of the workbook buttons.
'
' Every button Sub calls RunXlperf with the name of a Python entry point in the module
' xlperf.excel. RunXlperf hands it to RunPython of the xlwings add-in (xlwings.xlam), which
' `xlwings addin install` copies from the same pip package as the Python side, so the VBA
' and Python versions of xlwings always match. Nothing version-specific lives in this file.
'
' Keep this file ASCII: the VBA project is stored with code page 1252. Chinese text is
' written as code points and decoded by U().
Option Explicit

Public Const XLWINGS_ADDIN As String = "xlwings.xlam"

' Run one entry point of xlperf.excel on the active workbook through the xlwings add-in.
Public Sub RunXlperf(ByVal entry As String)
    On Error GoTo NoAddin
    Application.Run "'" & XLWINGS_ADDIN & "'!RunPython", PythonCommand(entry)
    Exit Sub
NoAddin:
    MsgBox AddinMissingMessage() & vbLf & vbLf & "(" & Err.Number & ": " & Err.Description & ")", _
        vbExclamation, "xlperf"
End Sub

' The Python statement RunPython executes for an entry point, e.g. "check".
Public Function PythonCommand(ByVal entry As String) As String
    PythonCommand = "import xlperf.app.excel; xlperf.app.excel." & entry & "()"
End Function

' Shown when the add-in cannot be called (not installed, macros of add-ins disabled, WPS).
Public Function AddinMissingMessage() As String
    Dim s As String
    s = U("6CA1 6709 627E 5230") & " xlwings " & U("52A0 8F7D 9879 FF0C 6309 94AE 65E0 6CD5 8FD0 884C") _
        & " Python" & U("3002")
    s = s & U("8BF7 5148 5B89 88C5") & " Python" & U("3001") & "xlperf " & U("548C") & " xlwings " _
        & U("52A0 8F7D 9879 FF08 89C1") & " xlperf " & U("8BF4 660E 201C") & "Excel " _
        & U("6309 94AE 201D 4E00 8282 FF09 FF0C 7136 540E 91CD 65B0 6253 5F00") & " Excel" & U("3002")
    s = s & "WPS " & U("7528 6237 8BF7 4FDD 5B58 672C 6587 4EF6 540E 7528 547D 4EE4 884C") & " xlperf " _
        & U("5904 7406 3002")
    AddinMissingMessage = s
End Function

' Decode space-separated hexadecimal Unicode code points, e.g. U("6821 9A8C") for two characters.
Public Function U(ByVal codes As String) As String
    Dim code As Variant
    Dim text As String
    For Each code In Split(codes, " ")
        text = text & ChrW(CLng("&H" & code))
    Next code
    U = text
End Function
