"""The workbooks users download equal what the generator makes now."""

from helpers import ROOT

from xlperf.app.actions import build


def test_committed_workbooks_are_up_to_date(out):
    built = build.build_workbooks(out)
    committed = sorted(p.relative_to(ROOT / "workbooks") for p in (ROOT / "workbooks").rglob("*")
                       if p.suffix in (".xlsx", ".xlsm"))
    generated = sorted(b.path.relative_to(out) for b in built)
    assert generated == committed, "run `make workbooks` and commit the result"
    stale = [str(rel) for rel in generated
             if (out / rel).read_bytes() != (ROOT / "workbooks" / rel).read_bytes()]
    assert stale == [], f"stale workbooks (run `make workbooks`): {stale}"
