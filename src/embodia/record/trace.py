"""Episode outputs under --out: trace.jsonl (every step record), summary.json, and optionally video.mp4.

Files appear under their final names only when complete, so an interrupted run never leaves a
half-written file that looks finished.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from embodia.record.video import VideoWriter
from embodia.types import EmbodiaError


def prepare_out(path: str | Path) -> Path:
    """Create the output folder and prove it is writable, with one clear error if not."""
    out = Path(path)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or exc
        raise EmbodiaError(f"output folder '{out}' is not writable ({reason}); choose another --out") from None
    return out


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a whole file or nothing: readers never see a half-written file, even after a crash."""
    tmp = path.with_name(path.name + ".partial")
    if isinstance(data, bytes):
        tmp.write_bytes(data)
    else:
        tmp.write_text(data)
    os.replace(tmp, path)


class TraceWriter:
    """Appends JSON records to trace.jsonl.partial; `close()` renames it to trace.jsonl."""

    def __init__(self, out: Path) -> None:
        self.path = out / "trace.jsonl"
        self._tmp = out / "trace.jsonl.partial"
        self._f = self._tmp.open("w")

    def write(self, record: dict[str, Any]) -> None:
        self._f.write(json.dumps(record, default=str) + "\n")
        self._f.flush()

    def close(self) -> Path:
        self._f.close()
        os.replace(self._tmp, self.path)
        return self.path


class FrameRecorder:
    """A World step hook that renders the front camera every `every` control steps into a video."""

    def __init__(self, world, path: Path, every: int = 2, height: int = 360, width: int = 480) -> None:
        from embodia.sim.render import Cameras

        self.cams = Cameras(world, height, width, fast=False)
        self.video = VideoWriter(path, fps=max(1, 20 // every))
        self.every, self._n = every, 0
        world.step_hooks.append(self)
        self.world = world
        self.video.add(self.cams.rgb("front"))

    def __call__(self, world) -> None:
        self._n += 1
        if self._n % self.every == 0:
            self.video.add(self.cams.rgb("front"))

    def close(self) -> Path:
        self.world.step_hooks.remove(self)
        self.video.add(self.cams.rgb("front"))
        self.cams.close()
        return self.video.close()
