"""Edit Word documents in LibreOffice Writer through UNO, as a person would, and save them.

Runs under the system Python with ``uno`` (like uno_ops.py). Usage: ``python3 writer_ops.py
jobs.json`` with ``{"jobs": [{"input": "a.docx", "edits": [...], "outputs": [[path, filter],
...]}]}``; all documents are handled in one LibreOffice start. Filters: "MS Word 2007 XML",
"writer_pdf_Export".

edits: {"edit": "blank_paragraphs", "after": "text", "count": n}: n empty paragraphs after the
           first paragraph whose text is "text"
     | {"edit": "split_table", "table": i, "before": n}: n empty paragraphs before table i's
           title, so that the table runs over a page break; its first row repeats on the next
           page (Writer's 重复标题行)
     | {"edit": "merge", "table": i, "cells": "F2:G2"}: merge a range of cells
     | {"edit": "toc_field"}: replace the typed 目录 entries by Writer's own 目录 (an index made
           from the headings' outline levels), updated
Prints {"jobs": [[...], ...]}: for each job the number of pages of the document after the edits.
"""

from __future__ import annotations

import json
import os
import sys

import uno  # type: ignore[import-not-found]
from com.sun.star.text.ControlCharacter import (  # type: ignore[import-not-found]
    PARAGRAPH_BREAK,
)
from uno_ops import Office, _props


def _elements(doc):
    enum = doc.Text.createEnumeration()
    while enum.hasMoreElements():
        yield enum.nextElement()


def _paragraphs(doc):
    return (e for e in _elements(doc) if e.supportsService("com.sun.star.text.Paragraph"))


def _blank_after(doc, paragraph, count):
    text = doc.Text
    cursor = text.createTextCursorByRange(paragraph.End)
    for _ in range(count):
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)


def _edit(doc, edit):
    kind = edit["edit"]
    if kind == "blank_paragraphs":
        paragraph = next(p for p in _paragraphs(doc) if p.getString() == edit["after"])
        _blank_after(doc, paragraph, edit["count"])
    elif kind == "split_table":
        table = doc.TextTables.getByIndex(edit["table"])
        table.Split = True
        table.RepeatHeadline = True
        table.HeaderRowCount = 1
        elements = list(_elements(doc))
        at = next(i for i, e in enumerate(elements) if e.supportsService(
            "com.sun.star.text.TextTable") and e.getName() == table.getName())
        title = elements[at - 2]  # above the unit line
        text = doc.Text
        cursor = text.createTextCursorByRange(title.getStart())
        for _ in range(edit["before"]):
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
    elif kind == "merge":
        table = doc.TextTables.getByIndex(edit["table"])
        first, last = edit["cells"].split(":")
        cursor = table.createCursorByCellName(first)
        cursor.gotoCellByName(last, True)
        cursor.mergeRange()
    elif kind == "toc_field":
        paragraphs = list(_paragraphs(doc))
        title = next(p for p in paragraphs if "".join(p.getString().split()) == "目录")
        entries = []
        for p in paragraphs[paragraphs.index(title) + 1:]:
            if p.getString().strip() == "" or p.getString().startswith("第一部分") and entries:
                break  # the body's first page follows the 目录
            entries.append(p)
        text = doc.Text
        cursor = text.createTextCursorByRange(entries[0].getStart())
        for _ in entries[1:]:
            cursor.gotoNextParagraph(True)
        cursor.gotoEndOfParagraph(True)
        cursor.setString("")
        index = doc.createInstance("com.sun.star.text.ContentIndex")
        index.CreateFromOutline = True
        index.Level = 2
        index.Title = ""
        text.insertTextContent(cursor, index, False)
        index.update()
    else:
        raise ValueError(f"unknown edit {kind}")


def _run(office, job):
    doc = office.open(job["input"])
    if doc is None:
        raise SystemExit(f"LibreOffice could not open {job['input']}")
    try:
        for edit in job.get("edits", []):
            _edit(doc, edit)
        for index in range(doc.getDocumentIndexes().getCount()):
            doc.getDocumentIndexes().getByIndex(index).update()
        doc.refresh()
        controller = doc.getCurrentController()
        pages = controller.PageCount if controller is not None else None
        for path, name in job["outputs"]:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            doc.storeToURL(url, _props(FilterName=name))
    finally:
        doc.close(True)
    return pages


def main(job_path):
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    with Office() as office:
        result = {"jobs": [_run(office, one) for one in job["jobs"]]}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
