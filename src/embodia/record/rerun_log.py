"""A Rerun recording (.rrd) of one episode, written offline with rerun-sdk (the `rerun` extra).

Timelines: `step` (control steps, 20 Hz) and `sim_time` (simulated seconds). Entities:
  cameras/<name>             camera images (JPEG), every `every` control steps
  world/objects/<name>       object boxes (pose + size + colour), every `every` control steps
  world/gripper              the tool centre point every control step; world/gripper_path its whole path (static)
  goal                       the goal's stages (static text)
  progress/subgoals_done, progress/stages_reached   scalars after every verification
  records                    every step record of the episode, as a text log line at the moment it happened
  events/disturbances, events/replans               disturbances and replans (warnings)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from embodia.sim.catalog import COLOURS
from embodia.sim.world import World
from embodia.types import EmbodiaError

INSTALL_HINT = "Rerun recordings need rerun-sdk: pip install 'embodia[rerun]'"
ENTITY_CAMERAS = "cameras"
TIMELINE_STEP, TIMELINE_SIM = "step", "sim_time"


def _rerun():
    try:
        import rerun as rr
    except ImportError:
        raise EmbodiaError(INSTALL_HINT) from None
    return rr


class RerunLogger:
    """Attach to a World (a step hook) and feed it the episode's step records; `close()` writes the .rrd."""

    def __init__(self, world: World, path: str | Path, cameras: tuple[str, ...] = ("front", "wrist"),
                 size: tuple[int, int] = (120, 160), every: int = 4, name: str = "embodia episode") -> None:
        from embodia.sim.render import Cameras

        self.rr = rr = _rerun()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(self.path.name + ".partial")
        self.rec = rr.RecordingStream("embodia", recording_id=name)
        self.rec.save(self._tmp)
        self.world, self.cameras, self.every = world, cameras, every
        self.cams = Cameras(world, *size, fast=False) if cameras else None
        self._step, self._t0 = 0, world.time
        self._path: list[np.ndarray] = []
        self.rec.log("world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
        world.step_hooks.append(self)
        self._log_frame()

    def _time(self) -> None:
        self.rec.set_time(TIMELINE_STEP, sequence=self._step)
        self.rec.set_time(TIMELINE_SIM, duration=self.world.time - self._t0)

    def __call__(self, world: World) -> None:
        self._step += 1
        self._time()
        tcp = world.tcp()[0]
        self._path.append(tcp)
        self.rec.log("world/gripper", self.rr.Points3D([tcp], radii=0.008, colors=[(40, 40, 40)]))
        if self._step % self.every == 0:
            self._log_frame()

    def _log_frame(self) -> None:
        rr, w = self.rr, self.world
        self._time()
        for cam in self.cameras:
            self.rec.log(f"{ENTITY_CAMERAS}/{cam}", rr.Image(self.cams.rgb(cam)).compress(jpeg_quality=80))
        for name, spec in w.objects.items():
            if spec.kind == "drawer":
                continue
            st = w.object_state(name)
            r, g, b = COLOURS.get(spec.colour, (0.8, 0.8, 0.8))
            self.rec.log(f"world/objects/{name}", rr.Boxes3D(
                centers=[st.pos], half_sizes=[spec.half_extents()], labels=[name],
                quaternions=[rr.Quaternion(xyzw=[*st.quat[1:], st.quat[0]])],
                colors=[(int(r * 255), int(g * 255), int(b * 255))]))

    def on_record(self, rec: Any) -> None:
        """Put one step record on the timeline (and goals, progress and events on their own entities)."""
        rr, data = self.rr, rec.to_json()
        self._time()
        text = json.dumps({k: v for k, v in data.items() if k not in ("model_calls", "summary")}, default=str)
        level = "WARN" if rec.type in ("Disturbed", "Replanned", "Rejected") else "INFO"
        self.rec.log("records", rr.TextLog(text, level=level))
        if rec.type == "Grounded":
            stages = "\n".join(f"{i}. {', '.join(s)}" for i, s in enumerate(rec.goal, 1))
            self.rec.log("goal", rr.TextDocument(f"{rec.instruction}\n\n{stages}"), static=True)
        elif rec.type == "Verified" and rec.progress:
            for key in ("subgoals_done", "stages_reached"):
                if key in rec.progress:
                    self.rec.log(f"progress/{key}", rr.Scalars(float(rec.progress[key])))
        elif rec.type == "Disturbed":
            self.rec.log("events/disturbances", rr.TextLog(f"{rec.kind}: {rec.description}", level="WARN"))
            self._log_frame()  # the world jumped: show it now
        elif rec.type == "Replanned":
            self.rec.log("events/replans", rr.TextLog(f"replan #{rec.attempt}: {rec.reason}", level="WARN"))

    def close(self) -> Path:
        """Finish the file; it only appears under its final name once complete."""
        if self in self.world.step_hooks:
            self.world.step_hooks.remove(self)
        self._log_frame()
        if self._path:
            self.rec.log("world/gripper_path", self.rr.LineStrips3D([np.array(self._path)], radii=0.003), static=True)
        self.rec.flush()
        self.rec.disconnect()
        if self.cams:
            self.cams.close()
        self._tmp.replace(self.path)
        return self.path
