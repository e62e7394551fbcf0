"""Recording speed and size: frames per wall second of `embodia record` with and without video encoding, bytes per
episode of a LeRobot dataset (video and image storage) and of a Rerun recording. Run in LeRobot's environment:

    .venv-lerobot/bin/python benchmarks/record.py [--task stack-3-v0] [--seeds 1000..1001] [--size 224]
                                                  [--cameras front,wrist] [--fps 20]

Per episode it measures: the bare episode (no recording), the capture (episode + rendering the dataset cameras),
LeRobot's writer with AV1 video encoding (streaming encoder) and with PNG images, and an episode with a Rerun
recording. The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from embodia.bench.capture import capture_episode
from embodia.bench.runner import parse_seeds
from embodia.record.lerobot_capture import CaptureConfig
from embodia.record.lerobot_writer import LeRobotWriter, dataset_bytes


def _timed(fn, *args, **kw):
    """(result, wall s, CPU s of this process and its threads): on a shared machine CPU s is the fairer figure."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t, time.process_time() - c


def measure(task: str, seeds: tuple[int, ...], cfg: CaptureConfig, tmp: Path) -> dict:
    rows = []
    for seed in seeds:
        _, bare_s, bare_cpu = _timed(capture_episode, task, seed, cfg, frames=False)
        ep, capture_s, capture_cpu = _timed(capture_episode, task, seed, cfg)
        _, rerun_s, rerun_cpu = _timed(capture_episode, task, seed, cfg, frames=False,
                                       rerun_path=tmp / f"{seed}.rrd")
        row = {"seed": seed, "success": ep.meta["success"], "frames": ep.frames,
               "sim_seconds": ep.meta["summary"]["sim_seconds"], "bare_s": bare_s, "bare_cpu": bare_cpu,
               "capture_s": capture_s, "capture_cpu": capture_cpu, "rerun_episode_s": rerun_s,
               "rerun_episode_cpu": rerun_cpu, "rrd_bytes": (tmp / f"{seed}.rrd").stat().st_size}
        for video in (True, False):
            kind = "video" if video else "images"
            root = tmp / f"ds-{seed}-{kind}"

            def write(root=root, video=video, ep=ep) -> None:
                writer = LeRobotWriter(root, cfg, video=video)
                writer.add(ep)
                writer.finalize()

            _, row[f"write_{kind}_s"], row[f"write_{kind}_cpu"] = _timed(write)
            row[f"{kind}_bytes"] = dataset_bytes(root)
            shutil.rmtree(root)
        rows.append(row)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    return summarize(rows, cfg)


def summarize(rows: list[dict], cfg: CaptureConfig) -> dict:
    frames = sum(r["frames"] for r in rows)

    def fps(key: str, *more: str) -> float:
        return round(frames / sum(r[k] for r in rows for k in (key, *more)), 1)

    mean = lambda key: int(statistics.mean(r[key] for r in rows))  # noqa: E731
    avg = lambda key: round(statistics.mean(r[key] for r in rows), 2)  # noqa: E731
    return {
        "episodes": len(rows), "frames": frames, "cameras": list(cfg.cameras), "size_px": cfg.size,
        "dataset_fps": cfg.fps, "simulated_s_per_episode": round(statistics.mean(r["sim_seconds"] for r in rows), 2),
        "bare_episode_wall_s": avg("bare_s"), "bare_episode_cpu_s": avg("bare_cpu"),
        "capture_frames_per_cpu_s": fps("capture_cpu"),
        "record_with_video_frames_per_cpu_s": fps("capture_cpu", "write_video_cpu"),
        "record_without_video_frames_per_cpu_s": fps("capture_cpu", "write_images_cpu"),
        "capture_frames_per_wall_s": fps("capture_s"),
        "write_video_frames_per_wall_s": fps("write_video_s"),
        "write_images_frames_per_wall_s": fps("write_images_s"),
        "record_with_video_frames_per_wall_s": fps("capture_s", "write_video_s"),
        "record_without_video_frames_per_wall_s": fps("capture_s", "write_images_s"),
        "bytes_per_episode_video": mean("video_bytes"), "bytes_per_episode_images": mean("images_bytes"),
        "bytes_per_frame_video": int(sum(r["video_bytes"] for r in rows) / frames),
        "rerun_bytes_per_episode": mean("rrd_bytes"),
        "rerun_episode_wall_s": avg("rerun_episode_s"), "rerun_episode_cpu_s": avg("rerun_episode_cpu"),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", default="stack-3-v0")
    p.add_argument("--seeds", default="1000..1001")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--cameras", default="front,wrist")
    p.add_argument("--fps", type=int, default=20)
    a = p.parse_args()
    cfg = CaptureConfig(tuple(a.cameras.split(",")), a.size, a.fps)
    with tempfile.TemporaryDirectory(prefix="embodia-record-bench-") as tmp:
        print(json.dumps(measure(a.task, parse_seeds(a.seeds), cfg, Path(tmp))))


if __name__ == "__main__":
    main()
