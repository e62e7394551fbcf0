"""Statistics shared by `embodia bench` and the scripts in benchmarks/: one definition of each figure."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (nearest rank); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def mean(values: Iterable[float], digits: int = 4) -> float:
    """Rounded mean; 0.0 for no values."""
    values = list(values)
    return round(statistics.mean(values), digits) if values else 0.0


def timing_ms(seconds: Iterable[float], digits: int = 2) -> dict[str, float]:
    """Median, 95th percentile and maximum of durations given in seconds, as milliseconds."""
    values = list(seconds)
    if not values:
        return {"median_ms": float("nan"), "p95_ms": float("nan"), "max_ms": float("nan")}
    return {"median_ms": round(1000 * statistics.median(values), digits),
            "p95_ms": round(1000 * percentile(values, 95), digits), "max_ms": round(1000 * max(values), digits)}


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a success rate (works at 0 % and 100 %, unlike the normal approximation)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))
