"""The oracle (plan from the task's own goal, executed with the skills) solves a sample of each family."""

from __future__ import annotations

import pytest

from embodia.bench.episodes import EpisodeSpec, run_one


@pytest.mark.parametrize("tid,seed", [
    ("stack-4-v0", 11), ("sort-4-v0", 12), ("drawer-1-v0", 13), ("clear-2-v0", 14), ("unstack-4-v0", 15),
    ("chain-5-v0", 16),
])
def test_oracle_solves_family_sample(tid: str, seed: int) -> None:
    result = run_one(EpisodeSpec(tid, seed, brain="oracle", perception="privileged"))  # the skills, not the eyes
    assert result["success"], result["failure"]
    assert result["subgoals_done"] == result["subgoals_total"] == result["subgoals"]
