"""Shared helpers for the benchmarks: medians, percentiles and a uniform report line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, value: float, baseline: float, unit: str = "ms", target: str = "") -> str:
    scale = 1000.0 if unit == "ms" else 1.0
    ratio = value / baseline if baseline else float("nan")
    line = (
        f"| {name} | {value * scale:.2f} {unit} | {baseline * scale:.2f} {unit} | "
        f"{ratio:.2f} | {target} |"
    )
    print(line)
    return line


median = statistics.median
