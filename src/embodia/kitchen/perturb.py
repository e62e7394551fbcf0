"""The perturbed variants (`kitchen-*-perturbed-v0`): the one place that writes the env's physics state, and only
at reset. Seeded: the arm's seven joints start up to `ARM_JOINTS` rad off the env's start, and the kettle up to
`KETTLE_XY` m off its spot on the bottom burner, turned up to `KETTLE_YAW` rad about the vertical."""

from __future__ import annotations

import mujoco
import numpy as np

ARM_JOINTS = 0.1  # rad, uniform per joint
KETTLE_XY = 0.03  # m, uniform in x and y
KETTLE_YAW = 0.3  # rad, uniform
KETTLE_QPOS = 23  # the kettle's free joint: position (3) and quaternion (4)


def perturb(world, seed: int) -> dict:
    """Move the arm and kettle of `world`'s env at reset; returns the observation of the new state."""
    rng = np.random.default_rng(10_000 + seed)
    raw = world.raw
    model, data = raw.model, raw.data
    qpos, qvel = data.qpos.copy(), np.zeros_like(data.qvel)
    lo, hi = model.jnt_range[:7, 0], model.jnt_range[:7, 1]
    qpos[:7] = np.clip(qpos[:7] + rng.uniform(-ARM_JOINTS, ARM_JOINTS, 7), lo + 0.05, hi - 0.05)
    qpos[KETTLE_QPOS:KETTLE_QPOS + 2] += rng.uniform(-KETTLE_XY, KETTLE_XY, 2)
    turn = np.zeros(4)
    mujoco.mju_axisAngle2Quat(turn, np.array([0.0, 0.0, 1.0]), rng.uniform(-KETTLE_YAW, KETTLE_YAW))
    quat = np.zeros(4)
    mujoco.mju_mulQuat(quat, turn, qpos[KETTLE_QPOS + 3:KETTLE_QPOS + 7])
    qpos[KETTLE_QPOS + 3:KETTLE_QPOS + 7] = quat
    raw.robot_env.set_state(qpos, qvel)
    data.ctrl[:9] = qpos[:9]
    robot_obs = raw.robot_env._get_obs()  # the env's own observation of the new state (sets its last-q memory)
    return raw._get_obs(robot_obs)
