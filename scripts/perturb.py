"""Write damaged copies of documents: ``python scripts/perturb.py IN_DIR OUT_DIR [--kinds …]``.

Each input ``name.txt`` gives ``OUT_DIR/<kind>/name.txt`` for every damage kind, so an
evaluation run on a damaged folder can be compared with the clean one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from extractor.perturb import PERTURBATIONS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument(
        "--kinds", nargs="+", choices=sorted(PERTURBATIONS), default=sorted(PERTURBATIONS)
    )
    args = parser.parse_args(argv)
    for path in sorted(args.input.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        for kind in args.kinds:
            target = args.output / kind / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(PERTURBATIONS[kind](text).encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
