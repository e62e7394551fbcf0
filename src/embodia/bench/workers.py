"""Where episodes run: a crash-tolerant local process pool (one long-lived process a worker).

Unlike `concurrent.futures.ProcessPoolExecutor`, whose pool breaks as a whole when one process dies, each worker
here has its own pipe, so a worker that crashes (segfault, OOM kill, `os._exit`) loses only the episode it was
running; the pool reports that episode as an error and starts a fresh process in its place.

Fault injection for tests: EMBODIA_BENCH_CRASH="task:seed[:attempts][,...]" makes that episode's worker call
os._exit(13) on its first `attempts` tries (default: every try).
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import socket
import tempfile
from collections import deque
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from embodia.bench.episodes import EpisodeSpec
from embodia.record.trace import write_atomic

CRASH_ENV = "EMBODIA_BENCH_CRASH"
CRASH_EXIT = 13


@dataclass(frozen=True)
class Outcome:
    spec: EpisodeSpec
    attempt: int
    result: dict[str, Any] | None  # run_one's summary, or None when the episode errored
    error: str | None = None


def crash_rule() -> str | None:
    """The fault-injection rule of this (driver) process, passed on to workers explicitly."""
    return os.environ.get(CRASH_ENV) or None


def _inject_fault(spec: EpisodeSpec, attempt: int, rules: str | None) -> None:
    for rule in (rules or "").split(","):
        task, _, rest = rule.strip().partition(":")
        seed, _, times = rest.partition(":")
        same = task in (spec.task, spec.task.removesuffix("-v0")) and seed == str(spec.seed)
        if same and (not times or attempt <= int(times)):
            os._exit(CRASH_EXIT)


FILE_KEYS = ("trace_path", "frame_path", "video_path", "rerun_path")


def execute(spec: EpisodeSpec, attempt: int, rule: str | None = None) -> dict[str, Any]:
    """The function every worker (process pool or Ray) runs for one episode.

    The episode writes its files into a private temporary folder; they travel back in the result
    (`files`: key -> (path relative to trace_dir, bytes)) and the driver writes them under the run folder.
    So a worker on another machine of a Ray cluster needs no shared filesystem, and only the driver writes there."""
    from embodia.bench.episodes import run_one

    _inject_fault(spec, attempt, rule)
    if spec.trace_dir is None:
        result = run_one(spec)
    else:
        with tempfile.TemporaryDirectory(prefix="embodia-episode-") as tmp:
            result = run_one(replace(spec, trace_dir=tmp))
            result["files"] = {k: (Path(result[k]).relative_to(tmp).as_posix(), Path(result[k]).read_bytes())
                               for k in FILE_KEYS if result.get(k)}
        result["trace_dir"] = spec.trace_dir
    result["worker"] = f"{socket.gethostname()}:{os.getpid()}"
    return result


def land_files(result: dict[str, Any]) -> dict[str, Any]:
    """Driver side: write an episode's returned files under its trace_dir (atomically); paths point there."""
    for key, (rel, data) in result.pop("files", {}).items():
        path = Path(result["trace_dir"]) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        result[key] = str(path)
    return result


def describe_exit(code: int | None) -> str:
    if code is None:
        return "worker process vanished"
    if code < 0:
        try:
            return f"worker process killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker process killed by signal {-code}"
    return f"worker process died (exit code {code})"


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel SIGKILL this worker when the driver dies (even by kill -9)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the driver died before prctl took effect
        os._exit(1)


def _worker_main(conn: Connection, parent: int, rule: str | None) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        spec, attempt = job
        try:
            reply: tuple[str, Any] = ("ok", execute(spec, attempt, rule))
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        conn.send(reply)


class _Slot:
    def __init__(self, ctx: Any, rule: str | None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, os.getpid(), rule), daemon=True)
        self.proc.start()
        child.close()
        self.job: tuple[EpisodeSpec, int] | None = None


class LocalPool:
    """`submit` episodes, then take `next_done()` until `pending` is 0."""

    def __init__(self, workers: int, rule: str | None = None) -> None:
        self.workers = max(1, workers)
        self._ctx = mp.get_context("spawn")  # no inherited GL or thread state from the driver
        self._rule = rule
        self._slots: list[_Slot] = []
        self._backlog: deque[tuple[EpisodeSpec, int]] = deque()

    @property
    def pending(self) -> int:
        return len(self._backlog) + sum(s.job is not None for s in self._slots)

    def submit(self, spec: EpisodeSpec, attempt: int = 1) -> None:
        self._backlog.append((spec, attempt))
        self._dispatch()

    def _dispatch(self) -> None:
        while self._backlog:
            idle = next((s for s in self._slots if s.job is None), None)
            if idle is None and len(self._slots) < self.workers:
                idle = _Slot(self._ctx, self._rule)
                self._slots.append(idle)
            if idle is None:
                return
            idle.job = self._backlog.popleft()
            try:
                idle.conn.send(idle.job)
            except OSError:  # the idle worker died since its last episode: replace it, keep the job
                self._backlog.appendleft(idle.job)
                self._slots.remove(idle)
                idle.proc.join(timeout=5)

    def next_done(self) -> Outcome:
        busy = [s for s in self._slots if s.job is not None]
        if not busy:
            raise RuntimeError("next_done() with nothing pending")
        while True:
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy])
            for slot in busy:
                if slot.conn in ready or slot.proc.sentinel in ready:
                    outcome = self._collect(slot)
                    if outcome is not None:
                        self._dispatch()
                        return outcome

    def _collect(self, slot: _Slot) -> Outcome | None:
        spec, attempt = slot.job  # type: ignore[misc]
        try:
            if slot.conn.poll():
                kind, payload = slot.conn.recv()
                slot.job = None
                if kind == "ok":
                    return Outcome(spec, attempt, payload)
                return Outcome(spec, attempt, None, payload)
        except (EOFError, OSError):
            pass
        if slot.proc.is_alive():
            return None
        slot.proc.join(timeout=5)
        error = describe_exit(slot.proc.exitcode)
        slot.conn.close()
        self._slots.remove(slot)  # a fresh process takes its place on the next dispatch
        return Outcome(spec, attempt, None, error)

    def close(self) -> None:
        for slot in self._slots:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                pass
        for slot in self._slots:
            slot.proc.join(timeout=2 if slot.job is None else 0)
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join(timeout=5)
        self._slots.clear()
