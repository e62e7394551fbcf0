"""The simulated world: a compiled scene, its state, stepping, and named access to everything in it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mujoco
import numpy as np

from embodia.sim import (
    gl,  # noqa: F401  (sets MUJOCO_GL before mujoco loads)
    layout,
)
from embodia.sim.builder import build_spec
from embodia.sim.catalog import ObjectSpec
from embodia.sim.robots import robot_spec
from embodia.sim.scene import SceneRequest, place
from embodia.types import unknown


def yaw_of(quat: np.ndarray) -> float:
    """Rotation about z of a wxyz quaternion (exact for yaw-only rotations)."""
    w, x, y, z = (float(v) for v in quat)
    return math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z))


@dataclass(frozen=True)
class ObjectState:
    name: str
    pos: np.ndarray  # centre (m)
    quat: np.ndarray  # wxyz


class World:
    """One MuJoCo scene built from a request and a seed. Same request + seed -> same world."""

    def __init__(self, request: SceneRequest, seed: int = 0) -> None:
        self.request = request
        self.seed = seed
        self.robot = robot_spec(request.robot)
        self.placements = place(request, seed)
        self.objects: dict[str, ObjectSpec] = {p[0].name: p[0] for p in self.placements}
        self.spec = build_spec(self.placements, self.robot)
        self.model = self.spec.compile()
        self.data = mujoco.MjData(self.model)
        m = self.model
        r = self.robot
        self.arm_qpos = np.array([m.joint(j).qposadr[0] for j in r.arm_joints])
        self.arm_dof = np.array([m.joint(j).dofadr[0] for j in r.arm_joints])
        self.finger_qpos = np.array([m.joint(j).qposadr[0] for j in r.gripper_joints])
        self.arm_act = np.array([m.actuator(a).id for a in r.arm_actuators])
        self.finger_act = np.array([m.actuator(a).id for a in r.gripper_actuators])
        self.tcp_site = m.site(r.tcp_site).id
        self.has_drawer = "drawer" in self.objects
        self._drawer_qpos = m.joint("drawer").qposadr[0] if self.has_drawer else -1
        self._body_ids = {n: m.body(n).id for n in self.objects}
        self._free_qpos = {n: m.joint(n).qposadr[0] for n, o in self.objects.items() if o.kind != "drawer"}
        self.geom_owner = self._geom_owners()
        self.step_hooks: list = []  # callables run after every control step (e.g. a video recorder)
        self.finger_geoms = tuple(
            {g for g in range(m.ngeom) if m.geom_bodyid[g] == m.body(b).id} for b in r.contact_bodies
        )
        self.reset()

    def _geom_owners(self) -> dict[int, str]:
        """geom id -> object name (drawer includes its handle and tray; cabinet body excluded)."""
        owners: dict[int, str] = {}
        for g in range(self.model.ngeom):
            body = self.model.geom_bodyid[g]
            name = mujoco.mj_id2name(self.model, mujoco.mjtObj.mjOBJ_BODY, body)
            if name in self.objects:
                owners[g] = name
        return owners

    def reseed(self, seed: int) -> None:
        """Re-place the same objects from another seed (no recompile) and reset."""
        self.seed = seed
        self.placements = place(self.request, seed)
        self.reset()

    def reset(self) -> None:
        mujoco.mj_resetData(self.model, self.data)
        d = self.data
        r = self.robot
        d.qpos[self.arm_qpos] = r.home_q
        d.qpos[self.finger_qpos] = r.gripper_ctrl(r.max_opening)  # joint = actuator unit for both robots
        d.ctrl[self.arm_act] = r.home_q
        d.ctrl[self.finger_act] = r.gripper_ctrl(r.max_opening)
        for obj, pos, yaw in self.placements:
            if obj.kind == "drawer":
                d.qpos[self._drawer_qpos] = self.request.drawer_open
                continue
            a = self._free_qpos[obj.name]
            d.qpos[a:a + 3] = pos
            d.qpos[a + 3:a + 7] = (np.cos(yaw / 2), 0, 0, np.sin(yaw / 2))
        mujoco.mj_forward(self.model, d)
        self.settle(0.3)

    def settle(self, seconds: float) -> None:
        """Step physics with the current controls (objects come to rest)."""
        mujoco.mj_step(self.model, self.data, int(round(seconds / layout.TIMESTEP)))

    def step_control(self, arm_q: np.ndarray | None = None, finger: float | None = None,
                     substeps: int | None = None) -> None:
        """Set position targets (arm joints, rad; `finger`: half the jaw gap, m) and advance one control period
        (1 / CONTROL_HZ s by default)."""
        if arm_q is not None:
            self.data.ctrl[self.arm_act] = arm_q
        if finger is not None:
            self.data.ctrl[self.finger_act] = self.robot.gripper_ctrl(finger)
        mujoco.mj_step(self.model, self.data, substeps or layout.SUBSTEPS)
        for hook in self.step_hooks:
            hook(self)

    @property
    def time(self) -> float:
        return float(self.data.time)

    def check(self, name: str) -> ObjectSpec:
        if name not in self.objects:
            raise unknown("object", name, list(self.objects))
        return self.objects[name]

    def object_state(self, name: str) -> ObjectState:
        self.check(name)
        b = self._body_ids[name]
        return ObjectState(name, self.data.xpos[b].copy(), self.data.xquat[b].copy())

    def set_object_pose(self, name: str, pos, yaw: float = 0.0) -> None:
        """Teleport a free object (used by disturbances and tests), zeroing its velocity."""
        self.check(name)
        a = self._free_qpos[name]
        self.data.qpos[a:a + 3] = pos
        self.data.qpos[a + 3:a + 7] = (np.cos(yaw / 2), 0, 0, np.sin(yaw / 2))
        dof = self.model.joint(name).dofadr[0]
        self.data.qvel[dof:dof + 6] = 0
        mujoco.mj_forward(self.model, self.data)

    def drawer_slide(self) -> float:
        """How far the drawer is pulled out (m); 0 = shut."""
        return float(self.data.qpos[self._drawer_qpos]) if self.has_drawer else 0.0

    def set_drawer_slide(self, slide: float) -> None:
        self.data.qpos[self._drawer_qpos] = float(np.clip(slide, 0, layout.DRAWER_TRAVEL))
        self.data.qvel[self.model.joint("drawer").dofadr[0]] = 0
        mujoco.mj_forward(self.model, self.data)

    def drawer_state(self) -> str:
        s = self.drawer_slide()
        return "open" if s >= layout.DRAWER_OPEN_AT else "closed" if s <= layout.DRAWER_CLOSED_AT else "ajar"

    def tcp(self) -> tuple[np.ndarray, np.ndarray]:
        """Tool centre point position and rotation matrix."""
        return self.data.site_xpos[self.tcp_site].copy(), self.data.site_xmat[self.tcp_site].reshape(3, 3).copy()

    def arm_q(self) -> np.ndarray:
        return self.data.qpos[self.arm_qpos].copy()

    def finger_gap(self) -> float:
        """Gap between the fingers or jaws (m), from the gripper joints."""
        return self.robot.gap_of(self.data.qpos[self.finger_qpos])

    def touching_fingers(self) -> dict[str, set[int]]:
        """Object name -> which fingers (0 left, 1 right) it is in contact with now."""
        out: dict[str, set[int]] = {}
        for i in range(self.data.ncon):
            c = self.data.contact[i]
            for a, b in ((c.geom1, c.geom2), (c.geom2, c.geom1)):
                owner = self.geom_owner.get(b)
                if owner is None:
                    continue
                for k, fg in enumerate(self.finger_geoms):
                    if a in fg:
                        out.setdefault(owner, set()).add(k)
        return out

    def held_object(self) -> str | None:
        """The item pinched between both fingers (grasp detection by contacts and finger gap), if any."""
        if self.finger_gap() < self.robot.closed_gap:  # fully closed on nothing
            return None
        for name, fingers in sorted(self.touching_fingers().items()):
            if len(fingers) == 2 and self.objects[name].is_item:
                return name
        return None

    def contacts_between(self, a_geoms: set[int], b_geoms: set[int]) -> bool:
        for i in range(self.data.ncon):
            c = self.data.contact[i]
            if (c.geom1 in a_geoms and c.geom2 in b_geoms) or (c.geom2 in a_geoms and c.geom1 in b_geoms):
                return True
        return False

    def geoms_of(self, name: str) -> set[int]:
        return {g for g, n in self.geom_owner.items() if n == name}

    def snapshot(self) -> np.ndarray:
        """Full physics state (for exact restore)."""
        size = mujoco.mj_stateSize(self.model, mujoco.mjtState.mjSTATE_INTEGRATION)
        state = np.empty(size)
        mujoco.mj_getState(self.model, self.data, state, mujoco.mjtState.mjSTATE_INTEGRATION)
        return state

    def restore(self, state: np.ndarray) -> None:
        mujoco.mj_setState(self.model, self.data, state, mujoco.mjtState.mjSTATE_INTEGRATION)
        mujoco.mj_forward(self.model, self.data)
