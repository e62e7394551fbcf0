"""Kitchen words, predicates, planner, tasks and CLI input checks (no physics)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import embodia  # noqa: F401
from embodia.cli import main
from embodia.kitchen.language import parse_kitchen
from embodia.kitchen.planner import KitchenPlanningError, plan
from embodia.kitchen.scene import KitchenScene
from embodia.kitchen.skills import SKILLS
from embodia.kitchen.tasks import TASKS, get_kitchen_task
from embodia.language.phrases import ParseError
from embodia.language.vocab import worlds
from embodia.tasks.registry import SUITES, get_task
from embodia.types import EmbodiaError, Goal, Literal, SkillCall


@pytest.mark.parametrize("tid", sorted(TASKS))
def test_every_instruction_parses_to_the_tasks_goal(tid: str) -> None:
    task = TASKS[tid]
    for seed in range(6):
        assert parse_kitchen(task.instruction(seed)) == task.goal(seed), task.instruction(seed)


@pytest.mark.parametrize("text,goal", [
    ("Could you please open the microwve and then switch the light on?", [["open(microwave)"],
                                                                          ["switched_on(light)"]]),
    ("turn on the top burner", [["switched_on(top_burner)"]]),
    ("put the kettle on the top burner", [["on(kettle, top_burner)"]]),
    ("turn on the top burner, then put the kettle on it", [["switched_on(top_burner)"],
                                                            ["on(kettle, top_burner)"]]),
    ("pick up the kettle and put it on the top burner", [["on(kettle, top_burner)"]]),
    ("open the microwave and the slide cabinet", [["open(microwave)", "open(slide_cabinet)"]]),
    ("after you open the hinged door, turn the bottom knob on", [["open(hinge_cabinet)"],
                                                                 ["switched_on(bottom_burner)"]]),
    ("the microwave should be open and the light on", [["open(microwave)", "switched_on(light)"]]),
])
def test_free_form_kitchen_instructions(text: str, goal: list[list[str]]) -> None:
    assert parse_kitchen(text).to_json() == goal


@pytest.mark.parametrize("text,reason,names", [
    ("open the cabinet", "ambiguous", "hinge cabinet or slide cabinet"),
    ("close the microwave", "out_of_scope", "cannot 'close'"),
    ("open the light", "impossible", "switch it on instead"),
    ("sing a song", "out_of_scope", "I can open the microwave"),
    ("move the kettle", "impossible", "where should the kettle go"),
])
def test_refusals_name_the_problem(text: str, reason: str, names: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_kitchen(text)
    assert err.value.reason == reason and names in str(err.value)


def test_the_kitchen_words_come_through_the_language_hook() -> None:
    assert "kitchen" in worlds()


def _scene(**joints: float) -> KitchenScene:
    qpos = np.zeros(30)
    qpos[23:30] = [-0.269, 0.35, 1.62, 1.0, 0.0, 0.0, 0.0]  # the kettle on the bottom burner
    for i, v in joints.items():
        qpos[int(i[1:])] = v
    return KitchenScene(qpos)


def test_burner_on_is_not_kettle_on_burner() -> None:
    start = _scene()
    assert start.facts() == {Literal("on", ("kettle", "bottom_burner"))}
    knob = _scene(q15=-0.92, q16=-0.01)
    assert knob.holds("switched_on(top_burner)") and not knob.holds("on(kettle, top_burner)")
    moved = _scene(q23=-0.23, q24=0.75)
    assert moved.holds("on(kettle, top_burner)") and not moved.holds("switched_on(top_burner)")
    assert _scene(q22=-0.75).holds("open(microwave)") and not _scene(q22=-0.3).holds("open(microwave)")
    assert _scene(q21=1.45).holds("open(hinge_cabinet)") and not _scene(q20=-1.45).holds("open(hinge_cabinet)")


def test_planner_orders_stages_and_types_calls() -> None:
    goal = Goal.from_json([["open(microwave)"], ["on(kettle, top_burner)"], ["switched_on(light)"]])
    steps = plan(goal, {Literal("on", ("kettle", "bottom_burner"))})
    assert [str(s) for s in steps] == ["swing_open(microwave)", "carry(kettle, top_burner)", "switch_on(light)"]
    assert plan(goal, {Literal("open", ("microwave",)), Literal("on", ("kettle", "top_burner")),
                       Literal("switched_on", ("light",))}) == ()
    with pytest.raises(KitchenPlanningError, match="nothing closes"):
        plan(Goal.from_json([["not open(microwave)"]]), set())


def test_skill_parameters_are_typed() -> None:
    assert SKILLS["swing_open"].check(("light",)) == (
        "swing_open: 'light' is a switch, not a hinged_door; valid: microwave, hinge_cabinet")
    assert "unknown kitchen object 'oven'" in SKILLS["turn_on"].check(("oven",))
    assert SKILLS["carry"].check(("kettle", "top_burner")) is None
    assert SkillCall.parse("carry(kettle, top_burner)").args == ("kettle", "top_burner")


def test_tasks_are_registered_embodia_tasks() -> None:
    assert get_task("kitchen-complete").id == "kitchen-complete-v0"
    assert get_kitchen_task("kitchen-mixed-perturbed").env_tasks == ("microwave", "kettle", "bottom burner",
                                                                      "light switch")
    assert get_kitchen_task("kitchen-all").budget == 490 and get_kitchen_task("kitchen-kettle").budget == 280
    assert "kitchen" in SUITES and len(SUITES["kitchen-perturbed"][1]) >= 50
    with pytest.raises(EmbodiaError, match="did you mean: kitchen-complete-v0"):
        get_kitchen_task("kitchen-complet")


@pytest.mark.parametrize("argv,message", [
    (["run", "--task", "kitchen-complete", "--disturb"], "kitchen-complete-perturbed-v0"),
    (["run", "--task", "kitchen-complete", "--mode", "stepwise"], "plan mode only"),
    (["run", "--task", "kitchen-complete", "--brain", "nonsense:7b"], "nonsense"),
    (["run", "--task", "kitchen-complete", "close the microwave"], "cannot 'close'"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv: list[str], message: str, tmp_path, capsys) -> None:
    assert main([*argv, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and err[0].startswith("embodia: error: ")


def test_cli_dry_run_plans_the_kitchen(capsys) -> None:
    assert main(["run", "--task", "kitchen-mixed", "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["plan"] == ["swing_open(microwave)", "carry(kettle, top_burner)", "turn_on(bottom_burner)",
                           "switch_on(light)"]


def test_model_brains_get_the_kitchens_schema() -> None:
    from embodia.brains.prompts import render
    from embodia.kitchen.brains import goal_schema

    schema = goal_schema()
    alternatives = schema["properties"]["stages"]["items"]["items"]["anyOf"]
    by_pred = {a["properties"]["predicate"]["const"]: a["properties"]["args"]["prefixItems"] for a in alternatives}
    assert by_pred["open"][0]["enum"] == ["microwave", "hinge_cabinet", "slide_cabinet"]
    assert by_pred["on"][0]["enum"] == ["kettle"] and "top_burner" in by_pred["on"][1]["enum"]
    assert "light" in by_pred["switched_on"][0]["enum"]
    text = render("kitchen_ground", instruction="open the microwave", scene="objects: microwave", schema="{}")
    assert "switched_on(x)" in text and "open the microwave" in text
