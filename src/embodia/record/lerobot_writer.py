"""Captured episodes -> a LeRobot dataset (format v3.0) through LeRobot's own writer: `LeRobotDataset.create`
(or `.resume` on an existing folder), `add_frame` with the instruction as `frame["task"]`, `save_episode`, and
the mandatory `finalize`. Nothing is pushed anywhere.

Beside LeRobot's own files, `meta/embodia_traces/<task>.<seed>.jsonl` holds every step record of each
episode and `meta/embodia_episodes.jsonl` one line per recorded episode, in order: task id,
seed, instruction, success, failure, the plans and replans, disturbances, skill intervals, and whether it was kept
(`--only-success` drops failures but still lists them, so a resumed run does not record them again).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from embodia.record.lerobot_capture import ACTION_NAMES, STATE_NAMES, CaptureConfig, CapturedEpisode
from embodia.record.lerobot_language import annotate, strip_language_features
from embodia.types import EmbodiaError

SIDECAR = "meta/embodia_episodes.jsonl"
TRACES = "meta/embodia_traces"  # <task>.<seed>.jsonl: every step record of the episode
ROBOT_TYPE = "franka_panda_sim"
VIDEO_BACKEND = "pyav"  # torchcodec needs system FFmpeg libraries; PyAV ships its own
INSTALL_HINT = ("LeRobot is not installed in this Python (it needs Python >= 3.12 and its own environment): "
                "run 'make lerobot-env', then '.venv-lerobot/bin/embodia record --lerobot ...'")


def _lerobot():
    os.environ.setdefault("SVT_LOG", "1")  # the AV1 encoder's banner: errors only
    try:
        import datasets
        from lerobot.datasets.lerobot_dataset import LeRobotDataset
    except ImportError:
        raise EmbodiaError(INSTALL_HINT) from None
    datasets.disable_progress_bars()
    return LeRobotDataset


def features(cfg: CaptureConfig, video: bool = True) -> dict[str, dict[str, Any]]:
    image = {"dtype": "video" if video else "image", "shape": (cfg.size, cfg.size, 3),
             "names": ["height", "width", "channels"]}
    scalar = {"shape": (1,), "names": None}
    return {
        **{f"observation.images.{c}": dict(image) for c in cfg.cameras},
        "observation.state": {"dtype": "float32", "shape": (8,), "names": STATE_NAMES},
        "action": {"dtype": "float32", "shape": (8,), "names": ACTION_NAMES},
        "skill": {"dtype": "string", **scalar},
        "skill_index": {"dtype": "int64", **scalar},
        "sim_time": {"dtype": "float32", **scalar},
        "episode_success": {"dtype": "bool", **scalar},
    }


def skill_intervals(ep: CapturedEpisode) -> list[dict[str, Any]]:
    """[{index, call, first_frame, last_frame}] of every skill call that has frames."""
    out: list[dict[str, Any]] = []
    for k, idx in enumerate(ep.skill_index.tolist()):
        if idx < 0:
            continue
        if out and out[-1]["index"] == idx:
            out[-1]["last_frame"] = k
        else:
            out.append({"index": idx, "call": ep.skill[k], "first_frame": k, "last_frame": k})
    return out


class LeRobotWriter:
    """Appends captured episodes to the dataset at `root`; `finalize()` when done (also after an error)."""

    def __init__(self, root: Path, cfg: CaptureConfig, video: bool = True, repo_id: str | None = None) -> None:
        LeRobotDataset = _lerobot()
        self.root, self.cfg = Path(root), cfg
        repo_id = repo_id or f"embodia/{self.root.name}"
        want = features(cfg, video)
        if (self.root / "meta" / "info.json").is_file():
            self._check_same(want)
            strip_language_features(self.root)
            self.ds = LeRobotDataset.resume(repo_id, root=self.root, streaming_encoding=video,
                                            video_backend=VIDEO_BACKEND)
        else:
            if self.root.exists() and any(self.root.iterdir()):
                raise EmbodiaError(f"'{self.root}' exists and is not a LeRobot dataset; choose an empty or new folder")
            if self.root.exists():
                self.root.rmdir()
            self.ds = LeRobotDataset.create(repo_id, fps=cfg.fps, features=want, root=self.root,
                                            robot_type=ROBOT_TYPE, use_videos=video, streaming_encoding=video,
                                            video_backend=VIDEO_BACKEND)
        self.sidecar = self.root / SIDECAR
        self.done = self._load_done()

    def _check_same(self, want: dict[str, dict[str, Any]]) -> None:
        info = json.loads((self.root / "meta" / "info.json").read_text())
        have = {k: (v["dtype"], list(v["shape"])) for k, v in info["features"].items() if k in want}
        wanted = {k: (v["dtype"], list(v["shape"])) for k, v in want.items()}
        if info.get("fps") != self.cfg.fps or have != wanted:
            raise EmbodiaError(f"the dataset in '{self.root}' was recorded with other settings (fps {info.get('fps')},"
                               f" features {sorted(have)}); resume with the same --fps/--cameras/--size/--no-video "
                               "or choose a new folder")

    def _load_done(self) -> dict[tuple[str, int], dict[str, Any]]:
        if not self.sidecar.is_file():
            return {}
        rows = [json.loads(line) for line in self.sidecar.read_text().splitlines() if line.strip()]
        kept = sum(1 for r in rows if r["kept"])
        if kept != self.ds.meta.total_episodes:
            raise EmbodiaError(f"'{self.root}' holds {self.ds.meta.total_episodes} episodes but its {SIDECAR} lists "
                               f"{kept} (an interrupted write); record into a new folder")
        return {(r["task"], r["seed"]): r for r in rows}

    def add(self, ep: CapturedEpisode, keep: bool = True) -> dict[str, Any]:
        """Write one episode (or only its metadata line when not kept); returns that line."""
        m = ep.meta
        row = {"task": m["task"], "seed": m["seed"], "instruction": m["instruction"], "success": m.get("success"),
               "failure": m.get("failure"), "frames": ep.frames, "kept": bool(keep and ep.frames > 0),
               "episode_index": None, "plans": _plan_frames(ep), "replans": m.get("replans", []),
               "disturbances": m.get("disturbances", []), "skills": skill_intervals(ep),
               "summary": m.get("summary", {})}
        if row["kept"]:
            row["episode_index"] = self.ds.meta.total_episodes
            self._write_frames(ep)
        traces = self.root / TRACES
        traces.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(r, default=str) + "\n" for r in m.get("trace", []))
        (traces / f"{row['task']}.{row['seed']}.jsonl").write_text(lines)
        with self.sidecar.open("a") as f:
            f.write(json.dumps(row, default=str) + "\n")
        self.done[(row["task"], row["seed"])] = row
        return row

    def _write_frames(self, ep: CapturedEpisode) -> None:
        success = np.array([bool(ep.meta.get("success"))])
        for k in range(ep.frames):
            frame = {f"observation.images.{c}": np.asarray(ep.images[c][k]) for c in self.cfg.cameras}
            frame.update({
                "observation.state": ep.state[k], "action": ep.action[k], "skill": ep.skill[k],
                "skill_index": ep.skill_index[k:k + 1], "sim_time": ep.sim_time[k:k + 1],
                "episode_success": success, "task": ep.meta["instruction"],
            })
            self.ds.add_frame(frame)
        self.ds.save_episode()

    def finalize(self) -> None:
        """LeRobot's mandatory finalize, then the language annotation columns of every episode."""
        self.ds.finalize()
        if self.done and self.ds.meta.total_episodes:
            annotate(self.root, sorted(self.done.values(), key=lambda r: r["episode_index"] or 0), self.cfg.fps)


def _plan_frames(ep: CapturedEpisode) -> list[dict[str, Any]]:
    """The episode's plans, each with the first frame observed at or after it was made (None: after the last)."""
    plans = []
    for p in ep.meta.get("plans", []):
        later = np.flatnonzero(ep.sim_time >= p["sim_s"] - 1e-3)
        plans.append({**p, "frame": int(later[0]) if later.size else None})
    return plans


def dataset_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())


def remove_staging(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
