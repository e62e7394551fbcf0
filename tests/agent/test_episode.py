"""End to end in physics with the built-in brain: tasks of each family, disturbances and recovery."""

from __future__ import annotations

import pytest

from embodia.agent.episode import EpisodeConfig, run_episode
from embodia.brains.builtin import BuiltinBrain
from embodia.record.steps import RECORD_TYPES
from embodia.sim.world import World
from embodia.tasks.registry import get_task


def run_task(tid: str, seed: int, mode: str = "plan", instruction: str | None = None):
    inst = get_task(tid).make(seed)
    skills, sim_s = inst.budget()
    cfg = EpisodeConfig(instruction or inst.instruction, mode=mode, judge=inst.goal,
                        disturbances=inst.disturbances, skill_budget=skills, sim_seconds_budget=sim_s)
    records = list(run_episode(World(inst.scene, seed=seed), BuiltinBrain(), cfg))
    return records, records[-1].summary


@pytest.mark.parametrize("tid,seed", [
    ("stack-3-v0", 0), ("sort-3-v0", 1), ("drawer-2-v0", 2), ("clear-3-v0", 3), ("unstack-3-v0", 4),
])
def test_builtin_brain_solves_each_family(tid: str, seed: int) -> None:
    records, summary = run_task(tid, seed)
    assert summary["success"], summary["failure"]
    assert summary["subgoals_done"] == summary["subgoals_total"]
    assert all(isinstance(r, RECORD_TYPES) for r in records)
    assert [r.type for r in records][:2] == ["Grounded", "Planned"] and records[-1].type == "EpisodeEnded"


@pytest.mark.parametrize("mode", ["stepwise", "fullplan"])
def test_other_decision_modes_solve_a_stack(mode: str) -> None:
    records, summary = run_task("stack-3-v0", 5, mode=mode)
    assert summary["success"], summary["failure"]
    assert any(r.type == "Planned" for r in records)


def test_disturbance_triggers_replan_and_recovery() -> None:
    records, summary = run_task("stack-4-disturbed-v0", 1)
    types = [r.type for r in records]
    assert "Disturbed" in types, "the scheduled disturbance must fire"
    after = types[types.index("Disturbed"):]
    assert "Replanned" in after and "Planned" in after
    assert summary["success"], summary["failure"]


def test_chain_10_with_disturbances() -> None:
    records, summary = run_task("chain-10-disturbed-v0", 0)
    assert sum(r.type == "Disturbed" for r in records) >= 2
    assert summary["success"], summary["failure"]
    assert summary["subgoals_total"] == 10


def test_unparseable_instruction_ends_cleanly_without_acting() -> None:
    records, summary = run_task("stack-2-v0", 0, instruction="paint the pink elephant")
    assert records[0].type == "Rejected" and not summary["success"]
    assert summary["skills_executed"] == 0 and "could not ground" in summary["failure"]
