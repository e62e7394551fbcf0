"""Typed skill parameters are the one source for argument checks, model/MCP JSON schemas and help text."""

from __future__ import annotations

import jsonschema
import pytest

from embodia.agent.safety import check_call
from embodia.brains.schemas import step_schema, to_decision
from embodia.perception.provider import PrivilegedProvider
from embodia.sim.catalog import ObjectSpec
from embodia.sim.scene import SceneRequest
from embodia.sim.world import World
from embodia.skills import SKILLS, describe_skills
from embodia.skills.params import (
    DIRECTIONS,
    PUSH_MAX_M,
    PUSH_MIN_M,
    TABLE_TARGETS,
    arguments_schema,
    check_args,
    symbolic_args,
)
from embodia.types import SkillCall

KINDS = {"red_block": "block", "tall_cylinder": "cylinder", "green_bowl": "bowl", "drawer": "drawer"}


@pytest.mark.parametrize("skill", sorted(SKILLS))
def test_every_skill_declares_typed_params_with_a_valid_json_schema(skill: str) -> None:
    schema = arguments_schema(SKILLS[skill], KINDS)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["required"] == [p.name for p in SKILLS[skill].params]
    assert all(prop["description"] for prop in schema["properties"].values())


def test_object_parameters_list_only_objects_of_their_kinds() -> None:
    props = arguments_schema(SKILLS["place_on"], KINDS)["properties"]
    assert props["obj"]["enum"] == ["red_block", "tall_cylinder"]
    assert props["target"]["enum"] == [*TABLE_TARGETS, "red_block"]
    assert arguments_schema(SKILLS["open"], KINDS)["properties"]["drawer"]["enum"] == ["drawer"]
    assert arguments_schema(SKILLS["place_in"], KINDS)["properties"]["container"]["enum"] == ["drawer", "green_bowl"]
    # bare names: kinds unknown, every object parameter lists every name
    assert arguments_schema(SKILLS["pick"], ["a", "b"])["properties"]["obj"]["enum"] == ["a", "b"]


def test_push_distance_range_is_one_constant_for_schema_safety_and_skill() -> None:
    push = SKILLS["push"]
    dist = arguments_schema(push, KINDS)["properties"]["distance"]
    assert (dist["minimum"], dist["maximum"]) == (PUSH_MIN_M, PUSH_MAX_M)
    validator = jsonschema.Draft202012Validator(arguments_schema(push, KINDS))
    assert validator.is_valid({"obj": "red_block", "direction": "left", "distance": PUSH_MAX_M})
    assert not validator.is_valid({"obj": "red_block", "direction": "left", "distance": PUSH_MAX_M + 0.01})
    assert not validator.is_valid({"obj": "red_block", "direction": "up", "distance": 0.1})
    assert check_args(push, ("red_block", "left", str(PUSH_MAX_M)), KINDS) is None
    too_far = check_args(push, ("red_block", "left", str(PUSH_MAX_M + 0.01)), KINDS)
    assert too_far and f"outside {PUSH_MIN_M:g} to {PUSH_MAX_M:g} m" in too_far


def test_check_args_names_what_is_wrong_and_what_is_valid() -> None:
    assert check_args(SKILLS["pick"], ("green_bowl",), KINDS) == \
        "'green_bowl' is a bowl, not a graspable item; graspable items: red_block, tall_cylinder"
    assert "takes 2 argument(s) (obj, target)" in check_args(SKILLS["place_on"], ("red_block",), KINDS)
    assert "known: table, table:left" in check_args(SKILLS["place_on"], ("red_block", "table:moon"), KINDS)
    assert check_args(SKILLS["push"], ("red_block", "up", "0.1"), KINDS) == \
        f"unknown direction 'up'; known: {', '.join(DIRECTIONS)}"
    assert symbolic_args(SKILLS["place_on"], ("red_block", "table:left")) == ("red_block", "table")


def test_help_text_lists_every_skill_and_parameter() -> None:
    text = describe_skills()
    for skill in SKILLS.values():
        assert f"- {skill.name}(" in text
        for p in skill.params:
            assert f"{p.name}: " in text
    assert f"{PUSH_MIN_M:g} to {PUSH_MAX_M:g} m" in text


def test_model_schema_safety_and_skill_agree_in_a_scene() -> None:
    scene = SceneRequest(objects=(ObjectSpec("block", "red"), ObjectSpec("bowl", "green")))
    graph = PrivilegedProvider().observe(World(scene, seed=0))
    schema = step_schema(graph)
    skills = {alt["properties"]["skill"]["const"] for alt in schema["properties"]["next"]["anyOf"][:-1]}
    assert skills == set(SKILLS) - {"open", "close"}  # no drawer in this scene: nothing to open
    reply = {"next": {"skill": "push", "args": {"obj": "red_block", "direction": "left", "distance": 0.1}}}
    jsonschema.validate(reply, schema)
    call = to_decision(reply)
    assert call == SkillCall("push", ("red_block", "left", "0.1"))
    assert check_call(call, graph).ok
    bad = {"next": {"skill": "pick", "args": {"obj": "green_bowl"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    assert "not a graspable item" in check_call(SkillCall("pick", ("green_bowl",)), graph).reason
