"""`LeRobotArm`: the `Robot` boundary over LeRobot's SO-101 follower. Every command passes the limits (joint
ranges, tool box, speed cap) before it reaches a motor; `hold()` is the stop path: the measured position
becomes the goal, so the arm stays where it is with its torque on."""

from __future__ import annotations

import time
from collections.abc import Callable

import mujoco
import numpy as np

from embodia.control.motion import MotionError
from embodia.control.robot import Robot, RobotState
from embodia.hardware.limits import Limits
from embodia.hardware.units import joints_to_action, observation_to_joints
from embodia.sim import so101
from embodia.sim.robots import so101_robot


class ArmStopped(MotionError):
    def __init__(self) -> None:
        super().__init__("timeout", "the arm was stopped and holds still; start again to move it")


class Kinematics:
    """Tool pose from joint angles, on the arm-only model (no simulation)."""

    def __init__(self) -> None:
        self.model = so101.so101_spec().compile()
        self.data = mujoco.MjData(self.model)
        self.site = self.model.site(so101.TCP_SITE).id

    def __call__(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.data.qpos[:len(q)] = q
        mujoco.mj_kinematics(self.model, self.data)
        return self.data.site_xpos[self.site].copy(), self.data.site_xmat[self.site].reshape(3, 3).copy()


class LeRobotArm(Robot):
    """Anything with LeRobot's follower API (`get_observation()`, `send_action(dict) -> dict`) as a `Robot`.
    `step()` keeps the control rate with `sleep`; tests pass a fake follower and a no-op sleep."""

    def __init__(self, follower, limits: Limits | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.spec = so101_robot()
        self.follower = follower
        self.limits = limits or Limits()
        self.fk = Kinematics()
        self._sleep, self._clock = sleep, clock
        q, jaw = observation_to_joints(follower.get_observation())
        self._q_sent, self._jaw_sent = q, jaw  # what the motors were last told
        self._q_goal, self._jaw_goal = q.copy(), jaw
        self._t0 = self._next = clock()
        self.stopped = False
        self.refused = 0  # commands held back because the tool would leave the box
        self.images: dict = {}  # the cameras' latest frames from the last observation

    def observe(self) -> RobotState:
        obs = self.follower.get_observation()
        q, jaw = observation_to_joints(obs)
        self.images = {k: v for k, v in obs.items() if not k.endswith(".pos")}
        pos, rot = self.fk(q)
        return RobotState(q, so101.jaw_gap(jaw), pos, rot, self._clock() - self._t0)

    def command(self, arm_q: np.ndarray | None = None, finger: float | None = None) -> None:
        if arm_q is not None:
            self._q_goal = np.asarray(arm_q, dtype=float).copy()
        if finger is not None:
            self._jaw_goal = so101.jaw_angle(2.0 * max(float(finger), 0.0))

    def step(self) -> None:
        if self.stopped:
            raise ArmStopped()
        dt = self.control_dt
        q = self.limits.clamp(self._q_sent, self._q_goal, dt)
        if self.limits.outside(self.fk(q)[0]) > self.limits.outside(self.fk(self._q_sent)[0]) + 1e-6:
            self.refused += 1
            q = self._q_sent  # hold rather than leave the box
        jaw = self.limits.clamp_jaw(self._jaw_sent, self._jaw_goal, dt)
        sent = self.follower.send_action(joints_to_action(q, jaw))
        try:
            self._q_sent, self._jaw_sent = observation_to_joints(sent)  # LeRobot may clip it further
        except (KeyError, TypeError):
            self._q_sent, self._jaw_sent = q, jaw
        self._next += dt
        delay = self._next - self._clock()
        if delay > 0:
            self._sleep(delay)
        else:
            self._next = self._clock()  # late: do not try to catch up with a burst

    def lagging(self, tol: float = 0.01) -> bool:
        """The last command sent is still short of the goal (the speed cap held it back)."""
        return bool(np.max(np.abs(self._q_goal - self._q_sent)) > tol or abs(self._jaw_goal - self._jaw_sent) > tol)

    def hold(self) -> None:
        """Stop: make the measured position the goal, so the arm holds still; later steps refuse to move."""
        q, jaw = observation_to_joints(self.follower.get_observation())
        self.follower.send_action(joints_to_action(q, jaw))
        self._q_sent, self._jaw_sent, self._q_goal, self._jaw_goal = q, jaw, q.copy(), jaw
        self.stopped = True
