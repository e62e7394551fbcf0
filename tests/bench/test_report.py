"""Reports hold the database's numbers; failed episodes come with a final-frame thumbnail."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import imageio.v3 as iio
import pytest

from embodia.bench import report
from embodia.bench.episodes import EpisodeSpec, run_one
from embodia.bench.runner import RunConfig
from embodia.bench.store import DB_NAME, RunStore, error_row, result_row
from embodia.bench.summary import cell_table, summarize
from embodia.tasks.base import TaskInstance

pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder with one real success, one real failure (skill budget of 1 for a 2-skill task) and one error."""
    out = tmp_path_factory.mktemp("report")
    traces = str(out / "traces")
    store = RunStore(out / DB_NAME)
    store.set("config", RunConfig("tiny", ("stack-2-v0", "unstack-2-v0"), (0, 1)).to_json())
    store.set("code_version", "test")
    store.set("state", "complete")
    store.put(result_row(run_one(EpisodeSpec("stack-2-v0", 0, trace_dir=traces, frame_on_failure=True)), 1,
                         "test", out))
    mp = pytest.MonkeyPatch()
    mp.setattr(TaskInstance, "budget", lambda self: (1, 60.0))
    try:
        failed = run_one(EpisodeSpec("unstack-2-v0", 1, trace_dir=traces, frame_on_failure=True))
    finally:
        mp.undo()
    assert not failed["success"] and failed["frame_path"]
    store.put(result_row(failed, 1, "test", out))
    store.put(error_row("stack-2-v0", 1, "builtin", "plan", "worker process died (exit code 13)", 2, "test"))
    report.build(out, store)
    store.close()
    return out


def test_failed_episode_has_a_small_final_frame(failed_run: Path) -> None:
    store = RunStore.open_existing(failed_run)
    failed = [r for r in store.rows("ok") if not r["success"]]
    store.close()
    assert len(failed) == 1 and "budget" in failed[0]["failure"]
    frame = iio.imread(failed_run / failed[0]["frame_path"])
    assert frame.shape == (120, 160, 3) and frame.std() > 5  # a real picture, not a blank
    assert not (failed_run / "traces" / "stack-2-v0" / "0" / "final.png").exists()  # successes get none


def test_markdown_report_holds_the_database_numbers(failed_run: Path) -> None:
    store = RunStore.open_existing(failed_run)
    rows = store.rows()
    store.close()
    s = summarize(rows)
    assert (s["episodes"], s["completed"], s["successes"], s["errors"]) == (3, 2, 1, 1)
    md = (failed_run / "report.md").read_text()
    assert f"success: {s['successes']}/{s['completed']} = {100 * s['success_rate']:.1f} %" in md
    assert "episodes: 3 (2 completed, 1 errors)" in md
    for cell in cell_table(rows):
        line = next(x for x in md.splitlines() if x.startswith(f"| {cell['family']} | {cell['tier']} |"))
        assert f"{cell['successes']}/{cell['episodes']}" in line
    assert re.search(r"^- skill budget exhausted.*: 1$", md, re.M) and "worker process died (exit code 13)" in md
    for link in re.findall(r"\]\(([^)]+\.png)\)", md):
        assert (failed_run / link).is_file()


def test_html_report_is_self_contained(failed_run: Path) -> None:
    page = (failed_run / "report.html").read_text()
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) >= 4  # success, time, failure reasons plots and the failure thumbnail
    thumbs = re.findall(r'class="thumb"[^>]*src="data:image/png;base64,([^"]+)"', page)
    assert len(thumbs) == 1 and iio.imread(base64.b64decode(thumbs[0])).shape == (120, 160, 3)
    assert "src=\"http" not in page and "<script" not in page
    assert "1/2 = 50.0 %" in page and "unstack-2-v0" in page
