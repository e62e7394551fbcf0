"""`embodia mcp` over stdio, as a host runs it: the SDK's stdio client spawns the server with a bare environment.

Prints: server start to first response (process spawn -> the protocol's first answer) and to the first tool
result (which waits for the first scene), and per-tool overhead: a skill call's round trip minus the wall time
of the skill's own simulation (`run_skill`, from the session trace), plus the round trip of `observe`.

Usage: python benchmarks/mcp_server.py [--starts N] [--pairs K]
The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

from embodia.bench.stats import timing_ms

SRC = Path(__file__).resolve().parents[1] / "src"


def _server() -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "embodia.cli", "mcp", "--task", "stack-2-v0"],
                                 env={"PYTHONPATH": str(SRC)})


def _children_cpu_s() -> float:
    """CPU seconds (user + system) of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def _start() -> tuple[float, float, float]:
    cpu, t = _children_cpu_s(), time.perf_counter()
    async with Client(_server(), read_timeout_seconds=300) as client:
        first = time.perf_counter() - t  # the discovery answer: the server is up and speaking
        await client.call_tool("observe")
        tool = time.perf_counter() - t
    return first, tool, _children_cpu_s() - cpu  # the server's CPU from spawn to exit (start, one observe, stop)


async def _overhead(pairs: int) -> dict[str, float]:
    calls = [("pick", {"object": "green_block"}), ("place_on", {"object": "green_block", "target": "table"})] * pairs
    async with Client(_server(), read_timeout_seconds=300) as client:
        await client.call_tool("observe")  # the first scene is built
        observe = []
        for _ in range(20):
            t = time.perf_counter()
            await client.call_tool("observe")
            observe.append(time.perf_counter() - t)
        trips = []
        for name, args in calls:
            t = time.perf_counter()
            result = await client.call_tool(name, args)
            trips.append(time.perf_counter() - t)
            if result.is_error:
                raise SystemExit(f"{name}{args} failed: {result.content[0].text}")
        trace = json.loads((await client.read_resource("embodia://trace")).contents[0].text)
    acts = [t for t in trace if "skill_wall_seconds" in t]
    over = [trip - t["skill_wall_seconds"] for trip, t in zip(trips, acts)]
    session = [t["act_wall_seconds"] - t["skill_wall_seconds"] for t in acts]  # checks, perception, verification
    return {"skill_calls": len(over), "overhead": timing_ms(over), "session": timing_ms(session),
            "skill_wall_s_median": round(statistics.median(t["skill_wall_seconds"] for t in acts), 3),
            "observe_roundtrip": timing_ms(observe)}


def _import_cpu_s(module: str, runs: int = 3) -> float:
    """Median CPU seconds for a fresh interpreter to import `module` (what every server start pays)."""
    times = []
    for _ in range(runs):
        cpu = _children_cpu_s()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, env={"PYTHONPATH": str(SRC)})
        times.append(_children_cpu_s() - cpu)
    return round(statistics.median(times), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--starts", type=int, default=3, help="server starts to time (default 3)")
    ap.add_argument("--pairs", type=int, default=5, help="pick/place pairs for the overhead (default 5)")
    args = ap.parse_args()
    starts = [anyio.run(_start) for _ in range(args.starts)]
    first, tool, cpu = ([s[i] for s in starts] for i in range(3))
    print(f"server start -> first response: median {statistics.median(first):.2f} wall s over {len(first)} starts")
    print(f"server start -> first tool result (scene built): median {statistics.median(tool):.2f} wall s; the "
          f"server's CPU from spawn to exit: median {statistics.median(cpu):.2f} CPU s")
    imports = {"import_mcp_sdk_cpu_s": _import_cpu_s("mcp.server.mcpserver"),
               "import_embodia_cpu_s": _import_cpu_s("embodia")}
    print(f"a fresh interpreter importing the SDK: {imports['import_mcp_sdk_cpu_s']:.2f} CPU s, "
          f"embodia: {imports['import_embodia_cpu_s']:.2f} CPU s")
    figures = anyio.run(_overhead, args.pairs)
    over, session, observe = figures["overhead"], figures["session"], figures["observe_roundtrip"]
    print(f"per-tool overhead beyond the skill's simulation: median {over['median_ms']} ms (p95 {over['p95_ms']}, "
          f"max {over['max_ms']} ms) over {figures['skill_calls']} skill calls, of which the session's checks, "
          f"perception and verification {session['median_ms']} ms (the rest: protocol and thread wake-up); "
          f"observe round trip median {observe['median_ms']} ms")
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
    print(json.dumps({"start_to_first_response_s": round(statistics.median(first), 2),
                      "start_to_first_tool_result_s": round(statistics.median(tool), 2), "starts": len(first),
                      "server_start_cpu_s": round(statistics.median(cpu), 2),
                      **imports, **figures, "load_average": round(load, 1)}))


if __name__ == "__main__":
    main()
