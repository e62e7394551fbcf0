"""Vocabulary as data: synonyms, typos, worlds that contribute their own words, and the model prompts."""

from __future__ import annotations

import pytest

from embodia.brains.prompts import render
from embodia.language.parser import ParseError, parse_instruction
from embodia.language.vocab import BASE, Vocabulary, register, vocabulary
from embodia.sim.catalog import ObjectSpec, assign_names

SCENE = assign_names([ObjectSpec("block", c) for c in ("red", "green", "blue")]
                     + [ObjectSpec("bowl", "blue", "large"), ObjectSpec("bin", "green"), ObjectSpec("drawer")])


def stages(text: str, world: str = "tabletop") -> list[list[str]]:
    return [sorted(s) for s in parse_instruction(text, SCENE, world=world).to_json()]


@pytest.mark.parametrize("verb", BASE.verbs["put"])
def test_every_put_verb_moves_an_object(verb: str) -> None:
    assert stages(f"{verb} the red block into the green bin") == [["in(red_block, green_bin)"]]


@pytest.mark.parametrize("typo,fixed", [("pu", "put"), ("plce", "place"), ("blcok", "block"), ("gren", "green"),
                                        ("bleu", "blue"), ("drawr", "drawer"), ("inot", "into")])
def test_a_typo_one_edit_from_a_known_word_is_read_as_that_word(typo: str, fixed: str) -> None:
    text = "put the green block into the drawer"
    assert stages(text.replace(fixed, typo, 1)) == stages(text)


def test_unknown_words_are_not_corrected_into_known_ones() -> None:
    with pytest.raises(ParseError) as info:
        parse_instruction("put the pink block in the bowl", SCENE)  # 'pink' is one edit from 'pick'
    assert info.value.reason == "unknown" and "pink" in str(info.value)


def test_a_world_contributes_its_own_words() -> None:
    register("test-world", Vocabulary(nouns={"pot": ("bowl",)}, verbs={"put": ("plonk",)}))
    assert stages("plonk the red block in the pot", world="test-world") == [["in(red_block, blue_bowl)"]]
    with pytest.raises(ParseError):
        parse_instruction("plonk the red block in the pot", SCENE)  # other worlds do not know them
    assert "plonk" in vocabulary("test-world").verbs["put"] and "plonk" not in vocabulary().verbs["put"]


def test_the_ground_prompt_shows_the_words_the_parser_accepts() -> None:
    prompt = render("ground", instruction="x", scene="s", schema="{}", pointing="")
    v = vocabulary()
    for words in (*v.verbs.values(), *v.relations.values(), v.words["order"], tuple(v.nouns)):
        for w in words:
            assert w in prompt, w
