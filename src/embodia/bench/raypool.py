"""The same episodes as Ray tasks: on a local Ray instance started here, or on a running cluster at an address.

Ray's own task retries are off (`max_retries=0`): a crashed worker comes back as that episode's error and the
runner retries it once, exactly as with the local pool, so both executors behave the same.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import time
from typing import Any

from embodia.bench.episodes import EpisodeSpec
from embodia.bench.workers import Outcome, execute
from embodia.types import EmbodiaError

LOCAL = "local"  # `--ray` without an address


def _require_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise EmbodiaError("--ray needs the 'ray' extra; install it with: pip install 'embodia[ray]'") from None
    return ray


def check_reachable(address: str, timeout: float = 3.0) -> None:
    """Fail fast, with one line, when a cluster address cannot be reached (ray.init would wait a long time)."""
    if address == "auto":
        return
    hostport = address.split("://", 1)[-1].rstrip("/")
    host, sep, port = hostport.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise EmbodiaError(f"bad Ray address '{address}'; expected HOST:PORT, ray://HOST:PORT or auto")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise EmbodiaError(f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); start it with "
                           "'ray start --head', or use --ray without an address for a local instance") from None


def _quiet_environment() -> None:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline: no usage reporting
    os.environ.setdefault("RAY_DISABLE_DOCKER_CPU_WARNING", "1")
    os.environ.setdefault("RAY_ACCEL_ENV_VAR_OVERRIDE_ON_ZERO", "0")
    os.environ.setdefault("RAY_enable_uv_run_runtime_env", "0")


class RayPool:
    """Same interface as LocalPool: `submit`, `next_done`, `pending`, `close`."""

    def __init__(self, address: str, workers: int, rule: str | None = None) -> None:
        ray = _require_ray()
        self._ray = ray
        self._rule = rule
        _quiet_environment()
        t0 = time.perf_counter()
        if address != LOCAL:
            check_reachable(address)
        # Ray's driver prints worker-crash notices to stdout from a thread; stdout belongs to our --json output,
        # so while Ray runs, stdout is stderr (restored in close()).
        self._stdout = sys.stdout
        sys.stdout = sys.stderr
        common: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False,
                                  "ignore_reinit_error": True}
        try:
            if address == LOCAL:
                ray.init(num_cpus=max(1, workers), include_dashboard=False,
                         object_store_memory=256 * 1024 * 1024, **common)
            else:
                ray.init(address=address, **common)
        except Exception as exc:
            sys.stdout = self._stdout
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            where = "a local Ray instance" if address == LOCAL else f"the Ray cluster at {address}"
            raise EmbodiaError(f"could not start or join {where}: {first}") from None
        self.startup_seconds = time.perf_counter() - t0
        self._remote = ray.remote(num_cpus=1, max_retries=0)(execute)
        self._refs: dict[Any, tuple[EpisodeSpec, int]] = {}

    @property
    def pending(self) -> int:
        return len(self._refs)

    def submit(self, spec: EpisodeSpec, attempt: int = 1) -> None:
        self._refs[self._remote.remote(spec, attempt, self._rule)] = (spec, attempt)

    def next_done(self) -> Outcome:
        ready, _ = self._ray.wait(list(self._refs), num_returns=1)
        spec, attempt = self._refs.pop(ready[0])
        try:
            return Outcome(spec, attempt, self._ray.get(ready[0]))
        except Exception as exc:
            return Outcome(spec, attempt, None, _ray_error(exc))

    def close(self) -> None:
        for ref in list(self._refs):
            try:
                self._ray.cancel(ref, force=True)
            except Exception:
                pass
        self._refs.clear()
        try:
            self._ray.shutdown()
        finally:
            sys.stdout = self._stdout


def _ray_error(exc: Exception) -> str:
    name = type(exc).__name__
    if "WorkerCrashed" in name or "died" in str(exc).lower():
        return f"worker process died ({name})"
    cause = getattr(exc, "cause", None)
    if cause is not None:
        text = str(cause).splitlines()[0] if str(cause) else ""
        return f"{type(cause).__name__}: {text}"
    text = str(exc).strip().splitlines()
    return f"{name}: {text[-1] if text else ''}"
