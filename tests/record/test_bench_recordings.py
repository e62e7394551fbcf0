"""`embodia bench --rerun`: failed episodes keep a Rerun recording and the report pages link it; successes keep none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from embodia.bench import report
from embodia.bench.episodes import EpisodeSpec, run_one
from embodia.bench.runner import RunConfig
from embodia.bench.store import DB_NAME, RunStore, result_row
from embodia.tasks.base import TaskInstance

pytest.importorskip("rerun", reason="the rerun extra is not installed")
from rerun.chunk import RrdReader

pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench-rerun")
    traces = str(out / "traces")
    store = RunStore(out / DB_NAME)
    store.set("config", RunConfig("tiny", ("stack-2-v0",), (0, 1), rerun=True, perception="privileged").to_json())
    store.set("state", "complete")
    passed = run_one(EpisodeSpec("stack-2-v0", 0, trace_dir=traces, rerun=True, perception="privileged"))
    store.put(result_row(passed, 1, "test", out))
    mp = pytest.MonkeyPatch()
    mp.setattr(TaskInstance, "budget", lambda self: (1, 60.0))  # one skill for a two-skill task: it fails
    try:
        failed = run_one(EpisodeSpec("stack-2-v0", 1, trace_dir=traces, frame_on_failure=True, rerun=True,
                                     perception="privileged"))
    finally:
        mp.undo()
    assert not failed["success"]
    store.put(result_row(failed, 1, "test", out))
    report.build(out, store)
    store.close()
    return out


def test_only_the_failed_episode_keeps_its_recording(run_folder: Path) -> None:
    assert not (run_folder / "traces" / "stack-2-v0" / "0" / "recording.rrd").exists()
    rrd = run_folder / "traces" / "stack-2-v0" / "1" / "recording.rrd"
    entities = {chunk.entity_path for chunk in RrdReader(rrd).stream()}
    assert {"/cameras/front", "/records", "/world/gripper"} <= entities


def test_report_pages_link_the_failed_episodes_recording(run_folder: Path) -> None:
    md = (run_folder / "report.md").read_text()
    links = re.findall(r"\[rerun\]\(([^)]+)\)", md)
    assert links == ["traces/stack-2-v0/1/recording.rrd"] and (run_folder / links[0]).is_file()
    page = (run_folder / "report.html").read_text()
    assert re.findall(r"href='([^']+\.rrd)'", page) == links
