"""Generate a synthetic county: realistic unit workbooks, some broken, duplicated or odd.

Units are built from the bundled examples' real project tables (four per unit, amounts varied),
written through the same template writer units download, so a county of any size reads like
the real thing. Deterministic for a given seed. The returned :class:`County` says what is known
about the inputs (the truth a consolidation is compared with), computed from the models, not by
reading the files back.

    .venv/bin/python bench/make_county.py OUT_DIR --units 2000 [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from xlperf.app.actions.unit import write_unit
from xlperf.core.model.unit_workbook import Project, UnitInfo, UnitWorkbook
from xlperf.files.examples import example_names, load_example

BASE_TIME = 1_700_000_000  # file modification times are set from here, one second per unit
CENT = Decimal("0.01")
DEPARTMENTS = ("教育和体育局", "卫生健康局", "农业农村局", "民政局", "交通运输局", "水利局",
               "自然资源和规划局", "住房和城乡建设局", "文化广电和旅游局", "市场监督管理局")
FORMULA_LIKE = ("=SUM(A1:A9)", "+86 0312 8888888 联系人王某", "-（详见附件）", "@全体股室")


@dataclass
class County:
    """What is known about a generated county."""

    folder: str
    units: int = 0  # distinct unit codes in readable files
    files: int = 0
    budget: str = "0"
    fiscal: str = "0"
    other: str = "0"
    projects: int = 0
    indicators: int = 0
    broken: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # older versions (not used)
    formula_like: dict[str, str] = field(default_factory=dict)  # unit code → text planted
    roster_only: list[str] = field(default_factory=list)  # in the roster, no file
    outside_roster: list[str] = field(default_factory=list)  # file, not in the roster
    codes: list[str] = field(default_factory=list)


def project_pool() -> list[Project]:
    return [p for name in example_names() for p in load_example(name).projects]


def make_unit(index: int, rng: random.Random, pool: list[Project]) -> UnitWorkbook:
    """Unit ``index``: four real project tables with varied amounts."""
    code = f"{800001 + index}"
    name = f"博野县{DEPARTMENTS[index % len(DEPARTMENTS)]}第{index + 1}分局本级"
    info = UnitInfo(code=code, name=name, year=2023, compiler=name.removesuffix("本级"),
                    reviewer="博野县财政局")
    projects = []
    for k, template in enumerate(rng.sample(pool, 4)):
        fiscal = (Decimal(rng.randint(100, 500_000)) / 100).quantize(CENT)
        other = (Decimal(rng.choice((0, 0, 0, rng.randint(1, 90_000)))) / 100).quantize(CENT)
        projects.append(template.model_copy(update={
            "unit_code": code, "unit_name": name, "budget": fiscal + other,
            "fiscal_funds": fiscal, "other_funds": other,
            "code": f"13063723P{index:06d}{k:02d}{rng.randint(0, 9999):04d}",
        }))
    return UnitWorkbook(info=info, department=load_example(example_names()[0]).department,
                        projects=projects)


def _write(job: tuple[UnitWorkbook, str, float]) -> None:
    book, path, mtime = job
    write_unit(book, Path(path), overwrite=True)
    os.utime(path, (mtime, mtime))


def make_county(folder: Path, units: int, *, seed: int = 7, jobs: int | None = None,
                broken: int | None = None, duplicates: int | None = None) -> County:
    """Write ``units`` unit workbooks (plus broken files and older duplicates) into folder."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "收件箱").mkdir(parents=True)
    rng = random.Random(seed)
    pool = project_pool()
    broken = max(1, units // 100) if broken is None else broken
    duplicates = max(1, units // 50) if duplicates is None else duplicates
    county = County(str(folder))
    jobs_list, budget, fiscal, other = [], Decimal(0), Decimal(0), Decimal(0)
    for index in range(units):
        book = make_unit(index, rng, pool)
        if index % 97 == 3:  # formula-like text a unit typed
            text = FORMULA_LIKE[index % len(FORMULA_LIKE)]
            first = book.projects[0].model_copy(update={"purpose": text})
            book = book.model_copy(update={"projects": [first, *book.projects[1:]]})
            county.formula_like[book.info.code or ""] = text
        sub = folder / ("收件箱" if index % 3 else "")
        path = sub / f"{book.info.code}_{book.info.name}.xlsx"
        jobs_list.append((book, str(path), BASE_TIME + 10 * index + 5))
        county.codes.append(book.info.code or "")
        county.projects += len(book.projects)
        county.indicators += sum(len(p.indicators) for p in book.projects)
        for p in book.projects:
            budget += p.budget or 0
            fiscal += p.fiscal_funds or 0
            other += p.other_funds or 0
    for k in range(duplicates):  # an older version of a unit: changed amounts, earlier mtime
        index = (k * 37) % units
        book = make_unit(index, random.Random(seed * 1000 + k), pool)
        path = folder / f"{book.info.code}_旧版本{k}.xlsx"
        jobs_list.append((book, str(path), BASE_TIME + 10 * index))
        county.duplicates.append(str(path))
    with multiprocessing.get_context("fork").Pool(jobs or os.cpu_count()) as pool_:
        pool_.map(_write, jobs_list, chunksize=8)
    for k in range(broken):
        path = folder / f"损坏文件{k}.xlsx"
        source = Path(jobs_list[k][1]).read_bytes()
        path.write_bytes(source[: len(source) // 3] if k % 2 == 0 else "不是工作簿".encode())
        county.broken.append(str(path))
    county.units, county.files = units, units + duplicates + broken
    county.budget, county.fiscal, county.other = str(budget), str(fiscal), str(other)
    county.roster_only = ["899990", "899991"]
    county.outside_roster = [county.codes[-1]]
    return county


def write_roster(county: County, path: Path) -> None:
    """A roster: every generated unit except the last, plus two units that sent nothing."""
    from xlperf.core.summary.records import RosterEntry
    from xlperf.core.summary.roster import ROSTER_TITLE, roster_table
    from xlperf.files.xlsxstream import write_tables

    entries = [RosterEntry(c) for c in county.codes if c not in county.outside_roster]
    entries += [RosterEntry(c, f"博野县未报送单位{c}") for c in county.roster_only]
    write_tables([roster_table(entries, blank_rows=0)], path, title=ROSTER_TITLE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    start = time.perf_counter()
    county = make_county(args.folder, args.units, seed=args.seed)
    write_roster(county, args.folder.with_name(args.folder.name + "_名录.xlsx"))
    truth = asdict(county)
    truth.pop("codes")
    (args.folder.with_name(args.folder.name + "_truth.json")).write_text(
        json.dumps(truth, ensure_ascii=False, indent=1))
    print(f"{county.files} files in {args.folder} ({time.perf_counter() - start:.1f}s)")


if __name__ == "__main__":
    main()
