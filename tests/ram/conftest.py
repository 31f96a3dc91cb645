"""RAM test setup: ``tests.reference`` importable, the 100,000-case runs opt-in.

The ``slow`` differential runs (100,000 decisions each, a few minutes) are skipped
unless the marker expression names them: ``python -m pytest -m slow tests/ram``. The
normal suite keeps smaller versions of the same differential tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
_ROOT = str(_HERE.parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "slow" in (config.getoption("markexpr", "") or ""):
        return
    skip = pytest.mark.skip(reason="100,000-case run: select it with -m slow")
    for item in items:
        if "slow" in item.keywords and _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)
