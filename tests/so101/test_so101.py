"""The simulated SO-101: its model and jaw mapping, the robot boundary without Panda assumptions, and one short
physics episode per task family (the built-in brain, real MuJoCo contacts)."""

from __future__ import annotations

import numpy as np
import pytest

from embodia.bench.episodes import EpisodeSpec, run_one
from embodia.sim import so101
from embodia.sim.robots import panda_robot, robot_spec, so101_robot
from embodia.tasks.registry import for_robot, get_task
from embodia.types import EmbodiaError


def test_jaw_mapping_is_monotonic_and_inverts() -> None:
    gaps = [so101.jaw_gap(a) for a in np.linspace(so101.JAW_RANGE[0], 1.2, 20)]
    assert gaps[0] == 0.0 and all(b >= a for a, b in zip(gaps, gaps[1:])) and gaps[-1] > 0.07
    for g in (0.005, 0.025, 0.05):
        assert so101.jaw_gap(so101.jaw_angle(g)) == pytest.approx(g, abs=1e-4)


def test_specs_differ_where_the_robots_do() -> None:
    p, s = panda_robot(), so101_robot()
    assert (p.dof, s.dof) == (7, 5) and p.gripper_ctrl(0.03) == 0.03  # metres per finger vs a jaw angle
    assert s.gripper_ctrl(0.0125) == pytest.approx(so101.jaw_angle(0.025))
    assert s.in_reach(0.2, 0.0, 0.05) and not s.in_reach(0.45, 0.0, 0.05) and not s.in_reach(0.06, 0.0, 0.0)
    with pytest.raises(EmbodiaError, match="known: panda, so101"):
        robot_spec("ur5")


def test_task_ids_and_errors() -> None:
    assert for_robot("stack-2", "so101") == "so101-stack-2-v0" and for_robot("stack-2", "panda") == "stack-2"
    assert get_task("so101-unstack-3").robot == "so101"
    with pytest.raises(EmbodiaError, match="outside the SO-101 stack range"):
        get_task("so101-stack-5")


@pytest.mark.parametrize("task,seed", [("so101-stack-3-v0", 0), ("so101-sort-2-v0", 1), ("so101-clear-2-v0", 2),
                                       ("so101-unstack-3-v0", 3)])
def test_family_episode_succeeds(task: str, seed: int) -> None:
    r = run_one(EpisodeSpec(task, seed))
    assert r["success"], r["failure"]
    assert r["robot"] == "so101" and r["subgoals_done"] == r["subgoals_total"]


def test_gym_id_for_the_so101() -> None:
    import gymnasium as gym

    env = gym.make("embodia/so101-stack-2-v0", cameras=(), image_size=32)
    obs, info = env.reset(seed=1)
    assert obs["joints"].shape == (5,) and env.action_space.shape == (6,)
    obs, _, _, _, info = env.step(np.append(obs["joints"], 0.04))
    assert info["task"] == "so101-stack-2-v0"
    env.close()


def test_bench_rows_carry_the_robot(tmp_path) -> None:
    import sqlite3

    from embodia.bench.store import DB_NAME, RunStore, error_row

    old = sqlite3.connect(tmp_path / DB_NAME)  # a run folder from before the column existed
    old.execute("CREATE TABLE episodes (task TEXT NOT NULL, seed INTEGER NOT NULL, brain TEXT NOT NULL, "
                "mode TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (task, seed, brain, mode))")
    old.close()
    store = RunStore(tmp_path / DB_NAME)
    store.put(error_row("so101-stack-2-v0", 0, "builtin", "plan", "boom", 2, "test"))
    store.put(error_row("stack-2-v0", 0, "builtin", "plan", "boom", 2, "test"))
    rows = {r["task"]: r["robot"] for r in store.rows()}
    store.close()
    assert rows == {"so101-stack-2-v0": "so101", "stack-2-v0": "panda"}
