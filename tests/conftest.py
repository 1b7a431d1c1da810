import os
from pathlib import Path

import pytest

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
