"""Arm motions streamed to a `Robot`: straight-line tool moves (IK each control tick, min-jerk timing)
and smooth joint-space moves, both velocity-limited and bounded by a simulated-time deadline."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from embodia.control.ik import ArmIK, down_rot, tool_yaw
from embodia.control.robot import Robot, SimRobot
from embodia.types import EmbodiaError


class MotionError(EmbodiaError):
    """A motion could not finish; `reason` is one of the skill failure reasons."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class MoveResult(NamedTuple):
    reached: bool  # the tool got within tolerance of the goal
    stopped: bool  # the `until` condition fired first


PEAK = 1.5  # peak / mean speed of the time scaling below


def min_jerk(s: float) -> float:
    """Smooth 0..1 time scaling with zero end velocities (cubic: peak speed 1.5x the mean)."""
    s = min(max(s, 0.0), 1.0)
    return s * s * (3 - 2 * s)


def wrap(a: float) -> float:
    return float((a + np.pi) % (2 * np.pi) - np.pi)


class ArmController:
    """Owns the commanded joint trajectory of one robot. `deadline` (robot time, s) bounds every motion."""

    def __init__(self, robot: Robot, ik: ArmIK | None = None) -> None:
        self.robot = robot
        self.ik = ik or ArmIK(robot=robot.spec)
        self.vmax = np.array(robot.spec.vmax)
        self.deadline = np.inf
        self.q = robot.observe().q
        self.finger = robot.finger_max

    @property
    def time(self) -> float:
        return self.robot.observe().time

    def resync(self) -> None:
        """Start from the measured joints (after a reset or when the command drifted from reality)."""
        self.q = self.robot.observe().q
        if isinstance(self.robot, SimRobot):
            self.robot.sync()

    def tick(self, q: np.ndarray | None = None, finger: float | None = None) -> None:
        if self.time >= self.deadline:
            raise MotionError("timeout", "the skill's time budget ran out")
        if q is not None:
            self.q = q
        if finger is not None:
            self.finger = finger
        self.robot.command(self.q, self.finger)
        self.robot.step()

    def wait(self, seconds: float, until: Callable[[], bool] | None = None) -> bool:
        """Hold the current targets; True if `until` fired."""
        for _ in range(max(1, int(round(seconds / self.robot.control_dt)))):
            self.tick()
            if until is not None and until():
                return True
        return False

    def tool(self) -> tuple[np.ndarray, float]:
        st = self.robot.observe()
        return st.tcp_pos, tool_yaw(st.tcp_rot)

    def commanded_tool(self) -> tuple[np.ndarray, float]:
        p, r = self.ik.fk(self.q)
        return p, tool_yaw(r)

    def reachable(self, pos: np.ndarray, yaw: float, q: np.ndarray | None = None) -> bool:
        return self.ik.solve(self.q if q is None else q, np.asarray(pos), down_rot(yaw)).ok

    def move_to(self, pos: np.ndarray, yaw: float | None = None, speed: float = 0.5, finger: float | None = None,
                until: Callable[[], bool] | None = None, tol: float = 0.004, settle: float = 0.5) -> MoveResult:
        """Straight tool line to `pos` with the hand down at `yaw`; min-jerk timing at `speed` (m/s) peak-ish."""
        p0, y0 = self.commanded_tool()
        goal = np.asarray(pos, dtype=float)
        y1 = y0 + wrap((y0 if yaw is None else yaw) - y0)
        dist = float(np.linalg.norm(goal - p0))
        dt = self.robot.control_dt
        duration = max(PEAK * dist / speed, abs(y1 - y0) / 1.5, dt)
        if dist > 0.03 or abs(y1 - y0) > 0.2:  # time the move so no joint exceeds its velocity limit
            dq = np.abs(self.ik.solve(self.q, goal, down_rot(y1), iters=40).q - self.q)
            duration = max(duration, float(np.max(PEAK * dq / self.vmax)))
        n = int(np.ceil(duration / dt))
        for k in range(1, n + 1):
            s = min_jerk(k / n)
            target = p0 + s * (goal - p0)
            self.tick(self.ik.step(self.q, target, down_rot(y0 + s * (y1 - y0)), dt).q, finger)
            if until is not None and until():
                return MoveResult(False, True)
        rot = down_rot(y1)
        for _ in range(int(settle / dt)):  # converge the IK, let the servos catch up
            res = self.ik.step(self.q, goal, rot, dt)
            self.tick(res.q, finger)
            if until is not None and until():
                return MoveResult(False, True)
            if res.ok and np.linalg.norm(self.robot.observe().tcp_pos - goal) < tol:
                return MoveResult(True, False)
        res = self.ik.step(self.q, goal, rot, dt)
        if not res.ok:
            raise MotionError("unreachable", f"tool target {np.round(goal, 3).tolist()} is out of the arm's reach")
        return MoveResult(bool(np.linalg.norm(self.robot.observe().tcp_pos - goal) < tol), False)

    def move_joints(self, q_goal: np.ndarray, speed_scale: float = 0.6, finger: float | None = None) -> None:
        """Smooth joint-space move (min-jerk), timed by the slowest joint at `speed_scale` of its limit."""
        q0, q1 = self.q.copy(), np.asarray(q_goal, dtype=float)
        dt = self.robot.control_dt
        vmax = self.vmax * speed_scale
        duration = max(float(np.max(PEAK * np.abs(q1 - q0) / vmax)), dt)
        n = int(np.ceil(duration / dt))
        for k in range(1, n + 1):
            self.tick(q0 + min_jerk(k / n) * (q1 - q0), finger)
        self.wait(0.15)
