"""The README's free-form examples for the built-in brain parse to the goals they promise (or are refused)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from embodia.language.parser import ParseError, parse_instruction
from embodia.sim.catalog import assign_names
from embodia.sim.scene import playground

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Talking to the built-in brain", 1)[1].split("\n## ", 1)[0]
EXAMPLES = re.findall(r'^embodia run (?:--json )?"([^"]+)"(.*)$', SECTION, re.M)
WANT = {
    "could you please put the red and the yellow blocks in the blue bowl?":
        [{"in(red_block, blue_bowl)", "in(yellow_block, blue_bowl)"}],
    "build a tower with the red block at the bottom, then the green block, and the yellow block on top":
        [{"on(green_block, red_block)", "on(yellow_block, green_block)"}],
    "open the drawer, put the blue block inside, and close it again":
        [{"open(drawer)"}, {"in(blue_block, drawer)"}, {"closed(drawer)"}],
    "Pick up the purple block and set it down on the yellow block.": [{"on(purple_block, yellow_block)"}],
    "everything except the purple block and the cylinder goes into the bin":
        [{f"in({c}_block, green_bin)" for c in ("red", "green", "blue", "yellow")}],
    "put the green block in the drawer, but open it first": [{"open(drawer)"}, {"in(green_block, drawer)"}],
    "the purple block should end up on the green block. after that, red on top of it":
        [{"on(purple_block, green_block)"}, {"on(red_block, purple_block)"}],
}


def test_the_readme_shows_free_form_examples() -> None:
    assert len(EXAMPLES) >= 7 and set(WANT) <= {text for text, _ in EXAMPLES}


@pytest.mark.parametrize("text,comment", EXAMPLES, ids=[t[:40] for t, _ in EXAMPLES])
def test_readme_example(text: str, comment: str) -> None:
    objects = assign_names(list(playground().objects))
    if "refused" in comment:
        with pytest.raises(ParseError) as info:
            parse_instruction(text, objects)
        assert info.value.reason in comment or "says what it can do" in comment
        return
    assert [set(s) for s in parse_instruction(text, objects).to_json()] == WANT[text]
