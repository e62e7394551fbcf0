"""A benchmark run: its config, its folder, and the loop that feeds episodes to an executor and stores results.

Layout of a run folder:
    results.db                      one row per episode (see store.py) and the run's config
    traces/<task>/<seed>/           trace.jsonl, final.png (failed episodes), video.mp4 (--video),
                                    recording.rrd (--rerun, failed episodes)
    report.md, report.html          written when the run completes (report.py)
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from embodia.bench.episodes import EpisodeSpec
from embodia.bench.store import DB_NAME, RunStore, error_row, result_row
from embodia.bench.workers import Outcome, land_files
from embodia.types import EmbodiaError

RETRIES = 1  # an episode whose worker crashed or raised is retried this many times


@dataclass(frozen=True)
class RunConfig:
    """Everything that determines a run's episodes: refusing --resume with a different one keeps a DB coherent."""

    suite: str
    tasks: tuple[str, ...]
    seeds: tuple[int, ...]
    brain: str = "builtin"
    mode: str = "plan"
    disturb: bool = False
    video: bool = False
    rerun: bool = False  # Rerun recordings of failed episodes
    perception: str = "camera"  # what the agent senses (perception/modes.py)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "tasks": list(self.tasks), "seeds": list(self.seeds)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunConfig:
        old = {"perception": "privileged"}  # runs stored before perception modes existed were privileged
        return cls(**{**old, **data, "tasks": tuple(data["tasks"]), "seeds": tuple(data["seeds"])})

    def specs(self, traces: Path) -> list[EpisodeSpec]:
        return [EpisodeSpec(t, s, self.brain, self.mode, str(traces), frame_on_failure=True, video=self.video,
                            rerun=self.rerun, perception=self.perception)
                for t in self.tasks for s in self.seeds]


def parse_seeds(text: str) -> tuple[int, ...]:
    """'A..B' (inclusive) or a single 'N'."""
    lo, sep, hi = text.partition("..")
    try:
        a, b = (int(lo), int(hi)) if sep else (int(lo), int(lo))
    except ValueError:
        raise EmbodiaError(f"bad --seeds '{text}'; expected A..B (inclusive, e.g. 0..4) or N") from None
    if a < 0 or b < a:
        raise EmbodiaError(f"bad --seeds '{text}'; need 0 <= A <= B")
    return tuple(range(a, b + 1))


def make_config(suite: str, seeds: str | tuple[int, ...] | None, brain: str, mode: str, disturb: bool,
                video: bool, rerun: bool = False, robot: str = "panda",
                perception: str = "camera") -> RunConfig:
    """Validate the user's choices (suite, seeds, brain, mode) and resolve the suite's tasks."""
    from embodia.brains.base import MODES
    from embodia.tasks.registry import SUITES, disturbed_variant, for_robot, get_suite, get_task

    get_suite(suite)  # unknown suite -> one line naming the known ones
    task_ids, suite_seeds = SUITES[suite]
    if mode not in MODES:
        raise EmbodiaError(f"unknown mode '{mode}'; valid: {', '.join(MODES)}")
    validate_brain(brain)
    if disturb and robot != "panda":
        raise EmbodiaError(f"--disturb: the {robot} tasks have no disturbed variants")
    task_ids = tuple(for_robot(t, robot) for t in task_ids)  # --robot so101: each task's SO-101 version
    tasks = tuple((disturbed_variant(get_task(t)) if disturb else get_task(t)).id for t in task_ids)
    chosen = parse_seeds(seeds) if isinstance(seeds, str) else tuple(seeds) if seeds else tuple(suite_seeds)
    if rerun:
        from embodia.record.rerun_log import _rerun

        _rerun()  # the extra is missing: say so before the run starts
    from embodia.perception.modes import check_mode

    return RunConfig(suite, tasks, chosen, brain, mode, disturb, video, rerun, check_mode(perception))


def validate_brain(spec: str) -> None:
    """Unknown brain -> one line naming the valid ones, without building the brain here (a model brain may start
    a server; each worker builds its own)."""
    from embodia.brains.factory import make_brain

    if spec in ("builtin", "oracle"):
        return
    try:
        from embodia.models import parse_spec
    except ImportError:
        make_brain(spec)
        return
    parse_spec(spec)


def code_version() -> str:
    """`git describe` of the source tree when it is a checkout, else the package version."""
    import embodia

    here = Path(embodia.__file__).resolve().parent
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=here, capture_output=True,
                             text=True, timeout=5)
        if out.returncode == 0 and out.stdout.strip():
            return f"{embodia.__version__}+{out.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    return embodia.__version__


def open_run(out: Path, config: RunConfig | None, resume: bool) -> tuple[RunStore, RunConfig]:
    """Create or reopen the run folder. `config` None (with --resume) means: the stored one."""
    from embodia.record.trace import prepare_out

    db = out / DB_NAME
    if db.exists() and not resume:
        store = RunStore(db)
        n, cfg = store.count(), store.get("config") or {}
        store.close()
        total = len(cfg.get("tasks", ())) * len(cfg.get("seeds", ()))
        raise EmbodiaError(f"'{out}' already holds a benchmark run ({n} of {total} episodes stored); add --resume "
                           "to continue it, or choose a new --out")
    if not db.exists():
        if config is None:
            raise EmbodiaError(f"nothing to resume in '{out}' (no {DB_NAME}); give --suite to start a run")
        if out.exists() and out.is_dir() and any(out.iterdir()):
            raise EmbodiaError(f"'{out}' is not empty and holds no benchmark run; choose a new or empty --out")
    prepare_out(out)  # writable, or one clear line
    store = RunStore(db)
    stored = store.get("config")
    if stored is None:
        if config is None:
            raise EmbodiaError(f"'{out}' holds no run config; start a new run with --suite")
        store.set("config", config.to_json())
        store.set("code_version", code_version())
        store.set("created", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        return store, config
    old = RunConfig.from_json(stored)
    if config is not None and config != old:
        diff = ", ".join(f"{k}: stored {v!r}, given {getattr(config, k)!r}" for k, v in asdict(old).items()
                         if getattr(config, k) != v)
        store.close()
        raise EmbodiaError(f"cannot --resume '{out}' with a different config ({diff}); "
                           "resume with the original options or choose a new --out")
    return store, old


class Executor(Protocol):
    pending: int

    def submit(self, spec: EpisodeSpec, attempt: int = 1) -> None: ...
    def next_done(self) -> Outcome: ...
    def close(self) -> None: ...


@dataclass
class RunStats:
    total: int  # episodes in the run
    skipped: int  # already stored by an earlier session (resume)
    ran: int  # stored by this session
    errors: int  # stored as errors after the retry
    wall_seconds: float


def todo(store: RunStore, config: RunConfig, out: Path) -> list[EpisodeSpec]:
    """The run's episodes not yet stored as done (missing, or errors from an earlier session)."""
    done = store.finished_keys(config.brain, config.mode)
    return [s for s in config.specs(out / "traces") if (s.task, s.seed) not in done]


def execute_run(store: RunStore, config: RunConfig, out: Path, executor: Executor,
                on_row: Callable[[dict[str, Any], bool], None] | None = None) -> RunStats:
    """Run every episode not yet stored; each result becomes a row the moment it arrives.

    `on_row(row, final)`: final is False for an error that will be retried."""
    t0 = time.perf_counter()
    specs = todo(store, config, out)
    total = len(config.tasks) * len(config.seeds)
    version = store.get("code_version") or code_version()
    store.set("state", "running")
    for spec in specs:
        executor.submit(spec, 1)
    ran = errors = 0
    while executor.pending:
        o = executor.next_done()
        if o.result is not None:
            row = result_row(land_files(o.result), o.attempt, version, out,
                             error=None if o.attempt == 1 else store_error(store, o.spec))
        else:
            row = error_row(o.spec.task, o.spec.seed, o.spec.brain, o.spec.mode, o.error or "unknown error",
                            o.attempt, version)
            if o.attempt <= RETRIES:
                executor.submit(o.spec, o.attempt + 1)
        store.put(row)
        final = row["status"] == "ok" or o.attempt > RETRIES
        ran += final
        errors += final and row["status"] == "error"
        if on_row:
            on_row(row, final)
    complete = not todo(store, config, out)
    store.set("state", "complete" if complete else "incomplete")
    return RunStats(total, total - len(specs), ran, errors, time.perf_counter() - t0)


def store_error(store: RunStore, spec: EpisodeSpec) -> str | None:
    """The error of an earlier attempt of this episode, kept on the row of the retry that succeeded."""
    for r in store.rows("error"):
        if (r["task"], r["seed"]) == (spec.task, spec.seed):
            return f"attempt {r['attempts']}: {r['error']}"
    return None


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
