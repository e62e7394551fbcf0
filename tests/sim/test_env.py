from __future__ import annotations

import gymnasium as gym
import numpy as np
from gymnasium.utils.env_checker import check_env

from embodia.sim.env import TabletopEnv, register


def test_registered_and_passes_check_env() -> None:
    register()
    env = gym.make("embodia/TabletopEnv-v0")
    check_env(env.unwrapped, skip_render_check=True)
    env.close()


def test_reset_seed_gives_identical_rollout() -> None:
    env = TabletopEnv(cameras=("front",), image_size=64)
    actions = [env.action_space.sample() for _ in range(10)]
    runs = []
    for _ in range(2):
        obs, _ = env.reset(seed=11)
        frames = [obs["front"]]
        for a in actions:
            obs, *_ = env.step(a)
            frames.append(obs["front"])
        runs.append((np.stack(frames), obs["joints"]))
    assert np.array_equal(runs[0][0], runs[1][0]) and np.array_equal(runs[0][1], runs[1][1])
    env.close()


def test_joint_targets_move_the_arm() -> None:
    env = TabletopEnv(cameras=(), image_size=64)
    obs, _ = env.reset(seed=0)
    target = np.array([0.4, 0.1, 0.0, -2.0, 0.0, 0.6, 0.0, 0.08], dtype=np.float32)
    for _ in range(40):
        obs, *_ = env.step(target)
    assert np.allclose(obs["joints"], target[:7], atol=0.03)
    assert abs(obs["gripper"][0] - 0.08) < 0.005
