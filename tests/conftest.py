import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same generated examples every time (derandomized): a red run means a real change.
# HYPOTHESIS_PROFILE=explore draws fresh examples, fifty times more, to look for new failures.
settings.register_profile("ci", max_examples=60, derandomize=True, database=None)
settings.register_profile("explore", max_examples=3000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("NEWSCLEAN_BENCH", ROOT.parent / "shared" / "bench" / "aeb"))


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    if not (BENCH / "ground-truth.json").is_file():
        pytest.skip(f"dev set not found at {BENCH} (set NEWSCLEAN_BENCH to ../shared/bench/aeb)")
    return BENCH


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output (the run still fails on changes)")
