"""Run inside LeRobot's environment: load a dataset with LeRobot's own LeRobotDataset and print what it holds."""

from __future__ import annotations

import json
import sys

import torch
from lerobot.datasets.lerobot_dataset import LeRobotDataset
from lerobot.utils.collate import lerobot_collate_fn


def main(root: str) -> None:
    ds = LeRobotDataset("embodia/test", root=root, video_backend="pyav")
    cols = ds.hf_dataset.select_columns(["episode_index", "skill", "skill_index", "sim_time", "task_index"])
    episodes: dict[int, dict] = {}
    for row in cols:
        ep = episodes.setdefault(int(row["episode_index"]), {"skill": [], "skill_index": [], "sim_time": []})
        ep["skill"].append(row["skill"])
        ep["skill_index"].append(int(row["skill_index"]))
        ep["sim_time"].append(float(row["sim_time"]))
    first = ds[0]
    # LeRobot's own collate keeps the language columns (None on frames without a row) as Python lists
    batch = next(iter(torch.utils.data.DataLoader(ds, batch_size=8, shuffle=True, collate_fn=lerobot_collate_fn)))
    print(json.dumps({
        "codebase_version": ds.meta.info["codebase_version"], "fps": ds.fps,
        "num_episodes": ds.num_episodes, "num_frames": ds.num_frames,
        "features": {k: v["dtype"] for k, v in ds.features.items()},
        "tasks": [first["task"]] + [ds[int(ds.meta.episodes[i]["dataset_from_index"])]["task"]
                                    for i in range(1, ds.num_episodes)],
        "episodes": [episodes[i] for i in sorted(episodes)],
        "batch": {k: list(v.shape) if hasattr(v, "shape") else len(v) for k, v in batch.items()},
        "language": [ds[int(ds.meta.episodes[i]["dataset_from_index"])].get("language_persistent")
                     for i in range(ds.num_episodes)],
        "image_mean": float(first[[k for k in ds.features if k.startswith("observation.images.")][0]].mean()),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
