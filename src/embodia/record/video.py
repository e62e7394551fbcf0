"""MP4 writing through imageio's bundled ffmpeg (no system ffmpeg needed)."""

from __future__ import annotations

from pathlib import Path

import imageio.v2 as imageio
import numpy as np


class VideoWriter:
    def __init__(self, path: str | Path, fps: int = 20) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_suffix(".partial.mp4")
        self._writer = imageio.get_writer(self._tmp, fps=fps, codec="libx264", quality=7, macro_block_size=8)
        self.frames = 0

    def add(self, frame: np.ndarray) -> None:
        self._writer.append_data(frame)
        self.frames += 1

    def close(self) -> Path:
        """Finish the file; it only appears under its final name once complete."""
        self._writer.close()
        self._tmp.replace(self.path)
        return self.path
