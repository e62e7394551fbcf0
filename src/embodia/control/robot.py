"""The robot boundary: observe joints, command targets, step. `SimRobot` drives the MuJoCo world;
a real arm implements the same three methods."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from embodia.sim import layout
from embodia.sim.robot_spec import RobotSpec
from embodia.sim.robots import panda_robot
from embodia.sim.world import World


@dataclass(frozen=True)
class RobotState:
    q: np.ndarray  # arm joint positions (spec.dof,)
    finger_gap: float  # gap between the fingers or jaws (m), 0..2 * spec.max_opening, via the spec's mapping
    tcp_pos: np.ndarray  # tool centre point (3,)
    tcp_rot: np.ndarray  # tool frame rotation (3, 3): y = finger-closing axis, z = out of the hand
    time: float  # seconds since the robot started (simulated for SimRobot)


class Robot(ABC):
    """An arm with a gripper, commanded by joint-position targets at a fixed rate. `spec` says what it is: how
    many joints, its home pose, how wide the gripper opens."""

    control_dt: float = 1.0 / layout.CONTROL_HZ
    spec: RobotSpec = panda_robot()

    @property
    def home_q(self) -> np.ndarray:
        return np.array(self.spec.home_q)

    @property
    def finger_max(self) -> float:
        """Widest opening: half the jaw gap (m); per finger for the Panda."""
        return self.spec.max_opening

    @abstractmethod
    def observe(self) -> RobotState:
        """The current joint, gripper and tool state."""

    @abstractmethod
    def command(self, arm_q: np.ndarray | None = None, finger: float | None = None) -> None:
        """Set joint-position targets (arm, rad) and an opening target (half the jaw gap, m); None keeps the last."""

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
    """The world's arm in an `embodia.sim.world.World`; joint targets get a velocity feed-forward so the
    damped position servos track a moving target without lag."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.spec = world.robot
        m = world.model
        kp = m.actuator_gainprm[world.arm_act, 0]
        self._kp = kp
        self._lead = m.dof_damping[world.arm_dof] / kp  # servo lag time constant per joint (s)
        self.sync()

    def sync(self) -> None:
        """Take the current physical state as the command (after a reset or a teleport)."""
        self._q_cmd = self.world.arm_q()
        self._q_prev = self._q_cmd.copy()
        self._finger = self.spec.opening_of_ctrl(float(self.world.data.ctrl[self.world.finger_act[0]]))

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
        target = self._q_cmd + self._lead * vel
        if not self.spec.gravity_compensation:  # weak servos sag: lead the target by the gravity torque / kp
            target = target + self.world.data.qfrc_bias[self.world.arm_dof] / self._kp
        self.world.step_control(target, self._finger)

    @property
    def q_cmd(self) -> np.ndarray:
        return self._q_cmd.copy()

    def held_object(self) -> str | None:
        return self.world.held_object()

    def touching(self) -> dict[str, set[int]]:
        return self.world.touching_fingers()
