"""The bundled example units: human-readable YAML files shipped with the package."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from xlperf.core.model.unit_workbook import UnitWorkbook

SEED = "博野县总工会_2023"
FOLDER = Path(__file__).parent / "data"


def example_names() -> list[str]:
    """Names of the bundled examples (file stems), the seed first."""
    names = sorted(p.stem for p in FOLDER.glob("*.yaml"))
    return sorted(names, key=lambda n: n != SEED)


def load_example(name: str) -> UnitWorkbook:
    """Load a bundled example by name, e.g. ``博野县总工会_2023``."""
    return load_yaml(FOLDER / f"{name}.yaml")


def load_yaml(path: Path) -> UnitWorkbook:
    """Load a unit from a YAML file of the same shape as the examples."""
    return parse_yaml(Path(path).read_text("utf-8"))


def parse_yaml(text: str) -> UnitWorkbook:
    """Validate YAML text as a unit workbook (strict: unknown keys are errors).

    Goes through JSON so that strict validation accepts "10.09" and 10.09 for Decimal amounts.
    """
    data = yaml.safe_load(text)
    return UnitWorkbook.model_validate_json(json.dumps(data, ensure_ascii=False, default=str))
