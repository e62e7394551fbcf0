"""Capture one episode frame by frame for a LeRobot dataset: camera images, joint state, the commanded targets
and the skill running, at a fixed rate, from a World step hook. Needs no LeRobot: the capture is written as a
folder of .npy arrays plus meta.json (`save` / `load`), which `record.lerobot_writer` turns into dataset episodes.

Frame k pairs the observation *before* a control interval with the action commanded *during* it:
  observation.state = arm joint positions q1..q7 (rad) + finger gap (m)
  action            = the position-servo targets written to the actuators for the interval: joint targets j1..j7
                      (rad, absolute, including the controller's velocity feed-forward) + per-finger opening (m).
                      Replaying them through `World.step_control` drives the same servos.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from embodia.sim import layout
from embodia.sim.world import World
from embodia.types import EmbodiaError

STATE_NAMES = [f"q{i}" for i in range(1, 8)] + ["finger_gap"]
ACTION_NAMES = [f"j{i}_target" for i in range(1, 8)] + ["finger_target"]
NO_SKILL = ""  # label of frames stepped outside any skill (e.g. a held object slipping)


@dataclass(frozen=True)
class CaptureConfig:
    cameras: tuple[str, ...] = ("front", "wrist")
    size: int = 224  # square images (px)
    fps: int = 20  # frames per simulated second; must divide the 20 Hz control rate
    perception: str = "privileged"  # or "camera"
    brain: str = "builtin"  # or "oracle" (grounds to the task's own goal)

    def every(self) -> int:
        """Control steps per frame."""
        if self.fps <= 0 or layout.CONTROL_HZ % self.fps:
            valid = [f for f in range(1, layout.CONTROL_HZ + 1) if layout.CONTROL_HZ % f == 0]
            raise EmbodiaError(f"--fps {self.fps} does not divide the {layout.CONTROL_HZ} Hz control rate; "
                               f"valid: {', '.join(map(str, valid))}")
        return layout.CONTROL_HZ // self.fps


@dataclass
class CapturedEpisode:
    """One episode's frames (T of them) and what the agent did."""

    images: dict[str, np.ndarray]  # camera -> (T, size, size, 3) uint8
    state: np.ndarray  # (T, 8) float32
    action: np.ndarray  # (T, 8) float32
    skill: list[str]  # (T,) the skill call running during the frame's interval, NO_SKILL outside skills
    skill_index: np.ndarray  # (T,) int64, index of that call in the episode (-1 outside skills)
    sim_time: np.ndarray  # (T,) float32, simulated seconds since the episode started, at the frame's observation
    meta: dict[str, Any] = field(default_factory=dict)  # task, seed, instruction, success, plans, replans, ...

    @property
    def frames(self) -> int:
        return len(self.skill)

    def save(self, folder: Path) -> Path:
        """Write atomically: the folder appears under its final name only when complete."""
        tmp = folder.with_name(folder.name + ".partial")
        for stale in (tmp, folder):  # left by an interrupted run: this capture replaces it
            shutil.rmtree(stale, ignore_errors=True)
        tmp.mkdir(parents=True)
        for cam, arr in self.images.items():
            np.save(tmp / f"image.{cam}.npy", arr)
        np.save(tmp / "state.npy", self.state)
        np.save(tmp / "action.npy", self.action)
        np.save(tmp / "skill_index.npy", self.skill_index)
        np.save(tmp / "sim_time.npy", self.sim_time)
        (tmp / "meta.json").write_text(json.dumps({**self.meta, "skill": self.skill}, default=str))
        tmp.rename(folder)
        return folder

    @classmethod
    def load(cls, folder: Path) -> CapturedEpisode:
        meta = json.loads((folder / "meta.json").read_text())
        images = {p.name[len("image."):-len(".npy")]: np.load(p, mmap_mode="r")
                  for p in sorted(folder.glob("image.*.npy"))}
        return cls(images, np.load(folder / "state.npy"), np.load(folder / "action.npy"), meta.pop("skill"),
                   np.load(folder / "skill_index.npy"), np.load(folder / "sim_time.npy"), meta)


class FrameTap:
    """A World step hook collecting frames every `every` control steps; set `skill` as skills start and end."""

    def __init__(self, world: World, cfg: CaptureConfig) -> None:
        from embodia.sim.render import Cameras

        self.world, self.cfg, self.every = world, cfg, cfg.every()
        self.cams = Cameras(world, cfg.size, cfg.size, fast=False)
        self.skill, self.skill_index = NO_SKILL, -1
        self._t0 = world.time
        self._steps = 0
        self._obs = self._observe()
        self.images: dict[str, list[np.ndarray]] = {c: [] for c in cfg.cameras}
        self.state: list[np.ndarray] = []
        self.action: list[np.ndarray] = []
        self.labels: list[str] = []
        self.indices: list[int] = []
        self.times: list[float] = []
        world.step_hooks.append(self)

    def _observe(self) -> tuple[dict[str, np.ndarray], np.ndarray, float]:
        w = self.world
        images = {c: self.cams.rgb(c) for c in self.cfg.cameras}
        return images, np.append(w.arm_q(), w.finger_gap()).astype(np.float32), w.time - self._t0

    def __call__(self, world: World) -> None:
        self._steps += 1
        if self._steps % self.every:
            return
        images, state, t = self._obs
        ctrl = world.data.ctrl
        for c in self.cfg.cameras:
            self.images[c].append(images[c])
        self.state.append(state)
        self.action.append(np.append(ctrl[world.arm_act], ctrl[world.finger_act[0]]).astype(np.float32))
        self.labels.append(self.skill)
        self.indices.append(self.skill_index)
        self.times.append(t)
        self._obs = self._observe()

    def close(self, meta: dict[str, Any]) -> CapturedEpisode:
        self.world.step_hooks.remove(self)
        self.cams.close()
        n, size = len(self.labels), self.cfg.size
        images = {c: np.stack(v) if v else np.zeros((0, size, size, 3), np.uint8) for c, v in self.images.items()}
        return CapturedEpisode(images, np.array(self.state, np.float32).reshape(n, 8),
                               np.array(self.action, np.float32).reshape(n, 8), self.labels,
                               np.array(self.indices, np.int64), np.array(self.times, np.float32), meta)
