"""LeRobot's language annotation columns for a recorded dataset: `language_persistent` rows of style `subtask` (each
skill call, from the frame it starts on) and `plan` (each plan and replan, from the frame it was made on).

LeRobot 0.6 fills these columns after recording, through its annotation pipeline's `LanguageColumnsWriter` (the
recording writer does not take them), so we stage our rows the way that pipeline does and run its writer over the
finished dataset. Idempotent: every run rewrites the columns of every episode from `meta/embodia_episodes.jsonl`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from embodia.types import EmbodiaError

ROLE = "assistant"


def language_rows(row: dict[str, Any], fps: int) -> list[dict[str, Any]]:
    """The persistent rows of one episode's sidecar line (timestamps are exact frame timestamps)."""
    rows = [{"role": ROLE, "content": s["call"], "style": "subtask", "timestamp": s["first_frame"] / fps,
             "tool_calls": None} for s in row["skills"]]
    rows += [{"role": ROLE, "content": "\n".join(p["steps"]), "style": "plan", "timestamp": p["frame"] / fps,
              "tool_calls": None} for p in row["plans"] if p.get("frame") is not None]
    return rows


def strip_language_features(root: Path) -> None:
    """Before resuming: LeRobot's recording writer does not take language columns (they are re-added at the end)."""
    from lerobot.datasets.io_utils import load_info, write_info
    from lerobot.datasets.language import LANGUAGE_COLUMNS

    info = load_info(root)
    if any(k in info.features for k in LANGUAGE_COLUMNS):
        info.features = {k: v for k, v in info.features.items() if k not in LANGUAGE_COLUMNS}
        write_info(info, root)


def annotate(root: Path, sidecar: list[dict[str, Any]], fps: int) -> int:
    """Write the language columns of every kept episode; returns how many rows were written."""
    try:
        from lerobot.annotations.steerable_pipeline.reader import iter_episodes
        from lerobot.annotations.steerable_pipeline.staging import EpisodeStaging
        from lerobot.annotations.steerable_pipeline.writer import LanguageColumnsWriter
        from lerobot.datasets.io_utils import load_info, write_info
        from lerobot.datasets.language import language_feature_info
    except ImportError as exc:
        raise EmbodiaError(f"this LeRobot has no language annotation columns ({exc})") from None
    by_episode = {r["episode_index"]: language_rows(r, fps) for r in sidecar if r["kept"]}
    with tempfile.TemporaryDirectory(prefix="embodia-language-") as tmp:
        for index, rows in by_episode.items():
            EpisodeStaging(Path(tmp), index).write("plan", rows)
        LanguageColumnsWriter().write_all(list(iter_episodes(root)), Path(tmp), root)
    info = load_info(root)
    info.features = {**info.features, **language_feature_info()}
    write_info(info, root)
    return sum(len(v) for v in by_episode.values())

