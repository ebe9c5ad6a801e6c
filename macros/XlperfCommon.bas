Attribute VB_Name = "XlperfCommon"
' xlperf: shared code of the workbook buttons.
'
' Every button Sub calls RunXlperf with the name of a Python entry point in the module
' xlperf.app.excel. RunXlperf hands it to RunPython of the xlwings add-in (xlwings.xlam), which
' `xlwings addin install` copies from the same pip package as the Python side, so the VBA
' and Python versions of xlwings always match. Nothing version-specific lives in this file.
'
' What can go wrong is explained in Chinese, as far as VBA can see it:
' - the add-in is not loaded: Application.Run fails with error 1004;
' - the interpreter xlwings is set to does not exist: checked here first, with the add-in's own
'   GetConfig, before xlwings would say "Could not find Interpreter!";
' - Windows refuses to start a process (error 70, e.g. the Defender rule that blocks Office
'   applications from creating child processes), when that error reaches this module;
' - Python fails (xlperf not installed, "python" not found, a traceback): xlwings shows its own
'   English message and RunPython returns -1; a Chinese note on what it means follows.
' README.md, section "Excel buttons", lists every message and its fix.
'
' Keep this file ASCII: the VBA project is stored with code page 1252. Chinese text is
' written as code points and decoded by U().
Option Explicit

Public Const XLWINGS_ADDIN As String = "xlwings.xlam"

' Run one entry point of xlperf.app.excel on the active workbook through the xlwings add-in.
Public Sub RunXlperf(ByVal entry As String)
    Dim problem As String
    Dim result As Variant
    On Error GoTo Failed
    problem = InterpreterProblem(ConfiguredInterpreter())
    If problem <> "" Then
        MsgBox problem, vbExclamation, "xlperf"
        Exit Sub
    End If
    result = Application.Run("'" & XLWINGS_ADDIN & "'!RunPython", PythonCommand(entry))
    If result = -1 Then MsgBox PythonFailedMessage(), vbExclamation, "xlperf"
    Exit Sub
Failed:
    MsgBox FailureMessage(Err.Number, Err.Description), vbExclamation, "xlperf"
End Sub

' The Python statement RunPython executes for an entry point, e.g. "check".
Public Function PythonCommand(ByVal entry As String) As String
    PythonCommand = "import xlperf.app.excel; xlperf.app.excel." & entry & "()"
End Function

' The interpreter RunPython will start, read from the add-in's settings as RunPython reads them
' (Windows; "" on a Mac, where the add-in starts Python differently, or when the add-in cannot
' be asked: then RunPython itself reports the problem).
Public Function ConfiguredInterpreter() As String
    Dim interpreter As Variant
    On Error GoTo Unknown
    If InStr(1, Application.OperatingSystem, "Mac", vbTextCompare) > 0 Then Exit Function
    interpreter = Application.Run("'" & XLWINGS_ADDIN & "'!GetConfig", "INTERPRETER_WIN", "")
    If CStr(interpreter) = "" Then
        interpreter = Application.Run("'" & XLWINGS_ADDIN & "'!GetConfig", "INTERPRETER", "python")
    End If
    ConfiguredInterpreter = CStr(interpreter)
    Exit Function
Unknown:
    ConfiguredInterpreter = ""
End Function

' The message for an interpreter path that does not exist, "" when there is nothing to say:
' the check xlwings makes before "Could not find Interpreter!" ("python" and "pythonw" are
' looked up on the PATH by Windows, not checked).
Public Function InterpreterProblem(ByVal interpreter As String) As String
    If interpreter = "" Or LCase(interpreter) = "python" Or LCase(interpreter) = "pythonw" Then
        Exit Function
    End If
    If FileExists(interpreter) Then Exit Function
    Dim s As String
    s = s & "xlwings " & U("8BBE 7F6E 7684") & " Python " & U("4E0D 5B58 5728 FF1A")
    s = s & " " & interpreter
    s = s & U("3002 8BF7 5728 547D 4EE4 63D0 793A 7B26 4E2D 8FD0 884C") _
        & " xlwings config create --force" & U("FF0C 6309 5F53 524D 7684") & " Python " _
        & U("91CD 5199") & " xlwings " & U("7684 8BBE 7F6E FF0C 7136 540E 91CD 65B0 6253 5F00") _
        & " Excel" & U("3002")
    InterpreterProblem = s
End Function

' The message for an error raised while calling the add-in.
Public Function FailureMessage(ByVal number As Long, ByVal description As String) As String
    Dim s As String
    Select Case number
        Case 1004
            s = AddinMissingMessage()
        Case 70, -2147024891
            s = s & "Windows " & U("963B 6B62 4E86") & " Excel " & U("542F 52A8") & " Python" _
                & U("3002")
            s = s & U("5982 679C 5355 4F4D 542F 7528 4E86") & " Microsoft Defender " _
                & U("7684 653B 51FB 9762 51CF 5C11 89C4 5219 201C 963B 6B62 6240") & U("6709") _
                & " Office " & U("5E94 7528 7A0B 5E8F 521B 5EFA 5B50 8FDB 7A0B 201D FF0C 6309") _
                & U("94AE 65E0 6CD5 8FD0 884C FF1A 8BF7 4FE1 606F 5316 90E8 95E8") _
                & U("4E3A 8FD9 6761 89C4 5219 8BBE 7F6E 4F8B 5916 FF0C 6216 4FDD") _
                & U("5B58 672C 6587 4EF6 540E 7528 547D 4EE4 884C") & " xlperf " _
                & U("5904 7406 3002")
        Case Else
            s = s & U("8C03 7528") & " xlwings " & U("52A0 8F7D 9879 65F6 51FA 9519 3002")
            s = s & U("8BF7 628A 672C 63D0 793A 622A 56FE 53D1 7ED9 6280 672F 652F") _
                & U("6301 FF08 89C1") & " xlperf " & U("8BF4 660E 201C") & "Excel " _
                & U("6309 94AE 201D 4E00 8282 FF09 3002")
    End Select
    FailureMessage = s & vbLf & vbLf & "(" & number & ": " & description & ")"
End Function

' Shown after xlwings reported that Python failed (its own message comes first, in English).
Public Function PythonFailedMessage() As String
    Dim s As String
    s = s & "Python " & U("6CA1 6709 8FD0 884C 6210 529F FF0C 539F 56E0 89C1 4E0A 4E00") & U("4E2A") _
        & " xlwings " & U("63D0 793A 6846 FF1A")
    s = s & vbLf
    s = s & U("201C") & "No module named 'xlperf'" & U("201D FF1A 8FD9 4E2A") & " Python " _
        & U("4E2D 6CA1 6709 5B89 88C5") & " xlperf" & U("FF0C 8BF7 7528 540C 4E00 4E2A") _
        & " Python " & U("8FD0 884C") & " pip install ""xlperf[excel]""" & U("FF1B")
    s = s & vbLf
    s = s & U("201C") & "'python' " & U("4E0D 662F 5185 90E8 6216 5916 90E8 547D 4EE4 201D FF08") _
        & "'python' is not recognized" & U("FF09 FF1A") & "xlwings " & U("8FD8 6CA1 6709 8BBE 7F6E") _
        & " Python" & U("FF0C 8BF7 8FD0 884C") & " xlwings config create --force" & U("FF1B")
    s = s & vbLf
    s = s & U("5176 4ED6 5185 5BB9 8BF7 622A 56FE 53D1 7ED9 6280 672F 652F") & U("6301 FF08 89C1") _
        & " xlperf " & U("8BF4 660E 201C") & "Excel " & U("6309 94AE 201D 4E00 8282 FF09 3002")
    PythonFailedMessage = s
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

' Whether a file (not a folder) exists; False for any path Windows cannot look at.
Private Function FileExists(ByVal path As String) As Boolean
    On Error GoTo Missing
    FileExists = (GetAttr(path) And vbDirectory) = 0
    Exit Function
Missing:
    FileExists = False
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
