"""Test settings shared by the whole suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# The machines are shared and noisy: a per-example deadline would make timing,
# not correctness, fail a run. CI (`.ci/run` sets HYPOTHESIS_PROFILE=ci) runs
# CI_MAX_EXAMPLES examples per property, derandomized so that a failure is
# reproducible from the log; a test's own @settings(max_examples=...) still wins.
CI_MAX_EXAMPLES = 200

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=CI_MAX_EXAMPLES,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
