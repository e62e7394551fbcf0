"""Motions of the kitchen hand, each a sequence of env steps: joint-space moves to a 6-D pose, straight
Cartesian lines, arcs about a hinge, and gripper moves. Every step goes through `KitchenWorld.step`."""

from __future__ import annotations

import numpy as np

from embodia.kitchen.arm import ARM, Controller, Kinematics, Landmarks
from embodia.kitchen.world import KitchenWorld

MAX_JOINT_STEP = 0.06  # rad per env step the big joints follow closely (their damping limits them)


HOME = np.array([0.148, -1.768, 1.844, -2.477, 0.26, 0.713, 1.595])  # the env's start posture (its init_qpos)


class OutOfSteps(Exception):
    """The episode's step budget ran out mid-motion."""


class Unreachable(Exception):
    """No joint configuration puts the hand at the requested pose."""


def rot_z(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


class Hand:
    """Moves the hand through a KitchenWorld; `grip` is the finger target kept between moves."""

    def __init__(self, world: KitchenWorld) -> None:
        self.world = world
        self.kin = Kinematics(world.model)
        self.ctl = Controller(self.kin, world.dt)
        self.marks = Landmarks(world.model)
        self.grip = float(np.mean(world.q[ARM:9]))
        self.load_kg = 0.0  # mass held in the hand (set while carrying)
        self.last_target = np.array(world.q[:ARM])

    def pose(self) -> tuple[np.ndarray, np.ndarray]:
        return self.kin.fk(self.world.q)

    def _step(self, q_target: np.ndarray) -> None:
        if self.world.out_of_steps:
            raise OutOfSteps(f"step budget ({self.world.budget}) used up")
        self.world.step(self.ctl.action(self.world.q, q_target, self.grip, self.load_kg))

    def solve(self, pos, rot, q0: np.ndarray | None = None, tol: float = 0.01,
              rest: np.ndarray | None = None) -> np.ndarray:
        """Joints that put the hand at the pose: from q0 (or the last target); when that local search is stuck,
        from the observed joints and from the env's start posture."""
        best, best_err = None, np.inf
        for start in (self.last_target if q0 is None else q0, self.world.q, HOME):
            q, err = self.kin.ik(start, pos, rot, iters=150, rest=rest)
            if err < best_err:
                best, best_err = q, err
            if err <= tol:
                break
        if best_err > tol:
            raise Unreachable(f"hand cannot reach {np.round(pos, 3).tolist()} (off by {best_err:.3f} m)")
        return best

    def settle(self, q_target: np.ndarray, tol: float = 0.02, max_steps: int = 40) -> None:
        for _ in range(max_steps):
            if np.max(np.abs(self.world.q[:ARM] - q_target)) < tol:
                return
            self._step(q_target)

    def goto(self, pos, rot, tol: float = 0.06, max_steps: int = 40) -> None:
        """Joint-space move to the pose (fast; the path between is not straight), in the posture the IK finds from
        the env's start posture, so a skill starts the same way whatever ran before it."""
        q = self.solve(pos, rot, HOME)
        self.last_target = q
        self.settle(q, tol, max_steps)

    def line(self, pos, rot, speed: float = 0.3, settle: int = 2, tol: float = 0.03) -> None:
        """Straight Cartesian line at up to `speed` m/s, the orientation slerped along."""
        p0, r0 = self.kin.fk(self.last_target)
        pos = np.asarray(pos, float)
        rot = r0 if rot is None else rot
        n = max(1, int(np.ceil(np.linalg.norm(pos - p0) / (speed * self.world.dt))))
        start = self.last_target.copy()
        q_end = self.solve(pos, rot, start, rest=start)  # slow down to what the joints can follow
        n = max(n, int(np.ceil(np.max(np.abs(q_end - start)) / MAX_JOINT_STEP)))
        for i in range(1, n + 1):
            self.last_target = self.solve(p0 + i / n * (pos - p0), _blend(r0, rot, i / n), self.last_target,
                                          tol=0.02, rest=start)
            self._step(self.last_target)
        self.settle(self.last_target, tol, settle)

    def arc(self, centre, angle: float, speed: float = 0.6, settle: int = 4, turn: float = 1.0) -> None:
        """Swing the hand about a vertical axis through `centre` by `angle` rad at up to `speed` rad/s; the hand
        turns by `turn` times the angle (a bar held in the fingers may roll between them)."""
        p0, r0 = self.kin.fk(self.last_target)
        c = np.asarray(centre, float)
        n = max(1, int(np.ceil(abs(angle) / (speed * self.world.dt))))
        self._follow(lambda s: (c + rot_z(angle * s) @ (p0 - c), rot_z(turn * angle * s) @ r0), n, 0.03)
        self.settle(self.last_target, 0.03, settle)

    def _follow(self, path, n: int, tol: float) -> None:
        """Step along path(s), s in [0, 1], in at least n steps; a step whose joints would move more than
        MAX_JOINT_STEP is shortened, so the arm keeps up and the hand stays on the path."""
        start = self.last_target.copy()
        s, ds = 0.0, 1.0 / n
        while s < 1.0 - 1e-9:
            step = min(ds, 1.0 - s)
            while True:
                q = self.solve(*path(s + step), self.last_target, tol=tol, rest=start)
                if np.max(np.abs(q - self.last_target)) <= MAX_JOINT_STEP or step < ds / 8:
                    break
                step /= 2
            s += step
            self.last_target = q
            self._step(q)

    def fingers(self, value: float, steps: int = 4) -> None:
        self.grip = value
        for _ in range(steps):
            self._step(self.last_target)

    def wait(self, steps: int) -> None:
        for _ in range(steps):
            self._step(self.last_target)


def _blend(r0: np.ndarray, r1: np.ndarray, s: float) -> np.ndarray:
    """Rotation s of the way from r0 to r1 (about their relative axis)."""
    import mujoco

    from embodia.kitchen.arm import rotation_error

    if s >= 1.0:
        return r1
    v = rotation_error(r1, r0) * s
    angle = np.linalg.norm(v)
    if angle < 1e-9:
        return r0
    quat = np.zeros(4)
    mujoco.mju_axisAngle2Quat(quat, v / angle, angle)
    m = np.zeros(9)
    mujoco.mju_quat2Mat(m, quat)
    return m.reshape(3, 3) @ r0
