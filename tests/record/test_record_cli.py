"""Bad input to `embodia record` / `embodia run --rerun`: one line naming what is wrong and what is valid, exit 2."""

from __future__ import annotations

import importlib.util

import pytest

from embodia.cli import main


@pytest.mark.parametrize(("argv", "says"), [
    (["record", "--task", "stack-2-v0"], "nothing to record"),
    (["record", "--rerun", "x"], "exactly one of --task ID or --suite NAME"),
    (["record", "--rerun", "x", "--task", "stack-2-v0", "--suite", "tiny"], "exactly one of"),
    (["record", "--rerun", "x", "--task", "stak-2-v0"], "stack-2-v0"),
    (["record", "--rerun", "x", "--task", "stack-2-v0", "--fps", "7"], "valid: 1, 2, 4, 5, 10, 20"),
    (["record", "--rerun", "x", "--task", "stack-2-v0", "--cameras", "front,side"], "valid: front, top, wrist"),
    (["record", "--rerun", "x", "--task", "stack-2-v0", "--seeds", "3..1"], "bad --seeds"),
    (["record", "--rerun", "x", "--task", "stack-2-v0", "--perception", "xray"], "valid: privileged, camera"),
    (["record", "--rerun", "x", "--task", "stack-2-v0", "--brain", "qwen:x"], "valid: builtin, oracle"),
    (["run", "--task", "stack-2-v0", "--rerun", "out.txt"], "ending in .rrd"),
])
def test_bad_input_is_one_line_and_exit_2(argv, says, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err
    assert not (tmp_path / "x").exists()


@pytest.mark.skipif(importlib.util.find_spec("lerobot") is not None, reason="LeRobot is installed here")
def test_lerobot_without_its_environment_names_the_make_target(capsys, tmp_path) -> None:
    assert main(["record", "--lerobot", str(tmp_path / "ds"), "--task", "stack-2-v0"]) == 2
    err = capsys.readouterr().err
    assert "make lerobot-env" in err and ".venv-lerobot/bin/embodia" in err
    assert not (tmp_path / "ds").exists()
