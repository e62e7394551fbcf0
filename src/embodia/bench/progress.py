"""Live progress of a run: a rich bar with ETA, episodes/hour, success so far and failures by reason on a
terminal; one plain line per episode when stderr is not a terminal; nothing in --json mode."""

from __future__ import annotations

import sys
import time
from collections import Counter
from types import TracebackType
from typing import Any

from embodia.bench.pool import reason_key


class Tally:
    """Running counts of one session's episodes."""

    def __init__(self, total: int, skipped: int) -> None:
        self.total, self.skipped = total, skipped
        self.done = self.ok = self.errors = self.retries = 0
        self.reasons: Counter[str] = Counter()
        self.t0 = time.perf_counter()

    def add(self, row: dict[str, Any], final: bool) -> None:
        if not final:
            self.retries += 1
            return
        self.done += 1
        if row["status"] == "error":
            self.errors += 1
        elif row["success"]:
            self.ok += 1
        else:
            self.reasons[reason_key(row["failure"])] += 1

    def line(self) -> str:
        hours = (time.perf_counter() - self.t0) / 3600
        rate = self.done / hours if hours > 0 else 0.0
        finished = self.done - self.errors
        parts = [f"{rate:.0f} ep/h", f"success {self.ok}/{finished}" + (f" ({self.ok / finished:.0%})"
                                                                         if finished else "")]
        if self.reasons:
            parts.append("failures: " + ", ".join(f"{k} {v}" for k, v in self.reasons.most_common(3)))
        if self.errors or self.retries:
            parts.append(f"errors {self.errors} (retried {self.retries})")
        return " | ".join(parts)


class ProgressBar:
    """Context manager; call `update(row, final)` for every stored row."""

    def __init__(self, total: int, skipped: int, enabled: bool = True, label: str = "bench") -> None:
        self.tally = Tally(total, skipped)
        self.label = label
        self.mode = "off" if not enabled else "live" if sys.stderr.isatty() else "plain"
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressBar:
        if self.mode == "live":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            TextColumn("{task.fields[stats]}"), console=Console(stderr=True), transient=False)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.tally.total, completed=self.tally.skipped,
                                            stats="")
        elif self.mode == "plain" and self.tally.skipped:
            print(f"resuming: {self.tally.skipped} of {self.tally.total} episodes already stored", file=sys.stderr)
        return self

    def update(self, row: dict[str, Any], final: bool) -> None:
        self.tally.add(row, final)
        if self.mode == "live":
            self._bar.update(self._task, advance=1 if final else 0, stats=self.tally.line())
        elif self.mode == "plain":
            n = self.tally.skipped + self.tally.done
            mark = ("ok  " if row["success"] else "FAIL") if row["status"] == "ok" else "ERR "
            detail = row["failure"] or "" if row["status"] == "ok" else f"{row['error']}" + ("" if final else
                                                                                            ", retrying")
            print(f"[{n:>4}/{self.tally.total}] {mark} {row['task']:<26} seed {row['seed']:<3} "
                  f"{row.get('subgoals_done') or 0}/{row.get('subgoals_total') or 0} {detail}"[:160],
                  file=sys.stderr, flush=True)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
