"""Tracking requests per second at one million dossiers on PostgreSQL.

Runs in its own process against ``BENCH_PG_URL`` (default: the local
server, database motcua_bench_dossiers): generates the synthetic dossiers
once (with valid hash-chained reception events), serves the app with
granian as ``make run`` does, and drives it with wrk over loopback,
beside the same server's figure for the minimal view /healthz/.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench_dossiers"
)
DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
PORT = int(os.environ.get("BENCH_PORT", "8555"))
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")


def run() -> None:
    """Prepare the database in a child process, then serve and measure."""
    env = {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "DJANGO_SETTINGS_MODULE": "motcua.settings.dev",
    }
    if not _database_reachable():
        print("tracking: PostgreSQL is not reachable at BENCH_PG_URL; skipped")
        return
    subprocess.run(
        [sys.executable, "-m", "bench.dossiers", str(DOSSIERS)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    codes = subprocess.run(
        [sys.executable, "-m", "bench.dossiers", "--sample", "5000"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    server = serve(env)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "codes.lua"
            script.write_text(_lua(codes))
            minimal = _wrk("/healthz/")
            api = _wrk("/api/v1/tracking/", script)
            page = _wrk("/tra-cuu/?ma=", script)
        print(
            f"tracking on PostgreSQL, {DOSSIERS:,} dossiers, wrk -c{CONNECTIONS} -d{DURATION}, granian 2 workers"
        )
        for label, figures in (
            ("minimal view GET /healthz/", minimal),
            ("tracking API GET /api/v1/tracking/{code}", api),
            ("tracking page GET /tra-cuu/?ma={code}", page),
        ):
            ratio = figures["rps"] / minimal["rps"] if minimal["rps"] else 0
            print(
                f"{label:<44} {figures['rps']:8,.0f} req/s   p99 {figures['p99']:7.2f} ms   "
                f"{ratio:5.1%} of minimal   errors {figures['errors']}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve(env: dict) -> subprocess.Popen:
    """Start granian as ``make run`` does; return once /healthz/ answers."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--workers",
            "2",
            "--blocking-threads",
            "2",
            "--backpressure",
            "32",
            "--no-ws",
            "--log-level",
            "error",
            "motcua.wsgi:application",
        ],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "127.0.0.1,localhost"},
    )
    try:
        _wait_until_up()
    except RuntimeError:
        server.terminate()
        raise
    return server


def _database_reachable() -> bool:
    return (
        subprocess.run(["pg_isready", "-d", PG_URL], capture_output=True).returncode
        == 0
    )


def _wait_until_up() -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the bench server did not start")


def _lua(codes: list[str]) -> str:
    listed = ",".join(f'"{code}"' for code in codes)
    return (
        f"local codes = {{{listed}}}\n"
        "math.randomseed(7)\n"
        "request = function()\n"
        "  return wrk.format(nil, wrk.path .. codes[math.random(#codes)])\n"
        "end\n"
    )


def _wrk(path: str, script: Path | None = None, headers: list[str] = ()) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    command += ["--timeout", "10s", *headers]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": rps,
        "p50": _latency(output, "50%"),
        "p99": _latency(output, "99%"),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in failed.groups()) if failed else 0),
    }


def _latency(output: str, label: str) -> float:
    """Return wrk's latency percentile ``label`` in milliseconds."""
    found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)]
    return float(found.group(1)) * scale


if __name__ == "__main__":
    run()
