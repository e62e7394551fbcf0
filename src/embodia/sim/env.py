"""`embodia/TabletopEnv-v0`: the tabletop world as a Gymnasium environment (joint-position control)."""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from embodia.sim.render import CAMERAS, Cameras
from embodia.sim.scene import SceneRequest, playground
from embodia.sim.world import World
from embodia.types import EmbodiaError, unknown


class TabletopEnv(gym.Env):
    """Action: the arm's joint targets (rad; 7 for the Panda, 5 for the SO-101) + the gripper's opening (the gap
    between fingers or jaws, m, 0..0.08), held for one 20 Hz control step.

    Observation: {camera: HxWx3 uint8 for each requested camera, "joints": the arm's angles,
    "gripper": finger gap}. A new seed re-places the scene's objects.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 20}

    def __init__(self, scene: SceneRequest | None = None, cameras: tuple[str, ...] = ("front",),
                 image_size: int = 224, max_steps: int = 400, render_mode: str | None = None) -> None:
        for cam in cameras:
            if cam not in CAMERAS:
                raise unknown("camera", cam, CAMERAS)
        if render_mode not in (None, "rgb_array"):
            raise EmbodiaError(f"unknown render_mode '{render_mode}'; valid: rgb_array")
        self.scene = scene or playground()
        self.camera_names = tuple(cameras)
        self.image_size = image_size
        self.max_steps = max_steps
        self.render_mode = render_mode
        self.world = World(self.scene, seed=0)
        self._cams: Cameras | None = None
        self._steps = 0
        m = self.world.model
        lo = m.actuator_ctrlrange[self.world.arm_act, 0]
        hi = m.actuator_ctrlrange[self.world.arm_act, 1]
        self.dof = self.world.robot.dof
        gap = 2 * self.world.robot.max_opening
        self.action_space = spaces.Box(np.append(lo, 0.0).astype(np.float32),
                                       np.append(hi, gap).astype(np.float32), dtype=np.float32)
        obs: dict[str, spaces.Space] = {
            cam: spaces.Box(0, 255, (image_size, image_size, 3), np.uint8) for cam in self.camera_names
        }
        obs["joints"] = spaces.Box(-np.pi * 1.2, np.pi * 1.2, (self.dof,), np.float64)
        obs["gripper"] = spaces.Box(0.0, 0.1, (1,), np.float64)
        self.observation_space = spaces.Dict(obs)

    @property
    def cameras(self) -> Cameras:
        if self._cams is None:
            self._cams = Cameras(self.world, self.image_size, self.image_size)
        return self._cams

    def _obs(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {cam: self.cameras.rgb(cam) for cam in self.camera_names}
        out["joints"] = self.world.arm_q()
        out["gripper"] = np.array([np.clip(self.world.finger_gap(), 0.0, 0.1)])
        return out

    def _info(self) -> dict[str, Any]:
        names = [n for n in self.world.objects if n != "drawer"]
        return {
            "objects": {n: self.world.object_state(n).pos.tolist() for n in names},
            "drawer": self.world.drawer_state() if self.world.has_drawer else None,
            "sim_time": self.world.time,
        }

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        if seed is not None and seed != self.world.seed:
            self.world.reseed(int(seed))
        else:
            self.world.reset()
        self._steps = 0
        return self._obs(), self._info()

    def step(self, action):
        a = np.clip(np.asarray(action, dtype=np.float64), self.action_space.low, self.action_space.high)
        self.world.step_control(a[:self.dof], a[self.dof] / 2)
        self._steps += 1
        truncated = self._steps >= self.max_steps
        return self._obs(), 0.0, False, truncated, self._info()

    def render(self):
        return self.cameras.rgb(self.camera_names[0] if self.camera_names else "front")

    def close(self) -> None:
        if self._cams is not None:
            self._cams.close()
            self._cams = None


def register() -> None:
    if "embodia/TabletopEnv-v0" not in gym.registry:
        gym.register(id="embodia/TabletopEnv-v0", entry_point="embodia.sim.env:TabletopEnv")
