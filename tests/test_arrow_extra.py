"""Without the [arrow] extra: domainrules imports, domainrules.arrow names the extra."""

from __future__ import annotations

import subprocess
import sys

# pyarrow made unimportable (None in sys.modules), whether or not it is installed.
_WITHOUT_PYARROW = """
import sys
sys.modules["pyarrow"] = None
sys.modules["pyarrow.compute"] = None
import domainrules
print(domainrules.lifecycle_of("example.com", "2025-01-01T00:00:00Z").expires_at.year)
for module in ("domainrules.arrow", "domainrules.engines"):
    try:
        __import__(module)
    except ImportError as error:
        print(module, "|", error)
"""


def test_the_library_needs_no_pyarrow_and_the_error_names_the_extra() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PYARROW], capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "2025"
    for line, module in zip(lines[1:], ("domainrules.arrow", "domainrules.engines"), strict=True):
        assert line.startswith(module + " | ")
        assert "[arrow] extra" in line and "pyarrow" in line
