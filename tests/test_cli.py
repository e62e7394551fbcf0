"""The command line as a user meets it: JSON contracts, outputs on disk, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

from embodia.cli.run import DRY_FIELDS, RUN_FIELDS


def embodia(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "embodia.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_run_json_video_and_trace(tmp_path: Path) -> None:
    out = tmp_path / "run"
    proc = embodia("run", "--task", "stack-2", "--seed", "1", "--json", "--video", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert list(result) == list(RUN_FIELDS)
    assert result["success"] and result["subgoals_done"] == result["subgoals_total"] == 1
    assert result["goal"] == [[result["goal"][0][0]]] and result["goal"][0][0].startswith("on(")
    records = [json.loads(line) for line in (out / "trace.jsonl").read_text().splitlines()]
    assert records[0]["type"] == "Grounded" and records[-1]["type"] == "EpisodeEnded"
    assert json.loads((out / "summary.json").read_text())["success"] is True
    frames = list(iio.imiter(out / "video.mp4"))
    assert len(frames) > 20
    assert np.abs(frames[0].astype(int) - frames[len(frames) // 2].astype(int)).mean() > 0.5  # the arm moved


def test_dry_run_json_plans_without_acting(tmp_path: Path) -> None:
    proc = embodia("run", "put the red block in the blue bowl, then stack the yellow block on the green block",
                   "--dry-run", "--json", "--out", str(tmp_path / "dry"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert list(result) == list(DRY_FIELDS)
    assert result["goal"] == [["in(red_block, blue_bowl)"], ["on(yellow_block, green_block)"]]
    assert result["plan"] == ["pick(red_block)", "place_in(red_block, blue_bowl)", "pick(yellow_block)",
                              "place_on(yellow_block, green_block)"]
    assert "drawer" in result["objects"] and not (tmp_path / "dry" / "summary.json").exists()


def test_tasks_json_lists_every_task() -> None:
    proc = embodia("tasks", "--json")
    rows = json.loads(proc.stdout)
    assert proc.returncode == 0 and {"stack-3-v0", "chain-20-disturbed-v0"} <= {r["id"] for r in rows}
    assert all(set(r) == {"id", "family", "tier", "tags", "description"} for r in rows)


@pytest.mark.parametrize("args,message", [
    (["run", "--brain", "gpt9"], "unknown brain 'gpt9'"),
    (["run", "--mode", "dance"], "invalid choice: 'dance'"),
    (["run", "--seed", "abc"], "seed must be an integer >= 0"),
    (["run", "--task", "stak-3"], "unknown task 'stak-3'; did you mean"),
    (["run", "--task", "stack-9"], "outside the stack family's range"),
    (["run", "paint the pink elephant"], "could not ground the instruction"),
    (["run", "put the purple cube in the red bowl"], "I see:"),
    (["run", "--dry-run", "stack the red block on the red block"], "red_block"),
])
def test_bad_input_is_one_clear_line(args: list[str], message: str, tmp_path: Path) -> None:
    proc = embodia(*args, "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert message in lines[0]
    assert not (tmp_path / "o" / "summary.json").exists()


def test_unwritable_out_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = embodia("run", "--task", "stack-2", "--out", str(blocker / "sub"))
    assert proc.returncode == 2 and "not writable" in proc.stderr and "Traceback" not in proc.stderr
