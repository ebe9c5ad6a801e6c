"""Drive LibreOffice through UNO like a user would: open, edit, recalculate, save.

Runs under the system Python that has the ``uno`` module (Debian's python3-uno), not the project
venv. Usage: ``python3 uno_ops.py job.json``; the job is::

    {"input": "in.xlsx", "output": "out.xlsx", "filter": "Calc MS Excel 2007 XML",
     "password": null, "ops": [...], "queries": [...]}

ops: {"op": "unprotect", "sheet": s} | {"op": "insert_rows", "sheet": s, "row": r, "count": n}
     | {"op": "delete_rows", "sheet": s, "row": r, "count": n}
     | {"op": "set", "sheet": s, "cell": "C12", "text": t} | {"op": "set", ..., "value": 1.5}
     | {"op": "formula", "sheet": s, "cell": "K1", "formula": "=ROWS(INDIRECT(A10))"}
     | {"op": "move_sheet", "sheet": s, "to": i}
     | {"op": "copy_sheet", "sheet": s, "as": n, "to": i}
     | {"op": "remove_sheet", "sheet": s} | {"op": "recalc"}
queries (after ops): {"q": "cell", "sheet": s, "cell": "K1"} → string and value
     | {"q": "validation", "sheet": s, "cell": "B10"} → type name (e.g. LIST) and formula1
     | {"q": "sheets"} → names | {"q": "protected", "sheet": s}
     | {"q": "buttons", "sheet": s} → [{label, script, cells, print_area}]: each form button's
       caption, the script URL its click runs, and the cells its shape overlaps (A1)
     | {"q": "modules"} → the Basic/VBA modules LibreOffice imported from the document
     | {"q": "annotations", "sheet": s} → [[A1 cell, text]] of the sheet's comments
     | {"q": "heights", "sheet": s, "rows": [r, ...]} → [[height, optimal height]] in points:
       each row as stored, and as LibreOffice fits it to its text (this sets the rows to their
       optimal height, so ask it in a job without output, after the other queries)
     | {"q": "invoke", "script": url, "args": [...]} → what the script returns (runs a macro)
Prints one JSON object: {"queries": [...]}. A file {"jobs": [job, ...]} runs several jobs, one
document after the other, in one LibreOffice start and prints {"jobs": [[...], ...]}.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _props(**kwargs):
    return tuple(PropertyValue(k, 0, v, 0) for k, v in kwargs.items())


class Office:
    """A private headless soffice process with its own profile, reached over a pipe."""

    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="xlperf-lo-")
        pipe = f"xlperf{os.getpid()}"
        self.proc = subprocess.Popen(
            [
                "soffice", "--headless", "--invisible", "--nologo", "--norestore",
                "--nodefault", f"-env:UserInstallation=file://{self.profile}",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.time() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.25)
        self.desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        return self

    def open(self, path):
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        return self.desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))

    def __exit__(self, *exc):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def _apply(doc, op):
    sheets = doc.Sheets
    kind = op["op"]
    if kind == "recalc":
        doc.calculateAll()
        return
    if kind == "move_sheet":
        sheets.moveByName(op["sheet"], op["to"])
        return
    if kind == "copy_sheet":
        sheets.copyByName(op["sheet"], op["as"], op["to"])
        return
    if kind == "remove_sheet":
        sheets.removeByName(op["sheet"])
        return
    sheet = sheets.getByName(op["sheet"])
    if kind == "unprotect":
        sheet.unprotect("")
    elif kind == "insert_rows":
        sheet.Rows.insertByIndex(op["row"] - 1, op["count"])
    elif kind == "delete_rows":
        sheet.Rows.removeByIndex(op["row"] - 1, op["count"])
    elif kind == "set":
        cell = sheet.getCellRangeByName(op["cell"])
        if "text" in op:
            cell.setString(op["text"])
        else:
            cell.setValue(op["value"])
    elif kind == "formula":
        sheet.getCellRangeByName(op["cell"]).setFormula(op["formula"])
    else:
        raise ValueError(f"unknown op {kind}")


def _buttons(sheet):
    """Form buttons of a sheet: caption, bound script, overlapped cells."""
    draw_page = sheet.DrawPage
    shapes = {}
    for i in range(draw_page.Count):
        shape = draw_page.getByIndex(i)
        if shape.supportsService("com.sun.star.drawing.ControlShape"):
            shapes[id(shape.Control)] = shape
            shapes[shape.Control.Name] = shape
    found = []
    grid = None
    forms = draw_page.Forms
    for f in range(forms.Count):
        form = forms.getByIndex(f)
        for i in range(form.Count):
            model = form.getByIndex(i)
            events = [e.ScriptCode for e in form.getScriptEvents(i)
                      if e.EventMethod == "actionPerformed"]
            shape = shapes.get(model.Name)
            if shape is not None and grid is None:
                grid = _grid(sheet)
            found.append({
                "label": getattr(model, "Label", None),
                "script": events[0] if events else None,
                "cells": _covered(grid, shape) if shape is not None else None,
            })
    return found


def _grid(sheet, rows=80, cols=30):
    """(start, size) of the first columns and rows: one UNO call each, not one per cell."""
    columns, lines = sheet.Columns, sheet.Rows
    return ([(columns.getByIndex(c).Position.X, columns.getByIndex(c).Size.Width)
             for c in range(cols)],
            [(lines.getByIndex(r).Position.Y, lines.getByIndex(r).Size.Height)
             for r in range(rows)])


def _covered(grid, shape):
    """A1 names of the cells a shape overlaps (strictly, not just touching an edge)."""
    x1, y1 = shape.Position.X, shape.Position.Y
    x2, y2 = x1 + shape.Size.Width, y1 + shape.Size.Height
    columns, rows = grid
    cells = []
    for r, (cy, ch) in enumerate(rows):
        for c, (cx, cw) in enumerate(columns):
            if cx < x2 and x1 < cx + cw and cy < y2 and y1 < cy + ch:
                cells.append(f"{_letters(c + 1)}{r + 1}")
    return cells


def _letters(col):
    name = ""
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def _invoke(doc, q):
    script = doc.getScriptProvider().getScript(q["script"])
    # Whole numbers go as 32-bit (VBA Long): left to pyuno, 1004 would reach Basic as 0.
    args = tuple(uno.Any("long", a) if isinstance(a, int) and not isinstance(a, bool) else a
                 for a in q.get("args", []))
    result, _out_index, _out = uno.invoke(script, "invoke", (args, (), ()))
    return result


def _heights(row):
    """A row's height as stored and as fitted to its text, in points (UNO gives 1/100 mm)."""
    points = 72 / 2540
    stored = row.Height * points
    row.OptimalHeight = True
    return [round(stored, 1), round(row.Height * points, 1)]


def _query(doc, q):
    kind = q["q"]
    if kind == "sheets":
        return list(doc.Sheets.ElementNames)
    if kind == "modules":
        libraries = doc.BasicLibraries
        return {name: list(libraries.getByName(name).ElementNames)
                for name in libraries.ElementNames}
    if kind == "invoke":
        return _invoke(doc, q)
    sheet = doc.Sheets.getByName(q["sheet"])
    if kind == "protected":
        return bool(sheet.isProtected())
    if kind == "buttons":
        return _buttons(sheet)
    if kind == "annotations":
        notes = sheet.Annotations
        return [[f"{_letters(n.Position.Column + 1)}{n.Position.Row + 1}", n.String]
                for n in (notes.getByIndex(i) for i in range(notes.Count))]
    if kind == "heights":
        return [_heights(sheet.Rows.getByIndex(r - 1)) for r in q["rows"]]
    cell = sheet.getCellRangeByName(q["cell"])
    if kind == "cell":
        return {"string": cell.getString(), "value": cell.getValue(), "formula": cell.getFormula(),
                "type": cell.Type.value}
    if kind == "links":
        fields = cell.getTextFields().createEnumeration()
        urls = []
        while fields.hasMoreElements():
            field = fields.nextElement()
            if field.getPropertySetInfo().hasPropertyByName("URL"):
                urls.append(field.URL)
        return urls
    if kind == "validation":
        validation = cell.Validation
        return {"type": validation.Type.value, "formula1": validation.getFormula1()}
    raise ValueError(f"unknown query {kind}")


def _run(office, job):
    """One job on one document: ops, then queries, then the optional save; the answers."""
    doc = office.open(job["input"])
    if doc is None:
        raise SystemExit(f"LibreOffice could not open {job['input']}")
    try:
        for op in job.get("ops", []):
            _apply(doc, op)
        answers = [_query(doc, q) for q in job.get("queries", [])]
        if job.get("output"):
            props = {"FilterName": job.get("filter", "Calc MS Excel 2007 XML")}
            if job.get("password"):
                props["Password"] = job["password"]
            url = uno.systemPathToFileUrl(os.path.abspath(job["output"]))
            doc.storeToURL(url, _props(**props))
    finally:
        doc.close(True)
    return answers


def main(job_path):
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    with Office() as office:
        if "jobs" in job:  # several documents, one after the other, in one LibreOffice start
            result = {"jobs": [_run(office, one) for one in job["jobs"]]}
        else:
            result = {"queries": _run(office, job)}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
