from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

from embodia.sim.catalog import assign_names
from embodia.tasks.env import TaskEnv, register_tasks
from embodia.tasks.registry import SUITES, get_suite, get_task, registry
from embodia.types import EmbodiaError

ALL_IDS = sorted(registry())


@pytest.mark.parametrize("tid", ALL_IDS)
def test_task_contract(tid: str) -> None:
    spec = get_task(tid)
    a, b = spec.make(3), spec.make(3)
    assert a == b, "same seed must give the same scene, goal and instruction"
    assert a.instruction != "" and len(a.goal.literals) == spec.subgoals
    names = {o.name for o in assign_names(list(a.scene.objects))}
    assert a.goal.objects() <= names, f"goal names objects not in the scene: {a.goal.objects() - names}"
    assert spec.disturbed == bool(a.disturbances)
    env = TaskEnv(tid, cameras=(), image_size=32)
    obs1, info1 = env.reset(seed=3)
    obs2, info2 = env.reset(seed=3)
    assert env.observation_space.contains(obs1)
    assert info1["objects"] == info2["objects"] and info1["goal"] == a.goal.to_json()
    assert info1["instruction"] == a.instruction and info1["progress"]["subgoals_total"] == spec.subgoals
    obs, _, term, trunc, info = env.step(env.action_space.sample())
    assert np.all(np.isfinite(obs["joints"])) and not term
    env.close()


def test_gym_make_and_check_env_on_a_task() -> None:
    from gymnasium.utils.env_checker import check_env

    register_tasks()
    env = gym.make("embodia/drawer-2-v0", image_size=48)
    check_env(env.unwrapped, skip_render_check=True)
    env.close()


def test_different_seeds_give_different_instances() -> None:
    spec = get_task("chain-10-v0")
    assert len({spec.make(s).instruction for s in range(10)}) >= 8


def test_families_cover_issue_ranges() -> None:
    fam_sizes = {(s.family, s.size) for s in registry().values()}
    for n in range(2, 7):
        assert ("stack", n) in fam_sizes
    for k in (5, 10, 20):
        assert ("chain", k) in fam_sizes
    assert all(registry()[f"chain-{k}-v0"].subgoals == k for k in (5, 10, 20))


@pytest.mark.parametrize("bad,expected", [
    ("stak-3-v0", "did you mean: stack-3-v0"), ("stack-9", "outside the stack family's range (2, 3, 4, 5, 6)"),
    ("nonsense", "unknown task 'nonsense'"),
])
def test_bad_task_ids(bad: str, expected: str) -> None:
    with pytest.raises(EmbodiaError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        get_task(bad)


def test_suites_and_bad_seed() -> None:
    assert len(get_suite("smoke")) == len(SUITES["smoke"][0])
    with pytest.raises(EmbodiaError, match="did you mean: smoke"):
        get_suite("smok")
    with pytest.raises(EmbodiaError, match="seed must be an integer"):
        get_task("stack-3").make("3")  # type: ignore[arg-type]
