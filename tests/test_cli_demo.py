from __future__ import annotations

import json
import subprocess
import sys

import imageio.v3 as iio
import numpy as np


def test_demo_writes_video_with_moving_arm(tmp_path) -> None:
    out = tmp_path / "demo"
    proc = subprocess.run([sys.executable, "-m", "embodia.cli", "demo", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    frames = list(iio.imiter(out / "video.mp4"))
    assert len(frames) == summary["frames"] > 20
    assert np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).mean() > 1.0
    assert summary["tcp_travel_m"] > 0.3
