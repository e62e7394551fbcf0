"""The robot boundary: observe joints, command targets, step. `SimRobot` drives the MuJoCo world;
a real arm implements the same three methods."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from embodia.sim import layout
from embodia.sim.panda import FINGER_OPEN, HOME_QPOS
from embodia.sim.world import World


@dataclass(frozen=True)
class RobotState:
    q: np.ndarray  # arm joint positions (7,)
    finger_gap: float  # distance between the fingers (m), 0..2 * FINGER_OPEN
    tcp_pos: np.ndarray  # tool centre point (3,)
    tcp_rot: np.ndarray  # tool frame rotation (3, 3): y = finger-closing axis, z = out of the hand
    time: float  # seconds since the robot started (simulated for SimRobot)


class Robot(ABC):
    """An arm with a parallel gripper, commanded by joint-position targets at a fixed rate."""

    control_dt: float = 1.0 / layout.CONTROL_HZ
    home_q: np.ndarray = np.array(HOME_QPOS)
    finger_max: float = FINGER_OPEN  # per-finger opening (m)

    @abstractmethod
    def observe(self) -> RobotState:
        """The current joint, gripper and tool state."""

    @abstractmethod
    def command(self, arm_q: np.ndarray | None = None, finger: float | None = None) -> None:
        """Set joint-position targets (arm, rad) and a per-finger opening target (m); None keeps the last."""

    @abstractmethod
    def step(self) -> None:
        """Advance one control period with the current targets."""

    def held_object(self) -> str | None:
        """Name of the object held between the fingers, if the robot can tell (default: unknown)."""
        return None

    def touching(self) -> dict[str, set[int]]:
        """Object name -> fingers (0, 1) touching it, if the robot can sense contacts (default: none)."""
        return {}


class SimRobot(Robot):
    """The Panda in an `embodia.sim.world.World`; joint targets get a velocity feed-forward so the
    damped position servos track a moving target without lag."""

    def __init__(self, world: World) -> None:
        self.world = world
        m = world.model
        kp = m.actuator_gainprm[world.arm_act, 0]
        self._lead = m.dof_damping[world.arm_dof] / kp  # servo lag time constant per joint (s)
        self.sync()

    def sync(self) -> None:
        """Take the current physical state as the command (after a reset or a teleport)."""
        self._q_cmd = self.world.arm_q()
        self._q_prev = self._q_cmd.copy()
        self._finger = float(self.world.data.ctrl[self.world.finger_act[0]])

    def observe(self) -> RobotState:
        pos, rot = self.world.tcp()
        return RobotState(self.world.arm_q(), self.world.finger_gap(), pos, rot, self.world.time)

    def command(self, arm_q: np.ndarray | None = None, finger: float | None = None) -> None:
        if arm_q is not None:
            self._q_cmd = np.asarray(arm_q, dtype=float).copy()
        if finger is not None:
            self._finger = float(np.clip(finger, 0.0, self.finger_max))

    def step(self) -> None:
        vel = (self._q_cmd - self._q_prev) / self.control_dt
        self._q_prev = self._q_cmd.copy()
        self.world.step_control(self._q_cmd + self._lead * vel, self._finger)

    @property
    def q_cmd(self) -> np.ndarray:
        return self._q_cmd.copy()

    def held_object(self) -> str | None:
        return self.world.held_object()

    def touching(self) -> dict[str, set[int]]:
        return self.world.touching_fingers()
