"""Clause order ('before', 'after', '..., but X first'), stage clean-up and the resolution rules added with them."""

from __future__ import annotations

import pytest

from embodia.language.parser import ParseError, parse_instruction
from embodia.sim.catalog import ObjectSpec, assign_names

SCENE = assign_names([ObjectSpec("block", c) for c in ("red", "green", "blue")]
                     + [ObjectSpec("bowl", "blue", "large"), ObjectSpec("bin", "green"), ObjectSpec("drawer")])
OPEN, CLOSED = {"open(drawer)"}, {"closed(drawer)"}


def stages(text: str) -> list[set[str]]:
    return [set(s) for s in parse_instruction(text, SCENE).to_json()]


@pytest.mark.parametrize("text", [
    "before closing the drawer, put the red block inside",
    "close the drawer after you put the red block in it",
    "put the red block in the drawer, then close it",
    "put the red block in the drawer before you close it",
])
def test_written_order_and_done_order(text: str) -> None:
    assert stages(text) == [{"in(red_block, drawer)"}, CLOSED]


def test_but_first_puts_the_later_clause_first_and_pronouns_still_resolve() -> None:
    assert stages("put the red block in the drawer, but open it first") == [OPEN, {"in(red_block, drawer)"}]
    assert stages("put the red block in the drawer once it is open") == [OPEN, {"in(red_block, drawer)"}]


def test_a_pick_up_stage_before_placing_the_same_objects_is_dropped() -> None:
    assert stages("grab the red block, then drop it in the bowl") == [{"in(red_block, blue_bowl)"}]
    assert stages("take the red and the green block and put them in the bin") == [
        {"in(red_block, green_bin)", "in(green_block, green_bin)"}]
    with pytest.raises(ParseError) as info:
        parse_instruction("pick up the red block and the green block", SCENE)
    assert info.value.reason == "impossible" and "one object" in str(info.value)


def test_a_repeated_stage_is_dropped() -> None:
    assert stages("open the drawer, and once it is open, put the blue block in it") == [
        OPEN, {"in(blue_block, drawer)"}]


def test_a_destination_pronoun_means_an_earlier_item() -> None:
    assert stages("put the blue block in the bowl, then put the red block on it") == [
        {"in(blue_block, blue_bowl)"}, {"on(red_block, blue_block)"}]
    with pytest.raises(ParseError) as info:
        parse_instruction("stack the red block on itself", SCENE)
    assert info.value.reason == "impossible"


@pytest.mark.parametrize("text,want", [
    ("Step 1: put the red block in the bin. Step 2: stack the blue block on the green block.",
     [{"in(red_block, green_bin)"}, {"on(blue_block, green_block)"}]),
    ("1) open the drawer 2) put the green block in it 3) close it", [OPEN, {"in(green_block, drawer)"}, CLOSED]),
    ("green cube -> bin", [{"in(green_block, green_bin)"}]),
    ("Can the red block go on the blue block?", [{"on(red_block, blue_block)"}]),
    ("fill the bowl with the red and green blocks", [{"in(red_block, blue_bowl)", "in(green_block, blue_bowl)"}]),
    ("move the red block from the bowl to the bin", [{"in(red_block, green_bin)"}]),
    ("put the blue block under the red block", [{"on(red_block, blue_block)"}]),
    ("the bottom block should be green, the middle one blue and the top one red",
     [{"on(blue_block, green_block)", "on(red_block, blue_block)"}]),
])
def test_general_forms(text: str, want: list[set[str]]) -> None:
    assert stages(text) == want


@pytest.mark.parametrize("text", ["put them in the bowl", "put that in the bowl", "put the rest in the bin",
                                  "put the red block in the bowl and the other one in the bin"])
def test_references_with_nothing_to_refer_to_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_instruction(text, SCENE)
    assert info.value.reason == "ambiguous" and info.value.candidates


@pytest.mark.parametrize("text", ["don't put the red block in the bowl", "never put the red block in the bin",
                                  "undo that", "put the red block near the bowl", "swap the red and the green block",
                                  "put the red block in the bowl or the bin", "give me the red block", "stop"])
def test_what_it_cannot_do_is_refused_not_guessed(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_instruction(text, SCENE)
    assert "\n" not in str(info.value)
