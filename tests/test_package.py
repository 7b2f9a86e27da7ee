"""The package surface: lazy imports, every public name resolves, models ship with it."""

from __future__ import annotations

import subprocess
import sys

import extractor


def test_every_public_name_resolves() -> None:
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None


def test_import_does_not_load_the_pipeline() -> None:
    code = (
        "import sys, extractor; "
        "print(any(m in sys.modules for m in ('pydantic', 'extractor.pipeline', 'regex')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        extractor.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
