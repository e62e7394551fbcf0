"""A dataset recorded from two real episodes loads with LeRobot's own LeRobotDataset, in LeRobot's environment
(.venv-lerobot, built by `make lerobot-env`; `make test` builds it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from embodia.tasks.registry import get_task

REPO = Path(__file__).resolve().parents[2]
LEROBOT_PY = REPO / ".venv-lerobot" / "bin" / "python"
TASK, SEEDS, FPS = "stack-2-v0", (0, 1), 20

pytestmark = [
    pytest.mark.skipif(not LEROBOT_PY.is_file(), reason="LeRobot's environment is absent (make lerobot-env)"),
    pytest.mark.xdist_group("lerobot"),
]


def _lerobot(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    out = subprocess.run([str(LEROBOT_PY), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> tuple[Path, dict, dict]:
    root = tmp_path_factory.mktemp("lerobot") / "ds"
    report = json.loads(_lerobot("-m", "embodia.cli", "record", "--lerobot", str(root), "--task", TASK,
                                 "--seeds", f"{SEEDS[0]}..{SEEDS[-1]}", "--size", "48", "--fps", str(FPS),
                                 "--json").splitlines()[-1])
    loaded = json.loads(_lerobot(str(Path(__file__).with_name("lerobot_check.py")), str(root)).splitlines()[-1])
    return root, report, loaded


def _trace(root: Path, seed: int) -> list[dict]:
    lines = (root / "meta" / "embodia_traces" / f"{TASK}.{seed}.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def test_counts_features_and_task(dataset) -> None:
    root, report, loaded = dataset
    assert loaded["codebase_version"] == "v3.0" and loaded["fps"] == FPS
    assert loaded["num_episodes"] == 2 == report["dataset_episodes"]
    ends = [[r for r in _trace(root, s) if r["type"] == "EpisodeEnded"][0] for s in SEEDS]
    # one frame per control step (20 Hz) while the robot moved
    assert loaded["num_frames"] == sum(round(e["summary"]["sim_seconds"] * FPS) for e in ends)
    feats = loaded["features"]
    assert feats["observation.images.front"] == feats["observation.images.wrist"] == "video"
    assert feats["observation.state"] == feats["action"] == "float32" and feats["skill"] == "string"
    assert loaded["tasks"] == [get_task(TASK).make(s).instruction for s in SEEDS]
    assert loaded["batch"]["observation.images.front"] == [8, 3, 48, 48]
    assert loaded["batch"]["observation.state"] == [8, 8] and loaded["batch"]["action"] == [8, 8]
    assert loaded["batch"]["skill"] == 8
    assert 0.05 < loaded["image_mean"] < 0.95  # a rendered scene, not a blank frame


def test_skill_labels_change_exactly_at_skill_boundaries(dataset) -> None:
    root, _, loaded = dataset
    for seed, ep in zip(SEEDS, loaded["episodes"]):
        trace = _trace(root, seed)
        started = {r["index"]: r for r in trace if r["type"] == "SkillStarted"}
        finished = {r["index"]: r for r in trace if r["type"] == "SkillFinished"}
        assert started and started.keys() == finished.keys()
        for i, start in started.items():
            begin, end = start["sim_s"] - 1e-3, finished[i]["sim_s"] - 1e-3
            frames = [k for k, t in enumerate(ep["sim_time"]) if begin <= t < end]
            assert frames, f"no frames for skill {i}"
            assert {ep["skill"][k] for k in frames} == {start["call"]}
            assert {ep["skill_index"][k] for k in frames} == {i}
            assert len(frames) == round((finished[i]["sim_s"] - start["sim_s"]) * FPS)
        changes = [k for k in range(1, len(ep["skill"])) if ep["skill"][k] != ep["skill"][k - 1]]
        assert [round(ep["sim_time"][k], 2) for k in changes] == [round(finished[i]["sim_s"], 2)
                                                                  for i in sorted(finished)[:-1]]


def test_language_columns_hold_subtasks_and_plans(dataset) -> None:
    root, _, loaded = dataset
    for seed, rows in zip(SEEDS, loaded["language"]):
        trace = _trace(root, seed)
        subtasks = [(r["content"], round(r["timestamp"], 3)) for r in rows if r["style"] == "subtask"]
        # undisturbed: frame timestamps are simulated time since the start
        assert subtasks == [(r["call"], r["sim_s"]) for r in trace if r["type"] == "SkillStarted"]
        plans = [r["content"].split("\n") for r in rows if r["style"] == "plan"]
        assert plans == [r["steps"] for r in trace if r["type"] == "Planned"]


def test_episode_metadata_holds_plan_and_outcome(dataset) -> None:
    root, _, _ = dataset
    rows = [json.loads(line) for line in (root / "meta" / "embodia_episodes.jsonl").read_text().splitlines()]
    assert [(r["task"], r["seed"], r["episode_index"]) for r in rows] == [(TASK, s, i) for i, s in enumerate(SEEDS)]
    for r in rows:
        assert r["success"] is True and r["kept"] is True
        assert r["plans"][0]["steps"] == [s["call"] for s in r["skills"]]


def test_rerun_of_the_same_command_resumes_without_duplicates(dataset) -> None:
    root, _, _ = dataset
    again = json.loads(_lerobot("-m", "embodia.cli", "record", "--lerobot", str(root), "--task", TASK,
                                "--seeds", f"{SEEDS[0]}..{SEEDS[-1]}", "--size", "48", "--fps", str(FPS),
                                "--json").splitlines()[-1])
    assert again["recorded_now"] == 0 and again["skipped_done"] == 2 and again["dataset_episodes"] == 2


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
