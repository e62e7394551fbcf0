"""Every way an episode ends, without physics: the loop runs on a symbolic table (tests/agent/fakes.py)
through its injected skill runner, perception, clock and disturbance hook, with scripted or planner brains."""

from __future__ import annotations

from fakes import Hook, ScriptedBrain, Table, call, on

from embodia.agent.episode import Episode, EpisodeConfig
from embodia.brains.builtin import OracleBrain
from embodia.record.steps import Disturbed, EpisodeEnded, Rejected, Replanned, SkillFinished, SkillStarted, Verified
from embodia.types import Done, Goal, Literal

STACK = Goal(((on("red_block", "blue_block"),),))
TOWER = Goal(((on("red_block", "blue_block"),), (on("green_block", "red_block"),)))


def table(*blocks: str, **kw) -> Table:
    return Table([[b] for b in blocks], **kw)


def run(brain, tab: Table, hook: Hook | None = None, **cfg):
    cfg.setdefault("mode", "plan")
    records = list(Episode(brain, EpisodeConfig("stack them", judge=brain.goal, **cfg), tab.parts(hook)).run())
    assert isinstance(records[-1], EpisodeEnded)
    return records, records[-1].summary


def test_goal_reached_in_every_mode() -> None:
    for mode in ("plan", "stepwise", "fullplan"):
        tab = table("red_block", "blue_block", "green_block")
        _, summary = run(OracleBrain(TOWER), tab, mode=mode)
        assert summary["success"] and summary["failure"] is None, (mode, summary)
        assert tab.towers == [["blue_block", "red_block", "green_block"]]
        assert summary["skills_executed"] == 4 and summary["sim_seconds"] == 8.0


def test_disturbance_from_the_task_hook_is_recovered() -> None:
    tab = table("red_block", "blue_block", "green_block")
    records, summary = run(OracleBrain(TOWER), tab, Hook(tab, after=1))
    assert any(isinstance(r, Disturbed) for r in records)
    assert any(isinstance(r, Replanned) and "disturbance" in r.reason for r in records)
    assert summary["success"] and tab.towers[-1] == ["blue_block", "red_block", "green_block"]


def test_skill_budget() -> None:
    _, summary = run(OracleBrain(STACK), table("red_block", "blue_block"), skill_budget=1)
    assert not summary["success"] and summary["failure"] == "skill budget exhausted (1 skills)"
    assert summary["skills_executed"] == 1


def test_simulated_time_budget() -> None:
    _, summary = run(OracleBrain(TOWER), table("red_block", "blue_block", "green_block", skill_s=10.0),
                     sim_seconds_budget=25.0)
    assert summary["failure"] == "time budget exhausted (25 simulated s)"
    assert summary["skills_executed"] == 3 and summary["sim_seconds"] == 30.0


def test_replan_limit() -> None:
    tab = table("red_block", "blue_block", fail={"pick(red_block)": "grasp_missed"})
    _, summary = run(OracleBrain(STACK), tab, max_replans=1)
    assert summary["failure"] == "gave up after 1 replans" and summary["replans"] == 2


def test_same_call_failing_repeatedly() -> None:
    tab = table("red_block", "blue_block", fail={"pick(red_block)": "grasp_missed"})
    _, summary = run(OracleBrain(STACK), tab)
    assert summary["failure"].startswith("pick(red_block) failed: grasp_missed")
    assert summary["failure"].endswith("failed 3 times, giving up") and tab.runs == ["pick(red_block)"] * 3


def test_too_many_rejected_calls() -> None:
    brain = ScriptedBrain(STACK, steps=[call("pick(purple_block)")])
    records, summary = run(brain, table("red_block", "blue_block"), mode="stepwise", max_replans=2)
    assert summary["failure"] == "too many rejected calls (3)"
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert len(rejected) == 3 and rejected[0].source == "safety"
    assert "unknown object 'purple_block'" in rejected[0].reason
    assert summary["skills_executed"] == 0


def test_brain_stopping_early() -> None:
    brain = ScriptedBrain(STACK, steps=[call("pick(red_block)"), Done("looks finished")])
    _, summary = run(brain, table("red_block", "blue_block"), mode="stepwise")
    assert summary["failure"] == "brain stopped early: looks finished" and summary["skills_executed"] == 1


def test_brain_error_ends_the_episode() -> None:
    _, summary = run(ScriptedBrain(STACK, plans=[[]]), table("red_block", "blue_block"), mode="fullplan")
    assert summary["failure"] == "the brain's plan is empty but the goal does not hold"


def test_verification_failing_with_no_progress_ends_with_a_reason() -> None:
    # perception misses the grasp: the block is seen up in the air, not held; picking again changes nothing.
    # Each repeat from the same facts is a varied motion; once the variations are spent, the episode ends.
    tab = table("red_block", "blue_block", hide_holding=True)
    records, summary = run(OracleBrain(STACK), tab)
    assert summary["failure"].startswith("no progress: pick(red_block) already ran from this perceived state")
    assert "expected holding(red_block)" in summary["failure"]
    assert [r.call for r in records if isinstance(r, SkillFinished)] == ["pick(red_block)"] * 3
    assert [r.attempt for r in records if isinstance(r, SkillStarted)] == [0, 1, 2]
    assert summary["replans"] == 3  # not the replan limit (25)


def test_no_progress_guard_in_stepwise_mode() -> None:
    brain = ScriptedBrain(STACK, steps=[call("pick(red_block)")])
    _, summary = run(brain, table("red_block", "blue_block", hide_holding=True), mode="stepwise")
    assert summary["failure"].startswith("no progress: pick(red_block)") and summary["skills_executed"] == 2


def test_table_region_targets_are_verified_as_the_table() -> None:
    goal = Goal(((Literal("on_table", ("red_block",)),),))
    brain = ScriptedBrain(goal, steps=[call("pick(red_block)"), call("place_on(red_block, table:left)"), Done()])
    records, summary = run(brain, Table([["blue_block", "red_block"]]), mode="stepwise")
    assert summary["success"] and all(r.ok for r in records if isinstance(r, Verified))
