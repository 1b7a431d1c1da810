"""One case per seed (id = file name): exact match with a unified diff, idempotence, subsequence,
and an explain trace that replays to the output. `pytest --update-golden` rewrites and still fails."""
from pathlib import Path

import pytest

from cleaner.golden import cases, check_case, update_case

ROOT = Path(__file__).resolve().parents[1]
CASES, PROBLEMS = cases(ROOT / "seeds", ROOT / "golden")


def test_every_golden_has_a_seed():
    assert not PROBLEMS, "\n".join(p.message for p in PROBLEMS)


def test_there_are_enough_seeds():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_seed_matches_golden(case, request):
    if request.config.getoption("--update-golden"):
        if update_case(case):
            pytest.fail(f"golden for {case.name} rewritten: review `git diff golden/`")
    errors = check_case(case)
    assert not errors, "\n\n".join(errors)
