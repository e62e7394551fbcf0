"""Re-looking before replanning, the truth beside perception, and failure attribution, without physics: the
symbolic table of fakes.py perceives through a camera-like view (which may miss the grasp) while the parts
also know its truth."""

from __future__ import annotations

from dataclasses import replace

from fakes import ScriptedBrain, Table, call, on

from embodia.agent.attribution import CAUSES, attribute
from embodia.agent.episode import Episode, EpisodeConfig
from embodia.brains.builtin import OracleBrain
from embodia.perception.nodes import GripperState
from embodia.record.steps import EpisodeEnded, Verified
from embodia.types import Goal

STACK = Goal(((on("red_block", "blue_block"),),))


def run(brain, tab: Table, relook_sees: bool = False, **cfg):
    """`tab` is perceived (hide_holding: the view misses the grasp); the truth always feels it. A re-look
    (when `relook_sees`) sees the grasp."""
    truth = lambda: replace(tab.observe(), gripper=GripperState(0.04 if tab.held else 0.08, tab.held))  # noqa: E731
    parts = replace(tab.parts(), truth=truth, perception="camera", relook=truth if relook_sees else None)
    records = list(Episode(brain, EpisodeConfig("stack them", judge=brain.goal, **cfg), parts).run())
    assert isinstance(records[-1], EpisodeEnded)
    return records, records[-1].summary


def test_a_relook_resolves_a_mismatch_without_a_replan() -> None:
    tab = Table([["red_block"], ["blue_block"]], hide_holding=True)
    records, summary = run(OracleBrain(STACK), tab, relook_sees=True)
    assert summary["success"] and summary["replans"] == 0 and summary["failure_cause"] is None
    assert summary["perception"] == "camera"
    looked = [r for r in records if isinstance(r, Verified) and r.relooked]
    assert [r.call for r in looked] == ["pick(red_block)"] and looked[0].ok


def test_a_missed_grasp_is_attributed_to_perception() -> None:
    tab = Table([["red_block"], ["blue_block"]], hide_holding=True)
    records, summary = run(OracleBrain(STACK), tab)
    assert summary["failure"].startswith("no progress") and summary["failure_cause"] == "perception"
    check = next(r.perception for r in records if isinstance(r, Verified))
    assert "holding(red_block)" in check["missed"] and "hand_empty()" in check["false"] and check["agree"] > 0


def test_a_failing_skill_is_attributed_to_execution() -> None:
    tab = Table([["red_block"], ["blue_block"]], fail={"pick(red_block)": "slipped"})
    _, summary = run(OracleBrain(STACK), tab)
    assert not summary["success"] and summary["failure_cause"] == "execution"


def test_success_is_judged_on_the_truth_not_on_perception() -> None:
    tab = Table([["red_block"], ["blue_block"]])
    brain = ScriptedBrain(STACK, steps=[call("pick(red_block)"), call("place_on(red_block, blue_block)")])
    _, summary = run(brain, tab, mode="stepwise")
    assert summary["success"] and summary["subgoals_done"] == 1


def test_attribution_rules() -> None:
    assert attribute(True, None, [], STACK, None) is None
    assert attribute(False, "could not ground the instruction: x", [], None, None) == "grounding"
    assert attribute(False, "the grounded goal holds but the task's goal does not", [], STACK, None) == "grounding"
    clean = {"agree": 5, "missed": [], "false": []}
    assert attribute(False, "unsolvable: no plan", [clean], STACK, None) == "planning"
    wrong = {"agree": 4, "missed": ["on(red_block, blue_block)"], "false": []}
    assert attribute(False, "unsolvable: no plan", [wrong], STACK, None) == "perception"
    elsewhere = {"agree": 4, "missed": ["clear(green_block)"], "false": []}  # not about the goal or the call
    assert attribute(False, "skill budget exhausted", [elsewhere], STACK, "pick(red_block)") == "execution"
    assert attribute(False, "x", [elsewhere], STACK, "pick(green_block)") == "perception"
    assert set(CAUSES) == {"grounding", "planning", "perception", "execution"}
