"""Safety on hardware: joint limits (the model's ranges less a margin), a workspace box for the tool (a move
that takes the tool out of it, or further out, is refused; one back toward it is allowed, so an arm that starts
folded outside the box can still come in), and a speed cap on every joint. The bridge applies them to every
command before it reaches a motor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from embodia.sim import so101
from embodia.sim.robots import so101_robot

JOINT_MARGIN = 0.05  # rad kept from each end of a joint's range
MAX_SPEED = 0.8  # rad/s per joint: well under what the STS3215 servos do, so a wrong sign is slow to hurt
MAX_JAW_SPEED = 2.0  # rad/s


@lru_cache(maxsize=1)
def joint_ranges() -> np.ndarray:
    """(dof, 2) usable range of each arm joint (rad), from the MJCF."""
    model = so101.so101_spec().compile()
    r = np.array([model.joint(j).range for j in so101.ARM_JOINTS], dtype=float)
    return r + np.array([JOINT_MARGIN, -JOINT_MARGIN])


@dataclass
class Limits:
    max_speed: float = MAX_SPEED  # rad/s
    box: tuple = so101_robot().safe_box  # the tool centre point stays inside it

    def clamp(self, q_now: np.ndarray, q_goal: np.ndarray, dt: float) -> np.ndarray:
        """The goal within the joint ranges, reached no faster than max_speed from q_now."""
        r = joint_ranges()
        goal = np.clip(np.asarray(q_goal, dtype=float), r[:, 0], r[:, 1])
        step = self.max_speed * dt
        return np.asarray(q_now, dtype=float) + np.clip(goal - q_now, -step, step)

    def clamp_jaw(self, jaw_now: float, jaw_goal: float, dt: float) -> float:
        lo, hi = so101.JAW_RANGE
        step = MAX_JAW_SPEED * dt
        return float(jaw_now + np.clip(np.clip(jaw_goal, lo, hi) - jaw_now, -step, step))

    def outside(self, pos: np.ndarray) -> float:
        """How far (m) the tool centre point is outside the box; 0 inside."""
        lo, hi = np.array(self.box).T
        return float(np.linalg.norm(np.maximum(lo - pos, 0.0) + np.maximum(pos - hi, 0.0)))
