"""Access to the data models in ``models/`` (pattern tables, lexicons, gazetteers).

In a wheel the folder ships as ``extractor/models``; in a source checkout it is the
top-level ``models/`` beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE_DIR = Path(__file__).resolve().parent
# libyaml's safe loader when PyYAML was built with it: several times faster to start.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def models_dir() -> Path:
    """The folder holding the data models."""
    for candidate in (_PACKAGE_DIR / "models", _PACKAGE_DIR.parent / "models"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no models/ folder next to {_PACKAGE_DIR}")


@cache
def load_model(name: str) -> Any:
    """Parse ``models/<name>.yaml`` (cached: each table is read once per process)."""
    with (models_dir() / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_SAFE_LOADER)
