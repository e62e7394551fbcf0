"""`embodia run` refuses what the built-in brain cannot understand: one line or a JSON object, exit code 2."""

from __future__ import annotations

import json

import pytest

from embodia.cli import main


def test_ambiguous_reference_refused_as_json_with_candidates(capsys: pytest.CaptureFixture) -> None:
    code = main(["run", "--dry-run", "--json", "put the block in the bowl"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and out["refused"] and out["reason"] == "ambiguous"
    assert set(out["candidates"]) == {"red_block", "green_block", "blue_block", "yellow_block", "purple_block"}


def test_out_of_scope_refused_in_one_line_with_an_example(capsys: pytest.CaptureFixture) -> None:
    code = main(["run", "--dry-run", "make me a sandwich"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "I can " in err and "e.g. 'put the" in err


def test_free_phrasing_grounds_in_a_dry_run(capsys: pytest.CaptureFixture) -> None:
    code = main(["run", "--dry-run", "--json", "could you please put the red and the yellow blocks in the blue bowl?"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and [set(s) for s in out["goal"]] == [{"in(red_block, blue_bowl)", "in(yellow_block, blue_bowl)"}]
