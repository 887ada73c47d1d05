import statistics
import time


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn) -> float:
    """Return how long ``fn()`` took, in milliseconds."""
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def report_latencies(label: str, samples_ms: list[float]) -> None:
    print(
        f"{label:<44} p50 {statistics.median(samples_ms):7.2f} ms   "
        f"p99 {percentile(samples_ms, 99):7.2f} ms   n={len(samples_ms)}"
    )
