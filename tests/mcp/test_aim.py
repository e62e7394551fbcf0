"""The MCP session's skills aim where its look saw things (skills.aim) in a camera mode, and at the simulator's
poses in privileged mode."""

from __future__ import annotations

import pytest

import embodia.mcp.session as session_mod
from embodia.mcp.session import Session, SessionConfig
from embodia.skills.aim import perceived
from embodia.types import SkillCall


@pytest.mark.parametrize("mode, aims", [("camera", True), ("privileged", False)])
def test_a_skill_call_aims_at_the_look_before_it(monkeypatch: pytest.MonkeyPatch, mode: str, aims: bool) -> None:
    seen: list[bool] = []
    run = session_mod.run_skill

    def spy(call, robot, budget=None):
        seen.append(perceived())
        return run(call, robot, budget)

    monkeypatch.setattr(session_mod, "run_skill", spy)
    s = Session(SessionConfig(task="stack-2-v0", perception=mode))
    try:
        s.reset()
        out = s.act(SkillCall.parse("home()"))
    finally:
        s.close()
    assert out["ok"] and seen == [aims]
