"""`embodia run --rerun FILE.rrd` writes a recording that rerun's own reader opens, with the expected entities and
a timeline as long as the episode."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from embodia.cli import main

rerun = pytest.importorskip("rerun", reason="the rerun extra is not installed")
from rerun.chunk import RrdReader  # noqa: E402

TASK = "stack-2-disturbed-v0"  # seed 0: a disturbance after the first subgoal, then a replan


def _read(path: Path) -> tuple[dict[str, list[int]], dict[str, list[float]], list[str], set[str]]:
    """entity -> step values, entity -> sim_time values (s), the /records texts, all entity paths."""
    steps: dict[str, list[int]] = defaultdict(list)
    times: dict[str, list[float]] = defaultdict(list)
    texts: list[str] = []
    entities: set[str] = set()
    for chunk in RrdReader(path).stream():
        entities.add(chunk.entity_path)
        if chunk.is_static:
            continue
        batch = chunk.to_record_batch()
        steps[chunk.entity_path] += batch.column("step").to_pylist()
        times[chunk.entity_path] += [t.total_seconds() for t in batch.column("sim_time").to_pylist()]
        if chunk.entity_path == "/records":
            texts += [t[0] for t in batch.column("TextLog:text").to_pylist()]
    return steps, times, texts, entities


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("rerun")
    rrd = out / "episode.rrd"
    code = main(["run", "--task", TASK, "--seed", "0", "--out", str(out / "run"), "--rerun", str(rrd), "--json"])
    assert code == 0
    return rrd, out / "run"


def test_recording_holds_scene_cameras_goal_and_events(recorded) -> None:
    rrd, run = recorded
    steps, _, _, entities = _read(rrd)
    trace = [json.loads(line) for line in (run / "trace.jsonl").read_text().splitlines()]
    objects = {o for r in trace if r["type"] == "Grounded" for stage in r["goal"] for lit in stage
               for o in lit[lit.index("(") + 1:-1].split(", ")}
    want = {"/cameras/front", "/cameras/wrist", "/world/gripper", "/world/gripper_path", "/goal", "/records",
            "/progress/subgoals_done", "/progress/stages_reached", "/events/disturbances", "/events/replans",
            *{f"/world/objects/{o}" for o in objects}}
    assert want <= entities
    assert len(steps["/events/disturbances"]) == sum(r["type"] == "Disturbed" for r in trace) >= 1
    assert len(steps["/events/replans"]) == sum(r["type"] == "Replanned" for r in trace) >= 1


def test_every_step_record_is_on_a_timeline_as_long_as_the_episode(recorded) -> None:
    rrd, run = recorded
    steps, times, texts, _ = _read(rrd)
    trace = [json.loads(line) for line in (run / "trace.jsonl").read_text().splitlines()]
    assert [json.loads(t)["type"] for t in texts] == [r["type"] for r in trace]
    summary = json.loads((run / "summary.json").read_text())
    assert max(times["/records"]) == pytest.approx(summary["sim_seconds"], abs=1e-3)
    # one gripper sample per control step, numbered 1..N on the `step` timeline
    gripper = sorted(steps["/world/gripper"])
    assert gripper == list(range(1, len(gripper) + 1))
    skill_steps = sum(round(r["sim_seconds"] * 20) for r in trace if r["type"] == "SkillFinished")
    assert skill_steps <= len(gripper) <= skill_steps + 2  # + a slip disturbance's single long step, if any
