"""A benchmark run's results: one SQLite database (WAL) under the run folder, one row per episode.

Only the driver process writes. Each episode's row is one statement in its own transaction, so a run killed at any
moment (even `kill -9`) leaves either the whole row or none of it; `--resume` then runs exactly the missing ones.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from embodia.types import EmbodiaError

DB_NAME = "results.db"
KEY = ("task", "seed", "brain", "mode")
COLUMNS: tuple[tuple[str, str], ...] = (
    ("task", "TEXT NOT NULL"), ("seed", "INTEGER NOT NULL"), ("brain", "TEXT NOT NULL"), ("mode", "TEXT NOT NULL"),
    ("family", "TEXT"), ("tier", "TEXT"), ("horizon", "INTEGER"), ("disturbed", "INTEGER"),
    ("status", "TEXT NOT NULL"),  # ok | error (the worker crashed or raised, twice)
    ("attempts", "INTEGER"), ("success", "INTEGER"), ("subgoals_done", "INTEGER"), ("subgoals_total", "INTEGER"),
    ("skills", "INTEGER"), ("replans", "INTEGER"), ("rejected_calls", "INTEGER"), ("model_calls", "INTEGER"),
    ("prompt_tokens", "INTEGER"), ("completion_tokens", "INTEGER"), ("model_latency_mean_s", "REAL"),
    ("model_latency_max_s", "REAL"), ("decision_ms_median", "REAL"), ("planning_seconds", "REAL"),
    ("sim_seconds", "REAL"), ("wall_seconds", "REAL"), ("failure", "TEXT"), ("error", "TEXT"),
    ("trace_path", "TEXT"), ("frame_path", "TEXT"), ("video_path", "TEXT"), ("code_version", "TEXT"),
    ("worker", "TEXT"), ("finished_at", "TEXT"),
    ("robot", "TEXT"),  # panda or so101
    ("perception", "TEXT"), ("failure_cause", "TEXT"),  # perception mode; grounding|planning|perception|execution
    ("checker", "TEXT"),  # kitchen episodes: the env's own checker object (JSON), else NULL
)
NAMES = tuple(name for name, _ in COLUMNS)
DETERMINISTIC = ("success", "subgoals_done", "subgoals_total", "skills", "replans", "failure", "sim_seconds")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class RunStore:
    """The results database of one run folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            cols = ", ".join(f"{n} {t}" for n, t in COLUMNS)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS episodes ({cols}, PRIMARY KEY ({', '.join(KEY)}))")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            have = {r[1] for r in self._db.execute("PRAGMA table_info(episodes)")}
            for n, t in COLUMNS:  # a run folder from an older embodia: add the columns it lacks
                if n not in have:
                    self._db.execute(f"ALTER TABLE episodes ADD COLUMN {n} {t}")
        except sqlite3.Error as exc:
            raise EmbodiaError(f"cannot open the results database '{path}' ({exc})") from None

    @classmethod
    def open_existing(cls, folder: str | Path) -> RunStore:
        path = Path(folder) / DB_NAME
        if not path.is_file():
            raise EmbodiaError(f"'{folder}' holds no benchmark run (no {DB_NAME}); run 'embodia bench --suite ...'")
        return cls(path)

    def close(self) -> None:
        self._db.close()

    # meta: the run's config, code version, state
    def get(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set(self, key: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    # episodes
    def put(self, row: dict[str, Any]) -> None:
        """Insert or replace one episode's row atomically."""
        values = [row.get(n) for n in NAMES]
        marks = ", ".join("?" * len(NAMES))
        self._db.execute(f"INSERT OR REPLACE INTO episodes ({', '.join(NAMES)}) VALUES ({marks})", values)

    def rows(self, status: str | None = None) -> list[dict[str, Any]]:
        where = " WHERE status = ?" if status else ""
        cur = self._db.execute(f"SELECT {', '.join(NAMES)} FROM episodes{where} ORDER BY task, seed",
                               (status,) if status else ())
        out = [dict(zip(NAMES, r)) for r in cur.fetchall()]
        for r in out:
            r["success"] = bool(r["success"]) if r["success"] is not None else None
            r["disturbed"] = bool(r["disturbed"])
            r["checker"] = json.loads(r["checker"]) if r.get("checker") else None
        return out

    def finished_keys(self, brain: str, mode: str) -> set[tuple[str, int]]:
        cur = self._db.execute("SELECT task, seed FROM episodes WHERE status = 'ok' AND brain = ? AND mode = ?",
                               (brain, mode))
        return {(t, s) for t, s in cur.fetchall()}

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM episodes").fetchone()[0])


def result_row(result: dict[str, Any], attempts: int, code_version: str, out: Path,
               error: str | None = None) -> dict[str, Any]:
    """A DB row from run_one's summary (paths stored relative to the run folder)."""
    decisions = sorted(result.get("decision_seconds") or [])

    def rel(p: str | None) -> str | None:
        return str(Path(p).resolve().relative_to(out.resolve())) if p else None

    return {
        "task": result["task"], "seed": result["seed"], "brain": result["brain"], "mode": result["mode"],
        "family": result["family"], "tier": result["tier"], "horizon": result["subgoals"],
        "disturbed": int(result["disturbed"]), "status": "ok", "attempts": attempts,
        "success": int(bool(result["success"])), "subgoals_done": result["subgoals_done"],
        "subgoals_total": result["subgoals_total"], "skills": result["skills_executed"],
        "replans": result["replans"], "rejected_calls": result["rejected_calls"],
        "model_calls": result["model_calls"], "prompt_tokens": result["prompt_tokens"],
        "completion_tokens": result["completion_tokens"],
        "model_latency_mean_s": result.get("model_latency_mean_s"),
        "model_latency_max_s": result.get("model_latency_max_s"),
        "decision_ms_median": round(1000 * decisions[len(decisions) // 2], 3) if decisions else None,
        "planning_seconds": result["planning_seconds"], "sim_seconds": result["sim_seconds"],
        "wall_seconds": result["wall_seconds"], "failure": result["failure"], "error": error,
        "trace_path": rel(result.get("trace_path")), "frame_path": rel(result.get("frame_path")),
        "video_path": rel(result.get("video_path")), "code_version": code_version,
        "worker": result.get("worker"), "finished_at": _now(), "robot": result.get("robot"),
        "perception": result.get("perception"), "failure_cause": result.get("failure_cause"),
        "checker": json.dumps(result["checker"]) if result.get("checker") else None,
    }


def error_row(task: str, seed: int, brain: str, mode: str, error: str, attempts: int,
              code_version: str) -> dict[str, Any]:
    """The row of an episode whose worker crashed or raised: no outcome, the error kept."""
    from embodia.tasks.registry import get_task

    spec = get_task(task)
    return {"task": task, "seed": seed, "brain": brain, "mode": mode, "family": spec.family, "tier": spec.tier,
            "horizon": spec.subgoals, "disturbed": int(spec.disturbed), "status": "error", "attempts": attempts,
            "error": error, "code_version": code_version, "finished_at": _now(), "robot": spec.robot}
