"""Differential IK for the tool centre point with mink, on an arm-only model (cheap solves). Any arm whose
hand can point straight down works: the Panda (7 joints), the SO-101 (5: it points down at any yaw because its
wrist roll axis is the hand's axis).

The hand pointing down with yaw `yaw` is R = Rz(yaw) @ diag(1, -1, -1): at yaw 0 the fingers close
along world y, as in the Panda's home pose.
"""

from __future__ import annotations

from typing import NamedTuple

import mink
import numpy as np

from embodia.sim.robot_spec import RobotSpec
from embodia.sim.robots import panda_robot

DOWN = np.diag([1.0, -1.0, -1.0])


def down_rot(yaw: float) -> np.ndarray:
    """Rotation of the tool frame pointing straight down, fingers closing along yaw + 90 deg."""
    c, s = np.cos(yaw), np.sin(yaw)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]) @ DOWN


def tool_yaw(rot: np.ndarray) -> float:
    """Yaw of a (roughly) downward tool frame: the angle of its x axis in the table plane."""
    return float(np.arctan2(rot[1, 0], rot[0, 0]))


class IKResult(NamedTuple):
    q: np.ndarray  # arm joints (dof,)
    pos_err: float  # m
    rot_err: float  # rad
    ok: bool


class ArmIK:
    """Position + orientation targets for the `end_effector` site, joint limits, velocity limits and a
    posture regulariser toward the robot's home pose. Solves on its own MjData, never the simulated one."""

    def __init__(self, pos_tol: float = 0.002, rot_tol: float = 0.02, robot: RobotSpec | None = None) -> None:
        self.robot = robot or panda_robot()
        self.model = self.robot.build().compile()
        self.config = mink.Configuration(self.model)
        self.nq = self.model.nq
        self.dof = self.robot.dof  # the arm joints come first in both models
        self.frame = mink.FrameTask(self.robot.tcp_site, "site", position_cost=1.0, orientation_cost=0.5,
                                    lm_damping=1e-3)
        posture_cost = np.full(self.model.nv, 1e-2)
        posture_cost[self.dof:] = 1.0  # fingers are not the IK's business
        self.posture = mink.PostureTask(self.model, cost=posture_cost)
        q0 = np.zeros(self.nq)
        q0[:self.dof] = self.robot.home_q
        self.posture.set_target(q0)
        self.limits = [
            mink.ConfigurationLimit(self.model, gain=0.9, min_distance_from_limits=0.02),
            mink.VelocityLimit(self.model, dict(zip(self.robot.arm_joints, self.robot.vmax))),
        ]
        self.pos_tol, self.rot_tol = pos_tol, rot_tol

    def _set(self, q: np.ndarray) -> None:
        full = np.zeros(self.nq)
        full[:self.dof] = q
        self.config.update(full)

    def set_target(self, pos: np.ndarray, rot: np.ndarray) -> None:
        self.frame.set_target(mink.SE3.from_rotation_and_translation(mink.SO3.from_matrix(rot), np.asarray(pos)))

    def error(self) -> tuple[float, float]:
        e = self.frame.compute_error(self.config)
        return float(np.linalg.norm(e[:3])), float(np.linalg.norm(e[3:]))

    def step(self, q: np.ndarray, pos: np.ndarray, rot: np.ndarray, dt: float) -> IKResult:
        """One differential step of length dt from q toward the target (velocity-limited)."""
        self._set(q)
        self.set_target(pos, rot)
        v = mink.solve_ik(self.config, [self.frame, self.posture], dt, "daqp", damping=1e-4, limits=self.limits)
        self.config.integrate_inplace(v, dt)
        pe, re = self.error()
        return IKResult(self.config.q[:self.dof].copy(), pe, re, pe < self.pos_tol and re < self.rot_tol)

    def solve(self, q: np.ndarray, pos: np.ndarray, rot: np.ndarray, iters: int = 60, dt: float = 0.1) -> IKResult:
        """Iterate to convergence from q (reachability checks, goal configurations)."""
        res = IKResult(np.asarray(q, dtype=float), np.inf, np.inf, False)
        for _ in range(iters):
            res = self.step(res.q, pos, rot, dt)
            if res.ok:
                break
        return res

    def fk(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tool pose at joint configuration q."""
        self._set(q)
        t = self.config.get_transform_frame_to_world(self.robot.tcp_site, "site")
        return t.translation().copy(), t.rotation().as_matrix().copy()
