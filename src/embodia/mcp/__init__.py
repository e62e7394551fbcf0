"""`embodia mcp`: the robot as a Model Context Protocol server (tools: observe, camera, one per skill, run, reset,
goal_status, tasks; resources: the task and the session's trace), every call gated by the safety layer and a
per-session budget. Needs the `mcp` extra (the official `mcp` SDK)."""
