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
import statistics
import sys
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

SRC = Path(__file__).resolve().parents[1] / "src"


def _server() -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "embodia.cli", "mcp", "--task", "stack-2-v0"],
                                 env={"PYTHONPATH": str(SRC)})


async def _start() -> tuple[float, float]:
    t = time.perf_counter()
    async with Client(_server(), read_timeout_seconds=300) as client:
        first = time.perf_counter() - t  # the discovery answer: the server is up and speaking
        await client.call_tool("observe")
        return first, time.perf_counter() - t


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
    skills = [t["skill_wall_seconds"] for t in trace if "skill_wall_seconds" in t]
    over = [trip - own for trip, own in zip(trips, skills)]
    return {"skill_calls": len(over), "overhead_ms_median": round(1000 * statistics.median(over), 1),
            "overhead_ms_max": round(1000 * max(over), 1),
            "skill_wall_s_median": round(statistics.median(skills), 3),
            "observe_roundtrip_ms_median": round(1000 * statistics.median(observe), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--starts", type=int, default=3, help="server starts to time (default 3)")
    ap.add_argument("--pairs", type=int, default=5, help="pick/place pairs for the overhead (default 5)")
    args = ap.parse_args()
    starts = [anyio.run(_start) for _ in range(args.starts)]
    first = [s[0] for s in starts]
    tool = [s[1] for s in starts]
    print(f"server start -> first response: median {statistics.median(first):.2f} wall s over {len(first)} starts")
    print(f"server start -> first tool result (scene built): median {statistics.median(tool):.2f} wall s")
    figures = anyio.run(_overhead, args.pairs)
    print(f"per-tool overhead beyond the skill's simulation: median {figures['overhead_ms_median']} ms "
          f"(max {figures['overhead_ms_max']} ms) over {figures['skill_calls']} skill calls; "
          f"observe round trip {figures['observe_roundtrip_ms_median']} ms")
    print(json.dumps({"start_to_first_response_s": round(statistics.median(first), 2),
                      "start_to_first_tool_result_s": round(statistics.median(tool), 2), "starts": len(first),
                      **figures}))


if __name__ == "__main__":
    main()
